import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { migrate, SchemaTooNewError } from '../../../hub/src/db/migrate';
import { migrations } from '../../../hub/src/db/migrations/index';
import { createTestDatabase, describeEachBackend, type TestDatabase } from '../../support/hub-db';

describeEachBackend('migrate', (backend) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase(backend);
  });
  afterAll(() => database.dispose());

  const appliedVersions = async () =>
    (await database.db.query<{ version: number }>('select version from schema_migrations order by version')).rows.map((r) => r.version);

  // First in the file: it needs the database still empty.
  it('applies each migration once when several hubs migrate a fresh database at the same time', async () => {
    // On PostgreSQL the third call comes through its own pool, as from a second hub process.
    const other = backend === 'postgres' ? await database.connectAgain() : database.db;

    const results = await Promise.all([migrate(database.db), migrate(database.db), migrate(other)]);

    expect(results.flat().sort((a, b) => a - b)).toEqual(migrations.map((m) => m.version));
    expect(await appliedVersions()).toEqual(migrations.map((m) => m.version));
  });

  it('applies nothing when the schema is already current', async () => {
    expect(await migrate(database.db)).toEqual([]);
    expect(await appliedVersions()).toEqual(migrations.map((m) => m.version));
  });

  it('leaves the schema untouched when a migration fails', async () => {
    const broken = { version: 1000, name: 'broken', statements: ['create table probe (id int)', 'select * from no_such_table'] };

    await expect(migrate(database.db, [...migrations, broken])).rejects.toThrow(/no_such_table/);

    const { rows } = await database.db.query<{ probe: string | null }>("select to_regclass('probe')::text as probe");
    expect(rows[0]?.probe).toBeNull();
    expect(await appliedVersions()).not.toContain(1000);
  });

  it('refuses to run when the database is newer than the hub', async () => {
    await database.db.query("insert into schema_migrations (version, name) values (999, 'from-the-future')");
    try {
      await expect(migrate(database.db)).rejects.toBeInstanceOf(SchemaTooNewError);
    } finally {
      await database.db.query('delete from schema_migrations where version = 999');
    }
  });

  it('refuses a migration list when versions are out of order', async () => {
    const [first] = migrations;
    if (first === undefined) throw new Error('no migrations');

    await expect(migrate(database.db, [first, { ...first, name: 'again' }])).rejects.toThrow(/out of order/);
  });
});

describeEachBackend('migration 0004 (customers)', (backend) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase(backend);
  });
  afterAll(() => database.dispose());

  it('gives every customer of an existing book its own change_seq and version 1, and stamps later writes', async () => {
    const before = migrations.filter((m) => m.version < 4);
    await migrate(database.db, before);
    await database.db.query(
      `insert into customers (name, customer_class) select '客户' || n, 'individual' from generate_series(1, 50) as n`,
    );

    await migrate(database.db);

    const stamped = await database.db.query<{ n: number; seqs: number; v1: number }>(
      'select count(*)::int as n, count(distinct change_seq)::int as seqs, count(*) filter (where version = 1)::int as v1 from customers',
    );
    expect(stamped.rows[0]).toEqual({ n: 50, seqs: 50, v1: 50 });
    const { rows } = await database.db.query<{ before: string; after: string }>(
      `with old as (select max(change_seq) as m from customers)
       update customers set notes = 'x' where name = '客户1' returning (select m from old)::text as before, change_seq::text as after`,
    );
    expect(BigInt(rows[0]?.after ?? 0)).toBeGreaterThan(BigInt(rows[0]?.before ?? 0));
  });
});

describeEachBackend('migration 0005 (flows)', (backend) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase(backend);
  });
  afterAll(() => database.dispose());

  const changeSeq = async (id: string) =>
    BigInt((await database.db.query<{ s: string }>('select change_seq::text as s from customers where id = $1', [id])).rows[0]?.s ?? 0);

  it('keeps the tickets of an existing book as imported, phone, unescalated tickets without answers', async () => {
    await migrate(database.db, migrations.filter((m) => m.version < 5));
    const { rows: inserted } = await database.db.query<{ id: string }>("insert into customers (name, customer_class) values ('客户', 'individual') returning id");
    await database.db.query(
      `insert into tickets (id, ticket_no, customer_id, kind, title, status, opened_at, updated_at)
       values (gen_random_uuid(), 'TS-2025-100001', $1, 'complaint', '旧投诉', 'open', now(), now())`,
      [inserted[0]?.id],
    );

    await migrate(database.db);

    const { rows } = await database.db.query('select channel, escalation_level, answers, opened_by, flow_id, request_hash from tickets');
    expect(rows).toEqual([{ channel: 'phone', escalation_level: 0, answers: [], opened_by: 'system', flow_id: null, request_hash: null }]);
  });

  it("touches the customer's card when a ticket without a customer is given one", async () => {
    const { rows } = await database.db.query<{ id: string }>("insert into customers (name, customer_class) values ('来电人', 'individual') returning id");
    const customerId = rows[0]?.id ?? '';
    const ticketId = randomUUID();
    await database.db.query(
      `insert into tickets (id, ticket_no, customer_id, kind, title, status, opened_at, updated_at)
       values ($1, 'TS-2026-900001', null, 'complaint', '陌生来电投诉', 'registered', now(), now())`,
      [ticketId],
    );
    const before = await changeSeq(customerId);

    await database.db.query('update tickets set customer_id = $2 where id = $1', [ticketId, customerId]);

    expect(await changeSeq(customerId)).toBeGreaterThan(before);
  });
});
