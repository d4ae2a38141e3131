import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ApiErrorSchema } from '../../../shared/api/errors';
import {
  AgentResponseRequestSchema,
  AssessorListSchema,
  CalibrationListSchema,
  CalibrationRequestSchema,
  CalibrationSchema,
  EvaluationCorrectionRequestSchema,
  EvaluationListQuerySchema,
  EvaluationListSchema,
  EvaluationSaveRequestSchema,
  EvaluationSchema,
  QaFiguresQuerySchema,
  QaFiguresSchema,
  ReviewDetailSchema,
  ReviewListQuerySchema,
  ReviewListSchema,
  SamplingRulesSchema,
  SamplingRunListSchema,
  SamplingRunRequestSchema,
  SamplingRunSchema,
  ScorecardListSchema,
  ScorecardListQuerySchema,
  ScorecardActivationSchema,
} from '../../../shared/api/qa';
import { ScorecardDefinitionSchema, ScorecardSchema } from '../../../shared/qa/scorecard';
import { requireRole, sessionOf } from '../auth/authenticate';
import type { Clock } from '../clock';
import type { Db } from '../db/db';
import { findUnstorable } from '../db/storable';
import type { EventBus } from '../events/event-bus';
import { announcer } from '../complaints/case-actor';
import { HubError } from '../http/hub-error';
import { protectedErrors } from '../http/schemas';
import { centerTimeZone, reportPeriod } from '../reports/complaint-report';
import {
  listScorecards,
  setScorecardActive,
  scorecardForNewReviews,
  EVALUATED_ROLES,
  putScorecard,
  QA_LEAD_ROLES,
  QA_READ_ROLES,
  QA_WORK_ROLES,
  readSamplingRules,
  SCORECARD_READ_ROLES,
  scorecardVersion,
  writeSamplingRules,
} from './qa-config';
import { createCalibration, listCalibrations, readCalibration } from './qa-calibrations';
import { correctEvaluation, listEvaluations, readEvaluation, respondToEvaluation, reviewDetail, saveEvaluation, listReviews } from './qa-evaluations';
import { qaFigures } from './qa-figures';
import { listSamplingRuns, openReviewCounts, runSampling } from './qa-sampling';

const IdParams = z.object({ id: z.uuid() });
const ScorecardIdParams = z.object({ id: ScorecardSchema.shape.id });
const ScorecardVersionParams = z.object({ id: ScorecardSchema.shape.id, version: z.coerce.number().int().min(1).max(1_000_000) });
const readErrors = { 400: ApiErrorSchema, 403: ApiErrorSchema, 404: ApiErrorSchema, ...protectedErrors } as const;
const writeErrors = { ...readErrors, 409: ApiErrorSchema } as const;

function refuseUnstorable(body: object): void {
  const path = findUnstorable(body);
  if (path !== null) throw new HubError('validation', 400, `${path}: contains U+0000 or an unpaired surrogate, which cannot be stored`, path);
}

const notFound = (what: string) => new HubError('not_found', 404, `No such ${what}`);

/*
 * Quality assessment (issue 9; shared/api/qa.ts): scorecards, sampling, the review queue,
 * evaluations with their audit trail, the agent's response, calibration and the figures.
 */
