import { describe, expect, it } from 'vitest';
import { COMPLAINT_CATEGORIES, COMPLAINT_CHANNELS } from '../../../../../shared/api/tickets';
import { COMPLAINT_ACTION_TYPES, COMPLAINT_LEVELS, RESPONSIBILITIES } from '../../../../../shared/complaints/complaint-actions';
import { COMPLAINT_STATUSES } from '../../../../../shared/complaints/complaint-config';
import { LANGUAGES } from '../../../../../shared/domain/i18n';
import { ACTION_FORMS } from '../../../../../renderer/src/features/cases/action-form-model';
import { departmentName, dueState, evidenceOf, timelineLines } from '../../../../../renderer/src/features/cases/case-model';
import { BUILT_IN_VIEWS } from '../../../../../renderer/src/services/cases/case-filters';
import { rowOverdue } from '../../../../../renderer/src/features/cases/case-list';
import { localeMessages, type Messages } from '../../../../../renderer/src/i18n/locale-messages';
import { attachment, event, fileId, HOUR, iso, NOW, org } from './case-fixtures';

describe('timelineLines', () => {
  it('reads the history oldest first with who, when, the status before → after and why', () => {
    const lines = timelineLines([
      event(3, { type: 'accept', by: 'logistics1', at: iso(NOW - HOUR), text: '同意赔偿', fromStatus: 'with_department', toStatus: 'measure_in_progress' }),
      event(1, { type: 'opened', at: iso(NOW - 5 * HOUR), text: '客户来电', toStatus: 'registered' }),
      event(2, { type: 'request_assistance', by: 'supervisor1', at: iso(NOW - 3 * HOUR), text: '  请品管分析  ', fromStatus: 'investigated', toStatus: 'investigated' }),
      event(4, { type: 'attachment_added', by: 'field1', at: iso(NOW), text: 'photo.jpg' }),
    ]);
    expect(lines.map((l) => [l.what, l.by, l.status, l.text])).toEqual([
      [{ kind: 'event', type: 'opened' }, 'agent1', { from: 'registered', to: 'registered', moved: false }, '客户来电'],
      [{ kind: 'action', type: 'request_assistance' }, 'supervisor1', { from: 'investigated', to: 'investigated', moved: false }, '请品管分析'],
      [{ kind: 'action', type: 'accept' }, 'logistics1', { from: 'with_department', to: 'measure_in_progress', moved: true }, '同意赔偿'],
      [{ kind: 'event', type: 'attachment_added' }, 'field1', null, 'photo.jpg'],
    ]);
  });
});

describe('dueState', () => {
  it('is overdue once the limit has passed, pending before, none without a limit', () => {
    expect(dueState(iso(NOW - 1), NOW)).toBe('overdue');
    expect(dueState(iso(NOW + HOUR), NOW)).toBe('pending');
    expect(dueState(null, NOW)).toBe('none');
  });
});

describe('rowOverdue', () => {
  it('marks the limit that passed', () => {
    expect(rowOverdue({ stepDueAt: iso(NOW - HOUR), callbackDueAt: null, overdue: true }, NOW)).toEqual({ step: true, callback: false });
    expect(rowOverdue({ stepDueAt: iso(NOW + HOUR), callbackDueAt: iso(NOW - HOUR), overdue: true }, NOW)).toEqual({ step: false, callback: true });
  });

  it("marks the step when the hub says overdue though this PC's clock has not got there, so a red row always says why", () => {
    expect(rowOverdue({ stepDueAt: iso(NOW + 60_000), callbackDueAt: null, overdue: true }, NOW)).toEqual({ step: true, callback: false });
    expect(rowOverdue({ stepDueAt: iso(NOW + HOUR), callbackDueAt: null, overdue: false }, NOW)).toEqual({ step: false, callback: false });
  });
});

describe('departmentName', () => {
  it("names a department in the reader's language, its code when the org design does not list it", () => {
    expect(departmentName(org, 'logistics', 'zh-CN')).toBe('运输调度/物流部');
    expect(departmentName(org, 'logistics', 'en-US')).toBe('Logistics');
    expect(departmentName(org, 'gone', 'zh-CN')).toBe('gone');
    expect(departmentName(null, 'logistics', 'zh-CN')).toBe('logistics');
    expect(departmentName(org, null, 'zh-CN')).toBeNull();
  });
});

describe('evidenceOf', () => {
  it("lists a record's files by the case's uploads, keeping an id the case does not list", () => {
    const photo = attachment(1, 'photo.jpg');
    expect(evidenceOf([fileId(1), fileId(9)], [photo])).toEqual([photo, { id: fileId(9), missing: true }]);
  });
});

function text(messages: Messages, path: string): unknown {
  return path.split('.').reduce<unknown>((node, key) => (node && typeof node === 'object' ? (node as Record<string, unknown>)[key] : undefined), messages);
}

describe('case texts', () => {
  it('names every status, action, category, responsibility, channel, level, form field and view in both languages', () => {
    const keys = [
      ...COMPLAINT_STATUSES.map((s) => `cases.status.${s}`),
      ...COMPLAINT_ACTION_TYPES.map((a) => `cases.actions.${a}`),
      ...COMPLAINT_CATEGORIES.map((c) => `cases.categories.${c}`),
      ...RESPONSIBILITIES.map((r) => `cases.responsibilities.${r}`),
      ...COMPLAINT_CHANNELS.map((c) => `cases.channels.${c}`),
      ...COMPLAINT_LEVELS.map((l) => `cases.levels.${l}`),
      ...['opened', 'note', 'escalated', 'callback_scheduled', 'notified', 'satisfied', 'not_satisfied', 'attachment_added'].map((e) => `cases.events.${e}`),
      ...Object.values(ACTION_FORMS).flatMap((form) => form.fields.map((f) => `cases.form.fields.${f.name}`)),
      ...['required', 'invalid', 'tooLong', 'amount'].map((p) => `cases.form.problems.${p}`),
      ...['superior', 'leadership'].map((to) => `cases.form.raiseTo.${to}`),
      ...BUILT_IN_VIEWS.map((v) => `cases.views.builtIn.${v}`),
    ];
    for (const language of LANGUAGES) {
      expect(keys.filter((key) => typeof text(localeMessages[language], key) !== 'string'), language).toEqual([]);
    }
  });

  it('quotes the procedure’s Chinese labels exactly', () => {
    const zh = localeMessages['zh-CN'];
    expect(text(zh, 'cases.status.proposal_pending_signoff')).toBe('待负责人签字');
    expect(text(zh, 'cases.status.closed')).toBe('已结案归档');
    expect(text(zh, 'cases.actions.record_investigation')).toBe('填写现场记录（表1.2）');
    expect(text(zh, 'cases.actions.uphold_query')).toBe('质询成立（重新调查）');
    expect(text(zh, 'cases.channels.authority')).toBe('质量权力及公证机构');
    expect(text(zh, 'cases.responsibilities.dealer')).toBe('经销商');
    expect(text(zh, 'cases.views.builtIn.myDepartment')).toBe('待我部门处理');
    expect(text(zh, 'cases.overdue')).toBe('超时');
  });
});
