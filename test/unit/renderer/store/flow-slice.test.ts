import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { User } from '../../../../shared/api/auth';
import type { CustomerDetail, TicketSummary } from '../../../../shared/api/customers';
import type { StoredFlow } from '../../../../shared/api/flows';
import type { OrgDesign } from '../../../../shared/api/org';
import type { PhoneConfig } from '../../../../shared/api/phone';
import type { CallbackCreateRequest, NotificationCreateRequest, Ticket, TicketCreateRequest, TicketEscalationRequest, TicketNoteRequest } from '../../../../shared/api/tickets';
import type { CallbackSurveyRequest } from '../../../../shared/api/callbacks';
import type { AnswerValue } from '../../../../shared/flows/flow-run';
import type { FlowDefinitionInput } from '../../../../shared/flows/flow-schema';
import type { AppDb, LocalCallLog, LocalFlowRun } from '../../../../renderer/src/services/local-db/app-db';
import { NO_CALLBACK_TASK, NO_CONTEXT_TICKET } from '../../../../renderer/src/services/flows/flow-actions';
import { HubError } from '../../../../renderer/src/services/hub';
import { configureStoreDeps, dispositionOptions, resetStore, useConsoleStore } from '../../../../renderer/src/store';
import { callId, freshAppDb } from '../support/call-log-builders';
import { customerCard, deferred, mobile } from '../support/customer-builders';
import { fakeClock, settle, until } from '../support/fake-clock';
import { fakeHub } from '../support/fake-hub';
import { fakeSipPhone } from '../support/fake-sip-phone';
import { CALLBACK_FLOW_ID, callbackFlowInput, COMPLAINT_FLOW_ID, CONSULT_FLOW_ID, complaintFlowInput, consultFlowInput, storedFlow } from '../support/flow-fixtures';
import { AGENT_PHONE_CONFIG } from '../support/phone-config';
import { quietConsole, storeTestDeps } from '../support/store-test-deps';

const HUB = 'http://127.0.0.1:8790';
const agent: User = { id: '0193a1b2-0000-7000-8000-000000000001', username: 'agent1', role: 'agent', displayName: '张敏', departmentCode: 'acceptance' };
const code = (c: string) => ({ code: c, label: { 'zh-CN': c, 'en-US': c } });
const baseConfig: PhoneConfig = {
  ...AGENT_PHONE_CONFIG,
  dispositionCodes: [code('resolved'), code('complaint-taken'), code('consult-answered')],
  queueDispositions: [{ ivrChoice: 'complaint', codes: ['complaint-taken', 'resolved'] }],
};
const org: OrgDesign = {
  departments: [{ id: 'd-tech', code: 'tech', name: { 'zh-CN': '技术部', 'en-US': 'Technical' }, parentId: null, kind: 'specialist' }],
  queues: [],
  transferTargets: [{ id: 't-tech', name: { 'zh-CN': '技术部', 'en-US': 'Technical' }, departmentId: 'd-tech', extension: '2001', kind: 'department' }],
  escalationChain: [],
};

let hub: ReturnType<typeof fakeHub>;
let clock: ReturnType<typeof fakeClock>;
let sip: ReturnType<typeof fakeSipPhone>;
let shared: ReturnType<typeof freshAppDb>;
let databases: AppDb[];
let config: PhoneConfig;
let hubFlows: StoredFlow[];
let tickets: TicketCreateRequest[];
let escalations: Array<{ ticketId: string; body: TicketEscalationRequest }>;
let callbacks: CallbackCreateRequest[];
let notifications: NotificationCreateRequest[];

const state = () => useConsoleStore.getState();
const view = (id: string) => state().flows.runs[id];
/** A connection of this test's own to the user's database: what a reload would find. */
let probe: AppDb;
const savedRun = async (id: string): Promise<LocalFlowRun | undefined> => (await probe.flowRuns.where('callId').equals(id).toArray()).sort((a, b) => b.run.startedAt.localeCompare(a.run.startedAt))[0];
const callLog = async (id: string): Promise<LocalCallLog | undefined> => probe.callLogs.get(id);

function ticketOf(body: TicketCreateRequest): Ticket {
  return {
    id: body.id,
    ticketNo: `T-${tickets.length}`,
    kind: body.kind,
    status: 'registered',
    open: true,
    customerId: body.customerId,
    callId: body.callId,
    title: body.title,
    channel: 'phone',
    category: null,
    severity: null,
    triage: null,
    departmentCode: null,
    escalationLevel: 0,
    answers: [],
    flow: body.flow,
    openedAt: '2026-11-24T01:00:00.000Z',
    openedBy: 'agent1',
    updatedAt: '2026-11-24T01:00:00.000Z',
    closedAt: null,
    events: [],
  };
}

