import type { FastifyRateLimitStore } from '@fastify/rate-limit';
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import { migrate } from '../../../hub/src/db/migrate';
import { databaseRateLimitStore } from '../../../hub/src/http/rate-limit-store';
import { FakeClock } from '../../support/hub-clock';
import { createTestDatabase, describeEachBackend, type TestDatabase } from '../../support/hub-db';

type Counted = { current: number; ttl: number };

const call = (fn: (callback: (error: Error | null, result?: Counted) => void) => void): Promise<Counted> =>
  new Promise((resolve, reject) => fn((error, result) => (error === null && result !== undefined ? resolve(result) : reject(error ?? new Error('no result')))));

const incr = (store: FastifyRateLimitStore, key: string, windowMs = 60_000) => call((cb) => store.incr(key, cb, windowMs, 3));
const read = (store: FastifyRateLimitStore & { read?: FastifyRateLimitStore['incr'] }, key: string, windowMs = 60_000) =>
  call((cb) => store.read?.(key, cb, windowMs, 3));

const loginRoute = { routeInfo: { method: 'POST', url: '/api/v1/auth/login' } };

describeEachBackend('database rate-limit store', (backend) => {
  let database: TestDatabase;
  let clock: FakeClock;
  let store: FastifyRateLimitStore;

  beforeAll(async () => {
    database = await createTestDatabase(backend);
    await migrate(database.db);
    clock = new FakeClock();
  });
  afterAll(() => database.dispose());
  beforeEach(async () => {
    // Forward, as time goes: a sweep an earlier test left running (they are not awaited) then
    // removes only rows that are expired for this test too.
    clock.advance(3_600_000);
    await database.db.query('delete from rate_limits');
    const Store = databaseRateLimitStore({ db: database.db, clock });
    store = new Store({}).child(loginRoute as never);
  });

  it('counts attempts within a window and reports the time left in it', async () => {
    const first = await incr(store, '10.0.0.1|agent1');
    clock.advance(15_000);
    const second = await incr(store, '10.0.0.1|agent1');

    expect(first).toEqual({ current: 1, ttl: 60_000 });
    expect(second).toEqual({ current: 2, ttl: 45_000 });
  });

  it('opens a new window once the old one has expired', async () => {
    await incr(store, 'k');
    await incr(store, 'k');
    clock.advance(60_000);

    expect(await incr(store, 'k')).toEqual({ current: 1, ttl: 60_000 });
  });

  it('keeps keys, and the same key on different routes, apart', async () => {
    const Store = databaseRateLimitStore({ db: database.db, clock });
    const otherRoute = new Store({}).child({ routeInfo: { method: 'POST', url: '/api/v1/other' } } as never);
    await incr(store, 'k');
    await incr(store, 'k');

    expect(await incr(store, 'k2')).toMatchObject({ current: 1 });
    expect(await incr(otherRoute, 'k')).toMatchObject({ current: 1 });
  });

  it('counts together what several processes count at the same moment', async () => {
    const others = await Promise.all([database.connectAgain().catch(() => database.db), database.connectAgain().catch(() => database.db)]);
    const stores = [database.db, ...others].map((db) => new (databaseRateLimitStore({ db, clock }))({}).child(loginRoute as never));

    const results = await Promise.all(Array.from({ length: 30 }, (_, i) => incr(stores[i % stores.length]!, 'shared')));

    expect(results.map((r) => r.current).sort((a, b) => a - b)).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
  });

  it('peeks without counting', async () => {
    expect(await read(store, 'k')).toEqual({ current: 0, ttl: 0 });
    await incr(store, 'k');
    clock.advance(1_000);

    expect(await read(store, 'k')).toEqual({ current: 1, ttl: 59_000 });
    expect(await read(store, 'k')).toEqual({ current: 1, ttl: 59_000 });
    clock.advance(59_000);
    expect(await read(store, 'k')).toEqual({ current: 0, ttl: 0 });
  });

  it('clears expired rows now and then, leaving live ones', async () => {
    const Store = databaseRateLimitStore({ db: database.db, clock, sweepEveryMs: 10_000 });
    const sweeping = new Store({}).child(loginRoute as never);
    await incr(sweeping, 'old', 5_000);
    clock.advance(10_000);
    await incr(sweeping, 'new', 5_000);

    await expect
      .poll(async () => (await database.db.query<{ key: string }>('select key from rate_limits order by key')).rows.map((row) => row.key))
      .toEqual(['POST /api/v1/auth/login|new']);
  });

  it('refuses the counting modes it does not implement', () => {
    const Store = databaseRateLimitStore({ db: database.db, clock });

    expect(() => new Store({ exponentialBackoff: true } as never)).toThrow(/fixed windows only/);
  });
});
