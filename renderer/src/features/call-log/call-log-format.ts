import type { DispositionCode } from '../../../../shared/api/call-logs';
import type { Language } from '../../../../shared/domain/i18n';
import type { LocalCallLog } from '../../services/local-db/app-db';

/*
 * Pure helpers for the call-log screens: durations, dates and sizes in the UI's language. The words
 * around them are in call-log-text.ts.
 */

/** How long a past call lasted, or why it has no length. */
export type CallLength =
  | { kind: 'live' }
  | { kind: 'talked'; ms: number }
  /** Interrupted: the console died mid-call, so only a lower bound is known (up to the last heartbeat). */
  | { kind: 'atLeast'; ms: number }
  /** An incoming call that was never answered. */
  | { kind: 'missed' }
  /** An outgoing call the other side never picked up. */
  | { kind: 'notAnswered' };

export function callLength(record: Pick<LocalCallLog, 'status' | 'direction' | 'answeredAt' | 'endedAt' | 'interruption'>): CallLength {
  if (record.status === 'live') return { kind: 'live' };
  if (record.answeredAt === null) return { kind: record.direction === 'inbound' ? 'missed' : 'notAnswered' };
  const answered = Date.parse(record.answeredAt);
  if (record.endedAt !== null) return { kind: 'talked', ms: Math.max(0, Date.parse(record.endedAt) - answered) };
  const lastSeen = record.interruption ? Date.parse(record.interruption.lastSeenAt) : answered;
  return { kind: 'atLeast', ms: Math.max(0, lastSeen - answered) };
}

// Intl formatters are costly to build and the list renders many rows: one per language and style.
const dateTimeFormats = new Map<string, Intl.DateTimeFormat>();
function dateTimeFormat(language: Language, style: 'minutes' | 'seconds' | 'time'): Intl.DateTimeFormat {
  const key = `${language}|${style}`;
  let format = dateTimeFormats.get(key);
  if (!format) {
    const time: Intl.DateTimeFormatOptions = { hour: '2-digit', minute: '2-digit', hourCycle: 'h23', ...(style === 'minutes' ? {} : { second: '2-digit' }) };
    const date: Intl.DateTimeFormatOptions = style === 'time' ? {} : { year: 'numeric', month: '2-digit', day: '2-digit' };
    format = new Intl.DateTimeFormat(language, { ...date, ...time });
    dateTimeFormats.set(key, format);
  }
  return format;
}

/** Date and time to the minute, for the history's rows. */
export function formatDateTime(at: string | number, language: Language): string {
  return dateTimeFormat(language, 'minutes').format(new Date(at));
}

/** Date and time to the second, for the details and the events. */
export function formatDateTimeSeconds(at: string | number, language: Language): string {
  return dateTimeFormat(language, 'seconds').format(new Date(at));
}

/** Time of day only: when the next upload attempt is, which is always within a minute. */
export function formatTime(at: string | number, language: Language): string {
  return dateTimeFormat(language, 'time').format(new Date(at));
}

export function formatCount(count: number, language: Language): string {
  return new Intl.NumberFormat(language).format(count);
}

const MB = 1024 * 1024;
const GB = 1024 * MB;

/** Storage sizes as people read them on a disk: MB below a gigabyte, GB above. */
export function formatBytes(bytes: number, language: Language): string {
  const gigabytes = bytes >= GB;
  const value = gigabytes ? bytes / GB : bytes / MB;
  return new Intl.NumberFormat(language, {
    style: 'unit',
    unit: gigabytes ? 'gigabyte' : 'megabyte',
    unitDisplay: 'short',
    maximumFractionDigits: value < 10 ? 1 : 0,
  }).format(value);
}

/** A disposition's label in the UI's language; the bare code when the hub no longer lists it. */
export function dispositionLabel(codes: readonly DispositionCode[], code: string | null, language: Language): string | null {
  if (code === null) return null;
  return codes.find((d) => d.code === code)?.label[language] ?? code;
}
