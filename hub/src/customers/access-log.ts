import type { AccessReason, CustomerAccessEntry } from '../../../shared/api/customers';
import type { Queryable } from '../db/db';

/*
 * 客户信息保密制度 (DOMAIN.md §6): every time a person reads or changes a customer's record, who,
 * when and why is kept here. Entries are written before the answer leaves the hub, so a read whose
 * entry could not be written fails instead of going unlogged.
 */

/** The fields an edit changed, with their values before and after. */
export type FieldChanges = Record<string, { before: unknown; after: unknown }>;

export interface ReadContext {
  userId: string;
  reason: AccessReason;
  callId: string | null;
  at: Date;
}

/** One `read` entry per customer, in one statement. */
export async function logReads(db: Queryable, customerIds: readonly string[], context: ReadContext): Promise<void> {
  if (customerIds.length === 0) return;
  await db.query(
    `insert into customer_access_log (customer_id, user_id, at, action, reason, call_id)
     select customer_id, $2::uuid, $3::timestamptz, 'read', $4::text, $5::uuid from unnest($1::uuid[]) as customer_id`,
    [[...new Set(customerIds)], context.userId, context.at, context.reason, context.callId],
  );
}

export async function logWrite(
  db: Queryable,
  entry: { customerId: string; userId: string; at: Date; action: 'create' | 'update'; changes: FieldChanges | null },
): Promise<void> {
  await db.query(
    `insert into customer_access_log (customer_id, user_id, at, action, changes) values ($1, $2, $3, $4, $5::jsonb)`,
    [entry.customerId, entry.userId, entry.at, entry.action, entry.changes === null ? null : JSON.stringify(entry.changes)],
  );
}

export const ACCESS_LOG_LIMIT = 200;

interface EntryRow {
  at: Date;
  username: string;
  display_name: string;
  action: CustomerAccessEntry['action'];
  reason: string | null;
  changes: CustomerAccessEntry['changes'];
}

/** Newest first; several entries of one moment (a search's hits) in the order they were written, reversed. */
export async function readAccessLog(db: Queryable, customerId: string): Promise<CustomerAccessEntry[]> {
  const { rows } = await db.query<EntryRow>(
    `select l.at, u.username, u.display_name, l.action, l.reason, l.changes
       from customer_access_log l join users u on u.id = l.user_id
      where l.customer_id = $1
      order by l.at desc, l.id desc
      limit $2`,
    [customerId, ACCESS_LOG_LIMIT],
  );
  return rows.map((row) => ({
    at: new Date(row.at).toISOString(),
    username: row.username,
    displayName: row.display_name,
    action: row.action,
    reason: row.reason,
    changes: row.changes,
  }));
}
