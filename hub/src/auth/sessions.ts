import type { Queryable } from '../db/db';
import { hashSessionToken, newSessionToken } from './tokens';
import { USER_COLUMNS, type UserRow } from './users';

export const DEFAULT_SESSION_TTL_MS = 12 * 60 * 60 * 1000;

export interface NewSession {
  token: string;
  expiresAt: Date;
}

/**
 * Sessions live in the database, never in process memory: several hub processes will serve one
 * center, and any of them must accept a token another one issued.
 */
export async function createSession(db: Queryable, userId: string, now: Date, ttlMs: number): Promise<NewSession> {
  const token = newSessionToken();
  const expiresAt = new Date(now.getTime() + ttlMs);
  await db.query('insert into sessions (token_hash, user_id, created_at, expires_at) values ($1, $2, $3, $4)', [
    hashSessionToken(token),
    userId,
    now,
    expiresAt,
  ]);
  // The user's own dead sessions go here, on a write we make anyway, rather than on a timer.
  await db.query('delete from sessions where user_id = $1 and expires_at <= $2', [userId, now]);
  return { token, expiresAt };
}

export interface ActiveSession {
  tokenHash: string;
  user: UserRow;
}

/** Read-only: a rejected token must not cost a write. */
export async function findActiveSession(db: Queryable, token: string, now: Date): Promise<ActiveSession | null> {
  const tokenHash = hashSessionToken(token);
  const { rows } = await db.query<UserRow>(
    `select ${USER_COLUMNS} from sessions s join users u on u.id = s.user_id
      where s.token_hash = $1 and s.expires_at > $2`,
    [tokenHash, now],
  );
  const user = rows[0];
  return user === undefined ? null : { tokenHash, user };
}

export async function deleteSession(db: Queryable, tokenHash: string): Promise<void> {
  await db.query('delete from sessions where token_hash = $1', [tokenHash]);
}
