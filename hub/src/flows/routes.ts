import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ApiErrorSchema } from '../../../shared/api/errors';
import {
  FlowListResponseSchema,
  FlowRejectedSchema,
  FlowUploadRequestSchema,
  FlowVersionListSchema,
  StoredFlowSchema,
  type FlowProblem,
  type FlowRejected,
} from '../../../shared/api/flows';
import type { Role } from '../../../shared/domain/roles';
import { FlowIdSchema } from '../../../shared/flows/flow-schema';
import { requireRole, sessionOf } from '../auth/authenticate';
import type { Clock } from '../clock';
import type { Db } from '../db/db';
import { HubError } from '../http/hub-error';
import { protectedErrors } from '../http/schemas';
import { flowsInForce, loadFlowVersion, loadFlowVersions, publishFlow } from './flow-repo';

/** Who changes the center's procedures (DOMAIN.md §1: managers, and the supervisors who run the floor). */
export const FLOW_PUBLISH_ROLES: readonly Role[] = ['supervisor', 'manager', 'admin'];

/**
 * Far above a flow's own limit (FLOW_LIMITS.sourceBytes), so that an oversized file gets the
 * flow's answer (`invalid_flow`, `too_large`, what the limit is) rather than Fastify's bare 413.
 */
export const FLOW_UPLOAD_MAX_BYTES = 16 * 1024 * 1024;

const FlowParamsSchema = z.object({ id: FlowIdSchema });
const FlowVersionParamsSchema = z.object({ id: FlowIdSchema, version: z.coerce.number().int().min(1).max(2_147_483_647) });

const notFound = (what: string): HubError => new HubError('not_found', 404, what);

function rejected(problems: readonly FlowProblem[]): FlowRejected {
  const count = problems.length === 1 ? 'a problem' : `${problems.length} problems`;
  const first = problems[0]?.message ?? '';
  return { error: 'invalid_flow', message: `The flow was not published: ${count}, first: ${first}`, problems: [...problems] };
}

/*
 * Every signed-in role reads the flows: agents and callback staff follow them (and cache them for
 * offline calls), supervisors, managers and QA need the version a call followed.
 */
export const flowRoutes: FastifyPluginAsyncZod<{ db: Db; clock: Clock }> = async (app, { db, clock }) => {
  app.get('/api/v1/flows', {
    schema: {
      summary: 'The version in force (the highest) of every flow',
      tags: ['flows'],
      response: { 200: FlowListResponseSchema, ...protectedErrors },
    },
    handler: async () => ({ flows: await flowsInForce(db) }),
  });

  app.get('/api/v1/flows/:id/versions', {
    schema: {
      summary: 'Every published version of one flow, the one in force first',
      tags: ['flows'],
      params: FlowParamsSchema,
      response: { 200: FlowVersionListSchema, 400: ApiErrorSchema, 404: ApiErrorSchema, ...protectedErrors },
    },
    handler: async (request) => {
      const versions = await loadFlowVersions(db, request.params.id);
      if (versions === null) throw notFound(`No flow "${request.params.id}"`);
      return versions;
    },
  });

  app.get('/api/v1/flows/:id/versions/:version', {
    schema: {
      summary: 'One version of a flow: the one a call or ticket names stays readable after newer ones are published',
      tags: ['flows'],
      params: FlowVersionParamsSchema,
      response: { 200: StoredFlowSchema, 400: ApiErrorSchema, 404: ApiErrorSchema, ...protectedErrors },
    },
    handler: async (request) => {
      const { id, version } = request.params;
      const flow = await loadFlowVersion(db, id, version);
      if (flow === null) throw notFound(`No version ${version} of flow "${id}"`);
      return flow;
    },
  });

  app.post('/api/v1/flows', {
    onRequest: requireRole(FLOW_PUBLISH_ROLES, 'Publishing flows'),
    bodyLimit: FLOW_UPLOAD_MAX_BYTES,
    schema: {
      summary: 'Publish a flow file (YAML or JSON) as the next version of its id, after every check; 400 lists all problems',
      tags: ['flows'],
      body: FlowUploadRequestSchema,
      response: {
        201: StoredFlowSchema,
        400: z.union([FlowRejectedSchema, ApiErrorSchema]),
        403: ApiErrorSchema,
        409: ApiErrorSchema,
        413: ApiErrorSchema,
        ...protectedErrors,
      },
    },
    handler: async (request, reply) => {
      const { user } = sessionOf(request);
      const { source, format } = request.body;
      const result = await db.transaction((tx) => publishFlow(tx, { source, format, by: user.username, now: clock.now() }));
      switch (result.outcome) {
        case 'published':
          return reply.code(201).send(result.flow);
        case 'rejected':
          return reply.code(400).send(rejected(result.problems));
        case 'conflict':
        case 'exists':
          throw new HubError('conflict', 409, 'Another version of this flow was published at the same moment; upload it again to publish it on top');
      }
    },
  });
};
