import type { z } from 'zod';
import type {
  CallbackAttempt,
  CallbackAttemptRequestSchema,
  CallbackManualRequestSchema,
  CallbackSurveyRequestSchema,
  CallbackWorkItem,
  CallbackWorklistQuerySchema,
  CallbackWorklistResponse,
} from '../../../shared/api/callbacks';
import type { CallbackChangedEvent, HubEvent } from '../../../shared/api/events';
import type { CallbackConfig } from '../../../shared/callbacks/callback-config';
import { decideAttempt, isInCallingHours, nextCallingTime, type AttemptDecision, type CallbackStatus } from '../../../shared/callbacks/callback-rules';
import { localDateAt, nextDay, startOfDay, wallClockAt } from '../../../shared/time/zoned-time';
import { normalizePhone } from '../../../shared/telephony/phone-number';
import type { Role } from '../../../shared/domain/roles';
import { applyComplaintAction, callbackTarget, loadComplaintDetail, type CaseActor } from '../complaints/case-repo';
import { lockCustomerWrites } from '../customers/customer-write';
import type { Queryable } from '../db/db';
import { HubError } from '../http/hub-error';
import { centerTimeZone } from '../reports/complaint-report';
import { addTicketEvent, customerExists, loadTicket, requestHash, ticketChanged, ticketExists, type WriteOutcome } from '../tickets/ticket-repo';
import { readCallbackConfig } from './config-repo';

/*
 * The callback worklist on the hub (shared/api/callbacks.ts, DOMAIN.md §4). Every write locks the
 * task's row, or changes it with one conditional update, so that two callback staff working from
 * two hub processes never both hold a task, and never both record on it. The rules of what an
 * attempt does are shared/callbacks/callback-rules.ts; this file stores their answer.
 */

export type WorklistQuery = z.output<typeof CallbackWorklistQuerySchema>;
export type AttemptBody = z.output<typeof CallbackAttemptRequestSchema>;
export type SurveyBody = z.output<typeof CallbackSurveyRequestSchema>;
export type ManualBody = z.output<typeof CallbackManualRequestSchema>;

/** Who sees and changes everyone's tasks (assign, cancel, release another's). */
export const CALLBACK_SUPERVISOR_ROLES: readonly Role[] = ['supervisor', 'manager', 'admin'];
/** Who works the worklist. */
export const CALLBACK_WORK_ROLES: readonly Role[] = ['callback', ...CALLBACK_SUPERVISOR_ROLES];

const isSupervisor = (actor: CaseActor): boolean => CALLBACK_SUPERVISOR_ROLES.includes(actor.role);

interface ItemRow {
  id: string;
  type: CallbackWorkItem['type'];
  source: CallbackWorkItem['source'];
  status: CallbackStatus;
  end_reason: CallbackWorkItem['endReason'];
  priority: CallbackWorkItem['priority'];
  due_at: Date;
  assignee: string | null;
  assignee_name: string | null;
  claimed_at: Date | null;
  customer_id: string | null;
  customer_name: string | null;
  phone: string | null;
  ticket_id: string | null;
  ticket_no: string | null;
  ticket_title: string | null;
  ticket_status: string | null;
  call_id: string | null;
  note: string;
  flow_id: string | null;
  flow_version: number | null;
  failed_attempts: number;
  survey_score: number | null;
  survey_satisfied: boolean | null;
  survey_reasons: string | null;
  survey_call_id: string | null;
  survey_at: Date | null;
  survey_by: string | null;
  created_at: Date;
  created_by: string;
  ended_at: Date | null;
  version: number;
  request_hash: string;
}

const ITEM_SELECT = `
  select c.id, c.type, c.source, c.status, c.end_reason, c.priority, c.due_at, c.assignee, u.display_name as assignee_name, c.claimed_at,
         c.customer_id, cu.name as customer_name,
         coalesce(c.phone, (select p.e164 from customer_phones p where p.customer_id = c.customer_id order by p.position limit 1)) as phone,
         c.ticket_id, t.ticket_no, t.title as ticket_title, t.status as ticket_status, c.call_id, c.note, c.flow_id, c.flow_version,
         c.failed_attempts, c.survey_score, c.survey_satisfied, c.survey_reasons, c.survey_call_id, c.survey_at, c.survey_by,
         c.created_at, c.created_by, c.ended_at, c.version, c.request_hash
    from callbacks c
    left join customers cu on cu.id = c.customer_id
    left join tickets t on t.id = c.ticket_id
    left join users u on u.username = c.assignee`;

