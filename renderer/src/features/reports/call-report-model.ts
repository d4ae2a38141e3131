import type { CallFiguresRow, CallReport } from '../../../../shared/api/board';
import { formatDuration } from '../phone/call-format';
import { rateText } from './callback-report-model';
import type { ReportRequest } from './use-complaint-report';

/*
 * The call figures (通话统计) as the Reports pane's tab, its charts and its exports present them.
 * No React and no DOM: the tables, the chart options and the CSV / XLSX rows are all read from
 * these rows, so a figure can never differ between them.
 */

/** A period and, when one is chosen, the department whose agents are counted. */
export interface CallReportRequest extends ReportRequest {
  department: string | null;
}

/** The figures of one row, in the order every table and file shows them. */
export const CALL_FIGURES = [
  'callsIn',
  'callsOut',
  'answered',
  'unanswered',
  'answerRate',
  'talkSeconds',
  'holdSeconds',
  'wrapUpSeconds',
  'avgTalkSeconds',
  'avgHandleSeconds',
  'avgWrapUpSeconds',
] as const satisfies readonly (keyof CallFiguresRow)[];
export type CallFigure = (typeof CALL_FIGURES)[number];

/** What the summary leads with (issue 11: calls in and out, answered, handle and wrap-up times). */
export const CALL_SUMMARY_FIGURES = ['callsIn', 'callsOut', 'answered', 'answerRate', 'avgHandleSeconds', 'avgWrapUpSeconds'] as const satisfies readonly CallFigure[];

export type FigureKind = 'count' | 'rate' | 'seconds';

export function figureKind(figure: CallFigure): FigureKind {
  if (figure === 'answerRate') return 'rate';
  return figure.endsWith('Seconds') ? 'seconds' : 'count';
}

/** Seconds as `mm:ss` (`h:mm:ss` from an hour on), a dash when there was nothing to average. */
export function secondsText(seconds: number | null): string {
  return seconds === null ? '—' : formatDuration(seconds * 1000);
}

export function callFigureText(row: CallFiguresRow, figure: CallFigure): string {
  const value = row[figure];
  switch (figure) {
    case 'answerRate':
      return rateText(row.answerRate);
    case 'callsIn':
    case 'callsOut':
    case 'answered':
    case 'unanswered':
      return String(value);
    default:
      return secondsText(value);
  }
}

/** For sorting a column: a figure with nothing to average or divide below every real one. */
export function callFigureOrder(row: CallFiguresRow, figure: CallFigure): number {
  return row[figure] ?? -1;
}

/** How the tab names what the hub lists by code: queues by the org design, departments too. */
export interface CallReportNames {
  /** A queue's name by the IVR choice its calls carry; null when the center has no such queue. */
  queue(ivrChoice: string): string | null;
  department(code: string): string | null;
  /** Calls that came through no queue: dialled straight to an extension, or made by the agent. */
  noQueue: string;
  noDisposition: string;
}

export interface CallAgentRow extends CallFiguresRow {
  key: string;
  name: string;
}

export interface CallQueueRow extends CallFiguresRow {
  key: string;
  name: string;
  total: boolean;
}

export function callAgentRows(report: CallReport): CallAgentRow[] {
  return report.byAgent.map(({ userId, username, displayName, ...figures }) => ({ ...figures, key: userId, name: displayName.trim() || username }));
}

/** Each queue by its name, the calls of no queue after them, then the period's total. */
export function callQueueRows(report: CallReport, names: CallReportNames): CallQueueRow[] {
  const rows = report.byQueue.map(({ queue, ...figures }): CallQueueRow => ({
    ...figures,
    key: queue ?? '',
    name: queue === null ? names.noQueue : (names.queue(queue) ?? queue),
    total: false,
  }));
  const queued = rows.filter((row) => row.key !== '');
  return [...queued, ...rows.filter((row) => row.key === ''), { ...report.totals, key: 'total', name: '', total: true }];
}

export interface DispositionRow {
  key: string;
  name: string;
  calls: number;
  /** Of the calls wrapped up in the period; null when none was. */
  share: number | null;
}

/** The wrapped-up calls by disposition, most first, those without one last. */
export function dispositionRows(report: CallReport, names: Pick<CallReportNames, 'noDisposition'>): DispositionRow[] {
  const all = report.byDisposition.reduce((sum, row) => sum + row.calls, 0);
  const rows = report.byDisposition.map((row) => ({
    key: row.code ?? '',
    name: row.code === null ? names.noDisposition : (row.label ?? row.code),
    calls: row.calls,
    share: all > 0 ? row.calls / all : null,
  }));
  const coded = rows.filter((row) => row.key !== '').sort((a, b) => b.calls - a.calls || a.name.localeCompare(b.name, 'zh-CN'));
  return [...coded, ...rows.filter((row) => row.key === '')];
}

/** Nothing at all happened in the period: the tab says so instead of a page of zeros and dashes. */
export function isEmptyCallReport(report: CallReport): boolean {
  return report.totals.callsIn === 0 && report.totals.callsOut === 0 && report.byAgent.length === 0;
}
