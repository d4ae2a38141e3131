import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  ComplaintActionRequestSchema,
  ComplaintDetailSchema,
  ComplaintListQuerySchema,
  ComplaintListResponseSchema,
} from '../../../shared/api/complaints';
import { ApiErrorSchema } from '../../../shared/api/errors';
import { ComplaintConfigSchema } from '../../../shared/complaints/complaint-config';
import { requireRole, sessionOf } from '../auth/authenticate';
import type { Clock } from '../clock';
import { logReads } from '../customers/access-log';
import type { Db } from '../db/db';
import { findUnstorable } from '../db/storable';
import type { EventBus } from '../events/event-bus';
import { HubError } from '../http/hub-error';
import { protectedErrors } from '../http/schemas';
import { announcer, caseActorOf } from './case-actor';
import { listComplaints } from './case-list';
import { applyComplaintAction, loadComplaintDetail, mayRead, type CaseActor } from './case-repo';
import { readComplaintConfig, writeComplaintConfig } from './config-repo';

const TicketParamsSchema = z.object({ id: z.uuid() });
const readErrors = { 400: ApiErrorSchema, 403: ApiErrorSchema, 404: ApiErrorSchema, ...protectedErrors } as const;
const writeErrors = { ...readErrors, 409: ApiErrorSchema } as const;

/*
 * The complaint procedure on the API (shared/api/complaints.ts): the case list and a case, the
 * actions people take on it, and the center's configuration of it. Evidence files and the
 * statistics have routes of their own (attachments.ts, hub/src/reports).
 */
export const complaintRoutes: FastifyPluginAsyncZod<{ db: Db; clock: Clock; events: EventBus }> = async (app, { db, clock, events }) => {
  const actorOf = (request: FastifyRequest): CaseActor => caseActorOf(request, clock);
  const announcing = announcer(db, events);

  app.post('/api/v1/tickets/:id/actions', {
    schema: {
      summary:
        "A step of the complaint procedure on the version the person saw: 201 with the case; a retry 200; 409 stale_version when someone acted first, illegal_transition when the status does not allow it; 403 forbidden or authority_exceeded",
      tags: ['complaints'],
      params: TicketParamsSchema,
      body: ComplaintActionRequestSchema,
      response: { 200: ComplaintDetailSchema, 201: ComplaintDetailSchema, ...writeErrors },
    },
    handler: async (request, reply) => {
      const body = { ...request.body, id: request.body.id.toLowerCase() };
      const unstorable = findUnstorable(body);
      if (unstorable !== null) throw new HubError('validation', 400, `${unstorable}: contains U+0000 or an unpaired surrogate, which cannot be stored`, unstorable);
      const actor = actorOf(request);
      const ticketId = request.params.id.toLowerCase();
      const result = await announcing((tx, pending) => applyComplaintAction(tx, ticketId, body, actor, pending));
      if (result.outcome === 'conflict') {
        throw new HubError('conflict', 409, 'This id was used already for another request; send a new request with a new id', 'id');
      }
      void reply.code(result.outcome === 'created' ? 201 : 200);
      return result.value;
    },
  });

  app.get('/api/v1/complaints/:id', {
    schema: {
      summary: 'A complaint case with its history, forms, evidence and what the caller may do now; department staff read their department\'s cases only',
      tags: ['complaints'],
      params: TicketParamsSchema,
      response: { 200: ComplaintDetailSchema, ...readErrors },
    },
    handler: async (request) => {
      const actor = actorOf(request);
      const detail = await loadComplaintDetail(db, request.params.id.toLowerCase(), actor);
      if (detail === null) throw new HubError('not_found', 404, 'No such complaint');
      const concerned = mayRead(
        { waiting_on: detail.case.waitingOn, department_code: detail.departmentCode, assistance: detail.case.assistance },
        actor,
      );
      if (!concerned) throw new HubError('forbidden', 403, `${detail.ticketNo} does not concern your department`);
      // The case page shows its customer (name, the intake's contact details): a read of the record
      // as far as 客户信息保密制度 is concerned, logged before the answer leaves.
      if (detail.customerId !== null) {
        await logReads(db, [detail.customerId], { userId: sessionOf(request).user.id, reason: 'complaint-case', callId: null, at: actor.now });
      }
      return detail;
    },
  });

  app.get('/api/v1/complaints', {
    schema: {
      summary: 'Complaint cases, newest first, with filters and a keyset cursor; department staff see their department\'s cases only',
      tags: ['complaints'],
      querystring: ComplaintListQuerySchema,
      response: { 200: ComplaintListResponseSchema, 400: ApiErrorSchema, ...protectedErrors },
    },
    handler: async (request) => {
      const actor = actorOf(request);
      return listComplaints(db, request.query, actor, actor.now);
    },
  });

  app.get('/api/v1/complaint-config', {
    schema: {
      summary: "The center's complaint procedure: routing, authority limits, time limits, the report's department columns",
      tags: ['complaints'],
      response: { 200: ComplaintConfigSchema, ...protectedErrors },
    },
    handler: async () => readComplaintConfig(db),
  });

  app.put('/api/v1/complaint-config', {
    onRequest: requireRole(['admin'], 'Changing the complaint procedure'),
    schema: {
      summary: 'Replace the complaint configuration (admin); every open case is brought in line with it',
      tags: ['complaints'],
      body: ComplaintConfigSchema,
      response: { 200: ComplaintConfigSchema, 400: ApiErrorSchema, 403: ApiErrorSchema, ...protectedErrors },
    },
    handler: async (request) => {
      const config = request.body;
      await announcing(async (tx, pending) => {
        pending.push(...(await writeComplaintConfig(tx, config, clock.now())));
      });
      return config;
    },
  });
};
