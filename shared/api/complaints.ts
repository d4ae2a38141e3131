import { z } from 'zod';
import {
  AssistanceRequestSchema,
  ComplaintActionSchema,
  ComplaintLevelSchema,
  InvestigationRecordSchema,
  ResponsibilitySchema,
  COMPLAINT_ACTION_TYPES,
} from '../complaints/complaint-actions';
import { ComplaintStatusSchema, REPORT_DEPARTMENT_GROUPS } from '../complaints/complaint-config';
import { COMPLAINT_CATEGORIES, COMPLAINT_CHANNELS, TicketSchema } from './tickets';

/*
 * The complaint procedure on the hub's API (DOMAIN.md §3): the case list, a case with everything the
 * case page shows, the actions people take on it, its evidence files, the center's configuration and
 * the complaint section's statistics. The state machine itself is shared/complaints/.
 */

const isoTime = z.iso.datetime({ offset: true });

/** `POST /api/v1/tickets/:id/actions`. */
export const ComplaintActionRequestSchema = z
  .object({
    /** Made by the console; a retry of the same request is answered 200 with the case, another request with this id 409. */
    id: z.uuid(),
    /** The case's version the person saw. Someone else acted since → 409 `stale_version`, nothing stored. */
    expectedVersion: z.number().int().min(1),
    action: ComplaintActionSchema,
  })
  .strict();
export type ComplaintActionRequest = z.input<typeof ComplaintActionRequestSchema>;

export const ProposalViewSchema = z.object({
  category: z.enum(COMPLAINT_CATEGORIES),
  responsibility: ResponsibilitySchema,
  departmentCode: z.string().nullable(),
  measure: z.string(),
  compensationFen: z.number().int(),
  multiDepartment: z.boolean(),
  memo: z.boolean(),
  proposedBy: z.string(),
  signedBy: z.string().nullable(),
  needsApproval: z.boolean(),
  approvedBy: z.string().nullable(),
});

export const AssistanceViewSchema = z.object({
  id: z.uuid(),
  departmentCode: z.string(),
  answered: z.boolean(),
  form: AssistanceRequestSchema,
  requestedAt: isoTime,
  requestedBy: z.string(),
  answer: z.string().nullable(),
  answeredAt: isoTime.nullable(),
  answeredBy: z.string().nullable(),
});

export const InvestigationViewSchema = z.object({
  id: z.uuid(),
  form: InvestigationRecordSchema,
  recordedAt: isoTime,
  recordedBy: z.string(),
});

/** An evidence file (photo, video, audio, PDF) of a case. */
export const AttachmentSchema = z.object({
  id: z.uuid(),
  ticketId: z.uuid(),
  fileName: z.string(),
  mediaType: z.string(),
  size: z.number().int(),
  sha256: z.string(),
  uploadedAt: isoTime,
  uploadedBy: z.string(),
});
export type Attachment = z.infer<typeof AttachmentSchema>;

/** What an evidence upload may be: checked against the file's first bytes, not only its declared type. */
export const ATTACHMENT_MEDIA_TYPES = [
  'image/jpeg',
  'image/png',
  'image/webp',
  'video/mp4',
  'video/webm',
  'audio/mpeg',
  'audio/ogg',
  'audio/wav',
  'application/pdf',
] as const;
export const ATTACHMENT_MAX_BYTES = 20 * 1024 * 1024;

/** `GET /api/v1/tickets/:id/attachments`: a ticket's evidence, oldest first. */
export const AttachmentListResponseSchema = z.object({ items: z.array(AttachmentSchema) });
export type AttachmentListResponse = z.infer<typeof AttachmentListResponseSchema>;

export const ComplaintCaseViewSchema = z.object({
  version: z.number().int().min(1),
  status: ComplaintStatusSchema,
  level: ComplaintLevelSchema,
  aboutDepartmentCode: z.string().nullable(),
  aboutStaff: z.string().nullable(),
  /** The department whose move it is; null once closed. */
  waitingOn: z.string().nullable(),
  /** When the current step is overdue (the configured time limit); null without a limit. */
  stepDueAt: isoTime.nullable(),
  /** The earliest callback promised and not yet made. */
  callbackDueAt: isoTime.nullable(),
  overdue: z.boolean(),
  investigationDepartmentCode: z.string().nullable(),
  returns: z.number().int(),
  proposal: ProposalViewSchema.nullable(),
  investigations: z.array(InvestigationViewSchema),
  assistance: z.array(AssistanceViewSchema),
  attachments: z.array(AttachmentSchema),
  /** What the person asking may do now (the same machine the hub enforces). */
  availableActions: z.array(z.enum(COMPLAINT_ACTION_TYPES as [string, ...string[]])),
});
export type ComplaintCaseView = z.infer<typeof ComplaintCaseViewSchema>;

