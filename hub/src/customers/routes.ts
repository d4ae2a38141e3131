import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  AccessReasonSchema,
  CustomerAccessLogSchema,
  CustomerChangesPageSchema,
  CustomerChangesQuerySchema,
  CustomerCreateRequestSchema,
  CustomerDetailSchema,
  CustomerIdSchema,
  CustomerLookupQuerySchema,
  CustomerLookupResponseSchema,
  CustomerSearchQuerySchema,
  CustomerSearchResponseSchema,
  CustomerUpdateRequestSchema,
  type CustomerDetail,
} from '../../../shared/api/customers';
import { ApiErrorSchema } from '../../../shared/api/errors';
import { CUSTOMER_AUDIT_ROLES, CUSTOMER_EDIT_ROLES, callerKey } from '../../../shared/customers/caller';
import { PHONE_ROLES } from '../agent/routes';
import { requireRole, sessionOf } from '../auth/authenticate';
import type { Clock } from '../clock';
import type { Db, Queryable } from '../db/db';
import { HubError } from '../http/hub-error';
import { protectedErrors } from '../http/schemas';
import { logReads, readAccessLog } from './access-log';
import { changesAfter, findByPhone, loadDetail, parseChangeCursor } from './customer-repo';
import { searchCustomers } from './customer-search';
import { checkPhones, createCustomer, updateContact, type StoredPhone } from './customer-write';

// Hub-side query and path schemas; candidates for shared/api/customers.ts when the console needs them.
const CustomerParamsSchema = z.object({ id: CustomerIdSchema });
const CustomerReadQuerySchema = z.object({
  /** Why the record is opened: kept in the access log. */
  reason: AccessReasonSchema.default('workspace'),
  callId: z.uuid().optional(),
});

const notFound = (): HubError => new HubError('not_found', 404, 'No such customer');

function phonesOrThrow(raw: readonly string[]): StoredPhone[] {
  const checked = checkPhones(raw);
  if (!checked.ok) {
    const field = `phones.${checked.index}`;
    throw new HubError('validation', 400, `${field}: not a phone number a caller could have (e.g. 13800138000 or 010-6552 1234)`, field);
  }
  return checked.phones;
}

async function detailOrThrow(db: Queryable, id: string): Promise<CustomerDetail> {
  const detail = await loadDetail(db, id);
  if (detail === null) throw notFound();
  return detail;
}

/*
 * Customer data is confidential (DOMAIN.md §6): everyone signed in may read it, and every read by a
 * person is logged with its reason before the answer leaves. Ids are lower case from here on, as
 * PostgreSQL gives them back, so that a card and the id that fetched it always compare equal.
 */