export const qaRoutes: FastifyPluginAsyncZod<{ db: Db; clock: Clock; events: EventBus }> = async (app, { db, clock, events }) => {
  const announcing = announcer(db, events);
  const idOf = (request: { params: { id: string } }): string => request.params.id.toLowerCase();

  // ── scorecards ──

  app.get('/api/v1/qa/scorecards', {
    onRequest: requireRole(SCORECARD_READ_ROLES, 'Reading scorecards'),
    schema: {
      summary: 'The active scorecards (include=all: the retired ones too), each at its latest version, and the one new reviews are scored on',
      tags: ['qa'],
      querystring: ScorecardListQuerySchema,
      response: { 200: ScorecardListSchema, ...readErrors },
    },
    handler: async (request) => ({ scorecards: await listScorecards(db, request.query.include), inUse: await scorecardForNewReviews(db) }),
  });

  app.get('/api/v1/qa/scorecards/:id/versions/:version', {
    onRequest: requireRole(SCORECARD_READ_ROLES, 'Reading scorecards'),
    schema: {
      summary: 'One version of a scorecard, as evaluations scored on it name it',
      tags: ['qa'],
      params: ScorecardVersionParams,
      response: { 200: ScorecardSchema, ...readErrors },
    },
    handler: async (request) => {
      const card = await scorecardVersion(db, request.params.id, request.params.version);
      if (card === null) throw notFound('scorecard version');
      return card;
    },
  });

  app.put('/api/v1/qa/scorecards/:id', {
    onRequest: requireRole(['admin'], 'Editing scorecards'),
    schema: {
      summary: "Store a scorecard's next version (a new id starts at 1); evaluations keep the version they were scored on",
      tags: ['qa'],
      params: ScorecardIdParams,
      body: ScorecardDefinitionSchema,
      response: { 200: ScorecardSchema, ...writeErrors },
    },
    handler: async (request) => {
      refuseUnstorable(request.body);
      const { user } = sessionOf(request);
      return db.transaction((tx) => putScorecard(tx, request.params.id, request.body, user.username, clock.now()));
    },
  });

  app.put('/api/v1/qa/scorecards/:id/active', {
    onRequest: requireRole(['admin'], 'Retiring or activating scorecards'),
    schema: {
      summary: 'Retire a scorecard, or activate it (which makes it the card new reviews are scored on); the last active card cannot be retired',
      tags: ['qa'],
      params: ScorecardIdParams,
      body: ScorecardActivationSchema,
      response: { 200: ScorecardSchema, ...writeErrors },
    },
    handler: async (request) => {
      const { user } = sessionOf(request);
      const card = await db.transaction((tx) => setScorecardActive(tx, request.params.id, request.body.active, user.username, clock.now()));
      if (card === null) throw notFound('scorecard');
      return card;
    },
  });

  // ── sampling ──

  app.get('/api/v1/qa/sampling-rules', {
    onRequest: requireRole(QA_READ_ROLES, 'Reading the sampling rules'),
    schema: { summary: 'The sampling rules runs use', tags: ['qa'], response: { 200: SamplingRulesSchema, ...readErrors } },
    handler: async () => readSamplingRules(db),
  });

  app.put('/api/v1/qa/sampling-rules', {
    onRequest: requireRole(['admin', 'manager'], 'Changing the sampling rules'),
    schema: { summary: 'Replace the sampling rules', tags: ['qa'], body: SamplingRulesSchema, response: { 200: SamplingRulesSchema, ...writeErrors } },
    handler: async (request) => {
      await writeSamplingRules(db, request.body, sessionOf(request).user.username, clock.now());
      return request.body;
    },
  });

  app.get('/api/v1/qa/assessors', {
    onRequest: requireRole(QA_WORK_ROLES, 'Listing assessors'),
    schema: { summary: 'The assessors (role qa), with how many reviews each has not submitted', tags: ['qa'], response: { 200: AssessorListSchema, ...readErrors } },
    handler: async () => {
      const { rows } = await db.query<{ id: string; username: string; display_name: string }>(
        `select id, username, display_name from users where role = 'qa' order by username`,
      );
      const open = await openReviewCounts(db, rows.map((row) => row.id));
      return { assessors: rows.map((row) => ({ id: row.id, username: row.username, displayName: row.display_name, openReviews: open.get(row.id) ?? 0 })) };
    },
  });

  app.post('/api/v1/qa/sampling-runs', {
    onRequest: requireRole(QA_WORK_ROLES, 'Sampling calls'),
    schema: {
      summary:
        "Sample the recorded, answered calls of `from`..`to` (the center's days) not sampled before, by the sampling rules, and share them among the assessors, fewest open reviews first",
      tags: ['qa'],
      body: SamplingRunRequestSchema,
      response: { 201: SamplingRunSchema, ...writeErrors },
    },
    handler: async (request, reply) => {
      refuseUnstorable(request.body);
      const timeZone = await centerTimeZone(db);
      const run = await db.transaction((tx) => runSampling(tx, request.body, timeZone, sessionOf(request).user.username, clock.now()));
      void reply.code(201);
      return run;
    },
  });

  app.get('/api/v1/qa/sampling-runs', {
    onRequest: requireRole(QA_READ_ROLES, 'Reading sampling runs'),
    schema: { summary: 'The last 100 sampling runs, newest first', tags: ['qa'], response: { 200: SamplingRunListSchema, ...readErrors } },
    handler: async () => ({ runs: await listSamplingRuns(db) }),
  });

  // ── the review queue ──

  app.get('/api/v1/qa/reviews', {
    onRequest: requireRole(QA_WORK_ROLES, 'The review queue'),
    schema: {
      summary: "Reviews, open and draft first: `mine` (an assessor's own), or `all` (supervisors and managers)",
      tags: ['qa'],
      querystring: ReviewListQuerySchema,
      response: { 200: ReviewListSchema, ...readErrors },
    },
    handler: async (request) => {
      const { user } = sessionOf(request);
      const { scope, status = null, limit } = request.query;
      if (scope === 'all' && !(QA_LEAD_ROLES as readonly string[]).includes(user.role)) {
        throw new HubError('forbidden', 403, 'Everyone\'s reviews are for supervisors and managers; an assessor lists their own (scope=mine)');
      }
      return { reviews: await listReviews(db, { assessorId: scope === 'all' ? null : user.id, status, limit }) };
    },
  });

  app.get('/api/v1/qa/reviews/:id', {
    onRequest: requireRole(QA_WORK_ROLES, 'Reading reviews'),
    schema: {
      summary: 'A review with its call log, the scorecard version it is scored on and its evaluation so far (its assessor, supervisors and managers)',
      tags: ['qa'],
      params: IdParams,
      response: { 200: ReviewDetailSchema, ...readErrors },
    },
    handler: async (request) => {
      const detail = await reviewDetail(db, idOf(request), sessionOf(request).user);
      if (detail === null) throw notFound('review');
      return detail;
    },
  });

  app.put('/api/v1/qa/reviews/:id/evaluation', {
    onRequest: requireRole(['qa'], 'Scoring calls'),
    schema: {
      summary:
        'Save the draft or submit (every item scored or n/a). The assigned assessor only; 409 stale_version over a version not read, 409 read_only once submitted',
      tags: ['qa'],
      params: IdParams,
      body: EvaluationSaveRequestSchema,
      response: { 200: EvaluationSchema, 201: EvaluationSchema, ...writeErrors },
    },
    handler: async (request, reply) => {
      refuseUnstorable(request.body);
      const { user } = sessionOf(request);
      const { evaluation, created } = await db.transaction((tx) => saveEvaluation(tx, idOf(request), request.body, user, clock.now()));
      void reply.code(created ? 201 : 200);
      return evaluation;
    },
  });

  // ── evaluations ──

  app.get('/api/v1/qa/evaluations', {
    onRequest: requireRole([...QA_WORK_ROLES, ...EVALUATED_ROLES], 'Reading evaluations'),
    schema: {
      summary:
        "Evaluations outside calibration, newest call first. Agents: their own submitted ones. Assessors: submitted ones and their own drafts. Supervisors, managers: submitted ones. `from`/`to` are the center's days of the call",
      tags: ['qa'],
      querystring: EvaluationListQuerySchema,
      response: { 200: EvaluationListSchema, ...readErrors },
    },
    handler: async (request) => {
      const { agentId, from, to, limit } = request.query;
      const timeZone = await centerTimeZone(db);
      const period = from !== undefined || to !== undefined ? reportPeriod(from ?? '2000-01-01', to ?? '2999-12-31', timeZone) : null;
      const filter = { agentId: agentId?.toLowerCase() ?? null, start: period?.start ?? null, end: period?.end ?? null, limit };
      return { evaluations: await listEvaluations(db, filter, sessionOf(request).user) };
    },
  });

  app.get('/api/v1/qa/evaluations/:id', {
    onRequest: requireRole([...QA_WORK_ROLES, ...EVALUATED_ROLES], 'Reading evaluations'),
    schema: { summary: 'One evaluation, if this person may see it (else 404)', tags: ['qa'], params: IdParams, response: { 200: EvaluationSchema, ...readErrors } },
    handler: async (request) => {
      const evaluation = await readEvaluation(db, idOf(request), sessionOf(request).user);
      if (evaluation === null) throw notFound('evaluation');
      return evaluation;
    },
  });

  app.post('/api/v1/qa/evaluations/:id/response', {
    onRequest: requireRole(EVALUATED_ROLES, 'Answering evaluations'),
    schema: {
      summary: 'The evaluated agent acknowledges or disputes (with a reason), once; a dispute notifies the assessor',
      tags: ['qa'],
      params: IdParams,
      body: AgentResponseRequestSchema,
      response: { 200: EvaluationSchema, ...writeErrors },
    },
    handler: async (request) => {
      refuseUnstorable(request.body);
      const { user } = sessionOf(request);
      return announcing((tx, pending) => respondToEvaluation(tx, idOf(request), request.body, user, clock.now(), pending));
    },
  });

  app.post('/api/v1/qa/evaluations/:id/corrections', {
    onRequest: requireRole(QA_LEAD_ROLES, 'Correcting evaluations'),
    schema: {
      summary: 'Change scores of a submitted evaluation, with a reason: audited, version raised, total recomputed, the agent asked to respond again',
      tags: ['qa'],
      params: IdParams,
      body: EvaluationCorrectionRequestSchema,
      response: { 200: EvaluationSchema, ...writeErrors },
    },
    handler: async (request) => {
      refuseUnstorable(request.body);
      const { user } = sessionOf(request);
      return db.transaction((tx) => correctEvaluation(tx, idOf(request), request.body, user, clock.now()));
    },
  });

  // ── calibration ──

  app.post('/api/v1/qa/calibrations', {
    onRequest: requireRole(QA_WORK_ROLES, 'Calibration'),
    schema: {
      summary: 'The same recorded call to two or more assessors, scored blind',
      tags: ['qa'],
      body: CalibrationRequestSchema,
      response: { 201: CalibrationSchema, ...writeErrors },
    },
    handler: async (request, reply) => {
      const { user } = sessionOf(request);
      const id = await db.transaction((tx) => createCalibration(tx, request.body, user, clock.now()));
      void reply.code(201);
      // The creator may be an assessor who takes no part: they still get what they made (blind).
      return (await readCalibration(db, id, user, { creator: true }))!;
    },
  });

  app.get('/api/v1/qa/calibrations', {
    onRequest: requireRole(QA_WORK_ROLES, 'Calibration'),
    schema: { summary: 'Calibrations, newest first: all for supervisors and managers, an assessor those they take part in', tags: ['qa'], response: { 200: CalibrationListSchema, ...readErrors } },
    handler: async (request) => ({ calibrations: await listCalibrations(db, sessionOf(request).user) }),
  });

  app.get('/api/v1/qa/calibrations/:id', {
    onRequest: requireRole(QA_WORK_ROLES, 'Calibration'),
    schema: {
      summary: "One calibration: each assessor's shares per item and the spread; blind to an assessor until their own is submitted",
      tags: ['qa'],
      params: IdParams,
      response: { 200: CalibrationSchema, ...readErrors },
    },
    handler: async (request) => {
      const calibration = await readCalibration(db, idOf(request), sessionOf(request).user);
      if (calibration === null) throw notFound('calibration');
      return calibration;
    },
  });

  // ── figures ──

  app.get('/api/v1/qa/figures', {
    onRequest: requireRole(['supervisor', 'manager', 'qa', 'admin'], 'The quality figures'),
    schema: {
      summary: "Submitted evaluations outside calibration of calls from `from` to `to` (the center's days): totals, per agent, per item, trend",
      tags: ['qa'],
      querystring: QaFiguresQuerySchema,
      response: { 200: QaFiguresSchema, ...readErrors },
    },
    handler: async (request) => {
      const { from, to, departmentId = null, bucket } = request.query;
      const period = reportPeriod(from, to, await centerTimeZone(db));
      if (departmentId !== null && (await db.query('select 1 from departments where code = $1', [departmentId])).rows.length === 0) {
        throw new HubError('validation', 400, `departmentId: no department of the org design has the code "${departmentId}"`, 'departmentId');
      }
      return qaFigures(db, period, departmentId, bucket);
    },
  });
};
