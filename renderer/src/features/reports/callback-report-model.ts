import type { CallbackFiguresRow, CallbackReport } from '../../../../shared/api/callbacks';
import { CALLBACK_TYPES, type CallbackType } from '../../../../shared/api/tickets';
import { percentText } from './report-model';

/*
 * The callback figures (issue 8) as the Reports pane's 回访统计 tab, its charts and its exports
 * present them. No React and no DOM: the tables, the chart options and the CSV / XLSX rows are all
 * read from these rows, so a figure can never differ between them.
 */

/** The figures of one row, in the order every table and file shows them. */
export const CALLBACK_FIGURES = ['due', 'done', 'overdue', 'attempted', 'reached', 'reachRate', 'surveyed', 'satisfied', 'satisfactionRate'] as const;
export type CallbackFigure = (typeof CALLBACK_FIGURES)[number];
export type RateFigure = Extract<CallbackFigure, 'reachRate' | 'satisfactionRate'>;

export const isRateFigure = (figure: CallbackFigure): figure is RateFigure => figure === 'reachRate' || figure === 'satisfactionRate';

/** The figures the summary leads with (issue 8: due, done, overdue, reach rate, satisfaction rate). */
export const SUMMARY_FIGURES = ['due', 'done', 'overdue', 'reachRate', 'satisfactionRate'] as const satisfies readonly CallbackFigure[];

export type AgentRowKey = { kind: 'agent'; username: string; name: string } | { kind: 'pool' };

export interface CallbackAgentRow extends CallbackFiguresRow {
  /** Unique in the table: the username, or `` for the pool (no username can be empty). */
  key: string;
  who: AgentRowKey;
}

export interface CallbackTypeRow extends CallbackFiguresRow {
  key: CallbackType | 'total';
}

/**
 * One row per person who held a task, then the pool (tasks nobody claimed) last, whatever order the
 * hub listed them in: the pool is no one to rank against the staff.
 */
export function agentRows(report: CallbackReport): CallbackAgentRow[] {
  const rows = report.byAgent.map(({ username, displayName, ...figures }): CallbackAgentRow =>
    username === null
      ? { ...figures, key: '', who: { kind: 'pool' } }
      : { ...figures, key: username, who: { kind: 'agent', username, name: displayName?.trim() || username } },
  );
  return [...rows.filter((row) => row.who.kind === 'agent'), ...rows.filter((row) => row.who.kind === 'pool')];
}

/** 售前 / 售后 / 投诉回访, then the whole period's total. */
export function typeRows(report: CallbackReport): CallbackTypeRow[] {
  return [...CALLBACK_TYPES.map((key): CallbackTypeRow => ({ ...report.byType[key], key })), { ...report.totals, key: 'total' }];
}

/** A rate as the tables show it: `66.7%`, or a dash when there was nothing to divide by (never 0 %). */
export function rateText(rate: number | null): string {
  return rate === null ? '—' : percentText(rate);
}

export function figureText(row: CallbackFiguresRow, figure: CallbackFigure): string {
  return isRateFigure(figure) ? rateText(row[figure]) : String(row[figure]);
}

/**
 * For sorting a column: counts as they are; a rate with no denominator below every real rate, so
 * "highest first" never puts an agent with no calls at the top.
 */
export function figureOrder(row: CallbackFiguresRow, figure: CallbackFigure): number {
  const value = row[figure];
  return value === null ? -1 : value;
}

export interface DayRate {
  date: string;
  surveyed: number;
  satisfied: number;
  /** satisfied / surveyed; null on a day without a survey: a gap in the line, not a fall to 0. */
  rate: number | null;
}

export function satisfactionByDay(report: CallbackReport): DayRate[] {
  return report.byDay.map(({ date, surveyed, satisfied }) => ({ date, surveyed, satisfied, rate: surveyed > 0 ? satisfied / surveyed : null }));
}

/** Nothing at all happened in the period: the pane says so instead of a page of zeros and dashes. */
export function isEmptyReport(report: CallbackReport): boolean {
  const { due, done, attempted, surveyed } = report.totals;
  return due === 0 && done === 0 && attempted === 0 && surveyed === 0 && report.byAgent.length === 0;
}
