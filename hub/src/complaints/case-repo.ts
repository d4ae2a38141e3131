import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import type { ComplaintActionRequestSchema, ComplaintDetail } from '../../../shared/api/complaints';
import type { HubEvent } from '../../../shared/api/events';
import type { Ticket, TicketEvent } from '../../../shared/api/tickets';
import { ComplaintActionSchema, type ComplaintAction, type InvestigationRecord } from '../../../shared/complaints/complaint-actions';
import { stepDueAt, type ComplaintConfig } from '../../../shared/complaints/complaint-config';
import {
  applyAction,
  availableActions,
  waitingOn,
  type Actor as MachineActor,
  type ComplaintCase,
  type Effect,
  type MachineContext,
  type Refusal,
} from '../../../shared/complaints/complaint-machine';
import { lockCustomerWrites } from '../customers/customer-write';
import type { Queryable } from '../db/db';
import { HubError } from '../http/hub-error';
import { loadTicket, replayed, requestHash, type TicketEscalation, type TicketNote, type WriteOutcome } from '../tickets/ticket-repo';
import { listAttachments } from './attachments';
import { assistanceMessage, escalationMessage, insertCaseNotification, waitingMessage, type CaseRef } from './case-notify';
import { CASE_COLUMNS, caseOf, type CaseRow, type StoredAssistance } from './case-row';
import { readComplaintConfig } from './config-repo';

/*
 * A complaint case on the hub: the ticket row ⇄ the machine's case (shared/complaints), and the
 * one write path of the procedure. Every action runs the same steps, in one transaction:
 * the customer change lock (like every ticket writer, hub/README.md), the ticket row locked, the
 * request id checked (a retry answers with the case as it is now), the version the person saw
 * compared with the stored one, the machine asked, and only then the case, its history line and
 * the notifications and callbacks the step calls for written together. Events for the push route
 * are collected and published by the route after the commit.
 */

export type ComplaintActionBody = z.output<typeof ComplaintActionRequestSchema>;

/** Who acts, as the machine needs them, and when. */
export interface CaseActor extends MachineActor {
  now: Date;
}

interface StoredCaseRow extends CaseRow {
  id: string;
  ticket_no: string;
  kind: Ticket['kind'];
  title: string;
  customer_id: string | null;
  version: number;
  about_staff: string | null;
  waiting_on: string | null;
  step_due_at: Date | null;
  closed_at: Date | null;
}

const STORED_CASE_COLUMNS = `id, ticket_no, kind, title, customer_id, version, about_staff, waiting_on, step_due_at, closed_at, ${CASE_COLUMNS}`;

const iso = (at: Date | string): string => new Date(at).toISOString();

/** The org design as the machine needs it: the top of the escalation chain and the department codes. */
export async function loadMachineContext(db: Queryable, config: ComplaintConfig): Promise<MachineContext> {
  const [chain, departments] = await Promise.all([
    db.query<{ top: number }>('select coalesce(max(level), 0)::int as top from escalation_levels'),
    db.query<{ code: string }>('select code from departments'),
  ]);
  return { config, chainTop: chain.rows[0]?.top ?? 0, departments: new Set(departments.rows.map((row) => row.code)) };
}

/**
 * Department staff see the cases that concern their department: waiting on it, complained about,
 * or asked for its help (表1.3). Everyone else reads every case.
 */
export function mayRead(row: Pick<StoredCaseRow, 'waiting_on' | 'department_code' | 'assistance'>, viewer: MachineActor): boolean {
  if (viewer.role !== 'department') return true;
  const own = viewer.departmentCode;
  if (own === null) return false;
  return row.waiting_on === own || row.department_code === own || row.assistance.some((a) => a.departmentCode === own);
}

/** mayRead for a stored case; false for an unknown ticket. */
export async function mayReadCase(db: Queryable, ticketId: string, viewer: MachineActor): Promise<boolean> {
  const row = await caseRow(db, ticketId, false);
  return row !== null && mayRead(row, viewer);
}

