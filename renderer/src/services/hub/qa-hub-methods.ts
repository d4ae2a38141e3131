import type { z } from 'zod';
import {
  AgentResponseRequestSchema,
  AssessorListSchema,
  CalibrationListSchema,
  ReviewDetailSchema,
  SamplingRunListSchema,
  ScorecardListSchema,
  ScorecardActivationSchema,
  type ScorecardListQuery,
  type AssessorList,
  type CalibrationList,
  type ReviewDetail,
  type SamplingRunList,
  type ScorecardList,
  CalibrationRequestSchema,
  CalibrationSchema,
  EvaluationCorrectionRequestSchema,
  EvaluationListSchema,
  EvaluationSaveRequestSchema,
  EvaluationSchema,
  QaFiguresSchema,
  ReviewListSchema,
  SamplingRulesSchema,
  SamplingRunRequestSchema,
  SamplingRunSchema,
  type AgentResponseRequest,
  type Calibration,
  type CalibrationRequest,
  type Evaluation,
  type EvaluationCorrectionRequest,
  type EvaluationList,
  type EvaluationSaveRequest,
  type QaFigures,
  type QaFiguresQuery,
  type ReviewList,
  type SamplingRules,
  type SamplingRun,
  type SamplingRunRequest,
} from '../../../../shared/api/qa';
import type { REPLAY_PURPOSES } from '../../../../shared/api/recordings';
import {
  RecordingLevelsSchema,
  RecordingSchema,
  ReplayLogSchema,
  ReplayTicketSchema,
  type Recording,
  type RecordingLevels,
  type ReplayLog,
  type ReplayTicket,
} from '../../../../shared/api/recordings';
import { ScorecardDefinitionSchema, ScorecardSchema, type Scorecard, type ScorecardDefinition } from '../../../../shared/qa/scorecard';
import type { CallOptions, RequestSpec } from './hub-client';

/*
 * The recordings' and quality assessment's part of the hub client (issue 9): the same request,
 * parse and error rules as every other method (hub-client.ts), kept in their own file because the
 * feature brings twenty of them.
 */

export type ReplayPurpose = (typeof REPLAY_PURPOSES)[number];
export interface ReviewListQuery {
  scope?: 'mine' | 'all';
  status?: 'open' | 'draft' | 'submitted';
  limit?: number;
}
export interface EvaluationListQuery {
  agentId?: string;
  from?: string;
  to?: string;
  limit?: number;
}

