import type { TFunction } from 'i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import { LANGUAGES } from '../../../../../shared/domain/i18n';
import {
  END_OUTCOMES,
  FLOW_CALLBACK_TYPES,
  FLOW_CATEGORIES,
  FLOW_FIELDS,
  FLOW_TICKET_KINDS,
  SATISFACTION_MAX,
  SATISFACTION_MIN,
} from '../../../../../shared/flows/flow-schema';
import type { ResolvedAction } from '../../../../../shared/flows/flow-run';
import {
  ABANDON_REASONS,
  abandonReasonText,
  actionStateText,
  actionText,
  ANSWER_ERROR_CODES,
  answerErrorText,
  fieldLabel,
  syncText,
  ticketNumbers,
} from '../../../../../renderer/src/features/flows/flow-text';
import { NO_CALLBACK_TASK } from '../../../../../renderer/src/services/flows/flow-actions';
import { i18n, initI18n } from '../../../../../renderer/src/i18n';
import { localeMessages, type Messages } from '../../../../../renderer/src/i18n/locale-messages';
import type { FlowActionView, FlowSyncStatus } from '../../../../../renderer/src/store/flow-slice-state';
import { flow, question, step } from '../../../../support/flow-builders';

function has(messages: Messages, key: string): boolean {
  let node: Messages | string | undefined = messages;
  for (const part of key.split('.')) node = typeof node === 'object' ? node[part] : undefined;
  return typeof node === 'string' && node.trim() !== '';
}

let t: TFunction;
beforeAll(async () => {
  await initI18n('en-US');
  t = i18n.getFixedT('en-US');
});

const view = (action: ResolvedAction, more: Partial<FlowActionView> = {}): FlowActionView => ({
  id: `a-${more.seq ?? 0}`,
  key: 's.0',
  seq: 0,
  action,
  status: 'pending',
  attempts: 0,
  lastError: null,
  result: null,
  dueAt: null,
  ...more,
});

const ticket: ResolvedAction = { type: 'create_ticket', kind: 'complaint', title: 'Parcel damaged', category: null, severity: null, triage: null, department: null, answers: [] };

describe('flows translations', () => {
  it('have a text in every language for every value the runner builds a key from', () => {
    const needed = [
      ...ANSWER_ERROR_CODES.map((code) => `flows.errors.${code}`),
      ...FLOW_FIELDS.map((field) => `flows.fields.${field}`),
      ...END_OUTCOMES.map((outcome) => `flows.outcomes.${outcome}`),
      ...FLOW_CATEGORIES.map((category) => `flows.groups.${category}`),
      'flows.groups.suggested',
      ...FLOW_TICKET_KINDS.map((kind) => `flows.ticketKinds.${kind}`),
      ...FLOW_CALLBACK_TYPES.map((type) => `flows.callbackTypes.${type}`),
      ...ABANDON_REASONS.map((reason) => `flows.abandon.reasons.${reason}`),
      ...['satisfied', 'not_satisfied'].map((outcome) => `flows.actions.update_ticket_${outcome}`),
      ...['notify', 'notify_urgent'].map((key) => `flows.actions.${key}`),
      ...['satisfied', 'satisfiedScore', 'notSatisfied', 'notSatisfiedScore', 'withReasons', 'recorded', 'noTask'].map((key) => `flows.actions.record_survey.${key}`),
      ...Array.from({ length: SATISFACTION_MAX - SATISFACTION_MIN + 1 }, (_, i) => `flows.questions.satisfaction.${SATISFACTION_MIN + i}`),
    ];
    for (const language of LANGUAGES) {
      expect(needed.filter((key) => !has(localeMessages[language], key)), language).toEqual([]);
    }
  });

  it('name the runner and its buttons in zh-CN as the agents know them', () => {
    const zh = i18n.getFixedT('zh-CN');
    expect(['region', 'back', 'next', 'finish', 'abandon'].map((k) => zh(`flows.runner.${k}`))).toEqual(['通话脚本', '上一步', '下一步', '完成', '放弃脚本']);
    expect(zh('flows.switch.label')).toBe('换脚本');
    expect(zh('flows.wrapUp.script')).toContain('完成或放弃脚本后才能结束整理');
  });
});

