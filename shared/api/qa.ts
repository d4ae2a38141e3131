import { z } from 'zod';
import { ItemScoreSchema, ScorecardSchema } from '../qa/scorecard';
import { StoredCallLogSchema } from './call-logs';

/*
 * Quality assessment (DOMAIN.md §1, 质量控制室): sampling fills a review queue, assessors score the
 * sampled calls on a scorecard with comments pinned to moments of the recording, agents see the
 * submitted evaluations of their own calls and acknowledge or dispute them, calibration has the same
 * call scored blind by several assessors, and the figures sum it up per agent, item and period.
 */

const isoTime = z.iso.datetime({ offset: true });
const localDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date, YYYY-MM-DD');

// ── sampling ─────────────────────────────────────────────────────────────────

export const RISK_KINDS = [
  /** The call's survey scored at or below `threshold` (1–5), or the customer was not satisfied. */
  'low_satisfaction',
  /** A complaint case is linked to the call. */
  'complaint',
  /** Talk time at or below `threshold` seconds (a hang-up, a brush-off). */
  'short_call',
  /** Talk time at or above `threshold` seconds. */
  'long_call',
  /** Hold time at or above `threshold` seconds. */
  'long_hold',
] as const;
export type RiskKind = (typeof RISK_KINDS)[number];

export const SAMPLE_REASONS = ['random', ...RISK_KINDS, 'manual'] as const;
export type SampleReason = (typeof SAMPLE_REASONS)[number];

export const RiskRuleSchema = z
  .object({
    kind: z.enum(RISK_KINDS),
    enabled: z.boolean(),
    /** Score (low_satisfaction) or seconds (the others); ignored for `complaint`. */
    threshold: z.number().min(0).max(86_400),
    /** At most this many such calls per agent and period; 0 = all of them. */
    perAgent: z.number().int().min(0).max(100),
  })
  .strict();
export type RiskRule = z.infer<typeof RiskRuleSchema>;

export const SamplingRulesSchema = z
  .object({
    /** Calls picked at random per agent and period, among those no risk rule took. */
    randomPerAgent: z.number().int().min(0).max(100),
    risk: z.array(RiskRuleSchema).max(RISK_KINDS.length),
  })
  .strict()
  .refine((rules) => new Set(rules.risk.map((rule) => rule.kind)).size === rules.risk.length, {
    message: 'each risk kind at most once',
    path: ['risk'],
  });
export type SamplingRules = z.infer<typeof SamplingRulesSchema>;

/** `POST /api/v1/qa/sampling-runs`: sample the recorded calls of a period and queue them. */
export const SamplingRunRequestSchema = z
  .object({
    from: localDate,
    /** Inclusive. */
    to: localDate,
    departmentId: z.string().max(64).optional(),
    /** Sampled calls are shared among these assessors (qa role), fewest open reviews first. */
    assessorIds: z.array(z.uuid()).min(1).max(50),
    /** Same seed, same calls: a run can be explained afterwards. Made by the hub when absent. */
    seed: z.string().min(1).max(64).optional(),
  })
  .strict();
export type SamplingRunRequest = z.infer<typeof SamplingRunRequestSchema>;

export const SamplingRunSchema = z.object({
  id: z.uuid(),
  from: localDate,
  to: localDate,
  seed: z.string(),
  /** Recorded calls of the period that were not sampled before. */
  candidates: z.number().int().min(0),
  picked: z.number().int().min(0),
  byReason: z.record(z.string(), z.number().int().min(0)),
  createdAt: isoTime,
  createdBy: z.string(),
});
export type SamplingRun = z.infer<typeof SamplingRunSchema>;

// ── the review queue ─────────────────────────────────────────────────────────

export const REVIEW_STATUSES = ['open', 'draft', 'submitted'] as const;

export const ReviewSchema = z.object({
  id: z.uuid(),
  callId: z.uuid(),
  agentId: z.uuid(),
  agentName: z.string(),
  callStartedAt: isoTime,
  direction: z.enum(['inbound', 'outbound']),
  remoteNumber: z.string().nullable(),
  talkSeconds: z.number().min(0),
  /** Why the call was sampled (a call taken by several rules names each). */
  reasons: z.array(z.enum(SAMPLE_REASONS)).min(1),
  assessorId: z.uuid(),
  assessorName: z.string(),
  status: z.enum(REVIEW_STATUSES),
  /** Set when the review is one assessor's part of a calibration. */
  calibrationId: z.uuid().nullable(),
  evaluationId: z.uuid().nullable(),
  sampledAt: isoTime,
});
export type Review = z.infer<typeof ReviewSchema>;

export const ReviewListQuerySchema = z.object({
  /** mine (default for qa) | all (supervisor, manager). */
  scope: z.enum(['mine', 'all']).default('mine'),
  status: z.enum(REVIEW_STATUSES).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(200),
});
export const ReviewListSchema = z.object({ reviews: z.array(ReviewSchema) });
export type ReviewList = z.infer<typeof ReviewListSchema>;