beforeEach(async () => {
  resetStore();
  hub = fakeHub();
  clock = fakeClock();
  sip = fakeSipPhone({ now: clock.clock.now });
  config = baseConfig;
  hubFlows = [storedFlow(complaintFlowInput()), storedFlow(consultFlowInput())];
  tickets = [];
  escalations = [];
  callbacks = [];
  notifications = [];
  databases = [];
  const test = storeTestDeps({ hub, phone: () => sip.phone, clock: clock.clock });
  // Every slice opens the user's one database, as in the browser; a reload opens it again.
  shared = freshAppDb(undefined, `callcenter-console.${agent.id}`);
  test.deps.openAppDb = () => {
    const db = shared.reopen();
    databases.push(db);
    return db;
  };
  probe = shared.reopen();
  await probe.open();
  configureStoreDeps(test.deps);
  hub.handlers.login = async () => ({ token: 'tok-1', user: agent, expiresAt: '2026-11-24T09:00:00.000Z' });
  hub.handlers.phoneConfig = async () => config;
  hub.handlers.org = async () => org;
  hub.handlers.listFlows = async () => ({ flows: hubFlows });
  hub.handlers.createTicket = async (_t, body) => {
    tickets.push(body);
    return ticketOf(body);
  };
  hub.handlers.escalateTicket = async (_t, ticketId, body) => {
    escalations.push({ ticketId, body });
    return { ...ticketOf(tickets.find((t) => t.id === ticketId)!), escalationLevel: 1 };
  };
  hub.handlers.createCallback = async (_t, body) => {
    callbacks.push(body);
    return { id: body.id } as never;
  };
  hub.handlers.createNotification = async (_t, body) => {
    notifications.push(body);
    return { id: body.id } as never;
  };
  quietConsole();
});

afterEach(() => {
  resetStore();
  probe.close();
  vi.restoreAllMocks();
});

async function logIn(): Promise<void> {
  if (state().session.status === 'starting') await state().restoreSession(HUB);
  await state().login({ username: agent.username, password: 'demo1234' });
  await until(() => state().callLog.status === 'ready', 'the call log is ready');
  await until(() => state().flows.sync.state === 'ok' || state().flows.sync.state === 'offline', 'the scripts are synced');
  await until(() => state().phone.status === 'on', 'the phone is on');
  state().setReady();
}

/** A call of the queue `choice`, answered: the script for it starts by itself. */
async function answeredCall(n: number, choice: string, number = '13800138000'): Promise<string> {
  const id = callId(n);
  sip.ring({ number, displayName: '' }, choice, id);
  await until(async () => (await callLog(id)) !== undefined, 'the ringing call is written');
  await state().answer(id);
  return id;
}

async function answer(id: string, values: Record<string, AnswerValue>): Promise<void> {
  for (const [q, v] of Object.entries(values)) await state().answerFlow(id, q, v);
}

async function next(id: string): Promise<void> {
  expect(await state().completeFlowStep(id)).toBe(true);
}

/** The complaint script up to the step after the triage. */
async function throughTriage(id: string, triage: string): Promise<void> {
  await until(() => view(id) !== undefined, 'the complaint script started');
  await answer(id, { what: '少发了一件' });
  await next(id);
  await answer(id, { category: 'transport', severity: triage === 'escalated' ? 'severe' : 'normal', triage });
  await next(id);
}

