import type { QaFigures } from '../../../../shared/api/qa';
import type { Scorecard } from '../../../../shared/qa/scorecard';
import type { Language } from '../../../../shared/domain/i18n';
import { percentText } from './report-model';
import type { ReportRequest } from './use-complaint-report';

/*
 * The quality figures (质检统计) as the Reports pane's tab, its chart and its exports show them.
 * Pure: the table rows, the chart and the CSV / XLSX rows are read from here, so they agree.
 */

export type QaBucket = 'day' | 'week' | 'month';

export interface QaReportRequest extends ReportRequest {
  department: string | null;
  bucket: QaBucket;
}

/** The hub's figures with the scorecards that name their items; `period` as every kept report has it. */
export interface QaReport {
  period: { from: string; to: string };
  figures: QaFigures;
  scorecards: readonly Scorecard[];
}

export const QA_SUMMARY_FIGURES = ['evaluations', 'averageScore', 'fatal', 'acknowledged', 'disputed'] as const;
export type QaSummaryFigure = (typeof QA_SUMMARY_FIGURES)[number];

/** A score to one decimal; a dash when there was nothing to average. */
export const scoreText = (score: number | null): string => (score === null ? '—' : score.toFixed(1));

export function qaSummaryText(figures: QaFigures, figure: QaSummaryFigure): string {
  return figure === 'averageScore' ? scoreText(figures.totals.averageScore) : String(figures.totals[figure]);
}

export interface QaItemRow {
  key: string;
  label: string;
  scored: number;
  averageShare: number | null;
  failures: number;
}

/** Each item named in the UI's language by its scorecard (the hub's id when that card is no longer active). */
export function qaItemRows(report: QaReport, language: Language): QaItemRow[] {
  const label = (scorecardId: string, itemId: string): string => {
    const card = report.scorecards.find((c) => c.id === scorecardId);
    const item = card?.definition.sections.flatMap((s) => s.items).find((i) => i.id === itemId);
    return item ? item.label[language] : `${scorecardId} / ${itemId}`;
  };
  return report.figures.perItem.map((row) => ({
    key: `${row.scorecardId}/${row.itemId}`,
    label: label(row.scorecardId, row.itemId),
    scored: row.scored,
    averageShare: row.averageShare,
    failures: row.failures,
  }));
}

export const shareText = (share: number | null): string => (share === null ? '—' : percentText(share));

export const isEmptyQaReport = (report: QaReport): boolean => report.figures.totals.evaluations === 0;
