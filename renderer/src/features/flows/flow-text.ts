import type { TFunction } from 'i18next';
import type { DispositionCode } from '../../../../shared/api/call-logs';
import type { Language } from '../../../../shared/domain/i18n';
import { FLOW_FIELDS, type FlowDefinition, type FlowEndOutcome, type FlowField } from '../../../../shared/flows/flow-schema';
import type { AnswerError, AnswerErrorCode, ResolvedAction } from '../../../../shared/flows/flow-run';
import { NO_CALLBACK_TASK, NO_CONTEXT_TICKET } from '../../services/flows/flow-actions';
import type { FlowActionView, FlowSyncStatus } from '../../store/flow-slice-state';
import { formatMoment } from '../customer/customer-text';

/*
 * The script runner's words: answer problems, the actions a run requested and how they went, the
 * outcome, the local copy's freshness. Values that come from a flow or the hub are passed in as
 * interpolation values and rendered by React as text, never as markup.
 */

export const ANSWER_ERROR_CODES = [
  'required',
  'unknown_question',
  'not_an_option',
  'not_a_number',
  'too_small',
  'too_large',
  'too_short',
  'too_long',
  'not_a_date',
  'not_a_phone',
  'not_a_boolean',
  'not_a_score',
] as const satisfies readonly AnswerErrorCode[];

/** Under the field: what is wrong, with the bound when there is one (`不能大于 100`). */
export function answerErrorText(t: TFunction, error: AnswerError): string {
  return t(`flows.errors.${error.code}`, { limit: error.limit ?? '' });
}

/** Reasons the abandon dialog offers; `switched` is the store's, when another script replaces the run. */
export const ABANDON_REASONS = ['customer_hung_up', 'wrong_script', 'not_needed', 'switched', 'other'] as const;
export type AbandonReason = (typeof ABANDON_REASONS)[number];

/** A stored reason in words: one of ours is translated, anything else (typed by the agent) shown as it is. */
export function abandonReasonText(t: TFunction, reason: string | null): string {
  if (!reason) return t('flows.abandon.reasons.other');
  return (ABANDON_REASONS as readonly string[]).includes(reason) ? t(`flows.abandon.reasons.${reason}`) : reason;
}

const isField = (ref: string): ref is FlowField => (FLOW_FIELDS as readonly string[]).includes(ref);

/**
 * What a template's field is called, for the placeholder of a value this call does not have:
 * `[客户姓名]`; an earlier answer by its question's label.
 */
export function fieldLabel(t: TFunction, ref: string, flow: FlowDefinition, language: Language): string {
  if (isField(ref)) return t(`flows.fields.${ref}`);
  const questionId = ref.startsWith('answers.') ? ref.slice('answers.'.length) : null;
  const question = questionId ? flow.steps.flatMap((s) => s.questions ?? []).find((q) => q.id === questionId) : undefined;
  return question ? question.label[language] : ref;
}

export function outcomeText(t: TFunction, outcome: FlowEndOutcome): string {
  return t(`flows.outcomes.${outcome}`);
}

/** One requested action as the agent reads it: what it does, with the flow's words filled in. */
export function actionText(t: TFunction, action: ResolvedAction, dispositions: readonly DispositionCode[], language: Language): string {
  switch (action.type) {
    case 'create_ticket':
      return t('flows.actions.create_ticket', { kind: t(`flows.ticketKinds.${action.kind}`), title: action.title });
    case 'update_ticket':
      return action.outcome ? t(`flows.actions.update_ticket_${action.outcome}`, { note: action.note }) : t('flows.actions.update_ticket', { note: action.note });
    case 'escalate':
      return action.level === 'next'
        ? t('flows.actions.escalate_next', { reason: action.reason })
        : t('flows.actions.escalate_level', { level: action.level, reason: action.reason });
    case 'transfer':
      return t('flows.actions.transfer', { department: action.department });
    case 'schedule_callback':
      return t('flows.actions.schedule_callback', { type: t(`flows.callbackTypes.${action.callbackType}`), hours: action.dueInHours });
    case 'notify':
      return t(action.urgent ? 'flows.actions.notify_urgent' : 'flows.actions.notify', {
        department: action.department === 'field-staff' ? t('flows.actions.fieldStaff') : action.department,
        message: action.message,
      });
    case 'set_disposition': {
      const label = dispositions.find((d) => d.code === action.code)?.label[language] ?? action.code;
      return t('flows.actions.set_disposition', { disposition: label });
    }
    case 'record_survey': {
      const verdict = action.satisfied ? 'satisfied' : 'notSatisfied';
      const survey = action.score === null ? t(`flows.actions.record_survey.${verdict}`) : t(`flows.actions.record_survey.${verdict}Score`, { score: action.score });
      return action.reasons === '' ? survey : t('flows.actions.record_survey.withReasons', { survey, reasons: action.reasons });
    }
    case 'pause_recording':
      return t('flows.actions.pause_recording', { reason: action.reason });
    case 'resume_recording':
      return t('flows.actions.resume_recording');
  }
}