/** The same rule in SQL, for lists: `$n` is the viewer's department. */
export const mayReadSql = (param: string, alias = 't'): string =>
  `(${alias}.waiting_on = ${param} or ${alias}.department_code = ${param} or ${alias}.assistance @> jsonb_build_array(jsonb_build_object('departmentCode', ${param}::text)))`;

async function caseRow(db: Queryable, ticketId: string, lock: boolean): Promise<StoredCaseRow | null> {
  const { rows } = await db.query<StoredCaseRow>(`select ${STORED_CASE_COLUMNS} from tickets where id = $1${lock ? ' for update' : ''}`, [ticketId]);
  return rows[0] ?? null;
}

/** Open callbacks first: the earliest one not yet made is the one the customer is waiting for. */
async function earliestPendingCallback(db: Queryable, ticketId: string): Promise<Date | null> {
  const { rows } = await db.query<{ due_at: Date | null }>(
    `select min(due_at) as due_at from callbacks where ticket_id = $1 and status = 'pending'`,
    [ticketId],
  );
  const due = rows[0]?.due_at ?? null;
  return due === null ? null : new Date(due);
}

/**
 * The ticket with its case as the case page shows it, with what `viewer` may do now; null for an
 * unknown ticket or one that is no complaint. Who may read it is the caller's to check (mayRead):
 * the answer to an action goes to whoever took it, even when the case has moved on from them.
 */
export async function loadComplaintDetail(db: Queryable, ticketId: string, viewer: CaseActor, given?: { config: ComplaintConfig; ctx: MachineContext }): Promise<ComplaintDetail | null> {
  const row = await caseRow(db, ticketId, false);
  if (row === null || row.kind !== 'complaint') return null;
  const ticket = await loadTicket(db, ticketId);
  if (ticket === null) return null;
  const config = given?.config ?? (await readComplaintConfig(db));
  const ctx = given?.ctx ?? (await loadMachineContext(db, config));
  const [investigations, attachments, callbackDue, customer] = await Promise.all([
    db.query<{ id: string; at: Date; by: string; detail: { form: InvestigationRecord } }>(
      `select id, at, by, detail from ticket_events where ticket_id = $1 and type = 'record_investigation' order by at, seq`,
      [ticketId],
    ),
    listAttachments(db, ticketId),
    earliestPendingCallback(db, ticketId),
    db.query<{ name: string }>('select name from customers where id = $1', [ticket.customerId]),
  ]);
  const c = caseOf(row);
  const open = row.closed_at === null;
  const now = viewer.now.getTime();
  const stepDue = row.step_due_at === null ? null : new Date(row.step_due_at);
  const overdue = open && ((stepDue !== null && stepDue.getTime() < now) || (callbackDue !== null && callbackDue.getTime() < now));
  return {
    ...ticket,
    customerName: customer.rows[0]?.name ?? null,
    case: {
      version: row.version,
      status: c.status,
      level: c.level,
      aboutDepartmentCode: c.aboutDepartmentCode,
      aboutStaff: row.about_staff,
      waitingOn: row.waiting_on,
      stepDueAt: stepDue === null ? null : stepDue.toISOString(),
      callbackDueAt: callbackDue === null ? null : callbackDue.toISOString(),
      overdue,
      investigationDepartmentCode: c.investigationDepartmentCode,
      returns: c.returns,
      proposal: c.proposal,
      investigations: investigations.rows.map((e) => ({ id: e.id, form: e.detail.form, recordedAt: iso(e.at), recordedBy: e.by })),
      assistance: row.assistance,
      attachments,
      availableActions: availableActions(c, viewer, ctx),
    },
  };
}

const words = (type: string): string => type.replaceAll('_', ' ');

