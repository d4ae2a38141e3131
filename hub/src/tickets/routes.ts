import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ApiErrorSchema } from '../../../shared/api/errors';
import {
  CallbackCreateRequestSchema,
  CallbackListResponseSchema,
  CallbackQuerySchema,
  CallbackTaskSchema,
  NotificationCreateRequestSchema,
  NotificationListResponseSchema,
  NotificationQuerySchema,
  NotificationSchema,
  TicketCreateRequestSchema,
  TicketEscalationRequestSchema,
  TicketNoteRequestSchema,
  TicketSchema,
  type Ticket,
} from '../../../shared/api/tickets';
import type { HubEvent } from '../../../shared/api/events';
import { CUSTOMER_EDIT_ROLES } from '../../../shared/customers/caller';
import type { Role } from '../../../shared/domain/roles';
import { requireRole } from '../auth/authenticate';
import { isStorableTime } from '../call-logs/call-log-check';
import type { Clock } from '../clock';
import { callbackChanged } from '../callbacks/callback-repo';
import { announcer, caseActorOf } from '../complaints/case-actor';
import { complaintEscalation, complaintVerdict, mayReadCase, type CaseActor } from '../complaints/case-repo';
import type { Db, Queryable } from '../db/db';
import type { EventBus } from '../events/event-bus';
import { findUnstorable } from '../db/storable';
import { HubError } from '../http/hub-error';
import { protectedErrors } from '../http/schemas';
import { createCallback, createNotification, findCallbacks, findNotifications } from './task-repo';
import { addNote, createTicket, escalate, loadTicket, ticketChanged, type WriteOutcome } from './ticket-repo';

/**
 * Who acts on cases: the staff on the phone (a script's actions), and the supervisors and managers
 * above them. QA reads. On a complaint the procedure (shared/complaints) decides further who may
 * do what.
 */
export const TICKET_WRITE_ROLES: readonly Role[] = CUSTOMER_EDIT_ROLES;

/**
 * A ticket may carry 500 answers of up to 4000 characters: several MB of JSON that the schema
 * accepts must not be turned away by Fastify's 1 MiB default.
 */
export const TICKET_CREATE_MAX_BYTES = 8 * 1024 * 1024;

const TicketParamsSchema = z.object({ id: z.uuid() });
const writeErrors = { 400: ApiErrorSchema, 403: ApiErrorSchema, 409: ApiErrorSchema, ...protectedErrors } as const;

const lower = (id: string | null): string | null => id?.toLowerCase() ?? null;

/** PostgreSQL refuses U+0000 and unpaired surrogates: refused here, naming the field, rather than a 500 later. */
function refuseUnstorable(body: object): void {
  const path = findUnstorable(body);
  if (path !== null) throw new HubError('validation', 400, `${path}: contains U+0000 or an unpaired surrogate, which cannot be stored`, path);
}

function answer<T>(reply: FastifyReply, result: WriteOutcome<T>, what: string): T {
  if (result.outcome === 'conflict') {
    throw new HubError('conflict', 409, `This id was used already for another ${what}; send a new request with a new id`, 'id');
  }
  void reply.code(result.outcome === 'created' ? 201 : 200);
  return result.value;
}

async function kindOf(tx: Queryable, ticketId: string): Promise<string | null> {
  const { rows } = await tx.query<{ kind: string }>('select kind from tickets where id = $1', [ticketId]);
  return rows[0]?.kind ?? null;
}

/** A ticket changed outside the procedure (a note, another kind's escalation): announced with its stored version and queue. */
async function changedOutsideProcedure(tx: Queryable, result: WriteOutcome<Ticket>, actor: CaseActor, events: HubEvent[]): Promise<WriteOutcome<Ticket>> {
  if (result.outcome !== 'created') return result;
  const { rows } = await tx.query<{ version: number; waiting_on: string | null }>('select version, waiting_on from tickets where id = $1', [result.value.id]);
  events.push(ticketChanged(result.value, { version: rows[0]?.version ?? 1, waitingOn: rows[0]?.waiting_on ?? null }, actor));
  return result;
}

