import {
  INTAKE_STATUSES,
  type Ticket,
  type TicketAnswer,
  type TicketCreateRequestSchema,
  type TicketEscalationRequestSchema,
  type TicketEvent,
  type TicketNoteRequestSchema,
} from '../../../shared/api/tickets';
import type { z } from 'zod';
import type { HubEvent } from '../../../shared/api/events';
import { stepDueAt } from '../../../shared/complaints/complaint-config';
import { openedCase, waitingOn } from '../../../shared/complaints/complaint-machine';
import { canonicalJson, sha256Hex } from '../call-logs/canonical-json';
import { insertCaseNotification, waitingMessage } from '../complaints/case-notify';
import { readComplaintConfig } from '../complaints/config-repo';
import { lockCustomerWrites } from '../customers/customer-write';
import type { Queryable } from '../db/db';
import { HubError } from '../http/hub-error';
import { nextTicketNo } from './ticket-no';

export type TicketCreate = z.output<typeof TicketCreateRequestSchema>;
export type TicketNote = z.output<typeof TicketNoteRequestSchema>;
export type TicketEscalation = z.output<typeof TicketEscalationRequestSchema>;

/** What a write did: the first time `created`, a retry of the same request `exists`, the same id with other content `conflict`. */
export type WriteOutcome<T> = { outcome: 'created' | 'exists'; value: T } | { outcome: 'conflict' };

/**
 * The request's fingerprint: the validated body (defaults applied, keys sorted) plus whatever the
 * path adds. A retry after a lost answer has the same one; another request reusing the id has not.
 */
export const requestHash = (what: string, body: object): string => sha256Hex(canonicalJson({ what, body }));

interface TicketRow {
  id: string;
  ticket_no: string;
  kind: Ticket['kind'];
  status: string;
  customer_id: string | null;
  call_id: string | null;
  title: string;
  channel: Ticket['channel'];
  category: Ticket['category'];
  severity: Ticket['severity'];
  triage: Ticket['triage'];
  department_code: string | null;
  escalation_level: number;
  answers: TicketAnswer[];
  flow_id: string | null;
  flow_version: number | null;
  opened_at: Date;
  opened_by: string;
  updated_at: Date;
  closed_at: Date | null;
}

interface EventRow {
  id: string;
  type: TicketEvent['type'];
  at: Date;
  by: string;
  text: string;
  from_status: string | null;
  to_status: string | null;
}

const iso = (at: Date): string => new Date(at).toISOString();

/** The ticket with its history, oldest line first; null for an unknown id. */
export async function loadTicket(db: Queryable, id: string): Promise<Ticket | null> {
  const { rows } = await db.query<TicketRow>(
    `select id, ticket_no, kind, status, customer_id, call_id, title, channel, category, severity, triage, department_code,
            escalation_level, answers, flow_id, flow_version, opened_at, opened_by, updated_at, closed_at
       from tickets where id = $1`,
    [id],
  );
  const row = rows[0];
  if (row === undefined) return null;
  const events = await db.query<EventRow>(
    'select id, type, at, by, text, from_status, to_status from ticket_events where ticket_id = $1 order by at, seq',
    [id],
  );
  return {
    id: row.id,
    ticketNo: row.ticket_no,
    kind: row.kind,
    status: row.status,
    open: row.closed_at === null,
    customerId: row.customer_id,
    callId: row.call_id,
    title: row.title,
    channel: row.channel,
    category: row.category,
    severity: row.severity,
    triage: row.triage,
    departmentCode: row.department_code,
    escalationLevel: row.escalation_level,
    answers: row.answers,
    flow: row.flow_id === null || row.flow_version === null ? null : { flowId: row.flow_id, flowVersion: row.flow_version },
    openedAt: iso(row.opened_at),
    openedBy: row.opened_by,
    updatedAt: iso(row.updated_at),
    closedAt: row.closed_at === null ? null : iso(row.closed_at),
    events: events.rows.map((event) => ({
      id: event.id,
      type: event.type,
      at: iso(event.at),
      by: event.by,
      text: event.text,
      fromStatus: event.from_status,
      toStatus: event.to_status,
    })),
  };
}

async function ticketOrThrow(tx: Queryable, id: string): Promise<Ticket> {
  const ticket = await loadTicket(tx, id);
  if (ticket === null) throw new HubError('not_found', 404, 'No such ticket');
  return ticket;
}

/** A department of the org design, by code. */
export async function departmentExists(db: Queryable, code: string): Promise<boolean> {
  return (await db.query('select 1 from departments where code = $1', [code])).rows.length > 0;
}

/** A customer still in the book (not merged or erased). */
export async function customerExists(db: Queryable, id: string): Promise<boolean> {
  return (await db.query('select 1 from customers where id = $1 and removed_at is null', [id])).rows.length > 0;
}

export async function ticketExists(db: Queryable, id: string): Promise<boolean> {
  return (await db.query('select 1 from tickets where id = $1', [id])).rows.length > 0;
}

