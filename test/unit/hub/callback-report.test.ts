import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { CallbackReportSchema, type CallbackFiguresRow, type CallbackReport } from '../../../shared/api/callbacks';
import { ApiErrorSchema } from '../../../shared/api/errors';
import type { CallbackType } from '../../../shared/api/tickets';
import { bearer, startTestHub, type TestHub } from '../../support/hub-app';
import { describeEachBackend } from '../../support/hub-db';

/*
 * A hand-built month of callback work where every figure is known. Tasks are made through the
 * scripts' route (POST /api/v1/callbacks); their claims, attempts, surveys and endings are written
 * with SQL, because the worklist routes that record them are being built beside this report (issue
 * 8, H1) and the report must be proven on its own. The fixture lives in June 2026, well after
 * anything the demo seed makes (its clock is 2 March), so the seed adds nothing to the figures.
 *
 * Period: 2026-06-01 .. 2026-06-03 in Asia/Shanghai = [05-31T16:00Z, 06-03T16:00Z). Now: 06-03T12:00Z.
 */

const NOW = '2026-06-03T12:00:00.000Z';

interface Attempt {
  at: string;
  by: string;
  outcome: 'answered' | 'no_answer' | 'busy' | 'wrong_number' | 'call_later';
  callLaterAt?: string;
}

interface Task {
  type: CallbackType;
  dueAt: string;
  assignee: string | null;
  attempts?: Attempt[];
  end?: { status: 'done' | 'unreachable' | 'cancelled'; reason: 'surveyed' | 'reached' | 'unreachable' | 'cancelled'; at: string; by: string };
  survey?: { satisfied: boolean; score: number; at: string; by: string };
}

const FIXTURE: Record<string, Task> = {
  // Reached at the second try, the day after it was due: due, done, overdue, attempted, reached.
  t1: {
    type: 'after_sales',
    dueAt: '2026-06-01T02:00:00.000Z',
    assignee: 'callback1',
    attempts: [
      { at: '2026-06-01T02:05:00.000Z', by: 'callback1', outcome: 'no_answer' },
      { at: '2026-06-02T01:30:00.000Z', by: 'callback1', outcome: 'answered' },
    ],
    end: { status: 'done', reason: 'reached', at: '2026-06-02T01:30:00.000Z', by: 'callback1' },
  },
  // Changed hands: supervisor1 tried first, callback1 took the survey (not satisfied) two hours
  // after its due time, the same day: on time.
  t2: {
    type: 'complaint',
    dueAt: '2026-06-02T01:00:00.000Z',
    assignee: 'callback1',
    attempts: [
      { at: '2026-06-02T01:10:00.000Z', by: 'supervisor1', outcome: 'no_answer' },
      { at: '2026-06-02T03:00:00.000Z', by: 'callback1', outcome: 'answered' },
    ],
    end: { status: 'done', reason: 'surveyed', at: '2026-06-02T03:00:00.000Z', by: 'callback1' },
    survey: { satisfied: false, score: 2, at: '2026-06-02T03:00:00.000Z', by: 'callback1' },
  },
  // Due 23:30 on the last day (local): counts; not yet due at NOW, so not overdue. In the pool.
  t3: { type: 'pre_sales', dueAt: '2026-06-03T15:30:00.000Z', assignee: null },
  // Due 00:30 the day after the period (local): does not count.
  t4: { type: 'pre_sales', dueAt: '2026-06-03T16:30:00.000Z', assignee: null },
  // Cancelled: not due, not done.
  t5: {
    type: 'after_sales',
    dueAt: '2026-06-02T07:00:00.000Z',
    assignee: null,
    end: { status: 'cancelled', reason: 'cancelled', at: '2026-06-02T08:00:00.000Z', by: 'supervisor1' },
  },
  // Due before the period, surveyed at 00:30 on its first day (local): done, attempted, reached, surveyed, satisfied.
  t6: {
    type: 'complaint',
    dueAt: '2026-05-31T02:00:00.000Z',
    assignee: 'callback1',
    attempts: [{ at: '2026-05-31T16:30:00.000Z', by: 'callback1', outcome: 'answered' }],
    end: { status: 'done', reason: 'surveyed', at: '2026-05-31T16:30:00.000Z', by: 'callback1' },
    survey: { satisfied: true, score: 5, at: '2026-05-31T16:30:00.000Z', by: 'callback1' },
  },
  // Still pending, the day it was due over: due, overdue.
  t7: { type: 'after_sales', dueAt: '2026-06-02T02:00:00.000Z', assignee: 'callback1' },
  // Still pending, due this morning: due, not yet overdue (the day is not over at NOW, 20:00 local).
  t11: { type: 'pre_sales', dueAt: '2026-06-03T01:00:00.000Z', assignee: 'callback1' },
  // Never reached, given up the day it was due: due, attempted, not reached, not done, not overdue.
  t8: {
    type: 'after_sales',
    dueAt: '2026-06-01T03:00:00.000Z',
    assignee: 'supervisor1',
    attempts: [
      { at: '2026-06-01T03:01:00.000Z', by: 'supervisor1', outcome: 'busy' },
      { at: '2026-06-01T05:00:00.000Z', by: 'supervisor1', outcome: 'no_answer' },
      { at: '2026-06-01T07:00:00.000Z', by: 'supervisor1', outcome: 'no_answer' },
    ],
    end: { status: 'unreachable', reason: 'unreachable', at: '2026-06-01T07:00:00.000Z', by: 'supervisor1' },
  },
  // Asked to be called after the period: its due time moved out (not due), but it was attempted and reached.
  t9: {
    type: 'pre_sales',
    dueAt: '2026-06-04T02:00:00.000Z',
    assignee: 'callback1',
    attempts: [{ at: '2026-06-02T02:05:00.000Z', by: 'callback1', outcome: 'call_later', callLaterAt: '2026-06-04T02:00:00.000Z' }],
  },
  // Everything at 23:30 the evening before the period (local): nothing counts.
  t10: {
    type: 'after_sales',
    dueAt: '2026-05-31T02:00:00.000Z',
    assignee: 'callback1',
    attempts: [{ at: '2026-05-31T15:30:00.000Z', by: 'callback1', outcome: 'answered' }],
    end: { status: 'done', reason: 'surveyed', at: '2026-05-31T15:30:00.000Z', by: 'callback1' },
    survey: { satisfied: true, score: 4, at: '2026-05-31T15:30:00.000Z', by: 'callback1' },
  },
};

