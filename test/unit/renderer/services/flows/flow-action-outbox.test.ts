import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CallbackWorkItem } from '../../../../../shared/api/callbacks';
import type { CallbackTask, Notification, Ticket } from '../../../../../shared/api/tickets';
import type { ActionRequest, ResolvedAction } from '../../../../../shared/flows/flow-run';
import { HubError } from '../../../../../renderer/src/services/hub';
import type { AppDb, LocalFlowAction } from '../../../../../renderer/src/services/local-db/app-db';
import { actionRows } from '../../../../../renderer/src/services/flows/flow-actions';
import {
  FLOW_ACTION_POLL_MS,
  createFlowActionOutbox,
  type FlowActionHub,
  type FlowActionOutbox,
  type FlowActionOutboxStatus,
} from '../../../../../renderer/src/services/flows/flow-action-outbox';
import { callId, freshAppDb, T0 } from '../../support/call-log-builders';
import { fakeClock } from '../../support/fake-clock';

const uuid = (n: number) => `0193a1b2-0000-7000-9000-${n.toString(16).padStart(12, '0')}`;
const networkDown = () => new HubError({ status: 0, code: 'network', message: 'Cannot reach the hub' });

let clock: ReturnType<typeof fakeClock>;
let db: AppDb;
let sent: string[];
let statuses: FlowActionOutboxStatus[];
let settled: LocalFlowAction[];
let outboxes: FlowActionOutbox[];
let ids: number;
/** What the fake hub does with each request, by method; it records `method id [ticketId]`. */
let hub: FlowActionHub;

function ticket(id: string, patch: Partial<Ticket> = {}): Ticket {
  return {
    id,
    ticketNo: `T-${id.slice(-4)}`,
    kind: 'complaint',
    status: 'registered',
    open: true,
    customerId: null,
    callId: null,
    title: 't',
    channel: 'phone',
    category: null,
    severity: null,
    triage: null,
    departmentCode: null,
    escalationLevel: 0,
    answers: [],
    flow: null,
    openedAt: new Date(T0).toISOString(),
    openedBy: 'agent1',
    updatedAt: new Date(T0).toISOString(),
    closedAt: null,
    events: [],
    ...patch,
  };
}

function recordingHub(): FlowActionHub {
  return {
    createTicket: async (body) => {
      sent.push(`createTicket ${body.id}`);
      return ticket(body.id);
    },
    addTicketNote: async (ticketId, body) => {
      sent.push(`addTicketNote ${body.id} ${ticketId}`);
      return ticket(ticketId);
    },
    escalateTicket: async (ticketId, body) => {
      sent.push(`escalateTicket ${body.id} ${ticketId}`);
      return ticket(ticketId, { escalationLevel: 1 });
    },
    createCallback: async (body) => {
      sent.push(`createCallback ${body.id} ${body.ticketId}`);
      return { id: body.id } as CallbackTask;
    },
    createNotification: async (body) => {
      sent.push(`createNotification ${body.id} ${body.ticketId}`);
      return { id: body.id } as Notification;
    },
    recordCallbackSurvey: async (callbackId, body) => {
      sent.push(`recordCallbackSurvey ${body.id} ${callbackId}`);
      return { id: callbackId } as CallbackWorkItem;
    },
  };
}

const request = (stepId: string, index: number, action: ResolvedAction): ActionRequest => ({ key: `${stepId}.${index}`, stepId, index, action });
const createTicket: ResolvedAction = { type: 'create_ticket', kind: 'complaint', title: '投诉', category: null, severity: null, triage: null, department: null, answers: [] };

/** The rows a complaint's escalation step writes: ticket, escalation, callback. */
async function writeEscalation(run: number, nextSeq = 0): Promise<LocalFlowAction[]> {
  const rows = actionRows(
    [
      request('escalate', 0, createTicket),
      request('escalate', 1, { type: 'escalate', ticket: 'created', level: 'next', reason: '严重' }),
      request('escalate', 2, { type: 'schedule_callback', callbackType: 'complaint', dueInHours: 24, note: null }),
    ],
    {
      runId: callId(run),
      callId: callId(run),
      now: clock.now(),
      flow: { flowId: 'complaint.intake', flowVersion: 1 },
      customerId: null,
      vip: false,
      phone: null,
      contextTicketId: null,
      callbackTaskId: null,
      createdTicketId: null,
      nextSeq,
      newId: () => uuid((ids += 1)),
    },
  );
  await db.flowActions.bulkPut(rows);
  return rows;
}

