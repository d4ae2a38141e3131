import type { CustomerChangesPage } from '../../../../shared/api/customers';
import { backoffDelay, type BackoffPolicy } from '../../../../shared/sync/backoff';
import { isHubError } from '../hub';
import type { AppDb } from '../local-db/app-db';
import { applyCustomerChanges, clearCustomerCache, customerCacheState } from './customer-cache';
import { initialCustomerSyncStatus, type CustomerSyncStatus } from './customer-sync-status';

/** A caught-up cache asks for changes this often: a customer created on another console pops here within a minute. */
export const CUSTOMER_SYNC_POLL_MS = 60_000;
/**
 * Up to a minute: a whole floor of consoles polls the same hub, and a cache a little stale still
 * pops (a miss asks the hub directly).
 */
export const CUSTOMER_SYNC_BACKOFF: BackoffPolicy = { baseMs: 1_000, maxMs: 60_000 };
/** The hub's default page: a first sync of a large book in a few hundred requests, each a few hundred kB. */
export const CUSTOMER_CHANGES_PAGE_SIZE = 2_000;

export interface CustomerSyncClock {
  now(): number;
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export interface CustomerSyncOptions {
  db: AppDb;
  clock: CustomerSyncClock;
  /** [0, 1), for the backoff's jitter. */
  random: () => number;
  /** One page of `GET /api/v1/customers/changes`, already checked against the schema (the hub client does). */
  fetchChanges(after: string | undefined, limit: number): Promise<CustomerChangesPage>;
  onStatus(status: CustomerSyncStatus): void;
  pageSize?: number;
}

export interface CustomerSync {
  /** Reads the cache's state, reports it, and catches up; then polls. Once only. */
  start(): void;
  /**
   * No fetch, write or status after this. A page being written when it is called still commits
   * (or not) as a whole; await `idle()` before closing the database to let it finish cleanly.
   */
  stop(): void;
  /** Catch up now, ignoring the backoff (back online, a customer just created or edited). */
  syncNow(): void;
  readonly status: CustomerSyncStatus;
  /** Resolves when no catch-up is in progress. */
  idle(): Promise<void>;
}

/**
 * Keeps the local customer cache in step with the hub's change feed. The cursor lives in the
 * database beside the cards and moves only with the page it belongs to, so every catch-up starts
 * from what is stored: after a failure, a reload or a crash, nothing is fetched twice and nothing
 * is skipped. At most one catch-up runs at a time; a trigger during one asks for another after it.
 */
export function createCustomerSync(options: CustomerSyncOptions): CustomerSync {
  const { db, clock } = options;
  const pageSize = options.pageSize ?? CUSTOMER_CHANGES_PAGE_SIZE;
  let status = initialCustomerSyncStatus();
  let started = false;
  let stopped = false;
  /** The hub refused this session (401/403): asking again every minute would only be refused again. */
  let halted = false;
  let running: Promise<void> | null = null;
  let again = false;
  /** The next poll or retry: one timer, as only one of them can be next. */
  let timer: unknown = null;
  let attempt = 0;

  const publish = (patch: Partial<CustomerSyncStatus>) => {
    if (stopped) return;
    status = { ...status, ...patch };
    options.onStatus(status);
  };

  function cancelTimer(): void {
    if (timer !== null) clock.clearTimeout(timer);
    timer = null;
  }

  function schedule(ms: number): void {
    cancelTimer();
    if (stopped || halted) return;
    timer = clock.setTimeout(() => {
      timer = null;
      kick();
    }, ms);
  }

  async function catchUp(): Promise<void> {
    const cache = await customerCacheState(db);
    if (stopped) return;
    let cursor = cache.cursor;
    let cached = cache.count;
    // A poll of a cache that is caught up stays `idle` unless the hub turns out to have a backlog,
    // so that the sync indicator does not flicker every minute.
    const quiet = status.state === 'idle';
    publish({ cached, syncedAt: cache.syncedAt, nextAttemptAt: null, ...(quiet ? {} : { state: 'syncing', progress: null }) });
    let done = 0;
    for (;;) {
      let page: CustomerChangesPage;
      try {
        page = await options.fetchChanges(cursor ?? undefined, pageSize);
      } catch (error) {
        if (stopped || cursor === null || !isCursorRefused(error)) throw error;
        // The hub does not know this cursor (its database was rebuilt or replaced): the cards here
        // may be ones it no longer has, so only a fresh copy from the start of its feed is right.
        await clearCustomerCache(db);
        cursor = null;
        cached = 0;
        done = 0;
        publish({ state: 'syncing', progress: null, cached, syncedAt: null });
        continue;
      }
      // The session may be over and the database closing: the page is dropped, and fetched again next time.
      if (stopped) return;
      if (page.more && page.cursor === cursor) {
        // Fetching the same page again would return the same answer for ever.
        throw new Error(`The hub's customer change feed did not move past ${page.cursor}.`);
      }
      const applied = await applyCustomerChanges(db, page, clock.now());
      cursor = applied.cursor;
      // Counted, not re-read: a count of a million rows after every page would cost more than the page.
      cached = Math.max(0, cached + applied.inserted - applied.removed);
      done += page.items.length;
      attempt = 0;
      if (!page.more) {
        publish({ state: 'idle', progress: null, cached, syncedAt: applied.syncedAt, lastError: null, nextAttemptAt: null });
        schedule(CUSTOMER_SYNC_POLL_MS);
        return;
      }
      // `remaining` is the hub's estimate while others write, so the total is re-estimated each page.
      publish({ state: 'syncing', progress: { done, total: done + page.remaining }, cached, lastError: null });
    }
  }

  function fail(error: unknown): void {
    if (stopped) return;
    const message = error instanceof Error ? error.message : String(error);
    if (isHubError(error) && (error.code === 'unauthorized' || error.code === 'forbidden')) {
      halted = true;
      cancelTimer();
      publish({ state: 'failed', progress: null, lastError: message, nextAttemptAt: null });
      return;
    }
    // Hub down, a garbled answer, a full disk: the cursor has not moved past anything unwritten,
    // so the retry resumes exactly where this attempt stopped.
    const delay = backoffDelay(attempt, CUSTOMER_SYNC_BACKOFF, options.random);
    attempt += 1;
    schedule(delay);
    publish({ state: 'failed', progress: null, lastError: message, nextAttemptAt: clock.now() + delay });
  }

  function kick(): void {
    if (!started || stopped || halted) return;
    if (running) {
      again = true;
      return;
    }
    cancelTimer();
    running = catchUp()
      .catch(fail)
      .finally(() => {
        running = null;
        if (again && !stopped) {
          again = false;
          kick();
        }
      });
  }

  return {
    start() {
      if (started || stopped) return;
      started = true;
      kick();
    },
    stop() {
      stopped = true;
      again = false;
      cancelTimer();
    },
    syncNow() {
      if (stopped) return;
      halted = false;
      attempt = 0;
      kick();
    },
    get status(): CustomerSyncStatus {
      return stopped ? { ...status, state: 'off', progress: null, nextAttemptAt: null } : status;
    },
    async idle() {
      while (running) await running;
    },
  };
}

/** The hub's 400 for an `after` that is no cursor of its feed. */
const isCursorRefused = (error: unknown): boolean => isHubError(error) && error.code === 'validation' && error.field === 'after';
