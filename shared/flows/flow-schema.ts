import { z } from 'zod';
import { LocalizedTextSchema } from '../api/org';

/*
 * The declarative format of a call script ("flow"): the center's procedures (DOMAIN.md §2–5) as data
 * that managers change on the hub without a new release. A flow is a graph of steps; each step may
 * show text to read, ask typed questions, and — when the agent completes it — request actions,
 * then goes on to the next step, chosen by the answers. Flow files are YAML or JSON
 * (flow-source.ts); this schema checks their shape, flow-check.ts their graph and references.
 *
 * Texts are templates: `{{customer.name}}` or `{{customer.name|您}}` (a fallback when the field is
 * empty). Templates are filled in as plain text, never as markup.
 */

/** Step, question and option ids: short, stable, safe in a JSON path and a database key. */
export const FlowIdentSchema = z
  .string()
  .regex(/^[a-z][a-z0-9_-]{0,63}$/, 'lower-case letters, digits, "_" and "-", starting with a letter, at most 64');

/** A flow's id names the procedure across its versions, e.g. `after-sales.address-change`. */
export const FlowIdSchema = z
  .string()
  .regex(/^[a-z][a-z0-9._-]{1,79}$/, 'lower-case letters, digits, ".", "_" and "-", starting with a letter, 2 to 80');
export type FlowId = z.infer<typeof FlowIdSchema>;

/** Version of the file format itself, not of a flow. */
export const FLOW_FORMAT = 1;

/** Upper limits that keep one flow small enough to cache on every PC and render at once. */
export const FLOW_LIMITS = {
  /** The source text (YAML or JSON) of one flow. */
  sourceBytes: 512 * 1024,
  steps: 200,
  questionsPerStep: 20,
  actionsPerStep: 10,
  options: 50,
  snippetsPerStep: 30,
  /** One template or label, per language. */
  text: 4000,
  label: 300,
} as const;

const text = (max: number) => z.string().max(max);
export const FlowTextSchema = z.object({ 'zh-CN': text(FLOW_LIMITS.text), 'en-US': text(FLOW_LIMITS.text) });
const LabelSchema = z.object({ 'zh-CN': text(FLOW_LIMITS.label).min(1), 'en-US': text(FLOW_LIMITS.label).min(1) });
export type FlowText = z.infer<typeof FlowTextSchema>;

/**
 * The facts of a call a template or a condition may name. `answers.<question>` names an answer
 * given earlier in the same flow; the validator checks both kinds of reference.
 */
export const FLOW_FIELDS = [
  'customer.name',
  'customer.phone',
  'customer.vipLevel',
  'customer.keyAccount',
  'customer.customerClass',
  'customer.openComplaints',
  'order.no',
  'order.placedAt',
  'order.shippingState',
  'order.courier',
  'order.waybillNo',
  'order.amount',
  'product.serialNo',
  'product.model',
  'product.purchaseDate',
  'ticket.no',
  'ticket.title',
  'ticket.status',
  'callback.dueAt',
  'call.number',
  'call.ivrChoice',
  'agent.name',
] as const;
export type FlowField = (typeof FLOW_FIELDS)[number];
export const FlowFieldSchema = z.enum(FLOW_FIELDS);

export const QUESTION_TYPES = ['choice', 'text', 'number', 'date', 'phone', 'yes_no', 'satisfaction'] as const;
export type QuestionType = (typeof QUESTION_TYPES)[number];

/** The satisfaction score: 1 (very unsatisfied) … 5 (very satisfied), the usual CSAT scale. */
export const SATISFACTION_MIN = 1;
export const SATISFACTION_MAX = 5;

export const OptionSchema = z.object({ value: FlowIdentSchema, label: LabelSchema }).strict();
export type FlowOption = z.infer<typeof OptionSchema>;

export const QuestionSchema = z
  .object({
    id: FlowIdentSchema,
    type: z.enum(QUESTION_TYPES),
    label: LabelSchema,
    help: FlowTextSchema.optional(),
    /** Required unless said otherwise: a procedure's questions are there because the case needs them. */
    required: z.boolean().default(true),
    /** `choice` only: what the agent picks from. */
    options: z.array(OptionSchema).min(2).max(FLOW_LIMITS.options).optional(),
    /** `number`: the range; `text`: the length (max defaults to 2000). */
    min: z.number().optional(),
    max: z.number().optional(),
    /** `text`: a box of several lines rather than one. */
    multiline: z.boolean().optional(),
    /** The answer filled in from the call's facts (the order number of the customer's last order, …). */
    prefill: FlowFieldSchema.optional(),
  })
  .strict();
