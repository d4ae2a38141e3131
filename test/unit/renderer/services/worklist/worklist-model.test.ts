import { describe, expect, it } from 'vitest';
import { DEFAULT_CALLBACK_CONFIG } from '../../../../../shared/callbacks/callback-config';
import {
  checkDueTime,
  defaultWorklistFilters,
  isTaskOverdue,
  prefillOutcome,
  scriptForType,
  worklistQuery,
} from '../../../../../renderer/src/services/worklist/worklist-model';

const ZONE = 'Asia/Shanghai';
// Tuesday 2026-11-24, 10:00 in Shanghai.
const NOW = Date.parse('2026-11-24T02:00:00.000Z');

describe('prefillOutcome', () => {
  it('reads a call that was never answered from its SIP answer', () => {
    expect(prefillOutcome({ answered: false, endCause: '486 Busy Here' }, null)).toBe('busy');
    expect(prefillOutcome({ answered: false, endCause: '404 Not Found' }, null)).toBe('wrong_number');
    expect(prefillOutcome({ answered: false, endCause: '484 Address Incomplete' }, null)).toBe('wrong_number');
    expect(prefillOutcome({ answered: false, endCause: '604 Does Not Exist Anywhere' }, null)).toBe('wrong_number');
    expect(prefillOutcome({ answered: false, endCause: '480 Temporarily Unavailable' }, null)).toBe('no_answer');
    expect(prefillOutcome({ answered: false, endCause: 'CANCEL' }, null)).toBe('no_answer');
    expect(prefillOutcome({ answered: false, endCause: null }, 'reschedule')).toBe('no_answer');
  });

  it('reads an answered call from where its script ended', () => {
    expect(prefillOutcome({ answered: true, endCause: 'BYE' }, 'reschedule')).toBe('call_later');
    expect(prefillOutcome({ answered: true, endCause: 'BYE' }, 'wrong-number')).toBe('wrong_number');
    expect(prefillOutcome({ answered: true, endCause: 'BYE' }, 'satisfied')).toBe('answered');
    expect(prefillOutcome({ answered: true, endCause: 'BYE' }, null)).toBe('answered');
  });
});

describe('scriptForType', () => {
  it('takes the first flow in catalog order whose triggers name the type, and none when nothing does', () => {
    const catalog = [
      { id: 'consultation', triggers: { ivrChoices: ['consult'] } },
      { id: 'a', triggers: { callbackTypes: ['after_sales' as const] } },
      { id: 'b', triggers: { callbackTypes: ['after_sales' as const, 'complaint' as const] } },
    ];
    expect(scriptForType(catalog, 'after_sales')?.id).toBe('a');
    expect(scriptForType(catalog, 'complaint')?.id).toBe('b');
    expect(scriptForType(catalog, 'pre_sales')).toBeNull();
  });
});

describe('worklistQuery', () => {
  it('asks the today tab for open tasks due by the center’s midnight, and the pool tab for nobody’s', () => {
    expect(worklistQuery(defaultWorklistFilters(), { now: NOW, timeZone: ZONE })).toEqual({
      scope: 'all',
      state: 'open',
      dueBefore: '2026-11-24T15:59:59.999Z',
      limit: 50,
    });
    expect(worklistQuery({ tab: 'pool', type: 'complaint', overdueOnly: true, q: ' 王 ' }, { now: NOW, timeZone: ZONE, cursor: 'c2' })).toEqual({
      scope: 'pool',
      state: 'open',
      type: 'complaint',
      overdue: 'true',
      q: '王',
      limit: 50,
      cursor: 'c2',
    });
    expect(worklistQuery({ tab: 'ended', type: null, overdueOnly: true, q: '' }, { now: NOW, timeZone: ZONE }).state).toBe('ended');
  });
});

describe('checkDueTime', () => {
  it('refuses a due time outside the calling hours and offers the next opening', () => {
    const late = Date.parse('2026-11-24T13:00:00.000Z'); // 21:00 in Shanghai
    expect(checkDueTime(late, NOW, DEFAULT_CALLBACK_CONFIG, ZONE)).toEqual({ ok: false, reason: 'outside_calling_hours', suggestion: Date.parse('2026-11-25T01:00:00.000Z') });
    expect(checkDueTime(NOW + 3_600_000, NOW, DEFAULT_CALLBACK_CONFIG, ZONE)).toEqual({ ok: true });
  });
});

describe('isTaskOverdue', () => {
  it('calls a pending task late by the hub’s word or by the clock, and an ended one never', () => {
    const due = new Date(NOW - 1000).toISOString();
    expect(isTaskOverdue({ status: 'pending', overdue: false, dueAt: due }, NOW)).toBe(true);
    expect(isTaskOverdue({ status: 'pending', overdue: true, dueAt: new Date(NOW + 1000).toISOString() }, NOW)).toBe(true);
    expect(isTaskOverdue({ status: 'done', overdue: true, dueAt: due }, NOW)).toBe(false);
  });
});
