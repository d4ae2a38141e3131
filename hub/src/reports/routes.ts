import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { CallReportQuerySchema, CallReportSchema } from '../../../shared/api/board';
import { CallbackReportSchema } from '../../../shared/api/callbacks';
import { ComplaintReportQuerySchema, ComplaintReportSchema } from '../../../shared/api/complaints';
import { ApiErrorSchema } from '../../../shared/api/errors';
import type { Role } from '../../../shared/domain/roles';
import { requireRole, sessionOf } from '../auth/authenticate';
import type { Clock } from '../clock';
import type { Db } from '../db/db';
import { HubError } from '../http/hub-error';
import { protectedErrors } from '../http/schemas';
import { callReport } from './call-report';
import { callbackReport } from './callback-report';
import { centerTimeZone, complaintReport, reportPeriod } from './complaint-report';

/** Who reads the center's statistics: those who run it. */
export const REPORT_ROLES: readonly Role[] = ['supervisor', 'manager', 'admin'];

/** The callback staff read the callback figures too: the center's, and their own row among the people. */
const CALLBACK_REPORT_ROLES: readonly Role[] = [...REPORT_ROLES, 'callback'];

export const reportRoutes: FastifyPluginAsyncZod<{ db: Db; clock: Clock }> = async (app, { db, clock }) => {
  app.get('/api/v1/reports/complaints', {
    onRequest: requireRole(REPORT_ROLES, 'The complaint statistics'),
    schema: {
      summary: "The complaint section's statistics of the complaints opened from `from` to `to` (days of the center's time zone, both included)",
      tags: ['reports'],
      querystring: ComplaintReportQuerySchema,
      response: { 200: ComplaintReportSchema, 400: ApiErrorSchema, 403: ApiErrorSchema, ...protectedErrors },
    },
    handler: async (request) => {
      const period = reportPeriod(request.query.from, request.query.to, await centerTimeZone(db));
      return complaintReport(db, period, clock.now());
    },
  });

  app.get('/api/v1/reports/callbacks', {
    onRequest: requireRole(CALLBACK_REPORT_ROLES, 'The callback figures'),
    schema: {
      summary:
        "The callback figures from `from` to `to` (days of the center's time zone, both included): due, done, overdue, reach and satisfaction, in total, per type, per person and per day",
      tags: ['reports'],
      // The same period as the complaint report's: two days of the center's calendar.
      querystring: ComplaintReportQuerySchema,
      response: { 200: CallbackReportSchema, 400: ApiErrorSchema, 403: ApiErrorSchema, ...protectedErrors },
    },
    handler: async (request) => {
      const { user } = sessionOf(request);
      const period = reportPeriod(request.query.from, request.query.to, await centerTimeZone(db));
      // Colleagues' rows are for those who run the center; a callback specialist compares their own with the totals.
      return callbackReport(db, period, clock.now(), user.role === 'callback' ? { onlyAgent: user.username } : {});
    },
  });

  app.get('/api/v1/reports/calls', {
    onRequest: requireRole(REPORT_ROLES, 'The call figures'),
    schema: {
      summary:
        "Calls and handle times from `from` to `to` (days of the center's time zone, both included), of one department's agents or all: in total, per agent, per queue, per disposition and per day",
      tags: ['reports'],
      querystring: CallReportQuerySchema,
      response: { 200: CallReportSchema, 400: ApiErrorSchema, 403: ApiErrorSchema, ...protectedErrors },
    },
    handler: async (request) => {
      const { from, to, department = null } = request.query;
      const period = reportPeriod(from, to, await centerTimeZone(db));
      if (department !== null && (await db.query('select 1 from departments where code = $1', [department])).rows.length === 0) {
        throw new HubError('validation', 400, `department: no department of the org design has the code "${department}"`, 'department');
      }
      return callReport(db, period, clock.now(), department);
    },
  });
};
