import type { ComplaintReport } from '../../../../shared/api/complaints';
import { COMPLAINT_LEVELS, RESPONSIBILITIES } from '../../../../shared/complaints/complaint-actions';
import { REPORT_DEPARTMENT_GROUPS } from '../../../../shared/complaints/complaint-config';
import { COMPLAINT_CATEGORIES, COMPLAINT_CHANNELS } from '../../../../shared/api/tickets';
import { wallClockAt } from '../../../../shared/time/zoned-time';

/*
 * The complaint section's statistics (DOMAIN.md §3, seed 004 §4-3) as the Reports pane, its charts
 * and its exports present them. No React and no DOM here: the pane, the chart options and the CSV /
 * XLSX rows are all read from these sections, so a figure can never differ between them.
 */

/** A calendar day, `YYYY-MM-DD`, as the hub's report query takes it. */
export type IsoDay = string;

export interface ReportPeriod {
  from: IsoDay;
  to: IsoDay;
}

export const REPORT_PRESETS = ['thisMonth', 'lastMonth', 'thisQuarter', 'thisYear'] as const;
export type ReportPreset = (typeof REPORT_PRESETS)[number];

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');
const isoDay = (year: number, month: number, day: number): IsoDay => `${pad(year, 4)}-${pad(month)}-${pad(day)}`;
/** Day 0 of the next month is the last day of this one; UTC so no daylight-saving shift can move it. */
const daysInMonth = (year: number, month: number): number => new Date(Date.UTC(year, month, 0)).getUTCDate();

/**
 * Today on this PC's calendar. The console does not know the center's time zone before the hub
 * answers, and the supervisors who read this report sit in the center, so the PC's day is the
 * center's day; the report itself says which time zone the hub counted in.
 */
export function localToday(now: Date): IsoDay {
  return isoDay(now.getFullYear(), now.getMonth() + 1, now.getDate());
}

/**
 * The days a preset stands for. Periods still running end today rather than on their last day: a
 * file named `…_2026-03-31` made on 15 March would claim a fortnight no one has lived yet.
 */
export function presetPeriod(preset: ReportPreset, today: IsoDay): ReportPeriod {
  const [year, month] = today.split('-').map(Number) as [number, number, number];
  switch (preset) {
    case 'thisMonth':
      return { from: isoDay(year, month, 1), to: today };
    case 'lastMonth': {
      const y = month === 1 ? year - 1 : year;
      const m = month === 1 ? 12 : month - 1;
      return { from: isoDay(y, m, 1), to: isoDay(y, m, daysInMonth(y, m)) };
    }
    case 'thisQuarter':
      return { from: isoDay(year, Math.floor((month - 1) / 3) * 3 + 1, 1), to: today };
    case 'thisYear':
      return { from: isoDay(year, 1, 1), to: today };
  }
}

/** The preset a period is, if any: the pane marks its button as the one in use. */
export function presetOf(period: ReportPeriod, today: IsoDay): ReportPreset | null {
  return REPORT_PRESETS.find((preset) => samePeriod(presetPeriod(preset, today), period)) ?? null;
}

export const samePeriod = (a: ReportPeriod, b: ReportPeriod): boolean => a.from === b.from && a.to === b.to;

export type PeriodProblem = 'missing' | 'invalid' | 'order';

/** What is wrong with a period typed into the form; null when the hub may be asked. */
export function periodProblem(period: { from: string; to: string }): PeriodProblem | null {
  if (period.from === '' || period.to === '') return 'missing';
  if (!isRealDay(period.from) || !isRealDay(period.to)) return 'invalid';
  // Same-width ISO days compare as text in calendar order.
  if (period.from > period.to) return 'order';
  return null;
}

function isRealDay(text: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  return month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
}

export const REPORT_SECTION_IDS = ['received', 'byContent', 'byResponsibility', 'companyByDepartment', 'byStatus', 'byLevel'] as const;
export type ReportSectionId = (typeof REPORT_SECTION_IDS)[number];

/**
 * `item`: one part of the breakdown (charted); `total`: the sum of the items; `measure`: a figure
 * about the same complaints that is not a part of the breakdown (handled at once, overdue).
 */
export type ReportRowKind = 'item' | 'total' | 'measure';

export interface ReportRow {
  /** The row's label key under `reports.sections.<section>.rows`, or `total`. */
  key: string;
  kind: ReportRowKind;
  count: number;
  /** count ÷ the section's base; null when the base is 0 or the figure is no share of it (visits). */
  share: number | null;
}

export interface ReportSection {
  id: ReportSectionId;
  /**
   * What the shares are of: the complaints received, except for the company-attributable breakdown,
   * whose parts are shares of the complaints the company answers for.
   */
  base: 'received' | 'company';
  rows: ReportRow[];
}

