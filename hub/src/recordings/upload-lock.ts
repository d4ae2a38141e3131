import { randomUUID } from 'node:crypto';
import { ERRORS, type Lock, type Locker, type RequestRelease } from '@tus/utils';
import type { Db } from '../db/db';

/*
 * tus takes a lock per upload around every HEAD, POST and PATCH, so that two requests never write
 * the same upload at once (a client that gave up on a stalled PATCH and resumed). Its own locker is
 * a Map in one process; behind a load balancer the second request lands on another process, so the
 * lock is a lease in PostgreSQL (recording_upload_locks): taken by an upsert that only wins when the
 * row is free or its lease ran out, renewed while held, so a process that died frees it within
 * LEASE_SECONDS. A waiter marks the row; the holder sees the mark at its next renewal and asks its
 * request to finish (tus then ends the stalled PATCH, keeping the bytes that arrived).
 */

export const LEASE_SECONDS = 15;
const RENEW_MS = 1_000;
const POLL_MS = 100;
/** A waiter gives up after this; tus answers 500 "failed to acquire lock" and the client retries. */
const WAIT_MS = 20_000;

const TAKE = `insert into recording_upload_locks as l (call_id, holder, expires_at)
  values ($1, $2, now() + make_interval(secs => $3))
  on conflict (call_id) do update set holder = excluded.holder, expires_at = excluded.expires_at, release_requested = false
  where l.expires_at < now() or l.holder = excluded.holder
  returning holder`;
const RENEW = `update recording_upload_locks set expires_at = now() + make_interval(secs => $3)
  where call_id = $1 and holder = $2 returning release_requested`;
const ASK_RELEASE = `update recording_upload_locks set release_requested = true where call_id = $1 and holder <> $2 and not release_requested`;
const FREE = `delete from recording_upload_locks where call_id = $1 and holder = $2`;

const sleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
  });

class LeaseLock implements Lock {
  private readonly holder = randomUUID();
  private renewal: NodeJS.Timeout | null = null;

  constructor(
    private readonly db: Db,
    private readonly callId: string,
  ) {}

  async lock(signal: AbortSignal, requestRelease: RequestRelease): Promise<void> {
    const giveUp = Date.now() + WAIT_MS;
    for (;;) {
      if (signal.aborted) throw ERRORS.ABORTED;
      const { rows } = await this.db.query(TAKE, [this.callId, this.holder, LEASE_SECONDS]);
      if (rows.length > 0) break;
      if (Date.now() > giveUp) throw ERRORS.ERR_LOCK_TIMEOUT;
      await this.db.query(ASK_RELEASE, [this.callId, this.holder]);
      await sleep(POLL_MS, signal);
    }
    let asked = false;
    this.renewal = setInterval(() => {
      this.db
        .query<{ release_requested: boolean }>(RENEW, [this.callId, this.holder, LEASE_SECONDS])
        .then(({ rows }) => {
          // Lost (expired and taken) or wanted elsewhere: the request should end either way.
          if (!asked && (rows.length === 0 || rows[0]?.release_requested === true)) {
            asked = true;
            void requestRelease();
          }
        })
        .catch(() => undefined);
    }, RENEW_MS);
    this.renewal.unref();
  }

  async unlock(): Promise<void> {
    if (this.renewal !== null) clearInterval(this.renewal);
    this.renewal = null;
    await this.db.query(FREE, [this.callId, this.holder]);
  }
}

export function databaseUploadLocker(db: Db): Locker {
  return { newLock: (id) => new LeaseLock(db, id) };
}
