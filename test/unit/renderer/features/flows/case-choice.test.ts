import { beforeAll, describe, expect, it } from 'vitest';
import type { TicketSummary } from '../../../../../shared/api/customers';
import { caseDecision, caseOptions, caseQuestion, casesToLoad, caseText, RECENT_CLOSED_CASES } from '../../../../../renderer/src/features/flows/case-choice';
import { i18n, initI18n } from '../../../../../renderer/src/i18n';
import type { ScreenPop } from '../../../../../renderer/src/store';
import type { CallerCases } from '../../../../../renderer/src/store/flow-slice-state';
import { customerCard, customerId, mobile } from '../../support/customer-builders';

const CALL = '0190a3f0-0000-7000-8000-00000000c411';

function ticket(n: number, more: Partial<TicketSummary> = {}): TicketSummary {
  return {
    id: `0190a3f0-0000-7000-8000-0000000000${n.toString().padStart(2, '0')}`,
    ticketNo: `T-${n}`,
    kind: 'complaint',
    title: `Case ${n}`,
    status: 'registered',
    open: true,
    openedAt: `2026-01-${n.toString().padStart(2, '0')}T02:00:00.000Z`,
    closedAt: null,
    ...more,
  };
}
const closed = (n: number, closedOn: string) => ticket(n, { open: false, status: 'closed', closedAt: `${closedOn}T02:00:00.000Z` });

const found = (chosen: number | null, count = 1): ScreenPop => ({
  callId: CALL,
  status: 'found',
  e164: mobile(1),
  customers: Array.from({ length: count }, (_, i) => customerCard(i + 1)),
  chosenId: chosen === null ? null : customerId(chosen),
  source: 'hub',
  refreshedAt: 0,
});
const ready = (customer: number, tickets: TicketSummary[]): CallerCases => ({ customerId: customerId(customer), status: 'ready', tickets });

describe('caseOptions', () => {
  it('lists open cases first, newest opened first, then closed ones, newest closed first', () => {
    const { open, closed: recent } = caseOptions([closed(1, '2026-01-20'), ticket(2), closed(3, '2026-01-25'), ticket(5), ticket(4)]);
    expect(open.map((t) => t.ticketNo)).toEqual(['T-5', 'T-4', 'T-2']);
    expect(recent.map((t) => t.ticketNo)).toEqual(['T-3', 'T-1']);
  });

  it('offers only the most recently closed cases when the customer has many', () => {
    const many = Array.from({ length: RECENT_CLOSED_CASES + 5 }, (_, i) => closed(i + 1, `2026-02-${(i + 1).toString().padStart(2, '0')}`));
    const { closed: recent } = caseOptions(many);
    expect(recent).toHaveLength(RECENT_CLOSED_CASES);
    expect(recent[0]!.ticketNo).toBe(`T-${RECENT_CLOSED_CASES + 5}`);
    expect(recent.map((t) => t.ticketNo)).not.toContain('T-1');
  });
});

describe('caseQuestion', () => {
  it('asks nothing for a script that needs no case', () => {
    expect(caseQuestion(false, found(1), ready(1, [ticket(1)]))).toEqual({ kind: 'none' });
  });

  it('says there is nobody to choose a case of when the call has no identified customer', () => {
    expect(caseQuestion(true, undefined, undefined).kind).toBe('no-caller');
    expect(caseQuestion(true, { callId: CALL, status: 'unknown', reason: 'withheld' }, undefined).kind).toBe('no-caller');
    expect(caseQuestion(true, { callId: CALL, status: 'not-found', e164: mobile(1), hubError: null }, undefined).kind).toBe('no-caller');
    expect(caseQuestion(true, { callId: CALL, status: 'internal', extension: '1002' }, undefined).kind).toBe('no-caller');
  });

  it('asks for the caller first when several customers share the number and none is chosen', () => {
    expect(caseQuestion(true, found(null, 2), undefined).kind).toBe('choose-caller');
  });

  it('waits while the caller is looked up or their cases are read, and for another caller’s cases', () => {
    expect(caseQuestion(true, { callId: CALL, status: 'looking-up', e164: mobile(1) }, undefined).kind).toBe('loading');
    expect(caseQuestion(true, found(1), undefined).kind).toBe('loading');
    expect(caseQuestion(true, found(1), { customerId: customerId(1), status: 'loading' }).kind).toBe('loading');
    expect(caseQuestion(true, found(2, 2), ready(1, [ticket(1)])).kind).toBe('loading');
  });

  it('gives the caller’s cases in order, says when there are none, and passes a failed read on', () => {
    const question = caseQuestion(true, found(1), ready(1, [closed(1, '2026-01-20'), ticket(2)]));
    expect(question).toMatchObject({ kind: 'cases', open: [{ ticketNo: 'T-2' }], closed: [{ ticketNo: 'T-1' }] });
    expect(caseQuestion(true, found(1), ready(1, [])).kind).toBe('no-cases');
    const error = { code: 'network' as const, message: 'down', retryAfterSeconds: null };
    expect(caseQuestion(true, found(1), { customerId: customerId(1), status: 'error', error })).toEqual({ kind: 'error', error });
  });
});