// ── evaluations ──────────────────────────────────────────────────────────────

export const EvaluationCommentSchema = z
  .object({
    id: z.uuid(),
    /** The moment of the recording it concerns, in ms from its start. */
    atMs: z.number().int().min(0),
    /** The scorecard item it explains, if any. */
    itemId: z.string().max(40).nullable(),
    text: z.string().min(1).max(2000),
  })
  .strict();
export type EvaluationComment = z.infer<typeof EvaluationCommentSchema>;

/** `PUT /api/v1/qa/reviews/:id/evaluation`: save the draft (`submit: false`) or submit it. */
export const EvaluationSaveRequestSchema = z
  .object({
    scores: z.array(ItemScoreSchema).max(500),
    comments: z.array(EvaluationCommentSchema).max(200),
    summary: z.string().max(4000),
    submit: z.boolean(),
    /** The version the assessor read (0 for a new evaluation): a save over someone else's is refused. */
    expectedVersion: z.number().int().min(0),
  })
  .strict();
export type EvaluationSaveRequest = z.infer<typeof EvaluationSaveRequestSchema>;

export const AGENT_RESPONSES = ['pending', 'acknowledged', 'disputed'] as const;

export const EvaluationCorrectionSchema = z.object({
  at: isoTime,
  byUserId: z.uuid(),
  byName: z.string(),
  reason: z.string(),
  /** Score before → after, per changed item, and the totals. */
  changes: z.array(z.object({ itemId: z.string(), from: z.number().nullable(), to: z.number().nullable() })),
  totalBefore: z.number().nullable(),
  totalAfter: z.number().nullable(),
});
export type EvaluationCorrection = z.infer<typeof EvaluationCorrectionSchema>;

export const EvaluationSchema = z.object({
  id: z.uuid(),
  reviewId: z.uuid(),
  callId: z.uuid(),
  agentId: z.uuid(),
  agentName: z.string(),
  assessorId: z.uuid(),
  assessorName: z.string(),
  scorecardId: z.string(),
  scorecardVersion: z.number().int().min(1),
  status: z.enum(['draft', 'submitted']),
  scores: z.array(ItemScoreSchema),
  comments: z.array(EvaluationCommentSchema),
  summary: z.string(),
  /** 0–100 (one decimal); 0 when a fatal item failed; null while nothing is scored. */
  total: z.number().min(0).max(100).nullable(),
  fatal: z.boolean(),
  calibrationId: z.uuid().nullable(),
  version: z.number().int().min(1),
  submittedAt: isoTime.nullable(),
  agentResponse: z.object({
    status: z.enum(AGENT_RESPONSES),
    at: isoTime.nullable(),
    note: z.string(),
  }),
  /** Changes made to the evaluation after it was submitted: the audit trail. */
  corrections: z.array(EvaluationCorrectionSchema),
  updatedAt: isoTime,
});
export type Evaluation = z.infer<typeof EvaluationSchema>;

/** `POST /api/v1/qa/evaluations/:id/corrections` (supervisor, manager): change a submitted evaluation, with a reason. */
export const EvaluationCorrectionRequestSchema = z
  .object({
    reason: z.string().trim().min(1).max(1000),
    scores: z.array(ItemScoreSchema).min(1).max(500),
    expectedVersion: z.number().int().min(1),
  })
  .strict();
export type EvaluationCorrectionRequest = z.infer<typeof EvaluationCorrectionRequestSchema>;

/** `POST /api/v1/qa/evaluations/:id/response` (the evaluated agent). A dispute needs the agent's reason. */
export const AgentResponseRequestSchema = z.discriminatedUnion('status', [
  z.object({ status: z.literal('acknowledged'), note: z.string().max(2000).default('') }).strict(),
  z.object({ status: z.literal('disputed'), note: z.string().trim().min(1).max(2000) }).strict(),
]);
export type AgentResponseRequest = z.infer<typeof AgentResponseRequestSchema>;

/** `GET /api/v1/qa/evaluations`: an agent gets their own submitted ones; supervisors and managers filter. */
export const EvaluationListQuerySchema = z.object({
  agentId: z.uuid().optional(),
  from: localDate.optional(),
  to: localDate.optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});
export const EvaluationListSchema = z.object({ evaluations: z.array(EvaluationSchema) });
export type EvaluationList = z.infer<typeof EvaluationListSchema>;

// ── calibration ──────────────────────────────────────────────────────────────

/** `POST /api/v1/qa/calibrations`: the same call to two or more assessors, scored blind. */
export const CalibrationRequestSchema = z
  .object({ callId: z.uuid(), assessorIds: z.array(z.uuid()).min(2).max(20) })
  .strict()
  .refine((request) => new Set(request.assessorIds).size === request.assessorIds.length, {
    message: 'each assessor once',
    path: ['assessorIds'],
  });
export type CalibrationRequest = z.infer<typeof CalibrationRequestSchema>;