describe('flow slice', () => {
  it('starts the complaint script when a complaint call is answered, saved before it shows, and notes it in the call log', async () => {
    await logIn();
    expect(state().flows.catalog.map((f) => [f.id, f.version])).toEqual([
      [COMPLAINT_FLOW_ID, 1],
      [CONSULT_FLOW_ID, 1],
    ]);
    const readsAtShow: Array<Promise<LocalFlowRun | undefined>> = [];
    const unsubscribe = useConsoleStore.subscribe((s, before) => {
      if (s.flows.runs !== before.flows.runs) for (const id of Object.keys(s.flows.runs)) readsAtShow.push(savedRun(id));
    });
    const id = callId(1);
    sip.ring({ number: '13800138000', displayName: '' }, 'complaint', id);
    await settle(20);
    // Ringing is not a conversation: nothing starts until the agent answers.
    expect(view(id)).toBeUndefined();

    await state().answer(id);
    await until(() => view(id) !== undefined, 'the script started');
    unsubscribe();
    expect(view(id)).toMatchObject({ flowVersion: 1, run: { runId: id, flowId: COMPLAINT_FLOW_ID, stepId: 'greet', status: 'running' } });
    expect(view(id)!.facts).toMatchObject({ 'call.number': '13800138000', 'call.ivrChoice': 'complaint', 'agent.name': '张敏' });
    expect((await readsAtShow[0])?.run.stepId).toBe('greet');

    await until(async () => (await callLog(id))?.script !== null, 'the call log names the script');
    const record = (await callLog(id))!;
    expect(record.script).toEqual({ flowId: COMPLAINT_FLOW_ID, flowVersion: 1 });
    expect(record.events.find((e) => e.type === 'script_started')?.detail).toEqual({ flowId: COMPLAINT_FLOW_ID, version: 1 });
  });

  it('starts the script of a call answered before the first copy of the scripts arrived, once it arrives', async () => {
    const list = deferred<{ flows: StoredFlow[] }>();
    hub.handlers.listFlows = async () => list.promise;
    await state().restoreSession(HUB);
    await state().login({ username: agent.username, password: 'demo1234' });
    await until(() => state().callLog.status === 'ready' && state().phone.status === 'on', 'the console is up');
    state().setReady();
    const id = await answeredCall(1, 'complaint');
    await settle(20);
    expect(view(id)).toBeUndefined();

    list.resolve({ flows: hubFlows });
    await until(() => view(id) !== undefined, 'the script started');
    expect(view(id)!.run.flowId).toBe(COMPLAINT_FLOW_ID);
  });

  it('saves each answer before showing it, refuses an invalid one, and a reload resumes at the same step with every answer', async () => {
    await logIn();
    const id = await answeredCall(1, 'complaint');
    await until(() => view(id) !== undefined, 'the script started');
    // What the screen shows was in the database by then: a read begun at that moment finds it.
    const readsAtShow: Array<Promise<[unknown, unknown]>> = [];
    const unsubscribe = useConsoleStore.subscribe((s, before) => {
      const shown = s.flows.runs[id];
      if (!shown || shown.run === before.flows.runs[id]?.run) return;
      readsAtShow.push(savedRun(id).then((saved) => [saved?.run.answers.what?.value, shown.run.answers.what?.value]));
    });
    await answer(id, { what: '少发了一件' });
    unsubscribe();
    expect(await Promise.all(readsAtShow)).toEqual([['少发了一件', '少发了一件']]);
    await next(id);
    await state().answerFlow(id, 'category', 'weather');
    expect(view(id)!.errors.category).toMatchObject({ code: 'not_an_option' });
    expect((await savedRun(id))?.run.answers.category).toBeUndefined();
    await answer(id, { category: 'quality' });
    expect(view(id)!.errors).toEqual({});
    // Next with the triage unanswered: refused, the step stays.
    expect(await state().completeFlowStep(id)).toBe(false);
    expect(Object.keys(view(id)!.errors)).toEqual(['severity', 'triage']);

    // The console reloads: the store is new, the database the same, and the hub down.
    resetStore();
    hub.handlers.listFlows = async () => Promise.reject(new HubError({ status: 0, code: 'network', message: 'hub down' }));
    await logIn();
    await until(() => view(id) !== undefined, 'the run is back');
    expect(state().flows.sync.state).toBe('offline');
    expect(view(id)!.run.stepId).toBe('classify');
    expect(view(id)!.run.trail).toEqual(['greet']);
    expect(Object.fromEntries(Object.entries(view(id)!.run.answers).map(([q, a]) => [q, a.value]))).toEqual({ what: '少发了一件', category: 'quality' });
    // And it goes on from there.
    await answer(id, { severity: 'normal', triage: 'answered' });
    await next(id);
    expect(view(id)!.run.stepId).toBe('answer');
  });

  it('opens the ticket, escalates it and promises the callback, in order, the ticket known by the id the console gave it', async () => {
    await logIn();
    const id = await answeredCall(1, 'complaint');
    await throughTriage(id, 'escalated');
    expect(view(id)!.run.stepId).toBe('escalate');
    await next(id);

    await until(() => state().flows.pendingActions === 0 && callbacks.length === 1, 'the actions reached the hub');
    const [ticket] = tickets;
    expect(ticket).toMatchObject({
      kind: 'complaint',
      callId: id,
      title: '投诉：少发了一件',
      category: 'transport',
      severity: 'severe',
      triage: 'escalated',
      departmentCode: 'service',
      flow: { flowId: COMPLAINT_FLOW_ID, flowVersion: 1 },
    });
    expect(ticket!.answers.map((a) => [a.questionId, a.display])).toEqual([
      ['what', '少发了一件'],
      ['category', '运输'],
      ['severity', '严重'],
      ['triage', '上报'],
    ]);
    expect(escalations).toEqual([{ ticketId: ticket!.id, body: expect.objectContaining({ level: 'next', reason: '严重投诉：少发了一件' }) }]);
    expect(callbacks[0]).toMatchObject({ ticketId: ticket!.id, type: 'complaint', phone: '+8613800138000', dueAt: new Date(clock.now() + 24 * 3_600_000).toISOString() });
    expect(hub.calls.filter((c) => / (createTicket|escalateTicket|createCallback) /.test(c)).map((c) => c.split(' ')[1])).toEqual(['createTicket', 'escalateTicket', 'createCallback']);

    // The promise step reads the callback time out; the run's actions say what was done.
    expect(view(id)!.run.stepId).toBe('promise');
    expect(view(id)!.facts['callback.dueAt']).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/);
    await until(() => view(id)!.actions.every((a) => a.status === 'done'), 'every action shows done');
    expect(view(id)!.actions.map((a) => [a.action.type, a.result])).toEqual([
      ['create_ticket', { ticketNo: 'T-1' }],
      ['escalate', { escalationLevel: 1 }],
      ['schedule_callback', {}],
    ]);
    await until(async () => (await callLog(id))?.ticketIds.length === 1, 'the ticket is linked to the call');
    const record = (await callLog(id))!;
    expect(record.ticketIds).toEqual([ticket!.id]);
    expect(record.events.filter((e) => e.type === 'ticket_linked').map((e) => e.detail?.ticketId)).toEqual([ticket!.id]);
    expect(record.scriptAnswers.map((a) => a.questionId)).toEqual(['what', 'category', 'severity', 'triage']);

    await next(id);
    expect(view(id)!.run).toMatchObject({ status: 'completed', outcome: 'ticket_created' });
    await until(async () => (await callLog(id))?.events.some((e) => e.type === 'script_completed') === true, 'the completion is noted');
  });

  it('notifies the field staff for an on-site investigation, naming the ticket the step opened', async () => {
    await logIn();
    const id = await answeredCall(1, 'complaint');
    await throughTriage(id, 'on_site');
    await next(id);
    await until(() => notifications.length === 1 && callbacks.length === 1, 'the notification and callback reached the hub');
    expect(notifications[0]).toMatchObject({ departmentCode: 'field-staff', urgent: true, ticketId: tickets[0]!.id, message: '请现场调查：少发了一件' });
  });

  it('writes a step’s actions with the run in one transaction: when the write fails neither lands, and the step can be done again', async () => {
    await logIn();
    const id = await answeredCall(1, 'complaint');
    await throughTriage(id, 'escalated');
    for (const db of databases) vi.spyOn(db.flowActions, 'bulkPut').mockRejectedValueOnce(new DOMException('The quota has been exceeded.', 'QuotaExceededError'));

    expect(await state().completeFlowStep(id)).toBe(false);
    expect(state().flows.error).toMatchObject({ code: 'unexpected' });
    expect(view(id)!.run.stepId).toBe('escalate');
    expect((await savedRun(id))?.run.stepId).toBe('escalate');
    expect(await probe.flowActions.count()).toBe(0);
    expect(tickets).toEqual([]);

    vi.restoreAllMocks();
    quietConsole();
    await next(id);
    expect(state().flows.error).toBeNull();
    await until(() => callbacks.length === 1, 'the actions went');
    expect(await probe.flowActions.count()).toBe(3);
    expect(tickets).toHaveLength(1);
  });

  it('keeps a call on the version it started with when a newer one is published, and starts the next call on the new one', async () => {
    await logIn();
    const first = await answeredCall(1, 'complaint');
    await until(() => view(first) !== undefined, 'the script started');
    hubFlows = [storedFlow(complaintFlowInput('（新）'), 2), storedFlow(consultFlowInput())];
    state().syncFlowsNow();
    await until(() => state().flows.catalog[0]?.version === 2, 'the new version is in force');

    await throughTriage(first, 'answered');
    expect(view(first)!.flowVersion).toBe(1);
    await next(first);
    await next(first);
    expect(view(first)!.run.status).toBe('completed');
    await until(() => tickets.length === 1, 'the ticket went');
    expect(tickets[0]).toMatchObject({ title: '投诉：少发了一件', flow: { flowId: COMPLAINT_FLOW_ID, flowVersion: 1 } });
    expect((await callLog(first))!.script).toEqual({ flowId: COMPLAINT_FLOW_ID, flowVersion: 1 });
    sip.remoteHangUp(first);
    await until(async () => (await callLog(first))?.status === 'ended', 'the hang-up is written');
    await expect(state().finishWrapUp(first, {})).resolves.toMatchObject({ status: 'completed' });
    expect(state().agent.state).toBe('ready');

    const second = await answeredCall(2, 'complaint');
    await until(() => view(second) !== undefined, 'the next script started');
    expect(view(second)!.flowVersion).toBe(2);
    expect(view(second)!.flow.title['zh-CN']).toBe('投诉受理（新）');
  });

  it('sets the disposition (keeping the notes being typed) and pauses and resumes the recording, in the call log', async () => {
    await logIn();
    const id = await answeredCall(1, 'consult');
    await until(() => view(id) !== undefined, 'the consultation script started');
    await state().saveWrapUpDraft(id, { dispositionCode: null, notes: '客户问账单' });

    await answer(id, { topic: 'billing' });
    await next(id);
    await next(id);
    await until(async () => (await callLog(id))?.events.some((e) => e.type === 'recording_paused') === true, 'the pause is noted');
    await answer(id, { card_ok: true });
    await next(id);
    await next(id);
    expect(view(id)!.run).toMatchObject({ status: 'completed', outcome: 'resolved' });

    await until(async () => (await callLog(id))?.wrapUp.dispositionCode === 'consult-answered', 'the disposition is set');
    const record = (await callLog(id))!;
    expect(record.events.filter((e) => e.type.startsWith('recording_')).map((e) => [e.type, e.detail?.reason ?? null])).toEqual([
      ['recording_paused', '银行卡号'],
      ['recording_resumed', null],
    ]);
    expect(record.wrapUp.notes).toBe('');
    expect((await probe.drafts.get(`wrap-up:${id}`))?.value).toEqual({ dispositionCode: 'consult-answered', notes: '客户问账单' });
    expect(view(id)!.actions.map((a) => [a.action.type, a.status])).toEqual([
      ['pause_recording', 'done'],
      ['resume_recording', 'done'],
      ['set_disposition', 'done'],
    ]);
  });

  it('transfers the call to the extension the org design gives the department', async () => {
    await logIn();
    const id = await answeredCall(1, 'consult');
    await until(() => view(id) !== undefined, 'the consultation script started');
    await answer(id, { topic: 'tech' });
    await next(id);
    await next(id);
    expect(sip.commands).toContain(`blindTransfer ${id} 2001`);
    expect(view(id)!.actions).toEqual([expect.objectContaining({ action: { type: 'transfer', department: 'tech' }, status: 'done' })]);
    expect(view(id)!.run.outcome).toBe('transferred');
  });

  it('records a transfer the org design has no extension for as failed, with the reason', async () => {
    hub.handlers.org = async () => ({ ...org, transferTargets: [] });
    await logIn();
    const id = await answeredCall(1, 'consult');
    await until(() => view(id) !== undefined, 'the consultation script started');
    await answer(id, { topic: 'tech' });
    await next(id);
    await next(id);
    expect(sip.commands.some((c) => c.startsWith('blindTransfer'))).toBe(false);
    expect(view(id)!.actions[0]).toMatchObject({ status: 'failed', lastError: expect.stringMatching(/"tech" takes no transferred calls/) });
  });

  it('abandons the running script when the agent switches to another, and follows the new one from its start', async () => {
    await logIn();
    const id = await answeredCall(1, 'complaint');
    await until(() => view(id) !== undefined, 'the complaint script started');
    await answer(id, { what: '其实是咨询' });
    await state().startFlow(id, CONSULT_FLOW_ID);

    expect(view(id)!.run).toMatchObject({ flowId: CONSULT_FLOW_ID, stepId: 'ask', status: 'running' });
    expect(view(id)!.run.runId).not.toBe(id);
    const old = await probe.flowRuns.get(id);
    expect(old?.run).toMatchObject({ status: 'abandoned', abandonReason: 'switched' });
    await until(async () => (await callLog(id))?.script?.flowId === CONSULT_FLOW_ID, 'the call log follows the switch');
    const events = (await callLog(id))!.events.map((e) => e.type).filter((t) => t.startsWith('script_'));
    expect(events).toEqual(['script_started', 'script_abandoned', 'script_started']);
  });

  it('fills the customer and the order in as they arrive, without holding the script up, and prefills what is still empty', async () => {
    const card = customerCard(1, { name: '王丽', vipLevel: 1, phones: [{ e164: mobile(1), kind: 'mobile' }] });
    hub.handlers.lookupCustomers = async () => ({ e164: mobile(1), items: [card] });
    const record = deferred<CustomerDetail>();
    hub.handlers.getCustomer = async () => record.promise;
    await logIn();
    const id = await answeredCall(1, 'complaint', mobile(1));
    await until(() => view(id)?.facts['customer.name'] === '王丽', 'the caller is in the script');
    expect(view(id)!.run.answers.order_no).toBeUndefined();

    record.resolve({
      card,
      contact: { email: null, address: null, notes: null },
      createdAt: card.updatedAt,
      orders: [{ orderNo: 'E20261120', placedAt: '2026-11-20T04:00:00.000Z', items: [], amountFen: 9_900, shippingState: 'collected', courier: '顺丰', waybillNo: 'SF1' }],
      products: [],
      tickets: [],
      timeline: [],
    });
    await until(() => view(id)?.facts['order.no'] === 'E20261120', 'the order is in the script');
    expect(view(id)!.run.answers.order_no).toMatchObject({ value: 'E20261120', prefilled: true });
    expect((await savedRun(id))?.facts).toMatchObject({ 'customer.name': '王丽', 'order.no': 'E20261120' });

    await throughTriage(id, 'answered');
    await next(id);
    await until(() => callbacks.length === 1, 'the callback went');
    expect(tickets[0]!.customerId).toBe(card.id);
    expect(callbacks[0]).toMatchObject({ customerId: card.id, priority: 'high', phone: mobile(1) });
  });
});

