import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { CustomerChangesPage } from '../../../../../shared/api/customers';
import { backoffDelay } from '../../../../../shared/sync/backoff';
import { customerCacheState, findCachedByPhone } from '../../../../../renderer/src/services/customers/customer-cache';
import {
  CUSTOMER_SYNC_BACKOFF,
  CUSTOMER_SYNC_POLL_MS,
  createCustomerSync,
  type CustomerSync,
  type CustomerSyncOptions,
} from '../../../../../renderer/src/services/customers/customer-sync';
import type { CustomerSyncStatus } from '../../../../../renderer/src/services/customers/customer-sync-status';
import { HubError, createHubClient } from '../../../../../renderer/src/services/hub';
import type { AppDb } from '../../../../../renderer/src/services/local-db/app-db';
import { freshAppDb } from '../../support/call-log-builders';
import { customerCard, customerId, deferred, fakeCustomerFeed, mobile } from '../../support/customer-builders';
import { fakeClock } from '../../support/fake-clock';
import { fakeFetch } from '../../support/fake-fetch';
import { networkDown, unauthorized } from '../../support/fake-hub';

const quotaError = () => new DOMException('The quota has been exceeded.', 'QuotaExceededError');

let clock: ReturnType<typeof fakeClock>;
let db: AppDb;
let feed: ReturnType<typeof fakeCustomerFeed>;
let syncs: CustomerSync[];
let statuses: CustomerSyncStatus[];
/** The `after` of every request, in order ('-' for none). */
let asked: string[];
/** What the hub does with the next request; the feed's answer by default. */
let answer: (after: string | undefined, limit: number) => Promise<CustomerChangesPage>;

beforeEach(async () => {
  clock = fakeClock();
  db = freshAppDb().db;
  await db.open();
  feed = fakeCustomerFeed();
  syncs = [];
  statuses = [];
  asked = [];
  answer = async (after, limit) => feed.page(after, limit);
});

afterEach(() => {
  vi.restoreAllMocks();
  for (const sync of syncs) sync.stop();
  db.close();
});

function startSync(options: Partial<CustomerSyncOptions> = {}): CustomerSync {
  const sync = createCustomerSync({
    db,
    clock: clock.clock,
    random: () => 0.5,
    fetchChanges: (after, limit) => {
      asked.push(after ?? '-');
      return answer(after, limit);
    },
    onStatus: (status) => void statuses.push(status),
    pageSize: 2,
    ...options,
  });
  syncs.push(sync);
  sync.start();
  return sync;
}

/** Lets the sync's database work and promises run without moving the clock. */
async function drain(sync: CustomerSync): Promise<void> {
  await clock.advance(0);
  await sync.idle();
}

const last = () => statuses[statuses.length - 1];

async function cachedIds(): Promise<string[]> {
  return (await db.customers.toCollection().primaryKeys()).sort();
}

