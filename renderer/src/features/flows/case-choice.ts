import type { TFunction } from 'i18next';
import type { TicketSummary } from '../../../../shared/api/customers';
import type { Language } from '../../../../shared/domain/i18n';
import { localDate } from '../../services/flows/flow-facts';
import type { ScreenPop } from '../../store/customer-slice-state';
import type { CallerCases, ContextTicket } from '../../store/flow-slice-state';
import type { UserFacingError } from '../../store/user-facing-error';
import { formatDate, ticketKindText } from '../customer/customer-text';

/*
 * "Which case is this call about?": the question a script picker asks before a callback (or any
 * script that acts on the case) starts. Pure, so each rule is tested on its own; the picker and the
 * switch-script dialog render what these say.
 */

/**
 * Closed cases offered, newest first: a callback follows a case the center closed lately, and a
 * customer of many years should not bury the open ones under their history.
 */
export const RECENT_CLOSED_CASES = 10;

export type CaseQuestion =
  /** The script needs no case. */
  | { kind: 'none' }
  /** Nobody identified on the call (unknown number, nobody has it, a colleague). */
  | { kind: 'no-caller' }
  /** Several customers share the number and the agent has not said which one is calling. */
  | { kind: 'choose-caller' }
  | { kind: 'loading' }
  | { kind: 'error'; error: UserFacingError }
  | { kind: 'no-cases' }
  | { kind: 'cases'; open: TicketSummary[]; closed: TicketSummary[] };

const newestFirst = (a: string | null, b: string | null): number => Date.parse(b ?? '') - Date.parse(a ?? '');

/** Open cases first, newest opened first; then the most recently closed ones, newest closed first. */
export function caseOptions(tickets: readonly TicketSummary[]): { open: TicketSummary[]; closed: TicketSummary[] } {
  const open = tickets.filter((t) => t.open).sort((a, b) => newestFirst(a.openedAt, b.openedAt) || a.ticketNo.localeCompare(b.ticketNo));
  const closed = tickets
    .filter((t) => !t.open)
    .sort((a, b) => newestFirst(a.closedAt ?? a.openedAt, b.closedAt ?? b.openedAt) || a.ticketNo.localeCompare(b.ticketNo))
    .slice(0, RECENT_CLOSED_CASES);
  return { open, closed };
}

/** The customer the call's screen pop settled on; null with nobody, or several and none chosen. */
const chosenId = (pop: ScreenPop | undefined): string | null => (pop?.status === 'found' ? pop.chosenId : null);

/** Whether the picker should ask the store for the caller's cases now (none asked for this caller yet). */
export function casesToLoad(needed: boolean, pop: ScreenPop | undefined, cases: CallerCases | undefined): boolean {
  const customerId = chosenId(pop);
  return needed && customerId !== null && cases?.customerId !== customerId;
}

/** The question as it stands for the call: from the screen pop and the cases the store read. */
export function caseQuestion(needed: boolean, pop: ScreenPop | undefined, cases: CallerCases | undefined): CaseQuestion {
  if (!needed) return { kind: 'none' };
  if (!pop) return { kind: 'no-caller' };
  switch (pop.status) {
    case 'unknown':
    case 'internal':
    case 'not-found':
      return { kind: 'no-caller' };
    case 'looking-up':
      return { kind: 'loading' };
    case 'found':
      break;
  }
  if (pop.chosenId === null) return { kind: 'choose-caller' };
  // Cases of another caller (the agent changed who is calling) are not this caller's: they are on their way.
  if (!cases || cases.customerId !== pop.chosenId || cases.status === 'loading') return { kind: 'loading' };
  if (cases.status === 'error') return { kind: 'error', error: cases.error };
  if (cases.tickets.length === 0) return { kind: 'no-cases' };
  return { kind: 'cases', ...caseOptions(cases.tickets) };
}

/** One case as the picker lists it: number, kind, title, status, and the day it was opened (on this PC's calendar). */
export function caseText(t: TFunction, ticket: TicketSummary, language: Language): string {
  const opened = localDate(ticket.openedAt);
  return t('flows.context.option', {
    ticketNo: ticket.ticketNo,
    kind: ticketKindText(t, ticket.kind),
    title: ticket.title,
    status: ticket.status,
    openedAt: opened ? formatDate(opened, language) : ticket.openedAt,
  });
}

export const contextTicketOf = (ticket: TicketSummary): ContextTicket => ({ id: ticket.id, ticketNo: ticket.ticketNo, title: ticket.title, status: ticket.status });

export type CaseDecision =
  | { start: true; contextTicket: ContextTicket | null }
  /** `required`: the caller has cases and none is chosen; `loading`: they are still being read. */
  | { start: false; reason: 'required' | 'loading' };

/**
 * What Start does: with the chosen case; without one when there is none to choose (no caller, no
 * cases, the hub could not be asked — the script's ticket updates are then marked failed, and the
 * picker has said so); or not yet. Never a case the agent did not pick: a callback's verdict closes
 * the case it names, so guessing one, even the only open one, could close the wrong case.
 */
export function caseDecision(question: CaseQuestion, chosenTicketId: string | null | undefined): CaseDecision {
  switch (question.kind) {
    case 'none':
    case 'no-caller':
    case 'choose-caller':
    case 'error':
    case 'no-cases':
      return { start: true, contextTicket: null };
    case 'loading':
      return { start: false, reason: 'loading' };
    case 'cases': {
      const ticket = [...question.open, ...question.closed].find((t) => t.id === chosenTicketId);
      return ticket ? { start: true, contextTicket: contextTicketOf(ticket) } : { start: false, reason: 'required' };
    }
  }
}