interface AttemptRow {
  id: string;
  callback_id: string;
  at: Date;
  by: string;
  outcome: CallbackAttempt['outcome'];
  call_id: string | null;
  call_later_at: Date | null;
  note: string;
  request_hash: string;
}

const iso = (at: Date | string): string => new Date(at).toISOString();
const isoOrNull = (at: Date | string | null): string | null => (at === null ? null : iso(at));

function toItem(row: ItemRow, attempts: readonly AttemptRow[], maxAttempts: number, now: Date): CallbackWorkItem {
  return {
    id: row.id,
    type: row.type,
    source: row.source,
    status: row.status,
    endReason: row.end_reason,
    priority: row.priority,
    dueAt: iso(row.due_at),
    overdue: row.status === 'pending' && new Date(row.due_at).getTime() <= now.getTime(),
    assignee: row.assignee,
    assigneeName: row.assignee_name,
    claimedAt: isoOrNull(row.claimed_at),
    customerId: row.customer_id,
    customerName: row.customer_name,
    phone: row.phone,
    ticketId: row.ticket_id,
    ticketNo: row.ticket_no,
    ticketTitle: row.ticket_title,
    ticketStatus: row.ticket_status,
    callId: row.call_id,
    note: row.note,
    flow: row.flow_id === null || row.flow_version === null ? null : { flowId: row.flow_id, flowVersion: row.flow_version },
    attempts: attempts.map((a) => ({
      id: a.id,
      at: iso(a.at),
      by: a.by,
      outcome: a.outcome,
      callId: a.call_id,
      callLaterAt: isoOrNull(a.call_later_at),
      note: a.note,
    })),
    failedAttempts: row.failed_attempts,
    maxAttempts,
    survey:
      row.survey_at === null || row.survey_satisfied === null
        ? null
        : {
            score: row.survey_score,
            satisfied: row.survey_satisfied,
            reasons: row.survey_reasons ?? '',
            callId: row.survey_call_id,
            at: iso(row.survey_at),
            by: row.survey_by ?? '',
          },
    createdAt: iso(row.created_at),
    createdBy: row.created_by,
    endedAt: isoOrNull(row.ended_at),
    version: row.version,
  };
}

async function attemptsOf(db: Queryable, ids: readonly string[]): Promise<Map<string, AttemptRow[]>> {
  const byTask = new Map<string, AttemptRow[]>();
  if (ids.length === 0) return byTask;
  const { rows } = await db.query<AttemptRow>(
    `select id, callback_id, at, by, outcome, call_id, call_later_at, note, request_hash
       from callback_attempts where callback_id = any($1::uuid[]) order by at, id`,
    [ids],
  );
  for (const row of rows) byTask.set(row.callback_id, [...(byTask.get(row.callback_id) ?? []), row]);
  return byTask;
}

async function itemRows(db: Queryable, ids: readonly string[]): Promise<ItemRow[]> {
  if (ids.length === 0) return [];
  return (await db.query<ItemRow>(`${ITEM_SELECT} where c.id = any($1::uuid[])`, [ids])).rows;
}

/** One task as the worklist shows it; null for an unknown id. */
export async function loadWorkItem(db: Queryable, id: string, now: Date, config?: CallbackConfig): Promise<CallbackWorkItem | null> {
  const row = (await itemRows(db, [id]))[0];
  if (row === undefined) return null;
  const { maxAttempts } = (config ?? (await readCallbackConfig(db))).retry;
  return toItem(row, (await attemptsOf(db, [id])).get(id) ?? [], maxAttempts, now);
}

export async function workItemOrThrow(db: Queryable, id: string, now: Date): Promise<CallbackWorkItem> {
  const item = await loadWorkItem(db, id, now);
  if (item === null) throw new HubError('not_found', 404, 'No such callback');
  return item;
}

// ── the worklist ─────────────────────────────────────────────────────────────

/*
 * Open tasks page by (overdue first, high priority first, due, id). Whether a task is overdue
 * changes with time, so the cursor carries the instant the first page was ordered at: a task
 * falling due between two pages neither jumps back nor shows twice.
 */
interface OpenCursor {
  k: 'open';
  asOf: string;
  overdue: boolean;
  high: boolean;
  dueAt: string;
  id: string;
}
interface EndedCursor {
  k: 'ended';
  endedAt: string;
  id: string;
}
type Cursor = OpenCursor | EndedCursor;

// Compact (the query allows 200 characters): a tuple of epoch milliseconds and the id.
function encodeCursor(cursor: Cursor): string {
  const tuple =
    cursor.k === 'open'
      ? ['o', Date.parse(cursor.asOf), cursor.overdue ? 1 : 0, cursor.high ? 1 : 0, Date.parse(cursor.dueAt), cursor.id]
      : ['e', Date.parse(cursor.endedAt), cursor.id];
  return Buffer.from(JSON.stringify(tuple), 'utf8').toString('base64url');
}

