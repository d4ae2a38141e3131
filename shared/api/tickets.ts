import { z } from 'zod';
import { FLOW_CALLBACK_TYPES } from '../flows/flow-schema';
import { E164Schema, TicketKindSchema } from './customers';

/*
 * What a call's script asks the hub to do (flow actions): open a ticket, add to it, escalate it,
 * schedule a callback, notify a department. Every request carries an id the console made when the
 * action was requested, so a request retried after a lost answer (or replayed after a crash) is
 * done once: the same id with the same content answers 200 with what was done; the same id with
 * other content answers 409. The complaint procedure (issue 7) and the callback worklist (issue 8)
 * build on these records.
 */

const isoTime = z.iso.datetime({ offset: true });
const shortText = (max: number) => z.string().trim().max(max);

/** DOMAIN.md §3, 投诉方式. */
export const COMPLAINT_CHANNELS = ['letter', 'phone', 'visit', 'sales_rep', 'department', 'authority', 'other'] as const;
/** DOMAIN.md §3, complaints by content: 品质/价格/销售/运输/人员/服务. */
export const COMPLAINT_CATEGORIES = ['quality', 'price', 'sales', 'transport', 'staff', 'service'] as const;
export const COMPLAINT_SEVERITIES = ['normal', 'severe'] as const;
/** The first decision of intake (DOMAIN.md §3.1): answer now, escalate, or send someone on site. */
export const COMPLAINT_TRIAGES = ['answered', 'escalated', 'on_site'] as const;

/**
 * The status a ticket has when it is opened from a call. The complaint procedure (issue 7) owns
 * everything after intake.
 */
export const INTAKE_STATUSES = {
  answered: 'answered_at_once',
  escalated: 'escalated',
  on_site: 'investigation_dispatched',
  registered: 'registered',
} as const;

export const TicketAnswerSchema = z.object({
  stepId: shortText(80),
  questionId: shortText(80),
  label: shortText(300),
  display: shortText(4000),
});
export type TicketAnswer = z.infer<typeof TicketAnswerSchema>;

export const FlowRefSchema = z.object({ flowId: shortText(80), flowVersion: z.number().int().min(1) });
export type FlowRef = z.infer<typeof FlowRefSchema>;

/** `POST /api/v1/tickets`. */
export const TicketCreateRequestSchema = z
  .object({
    id: z.uuid(),
    kind: TicketKindSchema,
    customerId: z.uuid().nullable(),
    callId: z.uuid().nullable(),
    title: shortText(200).min(1),
    channel: z.enum(COMPLAINT_CHANNELS).default('phone'),
    category: z.enum(COMPLAINT_CATEGORIES).nullable().default(null),
    severity: z.enum(COMPLAINT_SEVERITIES).nullable().default(null),
    triage: z.enum(COMPLAINT_TRIAGES).nullable().default(null),
    /** The department the ticket waits on, by org-design code. */
    departmentCode: shortText(40).nullable().default(null),
    /** The script's answers: the ticket's intake form (表1.1 for a complaint). */
    answers: z.array(TicketAnswerSchema).max(500),
    flow: FlowRefSchema.nullable(),
  })
  .strict();
export type TicketCreateRequest = z.input<typeof TicketCreateRequestSchema>;

/**
 * What a line of a ticket's history records: the script's actions, and every action of the
 * complaint procedure (shared/complaints/complaint-actions.ts, by its type). Spelled out rather
 * than imported: the procedure's module imports this one.
 */
export const TICKET_EVENT_TYPES = [
  'opened',
  'note',
  'escalated',
  'callback_scheduled',
  'notified',
  'satisfied',
  'not_satisfied',
  'attachment_added',
  'answer_at_once',
  'escalate',
  'raise_level',
  'dispatch_investigation',
  'record_investigation',
  'request_assistance',
  'answer_assistance',
  'resolve_on_site',
  'propose',
  'sign_off',
  'reject_proposal',
  'send_memo',
  'accept',
  'query',
  'uphold_query',
  'dismiss_query',
  'approve',
  'refuse_approval',
  'complete_measure',
  'record_tracking',
  'request_callback',
  'callback_result',
  'archive',
  'reopen',
] as const;

export const TicketEventSchema = z.object({
  id: z.uuid(),
  type: z.enum(TICKET_EVENT_TYPES),
  at: isoTime,
  by: z.string(),
  text: z.string(),
  /** A complaint's status before and after a step of its procedure (the same when the step kept it); null on other lines. */
  fromStatus: z.string().nullable(),
  toStatus: z.string().nullable(),
});
export type TicketEvent = z.infer<typeof TicketEventSchema>;

