import { randomUUID } from 'node:crypto';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ApiErrorSchema } from '../../../shared/api/errors';
import {
  CallbackListResponseSchema,
  CallbackTaskSchema,
  NotificationListResponseSchema,
  NotificationSchema,
  TicketSchema,
  type CallbackCreateRequest,
  type NotificationCreateRequest,
  type TicketCreateRequest,
} from '../../../shared/api/tickets';
import { SHOWCASE } from '../../../hub/src/seed/demo-showcase';
import { customerApi, type CustomerApi, type DemoUsername } from '../../support/customer-api';
import { bearer, startTestHub, type TestHub } from '../../support/hub-app';
import { describeEachBackend } from '../../support/hub-db';

const { zhangWei, zhangLi, huaxin } = SHOWCASE;

/** A complaint as the complaint-intake script opens it; tests patch what they are about. */
const complaint = (patch: Partial<TicketCreateRequest> = {}): TicketCreateRequest => ({
  id: randomUUID(),
  kind: 'complaint',
  customerId: zhangWei.id,
  callId: randomUUID(),
  title: '快递破损，客户要求换货',
  category: 'transport',
  severity: 'normal',
  triage: 'answered',
  departmentCode: 'logistics',
  answers: [
    { stepId: 'register', questionId: 'what', label: '投诉内容', display: '外箱破损，机器有划痕' },
    { stepId: 'classify', questionId: 'category', label: '投诉类别', display: '运输' },
  ],
  flow: { flowId: 'complaint.intake', flowVersion: 3 },
  ...patch,
});