function decodeCursor(text: string, state: WorklistQuery['state']): Cursor {
  const bad = () => new HubError('validation', 400, 'cursor: not a cursor of this list; start again without one', 'cursor');
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
  } catch {
    throw bad();
  }
  if (!Array.isArray(parsed)) throw bad();
  const tuple: unknown[] = parsed;
  const time = (v: unknown): string => {
    if (typeof v !== 'number' || !Number.isSafeInteger(v)) throw bad();
    return new Date(v).toISOString();
  };
  const id = (v: unknown): string => {
    if (typeof v !== 'string' || !/^[0-9a-f-]{36}$/.test(v)) throw bad();
    return v;
  };
  if (state === 'open' && tuple[0] === 'o' && tuple.length === 6) {
    return { k: 'open', asOf: time(tuple[1]), overdue: tuple[2] === 1, high: tuple[3] === 1, dueAt: time(tuple[4]), id: id(tuple[5]) };
  }
  if (state === 'ended' && tuple[0] === 'e' && tuple.length === 3) return { k: 'ended', endedAt: time(tuple[1]), id: id(tuple[2]) };
  throw bad();
}

const likePattern = (text: string): string => `%${text.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;

/** The caller's part of the worklist: callback staff their own and the pool, supervisors everyone's. */
function visibility(actor: CaseActor, param: string): string {
  return isSupervisor(actor) ? 'true' : `(c.assignee = ${param} or c.assignee is null)`;
}

export async function worklist(db: Queryable, query: WorklistQuery, actor: CaseActor): Promise<CallbackWorklistResponse> {
  const now = actor.now;
  const config = await readCallbackConfig(db);
  const timeZone = await centerTimeZone(db);
  const cursor = query.cursor === undefined ? null : decodeCursor(query.cursor, query.state);
  const asOf = cursor?.k === 'open' ? new Date(cursor.asOf) : now;

  const params: unknown[] = [];
  const add = (value: unknown): string => {
    params.push(value);
    return `$${params.length}`;
  };
  // Parameters are added as the clauses use them: PostgreSQL cannot type one nobody uses.
  let meParam: string | null = null;
  const me = (): string => (meParam ??= `${add(actor.username)}::text`);
  const where: string[] = ['true'];
  if (!isSupervisor(actor)) where.push(visibility(actor, me()));
  if (query.scope === 'mine') where.push(`c.assignee = ${me()}`);
  if (query.scope === 'pool') where.push('c.assignee is null');
  where.push(query.state === 'open' ? `c.status = 'pending'` : `c.status <> 'pending'`);
  if (query.type !== undefined) where.push(`c.type = ${add(query.type)}`);
  if (query.dueBefore !== undefined) where.push(`c.due_at <= ${add(query.dueBefore)}::timestamptz`);
  if (query.overdue !== undefined) {
    const nowParam = add(now);
    where.push(query.overdue === 'true' ? `(c.status = 'pending' and c.due_at <= ${nowParam})` : `not (c.status = 'pending' and c.due_at <= ${nowParam})`);
  }
  const q = query.q?.trim() ?? '';
  if (q !== '') {
    const like = add(likePattern(q));
    const digits = q.replace(/\D/g, '');
    let phoneClause = '';
    if (digits.length >= 3) {
      const phoneLike = add(likePattern(digits));
      phoneClause = ` or c.phone like ${phoneLike} or exists (select 1 from customer_phones p where p.customer_id = c.customer_id and p.e164 like ${phoneLike})`;
    }
    where.push(`(cu.name ilike ${like} or t.ticket_no ilike ${like} or c.note ilike ${like}${phoneClause})`);
  }

  let order: string;
  if (query.state === 'open') {
    const asOfParam = `${add(asOf)}::timestamptz`;
    // Sort keys as SQL expressions, so the cursor compares exactly what the order uses.
    const keys = `(case when c.due_at <= ${asOfParam} then 0 else 1 end), (case when c.priority = 'high' then 0 else 1 end), c.due_at, c.id`;
    if (cursor?.k === 'open') {
      where.push(`(${keys}) > (${add(cursor.overdue ? 0 : 1)}::int, ${add(cursor.high ? 0 : 1)}::int, ${add(cursor.dueAt)}::timestamptz, ${add(cursor.id)}::uuid)`);
    }
    order = `order by ${keys}`;
  } else {
    const endedKey = 'coalesce(c.ended_at, c.created_at)';
    if (cursor?.k === 'ended') where.push(`(${endedKey}, c.id) < (${add(cursor.endedAt)}::timestamptz, ${add(cursor.id)}::uuid)`);
    order = `order by ${endedKey} desc, c.id desc`;
  }
  const limit = add(query.limit + 1);
  const { rows } = await db.query<ItemRow>(`${ITEM_SELECT} where ${where.join(' and ')} ${order} limit ${limit}`, params);
  const page = rows.slice(0, query.limit);
  const attempts = await attemptsOf(db, page.map((row) => row.id));
  const items = page.map((row) => toItem(row, attempts.get(row.id) ?? [], config.retry.maxAttempts, now));

  const last = page.at(-1);
  let nextCursor: string | null = null;
  if (rows.length > query.limit && last !== undefined) {
    nextCursor =
      query.state === 'open'
        ? encodeCursor({
            k: 'open',
            asOf: asOf.toISOString(),
            overdue: new Date(last.due_at).getTime() <= asOf.getTime(),
            high: last.priority === 'high',
            dueAt: iso(last.due_at),
            id: last.id,
          })
        : encodeCursor({ k: 'ended', endedAt: iso(last.ended_at ?? last.created_at), id: last.id });
  }

  // The tabs count over everything the caller may see, whatever this page filters.
  const endOfToday = startOfDay(nextDay(localDateAt(timeZone, now.getTime())), timeZone);
  const counts = await db.query<{ due_now: number; overdue: number; pool: number; mine: number }>(
    `select count(*) filter (where c.due_at < $3::timestamptz)::int as due_now,
            count(*) filter (where c.due_at <= $2::timestamptz)::int as overdue,
            count(*) filter (where c.assignee is null)::int as pool,
            count(*) filter (where c.assignee = $1::text)::int as mine
       from callbacks c where c.status = 'pending' and ${visibility(actor, '$1')}`,
    [actor.username, now, endOfToday],
  );
  const c = counts.rows[0] ?? { due_now: 0, overdue: 0, pool: 0, mine: 0 };
  return { items, nextCursor, counts: { dueNow: c.due_now, overdue: c.overdue, pool: c.pool, mine: c.mine } };
}

// ── events ───────────────────────────────────────────────────────────────────

export function callbackChanged(
  task: { id: string; status: string; assignee: string | null; ticketId: string | null; version: number },
  actor: CaseActor,
  previousAssignee?: string | null,
): CallbackChangedEvent {
  return {
    type: 'callback.changed',
    callbackId: task.id,
    status: task.status,
    assignee: task.assignee,
    ...(previousAssignee !== undefined && previousAssignee !== task.assignee ? { previousAssignee } : {}),
    ticketId: task.ticketId,
    version: task.version,
    at: actor.now.toISOString(),
    by: actor.username,
  };
}

// ── claim, release, assign, cancel ───────────────────────────────────────────

interface LockedTask {
  id: string;
  type: CallbackWorkItem['type'];
  status: CallbackStatus;
  assignee: string | null;
  claimed_at: Date | null;
  ticket_id: string | null;
  failed_attempts: number;
  version: number;
}

const LOCKED_COLUMNS = 'id, type, status, assignee, claimed_at, ticket_id, failed_attempts, version';

async function taskRow(tx: Queryable, id: string, lock: boolean): Promise<LockedTask | null> {
  const { rows } = await tx.query<LockedTask>(`select ${LOCKED_COLUMNS} from callbacks where id = $1${lock ? ' for update' : ''}`, [id]);
  return rows[0] ?? null;
}

const ended = (task: LockedTask): HubError => new HubError('illegal_transition', 409, `The callback is already ${task.status}: it cannot be changed any more`);

async function heldBy(tx: Queryable, task: LockedTask): Promise<HubError> {
  const { rows } = await tx.query<{ display_name: string }>('select display_name from users where username = $1', [task.assignee]);
  const who = rows[0] === undefined ? task.assignee : `${rows[0].display_name} (${task.assignee})`;
  const timeZone = await centerTimeZone(tx);
  const since = task.claimed_at === null ? '' : ` at ${new Date(wallClockAt(timeZone, new Date(task.claimed_at).getTime())).toISOString().slice(11, 16)}`;
  return new HubError('already_claimed', 409, `${who} took this callback${since}; pick another one`);
}

const taskEvent = (task: LockedTask) => ({ id: task.id, status: task.status, assignee: task.assignee, ticketId: task.ticket_id, version: task.version });

/**
 * From the pool to the caller, in one conditional update: of two people claiming at once, the
 * database lets exactly one update match. Claiming one's own task again changes nothing.
 */
export async function claim(tx: Queryable, id: string, actor: CaseActor, events: HubEvent[]): Promise<CallbackWorkItem> {
  const { rows } = await tx.query<LockedTask>(
    `update callbacks set assignee = $2, claimed_at = $3, version = version + 1, updated_at = $3
      where id = $1 and status = 'pending' and assignee is null returning ${LOCKED_COLUMNS}`,
    [id, actor.username, actor.now],
  );
  const claimed = rows[0];
  if (claimed !== undefined) {
    events.push(callbackChanged(taskEvent(claimed), actor, null));
    return workItemOrThrow(tx, id, actor.now);
  }
  const task = await taskRow(tx, id, false);
  if (task === null) throw new HubError('not_found', 404, 'No such callback');
  if (task.status !== 'pending') throw ended(task);
  if (task.assignee === actor.username) return workItemOrThrow(tx, id, actor.now);
  throw await heldBy(tx, task);
}

/** Back to the pool: by its holder, or by a supervisor. */
export async function release(tx: Queryable, id: string, actor: CaseActor, events: HubEvent[]): Promise<CallbackWorkItem> {
  const task = await taskRow(tx, id, true);
  if (task === null) throw new HubError('not_found', 404, 'No such callback');
  if (task.status !== 'pending') throw ended(task);
  if (task.assignee === null) return workItemOrThrow(tx, id, actor.now);
  if (task.assignee !== actor.username && !isSupervisor(actor)) {
    throw new HubError('forbidden', 403, `This callback is ${task.assignee}'s: only they or a supervisor may put it back in the pool`);
  }
  const { rows } = await tx.query<LockedTask>(
    `update callbacks set assignee = null, claimed_at = null, version = version + 1, updated_at = $2 where id = $1 returning ${LOCKED_COLUMNS}`,
    [id, actor.now],
  );
  if (rows[0] !== undefined) events.push(callbackChanged(taskEvent(rows[0]), actor, task.assignee));
  return workItemOrThrow(tx, id, actor.now);
}