function start(): FlowActionOutbox {
  const outbox = createFlowActionOutbox({
    db,
    clock: clock.clock,
    random: () => 0.5,
    hub,
    onStatus: (s) => void statuses.push(s),
    onSettled: (rows) => void settled.push(...rows),
  });
  outboxes.push(outbox);
  return outbox;
}

const row = async (id: string) => db.flowActions.get(id);

beforeEach(async () => {
  clock = fakeClock();
  db = freshAppDb().db;
  await db.open();
  sent = [];
  statuses = [];
  settled = [];
  outboxes = [];
  ids = 0;
  hub = recordingHub();
});

afterEach(() => {
  for (const outbox of outboxes) outbox.stop();
  db.close();
});

describe('flow action outbox', () => {
  it('delivers a run’s actions in order, naming the ticket by the id the console gave it, and keeps what the hub says', async () => {
    const [create, escalate, callback] = await writeEscalation(1);
    const outbox = start();
    await outbox.idle();

    expect(sent).toEqual([`createTicket ${create!.id}`, `escalateTicket ${escalate!.id} ${create!.id}`, `createCallback ${callback!.id} ${create!.id}`]);
    expect(await row(create!.id)).toMatchObject({ status: 'done', attempts: 1, result: { ticketNo: `T-${create!.id.slice(-4)}` } });
    expect(await row(escalate!.id)).toMatchObject({ status: 'done', result: { escalationLevel: 1 } });
    expect(statuses.at(-1)).toMatchObject({ state: 'idle', pending: 0, failed: 0 });
    expect(settled.map((r) => r.id)).toEqual([create!.id, escalate!.id, callback!.id]);
  });

  it('records a survey on the callback task the call was dialled from', async () => {
    const task = uuid(500);
    const [survey] = actionRows([request('satisfied', 0, { type: 'record_survey', satisfied: true, score: 5, reasons: '' })], {
      runId: callId(4),
      callId: callId(4),
      now: clock.now(),
      flow: { flowId: 'callback.complaint', flowVersion: 2 },
      customerId: null,
      vip: false,
      phone: null,
      contextTicketId: null,
      callbackTaskId: task,
      createdTicketId: null,
      nextSeq: 0,
      newId: () => uuid((ids += 1)),
    });
    await db.flowActions.put(survey!);
    const outbox = start();
    await outbox.idle();

    expect(sent).toEqual([`recordCallbackSurvey ${survey!.id} ${task}`]);
    expect(await row(survey!.id)).toMatchObject({ status: 'done', attempts: 1 });
  });

  it('sends an action whose answer was lost again under the same id, and holds the later ones of its run back meanwhile', async () => {
    const [create, escalate] = await writeEscalation(1);
    const plain = hub.createTicket;
    let lost = true;
    hub.createTicket = async (body) => {
      const done = await plain(body);
      // The hub did it, but the answer never came back.
      if (lost) throw networkDown();
      return done;
    };
    const outbox = start();
    await outbox.idle();
    expect(sent).toEqual([`createTicket ${create!.id}`]);
    expect(await row(escalate!.id)).toMatchObject({ status: 'pending', attempts: 0 });
    expect(statuses.at(-1)).toMatchObject({ state: 'waiting', pending: 3, lastError: 'Cannot reach the hub' });

    lost = false;
    await clock.advance(FLOW_ACTION_POLL_MS);
    await outbox.idle();
    expect(sent.filter((s) => s.startsWith('createTicket'))).toEqual([`createTicket ${create!.id}`, `createTicket ${create!.id}`]);
    expect(await row(create!.id)).toMatchObject({ status: 'done', attempts: 2 });
    expect(await row(escalate!.id)).toMatchObject({ status: 'done' });
  });

  it('marks an action the hub refuses as failed with its words, does not send it again by itself, and goes on with another run', async () => {
    const [create, escalate, callback] = await writeEscalation(1);
    const [other] = await writeEscalation(2);
    hub.createTicket = async (body) => {
      sent.push(`createTicket ${body.id}`);
      if (body.id === create!.id) throw new HubError({ status: 400, code: 'validation', message: 'title: too long', field: 'title' });
      return ticket(body.id);
    };
    const outbox = start();
    await outbox.idle();

    expect(await row(create!.id)).toMatchObject({ status: 'failed', lastError: 'title: too long' });
    // Both name the ticket that was not opened: they wait for it, and say so.
    expect(await row(escalate!.id)).toMatchObject({ status: 'pending', lastError: expect.stringMatching(/could not open/) });
    expect(await row(callback!.id)).toMatchObject({ status: 'pending' });
    expect(await row(other!.id)).toMatchObject({ status: 'done' });
    expect(statuses.at(-1)).toMatchObject({ state: 'idle', failed: 1 });

    await clock.advance(FLOW_ACTION_POLL_MS);
    expect(sent.filter((s) => s === `createTicket ${create!.id}`)).toHaveLength(1);

    hub = recordingHub();
    const retried = start();
    await retried.retryFailed();
    await retried.idle();
    expect(await row(create!.id)).toMatchObject({ status: 'done', attempts: 2 });
    expect(await row(escalate!.id)).toMatchObject({ status: 'done', lastError: null });
    expect(await row(callback!.id)).toMatchObject({ status: 'done' });
  });

  it('does not wait behind a refused action that later ones do not depend on', async () => {
    const rows = actionRows(
      [
        request('s', 0, { type: 'notify', department: 'field-staff', message: '请调查', urgent: false }),
        request('s', 1, { type: 'notify', department: 'service', message: '请跟进', urgent: false }),
      ],
      { runId: callId(3), callId: callId(3), now: clock.now(), flow: { flowId: 'f', flowVersion: 1 }, customerId: null, vip: false, phone: null, contextTicketId: null,
      callbackTaskId: null, createdTicketId: null, nextSeq: 0, newId: () => uuid((ids += 1)) },
    );
    await db.flowActions.bulkPut(rows);
    hub.createNotification = async (body) => {
      sent.push(`createNotification ${body.id}`);
      if (body.departmentCode === 'field-staff') throw new HubError({ status: 409, code: 'conflict', message: 'another notification has this id' });
      return { id: body.id } as Notification;
    };
    const outbox = start();
    await outbox.idle();
    expect((await db.flowActions.toArray()).map((r) => r.status)).toEqual(['failed', 'done']);
  });

  it('stops sending when the session has ended, leaving every action waiting for the next login', async () => {
    await writeEscalation(1);
    hub.createTicket = async () => Promise.reject(new HubError({ status: 401, code: 'unauthorized', message: 'token expired' }));
    const outbox = start();
    await outbox.idle();
    await clock.advance(FLOW_ACTION_POLL_MS * 3);
    expect(statuses.at(-1)).toMatchObject({ state: 'stopped', pending: 3 });
    expect((await db.flowActions.toArray()).every((r) => r.status === 'pending')).toBe(true);
  });

  it('leaves local actions to the console and counts only what waits for the hub', async () => {
    const rows = actionRows([request('s', 0, { type: 'set_disposition', code: 'resolved' }), request('s', 1, { type: 'transfer', department: 'tech' })], {
      runId: callId(4),
      callId: callId(4),
      now: clock.now(),
      flow: { flowId: 'f', flowVersion: 1 },
      customerId: null,
      vip: false,
      phone: null,
      contextTicketId: null,
      callbackTaskId: null,
      createdTicketId: null,
      nextSeq: 0,
      newId: () => uuid((ids += 1)),
    });
    await db.flowActions.bulkPut(rows);
    const outbox = start();
    await outbox.idle();
    expect(sent).toEqual([]);
    expect(statuses.at(-1)).toMatchObject({ pending: 0 });
    expect((await db.flowActions.toArray()).every((r) => r.status === 'pending')).toBe(true);
  });
});
