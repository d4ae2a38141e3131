import type { LightMyRequestResponse } from 'fastify';
import fc from 'fast-check';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { CallReportSchema, type CallFiguresRow, type CallReport } from '../../../shared/api/board';
import type { CallLogRecord } from '../../../shared/api/call-logs';
import { ApiErrorSchema } from '../../../shared/api/errors';
import { callLogRecord } from '../../support/call-log-records';
import { bearer, startTestHub, type TestHub } from '../../support/hub-app';
import { describeEachBackend } from '../../support/hub-db';

/** What a generated call is; the record is made from it, and the expected figures too. */
interface CallPlan {
  agent: 'agent1' | 'agent2' | 'callback1';
  /** Minutes after the day's 00:00 in Shanghai. */
  minute: number;
  direction: 'inbound' | 'outbound';
  queue: 'consult' | 'complaint' | null;
  /** Seconds from ringing to answer; null: never answered. */
  answerAfter: number | null;
  /** Answered calls: seconds connected (null: still live), of which on hold. */
  connected: number | null;
  hold: number;
  /** Seconds of wrap-up after the end; null: not done. */
  wrap: number | null;
  disposition: 'consult-answered' | 'complaint' | 'other' | null;
}

const DEPARTMENT_OF: Record<CallPlan['agent'], string> = { agent1: 'acceptance', agent2: 'acceptance', callback1: 'callback' };

function recordOf(plan: CallPlan, date: string): CallLogRecord {
  const start = Date.parse(`${date}T00:00:00+08:00`) + plan.minute * 60_000;
  const at = (seconds: number) => new Date(start + seconds * 1000).toISOString();
  const answered = plan.answerAfter !== null;
  const live = answered && plan.connected === null;
  const end = answered ? plan.answerAfter! + (plan.connected ?? 0) : 30;
  const wrapped = answered && !live && plan.wrap !== null;
  return callLogRecord({
    startedAt: at(0),
    direction: plan.direction,
    ivrChoice: plan.queue,
    status: live ? 'live' : wrapped || !answered ? 'completed' : 'ended',
    answeredAt: answered ? at(plan.answerAfter!) : null,
    endedAt: live ? null : at(end),
    endedBy: live ? null : 'remote',
    endCause: live ? null : 'BYE',
    holdSeconds: answered ? plan.hold : 0,
    wrapUp: { dispositionCode: wrapped ? plan.disposition : null, notes: '', doneAt: wrapped ? at(end + plan.wrap!) : null },
    events: [],
  });
}

/** The figures of a set of plans, worked out without SQL. */
function expectedFigures(plans: readonly CallPlan[]) {
  const handled = plans.filter((p) => p.answerAfter !== null && p.connected !== null);
  const hold = handled.reduce((sum, p) => sum + Math.min(p.hold, p.connected!), 0);
  const talk = handled.reduce((sum, p) => sum + p.connected!, 0) - hold;
  const wrapped = handled.filter((p) => p.wrap !== null);
  const wrap = wrapped.reduce((sum, p) => sum + p.wrap!, 0);
  return {
    callsIn: plans.filter((p) => p.direction === 'inbound').length,
    callsOut: plans.filter((p) => p.direction === 'outbound').length,
    answered: plans.filter((p) => p.direction === 'inbound' && p.answerAfter !== null).length,
    unanswered: plans.filter((p) => p.direction === 'inbound' && p.answerAfter === null).length,
    talkSeconds: talk,
    holdSeconds: hold,
    wrapUpSeconds: wrap,
    avgHandleSeconds: handled.length === 0 ? null : (talk + hold + wrap) / handled.length,
    avgWrapUpSeconds: wrapped.length === 0 ? null : wrap / wrapped.length,
  };
}

const COUNTS = ['callsIn', 'callsOut', 'answered', 'unanswered'] as const;
const SECONDS = ['talkSeconds', 'holdSeconds', 'wrapUpSeconds'] as const;

/** Every count of the rows adds up to the totals' (and the seconds to a millisecond). */
function expectSumsTo(rows: readonly CallFiguresRow[], totals: CallFiguresRow): void {
  for (const key of COUNTS) expect(rows.reduce((sum, r) => sum + r[key], 0), key).toBe(totals[key]);
  for (const key of SECONDS) expect(rows.reduce((sum, r) => sum + r[key], 0), key).toBeCloseTo(totals[key], 3);
}

