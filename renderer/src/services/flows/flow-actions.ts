import { z } from 'zod';
import type { ActionRequest, ResolvedAction } from '../../../../shared/flows/flow-run';
import {
  COMPLAINT_CATEGORIES,
  COMPLAINT_SEVERITIES,
  COMPLAINT_TRIAGES,
  type CallbackCreateRequest,
  type NotificationCreateRequest,
  type TicketCreateRequest,
  type TicketEscalationRequest,
  type TicketNoteRequest,
} from '../../../../shared/api/tickets';
import type { CallbackSurveyRequest } from '../../../../shared/api/callbacks';
import type { LocalFlowAction } from '../local-db/app-db';

/*
 * What the console does with the actions a script requests (shared/flows/flow-run.ts): pure rules
 * that turn the engine's requests into rows of `flowActions` (with what each needs beyond the
 * action: its id, the ticket it concerns, the callback's due time) and a row into the hub request
 * that carries it out. The row's id is the hub's idempotency key, and the id of the ticket a
 * `create_ticket` opens, so later actions can name that ticket before the hub has seen it.
 */

export const HUB_ACTION_TYPES = ['create_ticket', 'update_ticket', 'escalate', 'schedule_callback', 'notify', 'record_survey'] as const;
export type HubActionType = (typeof HUB_ACTION_TYPES)[number];
/** Done on this PC at once: the call log, the phone. */
export const LOCAL_ACTION_TYPES = ['transfer', 'set_disposition', 'pause_recording', 'resume_recording'] as const;

export const isHubAction = (action: ResolvedAction): action is Extract<ResolvedAction, { type: HubActionType }> =>
  (HUB_ACTION_TYPES as readonly string[]).includes(action.type);

export interface ActionContext {
  runId: string;
  callId: string;
  /** ms since epoch: when the step was completed. */
  now: number;
  flow: { flowId: string; flowVersion: number };
  /** The caller the screen pop settled on, if any. */
  customerId: string | null;
  /** VIP customers' callbacks come first (DOMAIN.md §2). */
  vip: boolean;
  /** The number to call back: the customer's or the caller's, E.164; null when neither is one. */
  phone: string | null;
  /** The case the call is about (a callback's ticket). */
  contextTicketId: string | null;
  /** The callback task the call was dialled from (the worklist): where `record_survey` is recorded. */
  callbackTaskId: string | null;
  /** The ticket this run opened before this step, if any (the newest `create_ticket`). */
  createdTicketId: string | null;
  /** `seq` of the first new row. */
  nextSeq: number;
  newId(): string;
}

const HOUR_MS = 3_600_000;

/**
 * Why an update or an escalation has no ticket to act on, kept as the action's `lastError`. The
 * runner words them for the agent in their language (features/flows/flow-text.ts).
 */
export const NO_CONTEXT_TICKET =
  'No case was chosen for this call when the script started, so there is no ticket to update: record the result on the case by hand.';
export const NO_CREATED_TICKET = 'The script has not opened a ticket to update.';
/** Why a survey has nowhere to go: worded for the agent by the runner, like NO_CONTEXT_TICKET. */
export const NO_CALLBACK_TASK = 'This call was not dialled from a callback task, so the survey cannot be recorded on one.';

/** The ticket a `created`/`context` reference names; null when there is none (the action cannot be done). */
function ticketRef(ref: 'created' | 'context', created: string | null, context: string | null): string | null {
  return ref === 'created' ? created : context;
}

/**
 * New `flowActions` rows for the actions of one completed step, in order. An action that cannot be
 * done at all (an update of a ticket the run never opened) is written as failed with the reason,
 * so the runner shows it and nothing waits for it.
 */
export function actionRows(requests: readonly ActionRequest[], ctx: ActionContext): LocalFlowAction[] {
  let created = ctx.createdTicketId;
  return requests.map((request, i) => {
    const id = ctx.newId();
    const params: LocalFlowAction['params'] = { flow: ctx.flow };
    let lastError: string | null = null;
    const action = request.action;
    switch (action.type) {
      case 'create_ticket':
        params.customerId = ctx.customerId;
        created = id;
        break;
      case 'update_ticket':
      case 'escalate':
        params.ticketId = ticketRef(action.ticket, created, ctx.contextTicketId);
        if (params.ticketId === null) {
          lastError = action.ticket === 'created' ? NO_CREATED_TICKET : NO_CONTEXT_TICKET;
        }
        break;
      case 'schedule_callback':
        params.ticketId = created ?? ctx.contextTicketId;
        params.customerId = ctx.customerId;
        params.dueAt = new Date(ctx.now + action.dueInHours * HOUR_MS).toISOString();
        params.phone = ctx.phone;
        params.priority = ctx.vip ? 'high' : 'normal';
        break;
      case 'notify':
        params.ticketId = created ?? ctx.contextTicketId;
        break;
      case 'record_survey':
        params.callbackTaskId = ctx.callbackTaskId;
        if (ctx.callbackTaskId === null) lastError = NO_CALLBACK_TASK;
        break;
      case 'transfer':
      case 'set_disposition':
      case 'pause_recording':
      case 'resume_recording':
        break;
    }
    return {
      id,
      runId: ctx.runId,
      callId: ctx.callId,
      key: request.key,
      seq: ctx.nextSeq + i,
      action,
      params,
      status: lastError === null ? 'pending' : 'failed',
      attempts: 0,
      lastError,
      result: null,
      createdAt: ctx.now,
      updatedAt: ctx.now,
    };
  });
}

