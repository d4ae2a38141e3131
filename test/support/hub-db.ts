import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { describe } from 'vitest';
import type { Db } from '../../hub/src/db/db';
import { openPgDb } from '../../hub/src/db/pg-db';
import { openPgliteDb } from '../../hub/src/db/pglite-db';

export type Backend = 'pglite' | 'postgres';

/** Server to run the PostgreSQL variant against; the variant is skipped (and shown so) without it. */
const SERVER_URL = process.env.HUB_DATABASE_URL?.trim() || undefined;

/**
 * Runs a suite on embedded PGlite always, and again on PostgreSQL when HUB_DATABASE_URL is set,
 * so the same SQL is proven on both.
 */
export function describeEachBackend(name: string, suite: (backend: Backend) => void): void {
  describe(`${name} [pglite]`, () => suite('pglite'));
  describe.skipIf(SERVER_URL === undefined)(`${name} [postgres]`, () => suite('postgres'));
}

export interface TestDatabase {
  db: Db;
  /** A second, independent connection pool to the same database, like a second hub process. */
  connectAgain(): Promise<Db>;
  /** Closes every connection opened here and throws the database away. */
  dispose(): Promise<void>;
}

async function withAdmin<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: SERVER_URL });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

async function createPostgresDatabase(): Promise<TestDatabase> {
  // DDL takes no parameters; the name is ours (hex), never input.
  const name = `hub_test_${randomBytes(8).toString('hex')}`;
  await withAdmin((admin) => admin.query(`create database "${name}"`));
  const url = new URL(SERVER_URL ?? '');
  url.pathname = `/${name}`;
  const opened: Db[] = [];
  const connect = async () => {
    const db = await openPgDb({ connectionString: url.toString(), max: 4 });
    opened.push(db);
    return db;
  };
  const db = await connect();
  return {
    db,
    connectAgain: connect,
    async dispose() {
      await Promise.all(opened.map((d) => d.close().catch(() => undefined)));
      await withAdmin((admin) => admin.query(`drop database if exists "${name}" with (force)`));
    },
  };
}

/** A fresh, empty database for one test file (or one test). */
export async function createTestDatabase(backend: Backend): Promise<TestDatabase> {
  if (backend === 'postgres') return createPostgresDatabase();
  const db = await openPgliteDb();
  return {
    db,
    connectAgain: () => Promise.reject(new Error('PGlite is one process: there is no second connection')),
    dispose: () => db.close(),
  };
}

export async function countRows(db: Db, table: 'sessions' | 'users' | 'customers' | 'customer_phones'): Promise<number> {
  // Table names cannot be parameters; the union type keeps this to known names.
  const { rows } = await db.query<{ n: number }>(`select count(*)::int as n from ${table}`);
  return rows[0]?.n ?? 0;
}
