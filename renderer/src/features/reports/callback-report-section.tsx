import { Alert, Flex, Spin, Table, Typography, type TableColumnsType } from 'antd';
import type { TFunction } from 'i18next';
import { useCallback, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CallbackFiguresRow, CallbackReport } from '../../../../shared/api/callbacks';
import { agentChartHeight, agentChartOption, agentChartSummary, satisfactionChartOption, satisfactionChartSummary } from './callback-report-charts';
import { agentName, callbackReportFile, figureHeader, typeName } from './callback-report-export';
import {
  agentRows,
  CALLBACK_FIGURES,
  figureOrder,
  figureText,
  isEmptyReport,
  isRateFigure,
  SUMMARY_FIGURES,
  typeRows,
  type CallbackAgentRow,
  type CallbackFigure,
  type CallbackTypeRow,
} from './callback-report-model';
import { EChart } from './echart';
import { ExportButtons } from './export-buttons';
import { PeriodForm } from './period-form';
import { FigureSummary, figureColumns, KeptReportState, Titled } from './report-parts';
import { instantText, presetPeriod, type IsoDay } from './report-model';
import { useCallbackReport } from './use-callback-report';
import { useReportRequests } from './use-complaint-report';

export interface CallbackReportSectionProps {
  /** Today on this PC, read by the presets (a test fixes it). */
  today: () => IsoDay;
}

/** The callback figures for a period (issue 8): opens on this month so far, as the complaint report does. */
export function CallbackReportSection({ today }: CallbackReportSectionProps) {
  const { t } = useTranslation();
  const [first] = useState(() => presetPeriod('thisMonth', today()));
  const [request, ask] = useReportRequests(first);
  const load = useCallbackReport(request);
  const retry = useCallback(() => ask(request), [ask, request]);

  return (
    <Flex vertical gap={16}>
      <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
        {t('callbackReport.intro')}
      </Typography.Paragraph>
      <PeriodForm asked={first} today={today} busy={load.status === 'loading'} onAsk={ask} />
      <KeptReportState load={load} onRetry={retry} texts="callbackReport" />
      {load.report && (
        // The last figures stay while a new period is counted, dimmed under the spinner.
        <Spin spinning={load.status === 'loading'}>
          <CallbackReportView report={load.report} />
        </Spin>
      )}
    </Flex>
  );
}

function CallbackReportView({ report }: { report: CallbackReport }) {
  const { t } = useTranslation();
  const file = useCallback((tr: TFunction, format: 'csv' | 'xlsx') => callbackReportFile(tr, report, format), [report]);
  return (
    <Flex vertical gap={24}>
      <Flex gap={12} align="center" wrap justify="space-between">
        <Typography.Text>
          {t('callbackReport.counted', {
            from: report.period.from,
            to: report.period.to,
            timeZone: report.period.timeZone,
            at: instantText(report.generatedAt, report.period.timeZone),
          })}
        </Typography.Text>
        <ExportButtons file={file} />
      </Flex>
      {isEmptyReport(report) && <Alert type="info" showIcon title={t('callbackReport.none')} />}
      <Summary report={report} />
      <TypeTable report={report} />
      <AgentTable report={report} />
      <SatisfactionTrend report={report} />
    </Flex>
  );
}

/** A rate with nothing to divide by: a dash, named, so it is not read as a figure forgotten. */
function FigureCell({ row, figure }: { row: CallbackFiguresRow; figure: CallbackFigure }) {
  const { t } = useTranslation();
  const text = figureText(row, figure);
  if (isRateFigure(figure) && row[figure] === null) return <span aria-label={t('callbackReport.noRate')}>{text}</span>;
  return <>{text}</>;
}

function Summary({ report }: { report: CallbackReport }) {
  const { t } = useTranslation();
  return (
    <FigureSummary
      title={t('callbackReport.summary.title')}
      figures={SUMMARY_FIGURES}
      header={(figure) => figureHeader(t, figure)}
      value={(figure) => figureText(report.totals, figure)}
      note={t('callbackReport.rateNote')}
    />
  );
}

function callbackFigureColumns<Row extends CallbackFiguresRow>(t: TFunction, sortable: boolean): TableColumnsType<Row> {
  return figureColumns<Row, CallbackFigure>(CALLBACK_FIGURES, {
    header: (figure) => figureHeader(t, figure),
    render: (row, figure) => <FigureCell row={row} figure={figure} />,
    ...(sortable ? { order: figureOrder } : {}),
  });
}

function TypeTable({ report }: { report: CallbackReport }) {
  const { t } = useTranslation();
  const rows = useMemo(() => typeRows(report), [report]);
  const columns: TableColumnsType<CallbackTypeRow> = [
    { title: t('callbackReport.types.column'), key: 'type', render: (_, row) => (row.key === 'total' ? <strong>{typeName(t, row)}</strong> : typeName(t, row)) },
    ...callbackFigureColumns<CallbackTypeRow>(t, false),
  ];
  return (
    <Titled title={t('callbackReport.types.title')}>
      <Table<CallbackTypeRow> size="small" bordered pagination={false} rowKey="key" columns={columns} dataSource={rows} scroll={{ x: 'max-content' }} />
    </Titled>
  );
}

function AgentTable({ report }: { report: CallbackReport }) {
  const { t } = useTranslation();
  const rows = useMemo(() => agentRows(report), [report]);
  const option = useMemo(() => agentChartOption(t, report), [t, report]);
  const summary = useMemo(() => agentChartSummary(t, report), [t, report]);
  const columns: TableColumnsType<CallbackAgentRow> = [
    {
      title: t('callbackReport.agents.column'),
      key: 'agent',
      sorter: (a, b) => agentName(t, a).localeCompare(agentName(t, b), 'zh-CN'),
      render: (_, row) => (row.who.kind === 'pool' ? <Typography.Text type="secondary">{agentName(t, row)}</Typography.Text> : agentName(t, row)),
    },
    ...callbackFigureColumns<CallbackAgentRow>(t, true),
  ];
  return (
    <Titled title={t('callbackReport.agents.title')}>
      <Flex vertical gap={16}>
        <Table<CallbackAgentRow>
          size="small"
          bordered
          pagination={false}
          rowKey="key"
          columns={columns}
          dataSource={rows}
          scroll={{ x: 'max-content' }}
          locale={{ emptyText: <Typography.Text type="secondary">{t('callbackReport.agents.none')}</Typography.Text> }}
        />
        {rows.length > 0 && <EChart option={option} label={summary} height={agentChartHeight(report)} />}
      </Flex>
    </Titled>
  );
}

function SatisfactionTrend({ report }: { report: CallbackReport }) {
  const { t } = useTranslation();
  const option = useMemo(() => satisfactionChartOption(t, report), [t, report]);
  const summary = useMemo(() => satisfactionChartSummary(t, report), [t, report]);
  return (
    <Titled title={t('callbackReport.chart.satisfactionTitle')}>
      <EChart option={option} label={summary} height={240} />
    </Titled>
  );
}
