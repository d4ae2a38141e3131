import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, afterEach, beforeAll, beforeEach, expect, it, vi } from 'vitest';
import { BoardSchema, type Board, type BoardAgent } from '../../../shared/api/board';
import type { CallLogRecord } from '../../../shared/api/call-logs';
import { ApiErrorSchema } from '../../../shared/api/errors';
import type { AgentStateChangedEvent, HubEvent } from '../../../shared/api/events';
import type { AgentState } from '../../../shared/telephony/agent-state';
import { hashSessionToken } from '../../../hub/src/auth/tokens';
import { inProcessEventBus } from '../../../hub/src/events/event-bus';
import { seedDemo } from '../../../hub/src/seed/demo';
import { SHOWCASE } from '../../../hub/src/seed/demo-showcase';
import { writeSetting } from '../../../hub/src/settings/settings-repo';
import { callLogId, callLogRecord } from '../../support/call-log-records';
import { bearer, startTestHub, type TestHub } from '../../support/hub-app';
import { describeEachBackend } from '../../support/hub-db';
import { subscribeToHub, type HubEventStream } from '../../support/hub-event-stream';

/*
 * The test hub's clock starts at 2026-03-02T09:00Z, 17:00 in Shanghai (the default center zone):
 * "today" runs from 2026-03-01T16:00Z to 2026-03-02T16:00Z.
 */

const PHONE_USERS = ['agent1', 'agent2', 'callback1', 'callback2'];

const startingAt = (startedAt: string, patch: Partial<CallLogRecord> = {}): CallLogRecord => callLogRecord({ startedAt, ...patch });

/** An answered call: talk and hold as given, wrap-up done `wrap` seconds after the end (null: not yet). */
function answeredCall(startedAt: string, direction: 'inbound' | 'outbound', s: { ring: number; connected: number; hold: number; wrap: number | null }): CallLogRecord {
  const start = Date.parse(startedAt);
  const at = (seconds: number) => new Date(start + seconds * 1000).toISOString();
  const end = s.ring + s.connected;
  return startingAt(startedAt, {
    direction,
    ivrChoice: direction === 'inbound' ? 'consult' : null,
    status: s.wrap === null ? 'ended' : 'completed',
    answeredAt: at(s.ring),
    endedAt: at(end),
    holdSeconds: s.hold,
    wrapUp: { dispositionCode: s.wrap === null ? null : 'consult-answered', notes: '', doneAt: s.wrap === null ? null : at(end + s.wrap) },
    events: [],
  });
}

function unansweredCall(startedAt: string, direction: 'inbound' | 'outbound'): CallLogRecord {
  return startingAt(startedAt, {
    direction,
    status: 'completed',
    answeredAt: null,
    endedAt: new Date(Date.parse(startedAt) + 20_000).toISOString(),
    endCause: 'CANCEL',
    holdSeconds: 0,
    wrapUp: { dispositionCode: null, notes: '', doneAt: null },
    script: null,
    scriptAnswers: [],
    events: [],
  });
}