describe('answerErrorText', () => {
  it('names the bound that was crossed', () => {
    expect(answerErrorText(t, { questionId: 'q', code: 'too_large', limit: 100 })).toBe('Must be at most 100');
    expect(answerErrorText(t, { questionId: 'q', code: 'too_long', limit: 2000 })).toContain('2000');
  });

  it('says what is missing when there is no bound', () => {
    expect(answerErrorText(t, { questionId: 'q', code: 'required' })).toBe('This is required');
  });
});

describe('abandonReasonText', () => {
  it('translates a reason of ours and shows an agent’s own words as they are', () => {
    expect(abandonReasonText(t, 'switched')).toBe('Switched to another script');
    expect(abandonReasonText(t, '客户要求稍后再打')).toBe('客户要求稍后再打');
  });
});

describe('fieldLabel', () => {
  const f = flow([step('a', { questions: [question('size', 'text')], end: { outcome: 'resolved' } })]);

  it('names a call fact by its translated name and an answer by its question’s label', () => {
    expect(fieldLabel(t, 'customer.name', f, 'en-US')).toBe('Customer name');
    expect(fieldLabel(t, 'answers.size', f, 'zh-CN')).toBe('问题 size');
  });

  it('falls back to the reference itself for an answer to no question', () => {
    expect(fieldLabel(t, 'answers.nothing', f, 'en-US')).toBe('answers.nothing');
  });
});

describe('actionText', () => {
  it('describes each action with the flow’s words filled in', () => {
    expect(actionText(t, ticket, [], 'en-US')).toBe('Open a ticket (complaint): Parcel damaged');
    expect(actionText(t, { type: 'escalate', ticket: 'created', level: 2, reason: 'Severe' }, [], 'en-US')).toBe('Escalate to level 2: Severe');
    expect(actionText(t, { type: 'notify', department: 'field-staff', message: 'Go on site', urgent: true }, [], 'en-US')).toBe('Urgent notice to field staff: Go on site');
    expect(actionText(t, { type: 'schedule_callback', callbackType: 'complaint', dueInHours: 24, note: null }, [], 'en-US')).toBe('Schedule a complaint callback (within 24 h)');
  });

  it('lists a survey with its verdict, its score and the customer’s words, in the agent’s language', () => {
    const zh = i18n.getFixedT('zh-CN');
    const survey = (satisfied: boolean, score: number | null, reasons = ''): ResolvedAction => ({ type: 'record_survey', satisfied, score, reasons });
    expect(actionText(zh, survey(true, 5), [], 'zh-CN')).toBe('记录满意度调查：满意（5 分）');
    expect(actionText(t, survey(true, 5), [], 'en-US')).toBe('Record the survey: satisfied (5)');
    expect(actionText(t, survey(false, null), [], 'en-US')).toBe('Record the survey: not satisfied');
    expect(actionText(zh, survey(false, 2, '师傅迟到'), [], 'zh-CN')).toBe('记录满意度调查：不满意（2 分）。客户原话：师傅迟到');
  });

  it('names a disposition by its label in the UI’s language, else by its code', () => {
    const codes = [{ code: 'solved', label: { 'zh-CN': '已解决', 'en-US': 'Solved' } }];
    expect(actionText(t, { type: 'set_disposition', code: 'solved' }, codes, 'zh-CN')).toBe('Disposition: 已解决');
    expect(actionText(t, { type: 'set_disposition', code: 'gone' }, codes, 'en-US')).toBe('Disposition: gone');
  });
});

