import { createHash } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { migrate } from '../../../hub/src/db/migrate';
import { normalizePhone } from '../../../shared/telephony/phone-number';
import { seedDemo, type SeedSummary } from '../../../hub/src/seed/demo';
import { SHOWCASE, SHOWCASE_NUMBERS } from '../../../hub/src/seed/demo-showcase';
import { DEMO_FLOW_DIR, readFlowLibrary } from '../../../hub/src/seed/demo-flows';
import { flowInput, step, t } from '../../support/flow-builders';
import { FakeClock } from '../../support/hub-clock';
import { countRows, createTestDatabase, describeEachBackend, type TestDatabase } from '../../support/hub-db';

describeEachBackend('seedDemo', (backend) => {
  let database: TestDatabase;
  let first: SeedSummary;
  const clock = new FakeClock();
  beforeAll(async () => {
    database = await createTestDatabase(backend);
    await migrate(database.db);
    first = await seedDemo(database.db, { clock });
  });
  afterAll(() => database.dispose());

  const SHOWCASE_COUNT = 5;
  const count = async (sql: string, params: unknown[] = []) => (await database.db.query<{ n: number }>(sql, params)).rows[0]?.n;

  it('creates 3000 customers, the showcase and the sixteen demo users when run with defaults', async () => {
    expect(first).toMatchObject({ users: 16, customers: 3000, showcase: SHOWCASE_COUNT, complaints: 10, callbacks: 16 });
    expect(await countRows(database.db, 'customers')).toBe(3000 + SHOWCASE_COUNT);
    expect(await countRows(database.db, 'customer_phones')).toBe(first.phones);
    expect(first.skippedPhones).toBeGreaterThan(0);
  });

  it('stores only valid E.164 numbers and leaves no customer without one', async () => {
    const { rows } = await database.db.query<{ e164: string; raw: string; kind: string }>('select e164, raw, kind from customer_phones');
    const { rows: bare } = await database.db.query<{ n: number }>(
      'select count(*)::int as n from customers c where not exists (select 1 from customer_phones p where p.customer_id = c.id)',
    );

    expect(rows.filter((row) => normalizePhone(row.raw)?.e164 !== row.e164 || normalizePhone(row.e164)?.kind !== row.kind)).toEqual([]);
    expect(bare[0]?.n).toBe(0);
  });

  it('makes about one customer in twenty a VIP and some of them key accounts', async () => {
    const { rows } = await database.db.query<{ vip: number; key: number; classes: number }>(
      `select count(*) filter (where vip_level > 0)::int as vip, count(*) filter (where key_account)::int as key,
              count(distinct customer_class)::int as classes from customers`,
    );

    expect(rows[0]?.vip).toBeGreaterThan(90);
    expect(rows[0]?.vip).toBeLessThan(220);
    expect(rows[0]?.key).toBeGreaterThan(30);
    expect(rows[0]?.classes).toBe(3);
  });

  it('derives the SIP HA1 of agent1 from extension, realm and the demo secret', async () => {
    const { rows } = await database.db.query<{ sip_extension: string; sip_ha1: string }>(
      "select sip_extension, sip_ha1 from users where username = 'agent1'",
    );

    expect(rows[0]).toEqual({
      sip_extension: '1001',
      sip_ha1: createHash('md5').update('1001:callcenter.local:sip-1001-demo').digest('hex'),
    });
  });

  it('creates the Not-ready reasons in menu order, without after-call work', async () => {
    const { rows } = await database.db.query<{ code: string; label_zh: string; active: boolean }>(
      'select code, label_zh, active from reason_codes order by position',
    );

    expect(rows.map((r) => [r.code, r.label_zh])).toEqual([
      ['break', '小休'],
      ['meal', '用餐'],
      ['training', '培训'],
      ['meeting', '会议'],
      ['outbound', '外呼任务'],
      ['system-issue', '系统故障'],
    ]);
    expect(rows.every((r) => r.active)).toBe(true);
  });

  it('creates the disposition codes in menu order with both labels', async () => {
    const { rows } = await database.db.query<{ code: string; label_zh: string; label_en: string; active: boolean }>(
      'select code, label_zh, label_en, active from disposition_codes order by position',
    );

    expect(rows.map((r) => r.label_zh)).toEqual([
      '咨询已解答',
      '已转专业部门',
      '下单 / 改单',
      '售后已登记',
      '维修完成',
      '已送达',
      '投诉已登记',
      '已承诺回电',
      '打错电话',
      '无声 / 掉线',
      '其他',
    ]);
    expect(rows.every((r) => r.active && r.label_en.length > 0)).toBe(true);
  });

  it('duplicates nothing when it runs a second time', async () => {
    const events = await count('select count(*)::int as n from ticket_events');
    const second = await seedDemo(database.db, { clock });

    expect(second).toMatchObject({ users: 0, customers: 0, showcase: 0, phones: 0, orders: 0, products: 0, tickets: 0, flows: 0, complaints: 0, callbacks: 0 });
    expect(await countRows(database.db, 'customers')).toBe(3000 + SHOWCASE_COUNT);
    expect(await count('select count(*)::int as n from orders')).toBe(first.orders);
    expect(await count('select count(*)::int as n from product_units')).toBe(first.products);
    expect(await count('select count(*)::int as n from tickets')).toBe(first.tickets);
    expect(await countRows(database.db, 'users')).toBe(16);
    expect(await count('select count(*)::int as n from ticket_events')).toBe(events);
    const { rows } = await database.db.query<{ n: number }>('select count(*)::int as n from departments');
    expect(rows[0]?.n).toBe(12);
    const reasons = await database.db.query<{ n: number }>('select count(*)::int as n from reason_codes');
    expect(reasons.rows[0]?.n).toBe(6);
    const dispositions = await database.db.query<{ n: number }>('select count(*)::int as n from disposition_codes');
    expect(dispositions.rows[0]?.n).toBe(11);
    expect(await count('select count(*)::int as n from queue_dispositions')).toBe(17);
  });

  it('adds only the missing customers when a larger count is asked', async () => {
    const larger = await seedDemo(database.db, { clock, customers: 3100 });

    expect(larger.customers).toBe(100);
    expect(await countRows(database.db, 'customers')).toBe(3100 + SHOWCASE_COUNT);
  });

  it('gives most customers orders, their parcels in every shipping state, and waybills only to collected parcels', async () => {
    const { rows } = await database.db.query<{ state: string; n: number; with_waybill: number }>(
      `select shipping_state as state, count(*)::int as n, count(waybill_no)::int as with_waybill from orders group by 1 order by 1`,
    );
    const customersWithOrders = await count('select count(distinct customer_id)::int as n from orders');

    expect(rows.map((r) => r.state)).toEqual(['collected', 'delivered', 'not_printed', 'printed']);
    for (const row of rows) expect(row.with_waybill).toBe(row.state === 'collected' || row.state === 'delivered' ? row.n : 0);
    expect(first.orders).toBeGreaterThan(3000);
    expect(customersWithOrders).toBeGreaterThan(1800);
    expect(await count(`select count(*)::int as n from orders where waybill_no !~ '^(SF[0-9]{12}|YT[0-9]{13}|7[358][0-9]{12}|JDX[0-9]{12})$'`)).toBe(0);
    expect(await count('select count(*)::int as n from orders where amount_fen <= 0 or jsonb_array_length(items) = 0')).toBe(0);
  });

  it('files product units by serial number with a warranty after the purchase', async () => {
    expect(first.products).toBeGreaterThan(500);
    expect(await count(`select count(*)::int as n from product_units where serial_no !~ '^HX-20[0-9]{2}-[0-9]{6,}$'`)).toBe(0);
    expect(await count('select count(*)::int as n from product_units where warranty_until <= purchase_date')).toBe(0);
  });

  it('gives about 3% of customers an open complaint and about 10% a closed one', async () => {
    const { rows } = await database.db.query<{ open: number; closed: number; after_sales: number }>(
      `select count(distinct customer_id) filter (where kind = 'complaint' and closed_at is null)::int as open,
              count(distinct customer_id) filter (where kind = 'complaint' and closed_at is not null)::int as closed,
              count(*) filter (where kind = 'after_sales')::int as after_sales
         from tickets`,
    );

    expect(rows[0]?.open).toBeGreaterThan(50);
    expect(rows[0]?.open).toBeLessThan(140);
    expect(rows[0]?.closed).toBeGreaterThan(220);
    expect(rows[0]?.closed).toBeLessThan(400);
    expect(rows[0]?.after_sales).toBeGreaterThan(60);
  });

  it('stores the showcase as the end-to-end tests expect it, and no generated customer has its numbers', async () => {
    const owners = await database.db.query<{ e164: string; ids: string[] }>(
      'select e164, array_agg(customer_id::text order by customer_id) as ids from customer_phones where e164 = any($1::text[]) group by e164',
      [[...SHOWCASE_NUMBERS]],
    );
    const { rows } = await database.db.query<{ name: string; vip_level: number; key_account: boolean; customer_class: string; tags: string[] }>(
      'select name, vip_level, key_account, customer_class, tags from customers where id = any($1::uuid[]) order by name',
      [[SHOWCASE.wangJianguo.id, SHOWCASE.liMei.id, SHOWCASE.huaxin.id]],
    );

    const byNumber = Object.fromEntries(owners.rows.map((r) => [r.e164, r.ids]));
    expect(byNumber).toEqual({
      '+8613800138000': [SHOWCASE.wangJianguo.id],
      '+861065521234': [SHOWCASE.wangJianguo.id],
      '+8613901390000': [SHOWCASE.liMei.id],
      '+862155550101': [SHOWCASE.huaxin.id],
      '+8613755668899': [SHOWCASE.zhangWei.id],
      '+8615987654321': [SHOWCASE.zhangLi.id],
      [SHOWCASE.familyLandline]: [SHOWCASE.zhangLi.id, SHOWCASE.zhangWei.id].sort(),
    });
    expect(rows).toEqual([
      { name: '北京华信电子有限公司', vip_level: 1, key_account: true, customer_class: 'enterprise', tags: ['批量采购'] },
      { name: '李梅', vip_level: 0, key_account: false, customer_class: 'individual', tags: [] },
      { name: '王建国', vip_level: 3, key_account: false, customer_class: 'individual', tags: ['老客户', '复购'] },
    ].sort((a, b) => (a.name < b.name ? -1 : 1)));
    expect(await count("select count(*)::int as n from tickets where ticket_no = $1 and kind = 'complaint' and closed_at is null", [SHOWCASE.liMei.openComplaintNo])).toBe(1);
    expect(await count("select count(*)::int as n from orders where order_no = $1 and shipping_state = 'collected' and waybill_no = $2", [SHOWCASE.wangJianguo.orderNo, SHOWCASE.wangJianguo.waybillNo])).toBe(1);
    expect(await count('select count(*)::int as n from product_units where serial_no = $1 and customer_id = $2', [SHOWCASE.wangJianguo.serialNo, SHOWCASE.wangJianguo.id])).toBe(1);
  });

  it('gives department staff and the general manager their departments, and the general manager the top of the chain', async () => {
    const { rows } = await database.db.query<{ username: string; role: string; department_code: string | null }>(
      'select username, role, department_code from users order by username',
    );
    const chain = await database.db.query<{ level: number; username: string | null }>(
      'select e.level, u.username from escalation_levels e left join users u on u.id = e.user_id order by e.level',
    );

    expect(rows.filter((r) => r.role === 'department').map((r) => [r.username, r.department_code])).toEqual([
      ['field1', 'market-service'],
      ['logistics1', 'logistics'],
      ['production1', 'production'],
      ['qm1', 'quality-management'],
      ['sales1', 'sales'],
      ['tech1', 'tech-service'],
    ]);
    expect(rows.find((r) => r.username === 'gm')).toEqual({ username: 'gm', role: 'manager', department_code: 'gm-office' });
    expect(rows.find((r) => r.username === 'admin')?.department_code).toBeNull();
    expect(chain.rows).toEqual([
      { level: 1, username: 'manager1' },
      { level: 2, username: 'gm' },
    ]);
  });

  it('works demo complaints through the procedure into every stage, for generated customers only', async () => {
    const { rows } = await database.db.query<{ status: string; waiting_on: string | null; version: number; lines: number; overdue: boolean; customer_id: string }>(
      `select t.status, t.waiting_on, t.version, t.customer_id, (t.closed_at is null and t.step_due_at < $1) as overdue,
              (select count(*)::int from ticket_events e where e.ticket_id = t.id) as lines
         from tickets t where t.kind = 'complaint' and t.request_hash is not null order by t.opened_at`,
      [clock.now()],
    );

    expect(rows.map((r) => [r.status, r.waiting_on]).sort()).toEqual(
      [
        ['registered', 'service'],
        ['closed', null],
        ['investigation_dispatched', 'market-service'],
        ['with_department', 'logistics'],
        ['awaiting_approval', 'gm-office'],
        ['tracking', 'service'],
        ['closed', null],
        ['returned', 'production'],
        ['callback_due', 'callback'],
        ['callback_due', 'callback'],
      ].sort(),
    );
    // The history is the procedure's: one line per action after the opening one.
    expect(rows.every((r) => r.lines === r.version)).toBe(true);
    // The first callback-due case's callback was promised long ago and is late (its step is overdue).
    expect(rows.filter((r) => r.overdue).map((r) => r.status)).toEqual(['callback_due', 'investigation_dispatched']);
    const showcase = new Set<string>(Object.values(SHOWCASE).flatMap((c) => (typeof c === 'object' && 'id' in c ? [c.id] : [])));
    expect(rows.some((r) => showcase.has(r.customer_id))).toBe(false);
    expect(await count(`select count(*)::int as n from callbacks where type = 'complaint' and status = 'done'`)).toBe(2);
  });

  it('puts the open generated complaints in the service department\'s queue, waiting to be triaged', async () => {
    const { rows } = await database.db.query<{ status: string; waiting_on: string | null; due: boolean }>(
      `select status, waiting_on, step_due_at is not null as due from tickets
        where kind = 'complaint' and closed_at is null and request_hash is null group by 1, 2, 3`,
    );

    expect(rows).toEqual([{ status: 'registered', waiting_on: 'service', due: true }]);
  });

  it('fills the callback worklist: every type, overdue and later, pool and callback1, VIPs high, the complaint callbacks counted in', async () => {
    const { rows } = await database.db.query<{ type: string; source: string; assignee: string | null; overdue: boolean; priority: string; phone: string | null; vip: boolean; in_hours: boolean }>(
      `select c.type, c.source, c.assignee, c.due_at <= $1 as overdue, c.priority, c.phone, (cu.vip_level > 0 or cu.key_account) as vip,
              (extract(hour from c.due_at at time zone 'Asia/Shanghai') between 9 and 19) as in_hours
         from callbacks c join customers cu on cu.id = c.customer_id where c.status = 'pending'`,
      [clock.now()],
    );

    expect(rows).toHaveLength(12);
    expect(new Set(rows.map((r) => r.type))).toEqual(new Set(['pre_sales', 'after_sales', 'complaint']));
    expect(rows.filter((r) => r.type === 'complaint').map((r) => r.source)).toEqual(['complaint', 'complaint']);
    expect(rows.filter((r) => r.overdue).length).toBeGreaterThanOrEqual(3);
    expect(rows.filter((r) => !r.overdue).length).toBeGreaterThanOrEqual(3);
    expect(rows.filter((r) => r.assignee === 'callback1').length).toBeGreaterThanOrEqual(3);
    expect(rows.filter((r) => r.assignee === null).length).toBeGreaterThanOrEqual(3);
    expect(rows.filter((r) => r.priority === 'high').length).toBeGreaterThanOrEqual(2);
    expect(rows.every((r) => r.priority === (r.vip ? 'high' : 'normal'))).toBe(true);
    // The demo's own tasks call the customer's number, inside the calling hours.
    expect(rows.filter((r) => r.type !== 'complaint').every((r) => r.phone !== null && r.in_hours)).toBe(true);
    // A week of worked callbacks behind them, so the figures (回访统计) of a fresh demo say something.
    const report = await database.db.query<{ status: string; end_reason: string; by: string; surveyed: boolean; attempts: number }>(
      `select c.status, c.end_reason, c.assignee as by, c.survey_at is not null as surveyed, (select count(*)::int from callback_attempts a where a.callback_id = c.id) as attempts
         from callbacks c where c.status <> 'pending' and c.type <> 'complaint' order by c.due_at`,
    );
    expect(report.rows.map((r) => r.end_reason).sort()).toEqual(['reached', 'surveyed', 'surveyed', 'surveyed', 'surveyed', 'unreachable']);
    expect(new Set(report.rows.map((r) => r.by))).toEqual(new Set(['callback1', 'callback2']));
    expect(report.rows.find((r) => r.end_reason === 'unreachable')?.attempts).toBe(3);
    const callback2 = await database.db.query<{ role: string; sip_extension: string }>(`select role, sip_extension from users where username = 'callback2'`);
    expect(callback2.rows).toEqual([{ role: 'callback', sip_extension: '1102' }]);
  });

  it('stamps every customer with its own change_seq', async () => {
    expect(await count('select count(distinct change_seq)::int as n from customers')).toBe(await countRows(database.db, 'customers'));
  });
});

