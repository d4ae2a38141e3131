import { CloseCircleFilled } from '@ant-design/icons';
import { Alert, Button, Flex, Spin, Tabs, Typography } from 'antd';
import { useCallback, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ComplaintReport } from '../../../../shared/api/complaints';
import type { Role } from '../../../../shared/domain/roles';
import { useConsoleStore } from '../../store';
import { errorText } from '../common/error-text';
import { CallReportSection } from './call-report-section';
import { CallbackReportSection } from './callback-report-section';
import { ExportButtons } from './export-buttons';
import { PeriodForm } from './period-form';
import { QaReportSection } from './qa-report-section';
import { reportFile } from './report-download';
import { instantText, localToday, presetPeriod, reportSections, type IsoDay } from './report-model';
import { ReportSection } from './report-section';
import { useComplaintReport, useReportRequests, type ReportLoad } from './use-complaint-report';

export interface ReportsPaneProps {
  /** The clock the presets read; a test fixes it. */
  now?: () => Date;
}

const systemNow = () => new Date();

export type ReportTab = 'complaints' | 'callbacks' | 'calls' | 'qa';

/**
 * The tabs a role reads. The complaint statistics and the call figures are for those who run the
 * center (the hub answers 403 to anyone else, so the tabs are not offered, and their reports never
 * asked for); the callback figures also for the callback staff, who are measured by them.
 */
export function reportTabsFor(role: Role | undefined): ReportTab[] {
  // The quality figures (质检统计, issue 9) likewise: per agent, so not for the agents measured by them.
  return role === 'supervisor' || role === 'manager' || role === 'admin' ? ['complaints', 'callbacks', 'calls', 'qa'] : ['callbacks'];
}

function ReportTabBody({ tab, today }: { tab: ReportTab; today: () => IsoDay }) {
  switch (tab) {
    case 'complaints':
      return <ComplaintReports today={today} />;
    case 'callbacks':
      return <CallbackReportSection today={today} />;
    case 'calls':
      return <CallReportSection today={today} />;
    case 'qa':
      return <QaReportSection today={today} />;
  }
}

/** The center's statistics: the complaint section's (DOMAIN.md §3), the callback figures (issue 8) and the call figures (issue 11). */
export function ReportsPane({ now = systemNow }: ReportsPaneProps) {
  const { t } = useTranslation();
  const role = useConsoleStore((s) => s.session.user?.role);
  const today = useCallback(() => localToday(now()), [now]);
  // antd renders a tab's content when it is first opened, so a report is only asked for once its tab is.
  const items = reportTabsFor(role).map((key) => ({
    key,
    label: key === 'calls' ? t('reports.calls.tab') : key === 'qa' ? t('reports.qa.tab') : t(`callbackReport.tabs.${key}`),
    children: <ReportTabBody tab={key} today={today} />,
  }));
  return <Tabs items={items} aria-label={t('callbackReport.tabs.label')} />;
}

/** The complaint section's statistics for a period (DOMAIN.md §3): opens on this month so far. */
function ComplaintReports({ today }: { today: () => IsoDay }) {
  const { t } = useTranslation();
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
        <ExportButtons file={(tr, format) => reportFile(tr, report, format)} />
      </Flex>
      {report.received.total === 0 && <Alert type="info" showIcon title={t('reports.none')} />}
      {sections.map((section) => (
        <ReportSection key={section.id} section={section} />
      ))}
    </Flex>
  );
}
