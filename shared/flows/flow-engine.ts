import {
  SATISFACTION_MAX,
  SATISFACTION_MIN,
  type FlowAction,
  type FlowAnswerRef,
  type FlowCondition,
  type FlowDefinition,
  type FlowNext,
  type FlowQuestion,
  type FlowScalar,
  type FlowStep,
  type FlowTest,
  type FlowText,
  type FlowValueSource,
} from './flow-schema';
import type {
  ActionRequest,
  AnswerError,
  AnswerLine,
  AnswerValue,
  FlowFacts,
  FlowRun,
  GivenAnswer,
  ResolvedAction,
} from './flow-run';
import { answerDisplay, renderTemplate, templateToText, type FlowLanguage } from './flow-template';

/*
 * The flow engine: moves a run (flow-run.ts) through a flow (flow-schema.ts). Pure and
 * deterministic — no I/O, no clock (time comes in as an ISO string) — so the console can save the
 * run after every call and replay nothing: the saved run is the whole state.
 *
 * A run that is no longer `running` (completed or abandoned) refuses every change: `setAnswer`,
 * `goBack` and `abandonRun` return it unchanged (`setAnswer` with no error), and `completeStep`
 * answers `{ok: false, errors: []}`. Use `isRunOpen` to tell.
 *
 * The engine trusts a flow that passed `checkFlow` (flow-check.ts); on an unchecked flow it never
 * loops or stores an invalid answer, but a `next` naming a missing step throws (`stepOf`).
 */

/** The default upper bound of a text answer's length when the question sets none. */
export const TEXT_MAX_DEFAULT = 2000;

export class FlowEngineError extends Error {
  constructor(
    readonly code: 'unknown_step',
    message: string,
  ) {
    super(message);
    this.name = 'FlowEngineError';
  }
}

export function stepOf(flow: FlowDefinition, stepId: string): FlowStep {
  const step = flow.steps.find((s) => s.id === stepId);
  if (!step) throw new FlowEngineError('unknown_step', `flow "${flow.id}" has no step "${stepId}"`);
  return step;
}

export function isRunOpen(run: FlowRun): boolean {
  return run.status === 'running';
}

export interface StartRunOptions {
  runId: string;
  now: string;
  facts: FlowFacts;
  /** The hub's version of `flow`: the definition does not carry it, and a run must name what it followed. */
  flowVersion: number;
}

export function startRun(flow: FlowDefinition, o: StartRunOptions): FlowRun {
  const start = stepOf(flow, flow.start);
  const run: FlowRun = {
    runId: o.runId,
    flowId: flow.id,
    flowVersion: o.flowVersion,
    status: 'running',
    stepId: start.id,
    trail: [],
    answers: {},
    requested: [],
    outcome: null,
    abandonReason: null,
    startedAt: o.now,
    updatedAt: o.now,
    completedAt: null,
  };
  return { ...run, answers: prefill(start, run.answers, o.facts, o.now) };
}

// ——— answers ———

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const PHONE_SEPARATORS = /[\s-]/g;
const PHONE = /^\+?\d{3,20}$/;

function isRealDate(text: string): boolean {
  const m = DATE.exec(text);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d;
}

function asNumber(value: AnswerValue): number | null {
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value === 'string' && value.trim() !== '') {
    const n = Number(value.trim());
    return Number.isFinite(n) ? n : null;
  }
  return null;
}

/**
 * The canonical form of an answer: text trimmed (empty is no answer), numbers from numeric strings,
 * phone numbers without spaces and dashes. A value of the wrong kind is returned as it is, for
 * `checkAnswer` to name the problem.
 */
export function normalizeAnswer(q: FlowQuestion, value: AnswerValue | null): AnswerValue | null {
  if (value === null) return null;
  if (typeof value === 'string') {
    const trimmed = value.trim();
    if (trimmed === '') return null;
    if (q.type === 'phone') return trimmed.replace(PHONE_SEPARATORS, '');
    if (q.type === 'number' || q.type === 'satisfaction') return asNumber(trimmed) ?? trimmed;
    return trimmed;
  }
  if ((q.type === 'text' || q.type === 'phone') && typeof value === 'number') return String(value);
  return value;
}