const invalid = (field: string, message: string): HubError => new HubError('validation', 400, `${field}: ${message}`, field);

export interface Actor {
  /** The session's username: who is named in the ticket's history. */
  username: string;
  now: Date;
}

/** Adds a line to a ticket's history; a line of this id already there is left as it is. */
export async function addTicketEvent(
  tx: Queryable,
  event: { id: string; ticketId: string; type: TicketEvent['type']; text: string; detail: object | null; hash: string | null; toStatus?: string },
  actor: Actor,
): Promise<void> {
  await tx.query(
    `insert into ticket_events (id, ticket_id, type, at, by, text, detail, request_hash, to_status)
     values ($1, $2, $3, $4, $5, $6, $7::jsonb, $8, $9) on conflict (id) do nothing`,
    [
      event.id,
      event.ticketId,
      event.type,
      actor.now,
      actor.username,
      event.text,
      event.detail === null ? null : JSON.stringify(event.detail),
      event.hash,
      event.toStatus ?? null,
    ],
  );
  await tx.query('update tickets set updated_at = greatest(updated_at, $2) where id = $1', [event.ticketId, actor.now]);
}

/** What a ticket write announces once committed (shared/api/events.ts). */
export const ticketChanged = (ticket: Ticket, state: { version: number; waitingOn: string | null }, actor: Actor): HubEvent => ({
  type: 'ticket.changed',
  ticketId: ticket.id,
  ticketNo: ticket.ticketNo,
  kind: ticket.kind,
  status: ticket.status,
  waitingOn: state.waitingOn,
  version: state.version,
  at: actor.now.toISOString(),
  by: actor.username,
});

/**
 * Opens a ticket from a call, with the script's answers as its intake form. Under the customer
 * change lock, taken first (hub/README.md): the ticket changes its customer's card. A complaint
 * starts the procedure (shared/complaints) in the status its triage chose, and the department it
 * waits on is told; `events` collects what to announce after the commit.
 */
export async function createTicket(tx: Queryable, request: TicketCreate, actor: Actor, events: HubEvent[] = []): Promise<WriteOutcome<Ticket>> {
  await lockCustomerWrites(tx);
  const hash = requestHash('ticket', request);
  const stored = await tx.query<{ request_hash: string | null }>('select request_hash from tickets where id = $1', [request.id]);
  if (stored.rows[0] !== undefined) {
    return stored.rows[0].request_hash === hash ? { outcome: 'exists', value: await ticketOrThrow(tx, request.id) } : { outcome: 'conflict' };
  }
  if (request.customerId !== null && !(await customerExists(tx, request.customerId))) {
    throw invalid('customerId', 'no such customer; open the ticket without one (null) if the caller is not in the book');
  }
  if (request.departmentCode !== null && !(await departmentExists(tx, request.departmentCode))) {
    throw invalid('departmentCode', `"${request.departmentCode}" is no department of the org design`);
  }
  const ticketNo = await nextTicketNo(tx, request.kind, actor.now);
  const status = INTAKE_STATUSES[request.triage ?? 'registered'];
  // Read under the lock, like every case writer: see complaints/config-repo.ts.
  const config = request.kind === 'complaint' ? await readComplaintConfig(tx) : null;
  const opened = config === null ? null : openedCase(status, request.departmentCode, config);
  const waiting = config === null || opened === null ? null : waitingOn(opened, config);
  await tx.query(
    `insert into tickets (id, ticket_no, customer_id, kind, title, status, opened_at, updated_at, call_id, channel, category, severity,
                          triage, department_code, answers, flow_id, flow_version, opened_by, request_hash,
                          investigation_department_code, waiting_on, step_due_at)
     values ($1, $2, $3, $4, $5, $6, $7, $7, $8, $9, $10, $11, $12, $13, $14::jsonb, $15, $16, $17, $18, $19, $20, $21)`,
    [
      request.id,
      ticketNo,
      request.customerId,
      request.kind,
      request.title,
      status,
      actor.now,
      request.callId,
      request.channel,
      request.category,
      request.severity,
      request.triage,
      request.departmentCode,
      JSON.stringify(request.answers),
      request.flow?.flowId ?? null,
      request.flow?.flowVersion ?? null,
      actor.username,
      hash,
      opened?.investigationDepartmentCode ?? null,
      waiting,
      config === null ? null : stepDueAt(config, status, actor.now),
    ],
  );
  // The opening line has the ticket's id: the request that made it.
  await addTicketEvent(
    tx,
    // A complaint's timeline starts with the status its triage gave it.
    {
      id: request.id,
      ticketId: request.id,
      type: 'opened',
      text: request.title,
      detail: { ticketNo, status, callId: request.callId },
      hash: null,
      ...(request.kind === 'complaint' ? { toStatus: status } : {}),
    },
    actor,
  );
  const ticket = await ticketOrThrow(tx, request.id);
  events.push(ticketChanged(ticket, { version: 1, waitingOn: waiting }, actor));
  if (waiting !== null) {
    const ref = { ticketId: request.id, ticketNo, title: request.title };
    const urgent = request.severity === 'severe' || request.triage === 'escalated';
    await insertCaseNotification(tx, ref, { departmentCode: waiting, username: null, message: waitingMessage(ref, status), urgent, callId: request.callId }, actor, events);
  }
  return { outcome: 'created', value: ticket };
}

