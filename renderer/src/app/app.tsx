import { App as AntApp, ConfigProvider, Spin, theme, type ThemeConfig } from 'antd';
import { useTranslation } from 'react-i18next';
import { DesktopNotices } from '../features/desktop/desktop-notices';
import { LoginScreen } from '../features/login/login-screen';
import { Workspace } from '../features/workspace/workspace';
import { antdLocales } from '../i18n/antd-locale';
import { useConsoleStore } from '../store';
import { useSessionExpiry } from './use-session-expiry';

// Dense, quiet chrome: agents keep this open all shift beside other tools. The colours are antd's,
// one step darker where its defaults fall short of WCAG AA contrast (4.5:1): white on the default
// blue is 4.1:1, secondary text at 45% black is 3.4:1, a placeholder at 25% black 1.9:1 and the
// error red 3.3:1 on white.
const consoleTheme: ThemeConfig = {
  algorithm: theme.compactAlgorithm,
  token: {
    colorPrimary: '#0958d9',
    colorLink: '#0958d9',
    colorError: '#cf1322',
    colorTextSecondary: 'rgba(0, 0, 0, 0.65)',
    colorTextDescription: 'rgba(0, 0, 0, 0.65)',
    colorTextPlaceholder: 'rgba(0, 0, 0, 0.6)',
  },
  components: {
    Layout: { headerBg: '#ffffff', headerHeight: 48, headerPadding: '0 16px', siderBg: '#ffffff', bodyBg: '#f5f5f5' },
    // A description's label is tertiary text (45% black, 3.4:1) by default.
    Descriptions: { labelColor: 'rgba(0, 0, 0, 0.65)' },
  },
};

export function App() {
  const language = useConsoleStore((s) => s.ui.language);
  return (
    // autoInsertSpace off: antd would render 登录 as "登 录", and the spaced text becomes the button's name.
    <ConfigProvider
      locale={antdLocales[language]}
      componentSize="middle"
      theme={consoleTheme}
      button={{ autoInsertSpace: false }}
    >
      <AntApp component={false}>
        <DesktopNotices />
        <Screen />
      </AntApp>
    </ConfigProvider>
  );
}

function Screen() {
  const status = useConsoleStore((s) => s.session.status);
  useSessionExpiry();
  switch (status) {
    case 'starting':
      return <StartingScreen />;
    case 'signed-in':
      return <Workspace />;
    case 'signed-out':
    case 'signing-in':
      return <LoginScreen />;
  }
}

function StartingScreen() {
  const { t } = useTranslation();
  return (
    <main style={{ display: 'grid', placeItems: 'center', height: '100%' }}>
      <Spin size="large" description={t('app.loading')} />
    </main>
  );
}