/** A person who works callbacks; 400 naming `field` otherwise. */
async function checkCallbackUser(tx: Queryable, username: string, field: string): Promise<void> {
  const { rows } = await tx.query<{ role: string }>('select role from users where username = $1', [username]);
  if (rows[0] === undefined) throw new HubError('validation', 400, `${field}: no user "${username}"`, field);
  if (rows[0].role !== 'callback') throw new HubError('validation', 400, `${field}: ${username} is no callback staff (role ${rows[0].role})`, field);
}

/** A supervisor gives a task to someone of the callback staff, or back to the pool. */
export async function assign(tx: Queryable, id: string, assignee: string | null, actor: CaseActor, events: HubEvent[]): Promise<CallbackWorkItem> {
  const task = await taskRow(tx, id, true);
  if (task === null) throw new HubError('not_found', 404, 'No such callback');
  if (task.status !== 'pending') throw ended(task);
  if (assignee !== null) await checkCallbackUser(tx, assignee, 'assignee');
  if (task.assignee === assignee) return workItemOrThrow(tx, id, actor.now);
  const { rows } = await tx.query<LockedTask>(
    `update callbacks set assignee = $2, claimed_at = $3, version = version + 1, updated_at = $4 where id = $1 returning ${LOCKED_COLUMNS}`,
    [id, assignee, assignee === null ? null : actor.now, actor.now],
  );
  if (rows[0] !== undefined) events.push(callbackChanged(taskEvent(rows[0]), actor, task.assignee));
  return workItemOrThrow(tx, id, actor.now);
}

