import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { isCustomerRemoval, type CustomerCard, type CustomerChangesPage } from '../../../shared/api/customers';
import { ApiErrorSchema } from '../../../shared/api/errors';
import type { Queryable } from '../../../hub/src/db/db';
import { SHOWCASE } from '../../../hub/src/seed/demo-showcase';
import { customerApi, newCustomer, type CustomerApi } from '../../support/customer-api';
import { startTestHub, type TestHub } from '../../support/hub-app';
import { countRows, describeEachBackend } from '../../support/hub-db';
import { lockWaiters, waitUntil } from '../../support/pg-locks';

const { liMei, huaxin, zhangWei } = SHOWCASE;

describeEachBackend('customer change feed', (backend) => {
  let hub: TestHub;
  let api: CustomerApi;
  beforeAll(async () => {
    hub = await startTestHub(backend, { customers: 120 });
    api = await customerApi(hub);
  });
  afterAll(() => hub.close());

  /** Follows the feed from `after` to its end, as a console catching up does. */
  const drain = async (after?: string, limit = 1000) => {
    const pages: CustomerChangesPage[] = [];
    let cursor = after;
    for (;;) {
      const page = await api.ok.changes({ after: cursor, limit });
      pages.push(page);
      cursor = page.cursor;
      if (!page.more) return { pages, cursor, items: pages.flatMap((p) => p.items) };
    }
  };
  const endOfFeed = async () => (await drain()).cursor;
  const cardsOf = (items: CustomerChangesPage['items']) => items.filter((item): item is CustomerCard => !isCustomerRemoval(item));
  const openTicket = (db: Queryable, customerId: string, kind = 'after_sales') =>
    db.query(
      `insert into tickets (id, ticket_no, customer_id, kind, title, status, opened_at, updated_at) values ($1, $2, $3, $4, '预约上门安装', 'open', $5, $5)`,
      [randomUUID(), `T-${randomUUID().slice(0, 8)}`, customerId, kind, hub.clock.now()],
    );

  it('pages through every customer once, oldest change first, with a cursor that only grows and an exact remaining count', async () => {
    const total = await countRows(hub.db, 'customers');

    const { pages, items } = await drain(undefined, 40);

    expect(items).toHaveLength(total);
    expect(new Set(items.map((item) => item.id)).size).toBe(total);
    const cursors = pages.map((page) => BigInt(page.cursor));
    expect(cursors.every((cursor, i) => i === 0 || cursor > cursors[i - 1]! || (i === cursors.length - 1 && cursor === cursors[i - 1]))).toBe(true);
    let seen = 0;
    for (const page of pages) {
      seen += page.items.length;
      expect(page.remaining).toBe(total - seen);
      expect(page.more).toBe(page.items.length === 40);
    }
    expect(pages.at(-1)?.remaining).toBe(0);
  });

  it('answers the same cursor and nothing more when nothing changed', async () => {
    const cursor = await endOfFeed();

    expect(await api.ok.changes({ after: cursor })).toEqual({ items: [], cursor, more: false, remaining: 0 });
    expect(await api.ok.changes({ after: '0', limit: 1 })).toMatchObject({ more: true, items: [expect.any(Object)] });
  });

  it('brings an edited card again after the cursor, with its new version', async () => {
    const cursor = await endOfFeed();

    await api.ok.patch(huaxin.id, { version: 1, notes: '专属客服：周经理' });
    const { items } = await drain(cursor);

    expect(items).toEqual([expect.objectContaining({ id: huaxin.id, version: 2 })]);
  });

  it('brings a card again when its tickets open or close, without raising its version', async () => {
    const [before] = (await api.ok.lookup({ phone: liMei.phones[0] })).items;
    const cursor = await endOfFeed();

    await hub.db.query("update tickets set closed_at = $2, status = 'closed' where ticket_no = $1", [liMei.openComplaintNo, hub.clock.now()]);
    const afterClose = await drain(cursor);
    await openTicket(hub.db, liMei.id, 'complaint');
    const afterOpen = await drain(afterClose.cursor);

    expect(afterClose.items).toEqual([{ ...before, openComplaints: 0, openTickets: 0 }]);
    expect(afterOpen.items).toEqual([{ ...before, openComplaints: 1, openTickets: 1 }]);
    expect(before?.version).toBe(1);
  });

  it('stays quiet when a ticket changes in a way the card does not show', async () => {
    await openTicket(hub.db, zhangWei.id);
    const cursor = await endOfFeed();

    await hub.db.query("update tickets set status = 'in_progress', title = '预约上门安装（周六）' where customer_id = $1", [zhangWei.id]);

    expect((await drain(cursor)).items).toEqual([]);
  });

  it('tells caches to drop a customer who left the book', async () => {
    const created = await api.ok.create(newCustomer({ name: '蒋合并', phones: ['13812345001'] }));
    const cursor = await endOfFeed();

    await hub.db.query('update customers set removed_at = $2 where id = $1', [created.card.id, hub.clock.now()]);

    expect((await drain(cursor)).items).toEqual([{ id: created.card.id, removed: true }]);
  });

  it('counts what is left after a page while changes are waiting', async () => {
    const cursor = await endOfFeed();
    for (let i = 0; i < 5; i += 1) await api.ok.create(newCustomer({ name: `沈批量${i}`, phones: [`1381234510${i}`] }));

    const first = await api.ok.changes({ after: cursor, limit: 2 });

    expect(first).toMatchObject({ more: true, remaining: 3 });
    expect(cardsOf(first.items).map((card) => card.name)).toEqual(['沈批量0', '沈批量1']);
    expect((await drain(first.cursor)).items.map((item) => (item as CustomerCard).name)).toEqual(['沈批量2', '沈批量3', '沈批量4']);
  });

  it.each([['abc'], ['-1'], ['1.5'], ['007'], ['99999999999999999999'], ['9223372036854775808'], [' 1']])(
    'answers 400 naming after when the cursor is %j',
    async (after) => {
      const response = await api.raw.changes({ after });

      expect(response.statusCode).toBe(400);
      expect(ApiErrorSchema.parse(response.json())).toMatchObject({ error: 'validation', field: 'after' });
    },
  );

  it.each(['qa1', 'supervisor1', 'manager1', 'admin'] as const)('answers 403 to %s, whose console keeps no copy of the book', async (username) => {
    expect((await api.raw.changes({}, username)).statusCode).toBe(403);
  });

  it('logs no read for the cards it copies to a cache', async () => {
    const before = (await hub.db.query<{ n: number }>('select count(*)::int as n from customer_access_log')).rows[0]?.n;

    await drain(undefined, 5000);

    expect((await hub.db.query<{ n: number }>('select count(*)::int as n from customer_access_log')).rows[0]?.n).toBe(before);
  });

  // Without the change lock, a writer that took its seq later but committed first would let a
  // reader move its cursor past an earlier seq still in flight, and that change would never be read.
  it.runIf(backend === 'postgres')('never moves the cursor past a change that is still being committed', async () => {
    const slow = await hub.database.connectAgain();
    const cursor = await endOfFeed();
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    let written!: () => void;
    const writtenYet = new Promise<void>((resolve) => (written = resolve));
    const holding = slow.transaction(async (tx) => {
      await tx.query("update customers set notes = '慢事务' where id = $1", [liMei.id]);
      written();
      await released;
    });
    await writtenYet;

    let fastDone = false;
    const fast = api.ok.patch(zhangWei.id, { version: 1, notes: '快事务' }).finally(() => (fastDone = true));
    let during: CustomerChangesPage;
    try {
      // The edit either waits for the change lock (as it must) or, were there none, commits at once.
      await waitUntil(async () => fastDone || (await lockWaiters(hub.db, 'advisory')) === 1);
      during = await api.ok.changes({ after: cursor });
    } finally {
      release();
    }
    await holding;
    await fast;
    const after = await drain(during.cursor);

    expect(during).toEqual({ items: [], cursor, more: false, remaining: 0 });
    expect(after.items.map((item) => item.id)).toEqual([liMei.id, zhangWei.id]);
  });
});