describeEachBackend('ticket, callback and notification routes', (backend) => {
  let hub: TestHub;
  let customers: CustomerApi;
  beforeAll(async () => {
    hub = await startTestHub(backend, { customers: 0 });
    customers = await customerApi(hub);
  });
  afterAll(() => hub.close());

  const send = (method: 'GET' | 'POST', url: string, payload?: object, as: DemoUsername = 'agent1') =>
    hub.app.inject({ method, url, headers: bearer(customers.tokens[as]), ...(payload === undefined ? {} : { payload }) });
  const ticketOf = (response: LightMyRequestResponse, status: number) => {
    expect(response.statusCode, response.body).toBe(status);
    return TicketSchema.parse(response.json());
  };
  const errorOf = (response: LightMyRequestResponse, status: number) => {
    expect(response.statusCode, response.body).toBe(status);
    return ApiErrorSchema.parse(response.json());
  };
  const open = async (patch: Partial<TicketCreateRequest> = {}, as: DemoUsername = 'agent1') => ticketOf(await send('POST', '/api/v1/tickets', complaint(patch), as), 201);
  const note = (ticketId: string, body: object, as: DemoUsername = 'callback1') => send('POST', `/api/v1/tickets/${ticketId}/notes`, body, as);
  const escalation = (ticketId: string, body: object, as: DemoUsername = 'agent1') => send('POST', `/api/v1/tickets/${ticketId}/escalations`, body, as);

  // ── tickets ─────────────────────────────────────────────────────────────────

  it("opens a ticket with the script's answers, its flow, a readable number and an 'opened' line by the agent", async () => {
    const request = complaint();

    const ticket = ticketOf(await send('POST', '/api/v1/tickets', request), 201);

    expect(ticket).toMatchObject({
      id: request.id,
      kind: 'complaint',
      status: 'answered_at_once',
      open: true,
      customerId: zhangWei.id,
      callId: request.callId,
      channel: 'phone',
      category: 'transport',
      departmentCode: 'logistics',
      escalationLevel: 0,
      answers: request.answers,
      flow: { flowId: 'complaint.intake', flowVersion: 3 },
      openedBy: 'agent1',
      openedAt: hub.clock.now().toISOString(),
      closedAt: null,
    });
    expect(ticket.ticketNo).toMatch(/^TS-2026-\d{6}$/);
    expect(ticket.events.map((e) => [e.type, e.by, e.text])).toEqual([['opened', 'agent1', request.title]]);
    expect(ticketOf(await send('GET', `/api/v1/tickets/${ticket.id}`, undefined, 'qa1'), 200)).toEqual(ticket);
  });

  it.each([
    ['escalated', 'escalated'],
    ['on_site', 'investigation_dispatched'],
    ['answered', 'answered_at_once'],
    [null, 'registered'],
  ] as const)("gives a complaint triaged %s the status '%s'", async (triage, status) => {
    expect((await open({ triage })).status).toBe(status);
  });

  it('numbers tickets by kind, each number once', async () => {
    const [a, b, c] = [await open({ kind: 'after_sales', triage: null }), await open({ kind: 'consult', triage: null }), await open()];

    expect(a.ticketNo).toMatch(/^SH-2026-\d{6}$/);
    expect(b.ticketNo).toMatch(/^ZX-2026-\d{6}$/);
    expect(new Set([a.ticketNo, b.ticketNo, c.ticketNo]).size).toBe(3);
  });

  it('skips past ticket numbers that imported tickets already have', async () => {
    const { rows } = await hub.db.query<{ n: string }>("select (nextval('ticket_no_seq') + 1)::text as n");
    const next = Number(rows[0]?.n);
    const taken = [next, next + 7].map((n) => `TS-2026-${String(n).padStart(6, '0')}`);
    for (const ticketNo of taken) {
      await hub.db.query(
        `insert into tickets (id, ticket_no, customer_id, kind, title, status, opened_at, updated_at)
         values ($1, $2, $3, 'complaint', '导入的投诉', 'closed', $4, $4)`,
        [randomUUID(), ticketNo, huaxin.id, hub.clock.now()],
      );
    }

    const ticket = await open();

    expect(taken).not.toContain(ticket.ticketNo);
    expect(Number(ticket.ticketNo.slice(-6))).toBeGreaterThan(next + 7);
  });

  it('answers a retried create 200 with the same ticket, and the same id with other content 409', async () => {
    const request = complaint();
    const first = ticketOf(await send('POST', '/api/v1/tickets', request), 201);

    const again = ticketOf(await send('POST', '/api/v1/tickets', request, 'agent2'), 200);
    const other = errorOf(await send('POST', '/api/v1/tickets', { ...request, title: '另一件事' }), 409);

    expect(again).toEqual(first);
    expect(other).toMatchObject({ error: 'conflict', field: 'id' });
    const { rows } = await hub.db.query<{ n: number }>('select count(*)::int as n from tickets where id = $1', [request.id]);
    expect(rows[0]?.n).toBe(1);
  });

  it('opens a ticket for a caller who is not in the book', async () => {
    const ticket = await open({ customerId: null });

    expect(ticket.customerId).toBeNull();
  });

  it('raises the customer card\'s open complaints, and puts the card in the change feed, when a complaint is opened', async () => {
    const before = await customers.ok.detail(zhangLi.id);
    const { cursor } = await customers.ok.changes({ after: '0', limit: 5000 });

    const ticket = await open({ customerId: zhangLi.id });

    const after = await customers.ok.detail(zhangLi.id);
    expect(after.card.openComplaints).toBe(before.card.openComplaints + 1);
    expect(after.tickets.map((t) => t.ticketNo)).toContain(ticket.ticketNo);
    const changes = await customers.ok.changes({ after: cursor });
    expect(changes.items.map((item) => item.id)).toContain(zhangLi.id);
  });

  it.each([
    ['customerId', { customerId: randomUUID() }],
    ['departmentCode', { departmentCode: 'no-such-dept' }],
    ['answers', { answers: Array.from({ length: 501 }, (_, i) => ({ stepId: 's', questionId: `q${i}`, label: 'l', display: 'd' })) }],
    ['title', { title: '' }],
  ] as const)('refuses a ticket with a bad %s, naming the field', async (field, patch) => {
    const error = errorOf(await send('POST', '/api/v1/tickets', complaint(patch)), 400);

    expect(error.field).toBe(field);
  });

  it('refuses an answer holding U+0000, naming the field', async () => {
    const error = errorOf(await send('POST', '/api/v1/tickets', complaint({ answers: [{ stepId: 's', questionId: 'q', label: 'l', display: 'a\u0000b' }] })), 400);

    expect(error.field).toBe('answers.0.display');
  });

  it('takes a ticket of 500 long answers, beyond the default body limit', async () => {
    const display = '客户描述'.repeat(900);
    const answers = Array.from({ length: 500 }, (_, i) => ({ stepId: 'register', questionId: `q${i}`, label: '描述', display }));

    const ticket = await open({ answers });

    expect(ticket.answers).toHaveLength(500);
  });

  it('lets qa read tickets but not open them', async () => {
    const error = errorOf(await send('POST', '/api/v1/tickets', complaint(), 'qa1'), 403);

    expect(error.error).toBe('forbidden');
  });

  it('answers 404 for an unknown ticket', async () => {
    errorOf(await send('GET', `/api/v1/tickets/${randomUUID()}`), 404);
    errorOf(await note(randomUUID(), { id: randomUUID(), text: '无此工单' }), 404);
  });

  // ── escalation ──────────────────────────────────────────────────────────────

  it('escalates one level at a time up the chain and refuses to go past the top with chain_end', async () => {
    const ticket = await open({ severity: 'severe', triage: 'escalated' });

    const first = ticketOf(await escalation(ticket.id, { id: randomUUID(), level: 'next', reason: '后果严重，报告客服部经理' }), 201);
    const second = ticketOf(await escalation(ticket.id, { id: randomUUID(), level: 'next', reason: '报告总经理' }, 'supervisor1'), 201);
    const past = errorOf(await escalation(ticket.id, { id: randomUUID(), level: 'next', reason: '还要再往上' }), 400);

    expect([first.escalationLevel, second.escalationLevel]).toEqual([1, 2]);
    expect(second.status).toBe('escalated');
    // A complaint's escalation is the procedure's step (shared/complaints), a line with its statuses.
    expect(second.events.map((e) => [e.type, e.by, e.fromStatus, e.toStatus])).toEqual([
      ['opened', 'agent1', null, 'escalated'],
      ['escalate', 'agent1', 'escalated', 'escalated'],
      ['escalate', 'supervisor1', 'escalated', 'escalated'],
    ]);
    expect(past).toMatchObject({ error: 'chain_end', field: 'level' });
    expect(past.message).toContain('level 2');
    expect(ticketOf(await send('GET', `/api/v1/tickets/${ticket.id}`), 200).escalationLevel).toBe(2);
  });

  it('escalates a ticket of another kind as before: escalated, open again, one line per step up', async () => {
    const ticket = await open({ kind: 'after_sales', triage: null, category: null });

    const first = ticketOf(await escalation(ticket.id, { id: randomUUID(), level: 'next', reason: '客户要求主管处理' }), 201);
    const past = errorOf(await escalation(ticket.id, { id: randomUUID(), level: 3, reason: '董事会' }), 400);

    expect(first).toMatchObject({ status: 'escalated', escalationLevel: 1, open: true });
    expect(first.events.map((e) => [e.type, e.fromStatus])).toEqual([
      ['opened', null],
      ['escalated', null],
    ]);
    expect(past.error).toBe('chain_end');
  });

  it('refuses to escalate a closed complaint: the procedure reopens it, not an escalation', async () => {
    const ticket = await open();
    ticketOf(await note(ticket.id, { id: randomUUID(), text: '满意', outcome: 'satisfied' }), 201);

    const refused = errorOf(await escalation(ticket.id, { id: randomUUID(), level: 'next', reason: '客户又来电' }), 409);

    expect(refused.error).toBe('illegal_transition');
  });

  it('escalates straight to a numbered level, never down, and refuses a level beyond the chain', async () => {
    const ticket = await open();

    const top = ticketOf(await escalation(ticket.id, { id: randomUUID(), level: 2, reason: '直接报告总经理' }), 201);
    const lower = ticketOf(await escalation(ticket.id, { id: randomUUID(), level: 1, reason: '也告知经理' }), 201);
    const beyond = errorOf(await escalation(ticket.id, { id: randomUUID(), level: 3, reason: '董事会' }), 400);

    expect([top.escalationLevel, lower.escalationLevel]).toEqual([2, 2]);
    expect(beyond.error).toBe('chain_end');
  });

  it('answers a retried escalation 200 without climbing again, and the same id with another reason 409', async () => {
    const ticket = await open();
    const request = { id: randomUUID(), level: 'next', reason: '严重' };
    ticketOf(await escalation(ticket.id, request), 201);

    const again = ticketOf(await escalation(ticket.id, request), 200);
    errorOf(await escalation(ticket.id, { ...request, reason: '别的理由' }), 409);

    expect(again.escalationLevel).toBe(1);
    expect(again.events.filter((e) => e.type === 'escalate')).toHaveLength(1);
  });

  // ── notes and the callback's verdict ───────────────────────────────────────

  it("closes the ticket on a satisfied verdict and lowers the card's open complaints", async () => {
    const ticket = await open({ customerId: zhangWei.id });
    const before = (await customers.ok.detail(zhangWei.id)).card.openComplaints;
    hub.clock.advance(3_600_000);

    const closed = ticketOf(await note(ticket.id, { id: randomUUID(), text: '客户对处理结果满意', outcome: 'satisfied' }), 201);

    expect(closed).toMatchObject({ status: 'closed', open: false, closedAt: hub.clock.now().toISOString() });
    expect(closed.events.at(-1)).toMatchObject({ type: 'callback_result', by: 'callback1', text: '客户对处理结果满意', fromStatus: 'answered_at_once', toStatus: 'closed' });
    expect((await customers.ok.detail(zhangWei.id)).card.openComplaints).toBe(before - 1);
  });

  it('sends a complaint back to its department on a not-satisfied verdict', async () => {
    const ticket = await open();

    const returned = ticketOf(await note(ticket.id, { id: randomUUID(), text: '客户仍不满意', outcome: 'not_satisfied' }), 201);

    expect(returned).toMatchObject({ status: 'returned', open: true, closedAt: null, departmentCode: 'logistics' });
  });

  it('refuses a verdict on a closed complaint with illegal_transition: the procedure reopens it, not a callback', async () => {
    const ticket = await open();
    ticketOf(await note(ticket.id, { id: randomUUID(), text: '满意', outcome: 'satisfied' }), 201);

    const refused = errorOf(await note(ticket.id, { id: randomUUID(), text: '客户改口：仍未解决', outcome: 'not_satisfied' }), 409);

    expect(refused.error).toBe('illegal_transition');
    expect(ticketOf(await send('GET', `/api/v1/tickets/${ticket.id}`), 200)).toMatchObject({ status: 'closed', open: false });
  });

  it('refuses an agent the verdict on a complaint: callback staff, supervisors and managers record it', async () => {
    const ticket = await open();

    expect(errorOf(await note(ticket.id, { id: randomUUID(), text: '满意', outcome: 'satisfied' }, 'agent1'), 403).error).toBe('forbidden');
  });

  it('sends a ticket of another kind back to its department, open again, on a not-satisfied verdict after it was closed', async () => {
    const ticket = await open({ kind: 'after_sales', triage: null, category: null });
    ticketOf(await note(ticket.id, { id: randomUUID(), text: '满意', outcome: 'satisfied' }), 201);

    const returned = ticketOf(await note(ticket.id, { id: randomUUID(), text: '客户改口：仍未解决', outcome: 'not_satisfied' }), 201);

    expect(returned).toMatchObject({ status: 'returned', open: true, closedAt: null, departmentCode: 'logistics' });
    expect(returned.events.map((e) => e.type)).toEqual(['opened', 'satisfied', 'not_satisfied']);
  });

  it('applies a verdict retried by an outbox once, and answers the retry 200 with the ticket as it is now', async () => {
    const ticket = await open();
    const request = { id: randomUUID(), text: '客户满意', outcome: 'satisfied' };

    ticketOf(await note(ticket.id, request), 201);
    const again = ticketOf(await note(ticket.id, request), 200);

    expect(again.status).toBe('closed');
    expect(again.events.filter((e) => e.type === 'callback_result')).toHaveLength(1);
  });

  it('keeps a plain note on a complaint a line of its history, without moving the case or its version', async () => {
    const ticket = await open();

    ticketOf(await note(ticket.id, { id: randomUUID(), text: '客户又来电询问进度' }), 201);

    const { rows } = await hub.db.query<{ version: number; status: string }>('select version, status from tickets where id = $1', [ticket.id]);
    expect(rows[0]).toEqual({ version: 1, status: 'answered_at_once' });
  });

  it('adds a plain note without moving the ticket, and answers its retry 200 and a changed reuse 409', async () => {
    const ticket = await open();
    const request = { id: randomUUID(), text: '已联系物流部' };

    const added = ticketOf(await note(ticket.id, request), 201);
    const again = ticketOf(await note(ticket.id, request), 200);
    errorOf(await note(ticket.id, { ...request, text: '别的' }), 409);
    const other = await open();
    errorOf(await note(other.id, request), 409);

    expect(added.status).toBe(ticket.status);
    expect(again.events.filter((e) => e.type === 'note')).toHaveLength(1);
  });

  // ── callbacks ───────────────────────────────────────────────────────────────

  const callback = (patch: Partial<CallbackCreateRequest> = {}): CallbackCreateRequest => ({
    id: randomUUID(),
    type: 'complaint',
    customerId: zhangWei.id,
    ticketId: null,
    callId: randomUUID(),
    phone: '+8613755668899',
    dueAt: new Date(hub.clock.now().getTime() + 24 * 3_600_000).toISOString(),
    note: '承诺24小时内回电',
    ...patch,
  });

  it("schedules a pending callback, adds it to the ticket's history, and lists it by ticket, customer and call", async () => {
    const ticket = await open();
    const request = callback({ ticketId: ticket.id });

    const response = await send('POST', '/api/v1/callbacks', request);

    expect(response.statusCode, response.body).toBe(201);
    const task = CallbackTaskSchema.parse(response.json());
    expect(task).toMatchObject({ id: request.id, status: 'pending', ticketId: ticket.id, priority: 'normal', createdBy: 'agent1', dueAt: request.dueAt });
    const events = ticketOf(await send('GET', `/api/v1/tickets/${ticket.id}`), 200).events;
    expect(events.map((e) => e.type)).toEqual(['opened', 'callback_scheduled']);
    for (const query of [`ticketId=${ticket.id}`, `customerId=${zhangWei.id}`, `callId=${request.callId}`]) {
      const list = CallbackListResponseSchema.parse((await send('GET', `/api/v1/callbacks?${query}`, undefined, 'callback1')).json());
      expect(list.items.map((item) => item.id), query).toContain(request.id);
    }
  });

  it('answers a retried callback 200 with the same task, and the same id with another due time 409', async () => {
    const request = callback();
    expect((await send('POST', '/api/v1/callbacks', request)).statusCode).toBe(201);

    const again = await send('POST', '/api/v1/callbacks', request);
    const other = errorOf(await send('POST', '/api/v1/callbacks', { ...request, dueAt: new Date(0).toISOString() }), 409);

    expect(again.statusCode).toBe(200);
    expect(CallbackTaskSchema.parse(again.json()).id).toBe(request.id);
    expect(other.field).toBe('id');
  });

  it('creates one callback and one notification when the same request arrives twice at once', async () => {
    const task = callback();
    const notice = notification();

    const answers = await Promise.all([
      send('POST', '/api/v1/callbacks', task),
      send('POST', '/api/v1/callbacks', task, 'agent2'),
      send('POST', '/api/v1/notifications', notice),
      send('POST', '/api/v1/notifications', notice, 'agent2'),
    ]);

    expect(answers.map((a) => a.statusCode).sort()).toEqual([200, 200, 201, 201]);
  });

  it.each([
    ['ticketId', { ticketId: randomUUID() }],
    ['customerId', { customerId: randomUUID() }],
    ['phone', { phone: '12345' }],
  ] as const)('refuses a callback with a bad %s, naming the field', async (field, patch) => {
    expect(errorOf(await send('POST', '/api/v1/callbacks', callback(patch)), 400).field).toBe(field);
  });

  it('refuses to list callbacks without a filter', async () => {
    expect(errorOf(await send('GET', '/api/v1/callbacks'), 400).error).toBe('validation');
  });

  // ── notifications ───────────────────────────────────────────────────────────

  const notification = (patch: Partial<NotificationCreateRequest> = {}): NotificationCreateRequest => ({
    id: randomUUID(),
    departmentCode: 'quality-management',
    message: '客户投诉产品质量，请品管部跟进',
    ticketId: null,
    callId: randomUUID(),
    ...patch,
  });

  it("notifies the field staff of a case, as a line of the ticket's history, and lists it by ticket and department", async () => {
    const ticket = await open({ triage: 'on_site' });
    const request = notification({ departmentCode: 'field-staff', message: '请就近安排现场调查', urgent: true, ticketId: ticket.id });

    const response = await send('POST', '/api/v1/notifications', request);

    expect(response.statusCode, response.body).toBe(201);
    expect(NotificationSchema.parse(response.json())).toMatchObject({ departmentCode: 'field-staff', urgent: true, createdBy: 'agent1' });
    expect(ticketOf(await send('GET', `/api/v1/tickets/${ticket.id}`), 200).events.at(-1)).toMatchObject({ type: 'notified', text: '请就近安排现场调查' });
    for (const query of [`ticketId=${ticket.id}`, 'departmentCode=field-staff']) {
      const list = NotificationListResponseSchema.parse((await send('GET', `/api/v1/notifications?${query}`, undefined, 'supervisor1')).json());
      expect(list.items.map((item) => item.id), query).toContain(request.id);
    }
  });

  it("lists a department's notifications newest first", async () => {
    const first = notification({ departmentCode: 'production' });
    await send('POST', '/api/v1/notifications', first);
    hub.clock.advance(1000);
    const second = notification({ departmentCode: 'production' });
    await send('POST', '/api/v1/notifications', second);

    const list = NotificationListResponseSchema.parse((await send('GET', '/api/v1/notifications?departmentCode=production')).json());

    expect(list.items.map((item) => item.id)).toEqual([second.id, first.id]);
  });

  it('refuses a notification to a department the org design does not have, naming the field', async () => {
    const error = errorOf(await send('POST', '/api/v1/notifications', notification({ departmentCode: 'moon-base' })), 400);

    expect(error.field).toBe('departmentCode');
  });

  it('answers a retried notification 200, and the same id with another message 409', async () => {
    const request = notification();
    expect((await send('POST', '/api/v1/notifications', request)).statusCode).toBe(201);

    expect((await send('POST', '/api/v1/notifications', request)).statusCode).toBe(200);
    expect(errorOf(await send('POST', '/api/v1/notifications', { ...request, message: '改了' }), 409).field).toBe('id');
  });

  it('refuses qa a callback or a notification with 403', async () => {
    errorOf(await send('POST', '/api/v1/callbacks', callback(), 'qa1'), 403);
    errorOf(await send('POST', '/api/v1/notifications', notification(), 'qa1'), 403);
  });

  it('documents the ticket, callback and notification routes in the OpenAPI document', async () => {
    const doc = (await send('GET', '/api/docs/json', undefined, 'admin')).json<{ paths: Record<string, Record<string, unknown>> }>();

    expect(Object.keys(doc.paths['/api/v1/callbacks'] ?? {}).sort()).toEqual(['get', 'post']);
    expect(Object.keys(doc.paths['/api/v1/notifications'] ?? {}).sort()).toEqual(['get', 'post']);
    expect(Object.keys(doc.paths['/api/v1/tickets/{id}/escalations'] ?? {})).toEqual(['post']);
    expect(JSON.stringify(doc.paths['/api/v1/tickets']?.post)).toContain('answers');
  });
});
