import type { HubEvent } from '../../../shared/api/events';
import { FIELD_STAFF_TARGET } from '../../../shared/api/tickets';
import type { ComplaintConfig } from '../../../shared/complaints/complaint-config';
import { RoleSchema, type Role } from '../../../shared/domain/roles';
import type { UserRow } from '../auth/users';
import { BOARD_ROLES } from '../board/board-repo';
import { readComplaintConfig } from '../complaints/config-repo';
import type { Queryable } from '../db/db';

/*
 * Who is told what: one rule for the notifications a person lists (notification-repo.ts) and for
 * the events pushed to their console (events/routes.ts), so that the bell never rings for
 * something the list would not show.
 */

/** The person a list or a stream is for, as the database has them now. */
export interface Audience {
  username: string;
  role: Role;
  /** Their department in the org design; null for none. */
  departmentCode: string | null;
}

/** The roles that lead the service department and so read what is sent to it (4-1: 主管, 经理). */
const SERVICE_LEADS: readonly Role[] = ['supervisor', 'manager'];

/** The departments of the complaint procedure that decide who reads what (complaint-config.ts). */
export type NotificationRouting = Pick<ComplaintConfig['routing'], 'serviceDepartment' | 'fieldDepartment'>;

/**
 * The departments whose notifications this person reads: their own; for staff of the field
 * department, what scripts send to the field staff (`field-staff`, which is no department of the
 * org design); for supervisors and managers, the service department's. Notifications naming the
 * person come on top of these.
 */
export function notificationDepartments(audience: Audience, routing: NotificationRouting): string[] {
  const departments = new Set<string>();
  if (audience.departmentCode !== null) departments.add(audience.departmentCode);
  if (audience.departmentCode === routing.fieldDepartment) departments.add(FIELD_STAFF_TARGET);
  if (SERVICE_LEADS.includes(audience.role)) departments.add(routing.serviceDepartment);
  return [...departments];
}

/**
 * Whether an event reaches this person's console. Department staff see only the cases that wait on
 * their department (the rest of the procedure is none of their business); everyone else works or
 * watches cases and hears of every change.
 */
export function mayReceive(audience: Audience, routing: NotificationRouting, event: HubEvent): boolean {
  switch (event.type) {
    case 'ticket.changed':
      return (
        audience.role !== 'department' ||
        (audience.departmentCode !== null && (event.waitingOn === audience.departmentCode || event.previousWaitingOn === audience.departmentCode))
      );
    case 'notification.created':
      return (
        (event.username !== null && event.username === audience.username) ||
        notificationDepartments(audience, routing).includes(event.departmentCode)
      );
    case 'callback.changed':
      // The worklist's people: the callback staff (the pool is theirs) and those who lead them.
      return CALLBACK_WORKERS.includes(audience.role);
    case 'agent.state':
    case 'board.figures':
      // The board's: agents do not watch each other.
      return BOARD_ROLES.includes(audience.role);
  }
}

/** Roles that work or watch the callback worklist. */
const CALLBACK_WORKERS: readonly Role[] = ['callback', 'supervisor', 'manager', 'admin'];

/** The procedure's departments, read where the procedure reads them. */
export async function readNotificationRouting(db: Queryable): Promise<NotificationRouting> {
  const { serviceDepartment, fieldDepartment } = (await readComplaintConfig(db)).routing;
  return { serviceDepartment, fieldDepartment };
}

type AudienceRow = Pick<UserRow, 'username' | 'role' | 'department_code'>;

export const audienceOf = (user: AudienceRow): Audience => ({
  username: user.username,
  role: RoleSchema.parse(user.role),
  departmentCode: user.department_code,
});

/**
 * The person behind a session, read again: null once the session is gone (logout) or expired.
 * Role and department are read too, so that a change to either takes effect on an open stream.
 */
export async function findSessionAudience(db: Queryable, tokenHash: string, now: Date): Promise<Audience | null> {
  const { rows } = await db.query<AudienceRow>(
    `select u.username, u.role, u.department_code from sessions s join users u on u.id = s.user_id
      where s.token_hash = $1 and s.expires_at > $2`,
    [tokenHash, now],
  );
  const row = rows[0];
  return row === undefined ? null : audienceOf(row);
}
