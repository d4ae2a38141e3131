import type { User } from '../../../shared/api/auth';
import { RoleSchema } from '../../../shared/domain/roles';
import type { Queryable } from '../db/db';

export interface UserRow {
  id: string;
  username: string;
  role: string;
  display_name: string;
  sip_extension: string | null;
  department_code: string | null;
}

export const USER_COLUMNS = 'u.id, u.username, u.role, u.display_name, u.sip_extension, u.department_code';

export function toUser(row: UserRow): User {
  return { id: row.id, username: row.username, role: RoleSchema.parse(row.role), displayName: row.display_name, departmentCode: row.department_code };
}

export async function findUserForLogin(
  db: Queryable,
  username: string,
): Promise<(UserRow & { password_hash: string }) | null> {
  const { rows } = await db.query<UserRow & { password_hash: string }>(
    `select ${USER_COLUMNS}, u.password_hash from users u where u.username = $1`,
    [username],
  );
  return rows[0] ?? null;
}
