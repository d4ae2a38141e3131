import type { TFunction } from 'i18next';
import type { Language } from '../../../../shared/domain/i18n';
import { QA_SUMMARY_FIGURES, qaItemRows, type QaReport } from './qa-report-model';
import { sheetFile, type ExportedFile, type ExportFormat } from './report-download';
import { sheetBuilder, type ExportSheet } from './report-export';
import { reportFileName } from './report-model';

/** The quality figures as one sheet: totals, per agent, per item, the trend; scores as numbers, shares as ratios. */
export function qaExportSheet(t: TFunction, report: QaReport, language: Language, department: string): ExportSheet {
  const { push, sheet } = sheetBuilder();
  const { figures } = report;
  push('title', [t('reports.qa.export.title')]);
  push('meta', [t('reports.calls.export.period'), t('reports.periodValue', { from: figures.from, to: figures.to })]);
  push('meta', [t('reports.calls.export.department'), department]);
  push('blank', []);
  push('section', [t('reports.qa.summary.title')]);
  push('header', QA_SUMMARY_FIGURES.map((figure) => t(`reports.qa.figures.${figure}`)));
  push('data', QA_SUMMARY_FIGURES.map((figure) => figures.totals[figure]));
  push('blank', []);
  push('section', [t('reports.qa.agents.title')]);
  push('header', [t('reports.qa.agents.column'), t('reports.qa.figures.evaluations'), t('reports.qa.figures.averageScore'), t('reports.qa.figures.lowestScore'), t('reports.qa.figures.fatal'), t('reports.qa.figures.disputed')]);
  for (const row of figures.perAgent) push('data', [row.agentName, row.evaluations, row.averageScore, row.lowestScore, row.fatal, row.disputed]);
  push('blank', []);
  push('section', [t('reports.qa.items.title')]);
  push('header', [t('reports.qa.items.column'), t('reports.qa.figures.scored'), t('reports.qa.figures.averageShare'), t('reports.qa.figures.failures')]);
  for (const row of qaItemRows(report, language)) push('data', [row.label, row.scored, row.averageShare === null ? null : { share: row.averageShare }, row.failures]);
  push('blank', []);
  push('section', [t('reports.qa.trend.title')]);
  push('header', [t('reports.qa.trend.column'), t('reports.qa.figures.evaluations'), t('reports.qa.figures.averageScore')]);
  for (const point of figures.trend) push('data', [point.period, point.evaluations, point.averageScore]);
  return sheet;
}

export function qaReportFile(t: TFunction, report: QaReport, language: Language, department: string, format: ExportFormat): Promise<ExportedFile> {
  return sheetFile(qaExportSheet(t, report, language, department), format, {
    fileName: reportFileName(t('reports.qa.export.fileStem'), report.period, format),
    sheetName: t('reports.qa.export.sheetName'),
    columnWidths: [24, 12, 12, 12, 12, 12],
  });
}