describe('wrap-up gate', () => {
  it('refuses to end the wrap-up while the script runs, by Finish or by Ready, and lets it end once the script is abandoned', async () => {
    await logIn();
    const id = await answeredCall(1, 'complaint');
    await until(() => view(id) !== undefined, 'the script started');
    sip.remoteHangUp(id);
    await until(async () => (await callLog(id))?.status === 'ended', 'the hang-up is written');
    expect(state().agent.state).toBe('wrap_up');

    state().setReady();
    expect(state().agent.state).toBe('wrap_up');
    expect(state().callLog.wrapUpError).toMatchObject({ code: 'wrap_up_incomplete', callId: id, missing: ['script'] });
    await expect(state().finishWrapUp(id, { dispositionCode: 'resolved' })).resolves.toBeNull();
    expect((await callLog(id))!.status).toBe('ended');

    await state().abandonFlow(id, 'customer hung up');
    expect((await savedRun(id))?.run).toMatchObject({ status: 'abandoned', abandonReason: 'customer hung up' });
    await expect(state().finishWrapUp(id, { dispositionCode: 'resolved' })).resolves.toMatchObject({ status: 'completed' });
    expect(state().agent.state).toBe('ready');
    expect(state().callLog.wrapUpError).toBeNull();
    // Done with: the script leaves the screen, and stays saved.
    expect(view(id)).toBeUndefined();
  });

  it('keeps in the call log what was answered on later steps when the script is abandoned after going back', async () => {
    await logIn();
    const id = await answeredCall(1, 'complaint');
    await until(() => view(id) !== undefined, 'the script started');
    await answer(id, { what: '少发了一件' });
    await next(id);
    await answer(id, { category: 'transport' });
    await state().backFlow(id);
    await state().abandonFlow(id, 'customer hung up');
    await until(async () => (await callLog(id))?.events.some((e) => e.type === 'script_abandoned') === true, 'the abandon is noted');
    const record = (await callLog(id))!;
    expect(record.scriptAnswers.map((a) => [a.stepId, a.questionId, a.value])).toEqual([
      ['greet', 'what', '少发了一件'],
      ['classify', 'category', 'transport'],
    ]);
  });

  it('refuses Ready and the wrap-up without the disposition the center requires, with the hub down, and takes them once it is chosen', async () => {
    config = { ...baseConfig, wrapUp: { seconds: null, autoReady: false, dispositionRequired: true } };
    hubFlows = [];
    await logIn();
    const unreachable = () => Promise.reject(new HubError({ status: 0, code: 'network', message: 'hub down' }));
    hub.handlers.uploadCallLogs = unreachable;
    hub.handlers.reportAgentState = unreachable;
    const id = await answeredCall(1, 'complaint');
    sip.remoteHangUp(id);
    await until(async () => (await callLog(id))?.status === 'ended', 'the hang-up is written');

    state().setReady();
    await until(() => state().callLog.wrapUpError !== null, 'Ready is refused');
    expect(state().callLog.wrapUpError).toMatchObject({ callId: id, missing: ['disposition'] });
    expect(state().agent.state).toBe('wrap_up');
    await expect(state().finishWrapUp(id, { notes: '无' })).resolves.toBeNull();

    await expect(state().finishWrapUp(id, { dispositionCode: 'complaint-taken' })).resolves.toMatchObject({ status: 'completed' });
    await until(() => state().agent.state === 'ready', 'the agent is ready');
    expect(state().callLog.wrapUpError).toBeNull();
  });

  it('does not go Ready by itself at the end of the wrap-up time while the script runs, and does at the next tick once it is finished', async () => {
    config = { ...baseConfig, wrapUp: { seconds: 10, autoReady: true, dispositionRequired: false } };
    await logIn();
    const id = await answeredCall(1, 'complaint');
    await until(() => view(id) !== undefined, 'the script started');
    sip.remoteHangUp(id);
    await clock.advance(15_000);
    expect(state().agent.state).toBe('wrap_up');
    expect(state().agent.model.availability).toMatchObject({ kind: 'wrap_up', overrun: true });

    await state().abandonFlow(id, 'customer hung up');
    await clock.advance(1_000);
    expect(state().agent.state).toBe('ready');
  });

  it('waits for the saved disposition before going Ready by itself when the center requires one', async () => {
    config = { ...baseConfig, wrapUp: { seconds: 10, autoReady: true, dispositionRequired: true } };
    hubFlows = [];
    await logIn();
    const id = await answeredCall(1, 'complaint');
    sip.remoteHangUp(id);
    await clock.advance(15_000);
    await settle(20);
    expect(state().agent.state).toBe('wrap_up');
    expect(state().agent.model.availability).toMatchObject({ kind: 'wrap_up', overrun: true });
    await state().finishWrapUp(id, { dispositionCode: 'resolved' });
    await until(() => state().agent.state === 'ready', 'the agent is ready');
  });

  it('offers the disposition codes of the call’s queue', async () => {
    await logIn();
    expect(dispositionOptions(state().phone, 'complaint').map((d) => d.code)).toEqual(['complaint-taken', 'resolved']);
    expect(dispositionOptions(state().phone, 'consult').map((d) => d.code)).toEqual(['resolved', 'complaint-taken', 'consult-answered']);
  });
});

