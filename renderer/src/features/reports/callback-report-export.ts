import type { TFunction } from 'i18next';
import type { CallbackFiguresRow, CallbackReport } from '../../../../shared/api/callbacks';
import { agentRows, CALLBACK_FIGURES, isRateFigure, typeRows, type CallbackAgentRow, type CallbackFigure, type CallbackTypeRow } from './callback-report-model';
import { sheetFile, type ExportedFile, type ExportFormat } from './report-download';
import { sheetBuilder, type ExportRow, type ExportSheet } from './report-export';
import { instantText, reportFileName } from './report-model';

/*
 * The callback figures as one sheet (a title, the period, then the type table and the agent table
 * with every figure), the same rows for the CSV and the XLSX file. The CSV / XLSX writing is every
 * report's (report-download.ts), so their files read alike (BOM, CRLF, rates as percentages).
 */

export function figureHeader(t: TFunction, figure: CallbackFigure): string {
  return t(`callbackReport.figures.${figure}`);
}

export function agentName(t: TFunction, row: Pick<CallbackAgentRow, 'who'>): string {
  return row.who.kind === 'pool' ? t('callbackReport.agents.pool') : row.who.name;
}

export function typeName(t: TFunction, row: Pick<CallbackTypeRow, 'key'>): string {
  return t(`callbackReport.types.${row.key}`);
}

/** Counts as numbers and rates as ratios (a percentage cell in Excel); a rate with no denominator is an empty cell. */
function figureCells(row: CallbackFiguresRow): ExportRow {
  return CALLBACK_FIGURES.map((figure) => {
    if (!isRateFigure(figure)) return row[figure];
    const rate = row[figure];
    return rate === null ? null : { share: rate };
  });
}

export function callbackExportSheet(t: TFunction, report: CallbackReport): ExportSheet {
  const { push, sheet } = sheetBuilder();
  const headers = CALLBACK_FIGURES.map((figure) => figureHeader(t, figure));
  push('title', [t('callbackReport.export.title')]);
  push('meta', [t('callbackReport.export.period'), t('reports.periodValue', { from: report.period.from, to: report.period.to })]);
  push('meta', [t('callbackReport.export.timeZone'), report.period.timeZone]);
  push('meta', [t('callbackReport.export.generatedAt'), instantText(report.generatedAt, report.period.timeZone)]);
  push('blank', []);
  push('section', [t('callbackReport.types.title')]);
  push('header', [t('callbackReport.types.column'), ...headers]);
  for (const row of typeRows(report)) push(row.key === 'total' ? 'total' : 'data', [typeName(t, row), ...figureCells(row)]);
  push('blank', []);
  push('section', [t('callbackReport.agents.title')]);
  push('header', [t('callbackReport.agents.column'), ...headers]);
  for (const row of agentRows(report)) push('data', [agentName(t, row), ...figureCells(row)]);
  return sheet;
}

/** The figures as a file in the UI's language (`t`), named for the period the hub counted. */
export function callbackReportFile(t: TFunction, report: CallbackReport, format: ExportFormat): Promise<ExportedFile> {
  return sheetFile(callbackExportSheet(t, report), format, {
    fileName: reportFileName(t('callbackReport.export.fileStem'), report.period, format),
    sheetName: t('callbackReport.export.sheetName'),
    columnWidths: [20, ...CALLBACK_FIGURES.map(() => 11)],
  });
}
