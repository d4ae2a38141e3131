import { z } from 'zod';
import { COMPLAINT_CATEGORIES } from '../api/tickets';

/*
 * What people do to a complaint case, step by step through 4-1 (DOMAIN.md §3), each with the
 * record that step keeps: the investigation record is form 表1.2, an assistance request form 表1.3,
 * the handling proposal the service department's classification and measure. Every action says
 * why (`note`); where the procedure demands a reason (a query, a refusal, a reopening) it may not
 * be empty.
 */

const text = (max: number) => z.string().trim().max(max);
const reason = text(4000).min(1, 'say why');
const note = text(4000).default('');
const code = z.string().trim().min(1).max(40);
const isoTime = z.iso.datetime({ offset: true });

/** DOMAIN.md §3 statistics: who is responsible (经销商 / 用户 / 公司). */
export const RESPONSIBILITIES = ['dealer', 'user', 'company'] as const;
export const ResponsibilitySchema = z.enum(RESPONSIBILITIES);
export type Responsibility = z.infer<typeof ResponsibilitySchema>;

/** 多级投诉制: handled by the service department, raised to the staff member's superior, or to leadership. */
export const COMPLAINT_LEVELS = ['service', 'superior', 'leadership'] as const;
export const ComplaintLevelSchema = z.enum(COMPLAINT_LEVELS);
export type ComplaintLevel = z.infer<typeof ComplaintLevelSchema>;

/** 表1.2 客户投诉现场访问及处理记录. */
export const InvestigationRecordSchema = z
  .object({
    visitedAt: isoTime,
    place: text(300).min(1),
    /** What was found: breed / environment / management / product / … */
    findings: text(8000).min(1),
    /** The customer's own production records and documents that were seen. */
    customerRecords: text(4000).default(''),
    /** Technical measures taken on site and what they solved (investigators may only propose these). */
    technicalMeasures: text(4000).default(''),
    customerSigned: z.boolean(),
    /** Required when the customer refused to sign: reported to the head, evidence preserved. */
    refusalReason: text(2000).nullable().default(null),
    /** A third party who signed instead, when the customer refused. */
    witness: text(200).nullable().default(null),
    /** Evidence files uploaded to this case first (photos, video, documents). */
    attachmentIds: z.array(z.uuid()).max(50).default([]),
  })
  .strict()
  .refine((form) => form.customerSigned || (form.refusalReason !== null && form.refusalReason.length > 0), {
    message: 'the customer did not sign: give the reason they refused',
    path: ['refusalReason'],
  });
export type InvestigationRecord = z.output<typeof InvestigationRecordSchema>;

/** 表1.3 业务协查申请报告: help from another department (quality analysis, document checks). */
export const AssistanceRequestSchema = z
  .object({
    departmentCode: code,
    subject: text(200).min(1),
    request: text(4000).min(1),
  })
  .strict();
export type AssistanceRequest = z.output<typeof AssistanceRequestSchema>;

/** The service department's classification and proposed measure (处理意见). */
export const ProposalSchema = z
  .object({
    category: z.enum(COMPLAINT_CATEGORIES),
    responsibility: ResponsibilitySchema,
    /** The department complained about; required when the company is responsible. */
    departmentCode: code.nullable(),
    measure: text(4000).min(1),
    /** Compensation or cost of the measure, in fen; 0 when none. */
    compensationFen: z.number().int().min(0).max(1_000_000_000_00),
    /** Unclear or shared responsibility: the general manager approves whatever the amount. */
    multiDepartment: z.boolean().default(false),
  })
  .strict()
  .refine((p) => p.responsibility !== 'company' || p.departmentCode !== null, {
    message: 'the company is responsible: name the department complained about',
    path: ['departmentCode'],
  });
export type Proposal = z.output<typeof ProposalSchema>;

export const ComplaintActionSchema = z.discriminatedUnion('type', [
  /** 即时处置: explained or advised on the spot; done. */
  z.object({ type: z.literal('answer_at_once'), note: reason }).strict(),
  /** Severe consequences: up the escalation chain; `level` null is the next one up. */
  z.object({ type: z.literal('escalate'), level: z.number().int().min(1).max(10).nullable().default(null), note: reason }).strict(),
  /** On-site protection or investigation; the field staff unless another department is named. */
  z.object({ type: z.literal('dispatch_investigation'), departmentCode: code.nullable().default(null), note }).strict(),
  z.object({ type: z.literal('record_investigation'), form: InvestigationRecordSchema, note }).strict(),
  z.object({ type: z.literal('request_assistance'), form: AssistanceRequestSchema, note }).strict(),
  z.object({ type: z.literal('answer_assistance'), requestId: z.uuid(), answer: text(8000).min(1), note }).strict(),
  /** What the investigation's technical measures solved: no proposal needed, the result is tracked. */
  z.object({ type: z.literal('resolve_on_site'), note: reason }).strict(),
  z.object({ type: z.literal('propose'), proposal: ProposalSchema, note }).strict(),
  /** The head's signature on the proposal (not the proposer's own). */
  z.object({ type: z.literal('sign_off'), note }).strict(),
  z.object({ type: z.literal('reject_proposal'), note: reason }).strict(),
  /** 备忘函: a clear-cut case goes straight to the department, the memo being the proposal. */
  z.object({ type: z.literal('send_memo'), proposal: ProposalSchema, note }).strict(),
  /** The department complained about accepts the finding and will act. */
  z.object({ type: z.literal('accept'), note }).strict(),
  /** 质询: the department disputes the finding. */
  z.object({ type: z.literal('query'), note: reason }).strict(),
  /** The query holds: investigate again. */
  z.object({ type: z.literal('uphold_query'), note: reason }).strict(),
  z.object({ type: z.literal('dismiss_query'), note: reason }).strict(),
  z.object({ type: z.literal('approve'), note }).strict(),
  z.object({ type: z.literal('refuse_approval'), note: reason }).strict(),
  z.object({ type: z.literal('complete_measure'), result: text(4000).min(1), note }).strict(),
  z.object({ type: z.literal('record_tracking'), note: reason }).strict(),
  /** 投诉回访 is due: the callback staff report the result to the customer. */
  z.object({ type: z.literal('request_callback'), dueAt: isoTime.nullable().default(null), note }).strict(),
  /** The customer's verdict on the callback, in their words. */
  z.object({ type: z.literal('callback_result'), satisfied: z.boolean(), words: text(4000).min(1), callId: z.uuid().nullable().default(null) }).strict(),
  /** 建档: a case answered at once is filed without a callback. */
  z.object({ type: z.literal('archive'), note }).strict(),
  z.object({ type: z.literal('reopen'), note: reason }).strict(),
  /** 多级投诉制: the customer takes it to the staff member's superior (their department) or to leadership. */
  z
    .object({
      type: z.literal('raise_level'),
      to: z.enum(['superior', 'leadership']),
      /** The department of the staff member complained about; required to reach their superior. */
      aboutDepartmentCode: code.nullable().default(null),
      aboutStaff: text(200).nullable().default(null),
      note: reason,
    })
    .strict()
    .refine((a) => a.to !== 'superior' || a.aboutDepartmentCode !== null, {
      message: "name the staff member's department, whose head is their superior",
      path: ['aboutDepartmentCode'],
    }),
]);
export type ComplaintAction = z.output<typeof ComplaintActionSchema>;
export type ComplaintActionInput = z.input<typeof ComplaintActionSchema>;
export type ComplaintActionType = ComplaintAction['type'];
export const COMPLAINT_ACTION_TYPES = ComplaintActionSchema.options.map((option) => option.shape.type.value) as readonly ComplaintActionType[];
