import { z } from 'zod';
import { LocalizedTextSchema } from './org';

/*
 * The call log as it travels from a console to the hub. The console writes it to IndexedDB first
 * (write-ahead) and uploads it; every local change raises `version`, and the hub keeps the newest
 * version it has seen (shared/call-logs/merge.ts). DTMF digits are never part of it: they may be card
 * numbers.
 */

/** UUIDv7 made by the console when the call starts ringing or is dialled; the idempotency key. */
export const CallLogIdSchema = z.uuid();

export const CALL_LOG_STATUSES = [
  /** Ringing, dialling or connected. */
  'live',
  /** The call is over; wrap-up (disposition, notes) is not done yet. */
  'ended',
  /** Wrap-up done: nothing more will change but ticket links added later. */
  'completed',
  /** The console went away (crash, reload, shut laptop) while the call was live: what is known is kept. */
  'interrupted',
] as const;
export type CallLogStatus = (typeof CALL_LOG_STATUSES)[number];

export const CALL_LOG_EVENT_TYPES = [
  'ringing',
  'dialing',
  'answered',
  'held',
  'resumed',
  'remote_hold',
  'remote_resume',
  'muted',
  'unmuted',
  'transfer_requested',
  'transferred',
  'transfer_failed',
  'ended',
  'interrupted',
  'disposition_set',
  'wrap_up_done',
  'script_started',
  'script_step',
  'script_completed',
  'script_abandoned',
  'ticket_linked',
  /** Sensitive data (card or ID numbers) ahead: nothing is recorded until `recording_resumed`. */
  'recording_paused',
  'recording_resumed',
] as const;
export type CallLogEventType = (typeof CALL_LOG_EVENT_TYPES)[number];

const isoTime = z.iso.datetime({ offset: true });
const shortText = (max: number) => z.string().max(max);

export const CallLogEventSchema = z.object({
  /** Position in the call, from 0: the order events happened in, whatever the clocks say. */
  seq: z.number().int().min(0),
  type: z.enum(CALL_LOG_EVENT_TYPES),
  at: isoTime,
  /** Short, event-specific facts: the transfer target, the SIP cause, the disposition code. Never DTMF. */
  detail: z.record(z.string().max(40), z.union([z.string().max(200), z.number(), z.boolean(), z.null()])).optional(),
});
export type CallLogEvent = z.infer<typeof CallLogEventSchema>;

export const ScriptAnswerSchema = z.object({
  stepId: shortText(80),
  questionId: shortText(80),
  /** As the flow engine typed it; kept as JSON so any question type fits. */
  value: z.union([z.string().max(4000), z.number(), z.boolean(), z.null(), z.array(z.string().max(200)).max(50)]),
  answeredAt: isoTime,
});
export type ScriptAnswer = z.infer<typeof ScriptAnswerSchema>;

export const TransferRecordSchema = z.object({
  kind: z.enum(['blind', 'attended']),
  target: shortText(80),
  at: isoTime,
  outcome: z.enum(['pending', 'accepted', 'failed']),
});
export type TransferRecord = z.infer<typeof TransferRecordSchema>;

export const CallLogCallbackSchema = z.object({
  taskId: z.uuid(),
  type: z.enum(['pre_sales', 'after_sales', 'complaint']),
  survey: z
    .object({
      score: z.number().int().min(1).max(5).nullable(),
      satisfied: z.boolean(),
      reasons: z.string().max(2000),
    })
    .nullable(),
});
export type CallLogCallback = z.infer<typeof CallLogCallbackSchema>;

