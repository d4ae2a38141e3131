import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Db } from '../db/db';
import { NO_SECURITY } from './schemas';

export const HealthSchema = z.object({ status: z.literal('ok'), db: z.enum(['pglite', 'postgres']) });

/** Public, for load balancers and process monitors: answers only after the database did. */
export const healthRoute: FastifyPluginAsyncZod<{ db: Db }> = async (app, { db }) => {
  app.get('/healthz', {
    schema: { summary: 'Liveness and database reachability', tags: ['ops'], security: NO_SECURITY, response: { 200: HealthSchema } },
    handler: async () => {
      await db.query('select 1');
      return { status: 'ok' as const, db: db.kind };
    },
  });
};