/** What is wrong with an answer to `q`, or null. The value is normalised first (`normalizeAnswer`). */
export function checkAnswer(q: FlowQuestion, value: AnswerValue | null): AnswerError | null {
  const v = normalizeAnswer(q, value);
  const error = (code: AnswerError['code'], limit?: number): AnswerError =>
    limit === undefined ? { questionId: q.id, code } : { questionId: q.id, code, limit };
  if (v === null) return q.required ? error('required') : null;
  switch (q.type) {
    case 'choice':
      return typeof v === 'string' && (q.options ?? []).some((o) => o.value === v) ? null : error('not_an_option');
    case 'text': {
      if (typeof v !== 'string') return error('too_short', q.min ?? 1);
      const length = [...v].length;
      if (q.min !== undefined && length < q.min) return error('too_short', q.min);
      const max = q.max ?? TEXT_MAX_DEFAULT;
      return length > max ? error('too_long', max) : null;
    }
    case 'number': {
      if (typeof v !== 'number' || !Number.isFinite(v)) return error('not_a_number');
      if (q.min !== undefined && v < q.min) return error('too_small', q.min);
      if (q.max !== undefined && v > q.max) return error('too_large', q.max);
      return null;
    }
    case 'date':
      return typeof v === 'string' && isRealDate(v) ? null : error('not_a_date');
    case 'phone':
      return typeof v === 'string' && PHONE.test(v) ? null : error('not_a_phone');
    case 'yes_no':
      return typeof v === 'boolean' ? null : error('not_a_boolean');
    case 'satisfaction':
      return typeof v === 'number' && Number.isInteger(v) && v >= SATISFACTION_MIN && v <= SATISFACTION_MAX ? null : error('not_a_score');
  }
}

/**
 * Answers a question of the current step. `null` (or an empty text) clears the answer. An invalid
 * value is not stored: the run comes back unchanged with the error, so what was saved before stays.
 */
export function setAnswer(
  flow: FlowDefinition,
  run: FlowRun,
  questionId: string,
  value: AnswerValue | null,
  now: string,
): { run: FlowRun; error: AnswerError | null } {
  if (!isRunOpen(run)) return { run, error: null };
  const q = stepOf(flow, run.stepId).questions?.find((x) => x.id === questionId);
  if (!q) return { run, error: { questionId, code: 'unknown_question' } };
  const v = normalizeAnswer(q, value);
  if (v === null) {
    if (!(questionId in run.answers)) return { run, error: null };
    const { [questionId]: _cleared, ...rest } = run.answers;
    return { run: { ...run, answers: rest, updatedAt: now }, error: null };
  }
  const error = checkAnswer(q, v);
  if (error) return { run, error };
  const given: GivenAnswer = { value: v, stepId: run.stepId, at: now };
  return { run: { ...run, answers: { ...run.answers, [questionId]: given }, updatedAt: now }, error: null };
}

/** A fact turned into an answer to `q`, when it is known and makes a valid one. */
function factAsAnswer(q: FlowQuestion, fact: FlowFacts[keyof FlowFacts]): AnswerValue | null {
  if (fact === null || fact === undefined) return null;
  let value: AnswerValue = fact;
  // A timestamp fact (order.placedAt) prefills a date question with its day.
  if (q.type === 'date' && typeof fact === 'string' && /^\d{4}-\d{2}-\d{2}T/.test(fact)) value = fact.slice(0, 10);
  if (q.type === 'text' && typeof fact !== 'string') value = String(fact);
  const normalized = normalizeAnswer(q, value);
  return normalized !== null && checkAnswer(q, normalized) === null ? normalized : null;
}

