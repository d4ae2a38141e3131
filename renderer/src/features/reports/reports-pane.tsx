import { CloseCircleFilled, DownloadOutlined } from '@ant-design/icons';
import { Alert, Button, Flex, Spin, Typography } from 'antd';
import { useCallback, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ComplaintReport } from '../../../../shared/api/complaints';
import { createLogger } from '../../logger';
import { errorText } from '../common/error-text';
import { PeriodForm } from './period-form';
import { saveBlob } from '../common/save-blob';
import { reportFile, type ExportFormat } from './report-download';
import { instantText, localToday, presetPeriod, reportSections } from './report-model';
import { ReportSection } from './report-section';
import { useComplaintReport, useReportRequests, type ReportLoad } from './use-complaint-report';

const log = createLogger('reports/pane');

export interface ReportsPaneProps {
  /** The clock the presets read; a test fixes it. */
  now?: () => Date;
}

const systemNow = () => new Date();

/** The complaint section's statistics for a period (DOMAIN.md §3): opens on this month so far. */
export function ReportsPane({ now = systemNow }: ReportsPaneProps) {
  const { t } = useTranslation();
  const today = useCallback(() => localToday(now()), [now]);
  const [first] = useState(() => presetPeriod('thisMonth', today()));
  const [request, ask] = useReportRequests(first);
  const load = useComplaintReport(request);

  return (
    <Flex vertical gap={16}>
      <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
        {t('reports.intro')}
      </Typography.Paragraph>
      <PeriodForm asked={first} today={today} busy={load.status === 'loading'} onAsk={ask} />
      <ReportResult load={load} onRetry={() => ask(request)} />
    </Flex>
  );
}

function ReportResult({ load, onRetry }: { load: ReportLoad; onRetry: () => void }) {
  const { t } = useTranslation();
  switch (load.status) {
    case 'loading':
      return (
        <Flex role="status" aria-busy="true" justify="center" style={{ padding: 48 }}>
          <Spin description={t('reports.loading', { from: load.request.from, to: load.request.to })} />
        </Flex>
      );
    case 'error':
      return (
        <Alert
          type="error"
          showIcon
          icon={<CloseCircleFilled aria-hidden />}
          title={t('reports.loadFailed')}
          description={errorText(t, load.error)}
          // Asking again for days the hub refused would only be refused again: the form is where to go.
          action={
            load.error.code === 'validation' ? undefined : (
              <Button size="small" onClick={onRetry}>
                {t('reports.retry')}
              </Button>
            )
          }
        />
      );
    case 'ready':
      return <ReportView report={load.report} />;
  }
}

function ReportView({ report }: { report: ComplaintReport }) {
  const { t } = useTranslation();
  const sections = useMemo(() => reportSections(report), [report]);
  return (
    <Flex vertical gap={24}>
      <Flex gap={12} align="center" wrap justify="space-between">
        <Typography.Text>
          {t('reports.counted', {
            from: report.period.from,
            to: report.period.to,
            timeZone: report.period.timeZone,
            at: instantText(report.generatedAt, report.period.timeZone),
          })}
        </Typography.Text>
        <ExportButtons report={report} />
      </Flex>
      {report.received.total === 0 && <Alert type="info" showIcon title={t('reports.none')} />}
      {sections.map((section) => (
        <ReportSection key={section.id} section={section} />
      ))}
    </Flex>
  );
}

function ExportButtons({ report }: { report: ComplaintReport }) {
  const { t } = useTranslation();
  const [busy, setBusy] = useState<ExportFormat | null>(null);
  const [failure, setFailure] = useState<string | null>(null);

  const run = async (format: ExportFormat) => {
    setBusy(format);
    setFailure(null);
    try {
      const file = await reportFile(t, report, format);
      saveBlob(file.blob, file.fileName);
    } catch (error) {
      log.warn(`could not export the report as ${format}`, error);
      setFailure(error instanceof Error ? error.message : String(error));
    } finally {
      setBusy(null);
    }
  };

  return (
    <Flex vertical gap={8} align="flex-end">
      <Flex gap={8}>
        {(['csv', 'xlsx'] as const).map((format) => (
          <Button
            key={format}
            icon={<DownloadOutlined aria-hidden />}
            loading={busy === format}
            disabled={busy !== null && busy !== format}
            onClick={() => void run(format)}
          >
            {t(`reports.export.${format}`)}
          </Button>
        ))}
      </Flex>
      {failure !== null && <Alert type="error" role="alert" showIcon title={t('reports.export.failed', { detail: failure })} />}
    </Flex>
  );
}
