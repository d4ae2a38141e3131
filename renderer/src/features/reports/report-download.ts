import type { TFunction } from 'i18next';
import type { ComplaintReport } from '../../../../shared/api/complaints';
import { reportFileName } from './report-model';
import { exportSheet, toCsv, toXlsxData, type ExportSheet } from './report-export';

export type ExportFormat = 'csv' | 'xlsx';

export interface ExportedFile {
  fileName: string;
  blob: Blob;
}

/** How a report's sheet is written: its file name, and for the XLSX file the sheet's name and column widths. */
export interface SheetFileOptions {
  fileName: string;
  sheetName: string;
  columnWidths: number[];
}

/** A report's sheet as a CSV or XLSX file: every report's files are written the same way. */
export async function sheetFile(sheet: ExportSheet, format: ExportFormat, options: SheetFileOptions): Promise<ExportedFile> {
  const { fileName } = options;
  if (format === 'csv') return { fileName, blob: new Blob([toCsv(sheet)], { type: 'text/csv;charset=utf-8' }) };
  // Loaded on the first export only: the writer and its zip library are not part of the first bundle.
  const { default: writeXlsxFile } = await import('write-excel-file/browser');
  const blob = await writeXlsxFile(toXlsxData(sheet), {
    sheet: options.sheetName,
    columns: options.columnWidths.map((width) => ({ width })),
  }).toBlob();
  return { fileName, blob };
}

/** The report as a file in the UI's language (`t`); named for the period the hub counted. */
export function reportFile(t: TFunction, report: ComplaintReport, format: ExportFormat): Promise<ExportedFile> {
  return sheetFile(exportSheet(t, report), format, {
    fileName: reportFileName(t('reports.export.fileStem'), report.period, format),
    sheetName: t('reports.export.sheetName'),
    columnWidths: [36, 12, 18],
  });
}
