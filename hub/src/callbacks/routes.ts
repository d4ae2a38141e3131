import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  CallbackAssignRequestSchema,
  CallbackAttemptRequestSchema,
  CallbackCancelRequestSchema,
  CallbackConfigSchema,
  CallbackManualRequestSchema,
  CallbackSettingsSchema,
  CallbackSurveyRequestSchema,
  CallbackWorkItemSchema,
  CallbackWorklistQuerySchema,
  CallbackWorklistResponseSchema,
} from '../../../shared/api/callbacks';
import { ApiErrorSchema } from '../../../shared/api/errors';
import { requireRole } from '../auth/authenticate';
import { isStorableTime } from '../call-logs/call-log-check';
import type { Clock } from '../clock';
import { announcer, caseActorOf } from '../complaints/case-actor';
import type { CaseActor } from '../complaints/case-repo';
import type { Db } from '../db/db';
import { findUnstorable } from '../db/storable';
import type { EventBus } from '../events/event-bus';
import { HubError } from '../http/hub-error';
import { protectedErrors } from '../http/schemas';
import { centerTimeZone } from '../reports/complaint-report';
import { writeSetting } from '../settings/settings-repo';
import type { WriteOutcome } from '../tickets/ticket-repo';
import {
  assign,
  cancel,
  claim,
  CALLBACK_SUPERVISOR_ROLES,
  CALLBACK_WORK_ROLES,
  createManual,
  loadWorkItem,
  recordAttempt,
  recordSurvey,
  release,
  worklist,
} from './callback-repo';
import { CALLBACK_CONFIG_KEY, readCallbackConfig } from './config-repo';

const ParamsSchema = z.object({ id: z.uuid() });
const writeErrors = { 400: ApiErrorSchema, 403: ApiErrorSchema, 404: ApiErrorSchema, 409: ApiErrorSchema, ...protectedErrors } as const;

function refuseUnstorable(body: object): void {
  const path = findUnstorable(body);
  if (path !== null) throw new HubError('validation', 400, `${path}: contains U+0000 or an unpaired surrogate, which cannot be stored`, path);
}

function answer<T>(reply: FastifyReply, result: WriteOutcome<T>, what: string): T {
  if (result.outcome === 'conflict') throw new HubError('conflict', 409, `This id was used already for another ${what}; send a new request with a new id`, 'id');
  void reply.code(result.outcome === 'created' ? 201 : 200);
  return result.value;
}

const lower = (id: string | null): string | null => id?.toLowerCase() ?? null;

/*
 * The callback worklist (shared/api/callbacks.ts): callback staff claim, call, record attempts and
 * take the survey; supervisors assign and cancel. Every change is announced (`callback.changed`)
 * after its commit, with whatever the complaint procedure did alongside.
 */