export const CallLogRecordSchema = z.object({
  id: CallLogIdSchema,
  /** Raised by the console at every change; the hub never lets a lower version overwrite a higher one. */
  version: z.number().int().min(1).max(1_000_000),
  direction: z.enum(['inbound', 'outbound']),
  status: z.enum(CALL_LOG_STATUSES),
  remote: z.object({
    /** Digits as the phone saw them (`callerNumber`), null when withheld. */
    number: shortText(40).nullable(),
    displayName: shortText(120),
  }),
  /** The PBX's IVR choice (`consult` | `complaint`, DOMAIN.md §2). */
  ivrChoice: shortText(40).nullable(),
  startedAt: isoTime,
  answeredAt: isoTime.nullable(),
  endedAt: isoTime.nullable(),
  endedBy: z.enum(['local', 'remote', 'system']).nullable(),
  /** SIP status / reason of the end (`486 Busy Here`, `BYE`, `CANCEL`), null while live. */
  endCause: shortText(200).nullable(),
  /** Set when the console found the call still live at start-up: the last moment it was known to be up. */
  interruption: z.object({ lastSeenAt: isoTime, detectedAt: isoTime }).nullable(),
  /** Seconds on hold (by the agent), summed from the events. */
  holdSeconds: z.number().min(0),
  transfers: z.array(TransferRecordSchema).max(20),
  customerId: shortText(64).nullable(),
  wrapUp: z.object({
    dispositionCode: shortText(32).nullable(),
    /** What was said and decided, in the agent's words. */
    notes: z.string().max(8000),
    doneAt: isoTime.nullable(),
  }),
  script: z.object({ flowId: shortText(80), flowVersion: z.number().int().min(1) }).nullable(),
  scriptAnswers: z.array(ScriptAnswerSchema).max(500),
  ticketIds: z.array(shortText(64)).max(50),
  events: z.array(CallLogEventSchema).max(1000),
  /**
   * A call made from the callback worklist: its task, and the customer's verdict when the survey
   * script took it (DOMAIN.md §4; the task and the case keep theirs). Absent in records of consoles
   * older than the worklist: null.
   */
  callback: CallLogCallbackSchema.nullable().default(null),
});
export type CallLogRecord = z.infer<typeof CallLogRecordSchema>;

/** Limits of one upload; a client splits above them (the hub answers 413 when a batch is too big anyway). */
export const CALL_LOG_BATCH_MAX_RECORDS = 500;
export const CALL_LOG_BATCH_MAX_BYTES = 2 * 1024 * 1024;

/**
 * `POST /api/v1/call-logs/batch`. Records are checked one by one rather than as a whole, so one
 * malformed record is refused and the others of the batch still land.
 */
export const CallLogBatchRequestSchema = z.object({
  records: z.array(z.unknown()).min(1).max(CALL_LOG_BATCH_MAX_RECORDS),
});
export type CallLogBatchRequest = { records: CallLogRecord[] };

export const CALL_LOG_OUTCOMES = [
  /** New to the hub. */
  'created',
  /** The hub had an older version and now keeps this one. */
  'updated',
  /** The hub already had exactly this version (a retry): nothing changed. */
  'unchanged',
  /** The hub has a newer version already: this one is ignored. */
  'stale',
  /** Refused, with the reason; the console keeps the record and shows why. */
  'rejected',
] as const;
export type CallLogOutcome = (typeof CALL_LOG_OUTCOMES)[number];

export const CallLogBatchResultSchema = z.object({
  /** Position in the request's `records`. */
  index: z.number().int().min(0),
  /** The record's id, null when the record had no readable id. */
  id: z.string().nullable(),
  outcome: z.enum(CALL_LOG_OUTCOMES),
  /** The version the hub keeps after this request (absent when rejected). */
  storedVersion: z.number().int().optional(),
  /** For `rejected`: 400 for a malformed record (with the field), 409 for an id that belongs to someone else or a version with other content. */
  error: z.object({ status: z.union([z.literal(400), z.literal(409)]), code: z.string(), message: z.string(), field: z.string().optional() }).optional(),
});
export type CallLogBatchResult = z.infer<typeof CallLogBatchResultSchema>;

export const CallLogBatchResponseSchema = z.object({ results: z.array(CallLogBatchResultSchema) });
export type CallLogBatchResponse = z.infer<typeof CallLogBatchResponseSchema>;

/** `GET /api/v1/call-logs`: newest first, keyset-paged. */
export const CallLogQuerySchema = z.object({
  agentId: z.uuid().optional(),
  customerId: z.string().max(64).optional(),
  from: isoTime.optional().describe('startedAt at or after'),
  to: isoTime.optional().describe('startedAt before'),
  limit: z.coerce.number().int().min(1).max(500).default(50),
  cursor: z.string().max(200).optional().describe('nextCursor of the previous page'),
});
export type CallLogQuery = z.input<typeof CallLogQuerySchema>;

export const StoredCallLogSchema = CallLogRecordSchema.extend({
  agentId: z.uuid(),
  agentName: z.string(),
  receivedAt: isoTime,
  updatedAt: isoTime,
});
export type StoredCallLog = z.infer<typeof StoredCallLogSchema>;

export const CallLogPageSchema = z.object({ items: z.array(StoredCallLogSchema), nextCursor: z.string().nullable() });
export type CallLogPage = z.infer<typeof CallLogPageSchema>;

/** The center's call outcomes, chosen at wrap-up; configuration on the hub like the reason codes. */
export const DispositionCodeSchema = z.object({ code: z.string().min(1).max(32), label: LocalizedTextSchema });
export type DispositionCode = z.infer<typeof DispositionCodeSchema>;