describe('the case a callback is about', () => {
  const card = customerCard(1, { name: '王丽', phones: [{ e164: mobile(1), kind: 'mobile' }] });
  const complaint: TicketSummary = {
    id: '0193a1b2-0000-7000-8000-0000000000c1',
    ticketNo: 'TS-2026-0042',
    kind: 'complaint',
    title: '饲料结块',
    status: 'answered_at_once',
    open: true,
    openedAt: '2026-11-20T02:00:00.000Z',
    closedAt: null,
  };
  const recordOf = (cases: TicketSummary[]): CustomerDetail => ({
    card,
    contact: { email: null, address: null, notes: null },
    createdAt: card.updatedAt,
    orders: [],
    products: [],
    tickets: cases,
    timeline: [],
  });
  const reads = () => hub.calls.filter((c) => c.includes(' getCustomer ')).length;
  let notes: Array<{ ticketId: string; body: TicketNoteRequest }>;

  beforeEach(() => {
    hubFlows = [...hubFlows, storedFlow(callbackFlowInput())];
    hub.handlers.lookupCustomers = async () => ({ e164: mobile(1), items: [card] });
    notes = [];
    hub.handlers.addTicketNote = async (_t, ticketId, body) => {
      notes.push({ ticketId, body });
      return { id: ticketId } as never;
    };
  });

  /** A call from the customer on a line with no script of its own, the caller found. */
  async function callFromCustomer(): Promise<string> {
    const id = await answeredCall(1, 'sales', mobile(1));
    await until(() => state().customers.pops[id]?.status === 'found', 'the caller is found');
    return id;
  }

  it('lists the caller’s cases, and a callback started on the chosen one reads it out and sends its verdict to that ticket', async () => {
    hub.handlers.getCustomer = async () => recordOf([complaint]);
    await logIn();
    expect(state().flows.catalog.map((f) => [f.id, f.needsContextTicket])).toEqual([
      [COMPLAINT_FLOW_ID, false],
      [CONSULT_FLOW_ID, false],
      [CALLBACK_FLOW_ID, true],
    ]);
    const id = await callFromCustomer();
    await state().loadCallerCases(id);
    expect(state().flows.callerCases[id]).toEqual({ customerId: card.id, status: 'ready', tickets: [complaint] });

    const { id: ticketId, ticketNo, title, status } = complaint;
    await state().startFlow(id, CALLBACK_FLOW_ID, { contextTicket: { id: ticketId, ticketNo, title, status } });
    expect(view(id)).toMatchObject({ contextTicket: { id: ticketId, ticketNo }, facts: { 'ticket.no': ticketNo, 'ticket.title': title } });
    expect((await savedRun(id))?.contextTicket).toEqual({ id: ticketId, ticketNo, title, status });
    // The record read for the picker is the one the script's facts use: the hub logs one read.
    await settle(20);
    expect(reads()).toBe(1);

    await answer(id, { satisfied: true });
    await next(id);
    await next(id);
    await until(() => notes.length === 1, 'the verdict reached the hub');
    expect(notes[0]).toMatchObject({ ticketId, body: { outcome: 'satisfied', callId: id } });
  });

  it('marks the case’s update failed, saying no case was chosen, when the callback starts without one; a retry keeps the reason', async () => {
    hub.handlers.getCustomer = async () => recordOf([]);
    await logIn();
    const id = await callFromCustomer();
    await state().startFlow(id, CALLBACK_FLOW_ID);
    expect(view(id)?.contextTicket).toBeNull();
    await answer(id, { satisfied: false });
    await next(id);
    await next(id);
    const update = view(id)!.actions.find((a) => a.action.type === 'update_ticket')!;
    expect(update).toMatchObject({ status: 'failed', lastError: NO_CONTEXT_TICKET });
    expect(view(id)!.run).toMatchObject({ status: 'completed', outcome: 'not_resolved' });

    state().retryFlowActions();
    await until(async () => (await probe.flowActions.get(update.id))?.attempts === 1, 'the retry was tried');
    expect(await probe.flowActions.get(update.id)).toMatchObject({ status: 'failed', lastError: NO_CONTEXT_TICKET });
    expect(notes).toEqual([]);
  });

  it('says when the caller’s cases cannot be read, and reads them again only when asked to', async () => {
    let attempt = 0;
    hub.handlers.getCustomer = async () => {
      attempt += 1;
      if (attempt === 1) throw new HubError({ status: 0, code: 'network', message: 'hub down' });
      return recordOf([complaint]);
    };
    await logIn();
    const id = await callFromCustomer();
    await state().loadCallerCases(id);
    expect(state().flows.callerCases[id]).toMatchObject({ customerId: card.id, status: 'error', error: { code: 'network' } });
    await state().loadCallerCases(id);
    expect(attempt).toBe(1);

    await state().loadCallerCases(id, { again: true });
    expect(state().flows.callerCases[id]).toEqual({ customerId: card.id, status: 'ready', tickets: [complaint] });
    expect(attempt).toBe(2);
  });

  it('reads no cases for a call whose caller is not identified', async () => {
    await logIn();
    const id = await answeredCall(1, 'sales', 'anonymous');
    await until(() => state().customers.pops[id]?.status === 'unknown', 'the caller is unknown');
    await state().loadCallerCases(id);
    expect(state().flows.callerCases[id]).toBeUndefined();
    expect(reads()).toBe(0);
  });
});

