import type { TFunction } from 'i18next';
import type { SheetData } from 'write-excel-file/browser';
import type { ComplaintReport } from '../../../../shared/api/complaints';
import { instantText, percentText, reportSections } from './report-model';
import { periodText, rowLabel, sectionTitle, shareHeader } from './report-text';

/*
 * The report as one sheet of rows, the same for the CSV and the XLSX file: a title, the period, its
 * time zone and when the hub counted, then each breakdown as a titled block with a header row.
 * Pure, so every cell can be tested; writing the files (a Blob, a download) is report-download.ts.
 */

/** A share of a section's base, kept as a ratio so the XLSX cell is a number Excel can sum. */
export interface ShareCell {
  share: number;
}
export type ExportCell = string | number | ShareCell | null;
export type ExportRow = ExportCell[];

/** The kind of each row, for the XLSX file's bold titles and headers; the CSV has no styling. */
export type ExportRowKind = 'title' | 'meta' | 'blank' | 'section' | 'header' | 'data' | 'total';

export interface ExportSheet {
  rows: ExportRow[];
  kinds: ExportRowKind[];
}

/** A sheet written row by row, each with its kind: how every report's sheet is built. */
export function sheetBuilder(): { push(kind: ExportRowKind, row: ExportRow): void; sheet: ExportSheet } {
  const sheet: ExportSheet = { rows: [], kinds: [] };
  return {
    push(kind, row) {
      sheet.rows.push(row);
      sheet.kinds.push(kind);
    },
    sheet,
  };
}

export function exportSheet(t: TFunction, report: ComplaintReport): ExportSheet {
  const { push, sheet } = sheetBuilder();
  push('title', [t('reports.export.title')]);
  push('meta', [t('reports.export.period'), periodText(t, report.period)]);
  push('meta', [t('reports.export.timeZone'), report.period.timeZone]);
  push('meta', [t('reports.export.generatedAt'), instantText(report.generatedAt, report.period.timeZone)]);
  for (const section of reportSections(report)) {
    push('blank', []);
    push('section', [sectionTitle(t, section.id)]);
    push('header', [t('reports.columns.item'), t('reports.columns.count'), shareHeader(t, section)]);
    for (const row of section.rows) {
      push(row.kind === 'total' ? 'total' : 'data', [rowLabel(t, section.id, row), row.count, row.share === null ? null : { share: row.share }]);
    }
  }
  return sheet;
}

const BYTE_ORDER_MARK = '\uFEFF';

/** RFC 4180: a field with a comma, a quote or a line break is quoted, its quotes doubled. */
export function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

function csvCell(cell: ExportCell): string {
  if (cell === null) return '';
  if (typeof cell === 'number') return String(cell);
  if (typeof cell === 'string') return csvField(cell);
  return percentText(cell.share);
}

/**
 * The sheet as CSV text: UTF-8 with a byte order mark, without which Excel reads the Chinese labels
 * in the PC's ANSI code page; CRLF between records, as RFC 4180 has it. Rows keep their own width
 * (a title is one field), which every spreadsheet reads as empty cells to the right.
 */
export function toCsv(sheet: ExportSheet): string {
  return BYTE_ORDER_MARK + sheet.rows.map((row) => row.map(csvCell).join(',')).join('\r\n') + '\r\n';
}

/** The sheet as write-excel-file's rows: counts as numbers, shares as numbers shown as percentages. */
export function toXlsxData(sheet: ExportSheet): SheetData {
  return sheet.rows.map((row, index) => {
    const kind = sheet.kinds[index];
    const bold = kind === 'title' || kind === 'section' || kind === 'header' || kind === 'total';
    return row.map((cell) => {
      if (cell === null) return null;
      if (typeof cell === 'object') return { value: cell.share, format: '0.0%', ...(bold ? { fontWeight: 'bold' as const } : {}) };
      return bold ? { value: cell, fontWeight: 'bold' as const } : cell;
    });
  });
}
