import { ArrowLeftOutlined, CloseCircleFilled, ReloadOutlined, WarningFilled } from '@ant-design/icons';
import { Alert, Button, Flex, Spin, Tag, Typography } from 'antd';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import type { ComplaintDetail } from '../../../../shared/api/complaints';
import type { OrgDesign } from '../../../../shared/api/org';
import type { Language } from '../../../../shared/domain/i18n';
import { useConsoleStore } from '../../store';
import { formatDateTime } from '../call-log/call-log-format';
import { errorText } from '../common/error-text';
import { Facts } from '../common/facts';
import { useNow } from '../phone/use-now';
import { hashForPane } from '../workspace/panes';
import { CaseActions } from './case-actions';
import { DueTime, StatusTag } from './case-list';
import { departmentName } from './case-model';
import { AssistanceSection, IntakeSection, InvestigationsSection, ProposalSection, TimelineSection } from './case-sections';
import { codeText } from './case-text';
import { EvidenceSection, useEvidenceDownload } from './evidence-section';

/**
 * One case's page (#/cases/<ticketId>): where it stands, what may be done now, and everything the
 * procedure recorded — intake, investigations, assistance, the proposal, evidence, history.
 */
export function CasePage({ id, org }: { id: string; org: OrgDesign | null }) {
  const { t } = useTranslation();
  const language = useConsoleStore((s) => s.ui.language);
  const open = useConsoleStore((s) => s.cases.open);
  const openCase = useConsoleStore((s) => s.openCase);
  const closeCase = useConsoleStore((s) => s.closeCase);
  const reloadCase = useConsoleStore((s) => s.reloadCase);
  const showCases = useConsoleStore((s) => s.showCases);

  useEffect(() => {
    openCase(id);
    return () => closeCase();
  }, [id, openCase, closeCase]);
  // The settings (authority limits) and the views are there when the page is opened directly.
  useEffect(() => {
    showCases();
  }, [showCases]);

  const detail = open.id === id ? open.detail : null;
  return (
    <Flex vertical gap={12}>
      <Flex gap={8} align="center" wrap>
        {/* A link back: the list keeps its filters, and the browser's Back does the same. */}
        <a href={hashForPane('cases')}>
          <ArrowLeftOutlined aria-hidden /> {t('cases.page.back')}
        </a>
        {detail && (
          <Button size="small" icon={<ReloadOutlined aria-hidden />} onClick={() => void reloadCase()}>
            {t('cases.page.reload')}
          </Button>
        )}
      </Flex>
      {open.id === id && open.status === 'loading' && (
        <Flex justify="center" style={{ padding: 48 }}>
          <Spin description={t('cases.page.loading')} />
        </Flex>
      )}
      {open.id === id && open.error && (
        <Alert
          type={detail ? 'warning' : 'error'}
          showIcon
          icon={detail ? <WarningFilled aria-hidden /> : <CloseCircleFilled aria-hidden />}
          title={detail ? t('cases.page.updateFailed') : t('cases.page.loadFailed')}
          description={errorText(t, open.error)}
          action={
            <Button size="small" onClick={() => void reloadCase()}>
              {t('cases.page.retry')}
            </Button>
          }
        />
      )}
      {detail && <CaseBody detail={detail} org={org} language={language} />}
    </Flex>
  );
}

function CaseBody({ detail, org, language }: { detail: ComplaintDetail; org: OrgDesign | null; language: Language }) {
  const { download, error } = useEvidenceDownload(detail.id);
  return (
    <>
      <CaseHeader detail={detail} org={org} language={language} />
      <CaseActions detail={detail} org={org} />
      <IntakeSection detail={detail} language={language} />
      <InvestigationsSection detail={detail} language={language} onDownload={download} />
      <AssistanceSection detail={detail} org={org} language={language} />
      <ProposalSection detail={detail} org={org} language={language} />
      <EvidenceSection detail={detail} language={language} onDownload={download} downloadError={error} />
      <TimelineSection detail={detail} language={language} />
    </>
  );
}

function CaseHeader({ detail, org, language }: { detail: ComplaintDetail; org: OrgDesign | null; language: Language }) {
  const { t } = useTranslation();
  const now = useNow(30_000);
  const customerName = detail.customerName;
  const c = detail.case;
  const none = t('cases.none');
  return (
    <div style={{ background: '#fff', border: '1px solid #f0f0f0', borderRadius: 8, padding: 16 }}>
      <Flex gap={8} align="baseline" wrap>
        <Typography.Text style={{ fontFamily: 'monospace' }}>{detail.ticketNo}</Typography.Text>
        <Typography.Title level={2} style={{ fontSize: 17, margin: 0 }}>
          {detail.title}
        </Typography.Title>
        <StatusTag status={c.status} />
        {c.overdue && (
          <Tag color="error" icon={<WarningFilled aria-hidden />}>
            {t('cases.overdue')}
          </Tag>
        )}
      </Flex>
      <div style={{ marginTop: 12 }}>
        <Facts
          items={[
            [t('cases.page.customer'), customerName ?? (detail.customerId === null ? t('cases.list.noCustomer') : none)],
            [t('cases.page.waitingOn'), c.waitingOn === null ? t('cases.page.closed') : (departmentName(org, c.waitingOn, language) ?? none)],
            [t('cases.page.level'), codeText(t, 'levels', c.level)],
            [t('cases.page.escalation'), detail.escalationLevel > 0 ? t('cases.page.escalationLevel', { level: detail.escalationLevel }) : t('cases.page.notEscalated')],
            ...(c.aboutDepartmentCode !== null || c.aboutStaff !== null
              ? ([[t('cases.page.aboutStaff'), [c.aboutStaff, departmentName(org, c.aboutDepartmentCode, language)].filter(Boolean).join(' · ')]] as [string, string][])
              : []),
            [t('cases.page.department'), departmentName(org, detail.departmentCode, language) ?? none],
            [t('cases.page.stepDue'), <DueTime key="step" at={c.stepDueAt} now={now} language={language} none={t('cases.page.noLimit')} />],
            [t('cases.page.callbackDue'), <DueTime key="callback" at={c.callbackDueAt} now={now} language={language} none={t('cases.page.noCallback')} />],
            [t('cases.page.openedAt'), formatDateTime(detail.openedAt, language)],
            ...(c.returns > 0 ? ([[t('cases.page.returns'), String(c.returns)]] as [string, string][]) : []),
            [t('cases.page.version'), String(c.version)],
          ]}
        />
      </div>
    </div>
  );
}