describe('the callback task a call was dialled from', () => {
  const TASK = '0193a1b2-0000-7000-8000-0000000000d1';
  const SURVEY_FLOW_ID = 'callback.after-sales';
  const both = (zh: string, en: string) => ({ 'zh-CN': zh, 'en-US': en });
  /** An after-sales callback in miniature: the score decides, each end records the survey on the task. */
  const surveyFlow = (): FlowDefinitionInput => ({
    format: 1,
    id: SURVEY_FLOW_ID,
    title: both('售后回访', 'After-sales callback'),
    category: 'callback',
    triggers: { callbackTypes: ['after_sales'] },
    start: 'survey',
    steps: [
      {
        id: 'survey',
        title: both('满意度调查', 'Survey'),
        questions: [
          { id: 'score', type: 'satisfaction', label: both('满意度', 'Score') },
          { id: 'why', type: 'text', required: false, label: both('原因', 'Why') },
        ],
        next: { when: [{ if: { answer: 'score', atLeast: 4 }, goto: 'thanks' }], else: 'sorry' },
      },
      { id: 'thanks', title: both('满意', 'Satisfied'), actions: [{ type: 'record_survey', satisfied: true, score: { answer: 'score' }, reasons: { answer: 'why' } }], end: { outcome: 'closed' } },
      { id: 'sorry', title: both('不满意', 'Not satisfied'), actions: [{ type: 'record_survey', satisfied: false, score: { answer: 'score' }, reasons: { answer: 'why' } }], end: { outcome: 'not_resolved' } },
    ],
  });
  let surveys: Array<{ callbackId: string; body: CallbackSurveyRequest }>;

  beforeEach(() => {
    hubFlows = [...hubFlows, storedFlow(surveyFlow())];
    surveys = [];
    hub.handlers.recordCallbackSurvey = async (_t, callbackId, body) => {
      surveys.push({ callbackId, body });
      return { id: callbackId } as never;
    };
  });

  it('keeps the task on the run, also across a switch of script, and records the survey on it', async () => {
    await logIn();
    const id = await answeredCall(1, 'sales');
    await state().startFlow(id, SURVEY_FLOW_ID, { callbackTaskId: TASK });
    expect(view(id)?.callbackTaskId).toBe(TASK);
    expect((await savedRun(id))?.callbackTaskId).toBe(TASK);

    // The agent tries another script and comes back: the call is still the task's.
    await state().startFlow(id, CONSULT_FLOW_ID);
    expect(view(id)?.callbackTaskId).toBe(TASK);
    await state().startFlow(id, SURVEY_FLOW_ID);
    expect(view(id)).toMatchObject({ callbackTaskId: TASK, run: { flowId: SURVEY_FLOW_ID, stepId: 'survey' } });

    await answer(id, { score: 2, why: '师傅迟到两小时' });
    await next(id);
    await next(id);
    await until(() => surveys.length === 1, 'the survey reached the hub');
    expect(surveys[0]).toEqual({
      callbackId: TASK,
      body: { id: expect.any(String), callId: id, score: 2, satisfied: false, reasons: '师傅迟到两小时', flow: { flowId: SURVEY_FLOW_ID, flowVersion: 1 } },
    });
    await until(() => view(id)!.actions[0]?.status === 'done', 'the survey is shown done');
  });

  it('reads a run saved before runs knew their task as one without a task, and marks its survey failed with the reason', async () => {
    await logIn();
    const id = await answeredCall(1, 'sales');
    await state().startFlow(id, SURVEY_FLOW_ID, { callbackTaskId: TASK });
    // The row as an older console wrote it: no `callbackTaskId` at all.
    const { callbackTaskId: _none, ...oldRow } = (await savedRun(id))!;
    await probe.flowRuns.put(oldRow);

    resetStore();
    await logIn();
    await until(() => view(id) !== undefined, 'the run is back');
    expect(view(id)!.callbackTaskId).toBeNull();
    await answer(id, { score: 5 });
    await next(id);
    await next(id);
    expect(view(id)!.actions).toEqual([expect.objectContaining({ status: 'failed', lastError: NO_CALLBACK_TASK, action: { type: 'record_survey', satisfied: true, score: 5, reasons: '' } })]);
    await settle(20);
    expect(surveys).toEqual([]);
  });
});