/**
 * The id of the ticket the newest `create_ticket` row of a run opens, else null. Done, waiting or
 * refused alike: what depends on a refused ticket waits for it (a retry may open it), never for another.
 */
export function createdTicketOf(rows: readonly LocalFlowAction[]): string | null {
  const creates = rows.filter((r) => r.action.type === 'create_ticket').sort((a, b) => b.seq - a.seq);
  return creates[0]?.id ?? null;
}

export type HubActionCall =
  | { method: 'createTicket'; body: TicketCreateRequest }
  | { method: 'addTicketNote'; ticketId: string; body: TicketNoteRequest }
  | { method: 'escalateTicket'; ticketId: string; body: TicketEscalationRequest }
  | { method: 'createCallback'; body: CallbackCreateRequest }
  | { method: 'createNotification'; body: NotificationCreateRequest }
  | { method: 'recordCallbackSurvey'; callbackId: string; body: CallbackSurveyRequest };

const isUuid = (value: string | null | undefined): value is string => typeof value === 'string' && z.uuid().safeParse(value).success;
const uuidOrNull = (value: string | null | undefined): string | null => (isUuid(value) ? value : null);
/** Texts are filled in from answers and facts: cut to the hub's limits rather than refused whole. */
const clip = (text: string, max: number): string => {
  const trimmed = text.trim();
  return trimmed.length <= max ? trimmed : trimmed.slice(0, max);
};
/**
 * A classification outside the hub's lists (a flow whose options name it otherwise) opens the ticket
 * without it rather than not at all: the answers, which the ticket carries, still say it.
 */
const oneOf = <T extends string>(list: readonly T[], value: string | null): T | null => (value !== null && (list as readonly string[]).includes(value) ? (value as T) : null);

export class UnsendableActionError extends Error {
  override readonly name = 'UnsendableActionError';
}

/** The hub request that carries out a row. Throws UnsendableActionError for a row with nothing to send to. */
export function hubCallOf(row: LocalFlowAction): HubActionCall {
  const action = row.action;
  const callId = uuidOrNull(row.callId);
  const ticketId = row.params.ticketId ?? null;
  const needTicket = (): string => {
    if (isUuid(ticketId)) return ticketId;
    // Sent again by Retry: the reason stays the one the agent was first given.
    if (ticketId === null && (action.type === 'update_ticket' || action.type === 'escalate'))
      throw new UnsendableActionError(action.ticket === 'context' ? NO_CONTEXT_TICKET : NO_CREATED_TICKET);
    throw new UnsendableActionError('The action names no ticket.');
  };
  switch (action.type) {
    case 'create_ticket':
      return {
        method: 'createTicket',
        body: {
          id: row.id,
          kind: action.kind,
          customerId: uuidOrNull(row.params.customerId),
          callId,
          title: clip(action.title, 200),
          channel: 'phone',
          category: oneOf(COMPLAINT_CATEGORIES, action.category),
          severity: oneOf(COMPLAINT_SEVERITIES, action.severity),
          triage: oneOf(COMPLAINT_TRIAGES, action.triage),
          departmentCode: action.department === null ? null : clip(action.department, 40),
          answers: action.answers.slice(0, 500).map((a) => ({
            stepId: clip(a.stepId, 80),
            questionId: clip(a.questionId, 80),
            label: clip(a.label, 300),
            display: clip(a.display, 4000),
          })),
          flow: row.params.flow,
        },
      };
    case 'update_ticket':
      return { method: 'addTicketNote', ticketId: needTicket(), body: { id: row.id, text: clip(action.note, 4000), outcome: action.outcome, callId } };
    case 'escalate':
      return { method: 'escalateTicket', ticketId: needTicket(), body: { id: row.id, level: action.level, reason: clip(action.reason, 2000), callId } };
    case 'schedule_callback':
      return {
        method: 'createCallback',
        body: {
          id: row.id,
          type: action.callbackType,
          customerId: uuidOrNull(row.params.customerId),
          ticketId: uuidOrNull(ticketId),
          callId,
          phone: row.params.phone ?? null,
          dueAt: row.params.dueAt ?? new Date(row.createdAt + action.dueInHours * HOUR_MS).toISOString(),
          priority: row.params.priority ?? 'normal',
          note: clip(action.note ?? '', 2000),
          flow: row.params.flow,
        },
      };
    case 'notify':
      return {
        method: 'createNotification',
        body: { id: row.id, departmentCode: clip(action.department, 40), message: clip(action.message, 2000), urgent: action.urgent, ticketId: uuidOrNull(ticketId), callId },
      };
    case 'record_survey': {
      const callbackId = row.params.callbackTaskId ?? null;
      if (!isUuid(callbackId)) throw new UnsendableActionError(NO_CALLBACK_TASK);
      return {
        method: 'recordCallbackSurvey',
        callbackId,
        body: { id: row.id, callId, score: action.score, satisfied: action.satisfied, reasons: clip(action.reasons, 2000), flow: row.params.flow },
      };
    }
    case 'transfer':
    case 'set_disposition':
    case 'pause_recording':
    case 'resume_recording':
      throw new UnsendableActionError(`${action.type} is done on this PC, not by the hub.`);
  }
}
