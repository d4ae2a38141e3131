import { Flex, Table, Typography, type TableColumnsType } from 'antd';
import { useId, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { EChart } from './echart';
import { chartKind, chartOption, chartSummary } from './report-charts';
import { percentText, type ReportRow, type ReportSection as Section } from './report-model';
import { rowLabel, sectionTitle, shareHeader } from './report-text';

/** Sections with a word on how to read them: what a visit counts, what the shares are of, what overdue means. */
const NOTES: Partial<Record<Section['id'], string>> = {
  received: 'reports.sections.received.note',
  companyByDepartment: 'reports.sections.companyByDepartment.note',
  byStatus: 'reports.sections.byStatus.note',
};

/** One breakdown: its table (every figure) and a chart of its items beside it. */
export function ReportSection({ section }: { section: Section }) {
  const { t } = useTranslation();
  const headingId = useId();
  const option = useMemo(() => chartOption(t, section), [t, section]);
  const summary = useMemo(() => chartSummary(t, section), [t, section]);
  const note = NOTES[section.id];
  const items = section.rows.filter((row) => row.kind === 'item').length;

  const columns: TableColumnsType<ReportRow> = [
    {
      title: t('reports.columns.item'),
      key: 'label',
      render: (_, row) => (row.kind === 'total' ? <strong>{rowLabel(t, section.id, row)}</strong> : rowLabel(t, section.id, row)),
    },
    {
      title: t('reports.columns.count'),
      dataIndex: 'count',
      align: 'right',
      width: 90,
      render: (count: number, row) => (row.kind === 'total' ? <strong>{count}</strong> : count),
    },
    {
      title: shareHeader(t, section),
      dataIndex: 'share',
      align: 'right',
      width: 130,
      // A dash, not a blank, where a share means nothing (no complaints, or visits): the cell was not forgotten.
      render: (share: number | null) => (share === null ? <span aria-label={t('reports.noShare')}>—</span> : percentText(share)),
    },
  ];

  return (
    <section aria-labelledby={headingId}>
      <Typography.Title level={2} id={headingId} style={{ fontSize: 15, marginTop: 0 }}>
        {sectionTitle(t, section.id)}
      </Typography.Title>
      <Flex gap={24} wrap align="flex-start">
        <div style={{ flex: '1 1 340px', minWidth: 0 }}>
          <Table<ReportRow>
            size="small"
            bordered
            pagination={false}
            rowKey="key"
            columns={columns}
            dataSource={section.rows}
            aria-labelledby={headingId}
          />
          {note && (
            <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0, fontSize: 12 }}>
              {t(note)}
            </Typography.Paragraph>
          )}
        </div>
        <div style={{ flex: '1 1 340px', minWidth: 0 }}>
          <EChart option={option} label={summary} height={chartKind(section) === 'pie' ? 240 : Math.max(160, items * 30 + 24)} />
        </div>
      </Flex>
    </section>
  );
}