export interface QaHubMethods {
  /** The recording of a call (its status, pauses and measures); `not_found` when none was uploaded. */
  getRecording(token: string, callId: string, options?: CallOptions): Promise<Recording>;
  /** Both channels' levels per frame: what the waveform is drawn from. */
  recordingLevels(token: string, callId: string, options?: CallOptions): Promise<RecordingLevels>;
  /** Logs one replay and hands out the audio's address (relative to the hub) for a media element; `recording_not_ready` while it uploads. */
  replayRecording(token: string, callId: string, purpose: ReplayPurpose, options?: CallOptions): Promise<ReplayTicket>;
  recordingReplays(token: string, callId: string, options?: CallOptions): Promise<ReplayLog>;
  /** The active cards (include 'all': the retired too) and the one new reviews are scored on. */
  qaScorecards(token: string, query: ScorecardListQuery, options?: CallOptions): Promise<ScorecardList>;
  /** Admins: retire a card, or activate it (which makes it the card new reviews are scored on). */
  setScorecardActive(token: string, id: string, active: boolean, options?: CallOptions): Promise<Scorecard>;
  qaScorecardVersion(token: string, id: string, version: number, options?: CallOptions): Promise<Scorecard>;
  /** An admin's next version of a scorecard (a new id starts at 1): the stored card, or `validation` (400) naming the field. */
  saveScorecard(token: string, id: string, definition: ScorecardDefinition, options?: CallOptions): Promise<Scorecard>;
  samplingRules(token: string, options?: CallOptions): Promise<SamplingRules>;
  saveSamplingRules(token: string, rules: SamplingRules, options?: CallOptions): Promise<SamplingRules>;
  createSamplingRun(token: string, body: SamplingRunRequest, options?: CallOptions): Promise<SamplingRun>;
  listSamplingRuns(token: string, options?: CallOptions): Promise<SamplingRunList>;
  /** The people of the qa role, with their open reviews: whom a run or a calibration goes to. */
  qaAssessors(token: string, options?: CallOptions): Promise<AssessorList>;
  listReviews(token: string, query: ReviewListQuery, options?: CallOptions): Promise<ReviewList>;
  getReview(token: string, id: string, options?: CallOptions): Promise<ReviewDetail>;
  /** Saves the draft or submits it, on the version read: `stale_version` / `read_only` (409) when that is no longer so. */
  saveEvaluation(token: string, reviewId: string, body: EvaluationSaveRequest, options?: CallOptions): Promise<Evaluation>;
  listEvaluations(token: string, query: EvaluationListQuery, options?: CallOptions): Promise<EvaluationList>;
  getEvaluation(token: string, id: string, options?: CallOptions): Promise<Evaluation>;
  /** The evaluated agent acknowledges or disputes (with a reason). */
  respondToEvaluation(token: string, id: string, body: AgentResponseRequest, options?: CallOptions): Promise<Evaluation>;
  /** A supervisor's change of a submitted evaluation, with a reason; kept in its audit trail. */
  correctEvaluation(token: string, id: string, body: EvaluationCorrectionRequest, options?: CallOptions): Promise<Evaluation>;
  createCalibration(token: string, body: CalibrationRequest, options?: CallOptions): Promise<Calibration>;
  listCalibrations(token: string, options?: CallOptions): Promise<CalibrationList>;
  getCalibration(token: string, id: string, options?: CallOptions): Promise<Calibration>;
  qaFigures(token: string, query: QaFiguresQuery, options?: CallOptions): Promise<QaFigures>;
}

interface Tools {
  request<S extends z.ZodType>(spec: RequestSpec, schema: S): Promise<z.output<S>>;
  checked<S extends z.ZodType>(schema: S, value: unknown, what: string): z.output<S>;
  withQuery(path: string, query: object): string;
}

const recordingPath = (callId: string): string => `/api/v1/recordings/${encodeURIComponent(callId)}`;
const evaluationPath = (id: string): string => `/api/v1/qa/evaluations/${encodeURIComponent(id)}`;

