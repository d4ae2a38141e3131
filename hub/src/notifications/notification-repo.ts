import type { MyNotification, MyNotificationList } from '../../../shared/api/notifications';
import type { Queryable } from '../db/db';
import { notificationDepartments, type Audience, type NotificationRouting } from './audience';

/*
 * A person's notifications: those naming them and those sent to the departments they read
 * (audience.ts), each with whether *they* have read it (notification_reads is per person).
 */

interface MyNotificationRow {
  id: string;
  department_code: string;
  username: string | null;
  message: string;
  urgent: boolean;
  ticket_id: string | null;
  ticket_no: string | null;
  call_id: string | null;
  created_at: Date;
  created_by: string;
  read_at: Date | null;
}

const toMyNotification = (row: MyNotificationRow): MyNotification => ({
  id: row.id,
  departmentCode: row.department_code,
  username: row.username,
  message: row.message,
  urgent: row.urgent,
  ticketId: row.ticket_id,
  ticketNo: row.ticket_no,
  callId: row.call_id,
  createdAt: new Date(row.created_at).toISOString(),
  createdBy: row.created_by,
  read: row.read_at !== null,
  readAt: row.read_at === null ? null : new Date(row.read_at).toISOString(),
});

/**
 * `$1` the username, `$2`–`$4` the departments read (null for none): at most three (audience.ts).
 * Written out rather than `= any($n)` so that both database drivers take plain text parameters.
 * `= null` is never true, so a null matches nothing.
 */
const VISIBLE = '(n.username = $1 or n.department_code = $2 or n.department_code = $3 or n.department_code = $4)';

type VisibilityParams = [string, string | null, string | null, string | null];

function visibilityParams(audience: Audience, routing: NotificationRouting): VisibilityParams {
  const [first = null, second = null, third = null, ...more] = notificationDepartments(audience, routing);
  if (more.length > 0) throw new Error('VISIBLE takes three departments; audience.ts gave more');
  return [audience.username, first, second, third];
}

export interface MineQuery {
  unreadOnly: boolean;
  limit: number;
}

export async function findMyNotifications(db: Queryable, audience: Audience, routing: NotificationRouting, query: MineQuery): Promise<MyNotificationList> {
  const params = visibilityParams(audience, routing);
  const { rows } = await db.query<MyNotificationRow>(
    `select n.id, n.department_code, n.username, n.message, n.urgent, n.ticket_id, t.ticket_no, n.call_id, n.created_at, n.created_by, r.read_at
       from notifications n
       left join tickets t on t.id = n.ticket_id
       left join notification_reads r on r.notification_id = n.id and r.username = $1
      where ${VISIBLE} and ($5::boolean is false or r.read_at is null)
      order by n.created_at desc, n.id desc
      limit $6`,
    [...params, query.unreadOnly, query.limit],
  );
  const count = await db.query<{ n: number }>(
    `select count(*)::int as n from notifications n
      where ${VISIBLE}
        and not exists (select 1 from notification_reads r where r.notification_id = n.id and r.username = $1)`,
    params,
  );
  return { items: rows.map(toMyNotification), unreadCount: count.rows[0]?.n ?? 0 };
}

/**
 * Marks one as read by this person; false when there is no such notification *for them*, which the
 * route answers 404 like one that does not exist: a person learns nothing of others' notifications.
 * Reading twice keeps the first time.
 */
export async function markNotificationRead(db: Queryable, audience: Audience, routing: NotificationRouting, id: string, now: Date): Promise<boolean> {
  const { rows } = await db.query<{ id: string }>(
    `insert into notification_reads (notification_id, username, read_at)
       select n.id, $1, $6::timestamptz from notifications n where n.id = $5 and ${VISIBLE}
     on conflict (notification_id, username) do nothing
     returning notification_id as id`,
    [...visibilityParams(audience, routing), id, now],
  );
  if (rows.length > 0) return true;
  // Nothing inserted: read already, or not theirs to read.
  const seen = await db.query(`select 1 from notifications n where n.id = $5 and ${VISIBLE}`, [...visibilityParams(audience, routing), id]);
  return seen.rows.length > 0;
}
