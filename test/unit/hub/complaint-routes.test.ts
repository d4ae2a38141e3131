import { randomUUID } from 'node:crypto';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ComplaintDetailSchema, ComplaintListResponseSchema, type ComplaintDetail } from '../../../shared/api/complaints';
import { CustomerAccessLogSchema } from '../../../shared/api/customers';
import { ApiErrorSchema } from '../../../shared/api/errors';
import type { HubEvent } from '../../../shared/api/events';
import { TicketSchema, type TicketCreateRequest } from '../../../shared/api/tickets';
import type { ComplaintActionInput } from '../../../shared/complaints/complaint-actions';
import { inProcessEventBus } from '../../../hub/src/events/event-bus';
import { SHOWCASE } from '../../../hub/src/seed/demo-showcase';
import { bearer, startTestHub, type TestHub } from '../../support/hub-app';
import { describeEachBackend } from '../../support/hub-db';

const { zhangWei, wangJianguo } = SHOWCASE;
const HOUR_MS = 3_600_000;

const USERS = ['agent1', 'agent2', 'callback1', 'qa1', 'supervisor1', 'manager1', 'admin', 'gm', 'field1', 'logistics1', 'production1', 'qm1'] as const;
type Username = (typeof USERS)[number];

/** A complaint as the intake script opens it; tests patch what they are about. */
const complaint = (patch: Partial<TicketCreateRequest> = {}): TicketCreateRequest => ({
  id: randomUUID(),
  kind: 'complaint',
  customerId: zhangWei.id,
  callId: randomUUID(),
  title: '饲料质量投诉',
  channel: 'phone',
  category: 'quality',
  severity: 'normal',
  triage: null,
  departmentCode: null,
  answers: [{ stepId: 'details', questionId: 'what_happened', label: '投诉内容', display: '换用新批次后增重变慢' }],
  flow: null,
  ...patch,
});

const investigation = (patch: object = {}) => ({
  visitedAt: '2026-03-03T02:00:00.000Z',
  place: '客户养殖场',
  findings: '饲料批次 B2603 霉变，储存环境潮湿',
  customerSigned: false,
  refusalReason: '客户要求先写明赔偿金额才签字',
  witness: '村委会 李主任',
  ...patch,
});

const memo = (departmentCode: string, compensationFen = 0) => ({
  category: 'quality' as const,
  responsibility: 'company' as const,
  departmentCode,
  measure: '更换同批次产品',
  compensationFen,
});

