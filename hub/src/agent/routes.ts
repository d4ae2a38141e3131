import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ApiErrorSchema } from '../../../shared/api/errors';
import { AgentStateReportSchema, AgentStateSchema } from '../../../shared/api/phone';
import type { Role } from '../../../shared/domain/roles';
import { requireRole, sessionOf } from '../auth/authenticate';
import { announceAgentRow } from '../board/board-events';
import type { Clock } from '../clock';
import type { Db } from '../db/db';
import type { EventBus } from '../events/event-bus';
import { HubError } from '../http/hub-error';
import { protectedErrors } from '../http/schemas';
import { reasonCodeExists } from '../phone/phone-repo';
import { loadCurrentAgentState, recordAgentStateChange } from './agent-state-repo';

/** The roles that work on the phone, and so have an agent state (DOMAIN.md §1). */
export const PHONE_ROLES: readonly Role[] = ['agent', 'callback'];

/**
 * How far ahead of the hub a console's clock may be. Reports are stamped by the agent's PC, whose
 * clock drifts; a report from much further ahead would pin the agent's state until that time
 * arrives, since every real report after it would look older.
 */
export const MAX_CLOCK_AHEAD_MS = 5 * 60_000;

// Hub-side answers of the agent-state routes; candidates for shared/api/phone.ts when the console uses them.
export const AgentStateReportResultSchema = z.object({
  applied: z.boolean().describe('false: the hub already had this change or a newer one, and ignored it'),
});

export const CurrentAgentStateSchema = z.object({
  state: AgentStateSchema,
  reasonCode: z.string().nullable(),
  since: z.iso.datetime().describe('When the state began, by the console clock that reported it'),
  callId: z.string().nullable(),
});

export const agentRoutes: FastifyPluginAsyncZod<{ db: Db; clock: Clock; events: EventBus }> = async (app, { db, clock, events }) => {
  const phoneRolesOnly = requireRole(PHONE_ROLES, 'The agent state');

  app.post('/api/v1/agent/state', {
    onRequest: phoneRolesOnly,
    schema: {
      summary: "Report a change of the signed-in agent's state; stale and repeated reports are ignored",
      tags: ['agent'],
      body: AgentStateReportSchema,
      response: { 200: AgentStateReportResultSchema, 400: ApiErrorSchema, 403: ApiErrorSchema, ...protectedErrors },
    },
    handler: async (request) => {
      const { user } = sessionOf(request);
      const report = request.body;
      const now = clock.now();
      const at = new Date(report.at);
      if (at.getTime() > now.getTime() + MAX_CLOCK_AHEAD_MS) {
        throw new HubError('validation', 400, `at: ${report.at} is more than 5 minutes ahead of the hub's clock (${now.toISOString()})`, 'at');
      }
      if (report.reasonCode !== null && !(await reasonCodeExists(db, report.reasonCode))) {
        throw new HubError('validation', 400, `reasonCode: unknown reason code "${report.reasonCode}"`, 'reasonCode');
      }
      const applied = await recordAgentStateChange(db, user.id, { state: report.state, reasonCode: report.reasonCode, at, callId: report.callId }, now);
      // The change is stored whatever happens to its announcement: a board that missed it catches
      // up at its next reload, while a failed answer would make the console send it again.
      if (applied) await announceAgentRow(db, events, user.id, now).catch((error: unknown) => request.log.warn({ err: error }, 'agent.state not announced'));
      return { applied };
    },
  });

  app.get('/api/v1/agent/state', {
    onRequest: phoneRolesOnly,
    schema: {
      summary: "The signed-in agent's current state, as last reported",
      tags: ['agent'],
      response: { 200: CurrentAgentStateSchema, 403: ApiErrorSchema, 404: ApiErrorSchema, ...protectedErrors },
    },
    handler: async (request) => {
      const current = await loadCurrentAgentState(db, sessionOf(request).user.id);
      if (current === null) throw new HubError('not_found', 404, 'No state has been reported for this agent yet');
      return { ...current, since: current.since.toISOString() };
    },
  });
};