export type ActionTone = 'pending' | 'done' | 'failed';

/** An action's last problem: the console's own reasons in the agent's language, the hub's words as they came. */
function problemText(t: TFunction, lastError: string | null): string | null {
  if (lastError === NO_CONTEXT_TICKET) return t('flows.context.noCaseFailed');
  if (lastError === NO_CALLBACK_TASK) return t('flows.actions.record_survey.noTask');
  return lastError;
}

/** How a requested action went: waiting (with its attempts and the last problem), done (with what it gave back), failed. */
export function actionStateText(
  t: TFunction,
  view: FlowActionView,
  formatTime: (iso: string) => string = (iso) => iso,
): { tone: ActionTone; text: string; detail: string | null } {
  switch (view.status) {
    case 'pending':
      return {
        tone: 'pending',
        text: view.attempts > 0 ? t('flows.actions.state.retrying', { attempts: view.attempts }) : t('flows.actions.state.pending'),
        detail: view.lastError,
      };
    case 'done': {
      const result = view.result;
      let text = t('flows.actions.state.done');
      if (result?.ticketNo) text = t('flows.actions.state.ticket', { ticketNo: result.ticketNo });
      else if (view.action.type === 'schedule_callback') {
        text = view.dueAt
          ? t('flows.actions.state.callbackAt', { at: formatTime(view.dueAt) })
          : t('flows.actions.state.callback', { hours: view.action.dueInHours });
      }
      else if (view.action.type === 'record_survey') text = t('flows.actions.record_survey.recorded');
      else if (result?.escalationLevel !== undefined) text = t('flows.actions.state.escalated', { level: result.escalationLevel });
      return { tone: 'done', text, detail: null };
    }
    case 'failed':
      return { tone: 'failed', text: t('flows.actions.state.failed'), detail: problemText(t, view.lastError) };
  }
}

/** The ticket numbers a run's actions opened, in the order they were requested. */
export function ticketNumbers(actions: readonly FlowActionView[]): string[] {
  return [...actions]
    .sort((a, b) => a.seq - b.seq)
    .map((a) => a.result?.ticketNo)
    .filter((no): no is string => typeof no === 'string' && no !== '');
}

/** The local copy of the scripts, in a line: fresh, syncing, offline on the copy, or failing. */
export function syncText(t: TFunction, sync: FlowSyncStatus, language: Language, now: number): { tone: 'ok' | 'busy' | 'warning'; text: string } {
  const when = sync.lastSyncedAt !== null ? formatMoment(sync.lastSyncedAt, language, now) : null;
  switch (sync.state) {
    case 'syncing':
      return {
        tone: 'busy',
        text: sync.progress ? t('flows.sync.downloading', { done: sync.progress.done, total: sync.progress.total }) : t('flows.sync.syncing'),
      };
    case 'offline':
      return { tone: 'warning', text: when ? t('flows.sync.offline', { time: when }) : t('flows.sync.offlineNever') };
    case 'error':
      return { tone: 'warning', text: when ? t('flows.sync.failed', { time: when }) : t('flows.sync.failedNever') };
    case 'ok':
    case 'idle':
      return { tone: 'ok', text: when ? t('flows.sync.fresh', { time: when }) : t('flows.sync.never') };
  }
}
