import { Alert, Flex, Select, Spin, Table, Typography, type TableColumnsType } from 'antd';
import type { TFunction } from 'i18next';
import { useCallback, useId, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CallFiguresRow, CallReport } from '../../../../shared/api/board';
import type { OrgDesign } from '../../../../shared/api/org';
import { useConsoleStore } from '../../store';
import { useOrgDesign } from '../workspace/use-org-design';
import { dailyChartOption, dailyChartSummary, dispositionChartOption, dispositionChartSummary } from './call-report-charts';
import { callFigureHeader, callReportFile } from './call-report-export';
import {
  CALL_FIGURES,
  CALL_SUMMARY_FIGURES,
  callAgentRows,
  callFigureOrder,
  callFigureText,
  callQueueRows,
  dispositionRows,
  isEmptyCallReport,
  type CallAgentRow,
  type CallFigure,
  type CallQueueRow,
  type CallReportNames,
  type CallReportRequest,
  type DispositionRow,
} from './call-report-model';
import { EChart } from './echart';
import { ExportButtons } from './export-buttons';
import type { ExportFormat } from './report-download';
import { PeriodForm } from './period-form';
import { FigureSummary, figureColumns, KeptReportState, Titled } from './report-parts';
import { instantText, percentText, presetPeriod, type IsoDay, type ReportPeriod } from './report-model';
import { useKeptReport, type ReadReport } from './use-kept-report';

export interface CallReportSectionProps {
  /** Today on this PC, read by the presets (a test fixes it). */
  today: () => IsoDay;
}

const readCallReport: ReadReport<CallReportRequest, CallReport> = (hub, token, { from, to, department }, signal) =>
  hub.callReport(token, department === null ? { from, to } : { from, to, department }, { signal });

/** The names the hub's codes stand for, from the org design once it came (the codes themselves until then). */
function useReportNames(org: OrgDesign | null): CallReportNames {
  const { t } = useTranslation();
  const language = useConsoleStore((s) => s.ui.language);
  return useMemo(
    () => ({
      queue: (ivrChoice) => org?.queues.find((queue) => queue.ivrChoice === ivrChoice)?.name[language] ?? null,
      department: (code) => org?.departments.find((department) => department.code === code)?.name[language] ?? null,
      noQueue: t('reports.calls.queues.none'),
      noDisposition: t('reports.calls.dispositions.none'),
    }),
    [org, language, t],
  );
}

/** The call figures (通话统计) for a period and a department: opens on this month so far, every department. */
export function CallReportSection({ today }: CallReportSectionProps) {
  const { t } = useTranslation();
  const language = useConsoleStore((s) => s.ui.language);
  const departmentId = useId();
  const [first] = useState(() => presetPeriod('thisMonth', today()));
  const [request, setRequest] = useState<CallReportRequest>({ ...first, department: null, attempt: 0 });
  const load = useKeptReport(request, readCallReport, 'call report');
  const [orgLoad] = useOrgDesign();
  const org = orgLoad.status === 'ready' ? orgLoad.org : null;
  const names = useReportNames(org);
  // Every ask is a new number, so the same period asked again (统计, Retry) is counted again.
  const ask = useCallback((change: Partial<ReportPeriod> & { department?: string | null }) => setRequest((r) => ({ ...r, ...change, attempt: r.attempt + 1 })), []);
  const retry = useCallback(() => ask({}), [ask]);

  return (
    <Flex vertical gap={16}>
      <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
        {t('reports.calls.intro')}
      </Typography.Paragraph>
      <Flex vertical gap={4}>
        <label htmlFor={departmentId}>{t('reports.calls.department.label')}</label>
        <Select<string>
          id={departmentId}
          value={request.department ?? ''}
          onChange={(code) => ask({ department: code === '' ? null : code })}
          options={[
            { value: '', label: t('reports.calls.department.all') },
            ...(org?.departments ?? []).map((department) => ({ value: department.code, label: department.name[language] })),
          ]}
          // Not virtual: rc-select then puts role=option on the visible items instead of on hidden copies.
          virtual={false}
          style={{ width: 240 }}
        />
      </Flex>
      <PeriodForm asked={first} today={today} busy={load.status === 'loading'} onAsk={(period) => ask({ from: period.from, to: period.to })} />
      <KeptReportState load={load} onRetry={retry} texts="reports.calls" />
      {load.report && (
        // The last figures stay while new ones are counted, dimmed under the spinner.
        <Spin spinning={load.status === 'loading'}>
          <CallReportView report={load.report} names={names} />
        </Spin>
      )}
    </Flex>
  );
}

