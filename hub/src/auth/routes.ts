import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { LoginRequestSchema, LoginResponseSchema, MeResponseSchema } from '../../../shared/api/auth';
import { ApiErrorSchema } from '../../../shared/api/errors';
import { PHONE_ROLES } from '../agent/routes';
import { announceAgentRow } from '../board/board-events';
import type { Clock } from '../clock';
import type { Db } from '../db/db';
import type { EventBus } from '../events/event-bus';
import { HubError, LOGIN_FAILED_MESSAGE } from '../http/hub-error';
import { NO_SECURITY, protectedErrors } from '../http/schemas';
import { sessionOf } from './authenticate';
import { burnPasswordCheck, verifyPassword } from './password';
import { createSession, deleteSession } from './sessions';
import { findUserForLogin, toUser } from './users';

export interface LoginRouteOptions {
  db: Db;
  clock: Clock;
  sessionTtlMs: number;
  rateLimit: { max: number; timeWindowMs: number };
}

/**
 * Public: the one route that accepts a password, so it is also the one that is rate-limited — per
 * client address *and* username: a whole floor logs in from one NAT address at shift start, and
 * must not lock itself out, while guessing one account's password stays slow.
 */
export const loginRoute: FastifyPluginAsyncZod<LoginRouteOptions> = async (app, { db, clock, sessionTtlMs, rateLimit }) => {
  app.post('/api/v1/auth/login', {
    config: {
      rateLimit: {
        max: rateLimit.max,
        timeWindow: rateLimit.timeWindowMs,
        // After body parsing, so the key can include the username.
        hook: 'preHandler',
        keyGenerator: (request) => `${request.ip}|${loginKey(request.body)}`,
      },
    },
    schema: {
      summary: 'Sign in with username and password; returns a bearer token',
      tags: ['auth'],
      security: NO_SECURITY,
      body: LoginRequestSchema,
      response: { 200: LoginResponseSchema, 400: ApiErrorSchema, 401: ApiErrorSchema, 429: ApiErrorSchema },
    },
    handler: async (request) => {
      const { username, password } = request.body;
      const user = await findUserForLogin(db, username);
      const ok = user === null ? await burnPasswordCheck(password) : await verifyPassword(password, user.password_hash);
      if (user === null || !ok) throw new HubError('unauthorized', 401, LOGIN_FAILED_MESSAGE);
      const session = await createSession(db, user.id, clock.now(), sessionTtlMs);
      return { token: session.token, user: toUser(user), expiresAt: session.expiresAt.toISOString() };
    },
  });
};

export const sessionRoutes: FastifyPluginAsyncZod<{ db: Db; clock: Clock; events: EventBus }> = async (app, { db, clock, events }) => {
  app.post('/api/v1/auth/logout', {
    schema: {
      summary: 'End the current session',
      tags: ['auth'],
      response: { 204: z.null().describe('Signed out'), ...protectedErrors },
    },
    handler: async (request, reply) => {
      const { user, tokenHash } = sessionOf(request);
      await deleteSession(db, tokenHash);
      // An agent signing out leaves the floor: boards show it now, not at their next reload.
      if ((PHONE_ROLES as readonly string[]).includes(user.role)) {
        await announceAgentRow(db, events, user.id, clock.now()).catch((error: unknown) => request.log.warn({ err: error }, 'sign-out not announced'));
      }
      return reply.code(204).send(null);
    },
  });

  app.get('/api/v1/me', {
    schema: { summary: 'The signed-in user', tags: ['auth'], response: { 200: MeResponseSchema, ...protectedErrors } },
    handler: async (request) => {
      const { user } = sessionOf(request);
      return { user: toUser(user), extension: user.sip_extension };
    },
  });
};

function loginKey(body: unknown): string {
  const username = typeof body === 'object' && body !== null ? (body as { username?: unknown }).username : undefined;
  return typeof username === 'string' ? username.trim().toLowerCase().slice(0, 64) : '';
}
