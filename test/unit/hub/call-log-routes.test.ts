import fc from 'fast-check';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import {
  CALL_LOG_BATCH_MAX_BYTES,
  CallLogBatchResponseSchema,
  CallLogPageSchema,
  type CallLogBatchResult,
  type CallLogRecord,
} from '../../../shared/api/call-logs';
import { ApiErrorSchema } from '../../../shared/api/errors';
import { createHub } from '../../../hub/src/app';
import { checkCallLog } from '../../../hub/src/call-logs/call-log-check';
import { canonicalJson, sha256Hex } from '../../../hub/src/call-logs/canonical-json';
import type { Queryable } from '../../../hub/src/db/db';
import { mulberry32 } from '../../../hub/src/seed/prng';
import { callLogRecord } from '../../support/call-log-records';
import { bearer, loginAs, startTestHub, type TestHub } from '../../support/hub-app';
import { describeEachBackend } from '../../support/hub-db';
import { lockWaiters, waitUntil } from '../../support/pg-locks';

/** Version n of a call, its content a function of n: the same n twice is a retry. */
const versionOf = (call: CallLogRecord, n: number): CallLogRecord => ({ ...call, version: n, wrapUp: { ...call.wrapUp, notes: `${call.wrapUp.notes}（第 ${n} 版）` } });
const newestFirst = (a: { startedAt: string; id: string }, b: { startedAt: string; id: string }) =>
  Date.parse(b.startedAt) - Date.parse(a.startedAt) || (b.id < a.id ? -1 : b.id > a.id ? 1 : 0);
const chunks = <T>(items: readonly T[], size: number): T[][] =>
  Array.from({ length: Math.ceil(items.length / size) }, (_, i) => items.slice(i * size, (i + 1) * size));