export const callbackRoutes: FastifyPluginAsyncZod<{ db: Db; clock: Clock; events: EventBus }> = async (app, { db, clock, events }) => {
  const workers = (what: string) => requireRole(CALLBACK_WORK_ROLES, what);
  const supervisors = (what: string) => requireRole(CALLBACK_SUPERVISOR_ROLES, what);
  const actorOf = (request: FastifyRequest): CaseActor => caseActorOf(request, clock);
  const announcing = announcer(db, events);
  const idOf = (request: { params: { id: string } }): string => request.params.id.toLowerCase();

  app.get('/api/v1/callbacks/worklist', {
    onRequest: workers('The callback worklist'),
    schema: {
      summary: 'Callback tasks to work: overdue first, then high priority, then soonest due; or the ended ones, newest first',
      tags: ['callbacks'],
      querystring: CallbackWorklistQuerySchema,
      response: { 200: CallbackWorklistResponseSchema, 400: ApiErrorSchema, 403: ApiErrorSchema, ...protectedErrors },
    },
    handler: async (request) => worklist(db, request.query, actorOf(request)),
  });

  app.get('/api/v1/callbacks/:id', {
    onRequest: workers('Reading callback tasks'),
    schema: {
      summary: 'One callback task with its attempts and survey',
      tags: ['callbacks'],
      params: ParamsSchema,
      response: { 200: CallbackWorkItemSchema, 403: ApiErrorSchema, 404: ApiErrorSchema, ...protectedErrors },
    },
    handler: async (request) => {
      const item = await loadWorkItem(db, idOf(request), clock.now());
      if (item === null) throw new HubError('not_found', 404, 'No such callback');
      return item;
    },
  });

  app.post('/api/v1/callbacks/:id/claim', {
    onRequest: workers('Claiming callbacks'),
    schema: {
      summary: 'Take a task from the pool; 409 already_claimed names who has it. Claiming one\'s own again changes nothing',
      tags: ['callbacks'],
      params: ParamsSchema,
      response: { 200: CallbackWorkItemSchema, ...writeErrors },
    },
    handler: async (request) => {
      const actor = actorOf(request);
      return announcing((tx, pending) => claim(tx, idOf(request), actor, pending));
    },
  });

  app.post('/api/v1/callbacks/:id/release', {
    onRequest: workers('Releasing callbacks'),
    schema: {
      summary: 'Put a task back in the pool (its holder, or a supervisor)',
      tags: ['callbacks'],
      params: ParamsSchema,
      response: { 200: CallbackWorkItemSchema, ...writeErrors },
    },
    handler: async (request) => {
      const actor = actorOf(request);
      return announcing((tx, pending) => release(tx, idOf(request), actor, pending));
    },
  });

  app.post('/api/v1/callbacks/:id/assign', {
    onRequest: supervisors('Assigning callbacks'),
    schema: {
      summary: 'Give a task to one of the callback staff, or back to the pool (null)',
      tags: ['callbacks'],
      params: ParamsSchema,
      body: CallbackAssignRequestSchema,
      response: { 200: CallbackWorkItemSchema, ...writeErrors },
    },
    handler: async (request) => {
      const actor = actorOf(request);
      return announcing((tx, pending) => assign(tx, idOf(request), request.body.assignee, actor, pending));
    },
  });

  app.post('/api/v1/callbacks/:id/cancel', {
    onRequest: supervisors('Cancelling callbacks'),
    schema: {
      summary: "End a task nobody should make; the reason joins the task's note",
      tags: ['callbacks'],
      params: ParamsSchema,
      body: CallbackCancelRequestSchema,
      response: { 200: CallbackWorkItemSchema, ...writeErrors },
    },
    handler: async (request) => {
      refuseUnstorable(request.body);
      const actor = actorOf(request);
      return announcing((tx, pending) => cancel(tx, idOf(request), request.body.reason, actor, pending));
    },
  });

  app.post('/api/v1/callbacks/:id/attempts', {
    onRequest: workers('Recording callback attempts'),
    schema: {
      summary: "One try at reaching the customer; the retry rule and the calling hours decide what comes next. Idempotent by id",
      tags: ['callbacks'],
      params: ParamsSchema,
      body: CallbackAttemptRequestSchema,
      response: { 200: CallbackWorkItemSchema, 201: CallbackWorkItemSchema, ...writeErrors },
    },
    handler: async (request, reply) => {
      const body = { ...request.body, id: request.body.id.toLowerCase(), callId: lower(request.body.callId) };
      refuseUnstorable(body);
      if (body.callLaterAt !== null && !isStorableTime(body.callLaterAt)) {
        throw new HubError('validation', 400, `callLaterAt: ${body.callLaterAt} is not a time the hub can store`, 'callLaterAt');
      }
      const actor = actorOf(request);
      return answer(reply, await announcing((tx, pending) => recordAttempt(tx, idOf(request), body, actor, pending)), 'attempt');
    },
  });

  app.post('/api/v1/callbacks/:id/survey', {
    onRequest: workers('Recording surveys'),
    schema: {
      summary: "The customer's verdict: ends the task; a complaint waiting for it closes (satisfied) or goes back to its department. Idempotent by id",
      tags: ['callbacks'],
      params: ParamsSchema,
      body: CallbackSurveyRequestSchema,
      response: { 200: CallbackWorkItemSchema, 201: CallbackWorkItemSchema, ...writeErrors },
    },
    handler: async (request, reply) => {
      const body = { ...request.body, id: request.body.id.toLowerCase(), callId: lower(request.body.callId) };
      refuseUnstorable(body);
      const actor = actorOf(request);
      return answer(reply, await announcing((tx, pending) => recordSurvey(tx, idOf(request), body, actor, pending)), 'survey');
    },
  });

  app.post('/api/v1/callbacks/manual', {
    onRequest: workers('Making callbacks by hand'),
    schema: {
      summary: 'A callback made by hand, due inside the calling hours; into the pool or to someone. Idempotent by id',
      tags: ['callbacks'],
      body: CallbackManualRequestSchema,
      response: { 200: CallbackWorkItemSchema, 201: CallbackWorkItemSchema, ...writeErrors },
    },
    handler: async (request, reply) => {
      const body = { ...request.body, id: request.body.id.toLowerCase(), customerId: lower(request.body.customerId), ticketId: lower(request.body.ticketId) };
      refuseUnstorable(body);
      if (!isStorableTime(body.dueAt)) throw new HubError('validation', 400, `dueAt: ${body.dueAt} is not a time the hub can store`, 'dueAt');
      const actor = actorOf(request);
      return answer(reply, await announcing((tx, pending) => createManual(tx, body, actor, pending)), 'callback');
    },
  });

  app.get('/api/v1/callback-config', {
    schema: {
      summary: "How the center works its callbacks: the retry rule, the calling hours (in the center's time zone), the after-sales rule",
      tags: ['callbacks'],
      response: { 200: CallbackSettingsSchema, ...protectedErrors },
    },
    handler: async () => ({ config: await readCallbackConfig(db), timeZone: await centerTimeZone(db) }),
  });

  app.put('/api/v1/callback-config', {
    onRequest: requireRole(['admin'], 'Changing the callback configuration'),
    schema: {
      summary: 'Replace the callback configuration (admin)',
      tags: ['callbacks'],
      body: CallbackConfigSchema,
      response: { 200: CallbackSettingsSchema, 400: ApiErrorSchema, 403: ApiErrorSchema, ...protectedErrors },
    },
    handler: async (request) => {
      const config = request.body;
      await db.transaction(async (tx) => {
        const { rows } = await tx.query<{ code: string }>('select code from disposition_codes where code = any($1::text[])', [config.afterSales.dispositionCodes]);
        const known = new Set(rows.map((row) => row.code));
        const index = config.afterSales.dispositionCodes.findIndex((code) => !known.has(code));
        if (index >= 0) {
          const field = `afterSales.dispositionCodes.${index}`;
          throw new HubError('validation', 400, `${field}: "${config.afterSales.dispositionCodes[index]}" is no disposition code of the center`, field);
        }
        await writeSetting(tx, CALLBACK_CONFIG_KEY, config);
      });
      return { config, timeZone: await centerTimeZone(db) };
    },
  });
};