function prefill(step: FlowStep, answers: Record<string, GivenAnswer>, facts: FlowFacts, now: string): Record<string, GivenAnswer> {
  let result = answers;
  for (const q of step.questions ?? []) {
    if (!q.prefill || q.id in result) continue;
    const value = factAsAnswer(q, facts[q.prefill]);
    if (value === null) continue;
    result = { ...result, [q.id]: { value, stepId: step.id, at: now, prefilled: true } };
  }
  return result;
}

// ——— conditions ———

type Subject = AnswerValue | undefined;

function subjectOf(test: FlowTest, scope: ConditionScope): Subject {
  if (test.answer !== undefined) return scope.answers[test.answer]?.value;
  if (test.field !== undefined) {
    const fact = scope.facts[test.field];
    return fact === null || fact === undefined || fact === '' ? undefined : fact;
  }
  return undefined;
}

function sameScalar(a: AnswerValue, b: FlowScalar): boolean {
  if (a === b) return true;
  // Facts arrive as the hub stores them: a count may be "3" where the flow says 3.
  if (typeof a === 'boolean' || typeof b === 'boolean' || typeof a === typeof b) return false;
  return asNumber(a) !== null && asNumber(a) === asNumber(b);
}

const OPERATORS = ['is', 'isNot', 'in', 'atLeast', 'atMost', 'answered'] as const;

function evaluateTest(test: FlowTest, scope: ConditionScope): boolean {
  // A malformed test (the checker reports it as bad_test) is never true, so it cannot open a branch.
  if ((test.answer === undefined) === (test.field === undefined)) return false;
  if (OPERATORS.filter((op) => test[op] !== undefined).length !== 1) return false;
  const subject = subjectOf(test, scope);
  if (test.answered !== undefined) return (subject !== undefined) === test.answered;
  if (test.isNot !== undefined) return subject === undefined || !sameScalar(subject, test.isNot);
  if (subject === undefined) return false;
  if (test.is !== undefined) return sameScalar(subject, test.is);
  if (test.in !== undefined) return test.in.some((x) => sameScalar(subject, x));
  const n = asNumber(subject);
  if (n === null) return false;
  if (test.atLeast !== undefined) return n >= test.atLeast;
  if (test.atMost !== undefined) return n <= test.atMost;
  return false;
}

export interface ConditionScope {
  facts: FlowFacts;
  answers: Record<string, GivenAnswer>;
}

export function evaluateCondition(c: FlowCondition, scope: ConditionScope): boolean {
  if ('all' in c) return c.all.every((x) => evaluateCondition(x, scope));
  if ('any' in c) return c.any.some((x) => evaluateCondition(x, scope));
  if ('not' in c) return !evaluateCondition(c.not, scope);
  return evaluateTest(c, scope);
}

// ——— moving on ———

/** The case key of an answer a `switch` looks at: the option, or `yes`/`no`. */
export function switchKey(value: AnswerValue | undefined): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  return String(value);
}

/** The step after `step` for these answers, or an error naming the unanswered question a `switch` needs. */
function nextStepId(next: FlowNext, scope: ConditionScope): { stepId: string } | { error: AnswerError } {
  if (typeof next === 'string') return { stepId: next };
  if ('switch' in next) {
    const key = switchKey(scope.answers[next.switch]?.value);
    const target = (key === undefined ? undefined : next.cases[key]) ?? next.default;
    // Only a skipped optional question without a `default` gets here: the branch needs the answer.
    return target === undefined ? { error: { questionId: next.switch, code: 'required' } } : { stepId: target };
  }
  const rule = next.when.find((r) => evaluateCondition(r.if, scope));
  return { stepId: rule ? rule.goto : next.else };
}

/** Every step `step` can go to, whatever the answers. */
export function successors(step: FlowStep): string[] {
  const next = step.next;
  if (next === undefined || step.end) return [];
  if (typeof next === 'string') return [next];
  if ('switch' in next) return [...new Set([...Object.values(next.cases), ...(next.default === undefined ? [] : [next.default])])];
  return [...new Set([...next.when.map((r) => r.goto), next.else])];
}