function refusalError(refusal: Refusal): HubError {
  switch (refusal.code) {
    case 'illegal_transition':
      return new HubError('illegal_transition', 409, refusal.reason);
    case 'forbidden':
      return new HubError('forbidden', 403, refusal.reason);
    case 'authority_exceeded':
      return new HubError('authority_exceeded', 403, refusal.reason);
    case 'invalid': {
      // The machine names fields inside the action; the request nests the action one level down.
      const field = refusal.field === undefined ? 'action' : `action.${refusal.field}`;
      return new HubError('validation', 400, `${field}: ${refusal.reason}`, field);
    }
  }
}

/** The line's text: what the person wrote, whatever the action calls it. */
function lineText(action: ComplaintAction): string {
  switch (action.type) {
    case 'callback_result':
      return action.words;
    case 'answer_assistance':
      return action.answer;
    case 'complete_measure':
      return action.result;
    default:
      return action.note;
  }
}

async function staleMessage(tx: Queryable, row: StoredCaseRow, expected: number): Promise<string> {
  const { rows } = await tx.query<{ by: string; at: Date; type: string }>(
    `select by, at, type from ticket_events where ticket_id = $1 and to_status is not null order by at desc, seq desc limit 1`,
    [row.id],
  );
  const last = rows[0];
  if (last === undefined) return `${row.ticket_no} is at version ${row.version}, not ${expected}; reload it`;
  return `${row.ticket_no} was changed by ${last.by} at ${iso(last.at)} (${words(last.type)}); reload it`;
}

/** 表1.2's evidence must be files of this case, uploaded before the record that cites them. */
async function checkAttachments(tx: Queryable, ticketId: string, ids: readonly string[]): Promise<void> {
  if (ids.length === 0) return;
  const wanted = [...new Set(ids.map((id) => id.toLowerCase()))];
  const { rows } = await tx.query<{ id: string }>('select id from ticket_attachments where ticket_id = $1 and id = any($2::uuid[])', [ticketId, wanted]);
  const found = new Set(rows.map((row) => row.id));
  const missing = wanted.find((id) => !found.has(id));
  if (missing !== undefined) {
    throw new HubError('validation', 400, `action.form.attachmentIds: ${missing} is no evidence file of this case; upload it first`, 'action.form.attachmentIds');
  }
}

/** The stored 表1.3 requests after the action: the machine's list, with what the case page shows of each. */
function nextAssistance(before: readonly StoredAssistance[], next: ComplaintCase, action: ComplaintAction, requestId: string, actor: CaseActor): StoredAssistance[] {
  const byId = new Map(before.map((a) => [a.id, a]));
  return next.assistance.map((a) => {
    const stored = byId.get(a.id);
    if (stored === undefined) {
      if (action.type !== 'request_assistance' || a.id !== requestId) throw new Error(`assistance request ${a.id} appeared without a request`);
      return {
        id: a.id,
        departmentCode: a.departmentCode,
        answered: a.answered,
        form: action.form,
        requestedAt: actor.now.toISOString(),
        requestedBy: actor.username,
        answer: null,
        answeredAt: null,
        answeredBy: null,
      };
    }
    if (action.type === 'answer_assistance' && a.id === action.requestId && !stored.answered) {
      return { ...stored, answered: true, answer: action.answer, answeredAt: actor.now.toISOString(), answeredBy: actor.username };
    }
    return stored;
  });
}

interface ActRequest {
  id: string;
  /** Null: applied to whatever version is stored (the consoles' offline outboxes carry none). */
  expectedVersion: number | null;
  action: ComplaintAction;
  /** The request's fingerprint, as its route computes it. */
  hash: string;
}

type ActOutcome = 'created' | 'exists' | 'conflict';

/** The customer's primary number, and whether the callback goes first (VIP or key account). */
export async function callbackTarget(tx: Queryable, customerId: string | null): Promise<{ phone: string | null; high: boolean }> {
  if (customerId === null) return { phone: null, high: false };
  const { rows } = await tx.query<{ phone: string | null; high: boolean }>(
    `select (select e164 from customer_phones p where p.customer_id = c.id order by position limit 1) as phone,
            (c.vip_level > 0 or c.key_account) as high
       from customers c where c.id = $1`,
    [customerId],
  );
  return rows[0] ?? { phone: null, high: false };
}

