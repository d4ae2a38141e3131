import type { TFunction } from 'i18next';
import type { CallFiguresRow, CallReport } from '../../../../shared/api/board';
import { CALL_FIGURES, callAgentRows, callQueueRows, dispositionRows, figureKind, type CallFigure, type CallReportNames } from './call-report-model';
import { sheetFile, type ExportedFile, type ExportFormat } from './report-download';
import { sheetBuilder, type ExportRow, type ExportSheet } from './report-export';
import { instantText, reportFileName } from './report-model';

/*
 * The call figures as one sheet (a title, the period and department, then the agent, queue,
 * disposition and daily tables), the same rows for the CSV and the XLSX file, written as every
 * report's are (report-download.ts). Times are whole seconds, as
 * numbers a spreadsheet can sum; the headers say so.
 */

export function callFigureHeader(t: TFunction, figure: CallFigure): string {
  return t(`reports.calls.figures.${figure}`);
}

function exportHeader(t: TFunction, figure: CallFigure): string {
  const header = callFigureHeader(t, figure);
  return figureKind(figure) === 'seconds' ? t('reports.calls.export.inSeconds', { header }) : header;
}

const wholeSeconds = (seconds: number | null): number | null => (seconds === null ? null : Math.round(seconds));

/** Counts as numbers, rates as ratios (a percentage cell in Excel), times in seconds; nothing to divide or average is an empty cell. */
function figureCells(row: CallFiguresRow): ExportRow {
  return CALL_FIGURES.map((figure) => {
    const value = row[figure];
    if (figureKind(figure) === 'rate') return value === null ? null : { share: value };
    if (figureKind(figure) === 'seconds') return wholeSeconds(value);
    return value;
  });
}

export function callExportSheet(t: TFunction, report: CallReport, names: CallReportNames): ExportSheet {
  const { push, sheet } = sheetBuilder();
  const headers = CALL_FIGURES.map((figure) => exportHeader(t, figure));
  const department = report.department === null ? t('reports.calls.department.all') : (names.department(report.department) ?? report.department);
  push('title', [t('reports.calls.export.title')]);
  push('meta', [t('reports.calls.export.period'), t('reports.periodValue', { from: report.period.from, to: report.period.to })]);
  push('meta', [t('reports.calls.export.department'), department]);
  push('meta', [t('reports.calls.export.timeZone'), report.period.timeZone]);
  push('meta', [t('reports.calls.export.generatedAt'), instantText(report.generatedAt, report.period.timeZone)]);
  push('blank', []);
  push('section', [t('reports.calls.agents.title')]);
  push('header', [t('reports.calls.agents.column'), ...headers]);
  for (const row of callAgentRows(report)) push('data', [row.name, ...figureCells(row)]);
  push('blank', []);
  push('section', [t('reports.calls.queues.title')]);
  push('header', [t('reports.calls.queues.column'), ...headers]);
  for (const row of callQueueRows(report, names)) push(row.total ? 'total' : 'data', [row.total ? t('reports.total') : row.name, ...figureCells(row)]);
  push('blank', []);
  push('section', [t('reports.calls.dispositions.title')]);
  push('header', [t('reports.calls.dispositions.column'), t('reports.calls.dispositions.calls'), t('reports.columns.share')]);
  for (const row of dispositionRows(report, names)) push('data', [row.name, row.calls, row.share === null ? null : { share: row.share }]);
  push('blank', []);
  push('section', [t('reports.calls.daily.title')]);
  push('header', [
    t('reports.calls.daily.column'),
    callFigureHeader(t, 'callsIn'),
    callFigureHeader(t, 'callsOut'),
    callFigureHeader(t, 'answered'),
    exportHeader(t, 'avgHandleSeconds'),
  ]);
  for (const day of report.byDay) push('data', [day.date, day.callsIn, day.callsOut, day.answered, wholeSeconds(day.avgHandleSeconds)]);
  return sheet;
}

/** The figures as a file in the UI's language (`t`), named for the period the hub counted. */
export function callReportFile(t: TFunction, report: CallReport, names: CallReportNames, format: ExportFormat): Promise<ExportedFile> {
  return sheetFile(callExportSheet(t, report, names), format, {
    fileName: reportFileName(t('reports.calls.export.fileStem'), report.period, format),
    sheetName: t('reports.calls.export.sheetName'),
    columnWidths: [20, ...CALL_FIGURES.map(() => 12)],
  });
}