describeEachBackend('supervisor board', (backend) => {
  let hub: TestHub;
  let baseUrl: string;
  const bus = inProcessEventBus();
  const tokens: Record<string, string> = {};
  const streams: HubEventStream[] = [];
  const userIds: Record<string, string> = {};

  beforeAll(async () => {
    hub = await startTestHub(backend, { customers: 0, events: bus });
    for (const username of ['agent1', 'agent2', 'callback1', 'qa1', 'field1', 'supervisor1', 'manager1', 'admin']) tokens[username] = await hub.login(username);
    const { rows } = await hub.db.query<{ id: string; username: string }>('select id, username from users');
    for (const row of rows) userIds[row.username] = row.id;
    await hub.app.listen({ port: 0, host: '127.0.0.1' });
    baseUrl = `http://127.0.0.1:${(hub.app.server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    for (const stream of streams) stream.close();
    hub.app.server.closeAllConnections();
    await hub.close();
  });
  // Each test starts from a floor where nobody has reported anything and no call was logged (the
  // demo seed's floor included).
  beforeEach(async () => {
    for (const table of ['call_logs', 'agent_state_log', 'agent_states']) await hub.db.query(`delete from ${table}`);
  });
  afterEach(async () => {
    await hub.db.query("delete from settings where key = 'wrap_up'");
  });

  const get = (as: string) => hub.app.inject({ method: 'GET', url: '/api/v1/board', headers: bearer(tokens[as] ?? '') });
  const boardOf = (response: LightMyRequestResponse): Board => {
    expect(response.statusCode, response.body).toBe(200);
    return BoardSchema.parse(response.json());
  };
  const board = async (as = 'supervisor1') => boardOf(await get(as));
  const row = async (username: string): Promise<BoardAgent> => {
    const found = (await board()).agents.find((a) => a.username === username);
    if (found === undefined) throw new Error(`${username} is not on the board`);
    return found;
  };
  /** A state report of the agent's console, one second after the previous one. */
  const report = async (username: string, state: AgentState, extra: { reasonCode?: string; callId?: string } = {}) => {
    hub.clock.advance(1000);
    const response = await hub.app.inject({
      method: 'POST',
      url: '/api/v1/agent/state',
      headers: bearer(tokens[username] ?? ''),
      payload: { state, reasonCode: extra.reasonCode ?? null, at: hub.clock.now().toISOString(), callId: extra.callId ?? null },
    });
    expect(response.json()).toEqual({ applied: true });
  };
  const upload = async (username: string, records: CallLogRecord[]) => {
    const response = await hub.app.inject({ method: 'POST', url: '/api/v1/call-logs/batch', headers: bearer(tokens[username] ?? ''), payload: { records } });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json<{ results: { outcome: string }[] }>().results.map((r) => r.outcome)).toEqual(records.map(() => 'created'));
  };
  const subscribe = async (username: string) => {
    const stream = await subscribeToHub(baseUrl, tokens[username] ?? '');
    streams.push(stream);
    await stream.ready;
    return stream;
  };
  /** Published after what a test waits for: once a stream has it, it has everything published before. */
  const fence = async (...readers: HubEventStream[]) => {
    const ticketId = randomUUID();
    bus.publish({ type: 'ticket.changed', ticketId, ticketNo: 'ZX-2026-999999', kind: 'consult', status: 'open', waitingOn: null, version: 1, at: hub.clock.now().toISOString(), by: 'test' });
    await vi.waitFor(() => {
      for (const reader of readers) expect(reader.received.some((e) => e.type === 'ticket.changed' && e.ticketId === ticketId)).toBe(true);
    });
  };
  const ofType = <T extends HubEvent['type']>(stream: HubEventStream, type: T) => stream.received.filter((e): e is Extract<HubEvent, { type: T }> => e.type === type);

  // ── who reads it ────────────────────────────────────────────────────────────

  it.each(['supervisor1', 'manager1', 'admin'])('answers %s', async (who) => {
    await board(who);
  });

  it.each(['agent1', 'callback1', 'qa1', 'field1'])('refuses %s with 403', async (who) => {
    const response = await get(who);

    expect(response.statusCode).toBe(403);
    expect(ApiErrorSchema.parse(response.json()).error).toBe('forbidden');
  });

  it('refuses a request without a session with 401', async () => {
    expect((await hub.app.inject({ method: 'GET', url: '/api/v1/board' })).statusCode).toBe(401);
  });

  // ── the rows ────────────────────────────────────────────────────────────────

  it('lists every user of a phone role once, with what they last reported, and nobody else', async () => {
    await report('agent1', 'not_ready', { reasonCode: 'meal' });
    const since = hub.clock.now().toISOString();

    const result = await board();

    expect(result.agents.map((a) => a.username).sort()).toEqual(PHONE_USERS);
    expect(result.agents.find((a) => a.username === 'agent1')).toEqual({
      userId: userIds.agent1,
      username: 'agent1',
      displayName: '张敏',
      role: 'agent',
      extension: '1001',
      state: 'not_ready',
      reasonCode: 'meal',
      since,
      call: null,
      wrapUpOverrun: false,
      loggedOut: false,
    });
    expect(result.agents.find((a) => a.username === 'callback2')).toMatchObject({ role: 'callback', extension: '1102', state: null, reasonCode: null, since: null, call: null });
    expect(result).toMatchObject({ asOf: hub.clock.now().toISOString(), date: '2026-03-02', timeZone: 'Asia/Shanghai', wrapUpSeconds: 60 });
  });

  it('shows a call by its id until its log arrives, then with number, direction, start and customer', async () => {
    const record = startingAt(new Date(hub.clock.now().getTime() - 30_000).toISOString(), {
      status: 'live',
      answeredAt: null,
      endedAt: null,
      endedBy: null,
      endCause: null,
      remote: { number: '13800138000', displayName: '' },
      customerId: SHOWCASE.wangJianguo.id,
      wrapUp: { dispositionCode: null, notes: '', doneAt: null },
      events: [],
    });
    await report('agent1', 'ringing', { callId: record.id });

    expect((await row('agent1')).call).toEqual({ callId: record.id, direction: null, number: null, customerId: null, customerName: null, startedAt: null });

    await upload('agent1', [record]);

    expect((await row('agent1')).call).toEqual({
      callId: record.id,
      direction: 'inbound',
      number: '13800138000',
      customerId: SHOWCASE.wangJianguo.id,
      customerName: '王建国',
      startedAt: record.startedAt,
    });
  });

  it('shows no log for a call id that is no call log of the agent’s', async () => {
    const others = startingAt('2026-03-02T08:00:00.000Z');
    await upload('agent2', [others]);
    await report('agent1', 'talking', { callId: others.id });
    await report('callback1', 'talking', { callId: 'not-a-uuid' });

    expect((await row('agent1')).call).toMatchObject({ callId: others.id, number: null });
    expect((await row('callback1')).call).toMatchObject({ callId: 'not-a-uuid', number: null });
  });

  it('marks wrap-up overrun once it has lasted longer than the center allows, by the hub clock', async () => {
    await writeSetting(hub.db, 'wrap_up', { seconds: 30, autoReady: false, dispositionRequired: true });
    await report('agent1', 'wrap_up', { callId: callLogId() });
    await report('agent2', 'not_ready', { reasonCode: 'break' });

    hub.clock.advance(29_000);
    expect((await row('agent1')).wrapUpOverrun).toBe(false);

    hub.clock.advance(2000);
    expect((await row('agent1')).wrapUpOverrun).toBe(true);
    // Not ready for as long is no overrun.
    expect((await row('agent2')).wrapUpOverrun).toBe(false);
  });

  it('never marks an overrun when the center sets no wrap-up limit', async () => {
    await writeSetting(hub.db, 'wrap_up', { seconds: null, autoReady: false, dispositionRequired: true });
    await report('agent1', 'wrap_up', { callId: callLogId() });

    hub.clock.advance(3_600_000);

    const result = await board();
    expect(result.wrapUpSeconds).toBeNull();
    expect(result.agents.find((a) => a.username === 'agent1')?.wrapUpOverrun).toBe(false);
  });

  it('shows as logged out whoever has no live session: never signed in, signed out, or expired', async () => {
    const token = await hub.login('callback2');
    expect((await row('callback2')).loggedOut).toBe(false);

    await hub.app.inject({ method: 'POST', url: '/api/v1/auth/logout', headers: bearer(token) });

    expect((await row('callback2')).loggedOut).toBe(true);
    expect((await row('agent1')).loggedOut).toBe(false);
    await hub.db.query('update sessions set expires_at = $2 where user_id = $1', [userIds.agent2, hub.clock.now()]);
    expect((await row('agent2')).loggedOut).toBe(true);
    tokens.agent2 = await hub.login('agent2');
  });

  // ── today's totals ──────────────────────────────────────────────────────────

  it("counts today's calls, complaints, callbacks and surveys, in the center's day", async () => {
    // Nothing open from the demo seed: the figures are this test's alone.
    await hub.db.query("update tickets set closed_at = opened_at, status = 'closed' where closed_at is null");
    await hub.db.query("update callbacks set status = 'cancelled', end_reason = 'cancelled', ended_at = created_at where status = 'pending'");
    await upload('agent1', [
      // 300 s connected, 40 of them on hold, 50 s wrap-up: handled in 350 s.
      answeredCall('2026-03-02T08:00:00.000Z', 'inbound', { ring: 10, connected: 300, hold: 40, wrap: 50 }),
      answeredCall('2026-03-02T07:00:00.000Z', 'inbound', { ring: 5, connected: 120, hold: 0, wrap: 30 }),
      unansweredCall('2026-03-02T06:00:00.000Z', 'inbound'),
      // The first instant of the day in Shanghai, and the last second of the day before.
      unansweredCall('2026-03-01T16:00:00.000Z', 'inbound'),
      answeredCall('2026-03-01T15:59:59.000Z', 'inbound', { ring: 5, connected: 600, hold: 0, wrap: 60 }),
    ]);
    await upload('agent2', [
      answeredCall('2026-03-02T05:00:00.000Z', 'outbound', { ring: 8, connected: 60, hold: 0, wrap: 20 }),
      unansweredCall('2026-03-02T04:00:00.000Z', 'outbound'),
      // Answered and talking now: counted, but with no duration yet.
      startingAt('2026-03-02T08:59:00.000Z', { status: 'live', answeredAt: '2026-03-02T08:59:05.000Z', endedAt: null, endedBy: null, endCause: null, wrapUp: { dispositionCode: null, notes: '', doneAt: null }, events: [] }),
    ]);
    // Times are fixed: the earlier tests moved the clock to somewhere between 09:00 and 10:01 UTC.
    const complaint = async (closed: boolean, stepDueAt: string, callbackDueAt?: string) => {
      const id = randomUUID();
      await hub.db.query(
        `insert into tickets (id, ticket_no, kind, title, status, opened_at, updated_at, closed_at, step_due_at)
         values ($1, $2, 'complaint', '投诉', $3, $4, $4, $5, $6)`,
        [id, `BD-${id.slice(0, 8)}`, closed ? 'closed' : 'registered', '2026-02-27T09:00:00Z', closed ? '2026-03-01T09:00:00Z' : null, stepDueAt],
      );
      if (callbackDueAt !== undefined) await callback({ ticketId: id, dueAt: callbackDueAt });
    };
    const callback = async (c: { dueAt: string; ticketId?: string; survey?: { at: string; satisfied: boolean } }) => {
      const done = c.survey !== undefined;
      await hub.db.query(
        `insert into callbacks (id, type, status, end_reason, ended_at, ticket_id, due_at, priority, created_at, created_by, request_hash, survey_at, survey_satisfied)
         values ($1, 'after_sales', $2, $3, $4, $5, $6, 'normal', '2026-02-27T09:00:00Z', 'agent1', $7, $4, $8)`,
        [randomUUID(), done ? 'done' : 'pending', done ? 'surveyed' : null, c.survey?.at ?? null, c.ticketId ?? null, c.dueAt, 'b'.repeat(64), c.survey?.satisfied ?? null],
      );
    };
    await complaint(false, '2026-03-02T06:00:00Z'); // overdue: its step's limit passed
    await complaint(false, '2026-03-05T06:00:00Z', '2026-03-02T07:00:00Z'); // overdue: its callback is late (and that callback is due)
    await complaint(false, '2026-03-05T06:00:00Z'); // open, on time
    await complaint(true, '2026-03-01T06:00:00Z'); // closed: neither
    await callback({ dueAt: '2026-03-02T15:00:00Z' }); // 23:00 today in Shanghai
    await callback({ dueAt: '2026-03-01T03:00:00Z' }); // overdue since yesterday: still to do today
    await callback({ dueAt: '2026-03-02T16:30:00Z' }); // 00:30 tomorrow
    await callback({ dueAt: '2026-03-02T02:00:00Z', survey: { at: '2026-03-02T08:00:00Z', satisfied: true } });
    await callback({ dueAt: '2026-03-02T01:00:00Z', survey: { at: '2026-03-02T01:00:00Z', satisfied: false } });
    await callback({ dueAt: '2026-03-01T15:00:00Z', survey: { at: '2026-03-01T16:30:00Z', satisfied: false } }); // 00:30 today
    await callback({ dueAt: '2026-03-01T15:00:00Z', survey: { at: '2026-03-01T15:30:00Z', satisfied: true } }); // 23:30 yesterday

    const { totals } = await board();

    expect(totals).toEqual({
      callsIn: 5,
      callsOut: 2,
      answered: 3,
      avgHandleSeconds: (350 + 150 + 80) / 3,
      avgWrapUpSeconds: (50 + 30 + 20) / 3,
      openComplaints: 3,
      overdueComplaints: 2,
      callbacksDue: 3,
      satisfactionRate: 1 / 3,
    });
  });

  // ── push ────────────────────────────────────────────────────────────────────

  it("pushes an agent's state change to supervisors' streams and not to agents'", async () => {
    const supervisor = await subscribe('supervisor1');
    const manager = await subscribe('manager1');
    const agent = await subscribe('agent2');

    await report('agent1', 'not_ready', { reasonCode: 'training' });
    await fence(supervisor, manager, agent);

    const expected: AgentStateChangedEvent = {
      type: 'agent.state',
      userId: userIds.agent1!,
      state: 'not_ready',
      reasonCode: 'training',
      since: hub.clock.now().toISOString(),
      callId: null,
      call: null,
      loggedOut: false,
      at: hub.clock.now().toISOString(),
    };
    expect(ofType(supervisor, 'agent.state')).toEqual([expected]);
    expect(ofType(manager, 'agent.state')).toEqual([expected]);
    expect(ofType(agent, 'agent.state')).toEqual([]);
  });

  it('pushes nothing for a report the hub already had', async () => {
    await report('agent1', 'ready');
    const supervisor = await subscribe('supervisor1');
    const repeated = (await hub.db.query<{ since: Date }>('select since from agent_states where user_id = $1', [userIds.agent1])).rows[0]!.since;

    const response = await hub.app.inject({
      method: 'POST',
      url: '/api/v1/agent/state',
      headers: bearer(tokens.agent1 ?? ''),
      payload: { state: 'ready', reasonCode: null, at: new Date(repeated).toISOString(), callId: null },
    });
    await fence(supervisor);

    expect(response.json()).toEqual({ applied: false });
    expect(ofType(supervisor, 'agent.state')).toEqual([]);
  });

  it("pushes the agent's row again when the log of the call they are on arrives, with its number", async () => {
    const supervisor = await subscribe('supervisor1');
    const record = startingAt(new Date(hub.clock.now().getTime() - 5000).toISOString(), {
      status: 'live',
      answeredAt: null,
      endedAt: null,
      endedBy: null,
      endCause: null,
      remote: { number: '13900139000', displayName: '' },
      customerId: null,
      wrapUp: { dispositionCode: null, notes: '', doneAt: null },
      events: [],
    });
    const earlier = startingAt('2026-03-02T07:00:00.000Z');
    await report('agent1', 'ringing', { callId: record.id });

    await upload('agent1', [earlier]);
    await upload('agent1', [record]);
    await fence(supervisor);

    // The first push is the report's; the older call's log changes nothing of the row; the second is the log's.
    expect(ofType(supervisor, 'agent.state').map((e) => [e.state, e.call?.callId, e.call?.number])).toEqual([
      ['ringing', record.id, null],
      ['ringing', record.id, '13900139000'],
    ]);
  });

  it('pushes an agent signing out to supervisors, and nothing for a supervisor signing out', async () => {
    const supervisor = await subscribe('supervisor1');
    await report('callback1', 'ready');
    const leaving = await hub.login('callback1');
    const manager = await hub.login('manager1');
    await hub.db.query('delete from sessions where user_id = $1 and token_hash <> $2', [userIds.callback1, hashSessionToken(leaving)]);

    expect((await hub.app.inject({ method: 'POST', url: '/api/v1/auth/logout', headers: bearer(leaving) })).statusCode).toBe(204);
    expect((await hub.app.inject({ method: 'POST', url: '/api/v1/auth/logout', headers: bearer(manager) })).statusCode).toBe(204);
    await fence(supervisor);

    expect(ofType(supervisor, 'agent.state').map((e) => [e.userId, e.state, e.loggedOut])).toEqual([
      [userIds.callback1, 'ready', false],
      [userIds.callback1, 'ready', true],
    ]);
    tokens.callback1 = await hub.login('callback1');
  });

  it("tells supervisors, not agents, that today's figures moved when call logs arrive", async () => {
    const supervisor = await subscribe('supervisor1');
    const agent = await subscribe('agent2');

    await upload('agent1', [startingAt('2026-03-02T08:30:00.000Z')]);

    // The hub sends at most one a second: this one may wait for the end of an earlier test's second.
    await vi.waitFor(() => expect(ofType(supervisor, 'board.figures')).toHaveLength(1), { timeout: 3000 });
    await fence(agent);
    expect(ofType(agent, 'board.figures')).toEqual([]);
  });

  it('is in the OpenAPI document', async () => {
    const response = await hub.app.inject({ method: 'GET', url: '/api/docs/json', headers: bearer(tokens.admin ?? '') });
    const paths = response.json<{ paths: Record<string, Record<string, { tags?: string[] }>> }>().paths;

    expect(paths['/api/v1/board']?.get?.tags).toEqual(['board']);
  });
});

describeEachBackend('supervisor board of a fresh demo', (backend) => {
  let hub: TestHub;
  beforeAll(async () => {
    // Enough of the book for the floor's calls to have customers (demo-floor.ts).
    hub = await startTestHub(backend, { customers: 640 });
  });
  afterAll(() => hub.close());

  it('shows the phone users in different states, one on a call with a customer and one overrunning wrap-up, and figures for today', async () => {
    const response = await hub.app.inject({ method: 'GET', url: '/api/v1/board', headers: bearer(await hub.login('supervisor1')) });
    const { agents, totals } = BoardSchema.parse(response.json());

    expect(Object.fromEntries(agents.map((a) => [a.username, [a.state, a.reasonCode, a.wrapUpOverrun]]))).toEqual({
      agent1: ['talking', null, false],
      agent2: ['wrap_up', null, true],
      callback1: ['not_ready', 'meal', false],
      callback2: ['ready', null, false],
    });
    const onCall = agents.find((a) => a.username === 'agent1')?.call;
    expect(onCall?.number).toMatch(/^\+86/);
    expect(onCall?.customerName).toEqual(expect.any(String));
    expect(totals.callsIn).toBeGreaterThan(0);
    expect(totals.callsOut).toBeGreaterThan(0);
    expect(totals.avgHandleSeconds).toBeGreaterThan(0);
  });

  it('adds nothing when the demo is seeded again on the same day', async () => {
    const count = async () => (await hub.db.query<{ n: number }>('select count(*)::int as n from call_logs')).rows[0]?.n;
    const before = await count();

    const again = await seedDemo(hub.db, { clock: hub.clock, customers: 640 });

    expect(again.calls).toBe(0);
    expect(await count()).toBe(before);
  });
});
