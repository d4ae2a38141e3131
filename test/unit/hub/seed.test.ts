import { createHash } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { migrate } from '../../../hub/src/db/migrate';
import { normalizePhone } from '../../../shared/telephony/phone-number';
import { seedDemo, type SeedSummary } from '../../../hub/src/seed/demo';
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

  it('creates 3000 customers and the seven demo users when run with defaults', async () => {
    expect(first).toMatchObject({ users: 7, customers: 3000 });
    expect(await countRows(database.db, 'customers')).toBe(3000);
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

    expect(rows.map((r) => r.label_zh)).toEqual(['咨询已解答', '已转专业部门', '下单 / 改单', '售后已登记', '投诉已登记', '已承诺回电', '打错电话', '无声 / 掉线', '其他']);
    expect(rows.every((r) => r.active && r.label_en.length > 0)).toBe(true);
  });

  it('duplicates nothing when it runs a second time', async () => {
    const second = await seedDemo(database.db, { clock });

    expect(second).toMatchObject({ users: 0, customers: 0, phones: 0 });
    expect(await countRows(database.db, 'customers')).toBe(3000);
    expect(await countRows(database.db, 'users')).toBe(7);
    const { rows } = await database.db.query<{ n: number }>('select count(*)::int as n from departments');
    expect(rows[0]?.n).toBe(12);
    const reasons = await database.db.query<{ n: number }>('select count(*)::int as n from reason_codes');
    expect(reasons.rows[0]?.n).toBe(6);
    const dispositions = await database.db.query<{ n: number }>('select count(*)::int as n from disposition_codes');
    expect(dispositions.rows[0]?.n).toBe(9);
  });

  it('adds only the missing customers when a larger count is asked', async () => {
    const larger = await seedDemo(database.db, { clock, customers: 3100 });

    expect(larger.customers).toBe(100);
    expect(await countRows(database.db, 'customers')).toBe(3100);
  });
});
