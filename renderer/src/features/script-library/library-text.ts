import type { TFunction } from 'i18next';
import type { FlowProblemCode, StoredFlow } from '../../../../shared/api/flows';
import type { OrgDesign } from '../../../../shared/api/org';
import type { Language } from '../../../../shared/domain/i18n';
import { FIELD_STAFF_TARGET } from '../../../../shared/api/tickets';
import { findQuestion } from '../../../../shared/flows/flow-template';
import type {
  FlowAction,
  FlowCondition,
  FlowDefinition,
  FlowQuestion,
  FlowScalar,
  FlowStep,
  FlowText,
  FlowTriggers,
  FlowValueSource,
  QuestionType,
} from '../../../../shared/flows/flow-schema';
import { fieldLabel, outcomeText } from '../flows/flow-text';
import { stepTitle, type FlowFileRefusal } from './library-model';

/*
 * The Scripts pane's words: a flow's steps, branches and actions as a new agent reads them, the
 * triggers by the queue's name, and the validator's problems by code. Texts that come from a flow
 * are passed as interpolation values and rendered by React as text, never as markup.
 */

/** What the texts need besides the flow: names from the org design and the dispositions (codes when unknown). */
export interface LibraryWords {
  language: Language;
  org: OrgDesign | null;
  /** A disposition code's label in the UI's language, or null when this console does not know it. */
  dispositionLabel: (code: string) => string | null;
}

export function problemLabel(t: TFunction, code: FlowProblemCode): string {
  return t(`scriptLibrary.problems.codes.${code}`);
}

export function questionTypeText(t: TFunction, type: QuestionType): string {
  return t(`scriptLibrary.questionTypes.${type}`);
}

/** A department by the org design's name (`运输调度/物流部`); `field-staff` as the field staff; an unknown code as it is written. */
export function departmentName(t: TFunction, code: string, words: Pick<LibraryWords, 'org' | 'language'>): string {
  if (code === FIELD_STAFF_TARGET) return t('flows.actions.fieldStaff');
  return words.org?.departments.find((d) => d.code === code)?.name[words.language] ?? code;
}

/** What starts a flow: the IVR's choice by its queue's name, callback tasks by their type. */
export function triggerTexts(t: TFunction, triggers: FlowTriggers, words: Pick<LibraryWords, 'org' | 'language'>): string[] {
  const ivr = (triggers.ivrChoices ?? []).map((choice) => {
    const queue = words.org?.queues.find((q) => q.ivrChoice === choice);
    return t('scriptLibrary.triggers.ivr', { queue: queue ? queue.name[words.language] : choice });
  });
  const callbacks = (triggers.callbackTypes ?? []).map((type) => t('scriptLibrary.triggers.callback', { type: t(`flows.callbackTypes.${type}`) }));
  return [...ivr, ...callbacks];
}

export function fileRefusalText(t: TFunction, refusal: FlowFileRefusal): string {
  switch (refusal.reason) {
    case 'not_a_flow_file':
      return t('scriptLibrary.publish.refused.not_a_flow_file');
    case 'empty':
      return t('scriptLibrary.publish.refused.empty');
    case 'too_large':
      return t('scriptLibrary.publish.refused.too_large', { size: refusal.sizeKb, limit: refusal.limitKb });
  }
}

/** The facts of a question beside its label: type, required or not, range, where it is filled in from. */
export function questionFacts(t: TFunction, question: FlowQuestion, flow: FlowDefinition, language: Language): string[] {
  const facts = [questionTypeText(t, question.type), t(question.required ? 'scriptLibrary.preview.required' : 'scriptLibrary.preview.optional')];
  const { min, max } = question;
  const length = question.type === 'text';
  if (min !== undefined && max !== undefined) facts.push(t(length ? 'scriptLibrary.preview.lengthRange' : 'flows.questions.range', { min, max }));
  else if (min !== undefined) facts.push(t(length ? 'flows.questions.minLength' : 'flows.questions.atLeast', { min }));
  else if (max !== undefined) facts.push(t(length ? 'scriptLibrary.preview.maxLength' : 'flows.questions.atMost', { max }));
  if (question.multiline) facts.push(t('scriptLibrary.preview.multiline'));
  if (question.prefill) facts.push(t('scriptLibrary.preview.prefill', { field: fieldLabel(t, question.prefill, flow, language) }));
  return facts;
}

