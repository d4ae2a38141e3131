import type { Queryable } from '../db/db';

/**
 * Center-wide configuration, one JSON value per key. A missing key means "the default", which the
 * code that reads it owns: a new setting then needs no migration to exist.
 */
export async function readSetting(db: Queryable, key: string): Promise<unknown> {
  const { rows } = await db.query<{ value: unknown }>('select value from settings where key = $1', [key]);
  return rows[0]?.value;
}

export async function writeSetting(db: Queryable, key: string, value: unknown): Promise<void> {
  // Stringified here: pg would send a JS array as a PostgreSQL array, not as JSON.
  await db.query(
    'insert into settings (key, value) values ($1, $2::jsonb) on conflict (key) do update set value = excluded.value',
    [key, JSON.stringify(value)],
  );
}