/** A complaint callback made or ended by the procedure, for the worklists (shared/api/events.ts). */
const callbackEvent = (callback: { id: string; status: string; assignee: string | null; version: number }, ticketId: string, actor: CaseActor): HubEvent => ({
  type: 'callback.changed',
  callbackId: callback.id,
  status: callback.status,
  assignee: callback.assignee,
  ticketId,
  version: callback.version,
  at: actor.now.toISOString(),
  by: actor.username,
});

async function runEffects(
  tx: Queryable,
  row: StoredCaseRow,
  effects: readonly Effect[],
  request: ActRequest,
  to: ComplaintCase['status'],
  actor: CaseActor,
  config: ComplaintConfig,
  events: HubEvent[],
): Promise<{ notificationIds: string[]; callbackId: string | null; levelTitle: { 'zh-CN': string; 'en-US': string } | null }> {
  const ref: CaseRef = { ticketId: row.id, ticketNo: row.ticket_no, title: row.title };
  const { action } = request;
  const notificationIds: string[] = [];
  let callbackId: string | null = null;
  let levelTitle: { 'zh-CN': string; 'en-US': string } | null = null;
  const callId = action.type === 'callback_result' ? action.callId : null;
  for (const effect of effects) {
    switch (effect.type) {
      case 'notify_department': {
        const assisting = action.type === 'request_assistance' && effect.departmentCode === action.form.departmentCode && to === row.status;
        const message = assisting ? assistanceMessage(ref, action.form.subject) : waitingMessage(ref, to);
        notificationIds.push(await insertCaseNotification(tx, ref, { departmentCode: effect.departmentCode, username: null, message, urgent: effect.urgent, callId }, actor, events));
        break;
      }
      case 'notify_escalation_level': {
        const { rows } = await tx.query<{ title_zh: string; title_en: string; username: string | null; department_code: string | null }>(
          `select e.title_zh, e.title_en, u.username, u.department_code
             from escalation_levels e left join users u on u.id = e.user_id where e.level = $1`,
          [effect.level],
        );
        const level = rows[0];
        if (level === undefined) break;
        levelTitle = { 'zh-CN': level.title_zh, 'en-US': level.title_en };
        // A level nobody holds is told through the company's leadership, the top of 多级投诉制.
        const departmentCode = level.department_code ?? config.routing.leadershipDepartment;
        const message = escalationMessage(ref, level.title_zh, action.type === 'escalate' ? action.note : '');
        notificationIds.push(await insertCaseNotification(tx, ref, { departmentCode, username: level.username, message, urgent: true }, actor, events));
        break;
      }
      case 'schedule_callback': {
        callbackId = randomUUID();
        const target = await callbackTarget(tx, row.customer_id);
        const dueAt = effect.dueAt === null ? new Date(actor.now.getTime() + config.sla.callbackPromiseHours * 3_600_000) : new Date(effect.dueAt);
        await tx.query(
          `insert into callbacks (id, type, status, source, customer_id, ticket_id, call_id, phone, due_at, priority, note, created_at, created_by, request_hash)
           values ($1, 'complaint', 'pending', 'complaint', $2, $3, null, $4, $5, $6, $7, $8, $9, $10)`,
          [callbackId, row.customer_id, row.id, target.phone, dueAt, target.high ? 'high' : 'normal', lineText(action), actor.now, actor.username, request.hash],
        );
        // The callback staff's worklists show the new task at once.
        events.push(callbackEvent({ id: callbackId, status: 'pending', assignee: null, version: 1 }, row.id, actor));
        break;
      }
    }
  }
  // The customer heard the result: the complaint callbacks promised for this case are made.
  if (action.type === 'callback_result') {
    const ended = await tx.query<{ id: string; status: string; assignee: string | null; version: number }>(
      `update callbacks set status = 'done', end_reason = 'reached', ended_at = $2, ended_by = $3, version = version + 1, updated_at = $2
        where ticket_id = $1 and type = 'complaint' and status = 'pending' returning id, status, assignee, version`,
      [row.id, actor.now, actor.username],
    );
    for (const callback of ended.rows) events.push(callbackEvent(callback, row.id, actor));
  }
  return { notificationIds, callbackId, levelTitle };
}

