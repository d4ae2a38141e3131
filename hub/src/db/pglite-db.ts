import { mkdir } from 'node:fs/promises';
import { PGlite } from '@electric-sql/pglite';
import type { Db, QueryResult, Queryable } from './db';

type PGliteQueryable = Pick<PGlite, 'query'>;

function wrap(target: PGliteQueryable): Queryable {
  return {
    async query<T extends object>(sql: string, params: readonly unknown[] = []): Promise<QueryResult<T>> {
      const result = await target.query<T>(sql, [...params]);
      return { rows: result.rows, rowCount: result.affectedRows ?? 0 };
    },
  };
}

/** Embedded PostgreSQL. Without `dataDir` the database lives in memory (tests). */
export async function openPgliteDb(dataDir?: string): Promise<Db> {
  if (dataDir !== undefined) await mkdir(dataDir, { recursive: true });
  const lite = dataDir === undefined ? await PGlite.create() : await PGlite.create(dataDir);
  const queryable = wrap(lite);
  return {
    kind: 'pglite',
    query: queryable.query,
    transaction: (fn) => lite.transaction((tx) => fn(wrap(tx))),
    close: () => lite.close(),
  };
}
