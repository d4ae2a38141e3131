import type { FlowCallbackType, FlowEndOutcome, FlowField } from './flow-schema';

/*
 * A flow being followed on one call: plain, serialisable data that the console saves after every
 * answer (so a reload resumes at the same step with every answer) and that the pure engine
 * (flow-engine.ts) moves on. Actions are not done by the engine: it hands back requests, which the
 * console executes and records.
 */

/** choice: the option's value; text; number; date `YYYY-MM-DD`; phone: E.164 or an extension; yes_no; satisfaction 1–5. */
export type AnswerValue = string | number | boolean;

export interface GivenAnswer {
  value: AnswerValue;
  /** The step that asked it. */
  stepId: string;
  /** ISO time it was given (or prefilled). */
  at: string;
  /** Filled in from the call's facts and not yet changed by the agent. */
  prefilled?: boolean;
}

export type FlowRunStatus = 'running' | 'completed' | 'abandoned';

export interface FlowRun {
  /** One run per call: the call's id, or another UUID for a run outside a call. */
  runId: string;
  flowId: string;
  flowVersion: number;
  status: FlowRunStatus;
  /** The step on screen; the end step once completed. */
  stepId: string;
  /** Steps completed, oldest first; Back returns to the last one and keeps every answer. */
  trail: string[];
  answers: Record<string, GivenAnswer>;
  /** Keys (`<stepId>.<index>`) of the actions requested so far: each runs once per run. */
  requested: string[];
  outcome: FlowEndOutcome | null;
  abandonReason: string | null;
  startedAt: string;
  updatedAt: string;
  completedAt: string | null;
}

/** The call's facts as templates and conditions see them; absent or null means unknown. */
export type FlowFacts = Partial<Record<FlowField, string | number | boolean | null>>;

export type AnswerErrorCode =
  | 'required'
  | 'unknown_question'
  | 'not_an_option'
  | 'not_a_number'
  | 'too_small'
  | 'too_large'
  | 'too_short'
  | 'too_long'
  | 'not_a_date'
  | 'not_a_phone'
  | 'not_a_boolean'
  | 'not_a_score';

export interface AnswerError {
  questionId: string;
  code: AnswerErrorCode;
  /** The bound that was crossed (`too_small`, `too_long`, …), for the message. */
  limit?: number;
}

/** One answer as people read it: in the ticket, the summary, the call log. */
export interface AnswerLine {
  stepId: string;
  questionId: string;
  label: string;
  /** The option's label, 是/否, the score, the text as typed. */
  display: string;
  value: AnswerValue;
}

/** An action with its templates filled in and its sources read: what the console executes. */
export type ResolvedAction =
  | {
      type: 'create_ticket';
      kind: 'complaint' | 'after_sales' | 'consult';
      title: string;
      category: string | null;
      severity: string | null;
      triage: string | null;
      department: string | null;
      /** Every answer of the run so far: the ticket's form (表1.1 for a complaint). */
      answers: AnswerLine[];
    }
  | { type: 'update_ticket'; ticket: 'created' | 'context'; note: string; outcome: 'satisfied' | 'not_satisfied' | null }
  | { type: 'escalate'; ticket: 'created' | 'context'; level: 'next' | number; reason: string }
  | { type: 'transfer'; department: string }
  | { type: 'schedule_callback'; callbackType: FlowCallbackType; dueInHours: number; note: string | null }
  | { type: 'notify'; department: string; message: string; urgent: boolean }
  | { type: 'set_disposition'; code: string }
  /** `score` null: not asked or skipped; `reasons` empty when not asked or skipped. */
  | { type: 'record_survey'; satisfied: boolean; score: number | null; reasons: string }
  | { type: 'pause_recording'; reason: string }
  | { type: 'resume_recording' };

export interface ActionRequest {
  /** `<stepId>.<index>`: stable, so a retried or replayed request is recognised. */
  key: string;
  stepId: string;
  index: number;
  action: ResolvedAction;
}

/** A template cut into what is literal and what was filled in, so the UI can mark a missing field. */
export type TemplateSegment =
  | { kind: 'text'; text: string }
  | { kind: 'field'; ref: string; value: string | null; fallback: string | null };
