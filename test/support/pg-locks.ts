import type { Db } from '../../hub/src/db/db';

/*
 * For the PostgreSQL-only race tests: they hold a lock on one connection, start the racing requests,
 * and release it once the racers are seen waiting, so the interleaving under test happens every time
 * instead of by luck.
 */

/** Sessions of this database waiting for a lock: all of them, or only those of one kind ('advisory', 'relation', …). */
export async function lockWaiters(db: Db, kind?: string): Promise<number> {
  const { rows } = await db.query<{ n: number }>(
    `select count(*)::int as n from pg_stat_activity
      where datname = current_database() and wait_event_type = 'Lock' and ($1::text is null or wait_event = $1)`,
    [kind ?? null],
  );
  return rows[0]?.n ?? 0;
}

export async function waitUntil(condition: () => Promise<boolean>, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
