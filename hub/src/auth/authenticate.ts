import type { FastifyRequest, onRequestAsyncHookHandler } from 'fastify';
import type { Clock } from '../clock';
import type { Db } from '../db/db';
import type { Role } from '../../../shared/domain/roles';
import { forbidden, unauthorized } from '../http/hub-error';
import { findActiveSession, type ActiveSession } from './sessions';
import { bearerToken } from './tokens';

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by `authenticate` on every route of the protected scope; null elsewhere. */
    session: ActiveSession | null;
  }
}

export function authenticate(db: Db, clock: Clock): onRequestAsyncHookHandler {
  return async (request, reply) => {
    const token = bearerToken(request.headers.authorization);
    const session = token === null ? null : await findActiveSession(db, token, clock.now());
    if (session === null) {
      reply.header('www-authenticate', 'Bearer');
      throw unauthorized();
    }
    request.session = session;
  };
}

/** The session of a protected route; throws if a route was registered outside the protected scope. */
export function sessionOf(request: FastifyRequest): ActiveSession {
  if (request.session === null) throw new Error(`route ${request.url} is not behind authenticate()`);
  return request.session;
}

/**
 * A route-level `onRequest` hook for routes of some roles only. Route hooks run after the scope's
 * `authenticate`, and before the body is validated: a user without the role learns nothing about
 * what a valid request would look like.
 */
export function requireRole(roles: readonly Role[], what: string): onRequestAsyncHookHandler {
  return async (request) => {
    const { user } = sessionOf(request);
    if (!(roles as readonly string[]).includes(user.role)) throw forbidden(`${what} is for the roles ${roles.join(', ')} only`);
  };
}