/** `GET /api/v1/complaints/:id` and the answer to an action: the ticket with its case. */
export const ComplaintDetailSchema = TicketSchema.extend({
  /** The customer's name as the book has it now; null for a caller not in the book. */
  customerName: z.string().nullable(),
  case: ComplaintCaseViewSchema,
});
export type ComplaintDetail = z.infer<typeof ComplaintDetailSchema>;

export const ComplaintSummarySchema = z.object({
  id: z.uuid(),
  ticketNo: z.string(),
  title: z.string(),
  customerId: z.uuid().nullable(),
  customerName: z.string().nullable(),
  channel: z.enum(COMPLAINT_CHANNELS),
  category: z.enum(COMPLAINT_CATEGORIES).nullable(),
  severity: z.enum(['normal', 'severe']).nullable(),
  status: ComplaintStatusSchema,
  level: ComplaintLevelSchema,
  escalationLevel: z.number().int(),
  departmentCode: z.string().nullable(),
  waitingOn: z.string().nullable(),
  openedAt: isoTime,
  openedBy: z.string(),
  updatedAt: isoTime,
  stepDueAt: isoTime.nullable(),
  callbackDueAt: isoTime.nullable(),
  overdue: z.boolean(),
  version: z.number().int(),
});
export type ComplaintSummary = z.infer<typeof ComplaintSummarySchema>;

const csv = <T extends z.ZodType<unknown, string>>(item: T) =>
  z
    .string()
    .max(2000)
    .transform((value) => value.split(',').map((part) => part.trim()).filter((part) => part !== ''))
    .pipe(z.array(item).max(50));

/** `GET /api/v1/complaints`: newest first; every filter optional. */
export const ComplaintListQuerySchema = z
  .object({
    status: csv(ComplaintStatusSchema).optional(),
    waitingOn: z.string().max(40).optional(),
    category: z.enum(COMPLAINT_CATEGORIES).optional(),
    level: ComplaintLevelSchema.optional(),
    /** Only cases past a step's limit or a promised callback. */
    overdue: z.enum(['true', 'false']).transform((v) => v === 'true').optional(),
    /** Only cases still open. */
    open: z.enum(['true', 'false']).transform((v) => v === 'true').optional(),
    /** Ticket number, title or customer name contains this. */
    q: z.string().trim().max(100).optional(),
    openedFrom: isoTime.optional(),
    openedTo: isoTime.optional(),
    /** Cases the caller opened or acted on. */
    mine: z.enum(['true', 'false']).transform((v) => v === 'true').optional(),
    /** The previous page's `nextCursor`. */
    cursor: z.string().max(200).optional(),
    limit: z.coerce.number().int().min(1).max(200).default(50),
  })
  .strict();
export type ComplaintListQuery = z.input<typeof ComplaintListQuerySchema>;

export const ComplaintListResponseSchema = z.object({
  items: z.array(ComplaintSummarySchema),
  nextCursor: z.string().nullable(),
});
export type ComplaintListResponse = z.infer<typeof ComplaintListResponseSchema>;

const localDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date, YYYY-MM-DD');

/** `GET /api/v1/reports/complaints?from=&to=`: complaints opened from `from` to `to`, both days included, in the center's time zone. */
export const ComplaintReportQuerySchema = z
  .object({
    from: localDate,
    to: localDate,
  })
  .strict();
export type ComplaintReportQuery = z.infer<typeof ComplaintReportQuerySchema>;

// `const`: the keys stay literal, so each breakdown's type names its keys (not a string index that any key satisfies).
const counts = <const K extends readonly [string, ...string[]]>(keys: K) => z.object(Object.fromEntries(keys.map((k) => [k, z.number().int().min(0)])) as { [P in K[number]]: z.ZodNumber });

/** The complaint section's periodic statistics (DOMAIN.md §3, seed 004 §4-3). Every complaint counts once in each breakdown. */
export const ComplaintReportSchema = z.object({
  period: z.object({ from: localDate, to: localDate, timeZone: z.string() }),
  generatedAt: isoTime,
  received: z.object({
    total: z.number().int(),
    byChannel: counts(COMPLAINT_CHANNELS),
    /** 即时处置. */
    handledAtOnce: z.number().int(),
    /** Passed to the field section (on-site investigation dispatched). */
    passedToField: z.number().int(),
    /** Investigation records (表1.2) made: one per visit. */
    onSiteVisits: z.number().int(),
  }),
  /** By content; a case not yet classified counts as `unclassified`. The proposal's category wins over the intake's. */
  byContent: counts([...COMPLAINT_CATEGORIES, 'unclassified']),
  byResponsibility: counts(['dealer', 'user', 'company', 'undetermined']),
  /** Company-attributable complaints, by the department complained about. */
  companyByDepartment: counts(REPORT_DEPARTMENT_GROUPS),
  byStatus: counts(['done', 'in_progress', 'not_handled', 'tracking']),
  /** Open cases past a step's limit or a promised callback, now. */
  overdue: z.number().int(),
  byLevel: counts(['service', 'superior', 'leadership']),
});
export type ComplaintReport = z.infer<typeof ComplaintReportSchema>;
