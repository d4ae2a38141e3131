import type { FastifyRateLimitStore, FastifyRateLimitStoreCtor } from '@fastify/rate-limit';
import type { Clock } from '../clock';
import type { Queryable } from '../db/db';

/*
 * @fastify/rate-limit's counts in the database (table `rate_limits`, migration 0008) instead of
 * the plugin's in-memory LRU: behind a load balancer, a password guesser's attempts land on every
 * hub process in turn, and each process counting its own share would multiply the limit by N. One
 * code path for PGlite and PostgreSQL alike; on PGlite it costs a statement per limited request,
 * which only the login route is.
 *
 * Fixed windows, like the plugin's own store: the first attempt opens a window of `timeWindow`,
 * later ones count up until it expires, and the next attempt opens a new one. Times come from the
 * hub's clock (as for sessions), so tests move them; hub servers are assumed NTP-synchronised.
 */

/** One statement: concurrent attempts on several processes serialise on the row, none is lost. */
const INCREMENT = `insert into rate_limits as r (key, expires_at, count)
  values ($1, $2::timestamptz + $3::float8 * interval '1 millisecond', 1)
  on conflict (key) do update set
    count = case when r.expires_at <= $2::timestamptz then 1 else r.count + 1 end,
    expires_at = case when r.expires_at <= $2::timestamptz then excluded.expires_at else r.expires_at end
  returning count, extract(epoch from (r.expires_at - $2::timestamptz))::float8 * 1000 as ttl_ms`;

const READ = `select count, extract(epoch from (expires_at - $2::timestamptz))::float8 * 1000 as ttl_ms
  from rate_limits where key = $1 and expires_at > $2::timestamptz`;

const SWEEP = 'delete from rate_limits where expires_at <= $1';

/** How often a process clears expired rows, piggybacked on a request so no timer needs stopping. */
export const DEFAULT_SWEEP_EVERY_MS = 60_000;

interface Counted {
  count: number;
  ttl_ms: number;
}

type Callback = (error: Error | null, result?: { current: number; ttl: number }) => void;

export interface RateLimitStoreOptions {
  db: Queryable;
  clock: Clock;
  sweepEveryMs?: number;
}

/** The class to pass as the plugin's `store` option (it constructs the store itself). */
export function databaseRateLimitStore({ db, clock, sweepEveryMs = DEFAULT_SWEEP_EVERY_MS }: RateLimitStoreOptions): FastifyRateLimitStoreCtor {
  // Only throttles this process's sweeps; whichever process sweeps, every one sees the result.
  let lastSweep = Number.NEGATIVE_INFINITY;
  const sweep = (now: Date) => {
    if (now.getTime() - lastSweep < sweepEveryMs) return;
    lastSweep = now.getTime();
    // A failed sweep leaves expired rows that nothing reads and the next sweep removes.
    db.query(SWEEP, [now]).catch(() => undefined);
  };
  const answer = (rows: Counted[], callback: Callback) => {
    const row = rows[0];
    callback(null, row === undefined ? { current: 0, ttl: 0 } : { current: row.count, ttl: Math.max(0, Math.round(row.ttl_ms)) });
  };

  class DatabaseRateLimitStore implements FastifyRateLimitStore {
    readonly #namespace: string;

    constructor(options: object, namespace = '') {
      const { continueExceeding, exponentialBackoff } = options as { continueExceeding?: boolean; exponentialBackoff?: boolean };
      // Neither is used by the hub; refusing them beats silently counting another way than configured.
      if (continueExceeding === true || exponentialBackoff === true) {
        throw new Error('the database rate-limit store supports fixed windows only (no continueExceeding, no exponentialBackoff)');
      }
      this.#namespace = namespace;
    }

    incr(key: string, callback: Callback, timeWindow: number): void {
      const now = clock.now();
      db.query<Counted>(INCREMENT, [`${this.#namespace}|${key}`, now, timeWindow]).then(
        ({ rows }) => answer(rows, callback),
        (error: unknown) => callback(error as Error),
      );
      sweep(now);
    }

    /** The plugin's non-counting peek (`{ increment: false }`). */
    read(key: string, callback: Callback): void {
      db.query<Counted>(READ, [`${this.#namespace}|${key}`, clock.now()]).then(
        ({ rows }) => answer(rows, callback),
        (error: unknown) => callback(error as Error),
      );
    }

    /** A route's own limit: its counts are kept apart from every other route's by method and URL. */
    child(routeOptions: object): FastifyRateLimitStore {
      const route = (routeOptions as { routeInfo?: { method?: unknown; url?: unknown } }).routeInfo;
      const method = Array.isArray(route?.method) ? route.method.join(',') : String(route?.method ?? '');
      return new DatabaseRateLimitStore(routeOptions, `${method} ${String(route?.url ?? '')}`.trim());
    }
  }
  return DatabaseRateLimitStore;
}