/** A supervisor ends a task nobody should make; the reason joins the task's note. */
export async function cancel(tx: Queryable, id: string, reason: string, actor: CaseActor, events: HubEvent[]): Promise<CallbackWorkItem> {
  const task = await taskRow(tx, id, true);
  if (task === null) throw new HubError('not_found', 404, 'No such callback');
  if (task.status !== 'pending') throw ended(task);
  const { rows } = await tx.query<LockedTask>(
    `update callbacks set status = 'cancelled', end_reason = 'cancelled', ended_at = $2, ended_by = $3, version = version + 1, updated_at = $2,
            note = note || case when note = '' then '' else E'\\n' end || $4
      where id = $1 returning ${LOCKED_COLUMNS}`,
    [id, actor.now, actor.username, `已取消 / cancelled: ${reason}`],
  );
  if (rows[0] !== undefined) events.push(callbackChanged(taskEvent(rows[0]), actor));
  return workItemOrThrow(tx, id, actor.now);
}

// ── attempts and the survey ──────────────────────────────────────────────────

function refusal(decision: Extract<AttemptDecision, { ok: false }>): HubError {
  const status = decision.code === 'illegal_transition' || decision.code === 'survey_required' ? 409 : 400;
  return new HubError(decision.code, status, decision.message, decision.field);
}