describeEachBackend('complaint case routes', (backend) => {
  let hub: TestHub;
  const tokens = {} as Record<Username, string>;
  const published: HubEvent[] = [];
  beforeAll(async () => {
    const events = inProcessEventBus();
    // What the procedure announces; the board's coalesced figures are board.test.ts's.
    events.subscribe((event) => {
      if (event.type !== 'board.figures') published.push(event);
    });
    hub = await startTestHub(backend, { customers: 0, events });
    for (const username of USERS) tokens[username] = await hub.login(username);
  });
  afterAll(() => hub.close());

  const send = (method: 'GET' | 'POST', url: string, as: Username, payload?: object) =>
    hub.app.inject({ method, url, headers: bearer(tokens[as]), ...(payload === undefined ? {} : { payload }) });
  const detailOf = (response: LightMyRequestResponse, status = 201): ComplaintDetail => {
    expect(response.statusCode, response.body).toBe(status);
    return ComplaintDetailSchema.parse(response.json());
  };
  const errorOf = (response: LightMyRequestResponse, status: number) => {
    expect(response.statusCode, response.body).toBe(status);
    return ApiErrorSchema.parse(response.json());
  };
  const open = async (patch: Partial<TicketCreateRequest> = {}, as: Username = 'agent1') => {
    const response = await send('POST', '/api/v1/tickets', as, complaint(patch));
    expect(response.statusCode, response.body).toBe(201);
    return TicketSchema.parse(response.json());
  };
  const read = (ticketId: string, as: Username = 'supervisor1') => send('GET', `/api/v1/complaints/${ticketId}`, as);
  /** One action a minute later than the one before, so lines and notifications have an order. */
  const act = (ticketId: string, expectedVersion: number, action: ComplaintActionInput, as: Username, id: string = randomUUID()) => {
    hub.clock.advance(60_000);
    return send('POST', `/api/v1/tickets/${ticketId}/actions`, as, { id, expectedVersion, action });
  };
  const list = async (query: string, as: Username = 'supervisor1') => {
    const response = await send('GET', `/api/v1/complaints?${query}`, as);
    expect(response.statusCode, response.body).toBe(200);
    return ComplaintListResponseSchema.parse(response.json());
  };

  // ── the whole procedure ────────────────────────────────────────────────────

  it('takes a complaint through investigation, assistance, proposal, sign-off, approval, measure and two callbacks, each step by its role', async () => {
    const ticket = await open({ triage: 'on_site' });
    const id = ticket.id;
    const step = async (version: number, action: ComplaintActionInput, as: Username) => detailOf(await act(id, version, action, as));

    const dispatched = detailOf(await read(id, 'field1'), 200);
    expect(dispatched.case).toMatchObject({ version: 1, status: 'investigation_dispatched', waitingOn: 'market-service', investigationDepartmentCode: 'market-service' });
    expect(dispatched.case.availableActions).toContain('record_investigation');

    let c = await step(1, { type: 'record_investigation', form: investigation(), note: '' }, 'field1');
    expect(c.case).toMatchObject({ version: 2, status: 'investigated', waitingOn: 'service' });
    expect(c.case.investigations).toEqual([{ id: expect.any(String), form: expect.objectContaining({ customerSigned: false, witness: '村委会 李主任' }), recordedAt: hub.clock.now().toISOString(), recordedBy: 'field1' }]);

    c = await step(2, { type: 'request_assistance', form: { departmentCode: 'quality-management', subject: '饲料霉变检测', request: '请品管部化验 B2603 批次留样' }, note: '' }, 'supervisor1');
    const requestId = c.case.assistance[0]?.id ?? '';
    expect(c.case).toMatchObject({ version: 3, status: 'investigated' });
    expect(c.case.assistance).toEqual([expect.objectContaining({ departmentCode: 'quality-management', answered: false, requestedBy: 'supervisor1', answer: null })]);
    expect(detailOf(await read(id, 'qm1'), 200).case.availableActions).toEqual(['answer_assistance']);

    c = await step(3, { type: 'answer_assistance', requestId, answer: '留样黄曲霉毒素超标', note: '' }, 'qm1');
    expect(c.case.assistance[0]).toMatchObject({ answered: true, answer: '留样黄曲霉毒素超标', answeredBy: 'qm1' });

    c = await step(4, { type: 'propose', proposal: memo('logistics', 800_000), note: '仓储运输受潮，物流部负责' }, 'supervisor1');
    expect(c.case).toMatchObject({ version: 5, status: 'proposal_pending_signoff' });
    expect(errorOf(await act(id, 5, { type: 'sign_off', note: '' }, 'supervisor1'), 403).error).toBe('forbidden');

    c = await step(5, { type: 'sign_off', note: '同意' }, 'manager1');
    expect(c.case).toMatchObject({ version: 6, status: 'with_department', waitingOn: 'logistics' });
    expect(c.case.proposal).toMatchObject({ proposedBy: 'supervisor1', signedBy: 'manager1', needsApproval: true, approvedBy: null });

    c = await step(6, { type: 'accept', note: '确认仓储受潮' }, 'logistics1');
    expect(c.case).toMatchObject({ version: 7, status: 'awaiting_approval', waitingOn: 'gm-office' });
    expect(errorOf(await act(id, 7, { type: 'approve', note: '' }, 'agent1'), 403).error).toBe('forbidden');
    // The head who signed may not approve too; a supervisor may grant ¥500, not ¥8 000.
    expect(errorOf(await act(id, 7, { type: 'approve', note: '' }, 'manager1'), 403).error).toBe('forbidden');
    const beyond = errorOf(await act(id, 7, { type: 'approve', note: '' }, 'supervisor1'), 403);
    expect(beyond.error).toBe('authority_exceeded');
    expect(beyond.message).toContain('¥8000.00');

    c = await step(7, { type: 'approve', note: '同意赔偿' }, 'gm');
    expect(c.case).toMatchObject({ version: 8, status: 'measure_in_progress', waitingOn: 'logistics' });
    expect(c.case.proposal?.approvedBy).toBe('gm');

    c = await step(8, { type: 'complete_measure', result: '已更换饲料并赔付 8000 元', note: '' }, 'logistics1');
    expect(c.case).toMatchObject({ version: 9, status: 'tracking', waitingOn: 'service' });

    c = await step(9, { type: 'request_callback', dueAt: null, note: '请回访处理结果' }, 'supervisor1');
    const promised = new Date(hub.clock.now().getTime() + 24 * HOUR_MS).toISOString();
    expect(c.case).toMatchObject({ version: 10, status: 'callback_due', waitingOn: 'callback', callbackDueAt: promised, overdue: false });
    const pending = await hub.db.query<{ type: string; status: string; due_at: Date; phone: string; priority: string; customer_id: string }>(
      'select type, status, due_at, phone, priority, customer_id from callbacks where ticket_id = $1',
      [id],
    );
    expect(pending.rows.map((r) => ({ ...r, due_at: new Date(r.due_at).toISOString() }))).toEqual([
      { type: 'complaint', status: 'pending', due_at: promised, phone: '+8613755668899', priority: 'normal', customer_id: zhangWei.id },
    ]);

    c = await step(10, { type: 'callback_result', satisfied: false, words: '赔偿太慢，还要求换货' }, 'callback1');
    expect(c.case).toMatchObject({ version: 11, status: 'returned', waitingOn: 'logistics', returns: 1, callbackDueAt: null });

    expect((await step(11, { type: 'accept', note: '' }, 'logistics1')).case.status).toBe('measure_in_progress');
    expect((await step(12, { type: 'complete_measure', result: '已换货', note: '' }, 'logistics1')).case.status).toBe('tracking');
    expect((await step(13, { type: 'request_callback', dueAt: null, note: '' }, 'supervisor1')).case.status).toBe('callback_due');
    c = await step(14, { type: 'callback_result', satisfied: true, words: '满意' }, 'callback1');
    expect(c).toMatchObject({ status: 'closed', open: false, closedAt: hub.clock.now().toISOString() });
    expect(c.case).toMatchObject({ version: 15, status: 'closed', waitingOn: null, stepDueAt: null, overdue: false });

    expect(c.events.map((e) => [e.type, e.by, e.fromStatus, e.toStatus])).toEqual([
      ['opened', 'agent1', null, 'investigation_dispatched'],
      ['record_investigation', 'field1', 'investigation_dispatched', 'investigated'],
      ['request_assistance', 'supervisor1', 'investigated', 'investigated'],
      ['answer_assistance', 'qm1', 'investigated', 'investigated'],
      ['propose', 'supervisor1', 'investigated', 'proposal_pending_signoff'],
      ['sign_off', 'manager1', 'proposal_pending_signoff', 'with_department'],
      ['accept', 'logistics1', 'with_department', 'awaiting_approval'],
      ['approve', 'gm', 'awaiting_approval', 'measure_in_progress'],
      ['complete_measure', 'logistics1', 'measure_in_progress', 'tracking'],
      ['request_callback', 'supervisor1', 'tracking', 'callback_due'],
      ['callback_result', 'callback1', 'callback_due', 'returned'],
      ['accept', 'logistics1', 'returned', 'measure_in_progress'],
      ['complete_measure', 'logistics1', 'measure_in_progress', 'tracking'],
      ['request_callback', 'supervisor1', 'tracking', 'callback_due'],
      ['callback_result', 'callback1', 'callback_due', 'closed'],
    ]);
    const callbacks = await hub.db.query<{ status: string }>('select status from callbacks where ticket_id = $1', [id]);
    expect(callbacks.rows.map((r) => r.status)).toEqual(['done', 'done']);

    const notifications = await hub.db.query<{ id: string; department_code: string; username: string | null; message: string }>(
      'select id, department_code, username, message from notifications where ticket_id = $1 order by created_at, id',
      [id],
    );
    expect(notifications.rows.map((n) => n.department_code)).toEqual([
      'market-service',
      'service',
      'quality-management',
      'service',
      'logistics',
      'gm-office',
      'logistics',
      'service',
      'callback',
      'logistics',
      'logistics',
      'service',
      'callback',
    ]);
    expect(notifications.rows.every((n) => n.username === null && n.message.includes(ticket.ticketNo))).toBe(true);
    expect(notifications.rows[0]?.message).toContain('现场调查');

    const mine = published.filter((e) => 'ticketId' in e && e.ticketId === id);
    expect(mine.filter((e) => e.type === 'ticket.changed').map((e) => (e.type === 'ticket.changed' ? [e.version, e.status, e.waitingOn] : null))).toEqual([
      [1, 'investigation_dispatched', 'market-service'],
      [2, 'investigated', 'service'],
      [3, 'investigated', 'service'],
      [4, 'investigated', 'service'],
      [5, 'proposal_pending_signoff', 'service'],
      [6, 'with_department', 'logistics'],
      [7, 'awaiting_approval', 'gm-office'],
      [8, 'measure_in_progress', 'logistics'],
      [9, 'tracking', 'service'],
      [10, 'callback_due', 'callback'],
      [11, 'returned', 'logistics'],
      [12, 'measure_in_progress', 'logistics'],
      [13, 'tracking', 'service'],
      [14, 'callback_due', 'callback'],
      [15, 'closed', null],
    ]);
    const announced = mine.flatMap((e) => (e.type === 'notification.created' ? [e.notificationId] : []));
    expect(announced.sort()).toEqual(notifications.rows.map((n) => n.id).sort());
  });

  it('re-investigates when the supervisor upholds a department\'s query, and sends the case back when a query is dismissed', async () => {
    const ticket = await open();
    const id = ticket.id;
    const step = async (version: number, action: ComplaintActionInput, as: Username) => detailOf(await act(id, version, action, as));

    let c = await step(1, { type: 'send_memo', proposal: memo('production'), note: '批次质量问题' }, 'supervisor1');
    expect(c.case).toMatchObject({ status: 'with_department', waitingOn: 'production' });
    c = await step(2, { type: 'query', note: '该批次出厂检验合格，怀疑储存不当' }, 'production1');
    expect(c.case).toMatchObject({ status: 'queried', waitingOn: 'service' });
    c = await step(3, { type: 'uphold_query', note: '质询成立，重新调查' }, 'supervisor1');
    expect(c.case).toMatchObject({ status: 'investigation_dispatched', waitingOn: 'market-service', proposal: null });

    const signed = investigation({ customerSigned: true, refusalReason: null, witness: null });
    expect((await step(4, { type: 'record_investigation', form: signed, note: '' }, 'field1')).case.status).toBe('investigated');
    expect((await step(5, { type: 'send_memo', proposal: memo('production'), note: '复查确认为生产问题' }, 'supervisor1')).case.status).toBe('with_department');
    expect((await step(6, { type: 'query', note: '仍有异议' }, 'production1')).case.status).toBe('queried');
    c = await step(7, { type: 'dismiss_query', note: '复查证据充分' }, 'supervisor1');

    expect(c.case).toMatchObject({ version: 8, status: 'with_department', waitingOn: 'production' });
    expect(c.case.investigations).toHaveLength(1);
  });

  it('tells the holder of each escalation level, urgently, by name', async () => {
    const ticket = await open({ severity: 'severe' });

    detailOf(await act(ticket.id, 1, { type: 'escalate', level: null, note: '后果严重' }, 'agent1'));
    const top = detailOf(await act(ticket.id, 2, { type: 'escalate', level: null, note: '报告总经理' }, 'supervisor1'));

    expect(top).toMatchObject({ status: 'escalated', escalationLevel: 2 });
    const { rows } = await hub.db.query<{ department_code: string; username: string | null; urgent: boolean; message: string }>(
      `select department_code, username, urgent, message from notifications where ticket_id = $1 and username is not null order by created_at`,
      [ticket.id],
    );
    expect(rows.map((r) => [r.department_code, r.username, r.urgent])).toEqual([
      ['service', 'manager1', true],
      ['gm-office', 'gm', true],
    ]);
    expect(rows[1]?.message).toContain('总经理');
  });

  it('plans the callback of a VIP first, at the time the supervisor gave', async () => {
    const ticket = await open({ customerId: wangJianguo.id, triage: 'answered' });
    const dueAt = new Date(hub.clock.now().getTime() + 2 * HOUR_MS).toISOString();

    const c = detailOf(await act(ticket.id, 1, { type: 'request_callback', dueAt, note: '' }, 'supervisor1'));

    expect(c.case.callbackDueAt).toBe(dueAt);
    const { rows } = await hub.db.query<{ priority: string; phone: string }>('select priority, phone from callbacks where ticket_id = $1', [ticket.id]);
    expect(rows).toEqual([{ priority: 'high', phone: '+8613800138000' }]);
  });

  it('notifies the department a new complaint waits on, and announces both once committed', async () => {
    const before = published.length;
    const ticket = await open({ triage: 'escalated', severity: 'severe' });

    const { rows } = await hub.db.query<{ department_code: string; urgent: boolean; id: string }>('select id, department_code, urgent from notifications where ticket_id = $1', [ticket.id]);
    expect(rows.map((r) => [r.department_code, r.urgent])).toEqual([['service', true]]);
    expect(published.slice(before)).toEqual([
      expect.objectContaining({ type: 'ticket.changed', ticketId: ticket.id, version: 1, status: 'escalated', waitingOn: 'service', by: 'agent1' }),
      expect.objectContaining({ type: 'notification.created', notificationId: rows[0]?.id, departmentCode: 'service', urgent: true }),
    ]);
  });

  // ── concurrency and idempotency ─────────────────────────────────────────────

  it('lets exactly one of two actions on the same version through, and tells the other who acted first', async () => {
    const ticket = await open();

    const answers = await Promise.all([
      send('POST', `/api/v1/tickets/${ticket.id}/actions`, 'supervisor1', { id: randomUUID(), expectedVersion: 1, action: { type: 'answer_at_once', note: '已解释' } }),
      send('POST', `/api/v1/tickets/${ticket.id}/actions`, 'agent1', { id: randomUUID(), expectedVersion: 1, action: { type: 'dispatch_investigation', note: '' } }),
    ]);

    expect(answers.map((a) => a.statusCode).sort()).toEqual([201, 409]);
    const loser = answers.find((a) => a.statusCode === 409);
    const winner = ComplaintDetailSchema.parse(answers.find((a) => a.statusCode === 201)?.json());
    const error = ApiErrorSchema.parse(loser?.json());
    expect(error).toMatchObject({ error: 'stale_version', field: 'expectedVersion' });
    expect(error.message).toContain(ticket.ticketNo);
    expect(error.message).toContain(winner.events.at(-1)?.by ?? 'nobody');
    expect(error.message).toContain('reload it');
    const after = detailOf(await read(ticket.id), 200);
    expect(after.case.version).toBe(2);
    expect(after.events).toHaveLength(2);
  });

  it('answers a retried action 200 with the case as it is now, even after others acted, and a reused id 409', async () => {
    const ticket = await open();
    const id = randomUUID();
    const memoAction: ComplaintActionInput = { type: 'send_memo', proposal: memo('logistics'), note: '' };
    const first = detailOf(await act(ticket.id, 1, memoAction, 'supervisor1', id));
    detailOf(await act(ticket.id, 2, { type: 'accept', note: '' }, 'logistics1'));

    const again = detailOf(await act(ticket.id, 1, memoAction, 'supervisor1', id), 200);
    const reused = errorOf(await act(ticket.id, 1, { type: 'answer_at_once', note: '别的' }, 'supervisor1', id), 409);

    expect(first.case.version).toBe(2);
    expect(again.case).toMatchObject({ version: 3, status: 'measure_in_progress' });
    expect(again.events.filter((e) => e.type === 'send_memo')).toHaveLength(1);
    expect(reused).toMatchObject({ error: 'conflict', field: 'id' });
  });

  // ── refusals ────────────────────────────────────────────────────────────────

  it('refuses an action type it does not know with 400, storing nothing', async () => {
    const ticket = await open();

    const error = errorOf(await act(ticket.id, 1, { type: 'close_quietly', note: 'x' } as unknown as ComplaintActionInput, 'supervisor1'), 400);

    expect(error.error).toBe('validation');
    expect(detailOf(await read(ticket.id), 200).case.version).toBe(1);
  });

  it('refuses an action the status does not allow with 409 illegal_transition and the reason', async () => {
    const ticket = await open();

    const error = errorOf(await act(ticket.id, 1, { type: 'approve', note: '' }, 'gm'), 409);

    expect(error.error).toBe('illegal_transition');
    expect(error.message).toContain('registered');
  });

  it('refuses the procedure on a ticket that is no complaint', async () => {
    const response = await send('POST', '/api/v1/tickets', 'agent1', complaint({ kind: 'after_sales', category: null }));
    const ticket = TicketSchema.parse(response.json());

    const error = errorOf(await act(ticket.id, 1, { type: 'answer_at_once', note: '已解答' }, 'supervisor1'), 409);

    expect(error.error).toBe('illegal_transition');
    expect(error.message).toContain('only complaints follow the procedure');
    errorOf(await read(ticket.id), 404);
  });

  it('refuses 表1.2 citing evidence that is not a file of this case, naming the field', async () => {
    const ticket = await open({ triage: 'on_site' });

    const error = errorOf(await act(ticket.id, 1, { type: 'record_investigation', form: investigation({ attachmentIds: [randomUUID()] }), note: '' }, 'field1'), 400);

    expect(error.field).toBe('action.form.attachmentIds');
  });

  it('names the field of a department the org design does not have', async () => {
    const ticket = await open();

    const error = errorOf(await act(ticket.id, 1, { type: 'send_memo', proposal: memo('moon-base'), note: '' }, 'supervisor1'), 400);

    expect(error.field).toBe('action.proposal.departmentCode');
  });

  it('answers 404 for an unknown case', async () => {
    errorOf(await read(randomUUID()), 404);
    errorOf(await act(randomUUID(), 1, { type: 'answer_at_once', note: 'x' }, 'supervisor1'), 404);
  });

  // ── who sees what ───────────────────────────────────────────────────────────

  it("logs a read of the customer's record, with the reason complaint-case, each time someone opens the case", async () => {
    const ticket = await open();
    detailOf(await read(ticket.id, 'supervisor1'), 200);
    const response = await send('GET', `/api/v1/customers/${zhangWei.id}/access-log`, 'manager1');
    expect(response.statusCode, response.body).toBe(200);
    const { items } = CustomerAccessLogSchema.parse(response.json());
    expect(items[0]).toMatchObject({ username: 'supervisor1', action: 'read', reason: 'complaint-case' });
  });


  it("lets department staff read their department's cases and refuses another department's with 403", async () => {
    const ticket = await open();
    detailOf(await act(ticket.id, 1, { type: 'send_memo', proposal: memo('logistics'), note: '' }, 'supervisor1'));

    const own = detailOf(await read(ticket.id, 'logistics1'), 200);
    const other = errorOf(await read(ticket.id, 'production1'), 403);
    const acting = errorOf(await act(ticket.id, 2, { type: 'accept', note: '' }, 'production1'), 403);

    expect([...own.case.availableActions].sort()).toEqual(['accept', 'escalate', 'query', 'raise_level']);
    expect(other.error).toBe('forbidden');
    expect(acting.error).toBe('forbidden');
    expect((await send('GET', `/api/v1/tickets/${ticket.id}`, 'logistics1')).statusCode).toBe(200);
    expect(errorOf(await send('GET', `/api/v1/tickets/${ticket.id}`, 'production1'), 403).error).toBe('forbidden');
    expect(detailOf(await read(ticket.id, 'qa1'), 200).case.availableActions).toEqual([]);
    const theirs = await list('limit=200', 'production1');
    expect(theirs.items.every((item) => item.waitingOn === 'production' || item.departmentCode === 'production')).toBe(true);
    expect(theirs.items.map((item) => item.id)).not.toContain(ticket.id);
    expect((await list('limit=200', 'logistics1')).items.map((item) => item.id)).toContain(ticket.id);
  });

  // ── the list ────────────────────────────────────────────────────────────────

  describe('the case list', () => {
    const token = () => `批量${randomUUID().slice(0, 8)}`;

    it('pages newest first with a cursor, cases opened at the same moment by id, none twice', async () => {
      const tag = token();
      const older = await open({ title: `${tag} 较早` });
      hub.clock.advance(60_000);
      const same = [];
      for (let i = 0; i < 4; i += 1) same.push(await open({ title: `${tag} 同时 ${i}` }));

      const seen: string[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const page = await list(`q=${encodeURIComponent(tag)}&limit=2${cursor === null ? '' : `&cursor=${cursor}`}`);
        seen.push(...page.items.map((item) => item.id));
        cursor = page.nextCursor;
        pages += 1;
      } while (cursor !== null);

      expect(pages).toBe(3);
      expect(seen).toEqual([...same.map((t) => t.id).sort(), older.id]);
    });

    it('refuses a cursor it did not make', async () => {
      const error = errorOf(await send('GET', '/api/v1/complaints?cursor=bm9wZQ', 'supervisor1'), 400);

      expect(error.field).toBe('cursor');
    });

    it('filters by status, queue and text, and finds a case by its customer\'s name', async () => {
      const tag = token();
      const registered = await open({ title: `${tag} 未处理` });
      const sent = await open({ title: `${tag} 已转` });
      detailOf(await act(sent.id, 1, { type: 'send_memo', proposal: memo('logistics'), note: '' }, 'supervisor1'));

      const byStatus = await list(`q=${encodeURIComponent(tag)}&status=with_department,closed`);
      const byQueue = await list(`q=${encodeURIComponent(tag)}&waitingOn=service`);
      const byName = await list(`q=${encodeURIComponent(zhangWei.name)}&limit=200`);

      expect(byStatus.items.map((item) => item.id)).toEqual([sent.id]);
      expect(byQueue.items.map((item) => item.id)).toEqual([registered.id]);
      expect(byName.items.map((item) => item.id)).toEqual(expect.arrayContaining([registered.id, sent.id]));
      expect(byStatus.items[0]).toMatchObject({ customerName: zhangWei.name, status: 'with_department', waitingOn: 'logistics', version: 2 });
    });

    it('lists a case as overdue once its step is past its time limit, or a promised callback is', async () => {
      const tag = token();
      const slow = await open({ title: `${tag} 未分类` });
      const promised = await open({ title: `${tag} 已承诺回电`, triage: 'answered' });
      const dueAt = new Date(hub.clock.now().getTime() + HOUR_MS).toISOString();
      detailOf(await act(promised.id, 1, { type: 'request_callback', dueAt, note: '' }, 'supervisor1'));
      const q = `q=${encodeURIComponent(tag)}`;
      expect((await list(`${q}&overdue=true`)).items).toEqual([]);

      hub.clock.advance(2 * HOUR_MS);
      const overdueNow = await list(`${q}&overdue=true`);
      expect(overdueNow.items.map((item) => item.id)).toEqual([promised.id]);
      expect(overdueNow.items[0]).toMatchObject({ overdue: true, callbackDueAt: dueAt, status: 'callback_due' });
      expect(detailOf(await read(promised.id), 200).case.overdue).toBe(true);

      hub.clock.advance(3 * HOUR_MS);
      expect((await list(`${q}&overdue=true`)).items.map((item) => item.id).sort()).toEqual([slow.id, promised.id].sort());
      expect((await list(`${q}&overdue=false`)).items).toEqual([]);
    });

    it('lists as mine the cases I opened or acted on', async () => {
      const tag = token();
      const theirs = await open({ title: `${tag} 李娜受理` }, 'agent2');
      const q = `q=${encodeURIComponent(tag)}&mine=true`;
      expect((await list(q, 'agent1')).items).toEqual([]);
      expect((await list(q, 'agent2')).items.map((item) => item.id)).toEqual([theirs.id]);

      detailOf(await act(theirs.id, 1, { type: 'escalate', level: null, note: '客户情绪激动' }, 'agent1'));

      expect((await list(q, 'agent1')).items.map((item) => item.id)).toEqual([theirs.id]);
    });

    it('filters open and closed cases, and by when they were opened', async () => {
      const tag = token();
      const from = hub.clock.now().toISOString();
      const done = await open({ title: `${tag} 即时处置`, triage: 'answered' });
      detailOf(await act(done.id, 1, { type: 'archive', note: '' }, 'supervisor1'));
      const q = `q=${encodeURIComponent(tag)}`;

      expect((await list(`${q}&open=false`)).items.map((item) => item.id)).toEqual([done.id]);
      expect((await list(`${q}&open=true`)).items).toEqual([]);
      expect((await list(`${q}&openedFrom=${encodeURIComponent(from)}`)).items).toHaveLength(1);
      expect((await list(`${q}&openedTo=${encodeURIComponent(new Date(Date.parse(from) - 1).toISOString())}`)).items).toEqual([]);
    });
  });

  it('documents the complaint routes in the OpenAPI document under complaints', async () => {
    const doc = (await send('GET', '/api/docs/json', 'admin')).json<{ paths: Record<string, Record<string, { tags?: string[] }>> }>();

    expect(doc.paths['/api/v1/tickets/{id}/actions']?.post?.tags).toEqual(['complaints']);
    expect(Object.keys(doc.paths['/api/v1/complaints'] ?? {})).toEqual(['get']);
    expect(Object.keys(doc.paths['/api/v1/complaints/{id}'] ?? {})).toEqual(['get']);
    expect(Object.keys(doc.paths['/api/v1/complaint-config'] ?? {}).sort()).toEqual(['get', 'put']);
  });
});
