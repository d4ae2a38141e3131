import pg from 'pg';
import type { Db, QueryResult, Queryable } from './db';

type PgQueryable = Pick<pg.Pool | pg.PoolClient, 'query'>;

function wrap(target: PgQueryable): Queryable {
  return {
    async query<T extends object>(sql: string, params: readonly unknown[] = []): Promise<QueryResult<T>> {
      // PGlite always uses the extended protocol; forcing it here too means a second statement
      // after a `;` fails on both backends alike instead of running on PostgreSQL only.
      // (`queryMode` is a pg 8.11 option that @types/pg does not declare yet.)
      const config: pg.QueryConfig & { queryMode: 'extended' } = { text: sql, values: [...params], queryMode: 'extended' };
      const result = await target.query<T & pg.QueryResultRow>(config);
      return { rows: result.rows, rowCount: result.rowCount ?? 0 };
    },
  };
}

export interface PgDbOptions {
  connectionString: string;
  /** Idle clients can fail at any time (server restart); the pool replaces them, we only log. */
  onIdleError?: (error: Error) => void;
  max?: number;
}

/** A PostgreSQL server, shared by several hub processes. Connects once so bad settings fail now. */
export async function openPgDb(options: PgDbOptions): Promise<Db> {
  const pool = new pg.Pool({ connectionString: options.connectionString, max: options.max ?? 10 });
  pool.on('error', (error) => options.onIdleError?.(error));
  try {
    await pool.query('select 1');
  } catch (error) {
    await pool.end().catch(() => undefined);
    throw error;
  }
  const queryable = wrap(pool);
  return {
    kind: 'postgres',
    query: queryable.query,
    async transaction(fn) {
      const client = await pool.connect();
      try {
        await client.query('begin');
        const result = await fn(wrap(client));
        await client.query('commit');
        return result;
      } catch (error) {
        await client.query('rollback').catch(() => undefined);
        throw error;
      } finally {
        client.release();
      }
    },
    close: () => pool.end(),
  };
}