/** A value an answer is compared with: the option's label, Yes/No, or the value as written. */
function valueText(t: TFunction, question: FlowQuestion | undefined, value: FlowScalar, language: Language): string {
  if (typeof value === 'boolean') return t(value ? 'flows.questions.yes' : 'flows.questions.no');
  if (question?.type === 'yes_no' && (value === 'yes' || value === 'no')) return t(`flows.questions.${value}`);
  const option = question?.options?.find((o) => o.value === value);
  return option ? option.label[language] : String(value);
}

/** A condition of a `when` rule in words: `“Severity” is Severe`, `“Solved?” is Yes and “Score” is at least 4`. */
export function conditionText(t: TFunction, condition: FlowCondition, flow: FlowDefinition, language: Language): string {
  if ('all' in condition) return condition.all.map((c) => conditionText(t, c, flow, language)).join(t('scriptLibrary.conditions.and'));
  if ('any' in condition) return condition.any.map((c) => conditionText(t, c, flow, language)).join(t('scriptLibrary.conditions.or'));
  if ('not' in condition) return t('scriptLibrary.conditions.not', { condition: conditionText(t, condition.not, flow, language) });
  const question = condition.answer !== undefined ? findQuestion(flow, condition.answer) : undefined;
  const subject =
    condition.answer !== undefined
      ? t('scriptLibrary.conditions.answer', { label: question ? question.label[language] : condition.answer })
      : fieldLabel(t, condition.field ?? '', flow, language);
  const value = (v: FlowScalar) => valueText(t, question, v, language);
  if (condition.is !== undefined) return t('scriptLibrary.conditions.is', { subject, value: value(condition.is) });
  if (condition.isNot !== undefined) return t('scriptLibrary.conditions.isNot', { subject, value: value(condition.isNot) });
  if (condition.in !== undefined) return t('scriptLibrary.conditions.in', { subject, values: condition.in.map(value).join(t('scriptLibrary.conditions.listSeparator')) });
  if (condition.atLeast !== undefined) return t('scriptLibrary.conditions.atLeast', { subject, value: condition.atLeast });
  if (condition.atMost !== undefined) return t('scriptLibrary.conditions.atMost', { subject, value: condition.atMost });
  return t(condition.answered === false ? 'scriptLibrary.conditions.notAnswered' : 'scriptLibrary.conditions.answered', { subject });
}

/** Where a step goes: the step (by title) for each case, or the end with its outcome. `when` is null for the only way on. */
export type NextText = { kind: 'end'; text: string } | { kind: 'go'; branches: Array<{ when: string | null; to: string }> };

export function nextText(t: TFunction, step: FlowStep, flow: FlowDefinition, language: Language): NextText {
  const title = (id: string) => stepTitle(flow, id, language);
  if (step.end) return { kind: 'end', text: t('scriptLibrary.next.end', { outcome: outcomeText(t, step.end.outcome) }) };
  const next = step.next;
  if (next === undefined) return { kind: 'end', text: t('scriptLibrary.next.none') };
  if (typeof next === 'string') return { kind: 'go', branches: [{ when: null, to: title(next) }] };
  const otherwise = t('scriptLibrary.next.otherwise');
  if ('switch' in next) {
    const question = findQuestion(flow, next.switch);
    const label = question ? question.label[language] : next.switch;
    const branches = Object.entries(next.cases).map(([value, to]) => ({
      when: t('scriptLibrary.conditions.is', { subject: t('scriptLibrary.conditions.answer', { label }), value: valueText(t, question, value, language) }),
      to: title(to),
    }));
    return { kind: 'go', branches: next.default === undefined ? branches : [...branches, { when: otherwise, to: title(next.default) }] };
  }
  return {
    kind: 'go',
    branches: [...next.when.map((rule) => ({ when: conditionText(t, rule.if, flow, language), to: title(rule.goto) })), { when: otherwise, to: title(next.else) }],
  };
}

/** Where a ticket's classification comes from: an answer (by its label), a fact of the call, or a constant. */
function sourceText(t: TFunction, source: FlowValueSource, flow: FlowDefinition, language: Language): string {
  if ('answer' in source) {
    const question = findQuestion(flow, source.answer);
    return t('scriptLibrary.actions.source.answer', { label: question ? question.label[language] : source.answer });
  }
  if ('field' in source) return t('scriptLibrary.actions.source.field', { label: fieldLabel(t, source.field, flow, language) });
  return valueText(t, undefined, source.value, language);
}

