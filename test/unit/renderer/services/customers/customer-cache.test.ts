import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { CustomerChangesPage } from '../../../../../shared/api/customers';
import {
  CUSTOMER_CURSOR_KEY,
  CUSTOMER_SYNCED_AT_KEY,
  applyCustomerChanges,
  clearCustomerCache,
  customerCacheState,
  findCachedByPhone,
  putCachedCustomers,
} from '../../../../../renderer/src/services/customers/customer-cache';
import type { AppDb } from '../../../../../renderer/src/services/local-db/app-db';
import { T0, freshAppDb } from '../../support/call-log-builders';
import { customerCard, customerId, mobile } from '../../support/customer-builders';

const quotaError = () => new DOMException('The quota has been exceeded.', 'QuotaExceededError');
const page = (items: CustomerChangesPage['items'], cursor: string, more = false, remaining = 0): CustomerChangesPage => ({ items, cursor, more, remaining });
const ids = async (db: AppDb) => (await db.customers.toCollection().primaryKeys()).sort();

let db: AppDb;

beforeEach(async () => {
  db = freshAppDb().db;
  await db.open();
});

afterEach(() => {
  vi.restoreAllMocks();
  db.close();
});

describe('customer cache', () => {
  it('finds a customer by any of its stored numbers', async () => {
    const card = customerCard(1, { phones: [{ e164: mobile(1), kind: 'mobile' }, { e164: '+862161234567', kind: 'landline' }] });
    await applyCustomerChanges(db, page([card], '1'), T0);

    await expect(findCachedByPhone(db, mobile(1))).resolves.toEqual([card]);
    await expect(findCachedByPhone(db, '+862161234567')).resolves.toEqual([card]);
    await expect(findCachedByPhone(db, mobile(2))).resolves.toEqual([]);
  });

  it('returns every customer that shares a number', async () => {
    const shared = '+862161234567';
    const husband = customerCard(1, { phones: [{ e164: mobile(1), kind: 'mobile' }, { e164: shared, kind: 'landline' }] });
    const wife = customerCard(2, { phones: [{ e164: shared, kind: 'landline' }] });
    await applyCustomerChanges(db, page([husband, wife], '2'), T0);

    const found = await findCachedByPhone(db, shared);
    expect(found.map((c) => c.id).sort()).toEqual([husband.id, wife.id].sort());
  });

  it('lists a customer once when its record names the same number twice', async () => {
    const card = customerCard(1, { phones: [{ e164: mobile(1), kind: 'mobile' }, { e164: mobile(1), kind: 'mobile' }] });
    await applyCustomerChanges(db, page([card], '1'), T0);
    await expect(findCachedByPhone(db, mobile(1))).resolves.toEqual([card]);
    expect((await db.customers.get(card.id))?.phones).toEqual([mobile(1)]);
  });

  it('drops a customer and its numbers when the feed removes it', async () => {
    await applyCustomerChanges(db, page([customerCard(1), customerCard(2)], '2'), T0);
    const applied = await applyCustomerChanges(db, page([{ id: customerId(1), removed: true }, { id: customerId(9), removed: true }], '4'), T0);

    await expect(findCachedByPhone(db, mobile(1))).resolves.toEqual([]);
    expect(await ids(db)).toEqual([customerId(2)]);
    // The unknown id was never cached: only what was there counts as removed.
    expect(applied).toMatchObject({ inserted: 0, removed: 1, cursor: '4' });
  });

  it('stops finding a customer by a number the record no longer has', async () => {
    await applyCustomerChanges(db, page([customerCard(1)], '1'), T0);
    await applyCustomerChanges(db, page([customerCard(1, { version: 2, phones: [{ e164: mobile(7), kind: 'mobile' }] })], '2'), T0);

    await expect(findCachedByPhone(db, mobile(1))).resolves.toEqual([]);
    await expect(findCachedByPhone(db, mobile(7))).resolves.toMatchObject([{ id: customerId(1), version: 2 }]);
  });

  it('keeps the later change when a page names a customer twice', async () => {
    await applyCustomerChanges(db, page([customerCard(1), { id: customerId(1), removed: true }, customerCard(2), customerCard(2, { version: 2, name: '改名' })], '4'), T0);

    expect(await ids(db)).toEqual([customerId(2)]);
    expect((await db.customers.get(customerId(2)))?.value.name).toBe('改名');
  });

  it('stores the cursor with every page and the sync time only when nothing more is waiting', async () => {
    await applyCustomerChanges(db, page([customerCard(1)], '1', true, 5), T0);
    await expect(customerCacheState(db)).resolves.toEqual({ cursor: '1', syncedAt: null, count: 1 });

    const applied = await applyCustomerChanges(db, page([customerCard(2)], '2'), T0 + 1_000);
    expect(applied).toEqual({ cursor: '2', syncedAt: T0 + 1_000, inserted: 1, removed: 0 });
    expect(await db.meta.get(CUSTOMER_CURSOR_KEY)).toEqual({ key: CUSTOMER_CURSOR_KEY, value: '2' });
    expect(await db.meta.get(CUSTOMER_SYNCED_AT_KEY)).toEqual({ key: CUSTOMER_SYNCED_AT_KEY, value: T0 + 1_000 });

    // A later page with more behind it keeps the last time the cache was complete.
    await expect(applyCustomerChanges(db, page([customerCard(3)], '3', true, 1), T0 + 2_000)).resolves.toMatchObject({ syncedAt: T0 + 1_000 });
  });

  it('reports an empty cache with no cursor before the first page', async () => {
    await expect(customerCacheState(db)).resolves.toEqual({ cursor: null, syncedAt: null, count: 0 });
  });

  it('leaves the cursor and the cards as they were when the card write fails', async () => {
    await applyCustomerChanges(db, page([customerCard(1)], '1'), T0);
    vi.spyOn(db.customers, 'bulkPut').mockRejectedValueOnce(quotaError());

    await expect(applyCustomerChanges(db, page([customerCard(2), { id: customerId(1), removed: true }], '3'), T0 + 1_000)).rejects.toThrow();

    await expect(customerCacheState(db)).resolves.toEqual({ cursor: '1', syncedAt: T0, count: 1 });
    expect(await ids(db)).toEqual([customerId(1)]);
  });

  it('writes no card of the page when the cursor write fails', async () => {
    vi.spyOn(db.meta, 'bulkPut').mockRejectedValueOnce(quotaError());

    await expect(applyCustomerChanges(db, page([customerCard(1), customerCard(2)], '2'), T0)).rejects.toThrow();

    await expect(customerCacheState(db)).resolves.toEqual({ cursor: null, syncedAt: null, count: 0 });
  });

  it('keeps a card from the hub findable without moving the cursor', async () => {
    await applyCustomerChanges(db, page([customerCard(1)], '1', true, 10), T0);
    await putCachedCustomers(db, [customerCard(42)]);

    await expect(findCachedByPhone(db, mobile(42))).resolves.toEqual([customerCard(42)]);
    await expect(customerCacheState(db)).resolves.toEqual({ cursor: '1', syncedAt: null, count: 2 });
  });

  it('never replaces a newer copy of a card with an older one from either writer', async () => {
    // An edit answered version 5; a feed page fetched before the edit arrives afterwards with 4.
    await putCachedCustomers(db, [customerCard(1, { version: 5, name: '新名' })]);
    await applyCustomerChanges(db, page([customerCard(1, { version: 4, name: '旧名' })], '1'), T0);
    expect((await db.customers.get(customerId(1)))?.value).toMatchObject({ version: 5, name: '新名' });

    // And a look-up answered before the sync applied version 6.
    await applyCustomerChanges(db, page([customerCard(1, { version: 6, name: '最新' })], '2'), T0);
    await putCachedCustomers(db, [customerCard(1, { version: 5, name: '新名' })]);
    expect((await db.customers.get(customerId(1)))?.value).toMatchObject({ version: 6, name: '最新' });
  });

  it('replaces a row written before the cache held whole cards', async () => {
    await db.table('customers').put({ id: customerId(1), phones: [mobile(1)], name: 'x', updatedAt: '2026-11-01T00:00:00.000Z', value: {} });
    await putCachedCustomers(db, [customerCard(1)]);
    await expect(findCachedByPhone(db, mobile(1))).resolves.toEqual([customerCard(1)]);
  });

  it('forgets every card and the cursor when cleared', async () => {
    await applyCustomerChanges(db, page([customerCard(1), customerCard(2)], '2'), T0);
    await db.meta.put({ key: 'lastPruneAt', value: T0 });

    await clearCustomerCache(db);

    await expect(customerCacheState(db)).resolves.toEqual({ cursor: null, syncedAt: null, count: 0 });
    // Other facts of the console are not the customer cache's to drop.
    expect(await db.meta.get('lastPruneAt')).toMatchObject({ value: T0 });
  });
});
