import type { Language } from '../domain/i18n';
import { FLOW_FIELDS, SATISFACTION_MAX, type FlowDefinition, type FlowField, type FlowQuestion } from './flow-schema';
import type { AnswerValue, FlowFacts, GivenAnswer, TemplateSegment } from './flow-run';

/*
 * The texts of a flow are templates: `{{customer.name}}`, `{{customer.name|您}}` (a fallback after
 * `|` for an empty field), `{{answers.<questionId>}}`. Filling one in never produces markup: the
 * result is a list of plain segments that the UI renders as text, so a `<b>` written by a manager or
 * typed into a customer's name stays literal. A field that is unknown on this call stays a segment
 * of its own with `value: null`, so the runner can mark it instead of reading out a blank.
 */

export type FlowLanguage = Language;

export type TemplatePart = { kind: 'text'; text: string } | { kind: 'field'; ref: string; fallback: string | null };

export type ParsedTemplate = { ok: true; parts: TemplatePart[] } | { ok: false; message: string };

export interface TemplateScope {
  facts: FlowFacts;
  answers: Record<string, GivenAnswer>;
  flow: FlowDefinition;
  lang: FlowLanguage;
}

const OPEN = '{{';
const CLOSE = '}}';
/** The prefix of a reference to an answer given earlier in the run. */
export const ANSWER_REF_PREFIX = 'answers.';

/**
 * Cuts a template into literal text and references. Only two things are errors: a `{{` that is never
 * closed, and an empty reference; whether a reference names a real field is the checker's business
 * (flow-check.ts), because it needs the flow.
 */
export function parseTemplate(text: string): ParsedTemplate {
  const parts: TemplatePart[] = [];
  let literal = '';
  let at = 0;
  while (at < text.length) {
    const open = text.indexOf(OPEN, at);
    if (open < 0) {
      literal += text.slice(at);
      break;
    }
    literal += text.slice(at, open);
    const close = text.indexOf(CLOSE, open + OPEN.length);
    if (close < 0) return { ok: false, message: `"{{" at character ${open + 1} is not closed with "}}"` };
    const inner = text.slice(open + OPEN.length, close);
    const bar = inner.indexOf('|');
    const ref = (bar < 0 ? inner : inner.slice(0, bar)).trim();
    if (ref === '') return { ok: false, message: `"{{${inner}}}" at character ${open + 1} names no field` };
    const fallback = bar < 0 ? null : inner.slice(bar + 1).trim();
    if (literal !== '') parts.push({ kind: 'text', text: literal });
    literal = '';
    parts.push({ kind: 'field', ref, fallback });
    at = close + CLOSE.length;
  }
  if (literal !== '') parts.push({ kind: 'text', text: literal });
  return { ok: true, parts };
}

/** The references of a template, or null when it does not parse. */
export function templateRefs(text: string): string[] | null {
  const parsed = parseTemplate(text);
  return parsed.ok ? parsed.parts.flatMap((p) => (p.kind === 'field' ? [p.ref] : [])) : null;
}

export function isFlowField(ref: string): ref is FlowField {
  return (FLOW_FIELDS as readonly string[]).includes(ref);
}

/** The question id of an `answers.<id>` reference, else null. */
export function answerRefId(ref: string): string | null {
  return ref.startsWith(ANSWER_REF_PREFIX) ? ref.slice(ANSWER_REF_PREFIX.length) : null;
}

const YES_NO: Record<FlowLanguage, [yes: string, no: string]> = { 'zh-CN': ['是', '否'], 'en-US': ['Yes', 'No'] };

/** A fact as people read it; null when it is unknown on this call (absent, null or empty). */
export function factDisplay(value: string | number | boolean | null | undefined, lang: FlowLanguage): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'boolean') return YES_NO[lang][value ? 0 : 1];
  const text = String(value);
  return text.trim() === '' ? null : text;
}

/** An answer as people read it: the option's label, 是/否, the score out of 5, the text as given. */
export function answerDisplay(question: FlowQuestion | undefined, value: AnswerValue, lang: FlowLanguage): string {
  if (question?.type === 'choice') {
    const option = question.options?.find((o) => o.value === value);
    if (option) return option.label[lang];
  }
  if (typeof value === 'boolean') return YES_NO[lang][value ? 0 : 1];
  if (question?.type === 'satisfaction') return `${String(value)}/${SATISFACTION_MAX}`;
  return String(value);
}

/** Every question of the flow by id (ids are unique across a checked flow). */
export function questionIndex(flow: FlowDefinition): Map<string, FlowQuestion> {
  const index = new Map<string, FlowQuestion>();
  for (const step of flow.steps) for (const q of step.questions ?? []) if (!index.has(q.id)) index.set(q.id, q);
  return index;
}

// A flow's question index is asked for on every render; the flow object is immutable data, so cache per object.
const indexCache = new WeakMap<FlowDefinition, Map<string, FlowQuestion>>();
export function findQuestion(flow: FlowDefinition, questionId: string): FlowQuestion | undefined {
  let index = indexCache.get(flow);
  if (!index) {
    index = questionIndex(flow);
    indexCache.set(flow, index);
  }
  return index.get(questionId);
}

function refValue(ref: string, scope: TemplateScope): string | null {
  const questionId = answerRefId(ref);
  if (questionId !== null) {
    const given = scope.answers[questionId];
    if (!given) return null;
    const display = answerDisplay(findQuestion(scope.flow, questionId), given.value, scope.lang);
    return display.trim() === '' ? null : display;
  }
  return isFlowField(ref) ? factDisplay(scope.facts[ref], scope.lang) : null;
}

/**
 * Fills a template in. A template that does not parse (the checker refuses those, so only an
 * unchecked flow has one) is shown as it is written, as text, rather than breaking the call.
 */
export function renderTemplate(text: string, scope: TemplateScope): TemplateSegment[] {
  const parsed = parseTemplate(text);
  if (!parsed.ok) return text === '' ? [] : [{ kind: 'text', text }];
  return parsed.parts.map((part) =>
    part.kind === 'text' ? part : { kind: 'field', ref: part.ref, value: refValue(part.ref, scope), fallback: part.fallback },
  );
}

/** The segments as one plain string: a missing value gives its fallback, else nothing. */
export function templateToText(segments: readonly TemplateSegment[]): string {
  return segments.map((s) => (s.kind === 'text' ? s.text : (s.value ?? s.fallback ?? ''))).join('');
}