/** A request id already stored as an attempt: the same request again, or another one reusing it. */
async function storedAttempt(tx: Queryable, attemptId: string, taskId: string, hash: string): Promise<'new' | 'same' | 'other'> {
  const { rows } = await tx.query<{ callback_id: string; request_hash: string }>('select callback_id, request_hash from callback_attempts where id = $1', [attemptId]);
  const row = rows[0];
  if (row === undefined) return 'new';
  return row.callback_id === taskId && row.request_hash === hash ? 'same' : 'other';
}

/**
 * The task locked for an attempt, claimed by the caller if it was in the pool: only its holder
 * records on it. Ended tasks go to the rules, which refuse with the reason.
 */
async function lockForAttempt(tx: Queryable, id: string, actor: CaseActor): Promise<{ task: LockedTask; previousAssignee: string | null }> {
  const task = await taskRow(tx, id, true);
  if (task === null) throw new HubError('not_found', 404, 'No such callback');
  const previousAssignee = task.assignee;
  if (task.status !== 'pending' || task.assignee === actor.username) return { task, previousAssignee };
  if (task.assignee !== null) throw await heldBy(tx, task);
  return { task: { ...task, assignee: actor.username, claimed_at: actor.now }, previousAssignee };
}

async function insertAttempt(
  tx: Queryable,
  attempt: { id: string; taskId: string; outcome: CallbackAttempt['outcome']; callId: string | null; callLaterAt: string | null; note: string; hash: string },
  actor: CaseActor,
): Promise<void> {
  await tx.query(
    `insert into callback_attempts (id, callback_id, at, by, outcome, call_id, call_later_at, note, request_hash)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
    [attempt.id, attempt.taskId, actor.now, actor.username, attempt.outcome, attempt.callId, attempt.callLaterAt, attempt.note, attempt.hash],
  );
}

/** Stores what the rules decided, claim included; returns the task as stored. */
async function storeDecision(
  tx: Queryable,
  task: LockedTask,
  decision: Extract<AttemptDecision, { ok: true }>,
  actor: CaseActor,
  survey: { score: number | null; satisfied: boolean; reasons: string; callId: string | null } | null,
): Promise<LockedTask> {
  const { rows } = await tx.query<LockedTask>(
    `update callbacks set status = $2, end_reason = $3, due_at = coalesce($4, due_at), failed_attempts = $5,
            ended_at = case when $2 = 'pending' then null else $6::timestamptz end,
            ended_by = case when $2 = 'pending' then null else $7 end,
            assignee = $8, claimed_at = $9, version = version + 1, updated_at = $6,
            survey_score = $10, survey_satisfied = $11, survey_reasons = $12, survey_call_id = $13,
            survey_at = case when $11::boolean is null then survey_at else $6::timestamptz end,
            survey_by = case when $11::boolean is null then survey_by else $7 end
      where id = $1 returning ${LOCKED_COLUMNS}`,
    [
      task.id,
      decision.status,
      decision.endReason,
      decision.dueAt === null ? null : new Date(decision.dueAt),
      decision.failedAttempts,
      actor.now,
      actor.username,
      task.assignee,
      task.claimed_at,
      survey?.score ?? null,
      survey?.satisfied ?? null,
      survey?.reasons ?? null,
      survey?.callId ?? null,
    ],
  );
  const stored = rows[0];
  if (stored === undefined) throw new Error(`callback ${task.id} vanished under its lock`);
  return stored;
}

/** A plain line in the ticket's history, announced like any ticket change. */
async function ticketLine(tx: Queryable, ticketId: string, lineId: string, text: string, detail: object, actor: CaseActor, events: HubEvent[]): Promise<void> {
  await addTicketEvent(tx, { id: lineId, ticketId, type: 'note', text, detail, hash: null }, actor);
  const ticket = await loadTicket(tx, ticketId);
  if (ticket === null) return;
  const { rows } = await tx.query<{ version: number; waiting_on: string | null }>('select version, waiting_on from tickets where id = $1', [ticketId]);
  events.push(ticketChanged(ticket, { version: rows[0]?.version ?? 1, waitingOn: rows[0]?.waiting_on ?? null }, actor));
}

async function decide(tx: Queryable, task: LockedTask, input: Parameters<typeof decideAttempt>[1], actor: CaseActor): Promise<Extract<AttemptDecision, { ok: true }>> {
  const [config, timeZone] = await Promise.all([readCallbackConfig(tx), centerTimeZone(tx)]);
  const decision = decideAttempt({ type: task.type, status: task.status, failedAttempts: task.failed_attempts }, input, config, timeZone, actor.now.getTime());
  if (!decision.ok) throw refusal(decision);
  return decision;
}

/** One try at reaching the customer. Idempotent by the attempt's id. */
export async function recordAttempt(tx: Queryable, id: string, body: AttemptBody, actor: CaseActor, events: HubEvent[]): Promise<WriteOutcome<CallbackWorkItem>> {
  const hash = requestHash('callback-attempt', { callbackId: id, ...body });
  // A wrong number is told on the ticket: a ticket write takes the change lock first (hub/README.md).
  const peek = await taskRow(tx, id, false);
  if (peek === null) throw new HubError('not_found', 404, 'No such callback');
  if (peek.ticket_id !== null && body.outcome === 'wrong_number') await lockCustomerWrites(tx);
  // The row lock first: a retry racing its original waits for it, then finds it stored.
  await taskRow(tx, id, true);
  const seen = await storedAttempt(tx, body.id, id, hash);
  if (seen === 'same') return { outcome: 'exists', value: await workItemOrThrow(tx, id, actor.now) };
  if (seen === 'other') return { outcome: 'conflict' };
  const { task, previousAssignee } = await lockForAttempt(tx, id, actor);
  const callLaterAt = body.callLaterAt === null ? null : Date.parse(body.callLaterAt);
  const decision = await decide(tx, task, { outcome: body.outcome, callLaterAt, survey: false }, actor);

  await insertAttempt(tx, { id: body.id, taskId: id, outcome: body.outcome, callId: body.callId, callLaterAt: body.callLaterAt, note: body.note, hash }, actor);
  const stored = await storeDecision(tx, task, decision, actor, null);
  events.push(callbackChanged(taskEvent(stored), actor, previousAssignee));
  if (body.outcome === 'wrong_number' && stored.ticket_id !== null) {
    const item = await workItemOrThrow(tx, id, actor.now);
    const text = `回访电话号码错误 / wrong number: ${item.phone ?? '—'}${body.note === '' ? '' : ` — ${body.note}`}`;
    await ticketLine(tx, stored.ticket_id, body.id, text, { callbackId: id, outcome: 'wrong_number', callId: body.callId }, actor, events);
  }
  return { outcome: 'created', value: await workItemOrThrow(tx, id, actor.now) };
}

const verdictWords = (body: SurveyBody): string => (body.reasons !== '' ? body.reasons : body.score === null ? (body.satisfied ? '满意' : '不满意') : `满意度 ${body.score} 分`);

/**
 * The customer's verdict: an answered attempt, the survey on the task, the task done — and, on a
 * complaint waiting for it, the procedure's callback_result, all in the caller's transaction.
 */
export async function recordSurvey(tx: Queryable, id: string, body: SurveyBody, actor: CaseActor, events: HubEvent[]): Promise<WriteOutcome<CallbackWorkItem>> {
  const hash = requestHash('callback-survey', { callbackId: id, ...body });
  // The case may move: the change lock comes before any row lock, like every ticket writer.
  await lockCustomerWrites(tx);
  if ((await taskRow(tx, id, true)) === null) throw new HubError('not_found', 404, 'No such callback');
  const seen = await storedAttempt(tx, body.id, id, hash);
  if (seen === 'same') return { outcome: 'exists', value: await workItemOrThrow(tx, id, actor.now) };
  if (seen === 'other') return { outcome: 'conflict' };
  const { task, previousAssignee } = await lockForAttempt(tx, id, actor);
  const decision = await decide(tx, task, { outcome: 'answered', callLaterAt: null, survey: true }, actor);

  await insertAttempt(tx, { id: body.id, taskId: id, outcome: 'answered', callId: body.callId, callLaterAt: null, note: body.reasons, hash }, actor);
  // Stored ended before the procedure runs: its callback_result ends the case's other pending
  // callbacks as `reached`, and this one must stay `surveyed`.
  const stored = await storeDecision(tx, task, decision, actor, { score: body.score, satisfied: body.satisfied, reasons: body.reasons, callId: body.callId });
  events.push(callbackChanged(taskEvent(stored), actor, previousAssignee));

  if (stored.ticket_id !== null) {
    const words = verdictWords(body);
    const detail = await loadComplaintDetail(tx, stored.ticket_id, actor);
    if (detail !== null && detail.case.availableActions.includes('callback_result')) {
      const result = await applyComplaintAction(
        tx,
        stored.ticket_id,
        { id: body.id, expectedVersion: detail.case.version, action: { type: 'callback_result', satisfied: body.satisfied, words, callId: body.callId } },
        actor,
        events,
      );
      if (result.outcome === 'conflict') throw new HubError('conflict', 409, 'This id was used already for another request on the case; send the survey with a new id', 'id');
    } else {
      const verdict = body.satisfied ? '满意 / satisfied' : '不满意 / not satisfied';
      const score = body.score === null ? '' : `（${body.score} 分）`;
      await ticketLine(tx, stored.ticket_id, body.id, `回访结果 / callback survey: ${verdict}${score} — ${words}`, { callbackId: id, satisfied: body.satisfied, score: body.score, callId: body.callId }, actor, events);
    }
  }
  return { outcome: 'created', value: await workItemOrThrow(tx, id, actor.now) };
}

// ── made by hand ─────────────────────────────────────────────────────────────

/** A callback made by a person. Idempotent by its id. */
export async function createManual(tx: Queryable, body: ManualBody, actor: CaseActor, events: HubEvent[]): Promise<WriteOutcome<CallbackWorkItem>> {
  const hash = requestHash('callback-manual', body);
  if (body.ticketId !== null) await lockCustomerWrites(tx);
  const stored = await tx.query<{ request_hash: string }>('select request_hash from callbacks where id = $1', [body.id]);
  if (stored.rows[0] !== undefined) {
    return stored.rows[0].request_hash === hash ? { outcome: 'exists', value: await workItemOrThrow(tx, body.id, actor.now) } : { outcome: 'conflict' };
  }
  if (!isSupervisor(actor) && body.assignee !== null && body.assignee !== actor.username) {
    throw new HubError('forbidden', 403, 'assignee: callback staff put a callback they make into their own list or the pool; a supervisor assigns it to others', 'assignee');
  }
  let phone: string | null = null;
  if (body.phone !== null && body.phone !== '') {
    const normalized = normalizePhone(body.phone);
    if (normalized === null) throw new HubError('validation', 400, `phone: "${body.phone}" is no phone number that can be dialled`, 'phone');
    phone = normalized.e164;
  }
  if (body.customerId !== null && !(await customerExists(tx, body.customerId))) throw new HubError('validation', 400, 'customerId: no such customer', 'customerId');
  if (body.ticketId !== null && !(await ticketExists(tx, body.ticketId))) throw new HubError('validation', 400, 'ticketId: no such ticket', 'ticketId');
  const target = await callbackTarget(tx, body.customerId);
  if (phone === null && target.phone === null) throw new HubError('validation', 400, 'phone: give the number to call, or a customer who has one', 'phone');
  if (body.assignee !== null) await checkCallbackUser(tx, body.assignee, 'assignee');

  const [config, timeZone] = await Promise.all([readCallbackConfig(tx), centerTimeZone(tx)]);
  const due = Date.parse(body.dueAt);
  if (!isInCallingHours(due, config.callingHours, timeZone)) {
    const next = new Date(nextCallingTime(due, config.callingHours, timeZone)).toISOString();
    throw new HubError(
      'outside_calling_hours',
      400,
      `dueAt: customers are called ${config.callingHours.start}–${config.callingHours.end} (${timeZone}) on the center's calling days; the next possible time is ${next}`,
      'dueAt',
    );
  }
  const priority = body.priority ?? (target.high ? 'high' : 'normal');
  const { rows } = await tx.query<LockedTask>(
    `insert into callbacks (id, type, status, source, customer_id, ticket_id, call_id, phone, due_at, priority, note, created_at, created_by, request_hash,
                            assignee, claimed_at, updated_at)
     values ($1, $2, 'pending', 'manual', $3, $4, null, $5, $6, $7, $8, $9, $10, $11, $12, $13, $9)
     on conflict (id) do nothing returning ${LOCKED_COLUMNS}`,
    [body.id, body.type, body.customerId, body.ticketId, phone, new Date(due), priority, body.note, actor.now, actor.username, hash, body.assignee, body.assignee === null ? null : actor.now],
  );
  const created = rows[0];
  // Another hub stored the same id between the look and the insert.
  if (created === undefined) return createManual(tx, body, actor, events);
  if (body.ticketId !== null) {
    await addTicketEvent(
      tx,
      {
        id: body.id,
        ticketId: body.ticketId,
        type: 'callback_scheduled',
        text: body.note === '' ? body.dueAt : body.note,
        detail: { callbackId: body.id, type: body.type, dueAt: body.dueAt, callId: null },
        hash: null,
      },
      actor,
    );
  }
  events.push(callbackChanged(taskEvent(created), actor));
  return { outcome: 'created', value: await workItemOrThrow(tx, body.id, actor.now) };
}
