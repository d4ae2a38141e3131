import { randomUUID } from 'node:crypto';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { CallbackWorkItemSchema, CallbackWorklistResponseSchema, type CallbackManualRequest, type CallbackWorkItem } from '../../../shared/api/callbacks';
import { ComplaintDetailSchema } from '../../../shared/api/complaints';
import { ApiErrorSchema } from '../../../shared/api/errors';
import type { HubEvent } from '../../../shared/api/events';
import { TicketSchema } from '../../../shared/api/tickets';
import { DEFAULT_CALLBACK_CONFIG } from '../../../shared/callbacks/callback-config';
import { isInCallingHours, nextCallingTime } from '../../../shared/callbacks/callback-rules';
import type { ComplaintActionInput } from '../../../shared/complaints/complaint-actions';
import { instantOfWallClock, localDateAt } from '../../../shared/time/zoned-time';
import { createHub } from '../../../hub/src/app';
import { inProcessEventBus } from '../../../hub/src/events/event-bus';
import { SHOWCASE } from '../../../hub/src/seed/demo-showcase';
import { bearer, startTestHub, type TestHub } from '../../support/hub-app';
import { describeEachBackend } from '../../support/hub-db';

const ZONE = 'Asia/Shanghai';
const HOURS = DEFAULT_CALLBACK_CONFIG.callingHours;
const MINUTE_MS = 60_000;
const HOUR_MS = 3_600_000;

const USERS = ['agent1', 'callback1', 'callback2', 'supervisor1', 'manager1', 'admin', 'sales1'] as const;
type Username = (typeof USERS)[number];

/** An instant at a wall-clock time of the center's zone, `days` after today there. */
function centerTime(now: Date, days: number, hour: number, minute = 0): Date {
  const today = localDateAt(ZONE, now.getTime());
  return new Date(instantOfWallClock(ZONE, Date.UTC(today.year, today.month - 1, today.day + days, hour, minute)));
}

