import { z } from 'zod';
import { CallbackConfigSchema } from '../callbacks/callback-config';
import { ATTEMPT_OUTCOMES, CALLBACK_END_REASONS, CALLBACK_STATUSES } from '../callbacks/callback-rules';
import { CallbackTypeSchema, FlowRefSchema } from './tickets';

/*
 * The callback worklist (DOMAIN.md §4, issue 8): callback tasks made by scripts (a promised
 * callback), by the complaint procedure (投诉回访), by the after-sales rule and by hand; worked by
 * the callback staff, who claim them from the pool, call, record each attempt, and take the
 * satisfaction survey that closes a complaint or sends it back.
 */

const isoTime = z.iso.datetime({ offset: true });
const localDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date as YYYY-MM-DD');
const shortText = (max: number) => z.string().trim().max(max);

export const CallbackStatusSchema = z.enum(CALLBACK_STATUSES);
export const AttemptOutcomeSchema = z.enum(ATTEMPT_OUTCOMES);
export const CallbackEndReasonSchema = z.enum(CALLBACK_END_REASONS);
/** Where a task came from. */
export const CALLBACK_SOURCES = ['script', 'complaint', 'rule', 'manual'] as const;
export const CallbackSourceSchema = z.enum(CALLBACK_SOURCES);

export const CallbackAttemptSchema = z.object({
  id: z.uuid(),
  at: isoTime,
  by: z.string(),
  outcome: AttemptOutcomeSchema,
  callId: z.uuid().nullable(),
  /** For `call_later`: the time the customer asked for. */
  callLaterAt: isoTime.nullable(),
  note: z.string(),
});
export type CallbackAttempt = z.infer<typeof CallbackAttemptSchema>;

/** The customer's verdict, as the survey script took it. */
export const CallbackSurveySchema = z.object({
  /** 1 (very unsatisfied) … 5 (very satisfied); null when the customer gave none. */
  score: z.number().int().min(1).max(5).nullable(),
  satisfied: z.boolean(),
  /** What the customer said: why not satisfied, or what they liked. */
  reasons: z.string(),
  callId: z.uuid().nullable(),
  at: isoTime,
  by: z.string(),
});
export type CallbackSurvey = z.infer<typeof CallbackSurveySchema>;

/** One task as the worklist shows it. */
export const CallbackWorkItemSchema = z.object({
  id: z.uuid(),
  type: CallbackTypeSchema,
  source: CallbackSourceSchema,
  status: CallbackStatusSchema,
  endReason: CallbackEndReasonSchema.nullable(),
  /** VIPs and key accounts first (DOMAIN.md §2). */
  priority: z.enum(['normal', 'high']),
  /** When the next attempt is due (after a failed attempt, the retry rule's time). */
  dueAt: isoTime,
  overdue: z.boolean(),
  /** Who works it; null: in the pool. */
  assignee: z.string().nullable(),
  assigneeName: z.string().nullable(),
  claimedAt: isoTime.nullable(),
  customerId: z.uuid().nullable(),
  customerName: z.string().nullable(),
  /** The number to call: the task's, else the customer's first. */
  phone: z.string().nullable(),
  ticketId: z.uuid().nullable(),
  ticketNo: z.string().nullable(),
  ticketTitle: z.string().nullable(),
  ticketStatus: z.string().nullable(),
  /** The call that promised it (a script's callback). */
  callId: z.uuid().nullable(),
  note: z.string(),
  flow: FlowRefSchema.nullable(),
  attempts: z.array(CallbackAttemptSchema),
  /** Attempts that did not reach the customer, against the retry rule's maximum. */
  failedAttempts: z.number().int().min(0),
  maxAttempts: z.number().int().min(1),
  survey: CallbackSurveySchema.nullable(),
  createdAt: isoTime,
  createdBy: z.string(),
  endedAt: isoTime.nullable(),
  /** Raised by every change: the console tells a stale screen from a fresh one. */
  version: z.number().int().min(1),
});
export type CallbackWorkItem = z.infer<typeof CallbackWorkItemSchema>;

/** `GET /api/v1/callbacks/worklist`. */
export const CallbackWorklistQuerySchema = z.object({
  /** mine: claimed by or assigned to me; pool: nobody's; all: both (supervisors see everyone's). */
  scope: z.enum(['mine', 'pool', 'all']).default('all'),
  /** open: pending tasks; ended: done, unreachable, cancelled. */
  state: z.enum(['open', 'ended']).default('open'),
  type: CallbackTypeSchema.optional(),
  /** Only tasks due at or before this instant (the console sends the end of today for "today"). */
  dueBefore: isoTime.optional(),
  overdue: z.enum(['true', 'false']).optional(),
  /** Customer name, phone, case number or note. */
  q: shortText(100).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(100),
  /** Opaque, from the previous page. */
  cursor: z.string().max(200).optional(),
});
export type CallbackWorklistQuery = z.input<typeof CallbackWorklistQuerySchema>;