export type FlowQuestion = z.infer<typeof QuestionSchema>;

export const SnippetSchema = z.object({ id: FlowIdentSchema, title: LabelSchema, text: FlowTextSchema }).strict();
export type FlowSnippet = z.infer<typeof SnippetSchema>;

const Scalar = z.union([z.string().max(200), z.number(), z.boolean()]);
export type FlowScalar = z.infer<typeof Scalar>;

/**
 * A test of one answer or one fact: exactly one operator. `answered: false` is true when an optional
 * question was skipped.
 */
export const TestSchema = z
  .object({
    answer: FlowIdentSchema.optional(),
    field: FlowFieldSchema.optional(),
    is: Scalar.optional(),
    isNot: Scalar.optional(),
    in: z.array(Scalar).min(1).max(FLOW_LIMITS.options).optional(),
    atLeast: z.number().optional(),
    atMost: z.number().optional(),
    answered: z.boolean().optional(),
  })
  .strict();
export type FlowTest = z.infer<typeof TestSchema>;

export type FlowCondition = FlowTest | { all: FlowCondition[] } | { any: FlowCondition[] } | { not: FlowCondition };
export const ConditionSchema: z.ZodType<FlowCondition> = z.lazy(() =>
  z.union([
    z.object({ all: z.array(ConditionSchema).min(1).max(20) }).strict(),
    z.object({ any: z.array(ConditionSchema).min(1).max(20) }).strict(),
    z.object({ not: ConditionSchema }).strict(),
    TestSchema,
  ]),
);

/**
 * Where a step goes when the agent completes it: one step; the step named for the answer of a
 * choice (or yes/no: `yes`, `no`) question; or the first matching rule, else `else`.
 */
export const NextSchema = z.union([
  FlowIdentSchema,
  z
    .object({
      switch: FlowIdentSchema,
      cases: z.record(FlowIdentSchema, FlowIdentSchema),
      default: FlowIdentSchema.optional(),
    })
    .strict(),
  z
    .object({
      when: z.array(z.object({ if: ConditionSchema, goto: FlowIdentSchema }).strict()).min(1).max(30),
      else: FlowIdentSchema,
    })
    .strict(),
]);
export type FlowNext = z.infer<typeof NextSchema>;

/** Where an action's value comes from: an answer, a fact of the call, a constant. */
export const ValueSourceSchema = z.union([
  z.object({ answer: FlowIdentSchema }).strict(),
  z.object({ field: FlowFieldSchema }).strict(),
  z.object({ value: Scalar }).strict(),
]);
export type FlowValueSource = z.infer<typeof ValueSourceSchema>;

export const FLOW_TICKET_KINDS = ['complaint', 'after_sales', 'consult'] as const;
export const FLOW_CALLBACK_TYPES = ['pre_sales', 'after_sales', 'complaint'] as const;
export type FlowCallbackType = (typeof FLOW_CALLBACK_TYPES)[number];

/** Which ticket an action concerns: the one this run created, or the one the call is about (a callback's case). */
const TicketRefSchema = z.enum(['created', 'context']);

/** An answer an action carries as it is (not as a value): the same `{answer: id}` as a value source's. */
const AnswerRefSchema = z.object({ answer: FlowIdentSchema }).strict();
export type FlowAnswerRef = z.infer<typeof AnswerRefSchema>;