describe('createCustomerSync', () => {
  it('catches up across pages with progress and ends idle with the sync time', async () => {
    for (let n = 1; n <= 5; n += 1) feed.put(customerCard(n));
    const sync = startSync();
    await drain(sync);

    expect(asked).toEqual(['-', '2', '4']);
    expect(statuses.map((s) => [s.state, s.progress, s.cached])).toEqual([
      ['syncing', null, 0],
      ['syncing', { done: 2, total: 5 }, 2],
      ['syncing', { done: 4, total: 5 }, 4],
      ['idle', null, 5],
    ]);
    expect(last()).toMatchObject({ syncedAt: clock.now(), lastError: null, nextAttemptAt: null });
    expect(sync.status).toBe(last());
    await expect(findCachedByPhone(db, mobile(5))).resolves.toMatchObject([{ id: customerId(5) }]);
    await expect(customerCacheState(db)).resolves.toEqual({ cursor: '5', syncedAt: clock.now(), count: 5 });
  });

  it('re-estimates the total from each page while others keep writing', async () => {
    for (let n = 1; n <= 4; n += 1) feed.put(customerCard(n));
    answer = async (after, limit) => {
      const page = feed.page(after, limit);
      // Someone creates a customer while the first page is on its way.
      if (after === undefined) feed.put(customerCard(9));
      return page;
    };
    await drain(startSync());

    expect(statuses.filter((s) => s.progress).map((s) => s.progress)).toEqual([
      { done: 2, total: 4 },
      { done: 4, total: 5 },
    ]);
    expect(last()).toMatchObject({ state: 'idle', cached: 5 });
  });

  it('reports what the cache already holds before the first answer arrives', async () => {
    for (let n = 1; n <= 3; n += 1) feed.put(customerCard(n));
    const first = startSync({ pageSize: 10 });
    await drain(first);
    first.stop();
    const syncedAt = clock.now();
    await clock.advance(5_000);

    statuses = [];
    const hanging = deferred<CustomerChangesPage>();
    answer = () => hanging.promise;
    const second = startSync({ pageSize: 10 });
    await clock.advance(0);

    expect(statuses).toEqual([{ state: 'syncing', progress: null, cached: 3, syncedAt, lastError: null, nextAttemptAt: null }]);
    // It carries on from where the cache is.
    expect(asked[asked.length - 1]).toBe('3');
    hanging.resolve(feed.page('3', 10));
    await second.idle();
  });

  it('resumes from the stored cursor after a failure without fetching applied pages again', async () => {
    for (let n = 1; n <= 5; n += 1) feed.put(customerCard(n));
    let calls = 0;
    answer = async (after, limit) => {
      calls += 1;
      if (calls === 2) throw networkDown();
      return feed.page(after, limit);
    };
    const sync = startSync();
    await drain(sync);

    const delay = backoffDelay(0, CUSTOMER_SYNC_BACKOFF, () => 0.5);
    expect(last()).toMatchObject({ state: 'failed', progress: null, cached: 2, lastError: 'Cannot reach the hub', nextAttemptAt: clock.now() + delay });
    await expect(customerCacheState(db)).resolves.toMatchObject({ cursor: '2', count: 2 });

    await clock.advance(delay);
    await sync.idle();

    expect(asked).toEqual(['-', '2', '2', '4']);
    expect(last()).toMatchObject({ state: 'idle', cached: 5, lastError: null, nextAttemptAt: null });
    expect(await cachedIds()).toEqual([1, 2, 3, 4, 5].map(customerId));
  });

  it('backs off with full jitter up to a minute while the hub stays down', async () => {
    answer = async () => Promise.reject(networkDown());
    const sync = startSync();
    await drain(sync);

    const waits: number[] = [];
    for (let attempt = 0; attempt < 8; attempt += 1) {
      const status = last()!;
      expect(status.state).toBe('failed');
      const wait = status.nextAttemptAt! - clock.now();
      waits.push(wait);
      // Not a moment early: nothing is asked until the wait is over.
      const before = asked.length;
      await clock.advance(wait - 1);
      expect(asked.length).toBe(before);
      await clock.advance(1);
      await sync.idle();
      expect(asked.length).toBe(before + 1);
    }
    expect(waits).toEqual([0, 1, 2, 3, 4, 5, 6, 7].map((a) => backoffDelay(a, CUSTOMER_SYNC_BACKOFF, () => 0.5)));
    expect(waits[7]).toBe(CUSTOMER_SYNC_BACKOFF.maxMs / 2);
  });

  it('polls every minute when caught up, without leaving idle for a quiet poll', async () => {
    feed.put(customerCard(1));
    const sync = startSync();
    await drain(sync);
    expect(asked).toEqual(['-']);
    const caughtUpAt = clock.now();
    statuses = [];

    await clock.advance(CUSTOMER_SYNC_POLL_MS - 1);
    expect(asked).toEqual(['-']);

    feed.put(customerCard(2));
    await clock.advance(1);
    await sync.idle();

    expect(asked).toEqual(['-', '1']);
    expect(statuses.every((s) => s.state === 'idle')).toBe(true);
    expect(last()).toMatchObject({ state: 'idle', cached: 2, syncedAt: caughtUpAt + CUSTOMER_SYNC_POLL_MS });
    await expect(findCachedByPhone(db, mobile(2))).resolves.toHaveLength(1);

    await clock.advance(CUSTOMER_SYNC_POLL_MS);
    await sync.idle();
    expect(asked).toEqual(['-', '1', '2']);
  });

  it('shows a backlog found by a poll as syncing with progress', async () => {
    feed.put(customerCard(1));
    const sync = startSync();
    await drain(sync);
    for (let n = 2; n <= 6; n += 1) feed.put(customerCard(n));
    statuses = [];

    await clock.advance(CUSTOMER_SYNC_POLL_MS);
    await sync.idle();

    expect(statuses.map((s) => s.state)).toEqual(['idle', 'syncing', 'syncing', 'idle']);
    expect(statuses[1]?.progress).toEqual({ done: 2, total: 5 });
  });

  it('writes and reports nothing more when stopped with a page in flight', async () => {
    for (let n = 1; n <= 4; n += 1) feed.put(customerCard(n));
    const hanging = deferred<CustomerChangesPage>();
    let calls = 0;
    answer = async (after, limit) => {
      calls += 1;
      return calls === 2 ? hanging.promise : feed.page(after, limit);
    };
    const sync = startSync();
    await clock.advance(0);
    expect(asked).toEqual(['-', '2']);
    const reported = statuses.length;

    sync.stop();
    hanging.resolve(feed.page('2', 2));
    await sync.idle();
    await clock.advance(10 * CUSTOMER_SYNC_POLL_MS);

    expect(await cachedIds()).toEqual([customerId(1), customerId(2)]);
    await expect(customerCacheState(db)).resolves.toMatchObject({ cursor: '2' });
    expect(statuses.length).toBe(reported);
    expect(asked).toEqual(['-', '2']);
    expect(clock.pendingTimers()).toBe(0);
    expect(sync.status.state).toBe('off');

    sync.syncNow();
    sync.start();
    await clock.advance(0);
    expect(asked).toEqual(['-', '2']);
  });

  it('runs one catch-up at a time and one more after it when asked to sync during one', async () => {
    feed.put(customerCard(1));
    const hanging = deferred<CustomerChangesPage>();
    let inFlight = 0;
    let most = 0;
    let calls = 0;
    answer = async (after, limit) => {
      calls += 1;
      inFlight += 1;
      most = Math.max(most, inFlight);
      try {
        return calls === 1 ? await hanging.promise : feed.page(after, limit);
      } finally {
        inFlight -= 1;
      }
    };
    const sync = startSync();
    await clock.advance(0);

    sync.syncNow();
    sync.syncNow();
    sync.start();
    await clock.advance(0);
    expect(asked).toEqual(['-']);

    // The page in flight was read before a customer was created: only the catch-up asked for
    // during it can bring that one.
    const stale = feed.page(undefined, 10);
    feed.put(customerCard(2));
    hanging.resolve(stale);
    await drain(sync);

    expect(most).toBe(1);
    expect(asked).toEqual(['-', '1']);
    expect(await cachedIds()).toEqual([customerId(1), customerId(2)]);
    // And only one poll timer is left behind.
    expect(clock.pendingTimers()).toBe(1);
  });

  it('retries at once on syncNow while waiting out a failure', async () => {
    answer = async () => Promise.reject(networkDown());
    const sync = startSync();
    await drain(sync);
    await clock.advance(last()!.nextAttemptAt! - clock.now());
    await sync.idle();
    expect(asked).toHaveLength(2);

    feed.put(customerCard(1));
    answer = async (after, limit) => feed.page(after, limit);
    sync.syncNow();
    await drain(sync);

    expect(asked).toHaveLength(3);
    expect(last()).toMatchObject({ state: 'idle', cached: 1, nextAttemptAt: null });
    // The backoff's timer went with it: the next request is the poll's.
    expect(clock.pendingTimers()).toBe(1);
  });

  it('fails with the error and keeps the cache when the hub answers garbage', async () => {
    for (let n = 1; n <= 2; n += 1) feed.put(customerCard(n));
    const sync = startSync({ pageSize: 10 });
    await drain(sync);
    const before = await customerCacheState(db);

    const garbage = { items: [customerCard(3), { ...customerCard(4), id: 'not-a-uuid' }], cursor: '99', more: false, remaining: 0 };
    const { fetch } = fakeFetch({ status: 200, body: garbage }, { status: 200, rawBody: '<html>proxy</html>' });
    const hub = createHubClient({ baseUrl: '', fetch });
    answer = (after, limit) => hub.customerChanges('tok', { after, limit });

    sync.syncNow();
    await drain(sync);
    expect(last()).toMatchObject({ state: 'failed', cached: 2 });
    expect(last()?.lastError).toContain('items.1');

    await clock.advance(last()!.nextAttemptAt! - clock.now());
    await sync.idle();
    expect(last()).toMatchObject({ state: 'failed' });
    expect(last()?.lastError).toContain('not JSON');

    await expect(customerCacheState(db)).resolves.toEqual(before);
    await expect(findCachedByPhone(db, mobile(3))).resolves.toEqual([]);
  });

  it('fails rather than loops when the feed says more but does not move', async () => {
    feed.put(customerCard(1));
    answer = async (after) => (after === undefined ? feed.page(undefined, 2) : { items: [], cursor: after, more: true, remaining: 10 });
    const sync = startSync();
    await drain(sync);
    // First page fine (cursor 1, nothing more); now the hub claims a backlog it never delivers.
    answer = async (after) => ({ items: [customerCard(2)], cursor: after ?? '0', more: true, remaining: 10 });
    sync.syncNow();
    await drain(sync);

    expect(asked).toEqual(['-', '1']);
    expect(last()).toMatchObject({ state: 'failed' });
    expect(last()?.lastError).toContain('did not move');
  });

  it('fetches the same page again when writing it failed', async () => {
    for (let n = 1; n <= 3; n += 1) feed.put(customerCard(n));
    const write = vi.spyOn(db.customers, 'bulkPut');
    write.mockRejectedValueOnce(quotaError());
    const sync = startSync({ pageSize: 10 });
    await drain(sync);

    expect(last()).toMatchObject({ state: 'failed', cached: 0 });
    await expect(customerCacheState(db)).resolves.toEqual({ cursor: null, syncedAt: null, count: 0 });

    await clock.advance(last()!.nextAttemptAt! - clock.now());
    await sync.idle();
    expect(asked).toEqual(['-', '-']);
    expect(last()).toMatchObject({ state: 'idle', cached: 3 });
  });

  it('starts a fresh copy when the hub no longer knows the stored cursor', async () => {
    for (let n = 1; n <= 3; n += 1) feed.put(customerCard(n));
    const sync = startSync({ pageSize: 10 });
    await drain(sync);

    // The hub's database was rebuilt: a different book, and a feed that starts again.
    const rebuilt = fakeCustomerFeed();
    rebuilt.put(customerCard(7));
    answer = async (after, limit) => {
      if (after === '3') throw new HubError({ status: 400, code: 'validation', message: 'after: not a cursor of this feed', field: 'after' });
      return rebuilt.page(after, limit);
    };
    sync.syncNow();
    await drain(sync);

    expect(asked.slice(1)).toEqual(['3', '-']);
    expect(await cachedIds()).toEqual([customerId(7)]);
    expect(last()).toMatchObject({ state: 'idle', cached: 1, lastError: null });
  });

  it('waits out a refused first page instead of starting over again and again', async () => {
    answer = async () => Promise.reject(new HubError({ status: 400, code: 'validation', message: 'after: not a cursor of this feed', field: 'after' }));
    const sync = startSync();
    await drain(sync);
    expect(asked).toEqual(['-']);
    expect(last()).toMatchObject({ state: 'failed', lastError: 'after: not a cursor of this feed' });
  });

  it('stops asking after the hub refuses the session, until told to sync', async () => {
    answer = async () => Promise.reject(unauthorized());
    const sync = startSync();
    await drain(sync);

    expect(last()).toMatchObject({ state: 'failed', lastError: 'Invalid token', nextAttemptAt: null });
    await clock.advance(10 * CUSTOMER_SYNC_POLL_MS);
    expect(asked).toEqual(['-']);

    answer = async (after, limit) => feed.page(after, limit);
    sync.syncNow();
    await drain(sync);
    expect(asked).toEqual(['-', '-']);
    expect(last()).toMatchObject({ state: 'idle' });
  });

  it('ends with the cache equal to the hub whatever the interleaving of changes, pages and failures', async () => {
    // Hub changes, catch-ups that fail after some pages or on a full disk, and quiet minutes.
    const step = fc.oneof(
      fc.record({ kind: fc.constant('put' as const), n: fc.integer({ min: 1, max: 12 }), phone: fc.integer({ min: 1, max: 5 }) }),
      fc.record({ kind: fc.constant('remove' as const), n: fc.integer({ min: 1, max: 12 }) }),
      fc.record({ kind: fc.constant('sync' as const), failAt: fc.option(fc.integer({ min: 1, max: 4 })), writeFails: fc.boolean() }),
      fc.record({ kind: fc.constant('poll' as const) }),
    );

    await fc.assert(
      fc.asyncProperty(fc.array(step, { maxLength: 25 }), fc.integer({ min: 1, max: 4 }), async (steps, pageSize) => {
        const hub = fakeCustomerFeed();
        const local = freshAppDb().db;
        await local.open();
        const run = fakeClock();
        let failAt: number | null = null;
        let calls = 0;
        const sync = createCustomerSync({
          db: local,
          clock: run.clock,
          random: () => 0.5,
          fetchChanges: async (after, limit) => {
            calls += 1;
            if (failAt !== null && calls >= failAt) {
              failAt = null;
              throw networkDown();
            }
            return hub.page(after, limit);
          },
          onStatus: () => undefined,
          pageSize,
        });
        try {
          sync.start();
          for (const s of steps) {
            if (s.kind === 'put') hub.put(customerCard(s.n, { phones: [{ e164: mobile(s.phone), kind: 'mobile' }] }));
            else if (s.kind === 'remove') hub.remove(customerId(s.n));
            else if (s.kind === 'poll') await run.advance(CUSTOMER_SYNC_POLL_MS);
            else {
              calls = 0;
              failAt = s.failAt;
              const write = s.writeFails ? vi.spyOn(local.customers, 'bulkPut').mockRejectedValueOnce(quotaError()) : null;
              sync.syncNow();
              await run.advance(0);
              await sync.idle();
              write?.mockRestore();
            }
          }
          // Then the hub stays up long enough to be caught up with.
          failAt = null;
          sync.syncNow();
          await run.advance(0);
          await sync.idle();

          const want = hub.cards();
          const rows = await local.customers.toArray();
          expect(new Map(rows.map((r) => [r.id, r.value]))).toEqual(want);
          for (let p = 1; p <= 5; p += 1) {
            const found = (await findCachedByPhone(local, mobile(p))).map((c) => c.id).sort();
            expect(found).toEqual([...want.values()].filter((c) => c.phones.some((x) => x.e164 === mobile(p))).map((c) => c.id).sort());
          }
          expect(sync.status.state).toBe('idle');
        } finally {
          sync.stop();
          local.close();
        }
      }),
      { numRuns: 40 },
    );
  });
});
