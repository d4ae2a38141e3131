import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  CALL_LOG_BATCH_MAX_BYTES,
  CallLogBatchRequestSchema,
  CallLogBatchResponseSchema,
  CallLogPageSchema,
  CallLogQuerySchema,
  type CallLogBatchResult,
} from '../../../shared/api/call-logs';
import { ApiErrorSchema } from '../../../shared/api/errors';
import type { HubEvent } from '../../../shared/api/events';
import { PHONE_ROLES } from '../agent/routes';
import { requireRole, sessionOf } from '../auth/authenticate';
import { announceCallLogs } from '../board/board-events';
import type { BoardFigures } from '../board/board-figures';
import type { Clock } from '../clock';
import type { Db } from '../db/db';
import { applyAfterSalesRule } from '../callbacks/after-sales-rule';
import type { EventBus } from '../events/event-bus';
import { forbidden, HubError } from '../http/hub-error';
import { protectedErrors } from '../http/schemas';
import { checkCallLog, isStorableTime, type CallLogProblem, type IncomingCallLog } from './call-log-check';
import { decodeCursor, encodeCursor, findCallLogs, ingestCallLogs, type IngestOutcome } from './call-log-repo';
import { knownDispositionCodes } from './disposition-code-repo';

function invalid(index: number, problem: CallLogProblem): CallLogBatchResult {
  const field = problem.path === '' ? `records.${index}` : `records.${index}.${problem.path}`;
  return { index, id: problem.id, outcome: 'rejected', error: { status: 400, code: 'validation', message: `${field}: ${problem.message}`, field } };
}

function answer(index: number, item: IncomingCallLog, result: IngestOutcome): CallLogBatchResult {
  const { id, version } = item.record;
  if (result.outcome !== 'conflict') return { index, id, outcome: result.outcome, storedVersion: result.storedVersion };
  // Whose the call is stays unsaid: the uploader has no business knowing.
  const error =
    result.reason === 'other_agent'
      ? { message: 'This call log id belongs to another agent; the stored call log was left unchanged', field: `records.${index}.id` }
      : { message: `Version ${version} of this call log is stored already with other content; a change needs a higher version`, field: `records.${index}.version` };
  return { index, id, outcome: 'rejected', error: { status: 409, code: 'conflict', ...error } };
}

/** Agents and callback specialists see their own calls; the roles that oversee them see everyone's. */
const OWN_CALLS_ONLY: readonly string[] = PHONE_ROLES;

export const callLogRoutes: FastifyPluginAsyncZod<{ db: Db; clock: Clock; events: EventBus; figures: BoardFigures }> = async (app, { db, clock, events, figures }) => {
  app.post('/api/v1/call-logs/batch', {
    onRequest: requireRole(PHONE_ROLES, 'Uploading call logs'),
    bodyLimit: CALL_LOG_BATCH_MAX_BYTES,
    schema: {
      summary: 'Upload call logs of the signed-in agent; each record is merged by version, or refused, on its own',
      tags: ['call-logs'],
      body: CallLogBatchRequestSchema,
      response: { 200: CallLogBatchResponseSchema, 400: ApiErrorSchema, 403: ApiErrorSchema, 413: ApiErrorSchema, ...protectedErrors },
    },
    handler: async (request) => {
      const { user } = sessionOf(request);
      const now = clock.now();
      const checked = request.body.records.map((raw) => checkCallLog(raw, now));
      const codes = new Set(checked.flatMap((c) => (c.ok && c.value.record.wrapUp.dispositionCode !== null ? [c.value.record.wrapUp.dispositionCode] : [])));
      const known = await knownDispositionCodes(db, [...codes]);

      const results: CallLogBatchResult[] = [];
      const accepted: { index: number; item: IncomingCallLog }[] = [];
      checked.forEach((c, index) => {
        if (!c.ok) {
          results[index] = invalid(index, c.problem);
          return;
        }
        const code = c.value.record.wrapUp.dispositionCode;
        if (code !== null && !known.has(code)) {
          results[index] = invalid(index, { id: c.value.record.id, path: 'wrapUp.dispositionCode', message: `unknown disposition code "${code}"` });
          return;
        }
        accepted.push({ index, item: c.value });
      });
      const made: HubEvent[] = [];
      const outcomes = await ingestCallLogs(db, user.id, accepted.map((a) => a.item), now, (tx, written) => applyAfterSalesRule(tx, written, now, made));
      // Announced only once the batch committed: a worklist told of a callback reads it at once.
      for (const event of made) events.publish(event);
      const written = accepted.flatMap(({ item }, k) => (outcomes[k]?.outcome === 'created' || outcomes[k]?.outcome === 'updated' ? [item.record.id] : []));
      await announceCallLogs(db, clock, events, figures, user.id, written).catch((error: unknown) => request.log.warn({ err: error }, 'board not told of call logs'));
      outcomes.forEach((outcome, k) => {
        const { index, item } = accepted[k]!;
        results[index] = answer(index, item, outcome);
      });
      return { results };
    },
  });

  app.get('/api/v1/call-logs', {
    schema: {
      summary: 'Call logs, newest first, keyset-paged; agents and callback specialists get only their own',
      tags: ['call-logs'],
      querystring: CallLogQuerySchema,
      response: { 200: CallLogPageSchema, 400: ApiErrorSchema, 403: ApiErrorSchema, ...protectedErrors },
    },
    handler: async (request) => {
      const { user } = sessionOf(request);
      const query = request.query;
      let agentId = query.agentId?.toLowerCase();
      if (OWN_CALLS_ONLY.includes(user.role)) {
        if (agentId !== undefined && agentId !== user.id) throw forbidden("Agents see only their own call logs; ask without agentId or with your own");
        agentId = user.id;
      }
      const bound = (name: 'from' | 'to'): string | undefined => {
        const iso = query[name];
        if (iso !== undefined && !isStorableTime(iso)) throw new HubError('validation', 400, `${name}: ${iso} is not a time the hub can compare`, name);
        return iso;
      };
      const after = query.cursor === undefined ? null : decodeCursor(query.cursor);
      if (query.cursor !== undefined && after === null) {
        throw new HubError('validation', 400, 'cursor: not a cursor of this list; pass nextCursor as it was given', 'cursor');
      }
      const page = await findCallLogs(db, { agentId, customerId: query.customerId, from: bound('from'), to: bound('to') }, after, query.limit);
      return { items: page.items, nextCursor: page.next === null ? null : encodeCursor(page.next) };
    },
  });
};
