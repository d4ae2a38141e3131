import type { z } from 'zod';
import {
  FIELD_STAFF_TARGET,
  type CallbackCreateRequestSchema,
  type CallbackTask,
  type Notification,
  type NotificationCreateRequestSchema,
} from '../../../shared/api/tickets';
import { lockCustomerWrites } from '../customers/customer-write';
import type { Queryable } from '../db/db';
import { HubError } from '../http/hub-error';
import { addTicketEvent, customerExists, departmentExists, requestHash, ticketExists, type Actor, type WriteOutcome } from './ticket-repo';

/*
 * What a call leaves for others to do: a promised callback (DOMAIN.md §2.3, §4) and a department
 * told of a case (§3.1). Each is idempotent by the console's id, like tickets, and a line in the
 * history of the ticket it concerns.
 */

export type CallbackCreate = z.output<typeof CallbackCreateRequestSchema>;
export type NotificationCreate = z.output<typeof NotificationCreateRequestSchema>;

/** Lists are short (one case, one customer, one call, one department's inbox); the worklists of issue 8 will page. */
export const TASK_LIST_LIMIT = 500;

const invalid = (field: string, message: string): HubError => new HubError('validation', 400, `${field}: ${message}`, field);

interface CallbackRow {
  id: string;
  type: CallbackTask['type'];
  status: string;
  customer_id: string | null;
  ticket_id: string | null;
  call_id: string | null;
  phone: string | null;
  due_at: Date;
  priority: CallbackTask['priority'];
  note: string;
  flow_id: string | null;
  flow_version: number | null;
  created_at: Date;
  created_by: string;
  request_hash: string;
}

const CALLBACK_COLUMNS =
  'id, type, status, customer_id, ticket_id, call_id, phone, due_at, priority, note, flow_id, flow_version, created_at, created_by, request_hash';

const toCallback = (row: CallbackRow): CallbackTask => ({
  id: row.id,
  type: row.type,
  status: row.status,
  customerId: row.customer_id,
  ticketId: row.ticket_id,
  callId: row.call_id,
  phone: row.phone,
  dueAt: new Date(row.due_at).toISOString(),
  priority: row.priority,
  note: row.note,
  flow: row.flow_id === null || row.flow_version === null ? null : { flowId: row.flow_id, flowVersion: row.flow_version },
  createdAt: new Date(row.created_at).toISOString(),
  createdBy: row.created_by,
});

/**
 * What the hub already holds under a request's id: the same request again (a retry: its record),
 * another request reusing the id (a conflict), or nothing yet (null).
 */
async function storedAnswer<Row extends { request_hash: string }, T>(
  tx: Queryable,
  select: string,
  id: string,
  hash: string,
  toValue: (row: Row) => T,
): Promise<WriteOutcome<T> | null> {
  const row = (await tx.query<Row>(select, [id])).rows[0];
  if (row === undefined) return null;
  return row.request_hash === hash ? { outcome: 'exists', value: toValue(row) } : { outcome: 'conflict' };
}

/** Ticket and customer a task names must exist; 400 naming the field otherwise. */
async function checkLinks(tx: Queryable, links: { customerId?: string | null; ticketId: string | null }): Promise<void> {
  const customerId = links.customerId ?? null;
  if (customerId !== null && !(await customerExists(tx, customerId))) throw invalid('customerId', 'no such customer');
  if (links.ticketId !== null && !(await ticketExists(tx, links.ticketId))) throw invalid('ticketId', 'no such ticket');
}

export async function createCallback(tx: Queryable, request: CallbackCreate, actor: Actor): Promise<WriteOutcome<CallbackTask>> {
  // A line in a ticket's history is a ticket write: the change lock comes first (hub/README.md).
  if (request.ticketId !== null) await lockCustomerWrites(tx);
  const hash = requestHash('callback', request);
  const replay = () => storedAnswer<CallbackRow, CallbackTask>(tx, `select ${CALLBACK_COLUMNS} from callbacks where id = $1`, request.id, hash, toCallback);
  const earlier = await replay();
  if (earlier !== null) return earlier;
  await checkLinks(tx, request);
  const { rows } = await tx.query<CallbackRow>(
    `insert into callbacks (id, type, status, customer_id, ticket_id, call_id, phone, due_at, priority, note, flow_id, flow_version,
                            created_at, created_by, request_hash)
     values ($1, $2, 'pending', $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)
     on conflict (id) do nothing returning ${CALLBACK_COLUMNS}`,
    [
      request.id,
      request.type,
      request.customerId,
      request.ticketId,
      request.callId,
      request.phone,
      request.dueAt,
      request.priority,
      request.note,
      request.flow?.flowId ?? null,
      request.flow?.flowVersion ?? null,
      actor.now,
      actor.username,
      hash,
    ],
  );
  // Another hub stored the same id between the look and the insert (the retry raced the original).
  if (rows[0] === undefined) return (await replay()) ?? { outcome: 'conflict' };
  if (request.ticketId !== null) {
    await addTicketEvent(
      tx,
      {
        id: request.id,
        ticketId: request.ticketId,
        type: 'callback_scheduled',
        // The console labels the line by its type in the agent's language; the text is data.
        text: request.note === '' ? request.dueAt : request.note,
        detail: { callbackId: request.id, type: request.type, dueAt: request.dueAt, callId: request.callId },
        hash: null,
      },
      actor,
    );
  }
  return { outcome: 'created', value: toCallback(rows[0]) };
}

