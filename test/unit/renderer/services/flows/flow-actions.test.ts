import { describe, expect, it } from 'vitest';
import { CallbackSurveyRequestSchema } from '../../../../../shared/api/callbacks';
import { TicketCreateRequestSchema } from '../../../../../shared/api/tickets';
import type { ActionRequest, ResolvedAction } from '../../../../../shared/flows/flow-run';
import {
  actionRows,
  createdTicketOf,
  hubCallOf,
  isHubAction,
  NO_CALLBACK_TASK,
  UnsendableActionError,
  type ActionContext,
} from '../../../../../renderer/src/services/flows/flow-actions';
import { callId, T0 } from '../../support/call-log-builders';
import { customerId } from '../../support/customer-builders';

const uuid = (n: number) => `0193a1b2-0000-7000-9000-${n.toString(16).padStart(12, '0')}`;

function context(patch: Partial<ActionContext> = {}): ActionContext {
  let n = 0;
  return {
    runId: callId(1),
    callId: callId(1),
    now: T0,
    flow: { flowId: 'complaint.intake', flowVersion: 3 },
    customerId: customerId(7),
    vip: false,
    phone: '+8613800138000',
    contextTicketId: null,
    callbackTaskId: null,
    createdTicketId: null,
    nextSeq: 0,
    newId: () => uuid((n += 1)),
    ...patch,
  };
}

const request = (stepId: string, index: number, action: ResolvedAction): ActionRequest => ({ key: `${stepId}.${index}`, stepId, index, action });

const createTicket: ResolvedAction = {
  type: 'create_ticket',
  kind: 'complaint',
  title: '投诉：漏发',
  category: 'transport',
  severity: 'severe',
  triage: 'escalated',
  department: 'service',
  answers: [{ stepId: 'greet', questionId: 'what', label: '投诉内容', display: '漏发一件', value: '漏发一件' }],
};

