import {
  ApartmentOutlined,
  AuditOutlined,
  BarChartOutlined,
  DashboardOutlined,
  FileTextOutlined,
  HistoryOutlined,
  IdcardOutlined,
  LogoutOutlined,
  PhoneOutlined,
  SafetyCertificateOutlined,
  ScheduleOutlined,
  SolutionOutlined,
  SoundOutlined,
} from '@ant-design/icons';
import { Alert, Button, Layout, Menu, Space, Typography } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { BoardPane } from '../board/board-pane';
import { CallHistoryPane } from '../call-log/call-history-pane';
import { CallLogBanners, CallLogHeaderStatus } from '../call-log/call-log-status';
import { CasesPane } from '../cases/cases-pane';
import { CustomerPane } from '../customer/customer-pane';
import { LanguageSwitch } from '../language/language-switch';
import { NotificationBell } from '../notifications/notification-bell';
import { PhonePane } from '../phone/phone-pane';
import { PhoneStatus } from '../phone/phone-status';
import { EvaluationsPane } from '../qa/evaluations-pane';
import { QaPane } from '../qa/qa-pane';
import { QualityPane } from '../qa/quality-pane';
import { TransferDialog } from '../phone/transfer-dialog';
import { usePhoneShortcuts } from '../phone/use-phone-shortcuts';
import { LazyReportsPane } from '../reports/lazy-reports-pane';
import { ScriptLibraryPane } from '../script-library/script-library-pane';
import { SettingsButton } from '../settings/settings-button';
import { WorklistPane } from '../worklist/worklist-pane';
import { useConsoleStore } from '../../store';
import { AgentStateSelect } from './agent-state-select';
import { OrgDesignPane } from './org-design-pane';
import { hasAgentState, PANES_BY_ROLE, type Pane } from './panes';
import { useHashPane } from './use-hash-pane';

// aria-hidden: antd names each icon in English ("phone"), which would prefix every item's name.
const PANE_ICONS: Record<Pane, ReactNode> = {
  phone: <PhoneOutlined aria-hidden />,
  history: <HistoryOutlined aria-hidden />,
  customer: <IdcardOutlined aria-hidden />,
  script: <FileTextOutlined aria-hidden />,
  worklist: <ScheduleOutlined aria-hidden />,
  reviewQueue: <SoundOutlined aria-hidden />,
  evaluations: <AuditOutlined aria-hidden />,
  board: <DashboardOutlined aria-hidden />,
  cases: <SolutionOutlined aria-hidden />,
  reports: <BarChartOutlined aria-hidden />,
  quality: <SafetyCertificateOutlined aria-hidden />,
  orgDesign: <ApartmentOutlined aria-hidden />,
};

export function Workspace() {
  const { t } = useTranslation();
  const user = useConsoleStore((s) => s.session.user);
  const tokenProtection = useConsoleStore((s) => s.session.tokenProtection);
  const logout = useConsoleStore((s) => s.logout);
  if (!user) throw new Error('The workspace needs a signed-in user.');
  const panes = PANES_BY_ROLE[user.role];
  const [pane, selectPane] = useHashPane(panes);
  const phone = hasAgentState(user.role);
  usePhoneShortcuts(phone);

  return (
    <Layout style={{ minHeight: '100%' }}>
      <Layout.Header
        style={{ display: 'flex', alignItems: 'center', gap: 16, borderBottom: '1px solid #f0f0f0', lineHeight: 'normal' }}
      >
        <Typography.Text strong style={{ fontSize: 15 }}>
          {t('app.name')}
        </Typography.Text>
        <div style={{ flex: 1 }} />
        {phone && (
          <Space size="middle">
            <AgentStateSelect />
            <PhoneStatus />
            <CallLogHeaderStatus />
          </Space>
        )}
        <span>
          <span className="visually-hidden">{t('workspace.userLabel')} </span>
          <Typography.Text>{user.displayName}</Typography.Text>
          <Typography.Text type="secondary"> · {t(`roles.${user.role}`)}</Typography.Text>
        </span>
        <Space size="small">
          <NotificationBell />
          <LanguageSwitch />
          <SettingsButton />
          <Button icon={<LogoutOutlined aria-hidden />} onClick={() => void logout()}>
            {t('workspace.logout')}
          </Button>
        </Space>
      </Layout.Header>
      {tokenProtection === 'memory-only' && <Alert type="warning" banner role="status" title={t('workspace.tokenMemoryOnly')} />}
      {phone && <CallLogBanners />}
      <Layout>
        <Layout.Sider width={200} style={{ borderRight: '1px solid #f0f0f0' }}>
          <nav aria-label={t('workspace.navLabel')}>
            {/*
              Every item is a tab stop (antd's default is one stop on the list, then arrow keys): the
              workspace has few panes, and Tab-then-Enter is what keyboard users try first. Arrow keys still work.
            */}
            <Menu
              mode="inline"
              tabIndex={-1}
              selectedKeys={[pane]}
              onClick={({ key }) => selectPane(key as Pane)}
              items={panes.map((id) => ({
                key: id,
                icon: PANE_ICONS[id],
                label: t(`panes.${id}.title`),
                tabIndex: 0,
                'aria-current': id === pane ? ('page' as const) : undefined,
              }))}
              style={{ borderInlineEnd: 'none' }}
            />
          </nav>
        </Layout.Sider>
        <Layout.Content style={{ padding: 16, minWidth: 0 }}>
          <Typography.Title level={1} style={{ fontSize: 18, marginTop: 0 }}>
            {t(`panes.${pane}.title`)}
          </Typography.Title>
          <PaneBody pane={pane} />
        </Layout.Content>
      </Layout>
      {/* Outside the panes, so the transfer shortcut works from whichever pane is open. */}
      {phone && <TransferDialog />}
    </Layout>
  );
}

function PaneBody({ pane }: { pane: Pane }) {
  switch (pane) {
    case 'orgDesign':
      return <OrgDesignPane />;
    case 'phone':
      return <PhonePane />;
    case 'history':
      return <CallHistoryPane />;
    case 'customer':
      return <CustomerPane />;
    case 'script':
      return <ScriptLibraryPane />;
    case 'cases':
      return <CasesPane />;
    case 'reports':
      return <LazyReportsPane />;
    case 'board':
      return <BoardPane />;
    // Callback specialists dial out from their worklist: the phone is part of it.
    case 'worklist':
      return <WorklistPane />;
    case 'reviewQueue':
      return <QaPane />;
    case 'evaluations':
      return <EvaluationsPane />;
    case 'quality':
      return <QualityPane />;
  }
}