export const TicketSchema = z.object({
  id: z.uuid(),
  ticketNo: z.string(),
  kind: TicketKindSchema,
  status: z.string(),
  open: z.boolean(),
  customerId: z.uuid().nullable(),
  callId: z.uuid().nullable(),
  title: z.string(),
  channel: z.enum(COMPLAINT_CHANNELS),
  category: z.enum(COMPLAINT_CATEGORIES).nullable(),
  severity: z.enum(COMPLAINT_SEVERITIES).nullable(),
  triage: z.enum(COMPLAINT_TRIAGES).nullable(),
  departmentCode: z.string().nullable(),
  /** 0: not escalated; otherwise the escalation chain's level it reached. */
  escalationLevel: z.number().int().min(0),
  answers: z.array(TicketAnswerSchema),
  flow: FlowRefSchema.nullable(),
  openedAt: isoTime,
  openedBy: z.string(),
  updatedAt: isoTime,
  closedAt: isoTime.nullable(),
  events: z.array(TicketEventSchema),
});
export type Ticket = z.infer<typeof TicketSchema>;

/** `POST /api/v1/tickets/:id/notes`: a line in the ticket's history; a callback's verdict moves it. */
export const TicketNoteRequestSchema = z
  .object({
    id: z.uuid(),
    text: shortText(4000).min(1),
    /** satisfied → closed; not_satisfied → back to its department, open (DOMAIN.md §4). */
    outcome: z.enum(['satisfied', 'not_satisfied']).nullable().default(null),
    callId: z.uuid().nullable().default(null),
  })
  .strict();
export type TicketNoteRequest = z.input<typeof TicketNoteRequestSchema>;

/** `POST /api/v1/tickets/:id/escalations`: up the org design's escalation chain (DOMAIN.md §3.1). */
export const TicketEscalationRequestSchema = z
  .object({
    id: z.uuid(),
    level: z.union([z.literal('next'), z.number().int().min(1).max(10)]),
    reason: shortText(2000).min(1),
    callId: z.uuid().nullable().default(null),
  })
  .strict();
export type TicketEscalationRequest = z.input<typeof TicketEscalationRequestSchema>;

export const CALLBACK_TYPES = FLOW_CALLBACK_TYPES;
export const CallbackTypeSchema = z.enum(CALLBACK_TYPES);
export type CallbackType = z.infer<typeof CallbackTypeSchema>;

/** `POST /api/v1/callbacks`: a promised callback (DOMAIN.md §2.3, §4). */
export const CallbackCreateRequestSchema = z
  .object({
    id: z.uuid(),
    type: CallbackTypeSchema,
    customerId: z.uuid().nullable(),
    ticketId: z.uuid().nullable(),
    callId: z.uuid().nullable(),
    /** The number to call; null when the customer's record has to say. */
    phone: E164Schema.nullable(),
    dueAt: isoTime,
    /** VIPs first (DOMAIN.md §2). */
    priority: z.enum(['normal', 'high']).default('normal'),
    note: shortText(2000).default(''),
    flow: FlowRefSchema.nullable().default(null),
  })
  .strict();
export type CallbackCreateRequest = z.input<typeof CallbackCreateRequestSchema>;

export const CallbackTaskSchema = z.object({
  id: z.uuid(),
  type: CallbackTypeSchema,
  status: z.string(),
  customerId: z.uuid().nullable(),
  ticketId: z.uuid().nullable(),
  callId: z.uuid().nullable(),
  phone: z.string().nullable(),
  dueAt: isoTime,
  priority: z.enum(['normal', 'high']),
  note: z.string(),
  flow: FlowRefSchema.nullable(),
  createdAt: isoTime,
  createdBy: z.string(),
});
export type CallbackTask = z.infer<typeof CallbackTaskSchema>;

export const CallbackQuerySchema = z.object({
  ticketId: z.uuid().optional(),
  customerId: z.uuid().optional(),
  callId: z.uuid().optional(),
});
export const CallbackListResponseSchema = z.object({ items: z.array(CallbackTaskSchema) });

/** `POST /api/v1/notifications`: a department (or the field staff) is told of a case. */
export const NotificationCreateRequestSchema = z
  .object({
    id: z.uuid(),
    /** Org-design department code, or `field-staff` for the field/technical staff (市场服务人员). */
    departmentCode: shortText(40).min(1),
    message: shortText(2000).min(1),
    urgent: z.boolean().default(false),
    ticketId: z.uuid().nullable().default(null),
    callId: z.uuid().nullable().default(null),
  })
  .strict();
export type NotificationCreateRequest = z.input<typeof NotificationCreateRequestSchema>;

export const NotificationSchema = z.object({
  id: z.uuid(),
  departmentCode: z.string(),
  message: z.string(),
  urgent: z.boolean(),
  ticketId: z.uuid().nullable(),
  callId: z.uuid().nullable(),
  createdAt: isoTime,
  createdBy: z.string(),
});
export type Notification = z.infer<typeof NotificationSchema>;

export const NotificationQuerySchema = z.object({
  departmentCode: z.string().max(40).optional(),
  ticketId: z.uuid().optional(),
});
export const NotificationListResponseSchema = z.object({ items: z.array(NotificationSchema) });

/** The org design's name for the field/technical staff as a notification target. */
export const FIELD_STAFF_TARGET = 'field-staff';