export const CallbackWorklistResponseSchema = z.object({
  items: z.array(CallbackWorkItemSchema),
  nextCursor: z.string().nullable(),
  /** Counts over the whole scope, for the tabs: open tasks due now or overdue, and in the pool. */
  counts: z.object({ dueNow: z.number().int(), overdue: z.number().int(), pool: z.number().int(), mine: z.number().int() }),
});
export type CallbackWorklistResponse = z.infer<typeof CallbackWorklistResponseSchema>;

/** `POST /api/v1/callbacks/:id/claim`: from the pool to me. 409 `already_claimed` names who has it. */
export const CallbackClaimResponseSchema = CallbackWorkItemSchema;

/** `POST /api/v1/callbacks/:id/assign` (supervisors): to someone, or back to the pool. */
export const CallbackAssignRequestSchema = z.object({ assignee: z.string().min(1).max(64).nullable() }).strict();

/** `POST /api/v1/callbacks/:id/cancel` (supervisors). */
export const CallbackCancelRequestSchema = z.object({ reason: shortText(2000).min(1) }).strict();

/** `POST /api/v1/callbacks/:id/attempts`: one try at reaching the customer. Idempotent by `id`. */
export const CallbackAttemptRequestSchema = z
  .object({
    id: z.uuid(),
    outcome: AttemptOutcomeSchema,
    callId: z.uuid().nullable().default(null),
    callLaterAt: isoTime.nullable().default(null),
    note: shortText(2000).default(''),
  })
  .strict();
export type CallbackAttemptRequest = z.input<typeof CallbackAttemptRequestSchema>;

/**
 * `POST /api/v1/callbacks/:id/survey`: the customer's verdict, from the survey script. Records an
 * answered attempt and ends the task; a complaint callback also moves its case (satisfied → closed,
 * not satisfied → back to the responsible department with the customer's words). Idempotent by `id`.
 */
export const CallbackSurveyRequestSchema = z
  .object({
    id: z.uuid(),
    callId: z.uuid().nullable().default(null),
    score: z.number().int().min(1).max(5).nullable(),
    satisfied: z.boolean(),
    reasons: shortText(2000).default(''),
    flow: FlowRefSchema.nullable().default(null),
  })
  .strict();
export type CallbackSurveyRequest = z.input<typeof CallbackSurveyRequestSchema>;

/** `POST /api/v1/callbacks/manual`: a callback made by hand (a supervisor or the callback staff). */
export const CallbackManualRequestSchema = z
  .object({
    id: z.uuid(),
    type: CallbackTypeSchema,
    customerId: z.uuid().nullable().default(null),
    ticketId: z.uuid().nullable().default(null),
    phone: z.string().trim().max(40).nullable().default(null),
    dueAt: isoTime,
    priority: z.enum(['normal', 'high']).optional(),
    /** null: into the pool. */
    assignee: z.string().min(1).max(64).nullable().default(null),
    note: shortText(2000).default(''),
  })
  .strict();
export type CallbackManualRequest = z.input<typeof CallbackManualRequestSchema>;

/** `PUT /api/v1/callback-config` (admins) takes the configuration. */
export { CallbackConfigSchema };

/**
 * `GET`/`PUT /api/v1/callback-config` answer it with the center's time zone, which its calling
 * hours are in: the console checks a time against them before sending.
 */
export const CallbackSettingsSchema = z.object({ config: CallbackConfigSchema, timeZone: z.string().min(1) });
export type CallbackSettings = z.infer<typeof CallbackSettingsSchema>;

const rate = z.number().min(0).max(1).nullable();
export const CallbackFiguresRowSchema = z.object({
  /** Tasks due in the period. */
  due: z.number().int(),
  /** Tasks ended in the period as done (reached or surveyed). */
  done: z.number().int(),
  /** Tasks due in the period that were (or still are) worked after they were due. */
  overdue: z.number().int(),
  /** Tasks with an attempt in the period, and of them those where the customer was reached. */
  attempted: z.number().int(),
  reached: z.number().int(),
  /** reached / attempted; null when nothing was attempted. */
  reachRate: rate,
  surveyed: z.number().int(),
  satisfied: z.number().int(),
  /** satisfied / surveyed; null when no survey was taken. */
  satisfactionRate: rate,
});
export type CallbackFiguresRow = z.infer<typeof CallbackFiguresRowSchema>;

/** `GET /api/v1/reports/callbacks?from=&to=`: per period and per callback agent. */
export const CallbackReportSchema = z.object({
  period: z.object({ from: localDate, to: localDate, timeZone: z.string() }),
  generatedAt: isoTime,
  totals: CallbackFiguresRowSchema,
  byType: z.object({ pre_sales: CallbackFiguresRowSchema, after_sales: CallbackFiguresRowSchema, complaint: CallbackFiguresRowSchema }),
  /** One row per person who held a task in the period; `username` null: the pool (never claimed). */
  byAgent: z.array(CallbackFiguresRowSchema.extend({ username: z.string().nullable(), displayName: z.string().nullable() })),
  /** Satisfaction by day, for the trend chart. */
  byDay: z.array(z.object({ date: localDate, surveyed: z.number().int(), satisfied: z.number().int(), done: z.number().int() })),
});
export type CallbackReport = z.infer<typeof CallbackReportSchema>;
