import type { Db } from './db';
import { migrations as allMigrations, type Migration } from './migrations/index';

/**
 * Key of the advisory lock that serialises migrations across hub processes sharing one server.
 * Arbitrary, but must never change, or an old and a new hub would not exclude each other.
 */
const MIGRATION_LOCK_KEY = 879_000_001;

export class SchemaTooNewError extends Error {
  constructor(readonly databaseVersion: number, readonly knownVersion: number) {
    super(`database schema is at version ${databaseVersion}, newer than this hub knows (${knownVersion}); upgrade the hub`);
    this.name = 'SchemaTooNewError';
  }
}

function assertOrdered(list: readonly Migration[]): void {
  list.forEach((migration, index) => {
    const previous = list[index - 1];
    if (previous !== undefined && migration.version <= previous.version) {
      throw new Error(`migration ${migration.name} (v${migration.version}) is out of order`);
    }
  });
}

/**
 * Brings the schema up to date; returns the versions it applied. Everything happens in one
 * transaction holding the advisory lock: a second hub starting at the same moment waits, then
 * finds nothing left to do; a failing migration leaves the schema as it was.
 */
export async function migrate(db: Db, list: readonly Migration[] = allMigrations): Promise<number[]> {
  assertOrdered(list);
  return db.transaction(async (tx) => {
    await tx.query('select pg_advisory_xact_lock($1)', [MIGRATION_LOCK_KEY]);
    await tx.query(`create table if not exists schema_migrations (
      version int primary key,
      name text not null,
      applied_at timestamptz not null default now()
    )`);
    const { rows } = await tx.query<{ version: number }>('select version from schema_migrations');
    const applied = new Set(rows.map((row) => row.version));
    const newest = Math.max(0, ...applied);
    const known = list.at(-1)?.version ?? 0;
    if (newest > known) throw new SchemaTooNewError(newest, known);

    const done: number[] = [];
    for (const migration of list) {
      if (applied.has(migration.version)) continue;
      for (const statement of migration.statements) await tx.query(statement);
      await tx.query('insert into schema_migrations (version, name) values ($1, $2)', [migration.version, migration.name]);
      done.push(migration.version);
    }
    return done;
  });
}