const row = (figures: Omit<CallbackFiguresRow, 'reachRate' | 'satisfactionRate'>, reachRate: number | null, satisfactionRate: number | null): CallbackFiguresRow => ({
  ...figures,
  reachRate,
  satisfactionRate,
});

describeEachBackend('callback figures', (backend) => {
  let hub: TestHub;
  const tokens: Record<string, string> = {};
  beforeAll(async () => {
    hub = await startTestHub(backend, { customers: 0 });
    tokens.agent1 = await hub.login('agent1');
    for (const task of Object.values(FIXTURE)) await make(task);
    hub.clock.advance(Date.parse(NOW) - hub.clock.now().getTime());
    // Signed in at the report's time: sessions from March have expired by June.
    for (const username of ['agent1', 'callback1', 'supervisor1', 'manager1']) tokens[username] = await hub.login(username);
  });
  afterAll(() => hub.close());

  async function make(task: Task): Promise<void> {
    const id = randomUUID();
    const created = await hub.app.inject({
      method: 'POST',
      url: '/api/v1/callbacks',
      headers: bearer(tokens.agent1!),
      payload: { id, type: task.type, customerId: null, ticketId: null, callId: null, phone: '+8613800138000', dueAt: task.dueAt },
    });
    expect(created.statusCode, created.body).toBe(201);
    await hub.db.query('update callbacks set assignee = $2 where id = $1', [id, task.assignee]);
    for (const attempt of task.attempts ?? []) {
      await hub.db.query(
        `insert into callback_attempts (id, callback_id, at, by, outcome, call_later_at, request_hash) values ($1, $2, $3, $4, $5, $6, $7)`,
        [randomUUID(), id, attempt.at, attempt.by, attempt.outcome, attempt.callLaterAt ?? null, 'a'.repeat(64)],
      );
    }
    if (task.survey !== undefined) {
      const { satisfied, score, at, by } = task.survey;
      await hub.db.query('update callbacks set survey_satisfied = $2, survey_score = $3, survey_reasons = $4, survey_at = $5, survey_by = $6 where id = $1', [
        id,
        satisfied,
        score,
        satisfied ? '维修及时' : '问题没有解决',
        at,
        by,
      ]);
    }
    if (task.end !== undefined) {
      const { status, reason, at, by } = task.end;
      await hub.db.query('update callbacks set status = $2, end_reason = $3, ended_at = $4, ended_by = $5 where id = $1', [id, status, reason, at, by]);
    }
  }

  const get = (as: string, query: Record<string, string>) =>
    hub.app.inject({ method: 'GET', url: '/api/v1/reports/callbacks', query, headers: bearer(tokens[as]!) });
  const report = async (as = 'supervisor1', query = { from: '2026-06-01', to: '2026-06-03' }): Promise<CallbackReport> => {
    const response = await get(as, query);
    expect(response.statusCode, response.body).toBe(200);
    return CallbackReportSchema.parse(response.json());
  };

  it("counts every figure of the period in the center's days", async () => {
    const figures = await report();

    expect(figures.period).toEqual({ from: '2026-06-01', to: '2026-06-03', timeZone: 'Asia/Shanghai' });
    expect(figures.generatedAt).toBe(NOW);
    // due t1 t2 t3 t7 t8 t11; done t1 t2 t6; overdue t1 t7; attempted t1 t2 t6 t8 t9, reached all but t8; surveyed t2 t6.
    expect(figures.totals).toEqual(row({ due: 6, done: 3, overdue: 2, attempted: 5, reached: 4, surveyed: 2, satisfied: 1 }, 0.8, 0.5));
  });

  it('counts a task due at 23:30 on the last day and leaves out one due at 00:30 the day after', async () => {
    // t3 and t4 are the pre-sales tasks due near the end; t9 moved out of the period; t11 is due mid-period.
    expect((await report()).byType.pre_sales.due).toBe(2);
    expect((await report('supervisor1', { from: '2026-06-01', to: '2026-06-04' })).byType.pre_sales.due).toBe(4);
  });

  it('gives the same figures per type', async () => {
    const { byType } = await report();

    expect(byType).toEqual({
      pre_sales: row({ due: 2, done: 0, overdue: 0, attempted: 1, reached: 1, surveyed: 0, satisfied: 0 }, 1, null),
      after_sales: row({ due: 3, done: 1, overdue: 2, attempted: 2, reached: 1, surveyed: 0, satisfied: 0 }, 0.5, null),
      complaint: row({ due: 1, done: 2, overdue: 0, attempted: 2, reached: 2, surveyed: 2, satisfied: 1 }, 1, 0.5),
    });
  });

  it('credits the holder with due, done and overdue, each attempt to who made it and the survey to who took it, the pool last', async () => {
    const { byAgent, totals } = await report();

    expect(byAgent).toEqual([
      { username: 'callback1', displayName: '王芳', ...row({ due: 4, done: 3, overdue: 2, attempted: 4, reached: 4, surveyed: 2, satisfied: 1 }, 1, 0.5) },
      { username: 'supervisor1', displayName: '陈静', ...row({ due: 1, done: 0, overdue: 0, attempted: 2, reached: 0, surveyed: 0, satisfied: 0 }, 0, null) },
      { username: null, displayName: null, ...row({ due: 1, done: 0, overdue: 0, attempted: 0, reached: 0, surveyed: 0, satisfied: 0 }, null, null) },
    ]);
    // t2 was tried by both: once in the totals, once for each of them.
    expect(byAgent.reduce((sum, agent) => sum + agent.attempted, 0)).toBe(totals.attempted + 1);
  });

  it('gives every day of the period, empty ones included, with its surveys and tasks done', async () => {
    expect((await report()).byDay).toEqual([
      { date: '2026-06-01', surveyed: 1, satisfied: 1, done: 1 },
      { date: '2026-06-02', surveyed: 1, satisfied: 0, done: 2 },
      { date: '2026-06-03', surveyed: 0, satisfied: 0, done: 0 },
    ]);
  });

  it('gives rates of null, not zero, for a period with nothing attempted or surveyed', async () => {
    const figures = await report('manager1', { from: '2026-07-01', to: '2026-07-02' });

    expect(figures.totals).toEqual(row({ due: 0, done: 0, overdue: 0, attempted: 0, reached: 0, surveyed: 0, satisfied: 0 }, null, null));
    expect(figures.byAgent).toEqual([]);
    expect(figures.byDay.map((d) => d.date)).toEqual(['2026-07-01', '2026-07-02']);
  });

  it("shows callback staff the center's figures and only their own row among the people", async () => {
    const figures = await report('callback1');

    expect(figures.totals.due).toBe(6);
    expect(figures.byAgent.map((a) => a.username)).toEqual(['callback1']);
  });

  it('refuses a period that starts after it ends, naming from', async () => {
    const response = await get('supervisor1', { from: '2026-06-03', to: '2026-06-01' });

    expect(response.statusCode).toBe(400);
    expect(ApiErrorSchema.parse(response.json())).toMatchObject({ error: 'validation', field: 'from' });
  });

  it('refuses agents', async () => {
    const response = await get('agent1', { from: '2026-06-01', to: '2026-06-03' });

    expect(response.statusCode).toBe(403);
    expect(ApiErrorSchema.parse(response.json()).error).toBe('forbidden');
  });
});