/*
 * Tickets, callbacks and notifications as a call's script asks for them (shared/api/tickets.ts).
 * Every write carries the console's id: the first request answers 201, a retry of it 200 with the
 * record as it is now, the same id with other content 409. Ids are lower case from here on.
 */
export const ticketRoutes: FastifyPluginAsyncZod<{ db: Db; clock: Clock; events: EventBus }> = async (app, { db, clock, events }) => {
  const writers = (what: string) => requireRole(TICKET_WRITE_ROLES, what);
  const actorOf = (request: FastifyRequest): CaseActor => caseActorOf(request, clock);
  const announcing = announcer(db, events);

  app.post('/api/v1/tickets', {
    onRequest: writers('Opening tickets'),
    bodyLimit: TICKET_CREATE_MAX_BYTES,
    schema: {
      summary: "Open a ticket from a call, with the script's answers; a complaint's status follows its triage",
      tags: ['tickets'],
      body: TicketCreateRequestSchema,
      response: { 200: TicketSchema, 201: TicketSchema, ...writeErrors, 413: ApiErrorSchema },
    },
    handler: async (request, reply) => {
      const body = { ...request.body, id: request.body.id.toLowerCase(), customerId: lower(request.body.customerId), callId: lower(request.body.callId) };
      refuseUnstorable(body);
      const actor = actorOf(request);
      return answer(reply, await announcing((tx, pending) => createTicket(tx, body, actor, pending)), 'ticket');
    },
  });

  app.get('/api/v1/tickets/:id', {
    schema: {
      summary: 'A ticket with its history, oldest line first',
      tags: ['tickets'],
      params: TicketParamsSchema,
      response: { 200: TicketSchema, 400: ApiErrorSchema, 403: ApiErrorSchema, 404: ApiErrorSchema, ...protectedErrors },
    },
    handler: async (request) => {
      const ticketId = request.params.id.toLowerCase();
      const ticket = await loadTicket(db, ticketId);
      if (ticket === null) throw new HubError('not_found', 404, 'No such ticket');
      // Department staff read the complaints that concern their department, here as on the case page.
      const actor = actorOf(request);
      if (actor.role === 'department' && !(ticket.kind === 'complaint' && (await mayReadCase(db, ticketId, actor)))) {
        throw new HubError('forbidden', 403, `${ticket.ticketNo} does not concern your department`);
      }
      return ticket;
    },
  });

  app.post('/api/v1/tickets/:id/notes', {
    onRequest: writers('Adding to tickets'),
    schema: {
      summary: "A line in the ticket's history; outcome satisfied closes it, not_satisfied sends it back to its department",
      tags: ['tickets'],
      params: TicketParamsSchema,
      body: TicketNoteRequestSchema,
      response: { 200: TicketSchema, 201: TicketSchema, 404: ApiErrorSchema, ...writeErrors },
    },
    handler: async (request, reply) => {
      const body = { ...request.body, id: request.body.id.toLowerCase(), callId: lower(request.body.callId) };
      refuseUnstorable(body);
      const actor = actorOf(request);
      const ticketId = request.params.id.toLowerCase();
      // A callback's verdict on a complaint is a step of the procedure; a plain note is only a line.
      const result = await announcing(async (tx, pending) =>
        body.outcome !== null && (await kindOf(tx, ticketId)) === 'complaint'
          ? complaintVerdict(tx, ticketId, body, actor, pending)
          : changedOutsideProcedure(tx, await addNote(tx, ticketId, body, actor), actor, pending),
      );
      return answer(reply, result, 'request');
    },
  });

  app.post('/api/v1/tickets/:id/escalations', {
    onRequest: writers('Escalating tickets'),
    schema: {
      summary: "Up the org design's escalation chain: next level, or a given one; 400 chain_end past the top",
      tags: ['tickets'],
      params: TicketParamsSchema,
      body: TicketEscalationRequestSchema,
      response: { 200: TicketSchema, 201: TicketSchema, 404: ApiErrorSchema, ...writeErrors },
    },
    handler: async (request, reply) => {
      const body = { ...request.body, id: request.body.id.toLowerCase(), callId: lower(request.body.callId) };
      refuseUnstorable(body);
      const actor = actorOf(request);
      const ticketId = request.params.id.toLowerCase();
      const result = await announcing(async (tx, pending) =>
        (await kindOf(tx, ticketId)) === 'complaint'
          ? complaintEscalation(tx, ticketId, body, actor, pending)
          : changedOutsideProcedure(tx, await escalate(tx, ticketId, body, actor), actor, pending),
      );
      return answer(reply, result, 'request');
    },
  });

  app.post('/api/v1/callbacks', {
    onRequest: writers('Scheduling callbacks'),
    schema: {
      summary: 'A callback promised to the customer, pending until the callback staff make it',
      tags: ['callbacks'],
      body: CallbackCreateRequestSchema,
      response: { 200: CallbackTaskSchema, 201: CallbackTaskSchema, ...writeErrors },
    },
    handler: async (request, reply) => {
      const { id, customerId, ticketId, callId } = request.body;
      const body = { ...request.body, id: id.toLowerCase(), customerId: lower(customerId), ticketId: lower(ticketId), callId: lower(callId) };
      refuseUnstorable(body);
      if (!isStorableTime(body.dueAt)) throw new HubError('validation', 400, `dueAt: ${body.dueAt} is not a time the hub can store`, 'dueAt');
      const actor = actorOf(request);
      // A promise made on a call lands in the callback pool: worklists and boards hear of it now.
      const result = await announcing(async (tx, pending) => {
        const created = await createCallback(tx, body, actor);
        if (created.outcome === 'created') pending.push(callbackChanged({ ...created.value, assignee: null, version: 1 }, actor));
        return created;
      });
      return answer(reply, result, 'callback');
    },
  });

  app.get('/api/v1/callbacks', {
    schema: {
      summary: 'Callbacks of a ticket, a customer or a call (at least one filter), soonest due first',
      tags: ['callbacks'],
      querystring: CallbackQuerySchema,
      response: { 200: CallbackListResponseSchema, 400: ApiErrorSchema, ...protectedErrors },
    },
    handler: async (request) => {
      const { ticketId, customerId, callId } = request.query;
      if (ticketId === undefined && customerId === undefined && callId === undefined) {
        throw new HubError('validation', 400, 'ticketId, customerId or callId: name at least one', 'ticketId');
      }
      return { items: await findCallbacks(db, { ticketId: ticketId?.toLowerCase(), customerId: customerId?.toLowerCase(), callId: callId?.toLowerCase() }) };
    },
  });

  app.post('/api/v1/notifications', {
    onRequest: writers('Notifying departments'),
    schema: {
      summary: 'Tell a department of the org design (or the field staff, field-staff) of a case',
      tags: ['notifications'],
      body: NotificationCreateRequestSchema,
      response: { 200: NotificationSchema, 201: NotificationSchema, ...writeErrors },
    },
    handler: async (request, reply) => {
      const { id, ticketId, callId } = request.body;
      const body = { ...request.body, id: id.toLowerCase(), ticketId: lower(ticketId), callId: lower(callId) };
      refuseUnstorable(body);
      const actor = actorOf(request);
      const result = await announcing(async (tx, pending) => {
        const written = await createNotification(tx, body, actor);
        if (written.outcome === 'created') {
          const { id: notificationId, departmentCode, urgent, ticketId, createdAt } = written.value;
          pending.push({ type: 'notification.created', notificationId, departmentCode, username: null, ticketId, urgent, at: createdAt });
        }
        return written;
      });
      return answer(reply, result, 'notification');
    },
  });

  app.get('/api/v1/notifications', {
    schema: {
      summary: "A department's notifications, or a ticket's (at least one filter), newest first",
      tags: ['notifications'],
      querystring: NotificationQuerySchema,
      response: { 200: NotificationListResponseSchema, 400: ApiErrorSchema, ...protectedErrors },
    },
    handler: async (request) => {
      const { departmentCode, ticketId } = request.query;
      if (departmentCode === undefined && ticketId === undefined) {
        throw new HubError('validation', 400, 'departmentCode or ticketId: name at least one', 'departmentCode');
      }
      return { items: await findNotifications(db, { departmentCode, ticketId: ticketId?.toLowerCase() }) };
    },
  });
};