/**
 * An action in words, and the flow's text it carries (a ticket's title, a notice's message, a
 * note): `text` is the action, `template` the text as written, for the preview to show with its
 * fields as tags.
 */
export function actionDescription(t: TFunction, action: FlowAction, flow: FlowDefinition, words: LibraryWords): { text: string; template: string | null } {
  const { language } = words;
  const written = (text: FlowText | undefined) => (text === undefined || text[language].trim() === '' ? null : text[language]);
  switch (action.type) {
    case 'create_ticket': {
      // One text per kind: the article differs ("a complaint ticket", "an after-sales ticket").
      let text = action.department
        ? t(`scriptLibrary.actions.create_ticket_department.${action.kind}`, { department: departmentName(t, action.department, words) })
        : t(`scriptLibrary.actions.create_ticket.${action.kind}`);
      const classified = (['category', 'severity', 'triage'] as const).flatMap((what) => {
        const source = action[what];
        return source ? [t('scriptLibrary.actions.classification', { what: t(`scriptLibrary.actions.classifiedBy.${what}`), source: sourceText(t, source, flow, language) })] : [];
      });
      if (classified.length > 0) text = t('scriptLibrary.actions.withClassification', { action: text, classification: classified.join(t('scriptLibrary.conditions.listSeparator')) });
      return { text, template: written(action.title) };
    }
    case 'update_ticket': {
      const key = action.outcome ? `scriptLibrary.actions.update_ticket_${action.outcome}` : `scriptLibrary.actions.update_ticket_${action.ticket}`;
      return { text: t(key), template: written(action.note) };
    }
    case 'escalate': {
      if (action.level === 'next') return { text: t('scriptLibrary.actions.escalate_next'), template: written(action.reason) };
      const level = words.org?.escalationChain.find((l) => l.level === action.level);
      const text = level
        ? t('scriptLibrary.actions.escalate_level_named', { level: action.level, title: level.title[language] })
        : t('scriptLibrary.actions.escalate_level', { level: action.level });
      return { text, template: written(action.reason) };
    }
    case 'transfer':
      return { text: t('scriptLibrary.actions.transfer', { department: departmentName(t, action.department, words) }), template: null };
    case 'schedule_callback':
      return {
        text: t(`scriptLibrary.actions.schedule_callback.${action.callbackType}`, { hours: action.dueInHours }),
        template: written(action.note),
      };
    case 'notify':
      return {
        text: t(action.urgent ? 'scriptLibrary.actions.notify_urgent' : 'scriptLibrary.actions.notify', { department: departmentName(t, action.department, words) }),
        template: written(action.message),
      };
    case 'set_disposition':
      return { text: t('scriptLibrary.actions.set_disposition', { disposition: words.dispositionLabel(action.code) ?? action.code }), template: null };
    case 'record_survey': {
      const text = t(`scriptLibrary.actions.record_survey.${action.satisfied ? 'satisfied' : 'not_satisfied'}`);
      const from = (['score', 'reasons'] as const).flatMap((what) => {
        const ref = action[what];
        return ref ? [t('scriptLibrary.actions.classification', { what: t(`scriptLibrary.actions.record_survey.${what}`), source: sourceText(t, ref, flow, language) })] : [];
      });
      return {
        text: from.length > 0 ? t('scriptLibrary.actions.withClassification', { action: text, classification: from.join(t('scriptLibrary.conditions.listSeparator')) }) : text,
        template: null,
      };
    }
    case 'pause_recording':
      return { text: t('scriptLibrary.actions.pause_recording', { reason: action.reason[language] }), template: null };
    case 'resume_recording':
      return { text: t('scriptLibrary.actions.resume_recording'), template: null };
  }
}

/** When and by whom a stored flow was published. */
export function publishedText(t: TFunction, flow: Pick<StoredFlow, 'publishedAt' | 'publishedBy'>, formatTime: (iso: string) => string): string {
  return t('scriptLibrary.list.published', { time: formatTime(flow.publishedAt), by: flow.publishedBy });
}