describe('actionStateText', () => {
  it('says an action waits for the hub, with its attempts and the last problem once it has been tried', () => {
    expect(actionStateText(t, view(ticket))).toEqual({ tone: 'pending', text: 'Waiting to be sent to the hub', detail: null });
    expect(actionStateText(t, view(ticket, { attempts: 3, lastError: 'network' }))).toEqual({ tone: 'pending', text: 'Waiting to retry (3 attempts so far)', detail: 'network' });
  });

  it('gives the ticket number of a done ticket and the hub’s words of a failure', () => {
    expect(actionStateText(t, view(ticket, { status: 'done', result: { ticketNo: 'T-20260105-0001' } })).text).toContain('T-20260105-0001');
    expect(actionStateText(t, view(ticket, { status: 'failed', lastError: 'category: invalid' }))).toEqual({ tone: 'failed', text: 'Failed', detail: 'category: invalid' });
  });

  it('says a done callback is scheduled within the promised hours', () => {
    const callback: ResolvedAction = { type: 'schedule_callback', callbackType: 'complaint', dueInHours: 48, note: null };
    expect(actionStateText(t, view(callback, { status: 'done', result: {} })).text).toBe('Callback scheduled (within 48 h)');
  });

  it('says when a done callback is due, as the time the customer was promised', () => {
    const callback: ResolvedAction = { type: 'schedule_callback', callbackType: 'complaint', dueInHours: 24, note: null };
    const done = view(callback, { status: 'done', result: {}, dueAt: '2026-12-07T02:30:00.000Z' });
    expect(actionStateText(t, done, (iso) => `at ${iso.slice(11, 16)} UTC`).text).toBe('Callback scheduled for at 02:30 UTC');
  });
});

describe('actionStateText of a survey', () => {
  const survey: ResolvedAction = { type: 'record_survey', satisfied: true, score: 5, reasons: '' };

  it('says a done survey is on the callback task', () => {
    expect(actionStateText(t, view(survey, { status: 'done', result: {} })).text).toBe('Recorded on the callback task');
  });

  it('says in the agent’s language why a survey of a call not dialled from a task failed', () => {
    const zh = i18n.getFixedT('zh-CN');
    const failed = view(survey, { status: 'failed', lastError: NO_CALLBACK_TASK });
    expect(actionStateText(zh, failed).detail).toContain('这通电话不是从回访任务拨出的，满意度无法记到任务上');
    expect(actionStateText(t, failed).detail).toContain('not dialled from a callback task');
  });
});

describe('ticketNumbers', () => {
  it('lists the ticket numbers the run got back, in request order', () => {
    const actions = [
      view(ticket, { id: 'b', seq: 2, status: 'done', result: { ticketNo: 'T-2' } }),
      view(ticket, { id: 'a', seq: 1, status: 'done', result: { ticketNo: 'T-1' } }),
      view(ticket, { id: 'c', seq: 3, status: 'pending' }),
    ];
    expect(ticketNumbers(actions)).toEqual(['T-1', 'T-2']);
  });
});

describe('syncText', () => {
  const status = (more: Partial<FlowSyncStatus>): FlowSyncStatus => ({ state: 'ok', lastSyncedAt: null, error: null, progress: null, ...more });
  const now = new Date(2026, 0, 5, 15, 0).getTime();

  it('says offline and from when the local copy is, as a warning', () => {
    const line = syncText(t, status({ state: 'offline', lastSyncedAt: new Date(2026, 0, 5, 9, 30).getTime() }), 'en-US', now);
    expect(line.tone).toBe('warning');
    expect(line.text).toMatch(/^Offline: using this PC's copy of the scripts \(synced .*9:30/);
  });

  it('says when there is no copy at all', () => {
    expect(syncText(t, status({ state: 'offline' }), 'en-US', now).text).toBe('Offline: no copy of the scripts on this PC yet');
  });

  it('shows the download’s progress while syncing', () => {
    expect(syncText(t, status({ state: 'syncing', progress: { done: 3, total: 12 } }), 'en-US', now)).toEqual({ tone: 'busy', text: 'Downloading scripts 3 / 12' });
  });
});