describe('flow actions', () => {
  it('gives each action its own id and seq, and points later actions at the ticket the step opens', () => {
    const rows = actionRows(
      [
        request('escalate', 0, createTicket),
        request('escalate', 1, { type: 'escalate', ticket: 'created', level: 'next', reason: '严重' }),
        request('escalate', 2, { type: 'schedule_callback', callbackType: 'complaint', dueInHours: 24, note: '回电' }),
        request('escalate', 3, { type: 'notify', department: 'field-staff', message: '请调查', urgent: true }),
      ],
      context({ nextSeq: 4 }),
    );

    expect(rows.map((r) => [r.id, r.key, r.seq, r.status])).toEqual([
      [uuid(1), 'escalate.0', 4, 'pending'],
      [uuid(2), 'escalate.1', 5, 'pending'],
      [uuid(3), 'escalate.2', 6, 'pending'],
      [uuid(4), 'escalate.3', 7, 'pending'],
    ]);
    expect(rows.slice(1).map((r) => r.params.ticketId)).toEqual([uuid(1), uuid(1), uuid(1)]);
    expect(rows[2]!.params).toMatchObject({ dueAt: new Date(T0 + 24 * 3_600_000).toISOString(), priority: 'normal', phone: '+8613800138000', customerId: customerId(7) });
    expect(createdTicketOf(rows)).toBe(uuid(1));
  });

  it('refers to the ticket the call is about for `context` actions, and gives VIP callbacks high priority', () => {
    const rows = actionRows(
      [
        request('verdict', 0, { type: 'update_ticket', ticket: 'context', note: '客户满意', outcome: 'satisfied' }),
        request('verdict', 1, { type: 'schedule_callback', callbackType: 'complaint', dueInHours: 2, note: null }),
      ],
      context({ contextTicketId: uuid(99), vip: true }),
    );
    expect(rows.map((r) => r.params.ticketId)).toEqual([uuid(99), uuid(99)]);
    expect(rows[1]!.params.priority).toBe('high');
  });

  it('writes an update of a ticket the run never opened as failed, with the reason, so nothing waits for it', () => {
    const [row] = actionRows([request('note', 0, { type: 'update_ticket', ticket: 'created', note: '补充', outcome: null })], context());
    expect(row).toMatchObject({ status: 'failed', lastError: expect.stringMatching(/not opened a ticket/) });
  });

  it('builds a ticket request the hub accepts, with the action id as the ticket id and the answers as the form', () => {
    const [row] = actionRows([request('escalate', 0, createTicket)], context());
    const call = hubCallOf(row!);
    expect(call.method).toBe('createTicket');
    if (call.method !== 'createTicket') return;
    expect(call.body).toMatchObject({
      id: row!.id,
      kind: 'complaint',
      customerId: customerId(7),
      callId: callId(1),
      category: 'transport',
      severity: 'severe',
      triage: 'escalated',
      departmentCode: 'service',
      answers: [{ stepId: 'greet', questionId: 'what', label: '投诉内容', display: '漏发一件' }],
      flow: { flowId: 'complaint.intake', flowVersion: 3 },
    });
    expect(TicketCreateRequestSchema.safeParse(call.body).success).toBe(true);
  });

  it('opens the ticket without a classification the hub does not know, and cuts an overlong title, rather than lose it', () => {
    const [row] = actionRows([request('s', 0, { ...createTicket, category: '品质', title: '长'.repeat(500) })], context());
    const call = hubCallOf(row!);
    if (call.method !== 'createTicket') throw new Error(call.method);
    expect(call.body.category).toBeNull();
    expect(call.body.title).toHaveLength(200);
    expect(TicketCreateRequestSchema.safeParse(call.body).success).toBe(true);
  });

  it('records a survey on the callback task the call was dialled from, in a request the hub accepts', () => {
    const survey: ResolvedAction = { type: 'record_survey', satisfied: false, score: 2, reasons: '还是漏水' };
    const [row] = actionRows([request('sorry', 0, survey)], context({ callbackTaskId: uuid(40), flow: { flowId: 'callback.complaint', flowVersion: 2 } }));
    expect(row).toMatchObject({ status: 'pending', lastError: null, params: { callbackTaskId: uuid(40) } });
    expect(isHubAction(row!.action)).toBe(true);
    const call = hubCallOf(row!);
    expect(call).toEqual({
      method: 'recordCallbackSurvey',
      callbackId: uuid(40),
      body: { id: row!.id, callId: callId(1), score: 2, satisfied: false, reasons: '还是漏水', flow: { flowId: 'callback.complaint', flowVersion: 2 } },
    });
    if (call.method !== 'recordCallbackSurvey') return;
    expect(CallbackSurveyRequestSchema.safeParse(call.body).success).toBe(true);
  });

  it('writes a survey of a call not dialled from a callback task as failed, and will not send it, with the reason', () => {
    const [row] = actionRows([request('thanks', 0, { type: 'record_survey', satisfied: true, score: 5, reasons: '' })], context({ callbackTaskId: null }));
    expect(row).toMatchObject({ status: 'failed', lastError: NO_CALLBACK_TASK, params: { callbackTaskId: null } });
    expect(() => hubCallOf(row!)).toThrow(UnsendableActionError);
    expect(() => hubCallOf(row!)).toThrow(NO_CALLBACK_TASK);
  });

  it('sends no call id the hub would refuse, and refuses to build a request for a local action', () => {
    const [note, transfer] = actionRows(
      [request('s', 0, { type: 'update_ticket', ticket: 'context', note: '备注', outcome: null }), request('s', 1, { type: 'transfer', department: 'tech' })],
      context({ callId: 'c1', contextTicketId: uuid(5) }),
    );
    const call = hubCallOf(note!);
    expect(call).toMatchObject({ method: 'addTicketNote', ticketId: uuid(5), body: { callId: null } });
    expect(isHubAction(transfer!.action)).toBe(false);
    expect(() => hubCallOf(transfer!)).toThrow(/done on this PC/);
  });
});
