import type { TFunction } from 'i18next';
import type { ReportRow, ReportSection, ReportSectionId } from './report-model';

/** The words of the report, shared by the tables, the charts' labels and the exported files. */

export function sectionTitle(t: TFunction, id: ReportSectionId): string {
  return t(`reports.sections.${id}.title`);
}

export function rowLabel(t: TFunction, section: ReportSectionId, row: Pick<ReportRow, 'key'>): string {
  return row.key === 'total' ? t('reports.total') : t(`reports.sections.${section}.rows.${row.key}`);
}

/** The share column says what it is a share of where that is not the complaints received. */
export function shareHeader(t: TFunction, section: Pick<ReportSection, 'base'>): string {
  return section.base === 'company' ? t('reports.columns.shareOfCompany') : t('reports.columns.share');
}

export function periodText(t: TFunction, period: { from: string; to: string }): string {
  return t('reports.periodValue', { from: period.from, to: period.to });
}