describeEachBackend('seedDemo: the flow library', (backend) => {
  let database: TestDatabase;
  let dir: string;
  const clock = new FakeClock();
  beforeAll(async () => {
    database = await createTestDatabase(backend);
    await migrate(database.db);
    dir = await mkdtemp(join(tmpdir(), 'hub-flows-'));
  });
  afterAll(async () => {
    await database.dispose();
    await rm(dir, { recursive: true, force: true });
  });

  const libraryFlow = (id: string, ivrChoice: string) =>
    stringify(
      flowInput([step('greet', { say: t('您好'), next: 'done' }), step('done', { actions: [{ type: 'set_disposition', code: 'consult-answered' }], end: { outcome: 'resolved' } })], {
        id,
        triggers: { ivrChoices: [ivrChoice] },
      }),
    );
  const versions = async () =>
    (await database.db.query<{ id: string; version: number; published_by: string }>('select id, version, published_by from flows order by id, version')).rows;

  it('publishes every library file as version 1 by system, and adds nothing on a second run', async () => {
    await writeFile(join(dir, 'a.yaml'), libraryFlow('library.a', 'queue-a'));
    await writeFile(join(dir, 'b.yaml'), libraryFlow('library.b', 'queue-b'));
    await writeFile(join(dir, 'notes.txt'), 'not a flow');

    const first = await seedDemo(database.db, { clock, customers: 0, flowDir: dir });
    const second = await seedDemo(database.db, { clock, customers: 0, flowDir: dir });

    expect([first.flows, second.flows]).toEqual([2, 0]);
    expect(await versions()).toEqual([
      { id: 'library.a', version: 1, published_by: 'system' },
      { id: 'library.b', version: 1, published_by: 'system' },
    ]);
  });

  it('fails loudly, naming the file and its problems, when a library file does not pass the checks', async () => {
    const broken = await mkdtemp(join(tmpdir(), 'hub-flows-broken-'));
    try {
      const flow = flowInput([step('greet', { actions: [{ type: 'transfer', department: 'nowhere' }], end: { outcome: 'transferred' } })], { id: 'library.broken' });
      await writeFile(join(broken, 'broken.yaml'), stringify(flow));

      await expect(seedDemo(database.db, { clock, customers: 0, flowDir: broken })).rejects.toThrow(/broken\.yaml[\s\S]*unknown_department[\s\S]*nowhere/);
      expect((await versions()).map((v) => v.id)).not.toContain('library.broken');
    } finally {
      await rm(broken, { recursive: true, force: true });
    }
  });

  it("publishes every file of the shipped library, each one passing the hub's checks", async () => {
    const files = await readFlowLibrary(DEMO_FLOW_DIR);
    const fresh = await createTestDatabase(backend);
    try {
      await migrate(fresh.db);
      const summary = await seedDemo(fresh.db, { clock, customers: 0 });

      expect(summary.flows).toBe(files.length);
    } finally {
      await fresh.dispose();
    }
  });
});
