import { Alert, Flex, Select, Spin, Table, Typography, type TableColumnsType } from 'antd';
import type { TFunction } from 'i18next';
import { useCallback, useId, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { QaFigures } from '../../../../shared/api/qa';
import { useConsoleStore } from '../../store';
import { useOrgDesign } from '../workspace/use-org-design';
import { EChart } from './echart';
import { ExportButtons } from './export-buttons';
import { PeriodForm } from './period-form';
import { qaTrendOption, qaTrendSummary } from './qa-report-charts';
import { qaReportFile } from './qa-report-export';
import { isEmptyQaReport, QA_SUMMARY_FIGURES, qaItemRows, qaSummaryText, scoreText, shareText, type QaBucket, type QaItemRow, type QaReport, type QaReportRequest } from './qa-report-model';
import type { ExportFormat } from './report-download';
import { FigureSummary, KeptReportState, Titled } from './report-parts';
import { presetPeriod, type IsoDay, type ReportPeriod } from './report-model';
import { useKeptReport, type ReadReport } from './use-kept-report';

const readQaReport: ReadReport<QaReportRequest, QaReport> = async (hub, token, { from, to, department, bucket }, signal) => {
  const [figures, cards] = await Promise.all([
    hub.qaFigures(token, { from, to, bucket, ...(department === null ? {} : { departmentId: department }) }, { signal }),
    // Retired cards too: a period's figures can hold items of a card no longer in use.
    hub.qaScorecards(token, { include: 'all' }, { signal }),
  ]);
  return { period: { from: figures.from, to: figures.to }, figures, scorecards: cards.scorecards };
};

const BUCKETS: readonly QaBucket[] = ['day', 'week', 'month'];

/** The quality figures (质检统计): scores per agent, per item and per period; opens on this month, per week. */
export function QaReportSection({ today }: { today: () => IsoDay }) {
  const { t } = useTranslation();
  const language = useConsoleStore((s) => s.ui.language);
  const ids = { department: useId(), bucket: useId() };
  const [first] = useState(() => presetPeriod('thisMonth', today()));
  const [request, setRequest] = useState<QaReportRequest>({ ...first, department: null, bucket: 'week', attempt: 0 });
  const load = useKeptReport(request, readQaReport, 'quality figures');
  const [orgLoad] = useOrgDesign();
  const org = orgLoad.status === 'ready' ? orgLoad.org : null;
  const ask = useCallback((change: Partial<ReportPeriod> & { department?: string | null; bucket?: QaBucket }) => setRequest((r) => ({ ...r, ...change, attempt: r.attempt + 1 })), []);
  const departmentName = request.department === null ? t('reports.calls.department.all') : (org?.departments.find((d) => d.code === request.department)?.name[language] ?? request.department);

  return (
    <Flex vertical gap={16}>
      <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
        {t('reports.qa.intro')}
      </Typography.Paragraph>
      <Flex gap={12} wrap>
        <Flex vertical gap={4}>
          <label htmlFor={ids.department}>{t('reports.calls.department.label')}</label>
          <Select<string>
            id={ids.department}
            value={request.department ?? ''}
            onChange={(code) => ask({ department: code === '' ? null : code })}
            options={[{ value: '', label: t('reports.calls.department.all') }, ...(org?.departments ?? []).map((d) => ({ value: d.code, label: d.name[language] }))]}
            virtual={false}
            style={{ width: 240 }}
          />
        </Flex>
        <Flex vertical gap={4}>
          <label htmlFor={ids.bucket}>{t('reports.qa.bucket.label')}</label>
          <Select<QaBucket> id={ids.bucket} value={request.bucket} onChange={(bucket) => ask({ bucket })} options={BUCKETS.map((value) => ({ value, label: t(`reports.qa.bucket.${value}`) }))} virtual={false} style={{ width: 120 }} />
        </Flex>
      </Flex>
      <PeriodForm asked={first} today={today} busy={load.status === 'loading'} onAsk={(period) => ask({ from: period.from, to: period.to })} />
      <KeptReportState load={load} onRetry={() => ask({})} texts="reports.qa" />
      {load.report && (
        <Spin spinning={load.status === 'loading'}>
          <QaReportView report={load.report} department={departmentName} />
        </Spin>
      )}
    </Flex>
  );
}

function QaReportView({ report, department }: { report: QaReport; department: string }) {
  const { t } = useTranslation();
  const language = useConsoleStore((s) => s.ui.language);
  const file = useCallback((tr: TFunction, format: ExportFormat) => qaReportFile(tr, report, language, department, format), [report, language, department]);
  const { figures } = report;
  return (
    <Flex vertical gap={24}>
      <Flex gap={12} align="center" wrap justify="space-between">
        <Typography.Text>{t('reports.qa.counted', { from: figures.from, to: figures.to, department })}</Typography.Text>
        <ExportButtons file={file} />
      </Flex>
      {isEmptyQaReport(report) && <Alert type="info" showIcon title={t('reports.qa.none')} />}
      <FigureSummary
        title={t('reports.qa.summary.title')}
        figures={QA_SUMMARY_FIGURES}
        header={(figure) => t(`reports.qa.figures.${figure}`)}
        value={(figure) => qaSummaryText(figures, figure)}
        note={t('reports.qa.note')}
      />
      <AgentTable figures={figures} />
      <ItemTable report={report} />
      <Trend figures={figures} />
    </Flex>
  );
}

type AgentRow = QaFigures['perAgent'][number];

function AgentTable({ figures }: { figures: QaFigures }) {
  const { t } = useTranslation();
  const order = (value: number | null) => value ?? -1;
  const columns: TableColumnsType<AgentRow> = [
    { title: t('reports.qa.agents.column'), key: 'agent', sorter: (a, b) => a.agentName.localeCompare(b.agentName, 'zh-CN'), render: (_, row) => row.agentName },
    { title: t('reports.qa.figures.evaluations'), key: 'evaluations', align: 'right', sorter: (a, b) => a.evaluations - b.evaluations, render: (_, row) => row.evaluations },
    { title: t('reports.qa.figures.averageScore'), key: 'average', align: 'right', sorter: (a, b) => order(a.averageScore) - order(b.averageScore), render: (_, row) => scoreText(row.averageScore) },
    { title: t('reports.qa.figures.lowestScore'), key: 'lowest', align: 'right', sorter: (a, b) => order(a.lowestScore) - order(b.lowestScore), render: (_, row) => scoreText(row.lowestScore) },
    { title: t('reports.qa.figures.fatal'), key: 'fatal', align: 'right', sorter: (a, b) => a.fatal - b.fatal, render: (_, row) => row.fatal },
    { title: t('reports.qa.figures.disputed'), key: 'disputed', align: 'right', sorter: (a, b) => a.disputed - b.disputed, render: (_, row) => row.disputed },
  ];
  return (
    <Titled title={t('reports.qa.agents.title')}>
      <Table<AgentRow> size="small" bordered pagination={false} rowKey="agentId" columns={columns} dataSource={figures.perAgent} scroll={{ x: 'max-content' }} />
    </Titled>
  );
}

function ItemTable({ report }: { report: QaReport }) {
  const { t } = useTranslation();
  const language = useConsoleStore((s) => s.ui.language);
  const rows = useMemo(() => qaItemRows(report, language), [report, language]);
  const columns: TableColumnsType<QaItemRow> = [
    { title: t('reports.qa.items.column'), key: 'item', render: (_, row) => row.label },
    { title: t('reports.qa.figures.scored'), key: 'scored', align: 'right', render: (_, row) => row.scored },
    { title: t('reports.qa.figures.averageShare'), key: 'share', align: 'right', render: (_, row) => shareText(row.averageShare) },
    { title: t('reports.qa.figures.failures'), key: 'failures', align: 'right', render: (_, row) => row.failures },
  ];
  return (
    <Titled title={t('reports.qa.items.title')}>
      <Table<QaItemRow> size="small" bordered pagination={false} rowKey="key" columns={columns} dataSource={rows} scroll={{ x: 'max-content' }} />
    </Titled>
  );
}

function Trend({ figures }: { figures: QaFigures }) {
  const { t } = useTranslation();
  const option = useMemo(() => qaTrendOption(t, figures), [t, figures]);
  const summary = useMemo(() => qaTrendSummary(t, figures), [t, figures]);
  return (
    <Titled title={t('reports.qa.trend.title')}>
      <EChart option={option} label={summary} height={260} />
    </Titled>
  );
}