export function createQaMethods({ request, checked, withQuery }: Tools): QaHubMethods {
  const get = <S extends z.ZodType>(path: string, schema: S, token: string, opts: CallOptions | undefined) =>
    request({ method: 'GET', path, token, signal: opts?.signal }, schema);
  return {
    getRecording: (token, callId, opts) => get(recordingPath(callId), RecordingSchema, token, opts),
    recordingLevels: (token, callId, opts) =>
      // An hour's levels are 36 000 numbers a channel: more than an ordinary answer on a slow link.
      request({ method: 'GET', path: `${recordingPath(callId)}/levels`, token, signal: opts?.signal, timeoutMs: 30_000 }, RecordingLevelsSchema),
    replayRecording: (token, callId, purpose, opts) =>
      request({ method: 'POST', path: `${recordingPath(callId)}/replays`, token, body: { purpose }, signal: opts?.signal }, ReplayTicketSchema),
    recordingReplays: (token, callId, opts) => get(`${recordingPath(callId)}/replays`, ReplayLogSchema, token, opts),
    qaScorecards: (token, query, opts) => get(withQuery('/api/v1/qa/scorecards', query), ScorecardListSchema, token, opts),
    setScorecardActive: (token, id, active, opts) =>
      request(
        {
          method: 'PUT',
          path: `/api/v1/qa/scorecards/${encodeURIComponent(id)}/active`,
          token,
          body: checked(ScorecardActivationSchema, { active }, 'scorecard activation'),
          signal: opts?.signal,
        },
        ScorecardSchema,
      ),
    qaScorecardVersion: (token, id, version, opts) =>
      get(`/api/v1/qa/scorecards/${encodeURIComponent(id)}/versions/${encodeURIComponent(String(version))}`, ScorecardSchema, token, opts),
    saveScorecard: async (token, id, definition, opts) =>
      request(
        {
          method: 'PUT',
          path: `/api/v1/qa/scorecards/${encodeURIComponent(id)}`,
          token,
          body: checked(ScorecardDefinitionSchema, definition, 'scorecard'),
          signal: opts?.signal,
        },
        ScorecardSchema,
      ),
    samplingRules: (token, opts) => get('/api/v1/qa/sampling-rules', SamplingRulesSchema, token, opts),
    saveSamplingRules: async (token, rules, opts) =>
      request(
        { method: 'PUT', path: '/api/v1/qa/sampling-rules', token, body: checked(SamplingRulesSchema, rules, 'sampling rules'), signal: opts?.signal },
        SamplingRulesSchema,
      ),
    createSamplingRun: async (token, body, opts) =>
      request(
        // A month of a center's calls is sampled before the hub answers.
        { method: 'POST', path: '/api/v1/qa/sampling-runs', token, body: checked(SamplingRunRequestSchema, body, 'sampling run'), signal: opts?.signal, timeoutMs: 30_000 },
        SamplingRunSchema,
      ),
    listSamplingRuns: (token, opts) => get('/api/v1/qa/sampling-runs', SamplingRunListSchema, token, opts),
    qaAssessors: (token, opts) => get('/api/v1/qa/assessors', AssessorListSchema, token, opts),
    listReviews: (token, query, opts) => get(withQuery('/api/v1/qa/reviews', query), ReviewListSchema, token, opts),
    getReview: (token, id, opts) => get(`/api/v1/qa/reviews/${encodeURIComponent(id)}`, ReviewDetailSchema, token, opts),
    saveEvaluation: async (token, reviewId, body, opts) =>
      request(
        {
          method: 'PUT',
          path: `/api/v1/qa/reviews/${encodeURIComponent(reviewId)}/evaluation`,
          token,
          body: checked(EvaluationSaveRequestSchema, body, 'evaluation'),
          signal: opts?.signal,
        },
        EvaluationSchema,
      ),
    listEvaluations: (token, query, opts) => get(withQuery('/api/v1/qa/evaluations', query), EvaluationListSchema, token, opts),
    getEvaluation: (token, id, opts) => get(evaluationPath(id), EvaluationSchema, token, opts),
    respondToEvaluation: async (token, id, body, opts) =>
      request(
        { method: 'POST', path: `${evaluationPath(id)}/response`, token, body: checked(AgentResponseRequestSchema, body, 'response'), signal: opts?.signal },
        EvaluationSchema,
      ),
    correctEvaluation: async (token, id, body, opts) =>
      request(
        { method: 'POST', path: `${evaluationPath(id)}/corrections`, token, body: checked(EvaluationCorrectionRequestSchema, body, 'correction'), signal: opts?.signal },
        EvaluationSchema,
      ),
    createCalibration: async (token, body, opts) =>
      request(
        { method: 'POST', path: '/api/v1/qa/calibrations', token, body: checked(CalibrationRequestSchema, body, 'calibration'), signal: opts?.signal },
        CalibrationSchema,
      ),
    listCalibrations: (token, opts) => get('/api/v1/qa/calibrations', CalibrationListSchema, token, opts),
    getCalibration: (token, id, opts) => get(`/api/v1/qa/calibrations/${encodeURIComponent(id)}`, CalibrationSchema, token, opts),
    qaFigures: (token, query, opts) =>
      request(
        // Counted over the whole period on the hub, as the other reports are: allow it the same time.
        { method: 'GET', path: withQuery('/api/v1/qa/figures', query), token, signal: opts?.signal, timeoutMs: 30_000 },
        QaFiguresSchema,
      ),
  };
}
