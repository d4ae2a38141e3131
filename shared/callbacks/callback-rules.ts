import { instantOfWallClock, isoWeekday, localDateAt, wallClockAt } from '../time/zoned-time';
import { minutesOfDay, type CallbackConfig, type CallingHours } from './callback-config';

/*
 * The callback worklist's rules (DOMAIN.md §4), pure: when a customer may be called, when the next
 * attempt is due after one that did not reach them, and how each attempt's outcome moves the task.
 * The hub decides with these inside the transaction that stores the attempt; the console uses the
 * same functions to check a form before sending.
 */

export const CALLBACK_STATUSES = ['pending', 'done', 'unreachable', 'cancelled'] as const;
export type CallbackStatus = (typeof CALLBACK_STATUSES)[number];

export const ATTEMPT_OUTCOMES = ['answered', 'no_answer', 'busy', 'wrong_number', 'call_later'] as const;
export type AttemptOutcome = (typeof ATTEMPT_OUTCOMES)[number];

/** Why a task ended: the survey was taken, the customer was reached (no survey for its type), never reached, a wrong number, or cancelled. */
export const CALLBACK_END_REASONS = ['surveyed', 'reached', 'unreachable', 'wrong_number', 'cancelled'] as const;
export type CallbackEndReason = (typeof CALLBACK_END_REASONS)[number];

/** Outcomes that did not reach the customer: they use up the retry rule's attempts. */
export const isFailedAttempt = (outcome: AttemptOutcome): boolean => outcome === 'no_answer' || outcome === 'busy';

const MINUTE = 60_000;
const DAY = 86_400_000;

/** Whether an instant falls inside the calling hours (start inclusive, end exclusive) of the center's zone. */
export function isInCallingHours(instant: number, hours: CallingHours, timeZone: string): boolean {
  const date = localDateAt(timeZone, instant);
  if (!hours.days.includes(isoWeekday(date))) return false;
  const wall = wallClockAt(timeZone, instant);
  const minute = Math.floor((wall - Date.UTC(date.year, date.month - 1, date.day)) / MINUTE);
  return minute >= minutesOfDay(hours.start) && minute < minutesOfDay(hours.end);
}

/** The earliest instant at or after `instant` inside the calling hours. */
export function nextCallingTime(instant: number, hours: CallingHours, timeZone: string): number {
  if (isInCallingHours(instant, hours, timeZone)) return instant;
  const today = localDateAt(timeZone, instant);
  // A week and a day covers any set of calling days (the schema asks for at least one).
  for (let offset = 0; offset <= 8; offset += 1) {
    const day = new Date(Date.UTC(today.year, today.month - 1, today.day + offset));
    const date = { year: day.getUTCFullYear(), month: day.getUTCMonth() + 1, day: day.getUTCDate() };
    if (!hours.days.includes(isoWeekday(date))) continue;
    const opens = instantOfWallClock(timeZone, day.getTime() + minutesOfDay(hours.start) * MINUTE);
    if (opens >= instant && isInCallingHours(opens, hours, timeZone)) return opens;
    // A DST gap can swallow the opening minute; the first minute of the window still open that day.
    for (let m = minutesOfDay(hours.start) + 1; m < minutesOfDay(hours.end); m += 1) {
      const candidate = instantOfWallClock(timeZone, day.getTime() + m * MINUTE);
      if (candidate >= instant && isInCallingHours(candidate, hours, timeZone)) return candidate;
    }
  }
  // Unreachable with a valid configuration; a week later is a safe, visible answer.
  return instant + 7 * DAY;
}

export type CallLaterCheck = { ok: true } | { ok: false; reason: 'past' | 'outside_calling_hours'; message: string; suggestion: number };

/** A time the customer asked to be called at: in the future and inside the calling hours. */
export function checkCallLater(at: number, now: number, hours: CallingHours, timeZone: string): CallLaterCheck {
  if (at <= now) return { ok: false, reason: 'past', message: 'the time to call back has already passed', suggestion: nextCallingTime(now + MINUTE, hours, timeZone) };
  if (!isInCallingHours(at, hours, timeZone)) {
    return {
      ok: false,
      reason: 'outside_calling_hours',
      message: `customers are called ${hours.start}–${hours.end} (${timeZone}) on the center's calling days; this time is outside them`,
      suggestion: nextCallingTime(at, hours, timeZone),
    };
  }
  return { ok: true };
}