const share = (count: number, base: number): number | null => (base > 0 ? count / base : null);

function breakdown<K extends string>(
  id: ReportSectionId,
  counts: Record<K, number>,
  keys: readonly K[],
  baseOf: (sum: number) => number,
  measures: { key: string; count: number; shared: boolean }[] = [],
  baseKind: ReportSection['base'] = 'received',
): ReportSection {
  const sum = keys.reduce((acc, key) => acc + counts[key], 0);
  const base = baseOf(sum);
  return {
    id,
    base: baseKind,
    rows: [
      ...keys.map((key): ReportRow => ({ key, kind: 'item', count: counts[key], share: share(counts[key], base) })),
      { key: 'total', kind: 'total', count: sum, share: share(sum, base) },
      ...measures.map((m): ReportRow => ({ key: m.key, kind: 'measure', count: m.count, share: m.shared ? share(m.count, base) : null })),
    ],
  };
}

/** Every key of a breakdown, in DOMAIN.md's order; the compiler refuses a list that misses one. */
function allKeys<T>() {
  return <const K extends readonly (keyof T)[]>(keys: Exclude<keyof T, K[number]> extends never ? K : never): K => keys;
}
const CONTENT_KEYS = allKeys<ComplaintReport['byContent']>()([...COMPLAINT_CATEGORIES, 'unclassified']);
const RESPONSIBILITY_KEYS = allKeys<ComplaintReport['byResponsibility']>()([...RESPONSIBILITIES, 'undetermined']);
const DEPARTMENT_KEYS = allKeys<ComplaintReport['companyByDepartment']>()(REPORT_DEPARTMENT_GROUPS);
const STATUS_KEYS = allKeys<ComplaintReport['byStatus']>()(['done', 'in_progress', 'not_handled', 'tracking']);
const LEVEL_KEYS = allKeys<ComplaintReport['byLevel']>()(COMPLAINT_LEVELS);

/**
 * The six tables of the report in the order the complaint section presents them. Each breakdown's
 * items are in the contract's order (DOMAIN.md's), and its total row is the sum of the items shown,
 * so a table always adds up even if the hub's total and a breakdown ever disagreed.
 */
export function reportSections(report: ComplaintReport): ReportSection[] {
  const received = report.received.total;
  const ofReceived = () => received;
  return [
    {
      id: 'received',
      base: 'received',
      rows: [
        ...COMPLAINT_CHANNELS.map((key): ReportRow => ({ key, kind: 'item', count: report.received.byChannel[key], share: share(report.received.byChannel[key], received) })),
        { key: 'total', kind: 'total', count: received, share: share(received, received) },
        { key: 'handledAtOnce', kind: 'measure', count: report.received.handledAtOnce, share: share(report.received.handledAtOnce, received) },
        { key: 'passedToField', kind: 'measure', count: report.received.passedToField, share: share(report.received.passedToField, received) },
        // One complaint may need several visits (one 表1.2 each): a count of visits is no share of complaints.
        { key: 'onSiteVisits', kind: 'measure', count: report.received.onSiteVisits, share: null },
      ],
    },
    breakdown('byContent', report.byContent, CONTENT_KEYS, ofReceived),
    breakdown('byResponsibility', report.byResponsibility, RESPONSIBILITY_KEYS, ofReceived),
    breakdown('companyByDepartment', report.companyByDepartment, DEPARTMENT_KEYS, (sum) => sum, [], 'company'),
    breakdown('byStatus', report.byStatus, STATUS_KEYS, ofReceived, [{ key: 'overdue', count: report.overdue, shared: true }]),
    breakdown('byLevel', report.byLevel, LEVEL_KEYS, ofReceived),
  ];
}

/** `33.3%`, one decimal, the same in every language the console speaks; null → empty. */
export function percentText(value: number | null): string {
  return value === null ? '' : `${(Math.round(value * 1000) / 10).toFixed(1)}%`;
}

/**
 * `2026-03-01 10:05:09` in the center's time zone, as the report's period is counted; the hub's own
 * text if the zone is one this browser does not know.
 */
export function instantText(iso: string, timeZone: string): string {
  try {
    return new Date(wallClockAt(timeZone, Date.parse(iso))).toISOString().slice(0, 19).replace('T', ' ');
  } catch {
    return iso;
  }
}

/** `投诉统计_2026-03-01_2026-03-31.csv`: the stem in the UI's language, the period as the hub counted it. */
export function reportFileName(stem: string, period: ReportPeriod, extension: 'csv' | 'xlsx'): string {
  return `${stem}_${period.from}_${period.to}.${extension}`;
}