/**
 * One action of the procedure on a case. Throws HubError for a refusal (nothing stored); answers
 * `exists` for a retry of a request already done, `conflict` for its id reused by another one.
 */
async function act(tx: Queryable, ticketId: string, request: ActRequest, actor: CaseActor, events: HubEvent[], given?: ComplaintConfig): Promise<ActOutcome> {
  await lockCustomerWrites(tx);
  // Read under the lock, which a change of the configuration also takes: this action cannot store
  // a queue computed from a configuration replaced meanwhile.
  const config = given ?? (await readComplaintConfig(tx));
  const row = await caseRow(tx, ticketId, true);
  if (row === null) throw new HubError('not_found', 404, 'No such ticket');
  const seen = await replayed(tx, request.id, request.hash);
  if (seen !== 'new') return seen === 'same' ? 'exists' : 'conflict';
  if (row.kind !== 'complaint') throw new HubError('illegal_transition', 409, `${row.ticket_no} is no complaint: only complaints follow the procedure`);
  if (!mayRead(row, actor)) throw new HubError('forbidden', 403, `${row.ticket_no} does not concern your department`);
  if (request.expectedVersion !== null && request.expectedVersion !== row.version) {
    throw new HubError('stale_version', 409, await staleMessage(tx, row, request.expectedVersion), 'expectedVersion');
  }

  const ctx = await loadMachineContext(tx, config);
  const before = caseOf(row);
  const { action } = request;
  const applied = applyAction(before, action, actor, ctx, request.id);
  if (!applied.ok) throw refusalError(applied);
  if (action.type === 'record_investigation') await checkAttachments(tx, ticketId, action.form.attachmentIds);

  const { next, from, to } = applied;
  const waiting = waitingOn(next, config);
  const stepDue = from === to ? row.step_due_at : stepDueAt(config, to, actor.now);
  const aboutStaff = action.type === 'raise_level' && action.aboutStaff !== null ? action.aboutStaff : row.about_staff;
  await tx.query(
    `update tickets set status = $2, version = version + 1, level = $3, about_department_code = $4, about_staff = $5,
            investigation_department_code = $6, investigations = $7, returns = $8, proposal = $9::jsonb, assistance = $10::jsonb,
            department_code = $11, escalation_level = $12, waiting_on = $13, step_due_at = $14,
            closed_at = case when $2 = 'closed' then $15::timestamptz else null end, updated_at = $15
      where id = $1`,
    [
      ticketId,
      to,
      next.level,
      next.aboutDepartmentCode,
      aboutStaff,
      next.investigationDepartmentCode,
      next.investigations,
      next.returns,
      next.proposal === null ? null : JSON.stringify(next.proposal),
      JSON.stringify(nextAssistance(row.assistance, next, action, request.id, actor)),
      next.departmentCode,
      next.escalationLevel,
      waiting,
      stepDue,
      actor.now,
    ],
  );
  const done = await runEffects(tx, row, applied.effects, request, to, actor, config, events);
  const detail = {
    ...action,
    ...(done.levelTitle === null ? {} : { levelTitle: done.levelTitle, escalationLevel: next.escalationLevel }),
    notificationIds: done.notificationIds,
    ...(done.callbackId === null ? {} : { callbackId: done.callbackId }),
  };
  // Typed as a line of the history: an action the history's types lack would not compile.
  const lineType: TicketEvent['type'] = action.type;
  await tx.query(
    `insert into ticket_events (id, ticket_id, type, at, by, text, detail, request_hash, from_status, to_status)
     values ($1, $2, $3, $4, $5, $6, $7::jsonb, $8, $9, $10)`,
    [request.id, ticketId, lineType, actor.now, actor.username, lineText(action), JSON.stringify(detail), request.hash, from, to],
  );
  events.unshift({
    type: 'ticket.changed',
    ticketId,
    ticketNo: row.ticket_no,
    kind: 'complaint',
    status: to,
    waitingOn: waiting,
    previousWaitingOn: row.waiting_on,
    version: row.version + 1,
    at: actor.now.toISOString(),
    by: actor.username,
  });
  return 'created';
}

