import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { OrgDesignSchema } from '../../../shared/api/org';
import type { Db } from '../db/db';
import { protectedErrors } from '../http/schemas';
import { loadOrgDesign } from './org-repo';

export const orgRoutes: FastifyPluginAsyncZod<{ db: Db }> = async (app, { db }) => {
  app.get('/api/v1/org', {
    schema: {
      summary: 'The org design: departments, queues, transfer targets, escalation chain',
      tags: ['org'],
      response: { 200: OrgDesignSchema, ...protectedErrors },
    },
    handler: () => loadOrgDesign(db),
  });
};