/**
 * A line already written for this request id: the same request again is a retry; anything else
 * (other text, another ticket, another kind of request) is a conflict.
 */
export async function replayed(tx: Queryable, id: string, hash: string): Promise<'new' | 'same' | 'other'> {
  const { rows } = await tx.query<{ request_hash: string | null }>('select request_hash from ticket_events where id = $1', [id]);
  if (rows[0] === undefined) return 'new';
  return rows[0].request_hash === hash ? 'same' : 'other';
}

async function lockTicket(tx: Queryable, id: string): Promise<{ escalation_level: number } | null> {
  const { rows } = await tx.query<{ escalation_level: number }>('select escalation_level from tickets where id = $1 for update', [id]);
  return rows[0] ?? null;
}

/**
 * A note on a ticket; a callback's verdict moves it (DOMAIN.md §4): satisfied closes the case,
 * not satisfied sends it back to its department, open again if it was closed.
 */
export async function addNote(tx: Queryable, ticketId: string, request: TicketNote, actor: Actor): Promise<WriteOutcome<Ticket>> {
  await lockCustomerWrites(tx);
  if ((await lockTicket(tx, ticketId)) === null) throw new HubError('not_found', 404, 'No such ticket');
  const hash = requestHash('note', { ticketId, ...request });
  const seen = await replayed(tx, request.id, hash);
  if (seen !== 'new') return seen === 'same' ? { outcome: 'exists', value: await ticketOrThrow(tx, ticketId) } : { outcome: 'conflict' };

  if (request.outcome === 'satisfied') {
    await tx.query(`update tickets set status = 'closed', closed_at = coalesce(closed_at, $2) where id = $1`, [ticketId, actor.now]);
  } else if (request.outcome === 'not_satisfied') {
    await tx.query(`update tickets set status = 'returned', closed_at = null where id = $1`, [ticketId]);
  }
  await addTicketEvent(
    tx,
    { id: request.id, ticketId, type: request.outcome ?? 'note', text: request.text, detail: { callId: request.callId }, hash },
    actor,
  );
  return { outcome: 'created', value: await ticketOrThrow(tx, ticketId) };
}

/**
 * Up the org design's escalation chain (DOMAIN.md §3.1): `next` is one level above where the ticket
 * is, a number that level. A ticket never goes down the chain: a level at or below the current one
 * is recorded and leaves the level as it was. Past the top is refused: there is nobody to tell.
 */
export async function escalate(tx: Queryable, ticketId: string, request: TicketEscalation, actor: Actor): Promise<WriteOutcome<Ticket>> {
  await lockCustomerWrites(tx);
  const locked = await lockTicket(tx, ticketId);
  if (locked === null) throw new HubError('not_found', 404, 'No such ticket');
  const hash = requestHash('escalation', { ticketId, ...request });
  const seen = await replayed(tx, request.id, hash);
  if (seen !== 'new') return seen === 'same' ? { outcome: 'exists', value: await ticketOrThrow(tx, ticketId) } : { outcome: 'conflict' };

  const chain = await tx.query<{ level: number; title_zh: string; title_en: string }>('select level, title_zh, title_en from escalation_levels order by level');
  const current = locked.escalation_level;
  const target = request.level === 'next' ? current + 1 : request.level;
  const top = chain.rows.at(-1);
  if (top === undefined || target > top.level) {
    const where = top === undefined ? 'the org design has no escalation chain' : `the chain ends at level ${top.level} (${top.title_en})`;
    const what = request.level === 'next' ? `the ticket is at level ${current}` : `level ${target} was asked for`;
    throw new HubError('chain_end', 400, `Cannot escalate: ${what} and ${where}`, 'level');
  }
  const level = chain.rows.find((row) => row.level === target);
  if (level === undefined) throw invalid('level', `the escalation chain has no level ${target}`);

  await tx.query(`update tickets set escalation_level = greatest(escalation_level, $2), status = 'escalated', closed_at = null where id = $1`, [
    ticketId,
    target,
  ]);
  await addTicketEvent(
    tx,
    {
      id: request.id,
      ticketId,
      type: 'escalated',
      text: request.reason,
      detail: { level: target, from: current, title: { 'zh-CN': level.title_zh, 'en-US': level.title_en }, callId: request.callId },
      hash,
    },
    actor,
  );
  return { outcome: 'created', value: await ticketOrThrow(tx, ticketId) };
}