/** The task as the rules need it. */
export interface AttemptSubject {
  type: 'pre_sales' | 'after_sales' | 'complaint';
  status: CallbackStatus;
  /** Earlier attempts that did not reach the customer (no answer, busy). */
  failedAttempts: number;
}

export interface AttemptInput {
  outcome: AttemptOutcome;
  /** For `call_later`: when the customer asked to be called (epoch ms). */
  callLaterAt: number | null;
  /** The attempt carries the customer's verdict (the survey). */
  survey: boolean;
}

export type AttemptDecision =
  | {
      ok: true;
      status: CallbackStatus;
      endReason: CallbackEndReason | null;
      /** When the task is due next (pending), else unchanged (null). */
      dueAt: number | null;
      failedAttempts: number;
    }
  | { ok: false; code: 'illegal_transition' | 'survey_required' | 'outside_calling_hours' | 'validation'; field?: string; message: string };

/**
 * What one attempt does to a task:
 * - answered with the survey → done (surveyed); answered without one → done (reached), except a
 *   complaint callback, which exists to hear the customer's verdict (DOMAIN.md §4);
 * - no answer / busy → due again after the rule's gap, inside the calling hours, until the attempts
 *   are used up → unreachable;
 * - call later → due at the customer's time, which must be inside the calling hours; it does not use
 *   up an attempt (the customer was reached);
 * - wrong number → ended; the record's number has to be put right first.
 */
export function decideAttempt(task: AttemptSubject, attempt: AttemptInput, config: CallbackConfig, timeZone: string, now: number): AttemptDecision {
  if (task.status !== 'pending') return { ok: false, code: 'illegal_transition', message: `the callback is already ${task.status}: no more attempts are recorded on it` };
  if (attempt.survey && attempt.outcome !== 'answered') return { ok: false, code: 'validation', field: 'outcome', message: 'a survey is taken only on an answered call' };
  if (attempt.outcome !== 'call_later' && attempt.callLaterAt !== null) return { ok: false, code: 'validation', field: 'callLaterAt', message: 'a time to call back goes only with "call later"' };
  const kept = { failedAttempts: task.failedAttempts };
  switch (attempt.outcome) {
    case 'answered':
      if (attempt.survey) return { ok: true, status: 'done', endReason: 'surveyed', dueAt: null, ...kept };
      if (task.type === 'complaint') {
        return { ok: false, code: 'survey_required', field: 'outcome', message: 'a complaint callback ends with the customer\'s verdict: take the survey, or record "call later"' };
      }
      return { ok: true, status: 'done', endReason: 'reached', dueAt: null, ...kept };
    case 'wrong_number':
      return { ok: true, status: 'unreachable', endReason: 'wrong_number', dueAt: null, ...kept };
    case 'call_later': {
      if (attempt.callLaterAt === null) return { ok: false, code: 'validation', field: 'callLaterAt', message: 'say when the customer asked to be called back' };
      const check = checkCallLater(attempt.callLaterAt, now, config.callingHours, timeZone);
      if (!check.ok) {
        return { ok: false, code: check.reason === 'past' ? 'validation' : 'outside_calling_hours', field: 'callLaterAt', message: `callLaterAt: ${check.message}; the next possible time is ${new Date(check.suggestion).toISOString()}` };
      }
      return { ok: true, status: 'pending', endReason: null, dueAt: attempt.callLaterAt, ...kept };
    }
    case 'no_answer':
    case 'busy': {
      const failedAttempts = task.failedAttempts + 1;
      if (failedAttempts >= config.retry.maxAttempts) return { ok: true, status: 'unreachable', endReason: 'unreachable', dueAt: null, failedAttempts };
      const gap = (attempt.outcome === 'busy' ? config.retry.busyGapMinutes : config.retry.gapMinutes) * MINUTE;
      return { ok: true, status: 'pending', endReason: null, dueAt: nextCallingTime(now + gap, config.callingHours, timeZone), failedAttempts };
    }
  }
}

/** When a rule-made callback is due: so many days after the event, at the first calling time from then. */
export function afterSalesDueAt(eventAt: number, daysAfter: number, hours: CallingHours, timeZone: string): number {
  return nextCallingTime(eventAt + daysAfter * DAY, hours, timeZone);
}
