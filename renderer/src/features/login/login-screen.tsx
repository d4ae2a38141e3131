import { CloseCircleFilled, LoadingOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Form, Input, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { LoginRequest } from '../../../../shared/api/auth';
import { LanguageSwitch } from '../language/language-switch';
import { SettingsButton } from '../settings/settings-button';
import { useConsoleStore } from '../../store';
import { errorText } from '../common/error-text';

export function LoginScreen() {
  const { t } = useTranslation();
  const status = useConsoleStore((s) => s.session.status);
  const error = useConsoleStore((s) => s.session.error);
  const hubUrl = useConsoleStore((s) => s.session.hubUrl);
  const mode = useConsoleStore((s) => s.ui.mode);
  const login = useConsoleStore((s) => s.login);
  const submitting = status === 'signing-in';

  return (
    <div style={{ minHeight: '100%', display: 'flex', flexDirection: 'column' }}>
      <header
        style={{
          display: 'flex',
          alignItems: 'center',
          justifyContent: 'space-between',
          padding: '8px 16px',
          background: '#fff',
          borderBottom: '1px solid #f0f0f0',
        }}
      >
        <Typography.Text strong>{t('app.name')}</Typography.Text>
        <Space size="small">
          <LanguageSwitch />
          <SettingsButton />
        </Space>
      </header>
      <main style={{ flex: 1, display: 'grid', placeItems: 'center', padding: 16, background: '#f5f5f5' }}>
        <Card style={{ width: 360, maxWidth: '100%' }}>
          <Typography.Title level={1} style={{ fontSize: 20, marginTop: 0 }}>
            {t('login.heading')}
          </Typography.Title>
          <Typography.Paragraph type="secondary">{t('login.subtitle')}</Typography.Paragraph>
          {error && (
            <Alert
              type="error"
              showIcon
              // Hidden icon: antd names it "close-circle", which a screen reader would read before the message.
              icon={<CloseCircleFilled aria-hidden />}
              title={errorText(t, error)}
              style={{ marginBottom: 16 }}
            />
          )}
          <Form<LoginRequest>
            name="login"
            layout="vertical"
            requiredMark={false}
            onFinish={(values) => void login({ username: values.username.trim(), password: values.password })}
          >
            <Form.Item
              label={t('login.username')}
              name="username"
              rules={[{ required: true, whitespace: true, message: t('login.usernameRequired') }]}
            >
              <Input autoComplete="username" autoFocus maxLength={64} />
            </Form.Item>
            <Form.Item
              label={t('login.password')}
              name="password"
              rules={[{ required: true, message: t('login.passwordRequired') }]}
            >
              <Input.Password autoComplete="current-password" maxLength={256} />
            </Form.Item>
            <Button
              type="primary"
              htmlType="submit"
              block
              aria-busy={submitting}
              // The default spinner is named "loading" in English; hide it and let aria-busy speak.
              loading={submitting ? { icon: <LoadingOutlined aria-hidden /> } : false}
            >
              {t('login.submit')}
            </Button>
          </Form>
          {mode === 'desktop' && hubUrl && (
            <Typography.Paragraph type="secondary" style={{ marginTop: 12, marginBottom: 0, fontSize: 12 }}>
              {t('login.hub', { url: hubUrl })}
            </Typography.Paragraph>
          )}
        </Card>
      </main>
    </div>
  );
}