function CallReportView({ report, names }: { report: CallReport; names: CallReportNames }) {
  const { t } = useTranslation();
  const file = useCallback((tr: TFunction, format: ExportFormat) => callReportFile(tr, report, names, format), [report, names]);
  const department = report.department === null ? t('reports.calls.department.all') : (names.department(report.department) ?? report.department);
  return (
    <Flex vertical gap={24}>
      <Flex gap={12} align="center" wrap justify="space-between">
        <Typography.Text>
          {t('reports.calls.counted', {
            from: report.period.from,
            to: report.period.to,
            department,
            timeZone: report.period.timeZone,
            at: instantText(report.generatedAt, report.period.timeZone),
          })}
        </Typography.Text>
        <ExportButtons file={file} />
      </Flex>
      {isEmptyCallReport(report) && <Alert type="info" showIcon title={t('reports.calls.none')} />}
      <Summary report={report} />
      <AgentTable report={report} />
      <QueueTable report={report} names={names} />
      <Dispositions report={report} names={names} />
      <Daily report={report} />
    </Flex>
  );
}

function Summary({ report }: { report: CallReport }) {
  const { t } = useTranslation();
  return (
    <FigureSummary
      title={t('reports.calls.summary.title')}
      figures={CALL_SUMMARY_FIGURES}
      header={(figure) => callFigureHeader(t, figure)}
      value={(figure) => callFigureText(report.totals, figure)}
      note={t('reports.calls.note')}
    />
  );
}

function callFigureColumns<Row extends CallFiguresRow>(t: TFunction, sortable: boolean): TableColumnsType<Row> {
  return figureColumns<Row, CallFigure>(CALL_FIGURES, {
    header: (figure) => callFigureHeader(t, figure),
    render: (row, figure) => callFigureText(row, figure),
    ...(sortable ? { order: callFigureOrder } : {}),
  });
}

function AgentTable({ report }: { report: CallReport }) {
  const { t } = useTranslation();
  const rows = useMemo(() => callAgentRows(report), [report]);
  const columns: TableColumnsType<CallAgentRow> = [
    { title: t('reports.calls.agents.column'), key: 'agent', sorter: (a, b) => a.name.localeCompare(b.name, 'zh-CN'), render: (_, row) => row.name },
    ...callFigureColumns<CallAgentRow>(t, true),
  ];
  return (
    <Titled title={t('reports.calls.agents.title')}>
      <Table<CallAgentRow>
        size="small"
        bordered
        pagination={false}
        rowKey="key"
        columns={columns}
        dataSource={rows}
        scroll={{ x: 'max-content' }}
        locale={{ emptyText: <Typography.Text type="secondary">{t('reports.calls.agents.none')}</Typography.Text> }}
      />
    </Titled>
  );
}

function QueueTable({ report, names }: { report: CallReport; names: CallReportNames }) {
  const { t } = useTranslation();
  const rows = useMemo(() => callQueueRows(report, names), [report, names]);
  const columns: TableColumnsType<CallQueueRow> = [
    { title: t('reports.calls.queues.column'), key: 'queue', render: (_, row) => (row.total ? <strong>{t('reports.total')}</strong> : row.name) },
    ...callFigureColumns<CallQueueRow>(t, false),
  ];
  return (
    <Titled title={t('reports.calls.queues.title')}>
      <Table<CallQueueRow> size="small" bordered pagination={false} rowKey="key" columns={columns} dataSource={rows} scroll={{ x: 'max-content' }} />
    </Titled>
  );
}

function Dispositions({ report, names }: { report: CallReport; names: CallReportNames }) {
  const { t } = useTranslation();
  const rows = useMemo(() => dispositionRows(report, names), [report, names]);
  const option = useMemo(() => dispositionChartOption(report, names), [report, names]);
  const summary = useMemo(() => dispositionChartSummary(t, report, names), [t, report, names]);
  const columns: TableColumnsType<DispositionRow> = [
    { title: t('reports.calls.dispositions.column'), key: 'name', render: (_, row) => row.name },
    { title: t('reports.calls.dispositions.calls'), key: 'calls', align: 'right', render: (_, row) => row.calls },
    { title: t('reports.columns.share'), key: 'share', align: 'right', render: (_, row) => (row.share === null ? '—' : percentText(row.share)) },
  ];
  return (
    <Titled title={t('reports.calls.dispositions.title')}>
      <Flex gap={24} wrap align="flex-start">
        <div style={{ flex: '1 1 320px', minWidth: 0 }}>
          <Table<DispositionRow>
            size="small"
            bordered
            pagination={false}
            rowKey="key"
            columns={columns}
            dataSource={rows}
            locale={{ emptyText: <Typography.Text type="secondary">{t('reports.calls.dispositions.empty')}</Typography.Text> }}
          />
        </div>
        {rows.some((row) => row.calls > 0) && (
          <div style={{ flex: '1 1 320px', minWidth: 0 }}>
            <EChart option={option} label={summary} height={260} />
          </div>
        )}
      </Flex>
    </Titled>
  );
}

function Daily({ report }: { report: CallReport }) {
  const { t } = useTranslation();
  const option = useMemo(() => dailyChartOption(t, report), [t, report]);
  const summary = useMemo(() => dailyChartSummary(t, report), [t, report]);
  return (
    <Titled title={t('reports.calls.daily.title')}>
      <EChart option={option} label={summary} height={260} />
    </Titled>
  );
}
