import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { ComplaintReportQuerySchema, ComplaintReportSchema } from '../../../shared/api/complaints';
import { ApiErrorSchema } from '../../../shared/api/errors';
import type { Role } from '../../../shared/domain/roles';
import { requireRole } from '../auth/authenticate';
import type { Clock } from '../clock';
import type { Db } from '../db/db';
import { protectedErrors } from '../http/schemas';
import { centerTimeZone, complaintReport, reportPeriod } from './complaint-report';

/** Who reads the center's statistics: those who run it. */
export const REPORT_ROLES: readonly Role[] = ['supervisor', 'manager', 'admin'];

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
};
