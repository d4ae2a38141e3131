import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ApiErrorSchema } from '../../../shared/api/errors';
import { SHOWCASE } from '../../../hub/src/seed/demo-showcase';
import { callLogRecord } from '../../support/call-log-records';
import { customerApi, newCustomer, type CustomerApi } from '../../support/customer-api';
import { bearer, startTestHub, type TestHub } from '../../support/hub-app';
import { countRows, describeEachBackend } from '../../support/hub-db';

const { wangJianguo: wang, liMei, huaxin, zhangWei, zhangLi } = SHOWCASE;

describeEachBackend('customer routes', (backend) => {
  let hub: TestHub;
  let api: CustomerApi;
  const userIds: Record<string, string> = {};
  beforeAll(async () => {
    hub = await startTestHub(backend, { customers: 50 });
    api = await customerApi(hub);
    const { rows } = await hub.db.query<{ username: string; id: string }>('select username, id from users');
    for (const row of rows) userIds[row.username] = row.id;
  });
  afterAll(() => hub.close());

  const now = () => hub.clock.now().toISOString();
  const logRows = async (customerId: string) =>
    (
      await hub.db.query<{ username: string; action: string; reason: string | null; call_id: string | null; at: Date; changes: unknown }>(
        `select u.username, l.action, l.reason, l.call_id, l.at, l.changes from customer_access_log l join users u on u.id = l.user_id
          where l.customer_id = $1 order by l.id`,
        [customerId],
      )
    ).rows.map((row) => ({ ...row, at: new Date(row.at).toISOString() }));
  const logCount = async () => (await hub.db.query<{ n: number }>('select count(*)::int as n from customer_access_log')).rows[0]?.n ?? 0;
  const removeCustomer = (id: string) => hub.db.query('update customers set removed_at = $2 where id = $1', [id, hub.clock.now()]);

  // ── the screen pop ──────────────────────────────────────────────────────────

  it.each([
    ['+86 138 0013 8000', '+8613800138000'],
    ['008613800138000', '+8613800138000'],
    ['13800138000', '+8613800138000'],
    ['138-0013-8000', '+8613800138000'],
    ['(010) 6552 1234', '+861065521234'],
    ['+861065521234', '+861065521234'],
  ])('pops 王建国 when the caller ID is %s', async (phone, e164) => {
    const answer = await api.ok.lookup({ phone });

    expect(answer).toEqual({
      e164,
      items: [
        {
          id: wang.id,
          name: '王建国',
          vipLevel: 3,
          keyAccount: false,
          customerClass: 'individual',
          tags: ['老客户', '复购'],
          phones: [
            { e164: '+8613800138000', kind: 'mobile' },
            { e164: '+861065521234', kind: 'landline' },
          ],
          openComplaints: 0,
          openTickets: 0,
          version: 1,
          updatedAt: expect.any(String),
        },
      ],
    });
  });

  it('pops both customers when a family shares the landline', async () => {
    const answer = await api.ok.lookup({ phone: '0755-8888 6666' });

    expect(answer.e164).toBe(SHOWCASE.familyLandline);
    expect(answer.items.map((card) => card.id).sort()).toEqual([zhangWei.id, zhangLi.id].sort());
  });

  it('flags the open complaint and the key account on the cards', async () => {
    const [complainant] = (await api.ok.lookup({ phone: '+8613901390000' })).items;
    const [company] = (await api.ok.lookup({ phone: '02155550101' })).items;

    expect(complainant).toMatchObject({ id: liMei.id, name: '李梅', vipLevel: 0, openComplaints: 1, openTickets: 1 });
    expect(company).toMatchObject({ id: huaxin.id, keyAccount: true, customerClass: 'enterprise', vipLevel: 1 });
  });

  it('answers an empty pop for a number nobody has', async () => {
    expect(await api.ok.lookup({ phone: '+8613512340000' })).toEqual({ e164: '+8613512340000', items: [] });
  });

  it.each([
    ['an empty number', ''],
    ['anonymous', 'anonymous'],
    ['unknown', 'unknown'],
    ['40 digits', '1'.repeat(40)],
    ['markup', '<script>alert(1)</script>'],
    ['letters among digits', '138abc00138000'],
    ['an extension', '1001'],
  ])('answers e164 null, reads nothing and logs nothing for %s', async (_what, phone) => {
    const before = await logCount();

    expect(await api.ok.lookup({ phone, callId: randomUUID() })).toEqual({ e164: null, items: [] });
    expect(await logCount()).toBe(before);
  });

  it('logs one screen-pop read per card with who, when and the call', async () => {
    const callId = randomUUID();
    hub.clock.advance(1000);

    await api.ok.lookup({ phone: SHOWCASE.familyLandline, callId }, 'callback1');

    for (const id of [zhangWei.id, zhangLi.id]) {
      expect((await logRows(id)).at(-1)).toEqual({ username: 'callback1', action: 'read', reason: 'screen-pop', call_id: callId, at: now(), changes: null });
    }
  });

  it('leaves a removed customer out of the pop, the search and the workspace', async () => {
    const created = await api.ok.create(newCustomer({ name: '钱已合并', phones: ['139 1111 2222'] }));
    await removeCustomer(created.card.id);

    expect((await api.ok.lookup({ phone: '13911112222' })).items).toEqual([]);
    expect((await api.ok.search({ q: '钱已合并' })).items).toEqual([]);
    expect((await api.raw.detail(created.card.id)).statusCode).toBe(404);
  });

  // ── search ──────────────────────────────────────────────────────────────────

  it.each([
    ['a phone number in any format', '138 0013 8000', 'phone', null],
    ['the last digits of a number', '6552 1234', 'phone', null],
    ['an order number in lower case', wang.orderNo.toLowerCase(), 'order', wang.orderNo],
    ['a waybill', wang.waybillNo.toLowerCase(), 'waybill', wang.waybillNo],
    ['a serial number', wang.serialNo.toLowerCase(), 'serial', wang.serialNo],
    ['the start of the name', '王建', 'name', null],
    ['part of the name', '建国', 'name', null],
  ])('finds 王建国 by %s', async (_what, q, matchedBy, matchedValue) => {
    const { items } = await api.ok.search({ q });

    expect(items.find((hit) => hit.card.id === wang.id)).toEqual({ card: expect.objectContaining({ id: wang.id, name: '王建国' }), matchedBy, matchedValue });
  });

  it('lists a customer once, with the first thing it matched, when several keys match', async () => {
    const { items } = await api.ok.search({ q: '13800138000' });

    expect(items.filter((hit) => hit.card.id === wang.id)).toEqual([expect.objectContaining({ matchedBy: 'phone' })]);
    expect(new Set(items.map((hit) => hit.card.id)).size).toBe(items.length);
  });

  it('puts names that start with the input before names that only contain it, up to the limit', async () => {
    await api.ok.create(newCustomer({ name: '甲乙丙', phones: ['13722223333'] }));
    await api.ok.create(newCustomer({ name: '丁甲乙', phones: ['13722224444'] }));

    const { items } = await api.ok.search({ q: '甲乙' });
    const limited = await api.ok.search({ q: '甲乙', limit: 1 });

    expect(items.map((hit) => hit.card.name)).toEqual(['甲乙丙', '丁甲乙']);
    expect(limited.items.map((hit) => hit.card.name)).toEqual(['甲乙丙']);
  });

  it.each(["'; drop table customers; --", "' or '1'='1", '%', '_', '\\', '%%', '王%', '_建国', 'SO%'])(
    'takes %s literally and harms nothing',
    async (q) => {
      const before = await countRows(hub.db, 'customers');

      const { items } = await api.ok.search({ q });

      expect(items.filter((hit) => !hit.card.name.includes(q))).toEqual([]);
      expect(await countRows(hub.db, 'customers')).toBe(before);
    },
  );

  it('finds a name with %, _ and \\ in it by exactly those characters', async () => {
    const odd = await api.ok.create(newCustomer({ name: '百分百%纯_棉\\店', phones: ['13733334444'] }));

    for (const q of ['%', '_', '\\', '%纯_', '百分百%']) {
      expect((await api.ok.search({ q })).items.map((hit) => hit.card.id), q).toEqual([odd.card.id]);
    }
  });

  it('logs one search read per hit and none for a search that finds nobody', async () => {
    hub.clock.advance(1000);
    const before = await logCount();

    await api.ok.search({ q: '没有这个人' });
    expect(await logCount()).toBe(before);
    const { items } = await api.ok.search({ q: '0755 8888 6666' }, 'agent2');

    expect(items).toHaveLength(2);
    expect(await logCount()).toBe(before + 2);
    expect((await logRows(zhangLi.id)).at(-1)).toEqual({ username: 'agent2', action: 'read', reason: 'search', call_id: null, at: now(), changes: null });
  });

  it.each([[''], ['   '], ['x'.repeat(101)]])('answers 400 naming q when it is %j', async (q) => {
    const response = await api.raw.search({ q });

    expect(response.statusCode).toBe(400);
    expect(ApiErrorSchema.parse(response.json())).toMatchObject({ error: 'validation', field: 'q' });
  });

  // ── the workspace ───────────────────────────────────────────────────────────

  it("shows the whole record: contact, orders newest first, units, tickets and the customer's calls and tickets merged newest first", async () => {
    const call = callLogRecord({ startedAt: new Date(hub.clock.now().getTime() - 10 * 60_000).toISOString(), customerId: liMei.id });
    const upload = await hub.app.inject({ method: 'POST', url: '/api/v1/call-logs/batch', headers: bearer(api.tokens.agent1), payload: { records: [call] } });
    expect(upload.statusCode).toBe(200);

    const mei = await api.ok.detail(liMei.id);
    const jianguo = await api.ok.detail(wang.id);

    expect(mei.contact).toEqual({ email: null, address: '上海市浦东新区张杨路 500 号 8 栋 2 单元 601 室', notes: null });
    expect(mei.tickets.map((t) => [t.ticketNo, t.kind, t.open])).toEqual([
      [liMei.openComplaintNo, 'complaint', true],
      ['SH-2025-0417', 'after_sales', false],
    ]);
    expect(mei.timeline.map((item) => [item.kind, item.subtype, item.title, item.outcome, item.by])).toEqual([
      ['call', 'inbound', 'consult-answered', 'completed', '张敏'],
      ['ticket', 'complaint', '快递破损未处理', 'registered', null],
      ['ticket', 'after_sales', '电水壶底座漏水', 'closed', null],
    ]);
    expect(mei.timeline[0]).toMatchObject({ id: call.id, at: new Date(call.startedAt).toISOString() });
    expect(jianguo.orders.map((o) => [o.orderNo, o.shippingState, o.courier, o.waybillNo])).toEqual([
      [wang.orderNo, 'collected', '顺丰', wang.waybillNo],
      ['SO202509130000045', 'delivered', '京东', 'JDX000512345678'],
    ]);
    expect(jianguo.orders[0]?.amountFen).toBe(129_900 + 2 * 19_900);
    expect(jianguo.orders[0]?.items).toEqual([
      { sku: 'HX-AP300', name: 'HX AP300 空气净化器', quantity: 1, unitPriceFen: 129_900 },
      { sku: 'HX-AP300-F', name: 'AP300 复合滤网', quantity: 2, unitPriceFen: 19_900 },
    ]);
    expect(jianguo.products).toEqual([
      { serialNo: wang.serialNo, model: 'HX R5 扫地机器人', purchaseDate: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/), warrantyUntil: expect.any(String), orderNo: 'SO202509130000045' },
    ]);
  });

  it('logs the read of the workspace with its reason, workspace unless told otherwise', async () => {
    hub.clock.advance(1000);
    const callId = randomUUID();

    await api.ok.detail(huaxin.id, {}, 'qa1');
    await api.ok.detail(huaxin.id, { reason: 'screen-pop', callId }, 'agent2');

    expect((await logRows(huaxin.id)).slice(-2)).toEqual([
      { username: 'qa1', action: 'read', reason: 'workspace', call_id: null, at: now(), changes: null },
      { username: 'agent2', action: 'read', reason: 'screen-pop', call_id: callId, at: now(), changes: null },
    ]);
  });

  it('answers 404 for an unknown customer and 400 for what is no id, and logs nothing', async () => {
    const before = await logCount();

    expect((await api.raw.detail(randomUUID())).statusCode).toBe(404);
    const bad = await api.raw.detail('c-0001');
    expect(bad.statusCode).toBe(400);
    expect(ApiErrorSchema.parse(bad.json())).toMatchObject({ error: 'validation', field: 'id' });
    expect((await api.raw.detail(wang.id, { reason: 'curiosity' })).statusCode).toBe(400);
    expect(await logCount()).toBe(before);
  });

  // ── quick-create ────────────────────────────────────────────────────────────

  it('creates a customer with its numbers in E.164, the same number typed twice kept once, and logs the create', async () => {
    hub.clock.advance(1000);
    const request = newCustomer({ name: '  孙新  ', phones: ['+86 136 1234 0001', '13612340001', '0571-8765 4321'], email: '', address: '杭州市西湖区文三路 1 号' });

    const created = await api.ok.create(request, 'callback1');

    expect(created.card).toMatchObject({
      id: request.id,
      name: '孙新',
      version: 1,
      customerClass: 'individual',
      phones: [
        { e164: '+8613612340001', kind: 'mobile' },
        { e164: '+8657187654321', kind: 'landline' },
      ],
      openComplaints: 0,
      updatedAt: now(),
    });
    expect(created).toMatchObject({ contact: { email: null, address: '杭州市西湖区文三路 1 号', notes: null }, createdAt: now(), orders: [], timeline: [] });
    expect((await api.ok.lookup({ phone: '0086 571 87654321' })).items.map((c) => c.id)).toEqual([request.id]);
    expect(await logRows(request.id)).toEqual([
      { username: 'callback1', action: 'create', reason: null, call_id: null, at: now(), changes: null },
      expect.objectContaining({ action: 'read', reason: 'screen-pop' }),
    ]);
  });

  it('answers 200 with the stored customer, creating nothing more, when the same create is retried', async () => {
    const request = newCustomer({ name: '周重试', phones: ['13612340002'] });
    const first = await api.ok.create(request);

    const retry = await api.raw.create({ ...request, id: request.id.toUpperCase(), phones: ['136-1234-0002'] });

    expect(retry.statusCode, retry.body).toBe(200);
    expect(retry.json()).toEqual(first);
    expect((await logRows(request.id)).map((row) => row.action)).toEqual(['create']);
  });

  it('answers 409 and keeps the stored customer when the id comes again with other details', async () => {
    const request = newCustomer({ name: '吴原名', phones: ['13612340003'] });
    await api.ok.create(request);

    const response = await api.raw.create({ ...request, name: '吴别名' });

    expect(response.statusCode).toBe(409);
    expect(ApiErrorSchema.parse(response.json())).toMatchObject({ error: 'conflict' });
    expect((await api.ok.detail(request.id)).card.name).toBe('吴原名');
  });

  it.each([
    ['an extension', '1001', 1],
    ['letters', 'abc', 1],
    ['40 digits', '9'.repeat(40), 1],
    ['a number no plan knows', '+86 123', 1],
  ])('answers 400 naming the number when it is %s, and creates nothing', async (_what, bad, index) => {
    const request = newCustomer({ phones: ['13612340004', bad] });

    const response = await api.raw.create(request);

    expect(response.statusCode).toBe(400);
    expect(ApiErrorSchema.parse(response.json())).toMatchObject({ error: 'validation', field: `phones.${index}` });
    expect((await hub.db.query('select 1 from customers where id = $1', [request.id])).rows).toEqual([]);
  });

  it('answers 400 naming the field for an empty name, no phones or an unknown class', async () => {
    for (const [field, patch] of [
      ['name', { name: '  ' }],
      ['phones', { phones: [] }],
      ['customerClass', { customerClass: 'vip' }],
      ['id', { id: 'new-1' }],
    ] as const) {
      const response = await api.raw.create({ ...newCustomer(), ...patch } as never);
      expect(response.statusCode, field).toBe(400);
      expect(ApiErrorSchema.parse(response.json()).field).toBe(field);
    }
  });

  it('answers 403 to quality assessors, who read customers but do not edit them', async () => {
    expect((await api.raw.create(newCustomer(), 'qa1')).statusCode).toBe(403);
    expect((await api.raw.patch(wang.id, { version: 1, notes: 'x' }, 'qa1')).statusCode).toBe(403);
  });

  // ── contact edits ───────────────────────────────────────────────────────────

  it('edits contact details on the current version, raises it, and logs only what changed', async () => {
    const created = await api.ok.create(newCustomer({ name: '郑编辑', phones: ['13612340005'], email: 'old@example.com', notes: '原备注' }));
    hub.clock.advance(60_000);

    const edited = await api.ok.patch(created.card.id, {
      version: 1,
      name: '郑编辑',
      email: 'new@example.com',
      notes: '',
      phones: ['13612340005', '(021) 6123 4567'],
    }, 'agent2');

    expect(edited.card).toMatchObject({ version: 2, updatedAt: now(), phones: [{ e164: '+8613612340005' }, { e164: '+862161234567' }] });
    expect(edited.contact).toEqual({ email: 'new@example.com', address: null, notes: null });
    expect((await logRows(created.card.id)).at(-1)).toEqual({
      username: 'agent2',
      action: 'update',
      reason: null,
      call_id: null,
      at: now(),
      changes: {
        email: { before: 'old@example.com', after: 'new@example.com' },
        notes: { before: '原备注', after: null },
        phones: { before: ['+8613612340005'], after: ['+8613612340005', '+862161234567'] },
      },
    });
    expect((await api.ok.lookup({ phone: '021-61234567' })).items.map((c) => c.id)).toEqual([created.card.id]);
  });

  it('answers 409 and changes nothing when someone else edited the record first', async () => {
    const created = await api.ok.create(newCustomer({ name: '冯并发', phones: ['13612340006'] }));
    await api.ok.patch(created.card.id, { version: 1, address: '第一位坐席写的地址' }, 'agent1');

    const late = await api.raw.patch(created.card.id, { version: 1, address: '第二位坐席写的地址' }, 'agent2');

    expect(late.statusCode).toBe(409);
    expect(ApiErrorSchema.parse(late.json())).toMatchObject({ error: 'conflict', field: 'version', message: expect.stringMatching(/someone else changed/i) });
    const stored = await api.ok.detail(created.card.id);
    expect([stored.card.version, stored.contact.address]).toEqual([2, '第一位坐席写的地址']);
  });

  it('answers 200 without a new version or a log entry when the edit changes nothing', async () => {
    const created = await api.ok.create(newCustomer({ name: '陈不变', phones: ['13612340007'], address: '原地址' }));
    const before = (await logRows(created.card.id)).length;

    const same = await api.ok.patch(created.card.id, { version: 1, name: '陈不变', address: ' 原地址 ', phones: ['136 1234 0007'] });

    expect(same.card.version).toBe(1);
    expect(await logRows(created.card.id)).toHaveLength(before);
  });

  it('answers 404 for an edit of an unknown or removed customer', async () => {
    const created = await api.ok.create(newCustomer({ name: '褚已删', phones: ['13612340008'] }));
    await removeCustomer(created.card.id);

    expect((await api.raw.patch(created.card.id, { version: 1, notes: 'x' })).statusCode).toBe(404);
    expect((await api.raw.patch(randomUUID(), { version: 1, notes: 'x' })).statusCode).toBe(404);
  });

  it('answers 400 naming the number when an edit brings an invalid one', async () => {
    const response = await api.raw.patch(wang.id, { version: 1, phones: ['13800138000', 'anonymous'] });

    expect(response.statusCode).toBe(400);
    expect(ApiErrorSchema.parse(response.json())).toMatchObject({ field: 'phones.1' });
  });

  // ── the access log ──────────────────────────────────────────────────────────

  it.each(['agent1', 'callback1', 'qa1'] as const)('answers 403 when %s asks for the access log', async (username) => {
    expect((await api.raw.accessLog(wang.id, username)).statusCode).toBe(403);
  });

  it.each(['supervisor1', 'manager1', 'admin'] as const)('shows %s who read and changed a record, newest first', async (username) => {
    const created = await api.ok.create(newCustomer({ name: '卫审计', phones: ['13612340009'] }), 'agent1');
    hub.clock.advance(1000);
    await api.ok.patch(created.card.id, { version: 1, notes: '已回访' }, 'agent2');
    hub.clock.advance(1000);
    await api.ok.detail(created.card.id, { reason: 'workspace' }, 'callback1');

    const { items } = await api.ok.accessLog(created.card.id, username);

    const t = (msAgo: number) => new Date(hub.clock.now().getTime() - msAgo).toISOString();
    expect(items).toEqual([
      { at: t(0), username: 'callback1', displayName: '王芳', action: 'read', reason: 'workspace', changes: null },
      { at: t(1000), username: 'agent2', displayName: '李娜', action: 'update', reason: null, changes: { notes: { before: null, after: '已回访' } } },
      { at: t(2000), username: 'agent1', displayName: '张敏', action: 'create', reason: null, changes: null },
    ]);
  });

  it('answers 404 for the access log of a customer that never was', async () => {
    expect((await api.raw.accessLog(randomUUID())).statusCode).toBe(404);
  });

  it('documents the customer routes in the OpenAPI document', async () => {
    const response = await hub.app.inject({ method: 'GET', url: '/api/docs/json', headers: bearer(api.tokens.admin) });

    const paths = response.json<{ paths: Record<string, Record<string, { tags?: string[] }>> }>().paths;
    expect(Object.keys(paths).filter((path) => path.startsWith('/api/v1/customers')).sort()).toEqual([
      '/api/v1/customers',
      '/api/v1/customers/changes',
      '/api/v1/customers/lookup',
      '/api/v1/customers/{id}',
      '/api/v1/customers/{id}/access-log',
    ]);
    expect(paths['/api/v1/customers']?.post?.tags).toEqual(['customers']);
  });
});