/**
 * `POST /api/v1/tickets/:id/actions`: the action as the person asked for it, on the version they
 * saw. The answer is the case as it is afterwards, with what the person may do next.
 */
export async function applyComplaintAction(
  tx: Queryable,
  ticketId: string,
  request: ComplaintActionBody,
  actor: CaseActor,
  events: HubEvent[],
  config?: ComplaintConfig,
): Promise<WriteOutcome<ComplaintDetail>> {
  const hash = requestHash('complaint-action', { ticketId, ...request });
  const outcome = await act(tx, ticketId, { id: request.id, expectedVersion: request.expectedVersion, action: request.action, hash }, actor, events, config);
  if (outcome === 'conflict') return { outcome };
  const detail = await loadComplaintDetail(tx, ticketId, actor);
  // A line of this id exists on another kind of ticket only if the id was another request's.
  if (detail === null) return { outcome: 'conflict' };
  return { outcome, value: detail };
}

async function ticketAfter(tx: Queryable, ticketId: string, outcome: ActOutcome): Promise<WriteOutcome<Ticket>> {
  if (outcome === 'conflict') return { outcome };
  const ticket = await loadTicket(tx, ticketId);
  if (ticket === null) throw new HubError('not_found', 404, 'No such ticket');
  return { outcome, value: ticket };
}

/**
 * A callback's verdict on a complaint, as a script or the callback worklist sends it
 * (`POST /tickets/:id/notes` with an outcome): the procedure's callback_result, on whatever version
 * is stored, since the console's outbox may deliver it long after it was given.
 */
export async function complaintVerdict(tx: Queryable, ticketId: string, note: TicketNote, actor: CaseActor, events: HubEvent[]): Promise<WriteOutcome<Ticket>> {
  const hash = requestHash('note', { ticketId, ...note });
  const action = ComplaintActionSchema.parse({ type: 'callback_result', satisfied: note.outcome === 'satisfied', words: note.text, callId: note.callId });
  return ticketAfter(tx, ticketId, await act(tx, ticketId, { id: note.id, expectedVersion: null, action, hash }, actor, events));
}

/**
 * An escalation of a complaint from a script (`POST /tickets/:id/escalations`): the procedure's
 * escalate, on whatever version is stored. Past the top of the chain stays `chain_end`, the code
 * the consoles already know for it.
 */
export async function complaintEscalation(tx: Queryable, ticketId: string, escalation: TicketEscalation, actor: CaseActor, events: HubEvent[]): Promise<WriteOutcome<Ticket>> {
  const hash = requestHash('escalation', { ticketId, ...escalation });
  const action = ComplaintActionSchema.parse({ type: 'escalate', level: escalation.level === 'next' ? null : escalation.level, note: escalation.reason });
  try {
    return ticketAfter(tx, ticketId, await act(tx, ticketId, { id: escalation.id, expectedVersion: null, action, hash }, actor, events));
  } catch (error) {
    if (error instanceof HubError && error.code === 'validation' && error.field === 'action.level') {
      throw new HubError('chain_end', 400, `Cannot escalate: ${error.message.replace(/^action\.level: /, '')}`, 'level');
    }
    throw error;
  }
}
