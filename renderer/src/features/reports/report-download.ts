import type { TFunction } from 'i18next';
import type { ComplaintReport } from '../../../../shared/api/complaints';
import { reportFileName } from './report-model';
import { exportSheet, toCsv, toXlsxData } from './report-export';

export type ExportFormat = 'csv' | 'xlsx';

export interface ExportedFile {
  fileName: string;
  blob: Blob;
}

/** The report as a file in the UI's language (`t`); named for the period the hub counted. */
export async function reportFile(t: TFunction, report: ComplaintReport, format: ExportFormat): Promise<ExportedFile> {
  const sheet = exportSheet(t, report);
  const fileName = reportFileName(t('reports.export.fileStem'), report.period, format);
  if (format === 'csv') return { fileName, blob: new Blob([toCsv(sheet)], { type: 'text/csv;charset=utf-8' }) };
  // Loaded on the first export only: the writer and its zip library are not part of the first bundle.
  const { default: writeXlsxFile } = await import('write-excel-file/browser');
  const blob = await writeXlsxFile(toXlsxData(sheet), {
    sheet: t('reports.export.sheetName'),
    columns: [{ width: 36 }, { width: 12 }, { width: 18 }],
  }).toBlob();
  return { fileName, blob };
}
