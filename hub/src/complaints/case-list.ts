import type { z } from 'zod';
import type { ComplaintListQuerySchema, ComplaintListResponse, ComplaintSummary } from '../../../shared/api/complaints';
import type { Actor as MachineActor } from '../../../shared/complaints/complaint-machine';
import type { Queryable } from '../db/db';
import { HubError } from '../http/hub-error';
import { mayReadSql } from './case-repo';

/*
 * The case list (`GET /api/v1/complaints`): newest first by when the complaint was opened, paged by
 * a keyset cursor on (opened_at desc, id), the order of the index tickets_complaint_opened_idx, so
 * a page deep in the list costs what the first one does and a case opened meanwhile neither
 * repeats nor skips a line.
 */

export type ComplaintListFilter = z.output<typeof ComplaintListQuerySchema>;

interface SummaryRow {
  id: string;
  ticket_no: string;
  title: string;
  customer_id: string | null;
  customer_name: string | null;
  channel: ComplaintSummary['channel'];
  category: ComplaintSummary['category'];
  severity: ComplaintSummary['severity'];
  status: ComplaintSummary['status'];
  level: ComplaintSummary['level'];
  escalation_level: number;
  department_code: string | null;
  waiting_on: string | null;
  opened_at: Date;
  opened_by: string;
  updated_at: Date;
  step_due_at: Date | null;
  callback_due_at: Date | null;
  overdue: boolean;
  version: number;
  /** Microseconds since the epoch, exact: a JavaScript Date would drop what PostgreSQL keeps. */
  opened_key: string;
}

interface Cursor {
  openedMicros: string;
  id: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

const encodeCursor = (cursor: Cursor): string => Buffer.from(JSON.stringify([cursor.openedMicros, cursor.id])).toString('base64url');

function decodeCursor(text: string): Cursor {
  const bad = () => new HubError('validation', 400, 'cursor: not a cursor of this list; start again without one', 'cursor');
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
  } catch {
    throw bad();
  }
  if (!Array.isArray(parsed) || parsed.length !== 2) throw bad();
  const [micros, id] = parsed as unknown[];
  if (typeof micros !== 'string' || !/^-?\d{1,19}$/.test(micros) || typeof id !== 'string' || !UUID.test(id)) throw bad();
  return { openedMicros: micros, id };
}

/** `%`, `_` and `\` stand for themselves in the search text. */
const likePattern = (text: string): string => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/**
 * One page of the cases `viewer` may see (department staff: their department's, as mayRead),
 * matching every filter given.
 */
export async function listComplaints(db: Queryable, filter: ComplaintListFilter, viewer: MachineActor, now: Date): Promise<ComplaintListResponse> {
  const params: unknown[] = [now];
  const param = (value: unknown): string => {
    params.push(value);
    return `$${params.length}`;
  };
  const where: string[] = [`t.kind = 'complaint'`];
  // A pending callback past its promised time makes a case overdue as much as a step does.
  const callbackDue = `(select min(cb.due_at) from callbacks cb where cb.ticket_id = t.id and cb.status = 'pending')`;
  const overdue = `(t.closed_at is null and (t.step_due_at < $1 or coalesce(${callbackDue} < $1, false)))`;

  if (viewer.role === 'department') {
    if (viewer.departmentCode === null) return { items: [], nextCursor: null };
    where.push(mayReadSql(param(viewer.departmentCode)));
  }
  if (filter.status !== undefined && filter.status.length > 0) where.push(`t.status = any(${param(filter.status)}::text[])`);
  if (filter.waitingOn !== undefined) where.push(`t.waiting_on = ${param(filter.waitingOn)}`);
  if (filter.category !== undefined) where.push(`t.category = ${param(filter.category)}`);
  if (filter.level !== undefined) where.push(`t.level = ${param(filter.level)}`);
  if (filter.overdue !== undefined) where.push(filter.overdue ? overdue : `not ${overdue}`);
  if (filter.open !== undefined) where.push(filter.open ? 't.closed_at is null' : 't.closed_at is not null');
  if (filter.q !== undefined && filter.q !== '') {
    const q = param(likePattern(filter.q));
    where.push(`(t.ticket_no ilike ${q} or t.title ilike ${q} or c.name ilike ${q})`);
  }
  if (filter.openedFrom !== undefined) where.push(`t.opened_at >= ${param(filter.openedFrom)}::timestamptz`);
  if (filter.openedTo !== undefined) where.push(`t.opened_at <= ${param(filter.openedTo)}::timestamptz`);
  if (filter.mine === true) {
    const me = param(viewer.username);
    where.push(`(t.opened_by = ${me} or exists (select 1 from ticket_events e where e.ticket_id = t.id and e.by = ${me}))`);
  }
  if (filter.cursor !== undefined) {
    const cursor = decodeCursor(filter.cursor);
    const at = `(timestamptz 'epoch' + ${param(cursor.openedMicros)}::bigint * interval '1 microsecond')`;
    where.push(`(t.opened_at < ${at} or (t.opened_at = ${at} and t.id > ${param(cursor.id)}::uuid))`);
  }
  const limit = param(filter.limit + 1);

  const { rows } = await db.query<SummaryRow>(
    `select t.id, t.ticket_no, t.title, t.customer_id, c.name as customer_name, t.channel, t.category, t.severity, t.status, t.level,
            t.escalation_level, t.department_code, t.waiting_on, t.opened_at, t.opened_by, t.updated_at, t.step_due_at,
            ${callbackDue} as callback_due_at, ${overdue} as overdue, t.version,
            ((extract(epoch from t.opened_at) * 1000000)::numeric(20, 0))::text as opened_key
       from tickets t left join customers c on c.id = t.customer_id
      where ${where.join(' and ')}
      order by t.opened_at desc, t.id
      limit ${limit}`,
    params,
  );
  const page = rows.slice(0, filter.limit);
  const last = page.at(-1);
  return {
    items: page.map(toSummary),
    nextCursor: rows.length > filter.limit && last !== undefined ? encodeCursor({ openedMicros: last.opened_key, id: last.id }) : null,
  };
}

const iso = (at: Date | null): string | null => (at === null ? null : new Date(at).toISOString());

function toSummary(row: SummaryRow): ComplaintSummary {
  return {
    id: row.id,
    ticketNo: row.ticket_no,
    title: row.title,
    customerId: row.customer_id,
    customerName: row.customer_name,
    channel: row.channel,
    category: row.category,
    severity: row.severity,
    status: row.status,
    level: row.level,
    escalationLevel: row.escalation_level,
    departmentCode: row.department_code,
    waitingOn: row.waiting_on,
    openedAt: new Date(row.opened_at).toISOString(),
    openedBy: row.opened_by,
    updatedAt: new Date(row.updated_at).toISOString(),
    stepDueAt: iso(row.step_due_at),
    callbackDueAt: iso(row.callback_due_at),
    overdue: row.overdue,
    version: row.version,
  };
}