describeEachBackend('call figures report', (backend) => {
  let hub: TestHub;
  const tokens: Record<string, string> = {};

  beforeAll(async () => {
    hub = await startTestHub(backend, { customers: 0 });
    for (const username of ['agent1', 'agent2', 'callback1', 'qa1', 'supervisor1', 'manager1', 'admin']) tokens[username] = await hub.login(username);
    // The demo floor's calls are on the clock's day; this suite's periods are others.
    await hub.db.query('delete from call_logs');
  });
  afterAll(() => hub.close());

  const get = (query: Record<string, string>, as = 'supervisor1') =>
    hub.app.inject({ method: 'GET', url: '/api/v1/reports/calls', query, headers: bearer(tokens[as] ?? '') });
  const reportOf = (response: LightMyRequestResponse): CallReport => {
    expect(response.statusCode, response.body).toBe(200);
    return CallReportSchema.parse(response.json());
  };
  const upload = async (plans: readonly CallPlan[], date: string) => {
    for (const agent of ['agent1', 'agent2', 'callback1'] as const) {
      const records = plans.filter((p) => p.agent === agent).map((p) => recordOf(p, date));
      if (records.length === 0) continue;
      const response = await hub.app.inject({ method: 'POST', url: '/api/v1/call-logs/batch', headers: bearer(tokens[agent] ?? ''), payload: { records } });
      expect(response.json<{ results: { outcome: string }[] }>().results.every((r) => r.outcome === 'created'), response.body).toBe(true);
    }
  };

  const plan = (patch: Partial<CallPlan>): CallPlan => ({
    agent: 'agent1',
    minute: 600,
    direction: 'inbound',
    queue: 'consult',
    answerAfter: 5,
    connected: 200,
    hold: 0,
    wrap: 30,
    disposition: 'consult-answered',
    ...patch,
  });

  it('counts a two-day period per agent, queue, disposition and day, from the call logs', async () => {
    const first = [
      plan({ agent: 'agent1', minute: 0, connected: 300, hold: 60, wrap: 40 }),
      plan({ agent: 'agent1', minute: 120, queue: 'complaint', connected: 100, wrap: 20, disposition: 'complaint' }),
      plan({ agent: 'agent2', minute: 300, answerAfter: null, connected: null, wrap: null, disposition: null }),
      plan({ agent: 'callback1', minute: 600, direction: 'outbound', queue: null, connected: 60, wrap: 10, disposition: 'other' }),
    ];
    const second = [
      // Wrapped up without a code; and a call whose wrap-up is still open.
      plan({ agent: 'agent2', minute: 24 * 60 - 1, connected: 50, wrap: 10, disposition: null }),
      plan({ agent: 'agent1', minute: 60, connected: 80, wrap: null }),
    ];
    await upload(first, '2025-06-01');
    await upload(second, '2025-06-02');
    // Outside: the last minute of the day before, and the first of the day after.
    await upload([plan({ minute: 24 * 60 - 1 })], '2025-05-31');
    await upload([plan({ minute: 0 })], '2025-06-04');

    const report = reportOf(await get({ from: '2025-06-01', to: '2025-06-03' }));

    expect(report.period).toEqual({ from: '2025-06-01', to: '2025-06-03', timeZone: 'Asia/Shanghai' });
    expect(report.department).toBeNull();
    expect(report.totals).toEqual({
      callsIn: 5,
      callsOut: 1,
      answered: 4,
      unanswered: 1,
      answerRate: 4 / 5,
      talkSeconds: 240 + 100 + 60 + 50 + 80,
      holdSeconds: 60,
      wrapUpSeconds: 40 + 20 + 10 + 10,
      avgTalkSeconds: 530 / 5,
      avgHandleSeconds: (530 + 60 + 80) / 5,
      avgWrapUpSeconds: 80 / 4,
    });
    expect(report.byAgent.map((a) => [a.username, a.displayName, a.callsIn, a.callsOut, a.answered])).toEqual([
      ['agent1', '张敏', 3, 0, 3],
      ['agent2', '李娜', 2, 0, 1],
      ['callback1', '王芳', 0, 1, 0],
    ]);
    expect(report.byQueue.map((q) => [q.queue, q.callsIn, q.callsOut])).toEqual([
      ['complaint', 1, 0],
      ['consult', 4, 0],
      [null, 0, 1],
    ]);
    expect(report.byDisposition).toEqual([
      { code: 'consult-answered', label: '咨询已解答', calls: 1 },
      { code: 'complaint', label: '投诉已登记', calls: 1 },
      { code: 'other', label: '其他', calls: 1 },
      { code: null, label: null, calls: 1 },
    ]);
    expect(report.byDay).toEqual([
      { date: '2025-06-01', callsIn: 3, callsOut: 1, answered: 2, avgHandleSeconds: (340 + 120 + 70) / 3 },
      { date: '2025-06-02', callsIn: 2, callsOut: 0, answered: 2, avgHandleSeconds: (60 + 80) / 2 },
      { date: '2025-06-03', callsIn: 0, callsOut: 0, answered: 0, avgHandleSeconds: null },
    ]);
  });

  it("keeps to one department's agents when asked", async () => {
    const report = reportOf(await get({ from: '2025-06-01', to: '2025-06-03', department: 'callback' }));

    expect(report.department).toBe('callback');
    expect(report.byAgent.map((a) => a.username)).toEqual(['callback1']);
    expect(report.totals).toMatchObject({ callsIn: 0, callsOut: 1, answerRate: null, talkSeconds: 60 });
  });

  it('answers zeros and empty breakdowns for a period without calls', async () => {
    const report = reportOf(await get({ from: '2024-01-01', to: '2024-01-01' }));

    expect(report.totals).toMatchObject({ callsIn: 0, callsOut: 0, answerRate: null, avgHandleSeconds: null, avgWrapUpSeconds: null, talkSeconds: 0 });
    expect([report.byAgent, report.byQueue, report.byDisposition]).toEqual([[], [], []]);
    expect(report.byDay).toEqual([{ date: '2024-01-01', callsIn: 0, callsOut: 0, answered: 0, avgHandleSeconds: null }]);
  });

  it('puts every call of a generated day in exactly one row of each breakdown, and the totals match the calls', async () => {
    const callPlan = fc
      .record({
        agent: fc.constantFrom('agent1', 'agent2', 'callback1'),
        minute: fc.integer({ min: 0, max: 24 * 60 - 1 }),
        direction: fc.constantFrom('inbound', 'outbound'),
        queue: fc.constantFrom('consult', 'complaint', null),
        answerAfter: fc.option(fc.integer({ min: 0, max: 60 })),
        connected: fc.option(fc.integer({ min: 0, max: 1800 }), { freq: 8 }),
        hold: fc.integer({ min: 0, max: 300 }),
        wrap: fc.option(fc.integer({ min: 0, max: 300 })),
        disposition: fc.constantFrom('consult-answered', 'complaint', 'other', null),
      })
      .map((p): CallPlan => ({ ...p, queue: p.direction === 'outbound' ? null : p.queue, connected: p.answerAfter === null ? null : p.connected }));
    let day = 0;

    await fc.assert(
      fc.asyncProperty(fc.array(callPlan, { maxLength: 10 }), fc.constantFrom<string | undefined>(undefined, 'acceptance', 'callback'), async (plans, department) => {
        // Each run has a day of its own in 2023, so earlier runs' calls stay out of it.
        day += 1;
        const date = new Date(Date.UTC(2023, 0, day)).toISOString().slice(0, 10);
        // The last minute of the day before, in every run: never counted.
        await upload([...plans], date);
        await upload([plan({ minute: 24 * 60 - 1 })], new Date(Date.UTC(2023, 0, day - 1)).toISOString().slice(0, 10));

        const report = reportOf(await get({ from: date, to: date, ...(department === undefined ? {} : { department }) }));

        const counted = plans.filter((p) => department === undefined || DEPARTMENT_OF[p.agent] === department);
        const expected = expectedFigures(counted);
        expect(report.totals).toMatchObject({ callsIn: expected.callsIn, callsOut: expected.callsOut, answered: expected.answered, unanswered: expected.unanswered });
        for (const key of SECONDS) expect(report.totals[key], key).toBeCloseTo(expected[key], 3);
        for (const key of ['avgHandleSeconds', 'avgWrapUpSeconds'] as const) {
          if (expected[key] === null) expect(report.totals[key], key).toBeNull();
          else expect(report.totals[key], key).toBeCloseTo(expected[key], 3);
        }
        expectSumsTo(report.byAgent, report.totals);
        expectSumsTo(report.byQueue, report.totals);
        expect(new Set(report.byQueue.map((q) => q.queue)).size).toBe(report.byQueue.length);
        expect(report.byDay).toHaveLength(1);
        expect(report.byDay[0]).toMatchObject({ callsIn: expected.callsIn, callsOut: expected.callsOut, answered: expected.answered });
        const wrappedUp = counted.filter((p) => p.answerAfter !== null && p.connected !== null && p.wrap !== null).length;
        expect(report.byDisposition.reduce((sum, d) => sum + d.calls, 0)).toBe(wrappedUp);
      }),
      { numRuns: 12 },
    );
  });

  // ── refusals ────────────────────────────────────────────────────────────────

  it('refuses a department the org design does not have, naming it', async () => {
    const response = await get({ from: '2025-06-01', to: '2025-06-03', department: 'nowhere' });

    expect(response.statusCode).toBe(400);
    expect(ApiErrorSchema.parse(response.json())).toMatchObject({ error: 'validation', field: 'department' });
  });

  it('refuses a period that starts after it ends, and a query with parameters it does not know', async () => {
    expect((await get({ from: '2025-06-03', to: '2025-06-01' })).statusCode).toBe(400);
    expect((await get({ from: '2025-06-01', to: '2025-06-03', agent: 'agent1' })).statusCode).toBe(400);
  });

  it.each(['agent1', 'callback1', 'qa1'])('refuses %s with 403', async (who) => {
    const response = await get({ from: '2025-06-01', to: '2025-06-03' }, who);

    expect(response.statusCode).toBe(403);
  });

  it.each(['manager1', 'admin'])('answers %s', async (who) => {
    reportOf(await get({ from: '2025-06-01', to: '2025-06-03' }, who));
  });
});