describeEachBackend('call log routes', (backend) => {
  let hub: TestHub;
  const tokens: Record<string, string> = {};
  const userIds: Record<string, string> = {};
  beforeAll(async () => {
    hub = await startTestHub(backend, { customers: 0 });
    for (const username of ['agent1', 'agent2', 'callback1', 'qa1', 'supervisor1', 'manager1', 'admin']) tokens[username] = await hub.login(username);
    const { rows } = await hub.db.query<{ username: string; id: string }>('select username, id from users');
    for (const row of rows) userIds[row.username] = row.id;
  });
  afterAll(() => hub.close());
  beforeEach(async () => {
    await hub.db.query('delete from call_logs');
  });

  const minutesAgo = (minutes: number) => new Date(hub.clock.now().getTime() - minutes * 60_000).toISOString();
  const upload = (username: string, records: readonly unknown[], app: FastifyInstance = hub.app, token = tokens[username] ?? '') =>
    app.inject({ method: 'POST', url: '/api/v1/call-logs/batch', headers: bearer(token), payload: { records } });
  const uploaded = async (username: string, records: readonly unknown[], app?: FastifyInstance, token?: string): Promise<CallLogBatchResult[]> => {
    const response = await upload(username, records, app, token);
    expect(response.statusCode, response.body).toBe(200);
    return CallLogBatchResponseSchema.parse(response.json()).results;
  };
  const list = (username: string, query: Record<string, string | number> = {}) =>
    hub.app.inject({
      method: 'GET',
      url: '/api/v1/call-logs',
      query: Object.fromEntries(Object.entries(query).map(([key, value]) => [key, String(value)])),
      headers: bearer(tokens[username] ?? ''),
    });
  const page = async (username: string, query: Record<string, string | number> = {}) => {
    const response = await list(username, query);
    expect(response.statusCode, response.body).toBe(200);
    return CallLogPageSchema.parse(response.json());
  };
  const storedRows = async () =>
    (await hub.db.query<{ id: string; agent_id: string; version: number; record: CallLogRecord }>('select id, agent_id, version, record from call_logs order by id')).rows;
  const created = (records: readonly CallLogRecord[]) =>
    records.map((record, index) => ({ index, id: record.id, outcome: 'created', storedVersion: record.version }));
  /** What the list gives for a call agent1 uploaded at the hub's current time. */
  const asStored = (record: CallLogRecord, receivedAt = hub.clock.now().toISOString(), updatedAt = receivedAt) => ({
    ...record,
    agentId: userIds.agent1,
    agentName: '张敏',
    receivedAt,
    updatedAt,
  });

  it('stores new calls and answers created with each version, in the order sent', async () => {
    const records = [callLogRecord({ startedAt: minutesAgo(30) }), callLogRecord({ startedAt: minutesAgo(20), version: 4 })];

    const results = await uploaded('agent1', records);

    expect(results).toEqual(created(records));
    expect((await storedRows()).map((row) => [row.id, row.agent_id, row.version])).toEqual(
      records.map((r) => [r.id, userIds.agent1, r.version]).sort((a, b) => String(a[0]).localeCompare(String(b[0]))),
    );
  });

  it('answers unchanged and keeps one intact row per call when the same batch is replayed twice', async () => {
    const start = Date.parse(minutesAgo(50));
    const records: CallLogRecord[] = [
      callLogRecord({ startedAt: minutesAgo(40) }),
      callLogRecord({
        startedAt: '2026-03-02T16:20:00.000+08:00',
        status: 'interrupted',
        answeredAt: null,
        endedAt: null,
        endedBy: null,
        endCause: null,
        interruption: { lastSeenAt: '2026-03-02T16:21:30.000+08:00', detectedAt: '2026-03-02T16:25:00.000+08:00' },
        customerId: null,
        script: null,
        scriptAnswers: [],
        wrapUp: { dispositionCode: null, notes: '', doneAt: null },
      }),
      callLogRecord({
        startedAt: new Date(start).toISOString(),
        direction: 'outbound',
        ivrChoice: null,
        remote: { number: null, displayName: '' },
        holdSeconds: 12.5,
        transfers: [{ kind: 'attended', target: '2001', at: new Date(start + 60_000).toISOString(), outcome: 'failed' }],
        wrapUp: { dispositionCode: 'callback-promised', notes: '客户说 "明天再打"\n路径 C:\\u0000\\dir 😀', doneAt: new Date(start + 300_000).toISOString() },
        scriptAnswers: [
          { stepId: 's1', questionId: 'satisfied', value: false, answeredAt: new Date(start + 20_000).toISOString() },
          { stepId: 's1', questionId: 'score', value: 4, answeredAt: new Date(start + 25_000).toISOString() },
          { stepId: 's2', questionId: 'topics', value: ['物流', '售后'], answeredAt: new Date(start + 30_000).toISOString() },
          { stepId: 's2', questionId: 'skipped', value: null, answeredAt: new Date(start + 35_000).toISOString() },
        ],
        ticketIds: ['T-000001', 'T-000002'],
        events: [
          { seq: 0, type: 'dialing', at: new Date(start).toISOString() },
          { seq: 1, type: 'transfer_failed', at: new Date(start + 61_000).toISOString(), detail: { target: '2001', cause: 486, early: true, note: null } },
        ],
      }),
    ];
    await uploaded('agent1', records);
    const receivedAt = hub.clock.now().toISOString();
    hub.clock.advance(60_000);

    const second = await uploaded('agent1', records);
    const third = await uploaded('agent1', records);

    const unchanged = records.map((record, index) => ({ index, id: record.id, outcome: 'unchanged', storedVersion: record.version }));
    expect(second).toEqual(unchanged);
    expect(third).toEqual(unchanged);
    expect(await storedRows()).toHaveLength(3);
    expect((await page('agent1')).items).toEqual([...records].sort(newestFirst).map((record) => asStored(record, receivedAt)));
  });

  it('keeps the callback task and the survey verdict of a call made from the worklist, and reads them back', async () => {
    const survey = { score: 2, satisfied: false, reasons: '维修后还是漏水' };
    const record = callLogRecord({ direction: 'outbound', callback: { taskId: '0195b3a0-0000-7000-8000-00000000c0b1', type: 'complaint', survey } });
    await uploaded('agent1', [record]);
    const [stored] = (await page('agent1')).items;
    expect(stored?.callback).toEqual({ taskId: '0195b3a0-0000-7000-8000-00000000c0b1', type: 'complaint', survey });
  });

  it('hashes a call naming no callback as consoles older than the worklist did, so their stored calls stay unchanged when sent again', async () => {
    const record = callLogRecord();
    const { callback, ...older } = record;
    expect(callback).toBeNull();
    await uploaded('agent1', [record]);
    const { rows } = await hub.db.query<{ content_hash: string }>('select content_hash from call_logs where id = $1', [record.id]);
    expect(rows[0]?.content_hash).toBe(sha256Hex(canonicalJson(older)));
    expect(await uploaded('agent1', [older])).toEqual([{ index: 0, id: record.id, outcome: 'unchanged', storedVersion: record.version }]);
  });

  it("copies the call's fields to the columns the reads filter and sort on, its times as instants", async () => {
    const record = callLogRecord({
      startedAt: '2026-03-02T16:40:00.123+08:00',
      answeredAt: '2026-03-02T08:40:06.000Z',
      endedAt: null,
      status: 'ended',
      direction: 'outbound',
      remote: { number: '02512345678', displayName: '刘女士' },
      customerId: 'c-0042',
    });

    await uploaded('agent1', [record]);

    const { rows } = await hub.db.query<Record<string, unknown>>(
      `select version, status, direction, remote_number, customer_id, started_at, answered_at, ended_at, disposition_code,
              flow_id, flow_version, content_hash from call_logs`,
    );
    expect(rows).toEqual([
      {
        version: record.version,
        status: 'ended',
        direction: 'outbound',
        remote_number: '02512345678',
        customer_id: 'c-0042',
        started_at: new Date('2026-03-02T08:40:00.123Z'),
        answered_at: new Date('2026-03-02T08:40:06.000Z'),
        ended_at: null,
        disposition_code: 'consult-answered',
        flow_id: 'consult-basic',
        flow_version: 3,
        content_hash: expect.stringMatching(/^[0-9a-f]{64}$/),
      },
    ]);
  });

  it('answers unchanged when a retry sends the same call with its keys in another order', async () => {
    const record = callLogRecord({ startedAt: minutesAgo(5) });
    await uploaded('agent1', [record]);
    const reordered = Object.fromEntries(
      Object.entries({ ...record, events: record.events.map((e) => Object.fromEntries(Object.entries(e).reverse())) }).reverse(),
    );

    expect(await uploaded('agent1', [reordered])).toEqual([{ index: 0, id: record.id, outcome: 'unchanged', storedVersion: record.version }]);
  });

  it('answers unchanged when the retry is the same call with its id in upper case', async () => {
    const record = callLogRecord({ startedAt: minutesAgo(5) });
    await uploaded('agent1', [record]);

    const results = await uploaded('agent1', [{ ...record, id: record.id.toUpperCase() }]);

    expect(results).toEqual([{ index: 0, id: record.id, outcome: 'unchanged', storedVersion: record.version }]);
    expect(await storedRows()).toHaveLength(1);
  });

  it('replaces the stored call and keeps its first arrival when a newer version arrives', async () => {
    const call = callLogRecord({ startedAt: minutesAgo(15) });
    await uploaded('agent1', [versionOf(call, 3)]);
    const receivedAt = hub.clock.now().toISOString();
    hub.clock.advance(90_000);

    const results = await uploaded('agent1', [versionOf(call, 7)]);

    expect(results).toEqual([{ index: 0, id: call.id, outcome: 'updated', storedVersion: 7 }]);
    expect((await page('agent1')).items).toEqual([asStored(versionOf(call, 7), receivedAt, hub.clock.now().toISOString())]);
  });

  it('answers stale with the stored version and keeps the newer call when an older version arrives after it', async () => {
    const call = callLogRecord({ startedAt: minutesAgo(15) });
    await uploaded('agent1', [versionOf(call, 7)]);

    const results = await uploaded('agent1', [versionOf(call, 5)]);

    expect(results).toEqual([{ index: 0, id: call.id, outcome: 'stale', storedVersion: 7 }]);
    expect((await page('agent1')).items.map(({ version, wrapUp }) => ({ version, notes: wrapUp.notes }))).toEqual([
      { version: 7, notes: versionOf(call, 7).wrapUp.notes },
    ]);
  });

  it('refuses with 409 and keeps the stored call when the same version arrives with other content', async () => {
    const call = callLogRecord({ startedAt: minutesAgo(15) });
    await uploaded('agent1', [versionOf(call, 4)]);

    const [result] = await uploaded('agent1', [{ ...versionOf(call, 4), holdSeconds: 30 }]);

    expect(result).toEqual({
      index: 0,
      id: call.id,
      outcome: 'rejected',
      error: { status: 409, code: 'conflict', message: expect.stringMatching(/^Version 4 .* other content/), field: 'records.0.version' },
    });
    expect((await storedRows())[0]?.record).toEqual(versionOf(call, 4));
  });

  it("refuses with 409 and leaves the call untouched when another agent uploads an id that is agent1's", async () => {
    const call = callLogRecord({ startedAt: minutesAgo(15) });
    await uploaded('agent1', [versionOf(call, 2)]);

    const [result] = await uploaded('agent2', [versionOf(call, 9)]);

    expect(result).toMatchObject({ index: 0, id: call.id, outcome: 'rejected', error: { status: 409, code: 'conflict', field: 'records.0.id' } });
    expect(result?.storedVersion).toBeUndefined();
    // Whose the call is, is none of agent2's business.
    expect(JSON.stringify(result)).not.toMatch(new RegExp(`${userIds.agent1}|张敏|agent1`));
    expect(await storedRows()).toEqual([{ id: call.id, agent_id: userIds.agent1, version: 2, record: versionOf(call, 2) }]);
    expect((await page('agent2')).items).toEqual([]);
  });

  it.each([
    ['records.1.status', (r: CallLogRecord) => ({ ...r, status: 'lost' }), true],
    ['records.1.version', (r: CallLogRecord) => ({ ...r, version: 0 }), true],
    ['records.1.wrapUp.notes', (r: CallLogRecord) => ({ ...r, wrapUp: { ...r.wrapUp, notes: 'x'.repeat(8001) } }), true],
    ['records.1.events.0.at', (r: CallLogRecord) => ({ ...r, events: [{ ...r.events[0], at: 'yesterday' }] }), true],
    ['records.1.startedAt', (r: CallLogRecord) => ({ ...r, startedAt: '2026-03-02T09:00:00' }), true],
    ['records.1.id', (r: CallLogRecord) => ({ ...r, id: 'call-42' }), false],
    ['records.1', () => 42, false],
  ] as const)('refuses a malformed record in the middle of a batch naming %s, and stores the others', async (field, spoil, idReadable) => {
    const [first, middle, last] = [minutesAgo(3), minutesAgo(2), minutesAgo(1)].map((startedAt) => callLogRecord({ startedAt })) as [CallLogRecord, CallLogRecord, CallLogRecord];

    const results = await uploaded('agent1', [first, spoil(middle), last]);

    expect(results[1]).toEqual({
      index: 1,
      id: idReadable ? middle.id : null,
      outcome: 'rejected',
      error: { status: 400, code: 'validation', message: expect.stringMatching(new RegExp(`^${field.replaceAll('.', '\\.')}: `)), field },
    });
    expect([results[0]?.outcome, results[2]?.outcome]).toEqual(['created', 'created']);
    expect((await storedRows()).map((row) => row.id).sort()).toEqual([first.id, last.id].sort());
  });

  it('refuses a call whose disposition code is unknown, naming the code, and takes the others', async () => {
    const unknown = callLogRecord({ startedAt: minutesAgo(9), wrapUp: { dispositionCode: 'nap', notes: '', doneAt: minutesAgo(5) } });
    const known = callLogRecord({ startedAt: minutesAgo(8) });

    const results = await uploaded('agent1', [unknown, known]);

    expect(results[0]).toMatchObject({ outcome: 'rejected', error: { status: 400, code: 'validation', field: 'records.0.wrapUp.dispositionCode' } });
    expect(results[0]?.error?.message).toContain('"nap"');
    expect(results[1]?.outcome).toBe('created');
  });

  it('takes a retired disposition code when a console still sends it', async () => {
    await hub.db.query("update disposition_codes set active = false where code = 'wrong-number'");
    try {
      const record = callLogRecord({ startedAt: minutesAgo(9), wrapUp: { dispositionCode: 'wrong-number', notes: '', doneAt: minutesAgo(8) } });

      expect(await uploaded('agent1', [record])).toEqual(created([record]));
    } finally {
      await hub.db.query("update disposition_codes set active = true where code = 'wrong-number'");
    }
  });

  it('takes a call started up to 5 minutes ahead of the hub and refuses one further ahead, naming startedAt', async () => {
    const ahead = (seconds: number) => new Date(hub.clock.now().getTime() + seconds * 1000).toISOString();
    const records = [callLogRecord({ startedAt: ahead(299) }), callLogRecord({ startedAt: ahead(301) })];

    const results = await uploaded('agent1', records);

    expect(results[0]?.outcome).toBe('created');
    expect(results[1]).toMatchObject({ outcome: 'rejected', error: { status: 400, field: 'records.1.startedAt' } });
    expect(results[1]?.error?.message).toMatch(/^records\.1\.startedAt: .* more than 5 minutes ahead/);
  });

  it('refuses just the records PostgreSQL could not store: U+0000, a lone surrogate, year 0000, an offset of +23:00', async () => {
    const base = () => callLogRecord({ startedAt: minutesAgo(7) });
    const [nul, surrogate, yearZero, farOffset, fine] = [base(), base(), base(), base(), base()];
    const records = [
      { ...nul, wrapUp: { ...nul.wrapUp, notes: 'before\u0000after' } },
      { ...surrogate, events: [{ seq: 0, type: 'ringing', at: surrogate.startedAt, detail: { ['bad\uD800']: 1 } }] },
      { ...yearZero, answeredAt: '0000-12-31T23:59:59Z' },
      { ...farOffset, endedAt: '2026-03-02T23:50:00+23:00' },
      { ...fine, endedAt: '2026-03-02T16:55:00+08:00' },
    ];

    const results = await uploaded('agent1', records);

    expect(results.map((r) => r.error?.field ?? r.outcome)).toEqual([
      'records.0.wrapUp.notes',
      `records.1.events.0.detail.bad\uD800`,
      'records.2.answeredAt',
      'records.3.endedAt',
      'created',
    ]);
    expect((await storedRows()).map((row) => row.record)).toEqual([records[4]]);
  });

  it('answers 413 payload_too_large and stores nothing when the body is over the batch limit', async () => {
    const response = await upload('agent1', ['x'.repeat(CALL_LOG_BATCH_MAX_BYTES)]);

    expect(response.statusCode).toBe(413);
    expect(ApiErrorSchema.parse(response.json())).toMatchObject({ error: 'payload_too_large' });
    expect(await storedRows()).toEqual([]);
  });

  it("takes a 1.5 MiB batch, above Fastify's default body limit", async () => {
    const records = Array.from({ length: 200 }, (_, i) => {
      const record = callLogRecord({ startedAt: minutesAgo(300 - i) });
      return { ...record, wrapUp: { ...record.wrapUp, notes: '记'.repeat(2600) } };
    });
    expect(Buffer.byteLength(JSON.stringify({ records }))).toBeGreaterThan(1.5 * 1024 * 1024);

    const results = await uploaded('agent1', records);

    expect(results.every((r) => r.outcome === 'created')).toBe(true);
  });

  it('answers 400 naming records when a batch has more than 500 records, and takes 500', async () => {
    const tooMany = await upload('agent1', Array.from({ length: 501 }, () => ({})));
    const enough = await upload('agent1', Array.from({ length: 500 }, () => ({})));

    expect(tooMany.statusCode).toBe(400);
    expect(ApiErrorSchema.parse(tooMany.json())).toMatchObject({ error: 'validation', field: 'records' });
    expect(enough.statusCode).toBe(200);
    expect(CallLogBatchResponseSchema.parse(enough.json()).results).toHaveLength(500);
  });

  it('answers 400 naming records when the batch is empty', async () => {
    const response = await upload('agent1', []);

    expect(response.statusCode).toBe(400);
    expect(ApiErrorSchema.parse(response.json())).toMatchObject({ error: 'validation', field: 'records' });
  });

  it('stores the newest of several versions of a call in one batch and answers the others stale or unchanged', async () => {
    const call = callLogRecord({ startedAt: minutesAgo(6) });

    const results = await uploaded('agent1', [2, 1, 3, 3, 2].map((n) => versionOf(call, n)));

    expect(results.map((r) => [r.outcome, r.storedVersion])).toEqual([
      ['stale', 3],
      ['stale', 3],
      ['created', 3],
      ['unchanged', 3],
      ['stale', 3],
    ]);
    expect(await storedRows()).toEqual([{ id: call.id, agent_id: userIds.agent1, version: 3, record: versionOf(call, 3) }]);
  });

  it('refuses the second of two different contents with one version in one batch', async () => {
    const call = callLogRecord({ startedAt: minutesAgo(6) });

    const results = await uploaded('agent1', [versionOf(call, 3), { ...versionOf(call, 3), holdSeconds: 99 }]);

    expect(results.map((r) => r.error?.status ?? r.outcome)).toEqual(['created', 409]);
    expect((await storedRows())[0]?.record).toEqual(versionOf(call, 3));
  });

  it.each(['qa1', 'supervisor1'])('answers 403 to %s, whose role takes no calls, even for an invalid body', async (username) => {
    const valid = await upload(username, [callLogRecord({ startedAt: minutesAgo(1) })]);
    const invalid = await upload(username, []);

    expect([valid.statusCode, invalid.statusCode]).toEqual([403, 403]);
    expect(ApiErrorSchema.parse(valid.json()).error).toBe('forbidden');
    expect(await storedRows()).toEqual([]);
  });

  it('answers 401 when the request has no token', async () => {
    const post = await hub.app.inject({ method: 'POST', url: '/api/v1/call-logs/batch', payload: { records: [callLogRecord()] } });
    const get = await hub.app.inject({ method: 'GET', url: '/api/v1/call-logs' });

    expect([post.statusCode, get.statusCode]).toEqual([401, 401]);
  });

  it('pages through every call newest first, ties broken by id, when the cursor is followed', async () => {
    const same = minutesAgo(33);
    const records = [...[10, 20, 30, 40, 50, 60, 70].map((m) => callLogRecord({ startedAt: minutesAgo(m) })), callLogRecord({ startedAt: same }), callLogRecord({ startedAt: same })];
    await uploaded('agent1', records);

    const pages = [];
    let cursor: string | null = null;
    do {
      const next: Awaited<ReturnType<typeof page>> = await page('agent1', { limit: 3, ...(cursor === null ? {} : { cursor }) });
      pages.push(next.items.map((item) => item.id));
      cursor = next.nextCursor;
    } while (cursor !== null);

    expect(pages.map((p) => p.length)).toEqual([3, 3, 3]);
    expect(pages.flat()).toEqual([...records].sort(newestFirst).map((r) => r.id));
  });

  it('filters by customer and by a start time window, from inclusive and to exclusive', async () => {
    const at = [minutesAgo(50), minutesAgo(40), minutesAgo(30), minutesAgo(20)];
    const records = at.map((startedAt, i) => callLogRecord({ startedAt, customerId: i % 2 === 0 ? 'c-0007' : 'c-0008' }));
    await uploaded('agent1', records);

    const byCustomer = await page('supervisor1', { customerId: 'c-0007' });
    const window = await page('supervisor1', { from: at[1]!, to: at[3]! });

    expect(byCustomer.items.map((i) => i.id)).toEqual([records[2]!.id, records[0]!.id]);
    expect(window.items.map((i) => i.id)).toEqual([records[2]!.id, records[1]!.id]);
  });

  it('shows agents only their own calls and answers 403 when they ask for another agent', async () => {
    const mine = callLogRecord({ startedAt: minutesAgo(12) });
    const theirs = callLogRecord({ startedAt: minutesAgo(11) });
    await uploaded('agent1', [mine]);
    await uploaded('agent2', [theirs]);

    const own = await page('agent1');
    const ownById = await page('agent1', { agentId: userIds.agent1!.toUpperCase() });
    const other = await list('agent1', { agentId: userIds.agent2! });
    const callback = await list('callback1', { agentId: userIds.agent1! });

    expect(own.items.map((i) => i.id)).toEqual([mine.id]);
    expect(ownById.items.map((i) => i.id)).toEqual([mine.id]);
    expect([other.statusCode, callback.statusCode]).toEqual([403, 403]);
    expect(ApiErrorSchema.parse(other.json()).error).toBe('forbidden');
  });

  it.each(['supervisor1', 'qa1', 'manager1', 'admin'])('shows %s every agent\'s calls, with the agent\'s name, and filters by agent', async (username) => {
    const first = callLogRecord({ startedAt: minutesAgo(12) });
    const second = callLogRecord({ startedAt: minutesAgo(11) });
    await uploaded('agent1', [first]);
    await uploaded('agent2', [second]);

    const all = await page(username);
    const agent2 = await page(username, { agentId: userIds.agent2! });

    expect(all.items.map((i) => [i.id, i.agentId, i.agentName])).toEqual([
      [second.id, userIds.agent2, '李娜'],
      [first.id, userIds.agent1, '张敏'],
    ]);
    expect(agent2.items.map((i) => i.id)).toEqual([second.id]);
  });

  it.each([
    ['garbage', 'not-a-cursor'],
    ['a cursor with the wrong fields', Buffer.from(JSON.stringify({ at: 1, id: 'x' })).toString('base64url')],
    ['a cursor with no uuid', Buffer.from(JSON.stringify({ startedAt: '2026-03-02T09:00:00.000000Z', id: 'x' })).toString('base64url')],
    ['JSON that is no object', Buffer.from('[1,2]').toString('base64url')],
    ['a cursor in year 0000', Buffer.from(JSON.stringify({ startedAt: '0000-01-01T00:00:00.000000Z', id: callLogRecord().id })).toString('base64url')],
  ])('answers 400 naming cursor when the cursor is %s', async (_what, cursor) => {
    const response = await list('supervisor1', { cursor });

    expect(response.statusCode).toBe(400);
    expect(ApiErrorSchema.parse(response.json())).toMatchObject({ error: 'validation', field: 'cursor' });
  });

  it.each([
    ['limit', { limit: 0 }],
    ['limit', { limit: 501 }],
    ['agentId', { agentId: 'agent1' }],
    ['from', { from: 'yesterday' }],
    ['from', { from: '0000-01-01T00:00:00Z' }],
    ['to', { to: '2026-03-02T09:00:00+23:00' }],
  ])('answers 400 naming %s when it is invalid', async (field, query) => {
    const response = await list('supervisor1', query);

    expect(response.statusCode).toBe(400);
    expect(ApiErrorSchema.parse(response.json())).toMatchObject({ error: 'validation', field });
  });

  it('ends at the newest version of each call, stored once, when two hubs take overlapping versions at the same time', async () => {
    // On PostgreSQL the second hub has its own connection pool, as a second process would.
    const second = backend === 'postgres' ? await hub.database.connectAgain() : hub.db;
    const other = await createHub({ db: second, clock: hub.clock });
    try {
      const otherToken = await loginAs(other, 'agent1');
      const calls = Array.from({ length: 40 }, (_, i) => callLogRecord({ startedAt: minutesAgo(100 - i) }));
      const shuffled = (seed: number) => {
        const random = mulberry32(seed);
        return calls
          .flatMap((call) => [1, 2, 3, 4, 5, 6].map((n) => ({ key: random(), record: versionOf(call, n) })))
          .sort((a, b) => a.key - b.key)
          .map((entry) => entry.record);
      };
      const drain = async (app: FastifyInstance, token: string, seed: number) => {
        const answers: CallLogBatchResult[] = [];
        for (const batch of chunks(shuffled(seed), 60)) answers.push(...(await uploaded('agent1', batch, app, token)));
        return answers;
      };

      const answers = (await Promise.all([drain(hub.app, tokens.agent1 ?? '', 1), drain(other, otherToken, 2)])).flat();

      expect(answers.filter((a) => a.outcome === 'rejected')).toEqual([]);
      expect(answers.filter((a) => a.outcome === 'created')).toHaveLength(calls.length);
      const rows = await storedRows();
      expect(rows).toHaveLength(calls.length);
      expect(rows.map((row) => row.record)).toEqual(calls.map((call) => versionOf(call, 6)).sort((a, b) => a.id.localeCompare(b.id)));
    } finally {
      await other.close();
    }
  });

  // A second hub's insert of a new id, still uncommitted when this hub's batch locks what exists:
  // the batch sees nothing, decides "create", and meets the row at its insert.
  it.runIf(backend === 'postgres').each([
    ['stale', 'agent1', 5, { outcome: 'stale', storedVersion: 5 }],
    ['updated', 'agent1', 1, { outcome: 'updated', storedVersion: 3 }],
    ['rejected', 'agent2', 1, { outcome: 'rejected', error: expect.objectContaining({ status: 409, field: 'records.0.id' }) }],
  ] as const)('answers %s, never created, when another hub inserts the same call while the batch runs', async (_outcome, owner, storedVersion, expected) => {
    const call = callLogRecord({ startedAt: minutesAgo(4) });
    const theirs = checkCallLog(versionOf(call, storedVersion), hub.clock.now());
    if (!theirs.ok) throw new Error('the test record is invalid');
    const otherHub = await hub.database.connectAgain();
    let commit!: () => void;
    const committing = new Promise<void>((resolve) => (commit = resolve));
    let inserted!: () => void;
    const insertedYet = new Promise<void>((resolve) => (inserted = resolve));
    const holding = otherHub.transaction(async (tx: Queryable) => {
      await tx.query(
        `insert into call_logs (id, agent_id, version, status, direction, started_at, record, content_hash, received_at, updated_at)
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9)`,
        [call.id, userIds[owner], storedVersion, call.status, call.direction, call.startedAt, theirs.value.json, theirs.value.contentHash, hub.clock.now()],
      );
      inserted();
      await committing;
    });
    await insertedYet;

    const posting = uploaded('agent1', [versionOf(call, 3)]);
    await waitUntil(async () => (await lockWaiters(hub.db)) === 1);
    commit();
    await holding;
    const [result] = await posting;

    expect(result).toEqual({ index: 0, id: call.id, ...expected });
    expect(await storedRows()).toHaveLength(1);
  });

  it('stores the newest version whatever order, batching and repetition its versions arrive in', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.integer({ min: 1, max: 8 }), { minLength: 1, maxLength: 12 }),
        fc.array(fc.integer({ min: 1, max: 4 }), { minLength: 1, maxLength: 12 }),
        async (arrivals, sizes) => {
          const call = callLogRecord({ startedAt: minutesAgo(5) });
          const batches: CallLogRecord[][] = [];
          for (let start = 0, i = 0; start < arrivals.length; i += 1) {
            const size = sizes[i % sizes.length]!;
            batches.push(arrivals.slice(start, start + size).map((n) => versionOf(call, n)));
            start += size;
          }

          const answers = (await Promise.all(batches.map((batch) => uploaded('agent1', batch)))).flat();

          const newest = Math.max(...arrivals);
          expect(answers.filter((a) => a.outcome === 'rejected')).toEqual([]);
          expect(answers.filter((a) => a.outcome === 'created')).toHaveLength(1);
          const { rows } = await hub.db.query<{ version: number; record: CallLogRecord }>('select version, record from call_logs where id = $1', [call.id]);
          expect(rows).toEqual([{ version: newest, record: versionOf(call, newest) }]);
        },
      ),
      { numRuns: 15 },
    );
  });

  it('documents both routes with their schemas in the OpenAPI document', async () => {
    const response = await hub.app.inject({ method: 'GET', url: '/api/docs/json', headers: bearer(tokens.admin ?? '') });

    const doc = response.json<{ paths: Record<string, Record<string, { tags?: string[]; summary?: string; requestBody?: unknown; responses?: Record<string, unknown> }>> }>();
    const batch = doc.paths['/api/v1/call-logs/batch']?.post;
    const read = doc.paths['/api/v1/call-logs']?.get;
    expect([batch?.tags, read?.tags]).toEqual([['call-logs'], ['call-logs']]);
    expect(batch?.summary).toBeTruthy();
    expect(JSON.stringify(batch?.requestBody)).toContain('records');
    expect(JSON.stringify(batch?.responses?.['200'])).toContain('storedVersion');
    expect(Object.keys(batch?.responses ?? {})).toEqual(expect.arrayContaining(['200', '400', '403', '413']));
    expect(JSON.stringify(read?.responses?.['200'])).toContain('nextCursor');
  });
});
