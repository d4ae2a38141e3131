/*
 * Days and wall clocks in the center's time zone (an IANA name), with nothing but Intl: the
 * complaint report counts the center's days, the callback rules keep calls inside its calling
 * hours. Pure, so the hub and the console agree on what "09:00 tomorrow" is.
 */

export interface LocalDate {
  year: number;
  month: number;
  day: number;
}

/** `2026-02-30` matches the pattern but is no day: null. */
export function parseLocalDate(text: string): LocalDate | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (match === null) return null;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const check = new Date(Date.UTC(year, month - 1, day));
  const valid = check.getUTCFullYear() === year && check.getUTCMonth() === month - 1 && check.getUTCDate() === day;
  return valid && year >= 1 ? { year, month, day } : null;
}

export const isTimeZone = (timeZone: string): boolean => {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
    return true;
  } catch {
    return false;
  }
};

// Intl.DateTimeFormat is costly to build; the rules ask for the same zone again and again.
const formats = new Map<string, Intl.DateTimeFormat>();
function formatOf(timeZone: string): Intl.DateTimeFormat {
  let format = formats.get(timeZone);
  if (format === undefined) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      weekday: 'short',
    });
    formats.set(timeZone, format);
  }
  return format;
}

/** The wall clock of `timeZone` at an instant, as if it were UTC (milliseconds, whole seconds). */
export function wallClockAt(timeZone: string, instant: number): number {
  const parts = Object.fromEntries(formatOf(timeZone).formatToParts(new Date(instant)).map((p) => [p.type, p.value]));
  return Date.UTC(Number(parts.year), Number(parts.month) - 1, Number(parts.day), Number(parts.hour), Number(parts.minute), Number(parts.second));
}

/**
 * The instant of a wall-clock time (`wall`: milliseconds as if UTC) in `timeZone`. The zone's
 * offset is tried before and after any change near it; a wall time the zone skips (spring forward)
 * is the first instant after the gap, one it repeats (fall back) is the earlier.
 */
export function instantOfWallClock(timeZone: string, wall: number): number {
  const offsetAt = (instant: number) => wallClockAt(timeZone, instant) - Math.floor(instant / 1000) * 1000;
  const first = wall - offsetAt(wall);
  const second = wall - offsetAt(first);
  const exact = [first, second].filter((instant) => wallClockAt(timeZone, instant) === wall);
  if (exact.length > 0) return Math.min(...exact);
  // Skipped: the later candidate lands after the gap.
  return Math.max(first, second);
}

/**
 * The instant a day begins in `timeZone`. Where a zone skips midnight (a DST change at 00:00) the
 * day begins at the first instant that is on it, and where midnight happens twice, at the first.
 */
export function startOfDay(date: LocalDate, timeZone: string): Date {
  return new Date(instantOfWallClock(timeZone, Date.UTC(date.year, date.month - 1, date.day)));
}

export const nextDay = (date: LocalDate): LocalDate => {
  const next = new Date(Date.UTC(date.year, date.month - 1, date.day + 1));
  return { year: next.getUTCFullYear(), month: next.getUTCMonth() + 1, day: next.getUTCDate() };
};

/** The center's date at an instant. */
export function localDateAt(timeZone: string, instant: number): LocalDate {
  const wall = new Date(wallClockAt(timeZone, instant));
  return { year: wall.getUTCFullYear(), month: wall.getUTCMonth() + 1, day: wall.getUTCDate() };
}

/** ISO weekday (1 = Monday … 7 = Sunday) of a local date. */
export function isoWeekday(date: LocalDate): number {
  const day = new Date(Date.UTC(date.year, date.month - 1, date.day)).getUTCDay();
  return day === 0 ? 7 : day;
}

export const formatLocalDate = (date: LocalDate): string =>
  `${String(date.year).padStart(4, '0')}-${String(date.month).padStart(2, '0')}-${String(date.day).padStart(2, '0')}`;
