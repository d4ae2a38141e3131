import { z } from 'zod';
import { RoleSchema } from '../domain/roles';
import { AGENT_STATES } from '../telephony/agent-state';

/*
 * The supervisor board (`GET /api/v1/board`) and the call figures (`GET /api/v1/reports/calls`).
 * The board is a snapshot; `agent.state` events (shared/api/events.ts) say which agent changed, and
 * `board.figures` that today's totals moved, so a board patches one row or re-reads the totals.
 */

const isoTime = z.iso.datetime({ offset: true });
const localDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date, YYYY-MM-DD');
/** A share between 0 and 1; null when there is nothing to divide by. */
const rate = z.number().min(0).max(1).nullable();
/** Seconds, averaged; null when no call counted. */
const seconds = z.number().min(0).nullable();

export const BoardCallSchema = z.object({
  callId: z.string(),
  direction: z.enum(['inbound', 'outbound']).nullable(),
  /** The other party's number; null when withheld or not known yet. */
  number: z.string().nullable(),
  customerId: z.string().nullable(),
  customerName: z.string().nullable(),
  /** When the call began (ringing or dialling), by the console's clock. */
  startedAt: isoTime.nullable(),
});
export type BoardCall = z.infer<typeof BoardCallSchema>;

export const BoardAgentSchema = z.object({
  userId: z.uuid(),
  username: z.string(),
  displayName: z.string(),
  role: RoleSchema,
  extension: z.string().nullable(),
  /** null: logged in never, or not since the hub started keeping states. */
  state: z.enum(AGENT_STATES).nullable(),
  reasonCode: z.string().nullable(),
  since: isoTime.nullable(),
  /** The call the state is about (ringing … wrap-up), with what the hub knows of it. */
  call: BoardCallSchema.nullable(),
  /** In wrap-up longer than the center allows (PhoneConfig.wrapUp.seconds). */
  wrapUpOverrun: z.boolean(),
  /** No live session: the console is closed or logged out. */
  loggedOut: z.boolean(),
});
export type BoardAgent = z.infer<typeof BoardAgentSchema>;

export const BoardTotalsSchema = z.object({
  callsIn: z.number().int().min(0),
  callsOut: z.number().int().min(0),
  /** Inbound calls answered. */
  answered: z.number().int().min(0),
  /** Talk + hold + wrap-up, per answered call. */
  avgHandleSeconds: seconds,
  avgWrapUpSeconds: seconds,
  openComplaints: z.number().int().min(0),
  overdueComplaints: z.number().int().min(0),
  /** Callback tasks due by the end of today and not done. */
  callbacksDue: z.number().int().min(0),
  /** Satisfied / surveyed, today's callback surveys. */
  satisfactionRate: rate,
});
export type BoardTotals = z.infer<typeof BoardTotalsSchema>;

export const BoardSchema = z.object({
  asOf: isoTime,
  /** The center's day the totals are for. */
  date: localDate,
  timeZone: z.string(),
  wrapUpSeconds: z.number().int().positive().nullable(),
  agents: z.array(BoardAgentSchema),
  totals: BoardTotalsSchema,
});
export type Board = z.infer<typeof BoardSchema>;

/** `GET /api/v1/reports/calls?from=&to=[&department=]`. */
export const CallReportQuerySchema = z
  .object({
    from: localDate,
    to: localDate,
    /** Only agents of this department (org code); all when absent. */
    department: z.string().max(32).optional(),
  })
  .strict();
export type CallReportQuery = z.infer<typeof CallReportQuerySchema>;

export const CallFiguresRowSchema = z.object({
  callsIn: z.number().int().min(0),
  callsOut: z.number().int().min(0),
  answered: z.number().int().min(0),
  /** Inbound calls that rang and were not answered (missed, rejected, abandoned). */
  unanswered: z.number().int().min(0),
  answerRate: rate,
  talkSeconds: z.number().min(0),
  holdSeconds: z.number().min(0),
  wrapUpSeconds: z.number().min(0),
  avgTalkSeconds: seconds,
  avgHandleSeconds: seconds,
  avgWrapUpSeconds: seconds,
});
export type CallFiguresRow = z.infer<typeof CallFiguresRowSchema>;

export const CallReportSchema = z.object({
  period: z.object({ from: localDate, to: localDate, timeZone: z.string() }),
  generatedAt: isoTime,
  department: z.string().nullable(),
  totals: CallFiguresRowSchema,
  byAgent: z.array(CallFiguresRowSchema.extend({ userId: z.uuid(), username: z.string(), displayName: z.string() })),
  /** By queue: the IVR choice the call carried (`consult`, `complaint`), `null` for direct and outbound calls. */
  byQueue: z.array(CallFiguresRowSchema.extend({ queue: z.string().nullable() })),
  /** Wrapped-up calls by disposition code; `null`: no code given. */
  byDisposition: z.array(z.object({ code: z.string().nullable(), label: z.string().nullable(), calls: z.number().int().min(0) })),
  byDay: z.array(z.object({ date: localDate, callsIn: z.number().int(), callsOut: z.number().int(), answered: z.number().int(), avgHandleSeconds: seconds })),
});
export type CallReport = z.infer<typeof CallReportSchema>;
