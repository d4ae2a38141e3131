import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ApiErrorSchema } from '../../../shared/api/errors';
import { MyNotificationListSchema, MyNotificationsQuerySchema, NotificationParamsSchema } from '../../../shared/api/notifications';
import { sessionOf } from '../auth/authenticate';
import type { Clock } from '../clock';
import type { Db } from '../db/db';
import { HubError } from '../http/hub-error';
import { protectedErrors } from '../http/schemas';
import { audienceOf, readNotificationRouting } from './audience';
import { findMyNotifications, markNotificationRead } from './notification-repo';

/*
 * The bell: every role has one. What a person sees is decided by audience.ts, the same rule that
 * picks the `notification.created` events pushed to their console.
 */
export const notificationRoutes: FastifyPluginAsyncZod<{ db: Db; clock: Clock }> = async (app, { db, clock }) => {
  app.get('/api/v1/notifications/mine', {
    schema: {
      summary: "The caller's notifications (by name, their department's, and the service department's for supervisors and managers), newest first, with whether they read each",
      tags: ['notifications'],
      querystring: MyNotificationsQuerySchema,
      response: { 200: MyNotificationListSchema, 400: ApiErrorSchema, ...protectedErrors },
    },
    handler: async (request) => {
      const audience = audienceOf(sessionOf(request).user);
      const { unread, limit } = request.query;
      return findMyNotifications(db, audience, await readNotificationRouting(db), { unreadOnly: unread ?? false, limit });
    },
  });

  app.post('/api/v1/notifications/:id/read', {
    schema: {
      summary: 'Marks one of the caller\'s notifications read by them; again changes nothing; 404 for one that is not theirs',
      tags: ['notifications'],
      params: NotificationParamsSchema,
      response: { 204: z.null().describe('Read'), 400: ApiErrorSchema, 404: ApiErrorSchema, ...protectedErrors },
    },
    handler: async (request, reply) => {
      const audience = audienceOf(sessionOf(request).user);
      const found = await markNotificationRead(db, audience, await readNotificationRouting(db), request.params.id.toLowerCase(), clock.now());
      if (!found) throw new HubError('not_found', 404, 'No such notification');
      return reply.code(204).send(null);
    },
  });
};