function fillText(text: FlowText | undefined, flow: FlowDefinition, answers: Record<string, GivenAnswer>, facts: FlowFacts, lang: FlowLanguage): string | null {
  if (text === undefined) return null;
  return templateToText(renderTemplate(text[lang], { facts, answers, flow, lang }));
}

function sourceValue(source: FlowValueSource | undefined, answers: Record<string, GivenAnswer>, facts: FlowFacts): string | null {
  if (source === undefined) return null;
  if ('answer' in source) {
    const given = answers[source.answer];
    return given === undefined ? null : String(given.value);
  }
  if ('field' in source) {
    const fact = facts[source.field];
    return fact === null || fact === undefined || fact === '' ? null : String(fact);
  }
  return String(source.value);
}

/** A satisfaction answer as a score; null when it was not given (or is not a score: an unchecked flow). */
function scoreOf(ref: FlowAnswerRef | undefined, answers: Record<string, GivenAnswer>): number | null {
  const value = ref === undefined ? undefined : answers[ref.answer]?.value;
  return typeof value === 'number' && Number.isInteger(value) && value >= SATISFACTION_MIN && value <= SATISFACTION_MAX ? value : null;
}

function resolveAction(action: FlowAction, flow: FlowDefinition, run: FlowRun, facts: FlowFacts, lang: FlowLanguage): ResolvedAction {
  const text = (t: FlowText) => fillText(t, flow, run.answers, facts, lang) ?? '';
  switch (action.type) {
    case 'create_ticket':
      return {
        type: 'create_ticket',
        kind: action.kind,
        title: text(action.title),
        category: sourceValue(action.category, run.answers, facts),
        severity: sourceValue(action.severity, run.answers, facts),
        triage: sourceValue(action.triage, run.answers, facts),
        department: action.department ?? null,
        answers: answerLines(flow, run, lang),
      };
    case 'update_ticket':
      return { type: 'update_ticket', ticket: action.ticket, note: text(action.note), outcome: action.outcome ?? null };
    case 'escalate':
      return { type: 'escalate', ticket: action.ticket, level: action.level, reason: text(action.reason) };
    case 'transfer':
      return { type: 'transfer', department: action.department };
    case 'schedule_callback':
      return {
        type: 'schedule_callback',
        callbackType: action.callbackType,
        dueInHours: action.dueInHours,
        note: fillText(action.note, flow, run.answers, facts, lang),
      };
    case 'notify':
      return { type: 'notify', department: action.department, message: text(action.message), urgent: action.urgent };
    case 'set_disposition':
      return { type: 'set_disposition', code: action.code };
    case 'record_survey': {
      const reasons = action.reasons === undefined ? undefined : run.answers[action.reasons.answer]?.value;
      return {
        type: 'record_survey',
        satisfied: action.satisfied,
        score: scoreOf(action.score, run.answers),
        reasons: reasons === undefined ? '' : String(reasons),
      };
    }
    case 'pause_recording':
      return { type: 'pause_recording', reason: action.reason[lang] };
    case 'resume_recording':
      return { type: 'resume_recording' };
  }
}

export interface CompleteStepOptions {
  facts: FlowFacts;
  lang: FlowLanguage;
  now: string;
}

export type CompleteStepResult = { ok: true; run: FlowRun; actions: ActionRequest[] } | { ok: false; errors: AnswerError[] };

/**
 * Completes the current step: checks every question at once, requests the step's actions that this
 * run has not requested before (a step completed again after Back requests nothing twice), then goes
 * to the next step (prefilling it) or, on an `end` step, completes the run.
 */