describeEachBackend('callback worklist routes', (backend) => {
  let hub: TestHub;
  const tokens = {} as Record<Username, string>;
  const published: HubEvent[] = [];
  beforeAll(async () => {
    const events = inProcessEventBus();
    events.subscribe((event) => published.push(event));
    hub = await startTestHub(backend, { customers: 0, events, sessionTtlMs: 30 * 24 * HOUR_MS });
    for (const username of USERS) tokens[username] = await hub.login(username);
  });
  afterAll(() => hub.close());

  const send = (method: 'GET' | 'POST' | 'PUT', url: string, as: Username, payload?: object, app: FastifyInstance = hub.app) =>
    app.inject({ method, url, headers: bearer(tokens[as]), ...(payload === undefined ? {} : { payload }) });
  const itemOf = (response: LightMyRequestResponse, status = 200): CallbackWorkItem => {
    expect(response.statusCode, response.body).toBe(status);
    return CallbackWorkItemSchema.parse(response.json());
  };
  const errorOf = (response: LightMyRequestResponse, status: number) => {
    expect(response.statusCode, response.body).toBe(status);
    return ApiErrorSchema.parse(response.json());
  };
  /** A time customers may be called, at least an hour from now. */
  const laterToday = () => new Date(nextCallingTime(hub.clock.now().getTime() + HOUR_MS, HOURS, ZONE));
  const manual = async (patch: Partial<CallbackManualRequest> = {}, as: Username = 'supervisor1'): Promise<CallbackWorkItem> =>
    itemOf(
      await send('POST', '/api/v1/callbacks/manual', as, {
        id: randomUUID(),
        type: 'after_sales',
        customerId: SHOWCASE.zhangWei.id,
        dueAt: laterToday().toISOString(),
        ...patch,
      }),
      201,
    );
  const worklist = async (query: string, as: Username = 'supervisor1') => {
    const response = await send('GET', `/api/v1/callbacks/worklist?${query}`, as);
    expect(response.statusCode, response.body).toBe(200);
    return CallbackWorklistResponseSchema.parse(response.json());
  };
  const stored = async (id: string) =>
    (await hub.db.query<{ status: string; assignee: string | null; due_at: Date; version: number; attempts: number }>(
      `select status, assignee, due_at, version, (select count(*)::int from callback_attempts a where a.callback_id = c.id) as attempts from callbacks c where id = $1`,
      [id],
    )).rows[0];

  // ── the worklist ─────────────────────────────────────────────────────────

  it('lists overdue tasks first, then high priority, then the soonest due, and pages without losing or repeating one', async () => {
    const now = hub.clock.now();
    const tag = `order-${randomUUID().slice(0, 8)}`;
    const pastCallingTime = (hoursAgo: number) => {
      const at = nextCallingTime(now.getTime() - hoursAgo * HOUR_MS, HOURS, ZONE);
      expect(at).toBeLessThan(now.getTime());
      return new Date(at).toISOString();
    };
    const lateNormal = await manual({ note: `${tag} late`, dueAt: centerTime(now, 2, 15).toISOString(), priority: 'normal' });
    const soonNormal = await manual({ note: `${tag} soon`, dueAt: centerTime(now, 1, 10).toISOString(), priority: 'normal' });
    const laterHigh = await manual({ note: `${tag} high`, dueAt: centerTime(now, 2, 16).toISOString(), priority: 'high' });
    const overdueNormal = await manual({ note: `${tag} overdue`, dueAt: pastCallingTime(30), priority: 'normal' });
    const overdueHigh = await manual({ note: `${tag} overdue high`, dueAt: pastCallingTime(50), priority: 'high' });

    const all = await worklist(`q=${tag}`);
    expect(all.items.map((i) => i.id)).toEqual([overdueHigh.id, overdueNormal.id, laterHigh.id, soonNormal.id, lateNormal.id]);
    expect(all.items.map((i) => i.overdue)).toEqual([true, true, false, false, false]);

    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page = await worklist(`q=${tag}&limit=2${cursor === null ? '' : `&cursor=${encodeURIComponent(cursor)}`}`);
      expect(page.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.items.map((i) => i.id));
      cursor = page.nextCursor;
    } while (cursor !== null);
    expect(seen).toEqual(all.items.map((i) => i.id));
  });

  it('shows callback staff their own tasks and the pool, and supervisors everyone\'s', async () => {
    const tag = `scope-${randomUUID().slice(0, 8)}`;
    const pool = await manual({ note: `${tag} pool` });
    const mine = await manual({ note: `${tag} mine`, assignee: 'callback1' });
    const theirs = await manual({ note: `${tag} theirs`, assignee: 'callback2' });
    const ids = (list: { items: CallbackWorkItem[] }) => list.items.map((i) => i.id).sort();

    expect(ids(await worklist(`q=${tag}&scope=all`, 'callback1'))).toEqual([pool.id, mine.id].sort());
    expect(ids(await worklist(`q=${tag}&scope=mine`, 'callback1'))).toEqual([mine.id]);
    expect(ids(await worklist(`q=${tag}&scope=pool`, 'callback1'))).toEqual([pool.id]);
    expect(ids(await worklist(`q=${tag}&scope=all`, 'supervisor1'))).toEqual([pool.id, mine.id, theirs.id].sort());
    const listed = (await worklist(`q=${tag}&scope=mine`, 'callback1')).items[0];
    expect(listed).toMatchObject({ assignee: 'callback1', assigneeName: '王芳', customerName: SHOWCASE.zhangWei.name, phone: SHOWCASE.zhangWei.phones[0], source: 'manual' });
  });

  it('announces a callback a script promised, once, so the worklists hear of it at once', async () => {
    published.length = 0;
    const request = {
      id: randomUUID(),
      type: 'pre_sales',
      customerId: SHOWCASE.zhangWei.id,
      ticketId: null,
      callId: null,
      phone: SHOWCASE.zhangWei.phones[0],
      dueAt: new Date(hub.clock.now().getTime() + 24 * HOUR_MS).toISOString(),
      note: '承诺回电',
    };
    expect((await send('POST', '/api/v1/callbacks', 'agent1', request)).statusCode).toBe(201);
    expect((await send('POST', '/api/v1/callbacks', 'agent1', request)).statusCode).toBe(200);
    const announced = published.filter((e) => e.type === 'callback.changed' && e.callbackId === request.id);
    expect(announced).toEqual([expect.objectContaining({ status: 'pending', assignee: null, version: 1, by: 'agent1' })]);
  });

  it('refuses the worklist to agents', async () => {
    expect(errorOf(await send('GET', '/api/v1/callbacks/worklist', 'agent1'), 403).error).toBe('forbidden');
  });

  // ── claiming ─────────────────────────────────────────────────────────────

  it('gives a pool task to whoever claims it first, names the holder to the second, and lets the holder claim again', async () => {
    const task = await manual();
    published.length = 0;
    const claimed = itemOf(await send('POST', `/api/v1/callbacks/${task.id}/claim`, 'callback2'));
    expect(claimed).toMatchObject({ assignee: 'callback2', assigneeName: '回访专员二', version: task.version + 1 });
    expect(published).toContainEqual(expect.objectContaining({ type: 'callback.changed', callbackId: task.id, assignee: 'callback2', previousAssignee: null }));

    const refused = errorOf(await send('POST', `/api/v1/callbacks/${task.id}/claim`, 'callback1'), 409);
    expect(refused.error).toBe('already_claimed');
    expect(refused.message).toContain('callback2');
    expect(itemOf(await send('POST', `/api/v1/callbacks/${task.id}/claim`, 'callback2')).version).toBe(claimed.version);
    expect(errorOf(await send('POST', `/api/v1/callbacks/${randomUUID()}/claim`, 'callback1'), 404).error).toBe('not_found');
  });

  it('lets exactly one of two people claiming the same task at the same moment have it, over many rounds and from two hub processes', async () => {
    // On PostgreSQL the second claimant goes through another hub with its own connection pool.
    let other: FastifyInstance = hub.app;
    if (backend === 'postgres') other = await createHub({ db: await hub.database.connectAgain(), clock: hub.clock });
    try {
      for (let round = 0; round < 15; round += 1) {
        const task = await manual();
        const [first, second] = await Promise.all([
          send('POST', `/api/v1/callbacks/${task.id}/claim`, 'callback1'),
          send('POST', `/api/v1/callbacks/${task.id}/claim`, 'callback2', undefined, other),
        ]);
        const statuses = [first.statusCode, second.statusCode].sort();
        expect(statuses, `${first.body} / ${second.body}`).toEqual([200, 409]);
        const loser = first.statusCode === 409 ? first : second;
        expect(ApiErrorSchema.parse(loser.json()).error).toBe('already_claimed');
        const winner = first.statusCode === 200 ? 'callback1' : 'callback2';
        expect((await stored(task.id))?.assignee).toBe(winner);
      }
    } finally {
      if (other !== hub.app) await other.close();
    }
  });

  it('puts a task back in the pool for its holder, and refuses another of the callback staff', async () => {
    const task = await manual({ assignee: 'callback1' });
    expect(errorOf(await send('POST', `/api/v1/callbacks/${task.id}/release`, 'callback2'), 403).error).toBe('forbidden');
    expect(itemOf(await send('POST', `/api/v1/callbacks/${task.id}/release`, 'callback1')).assignee).toBeNull();
  });

  it('assigns only to callback staff, naming the field otherwise, and cancels with the reason kept', async () => {
    const task = await manual();
    const wrong = errorOf(await send('POST', `/api/v1/callbacks/${task.id}/assign`, 'supervisor1', { assignee: 'agent1' }), 400);
    expect(wrong.field).toBe('assignee');
    expect(errorOf(await send('POST', `/api/v1/callbacks/${task.id}/assign`, 'callback1', { assignee: 'callback1' }), 403).error).toBe('forbidden');
    expect(itemOf(await send('POST', `/api/v1/callbacks/${task.id}/assign`, 'supervisor1', { assignee: 'callback2' })).assignee).toBe('callback2');

    const cancelled = itemOf(await send('POST', `/api/v1/callbacks/${task.id}/cancel`, 'supervisor1', { reason: '客户已来电说明，无需回访' }));
    expect(cancelled).toMatchObject({ status: 'cancelled', endReason: 'cancelled' });
    expect(cancelled.note).toContain('客户已来电说明，无需回访');
    expect(errorOf(await send('POST', `/api/v1/callbacks/${task.id}/claim`, 'callback1'), 409).error).toBe('illegal_transition');
  });

  // ── attempts ─────────────────────────────────────────────────────────────

  it('tries a customer who does not answer again after the gap, inside the calling hours, and gives up after the third attempt', async () => {
    const task = await manual();
    const attempt = (outcome: string) => send('POST', `/api/v1/callbacks/${task.id}/attempts`, 'callback1', { id: randomUUID(), outcome });

    const first = itemOf(await attempt('no_answer'), 201);
    const firstAt = hub.clock.now().getTime();
    // Claimed by the attempt itself: it was in the pool.
    expect(first).toMatchObject({ status: 'pending', assignee: 'callback1', failedAttempts: 1 });
    expect(Date.parse(first.dueAt)).toBe(nextCallingTime(firstAt + DEFAULT_CALLBACK_CONFIG.retry.gapMinutes * MINUTE_MS, HOURS, ZONE));

    hub.clock.advance(Date.parse(first.dueAt) - firstAt);
    const second = itemOf(await attempt('no_answer'), 201);
    const secondDue = Date.parse(second.dueAt);
    expect(secondDue).toBeGreaterThanOrEqual(hub.clock.now().getTime() + DEFAULT_CALLBACK_CONFIG.retry.gapMinutes * MINUTE_MS);
    expect(isInCallingHours(secondDue, HOURS, ZONE)).toBe(true);
    expect(second.failedAttempts).toBe(2);

    hub.clock.advance(secondDue - hub.clock.now().getTime());
    const third = itemOf(await attempt('no_answer'), 201);
    expect(third).toMatchObject({ status: 'unreachable', endReason: 'unreachable', failedAttempts: 3 });
    expect(third.attempts.map((a) => a.outcome)).toEqual(['no_answer', 'no_answer', 'no_answer']);
    expect(errorOf(await attempt('busy'), 409).error).toBe('illegal_transition');
  });

  it('refuses a call-back time at 23:00 as outside the calling hours and stores nothing', async () => {
    const task = await manual({ assignee: 'callback1' });
    const before = await stored(task.id);
    const at = centerTime(hub.clock.now(), 1, 23);
    const refused = errorOf(await send('POST', `/api/v1/callbacks/${task.id}/attempts`, 'callback1', { id: randomUUID(), outcome: 'call_later', callLaterAt: at.toISOString() }), 400);
    expect(refused).toMatchObject({ error: 'outside_calling_hours', field: 'callLaterAt' });
    expect(await stored(task.id)).toEqual(before);
    expect(before?.attempts).toBe(0);
  });

  it("refuses an attempt on someone else's task", async () => {
    const task = await manual({ assignee: 'callback2' });
    expect(errorOf(await send('POST', `/api/v1/callbacks/${task.id}/attempts`, 'callback1', { id: randomUUID(), outcome: 'busy' }), 409).error).toBe('already_claimed');
  });

  // ── the survey and the complaint ─────────────────────────────────────────

  const caseOf = async (ticketId: string) => ComplaintDetailSchema.parse((await send('GET', `/api/v1/complaints/${ticketId}`, 'supervisor1')).json()).case;
  /** A complaint carried out by the sales department and waiting for its callback. */
  const complaintWaitingForCallback = async () => {
    const ticket = TicketSchema.parse(
      (
        await send('POST', '/api/v1/tickets', 'agent1', {
          id: randomUUID(),
          kind: 'complaint',
          customerId: SHOWCASE.zhangWei.id,
          callId: null,
          title: '赠品未兑现',
          channel: 'phone',
          category: 'sales',
          severity: 'normal',
          triage: null,
          departmentCode: 'sales',
          answers: [],
          flow: null,
        })
      ).json(),
    );
    const act = async (action: ComplaintActionInput, as: Username) => {
      hub.clock.advance(MINUTE_MS);
      const { version } = await caseOf(ticket.id);
      const response = await send('POST', `/api/v1/tickets/${ticket.id}/actions`, as, { id: randomUUID(), expectedVersion: version, action });
      expect(response.statusCode, response.body).toBe(201);
    };
    await act({ type: 'send_memo', proposal: { category: 'sales', responsibility: 'company', departmentCode: 'sales', measure: '补发赠品', compensationFen: 0 }, note: '' }, 'supervisor1');
    await act({ type: 'accept', note: '' }, 'sales1');
    await act({ type: 'complete_measure', result: '赠品已寄出', note: '' }, 'sales1');
    await act({ type: 'request_callback', dueAt: null, note: '请回访' }, 'supervisor1');
    return { ticketId: ticket.id, act };
  };
  const callbackOf = async (ticketId: string): Promise<CallbackWorkItem> => {
    const { rows } = await hub.db.query<{ id: string }>(`select id from callbacks where ticket_id = $1 and status = 'pending'`, [ticketId]);
    expect(rows).toHaveLength(1);
    return itemOf(await send('GET', `/api/v1/callbacks/${rows[0]?.id}`, 'callback1'));
  };

  it('sends a complaint back to the responsible department when the customer is not satisfied, and closes it at the next callback when they are', async () => {
    const { ticketId, act } = await complaintWaitingForCallback();
    const task = await callbackOf(ticketId);
    expect(task).toMatchObject({ type: 'complaint', source: 'complaint', status: 'pending', assignee: null });
    expect(errorOf(await send('POST', `/api/v1/callbacks/${task.id}/attempts`, 'callback1', { id: randomUUID(), outcome: 'answered' }), 409).error).toBe('survey_required');

    published.length = 0;
    const unhappy = itemOf(await send('POST', `/api/v1/callbacks/${task.id}/survey`, 'callback1', { id: randomUUID(), score: 2, satisfied: false, reasons: '赠品还是没收到' }), 201);
    expect(unhappy).toMatchObject({ status: 'done', endReason: 'surveyed', survey: { score: 2, satisfied: false, reasons: '赠品还是没收到', by: 'callback1' } });
    const returned = await caseOf(ticketId);
    expect(returned).toMatchObject({ status: 'returned', waitingOn: 'sales' });
    expect(published.map((e) => e.type)).toEqual(expect.arrayContaining(['ticket.changed', 'callback.changed']));

    await act({ type: 'accept', note: '' }, 'sales1');
    await act({ type: 'complete_measure', result: '已当面送达赠品', note: '' }, 'sales1');
    await act({ type: 'request_callback', dueAt: null, note: '' }, 'supervisor1');
    const second = await callbackOf(ticketId);
    expect(second.id).not.toBe(task.id);
    itemOf(await send('POST', `/api/v1/callbacks/${second.id}/survey`, 'callback2', { id: randomUUID(), score: 5, satisfied: true, reasons: '' }), 201);
    expect((await caseOf(ticketId)).status).toBe('closed');
  });

  it('answers a replayed survey with the task as it is and records nothing twice; the same id with other content is a conflict', async () => {
    const { ticketId } = await complaintWaitingForCallback();
    const task = await callbackOf(ticketId);
    const survey = { id: randomUUID(), score: 4, satisfied: true, reasons: '处理及时' };
    const first = itemOf(await send('POST', `/api/v1/callbacks/${task.id}/survey`, 'callback1', survey), 201);
    const again = itemOf(await send('POST', `/api/v1/callbacks/${task.id}/survey`, 'callback1', survey), 200);
    expect(again).toEqual(first);
    expect(again.attempts).toHaveLength(1);
    const lines = await hub.db.query(`select 1 from ticket_events where ticket_id = $1 and type = 'callback_result'`, [ticketId]);
    expect(lines.rows).toHaveLength(1);
    expect(errorOf(await send('POST', `/api/v1/callbacks/${task.id}/survey`, 'callback1', { ...survey, satisfied: false }), 409).error).toBe('conflict');
  });

  // ── made by hand, and the configuration ──────────────────────────────────

  it('refuses a callback made by hand with a number that cannot be dialled, naming the phone', async () => {
    const refused = errorOf(await send('POST', '/api/v1/callbacks/manual', 'callback1', { id: randomUUID(), type: 'pre_sales', phone: '12345', dueAt: laterToday().toISOString() }), 400);
    expect(refused.field).toBe('phone');
  });

  it('makes a VIP customer\'s callback high priority, and refuses a due time outside the calling hours', async () => {
    expect((await manual({ customerId: SHOWCASE.wangJianguo.id })).priority).toBe('high');
    const night = centerTime(hub.clock.now(), 1, 22);
    const refused = errorOf(await send('POST', '/api/v1/callbacks/manual', 'callback1', { id: randomUUID(), type: 'pre_sales', phone: '13912345678', dueAt: night.toISOString() }), 400);
    expect(refused).toMatchObject({ error: 'outside_calling_hours', field: 'dueAt' });
  });

  it('lets only administrators change the configuration, and refuses calling hours that end before they start', async () => {
    const config = structuredClone(DEFAULT_CALLBACK_CONFIG);
    expect(errorOf(await send('PUT', '/api/v1/callback-config', 'supervisor1', config), 403).error).toBe('forbidden');
    const backwards = errorOf(await send('PUT', '/api/v1/callback-config', 'admin', { ...config, callingHours: { ...config.callingHours, start: '18:00', end: '09:00' } }), 400);
    expect(backwards.field).toBe('callingHours.end');
    const unknownCode = errorOf(await send('PUT', '/api/v1/callback-config', 'admin', { ...config, afterSales: { ...config.afterSales, dispositionCodes: ['no-such-code'] } }), 400);
    expect(unknownCode.field).toBe('afterSales.dispositionCodes.0');

    const changed = { ...config, retry: { ...config.retry, maxAttempts: 4 } };
    expect((await send('PUT', '/api/v1/callback-config', 'admin', changed)).statusCode).toBe(200);
    expect((await send('GET', '/api/v1/callback-config', 'agent1')).json()).toEqual({ config: changed, timeZone: ZONE });
    expect((await send('PUT', '/api/v1/callback-config', 'admin', config)).statusCode).toBe(200);
  });
});