export const ActionSchema = z.discriminatedUnion('type', [
  z
    .object({
      type: z.literal('create_ticket'),
      kind: z.enum(FLOW_TICKET_KINDS),
      title: FlowTextSchema,
      /** DOMAIN.md §3 classification; values as the hub's lists (tickets.ts) name them. */
      category: ValueSourceSchema.optional(),
      severity: ValueSourceSchema.optional(),
      triage: ValueSourceSchema.optional(),
      /** The department the ticket waits on, by code (the org design's). */
      department: z.string().max(40).optional(),
    })
    .strict(),
  z
    .object({
      type: z.literal('update_ticket'),
      ticket: TicketRefSchema.default('created'),
      note: FlowTextSchema,
      /** A callback's verdict on the case (DOMAIN.md §4): satisfied closes it, unsatisfied sends it back. */
      outcome: z.enum(['satisfied', 'not_satisfied']).optional(),
    })
    .strict(),
  z
    .object({
      type: z.literal('escalate'),
      ticket: TicketRefSchema.default('created'),
      /** `next`: one level up the chain from where the ticket is; a number: straight to that level. */
      level: z.union([z.literal('next'), z.number().int().min(1).max(10)]).default('next'),
      reason: FlowTextSchema,
    })
    .strict(),
  z.object({ type: z.literal('transfer'), department: z.string().min(1).max(40) }).strict(),
  z
    .object({
      type: z.literal('schedule_callback'),
      callbackType: z.enum(FLOW_CALLBACK_TYPES),
      /** The promise made to the customer: a callback within this many hours. */
      dueInHours: z.number().min(0.25).max(24 * 30),
      note: FlowTextSchema.optional(),
    })
    .strict(),
  z
    .object({
      type: z.literal('notify'),
      /** A department by code; `field-staff` reaches the field/technical staff (市场服务人员) of the org design. */
      department: z.string().min(1).max(40),
      message: FlowTextSchema,
      urgent: z.boolean().default(false),
    })
    .strict(),
  z.object({ type: z.literal('set_disposition'), code: z.string().min(1).max(32) }).strict(),
  z
    .object({
      /**
       * The customer's verdict on the callback task the call was dialled from (DOMAIN.md §4): the hub
       * ends the task and, for a complaint, closes the case or sends it back. Callback flows only.
       */
      type: z.literal('record_survey'),
      /** A literal: the branch that leads to the step has decided it. */
      satisfied: z.boolean(),
      /** A `satisfaction` question (1–5); without it the survey has no score. */
      score: AnswerRefSchema.optional(),
      /** A `text` question: why not satisfied, or what the customer liked. */
      reasons: AnswerRefSchema.optional(),
    })
    .strict(),
  z.object({ type: z.literal('pause_recording'), reason: LabelSchema }).strict(),
  z.object({ type: z.literal('resume_recording') }).strict(),
]);
export type FlowAction = z.infer<typeof ActionSchema>;
export type FlowActionType = FlowAction['type'];
export const FLOW_ACTION_TYPES = [
  'create_ticket',
  'update_ticket',
  'escalate',
  'transfer',
  'schedule_callback',
  'notify',
  'set_disposition',
  'record_survey',
  'pause_recording',
  'resume_recording',
] as const satisfies readonly FlowActionType[];

export const END_OUTCOMES = ['resolved', 'transferred', 'ticket_created', 'callback_scheduled', 'escalated', 'not_resolved', 'closed'] as const;
export type FlowEndOutcome = (typeof END_OUTCOMES)[number];

export const StepSchema = z
  .object({
    id: FlowIdentSchema,
    title: LabelSchema,
    /** What the agent reads to the customer. */
    say: FlowTextSchema.optional(),
    /** Knowledge the agent answers from (业务咨询): shown beside the text, searchable. */
    snippets: z.array(SnippetSchema).max(FLOW_LIMITS.snippetsPerStep).optional(),
    questions: z.array(QuestionSchema).max(FLOW_LIMITS.questionsPerStep).optional(),
    /** Requested in order when the agent completes the step; each runs once per call. */
    actions: z.array(ActionSchema).max(FLOW_LIMITS.actionsPerStep).optional(),
    /** Exactly one of `next` and `end`. */
    next: NextSchema.optional(),
    end: z.object({ outcome: z.enum(END_OUTCOMES) }).strict().optional(),
  })
  .strict();
export type FlowStep = z.infer<typeof StepSchema>;

export const FlowTriggersSchema = z
  .object({
    /** Calls the PBX's IVR sends with one of these choices open this flow (DOMAIN.md §2). */
    ivrChoices: z.array(z.string().min(1).max(40)).max(10).optional(),
    /** Callback tasks of these types open this flow (DOMAIN.md §4). */
    callbackTypes: z.array(z.enum(FLOW_CALLBACK_TYPES)).max(3).optional(),
  })
  .strict();
export type FlowTriggers = z.infer<typeof FlowTriggersSchema>;

export const FLOW_CATEGORIES = ['consultation', 'after_sales', 'complaint', 'callback', 'repair'] as const;
export type FlowCategory = (typeof FLOW_CATEGORIES)[number];

export const FlowDefinitionSchema = z
  .object({
    format: z.literal(FLOW_FORMAT),
    id: FlowIdSchema,
    title: LabelSchema,
    description: FlowTextSchema.optional(),
    category: z.enum(FLOW_CATEGORIES),
    triggers: FlowTriggersSchema.optional(),
    start: FlowIdentSchema,
    steps: z.array(StepSchema).min(1).max(FLOW_LIMITS.steps),
  })
  .strict();
/** A flow as written (defaults not yet applied). */
export type FlowDefinitionInput = z.input<typeof FlowDefinitionSchema>;
/** A flow as checked: defaults applied (`required: true`, `ticket: 'created'`, …). */
export type FlowDefinition = z.output<typeof FlowDefinitionSchema>;

export { LocalizedTextSchema };