export function completeStep(flow: FlowDefinition, run: FlowRun, o: CompleteStepOptions): CompleteStepResult {
  if (!isRunOpen(run)) return { ok: false, errors: [] };
  const step = stepOf(flow, run.stepId);
  const errors = (step.questions ?? []).flatMap((q) => checkAnswer(q, run.answers[q.id]?.value ?? null) ?? []);
  if (errors.length > 0) return { ok: false, errors };

  let target: string | null = null;
  if (!step.end) {
    if (step.next === undefined) throw new FlowEngineError('unknown_step', `step "${step.id}" of flow "${flow.id}" has no next step`);
    const next = nextStepId(step.next, { facts: o.facts, answers: run.answers });
    if ('error' in next) return { ok: false, errors: [next.error] };
    target = stepOf(flow, next.stepId).id;
  }

  const actions: ActionRequest[] = [];
  (step.actions ?? []).forEach((action, index) => {
    const key = `${step.id}.${index}`;
    if (run.requested.includes(key)) return;
    actions.push({ key, stepId: step.id, index, action: resolveAction(action, flow, run, o.facts, o.lang) });
  });
  const requested = [...run.requested, ...actions.map((a) => a.key)];

  if (target === null) {
    const outcome = step.end?.outcome ?? null;
    return { ok: true, actions, run: { ...run, requested, status: 'completed', outcome, completedAt: o.now, updatedAt: o.now } };
  }
  const answers = prefill(stepOf(flow, target), run.answers, o.facts, o.now);
  return { ok: true, actions, run: { ...run, requested, answers, trail: [...run.trail, step.id], stepId: target, updatedAt: o.now } };
}

/** Back to the step completed last; every answer stays, including those of the step left. */
export function goBack(_flow: FlowDefinition, run: FlowRun, now: string): FlowRun {
  if (!isRunOpen(run) || run.trail.length === 0) return run;
  return { ...run, stepId: run.trail[run.trail.length - 1]!, trail: run.trail.slice(0, -1), updatedAt: now };
}

/** Stops a run (the call ended early, the agent chose another script). `completedAt` stays null. */
export function abandonRun(run: FlowRun, reason: string, now: string): FlowRun {
  if (!isRunOpen(run)) return run;
  return { ...run, status: 'abandoned', abandonReason: reason, updatedAt: now };
}

/** The steps of the path taken, each once, in the order first reached (a loop may revisit one). */
function pathSteps(run: FlowRun): string[] {
  return [...new Set([...run.trail, run.stepId])];
}

/**
 * The answers of the path taken (trail and current step), in the order asked. Answers of a branch
 * left by Back stay in the run but are not listed: they are not part of what happened.
 */
export function answerLines(flow: FlowDefinition, run: FlowRun, lang: FlowLanguage): AnswerLine[] {
  const lines: AnswerLine[] = [];
  for (const stepId of pathSteps(run)) {
    const step = flow.steps.find((s) => s.id === stepId);
    for (const q of step?.questions ?? []) {
      const given = run.answers[q.id];
      if (!given) continue;
      lines.push({ stepId, questionId: q.id, label: q.label[lang], display: answerDisplay(q, given.value, lang), value: given.value });
    }
  }
  return lines;
}

/** Steps on the shortest way from `from` to an `end` step, both counted; null when there is none. */
export function shortestToEnd(flow: FlowDefinition, from: string): number | null {
  const byId = new Map(flow.steps.map((s) => [s.id, s]));
  let frontier = [from];
  const seen = new Set(frontier);
  for (let length = 1; frontier.length > 0; length++) {
    const following: string[] = [];
    for (const id of frontier) {
      const step = byId.get(id);
      if (!step) continue;
      if (step.end) return length;
      for (const next of successors(step)) {
        if (seen.has(next)) continue;
        seen.add(next);
        following.push(next);
      }
    }
    frontier = following;
  }
  return null;
}

/** How far along the run is: steps completed, of the fewest the run can take in all. */
export function runProgress(flow: FlowDefinition, run: FlowRun): { done: number; total: number } {
  if (run.status === 'completed') return { done: run.trail.length + 1, total: run.trail.length + 1 };
  const done = run.trail.length;
  return { done, total: done + (shortestToEnd(flow, run.stepId) ?? 1) };
}

