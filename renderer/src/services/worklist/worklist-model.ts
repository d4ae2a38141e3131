import type { CallbackWorkItem, CallbackWorklistQuery } from '../../../../shared/api/callbacks';
import type { CallbackType } from '../../../../shared/api/tickets';
import type { CallbackConfig } from '../../../../shared/callbacks/callback-config';
import { checkCallLater, isInCallingHours, nextCallingTime, type AttemptOutcome } from '../../../../shared/callbacks/callback-rules';
import type { FlowTriggers } from '../../../../shared/flows/flow-schema';
import { instantOfWallClock, localDateAt, nextDay } from '../../../../shared/time/zoned-time';

/*
 * The worklist's pure rules in the console: what each tab asks the hub for, which script a task's
 * call starts, what the end of a call suggests as the attempt's outcome, and whether a time the
 * person picked may be used for a call. No I/O, so the slice and the forms share them and tests
 * pin them down.
 */

export const WORKLIST_TABS = ['today', 'mine', 'pool', 'ended'] as const;
export type WorklistTab = (typeof WORKLIST_TABS)[number];

export const WORKLIST_PAGE_SIZE = 50;

/**
 * The hub's default (hub/src/reports/complaint-report.ts), for the moments before the hub's
 * settings arrive; the hub checks every time itself anyway.
 */
export const FALLBACK_CENTER_TIME_ZONE = 'Asia/Shanghai';

export interface WorklistFilters {
  tab: WorklistTab;
  type: CallbackType | null;
  overdueOnly: boolean;
  q: string;
}

export const defaultWorklistFilters = (): WorklistFilters => ({ tab: 'today', type: null, overdueOnly: false, q: '' });

/** Filters as a key: rows loaded for other filters are never shown as these. */
export const worklistFiltersKey = (f: WorklistFilters): string => JSON.stringify([f.tab, f.type, f.overdueOnly, f.q.trim()]);

/** The end of the center's today (its next midnight), so "today" is the center's day, not this PC's. */
export function endOfCenterDay(now: number, timeZone: string): number {
  const tomorrow = nextDay(localDateAt(timeZone, now));
  return instantOfWallClock(timeZone, Date.UTC(tomorrow.year, tomorrow.month - 1, tomorrow.day)) - 1;
}

export function worklistQuery(f: WorklistFilters, page: { now: number; timeZone: string; limit?: number; cursor?: string }): CallbackWorklistQuery {
  const scope = f.tab === 'mine' ? 'mine' : f.tab === 'pool' ? 'pool' : 'all';
  const q = f.q.trim();
  return {
    scope,
    state: f.tab === 'ended' ? 'ended' : 'open',
    ...(f.type !== null ? { type: f.type } : {}),
    ...(f.tab === 'today' ? { dueBefore: new Date(endOfCenterDay(page.now, page.timeZone)).toISOString() } : {}),
    ...(f.overdueOnly && f.tab !== 'ended' ? { overdue: 'true' as const } : {}),
    ...(q !== '' ? { q } : {}),
    limit: page.limit ?? WORKLIST_PAGE_SIZE,
    ...(page.cursor !== undefined ? { cursor: page.cursor } : {}),
  };
}

/** Late by the hub's word or by this PC's clock: a row shown as late always says so in words. */
export const isTaskOverdue = (task: Pick<CallbackWorkItem, 'status' | 'overdue' | 'dueAt'>, now: number): boolean =>
  task.status === 'pending' && (task.overdue || Date.parse(task.dueAt) < now);

/** The script for a task's type: the first in catalog order whose triggers name the type. */
export function scriptForType<T extends { id: string; triggers: FlowTriggers }>(catalog: readonly T[], type: CallbackType): T | null {
  return catalog.find((entry) => entry.triggers.callbackTypes?.includes(type) === true) ?? null;
}

/** The SIP status at the start of an end cause (`486 Busy Here` → 486); null for BYE, CANCEL and the like. */
export function sipStatusOf(endCause: string | null): number | null {
  const match = endCause === null ? null : /^\s*(\d{3})\b/.exec(endCause);
  return match ? Number(match[1]) : null;
}

/** How a task's call ended, as far as the attempt's outcome goes. */
export interface CallEnd {
  answered: boolean;
  endCause: string | null;
}

/**
 * The outcome the form starts with; the person can change it. Never answered: the far end's SIP
 * answer says it (busy, a number that does not exist), anything else is no answer. Answered: the
 * survey script's end step says it — the customer asked for another time, or whoever answered said
 * the number is wrong, or it was a voicemail the script marked as no answer — else answered.
 */
export function prefillOutcome(end: CallEnd, scriptEndStep: string | null): AttemptOutcome {
  if (!end.answered) {
    const status = sipStatusOf(end.endCause);
    if (status === 486 || status === 600) return 'busy';
    if (status === 404 || status === 484 || status === 604) return 'wrong_number';
    return 'no_answer';
  }
  if (scriptEndStep === 'reschedule') return 'call_later';
  if (scriptEndStep === 'wrong-number') return 'wrong_number';
  if (scriptEndStep === 'no-answer') return 'no_answer';
  return 'answered';
}

export type TimeCheck = { ok: true } | { ok: false; reason: 'past' | 'outside_calling_hours'; suggestion: number };

/** A time the customer asked to be called at: in the future and inside the calling hours. */
export function checkCallLaterTime(at: number, now: number, config: CallbackConfig, timeZone: string): TimeCheck {
  const check = checkCallLater(at, now, config.callingHours, timeZone);
  return check.ok ? { ok: true } : { ok: false, reason: check.reason, suggestion: check.suggestion };
}

/**
 * When a task made by hand is due: any time from now on, inside the calling hours (a time in the
 * past is allowed for "as soon as possible" only if it is right now, which the form does not offer).
 */
export function checkDueTime(at: number, now: number, config: CallbackConfig, timeZone: string): TimeCheck {
  if (at < now - 60_000) return { ok: false, reason: 'past', suggestion: nextCallingTime(now, config.callingHours, timeZone) };
  if (!isInCallingHours(at, config.callingHours, timeZone)) return { ok: false, reason: 'outside_calling_hours', suggestion: nextCallingTime(at, config.callingHours, timeZone) };
  return { ok: true };
}

/** "1/3": attempts that did not reach the customer, of the retry rule's maximum. */
export const attemptsText = (task: Pick<CallbackWorkItem, 'failedAttempts' | 'maxAttempts'>): string => `${task.failedAttempts}/${task.maxAttempts}`;