export interface CallbackFilter {
  ticketId?: string;
  customerId?: string;
  callId?: string;
}

/** Callbacks matching every filter given, soonest due first. */
export async function findCallbacks(db: Queryable, filter: CallbackFilter): Promise<CallbackTask[]> {
  const { rows } = await db.query<CallbackRow>(
    `select ${CALLBACK_COLUMNS} from callbacks
      where ($1::uuid is null or ticket_id = $1) and ($2::uuid is null or customer_id = $2) and ($3::uuid is null or call_id = $3)
      order by due_at, id limit $4`,
    [filter.ticketId ?? null, filter.customerId ?? null, filter.callId ?? null, TASK_LIST_LIMIT],
  );
  return rows.map(toCallback);
}

interface NotificationRow {
  id: string;
  department_code: string;
  message: string;
  urgent: boolean;
  ticket_id: string | null;
  call_id: string | null;
  created_at: Date;
  created_by: string;
  request_hash: string;
}

const NOTIFICATION_COLUMNS = 'id, department_code, message, urgent, ticket_id, call_id, created_at, created_by, request_hash';

const toNotification = (row: NotificationRow): Notification => ({
  id: row.id,
  departmentCode: row.department_code,
  message: row.message,
  urgent: row.urgent,
  ticketId: row.ticket_id,
  callId: row.call_id,
  createdAt: new Date(row.created_at).toISOString(),
  createdBy: row.created_by,
});

export async function createNotification(tx: Queryable, request: NotificationCreate, actor: Actor): Promise<WriteOutcome<Notification>> {
  if (request.ticketId !== null) await lockCustomerWrites(tx);
  const hash = requestHash('notification', request);
  const replay = () => storedAnswer<NotificationRow, Notification>(tx, `select ${NOTIFICATION_COLUMNS} from notifications where id = $1`, request.id, hash, toNotification);
  const earlier = await replay();
  if (earlier !== null) return earlier;
  // The field staff (市场服务人员) are no department of the org design, but a target of their own.
  if (request.departmentCode !== FIELD_STAFF_TARGET && !(await departmentExists(tx, request.departmentCode))) {
    throw invalid('departmentCode', `"${request.departmentCode}" is no department of the org design (nor "${FIELD_STAFF_TARGET}")`);
  }
  await checkLinks(tx, request);
  const { rows } = await tx.query<NotificationRow>(
    `insert into notifications (id, department_code, message, urgent, ticket_id, call_id, created_at, created_by, request_hash)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9) on conflict (id) do nothing returning ${NOTIFICATION_COLUMNS}`,
    [request.id, request.departmentCode, request.message, request.urgent, request.ticketId, request.callId, actor.now, actor.username, hash],
  );
  if (rows[0] === undefined) return (await replay()) ?? { outcome: 'conflict' };
  if (request.ticketId !== null) {
    await addTicketEvent(
      tx,
      {
        id: request.id,
        ticketId: request.ticketId,
        type: 'notified',
        text: request.message,
        detail: { notificationId: request.id, departmentCode: request.departmentCode, urgent: request.urgent, callId: request.callId },
        hash: null,
      },
      actor,
    );
  }
  return { outcome: 'created', value: toNotification(rows[0]) };
}

export interface NotificationFilter {
  departmentCode?: string;
  ticketId?: string;
}

/** Notifications matching every filter given, newest first: a department's inbox. */
export async function findNotifications(db: Queryable, filter: NotificationFilter): Promise<Notification[]> {
  const { rows } = await db.query<NotificationRow>(
    `select ${NOTIFICATION_COLUMNS} from notifications
      where ($1::text is null or department_code = $1) and ($2::uuid is null or ticket_id = $2)
      order by created_at desc, id desc limit $3`,
    [filter.departmentCode ?? null, filter.ticketId ?? null, TASK_LIST_LIMIT],
  );
  return rows.map(toNotification);
}
