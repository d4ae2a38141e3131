import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { BoardSchema } from '../../../shared/api/board';
import { ApiErrorSchema } from '../../../shared/api/errors';
import { requireRole } from '../auth/authenticate';
import type { Clock } from '../clock';
import type { Db } from '../db/db';
import { protectedErrors } from '../http/schemas';
import { loadWrapUp } from '../phone/phone-repo';
import { centerTimeZone } from '../reports/complaint-report';
import { BOARD_ROLES, loadBoard } from './board-repo';

export const boardRoutes: FastifyPluginAsyncZod<{ db: Db; clock: Clock }> = async (app, { db, clock }) => {
  app.get('/api/v1/board', {
    onRequest: requireRole(BOARD_ROLES, 'The board'),
    schema: {
      summary: "The floor now: every agent's state, time in state and current call, and today's totals (the center's day)",
      description:
        'A snapshot; `agent.state` events (one agent\'s row changed) and `board.figures` events (the totals moved) on `GET /api/v1/events` keep it current.',
      tags: ['board'],
      response: { 200: BoardSchema, 403: ApiErrorSchema, ...protectedErrors },
    },
    handler: async (request) => {
      const now = clock.now();
      const [timeZone, wrapUp] = await Promise.all([
        centerTimeZone(db),
        loadWrapUp(db, (value) => request.log.warn({ value }, 'settings.wrap_up is invalid; using the default')),
      ]);
      return loadBoard(db, { now, timeZone, wrapUpSeconds: wrapUp.seconds });
    },
  });
};