describe('casesToLoad', () => {
  it('asks for the cases of the chosen caller once, and again when the agent picks another caller', () => {
    expect(casesToLoad(true, found(1), undefined)).toBe(true);
    expect(casesToLoad(true, found(1), { customerId: customerId(1), status: 'loading' })).toBe(false);
    expect(casesToLoad(true, found(1), { customerId: customerId(1), status: 'error', error: { code: 'network', message: 'down', retryAfterSeconds: null } })).toBe(false);
    expect(casesToLoad(true, found(2, 2), ready(1, []))).toBe(true);
  });

  it('asks for nothing without a chosen caller or when the script needs no case', () => {
    expect(casesToLoad(false, found(1), undefined)).toBe(false);
    expect(casesToLoad(true, found(null, 2), undefined)).toBe(false);
    expect(casesToLoad(true, undefined, undefined)).toBe(false);
  });
});

describe('caseDecision', () => {
  const cases = caseQuestion(true, found(1), ready(1, [ticket(2), closed(1, '2026-01-20')]));

  it('starts with the case the agent chose, open or recently closed', () => {
    expect(caseDecision(cases, ticket(2).id)).toEqual({
      start: true,
      contextTicket: { id: ticket(2).id, ticketNo: 'T-2', title: 'Case 2', status: 'registered' },
    });
    expect(caseDecision(cases, ticket(1).id)).toMatchObject({ start: true, contextTicket: { ticketNo: 'T-1', status: 'closed' } });
  });

  it('refuses to start when the caller has cases and none is chosen, or the chosen one is not theirs', () => {
    expect(caseDecision(cases, undefined)).toEqual({ start: false, reason: 'required' });
    expect(caseDecision(cases, ticket(9).id)).toEqual({ start: false, reason: 'required' });
  });

  it('waits while the cases are read', () => {
    expect(caseDecision({ kind: 'loading' }, undefined)).toEqual({ start: false, reason: 'loading' });
  });

  it('starts without a case when there is none to choose', () => {
    for (const question of [
      { kind: 'none' as const },
      { kind: 'no-caller' as const },
      { kind: 'choose-caller' as const },
      { kind: 'no-cases' as const },
      { kind: 'error' as const, error: { code: 'network' as const, message: 'down', retryAfterSeconds: null } },
    ]) {
      expect(caseDecision(question, ticket(2).id), question.kind).toEqual({ start: true, contextTicket: null });
    }
  });
});

describe('caseText', () => {
  beforeAll(async () => {
    await initI18n('en-US');
  });

  it('names the case by number, kind, title, status and the day it was opened', () => {
    const text = caseText(i18n.t, ticket(4, { kind: 'after_sales', title: '<b>Kettle</b> leaks', status: 'in progress', openedAt: '2026-01-04T12:00:00.000Z' }), 'en-US');
    expect(text).toMatch(/^T-4 · After-sales · <b>Kettle<\/b> leaks · in progress · opened \d\d\/\d\d\/2026$/);
  });
});