export const customerRoutes: FastifyPluginAsyncZod<{ db: Db; clock: Clock }> = async (app, { db, clock }) => {
  app.get('/api/v1/customers/lookup', {
    schema: {
      summary: "The screen pop: every customer with the caller's number, whatever format the PBX sent it in",
      tags: ['customers'],
      querystring: CustomerLookupQuerySchema,
      response: { 200: CustomerLookupResponseSchema, 400: ApiErrorSchema, ...protectedErrors },
    },
    handler: async (request) => {
      const { user } = sessionOf(request);
      const key = callerKey(request.query.phone);
      // Withheld, internal or no number at all: "unknown caller", not an error, and no record was read.
      if (key.kind !== 'customer') return { e164: null, items: [] };
      const items = await findByPhone(db, key.e164);
      await logReads(db, items.map((card) => card.id), {
        userId: user.id,
        reason: 'screen-pop',
        callId: request.query.callId?.toLowerCase() ?? null,
        at: clock.now(),
      });
      return { e164: key.e164, items };
    },
  });

  app.get('/api/v1/customers/changes', {
    onRequest: requireRole(PHONE_ROLES, 'The customer change feed'),
    schema: {
      summary: "Cards changed after the cursor, oldest change first: keeps a console's local copy for the screen pop fresh",
      tags: ['customers'],
      querystring: CustomerChangesQuerySchema,
      response: { 200: CustomerChangesPageSchema, 400: ApiErrorSchema, 403: ApiErrorSchema, ...protectedErrors },
    },
    handler: async (request) => {
      const { after, limit } = request.query;
      const cursor = parseChangeCursor(after ?? '0');
      if (cursor === null) throw new HubError('validation', 400, 'after: not a cursor of this feed; pass the cursor of the previous page as it was given', 'after');
      // Not logged per customer: this copies cards to the console's cache, which only the screen pop
      // reads; nobody looks at a record here. The pop's own reads are logged when they happen.
      return changesAfter(db, cursor, limit);
    },
  });

  app.get('/api/v1/customers', {
    schema: {
      summary: 'Search by phone number (any format, or its last digits), order number, waybill, serial number or name',
      tags: ['customers'],
      querystring: CustomerSearchQuerySchema,
      response: { 200: CustomerSearchResponseSchema, 400: ApiErrorSchema, ...protectedErrors },
    },
    handler: async (request) => {
      const { user } = sessionOf(request);
      const items = await searchCustomers(db, request.query.q, request.query.limit);
      await logReads(db, items.map((hit) => hit.card.id), { userId: user.id, reason: 'search', callId: null, at: clock.now() });
      return { items };
    },
  });

  app.get('/api/v1/customers/:id', {
    schema: {
      summary: 'The whole record: card, contact details, orders, product units, tickets and history',
      tags: ['customers'],
      params: CustomerParamsSchema,
      querystring: CustomerReadQuerySchema,
      response: { 200: CustomerDetailSchema, 400: ApiErrorSchema, 404: ApiErrorSchema, ...protectedErrors },
    },
    handler: async (request) => {
      const { user } = sessionOf(request);
      const id = request.params.id.toLowerCase();
      const detail = await detailOrThrow(db, id);
      const { reason, callId } = request.query;
      await logReads(db, [id], { userId: user.id, reason, callId: callId?.toLowerCase() ?? null, at: clock.now() });
      return detail;
    },
  });

  app.post('/api/v1/customers', {
    onRequest: requireRole(CUSTOMER_EDIT_ROLES, 'Creating customers'),
    schema: {
      summary: 'Quick-create; the console makes the id, so a retried request creates the customer once',
      tags: ['customers'],
      body: CustomerCreateRequestSchema,
      response: { 200: CustomerDetailSchema, 201: CustomerDetailSchema, 400: ApiErrorSchema, 403: ApiErrorSchema, 409: ApiErrorSchema, ...protectedErrors },
    },
    handler: async (request, reply) => {
      const { user } = sessionOf(request);
      const body = request.body;
      const id = body.id.toLowerCase();
      const phones = phonesOrThrow(body.phones);
      const input = { id, name: body.name, customerClass: body.customerClass, phones, email: body.email ?? null, address: body.address ?? null, notes: body.notes ?? null };
      const { outcome, detail } = await db.transaction(async (tx) => {
        const done = await createCustomer(tx, input, user.id, clock.now());
        return { outcome: done, detail: done === 'conflict' ? null : await detailOrThrow(tx, id) };
      });
      if (outcome === 'conflict' || detail === null) {
        throw new HubError('conflict', 409, 'A customer with this id exists already with other details; create the new customer with a new id', 'id');
      }
      return reply.code(outcome === 'created' ? 201 : 200).send(detail);
    },
  });

  app.patch('/api/v1/customers/:id', {
    onRequest: requireRole(CUSTOMER_EDIT_ROLES, 'Editing customers'),
    schema: {
      summary: 'Edit contact details on the version the editor saw; 409 if someone else changed the record since',
      tags: ['customers'],
      params: CustomerParamsSchema,
      body: CustomerUpdateRequestSchema,
      response: { 200: CustomerDetailSchema, 400: ApiErrorSchema, 403: ApiErrorSchema, 404: ApiErrorSchema, 409: ApiErrorSchema, ...protectedErrors },
    },
    handler: async (request) => {
      const { user } = sessionOf(request);
      const id = request.params.id.toLowerCase();
      const { phones, ...rest } = request.body;
      const patch = { ...rest, phones: phones === undefined ? undefined : phonesOrThrow(phones) };
      return db.transaction(async (tx) => {
        const result = await updateContact(tx, id, patch, user.id, clock.now());
        if (result.outcome === 'not_found') throw notFound();
        if (result.outcome === 'conflict') {
          throw new HubError(
            'conflict',
            409,
            `Someone else changed this customer since you opened it (now version ${result.storedVersion}, yours ${patch.version}); reload it and make your change again`,
            'version',
          );
        }
        return detailOrThrow(tx, id);
      });
    },
  });

  app.get('/api/v1/customers/:id/access-log', {
    onRequest: requireRole(CUSTOMER_AUDIT_ROLES, 'The access log of customer records'),
    schema: {
      summary: 'Who read or changed the record, when and why; newest first, the last 200',
      tags: ['customers'],
      params: CustomerParamsSchema,
      response: { 200: CustomerAccessLogSchema, 400: ApiErrorSchema, 403: ApiErrorSchema, 404: ApiErrorSchema, ...protectedErrors },
    },
    handler: async (request) => {
      const id = request.params.id.toLowerCase();
      // A removed customer's log stays readable: that is when it may matter most.
      const items = await readAccessLog(db, id);
      if (items.length === 0 && (await db.query('select 1 from customers where id = $1', [id])).rows.length === 0) throw notFound();
      return { items };
    },
  });
};