export const CalibrationSchema = z.object({
  id: z.uuid(),
  callId: z.uuid(),
  agentName: z.string(),
  /** The scorecard version every assessor of it scores on (for the items' labels). */
  scorecardId: z.string(),
  scorecardVersion: z.number().int().min(1),
  createdAt: isoTime,
  assessors: z.array(z.object({ assessorId: z.uuid(), name: z.string(), submitted: z.boolean(), total: z.number().nullable() })),
  /**
   * Per item, the submitted scores as a share of the item's points (0–1) and their spread
   * (max − min); hidden from an assessor until their own is submitted.
   */
  items: z.array(
    z.object({
      itemId: z.string(),
      values: z.array(z.object({ assessorId: z.uuid(), value: z.number().nullable() })),
      spread: z.number().min(0).max(1).nullable(),
    }),
  ),
  totalSpread: z.number().min(0).nullable(),
});
export type Calibration = z.infer<typeof CalibrationSchema>;

// ── figures ──────────────────────────────────────────────────────────────────

export const QaFiguresQuerySchema = z.object({
  from: localDate,
  to: localDate,
  departmentId: z.string().max(64).optional(),
  bucket: z.enum(['day', 'week', 'month']).default('week'),
});
export type QaFiguresQuery = z.input<typeof QaFiguresQuerySchema>;

export const QaFiguresSchema = z.object({
  from: localDate,
  to: localDate,
  totals: z.object({
    evaluations: z.number().int(),
    averageScore: z.number().nullable(),
    fatal: z.number().int(),
    acknowledged: z.number().int(),
    disputed: z.number().int(),
  }),
  perAgent: z.array(
    z.object({
      agentId: z.uuid(),
      agentName: z.string(),
      evaluations: z.number().int(),
      averageScore: z.number().nullable(),
      lowestScore: z.number().nullable(),
      fatal: z.number().int(),
      disputed: z.number().int(),
    }),
  ),
  /** Per scorecard item: the average share of its points (0–1) and how often a fatal item failed. */
  perItem: z.array(
    z.object({ scorecardId: z.string(), itemId: z.string(), scored: z.number().int(), averageShare: z.number().nullable(), failures: z.number().int() }),
  ),
  trend: z.array(z.object({ period: localDate, evaluations: z.number().int(), averageScore: z.number().nullable() })),
});
export type QaFigures = z.infer<typeof QaFiguresSchema>;

// ── response envelopes of the hub's QA routes (hub/src/qa/routes.ts) ─────────

/**
 * `GET /api/v1/qa/scorecards[?include=all]`: the active scorecards (with `include=all`, the retired
 * ones too), each at its latest version, and the one new reviews are scored on.
 */
export const ScorecardListSchema = z.object({
  scorecards: z.array(ScorecardSchema),
  /** What sampling puts new reviews on: the active card activated or edited last; null when none is active. */
  inUse: z.object({ id: ScorecardSchema.shape.id, version: z.number().int().min(1) }).nullable(),
});
export type ScorecardList = z.infer<typeof ScorecardListSchema>;

export const ScorecardListQuerySchema = z.object({ include: z.enum(['active', 'all']).default('active') });
export type ScorecardListQuery = z.input<typeof ScorecardListQuerySchema>;

/**
 * `PUT /api/v1/qa/scorecards/:id/active`: retire a card (new reviews no longer use it; evaluations
 * scored on it keep it) or activate it, which also makes it the card new reviews are scored on.
 */
export const ScorecardActivationSchema = z.object({ active: z.boolean() });
export type ScorecardActivation = z.infer<typeof ScorecardActivationSchema>;

/** `GET /api/v1/qa/sampling-runs`: newest first. */
export const SamplingRunListSchema = z.object({ runs: z.array(SamplingRunSchema) });
export type SamplingRunList = z.infer<typeof SamplingRunListSchema>;

/** `GET /api/v1/qa/assessors`: the people of the qa role, whom runs and calibrations are shared among. */
export const AssessorListSchema = z.object({
  assessors: z.array(z.object({ id: z.uuid(), username: z.string(), displayName: z.string(), openReviews: z.number().int().min(0) })),
});
export type AssessorList = z.infer<typeof AssessorListSchema>;

/**
 * `GET /api/v1/qa/reviews/:id`: what the assessor works with — the review, the call's log (events
 * for the timeline), the scorecard version the review is scored on, and the evaluation so far.
 */
export const ReviewDetailSchema = z.object({
  review: ReviewSchema,
  call: StoredCallLogSchema,
  scorecard: ScorecardSchema,
  evaluation: EvaluationSchema.nullable(),
});
export type ReviewDetail = z.infer<typeof ReviewDetailSchema>;

/** `GET /api/v1/qa/calibrations`: newest first. */
export const CalibrationListSchema = z.object({ calibrations: z.array(CalibrationSchema) });
export type CalibrationList = z.infer<typeof CalibrationListSchema>;
