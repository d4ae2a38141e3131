import { z } from 'zod';
import { FLOW_CATEGORIES, FlowDefinitionSchema, FlowIdSchema, FlowTriggersSchema } from '../flows/flow-schema';
import { LocalizedTextSchema } from './org';

/*
 * Flows (call scripts) on the hub: versioned data. Every upload that passes the checks becomes the
 * next version of its flow and the one in force; earlier versions stay readable, because call logs
 * and tickets name the version they followed and a call in progress finishes on the version it
 * started with.
 */

const isoTime = z.iso.datetime({ offset: true });

export const StoredFlowSchema = z.object({
  id: FlowIdSchema,
  version: z.number().int().min(1),
  title: LocalizedTextSchema,
  category: z.enum(FLOW_CATEGORIES),
  triggers: FlowTriggersSchema,
  /** The checked definition, defaults applied. */
  definition: FlowDefinitionSchema,
  publishedAt: isoTime,
  publishedBy: z.string(),
});
export type StoredFlow = z.infer<typeof StoredFlowSchema>;

/** `GET /api/v1/flows`: the version in force of every flow; consoles cache them for offline calls. */
export const FlowListResponseSchema = z.object({ flows: z.array(StoredFlowSchema) });
export type FlowListResponse = z.infer<typeof FlowListResponseSchema>;

/** `GET /api/v1/flows/:id/versions`: every published version of one flow, the one in force (highest) first. */
export const FlowVersionListSchema = z.object({
  id: FlowIdSchema,
  versions: z.array(z.object({ version: z.number().int().min(1), publishedAt: isoTime, publishedBy: z.string() })),
});
export type FlowVersionList = z.infer<typeof FlowVersionListSchema>;

/**
 * `POST /api/v1/flows`: a flow file as written, YAML or JSON text. The hub assigns the version (the
 * file's own is not trusted) and checks it against the org design and the disposition codes.
 */
export const FlowUploadRequestSchema = z.object({
  source: z.string().min(1),
  format: z.enum(['yaml', 'json']),
});
export type FlowUploadRequest = z.infer<typeof FlowUploadRequestSchema>;

export const FLOW_PROBLEM_CODES = [
  'syntax',
  'too_large',
  'schema',
  'duplicate_step',
  'duplicate_question',
  'duplicate_option',
  'unknown_start',
  'unknown_step',
  'unreachable',
  'dead_end',
  'no_exit',
  'unknown_field',
  'unknown_question',
  'not_yet_asked',
  'bad_template',
  'bad_test',
  'switch_not_choice',
  'uncovered_option',
  'unknown_option',
  'options_mismatch',
  'bad_range',
  'unknown_department',
  'unknown_disposition',
  'trigger_taken',
  /** An action names an answer of the wrong type (a survey's score that is not a satisfaction question). */
  'wrong_question_type',
  /** An action the flow's category does not allow (a survey outside a callback flow). */
  'action_not_allowed',
] as const;
export type FlowProblemCode = (typeof FLOW_PROBLEM_CODES)[number];

export const FlowProblemSchema = z.object({
  code: z.enum(FLOW_PROBLEM_CODES),
  /** The step concerned, null for the flow as a whole. */
  stepId: z.string().nullable(),
  /** Where in the document (`steps.3.next.cases.printed`), or `line:col` for a syntax error. */
  path: z.string(),
  /** English, naming the step: `step "check-state": …`. */
  message: z.string(),
});
export type FlowProblem = z.infer<typeof FlowProblemSchema>;

/** 400 of `POST /api/v1/flows`: the ApiError fields plus every problem found, not just the first. */
export const FlowRejectedSchema = z.object({
  error: z.literal('invalid_flow'),
  message: z.string(),
  problems: z.array(FlowProblemSchema),
});
export type FlowRejected = z.infer<typeof FlowRejectedSchema>;
