import { Badge } from 'antd';
import { useTranslation } from 'react-i18next';
import { useConsoleStore } from '../../store';
import { registrationSummary, type RegistrationTone } from './phone-text';

const BADGE: Record<RegistrationTone, 'success' | 'processing' | 'error' | 'default'> = {
  ok: 'success',
  pending: 'processing',
  error: 'error',
  off: 'default',
};

/** "Phone: Registered" in the header; role=status so a screen reader hears it change. */
export function PhoneStatus() {
  const { t } = useTranslation();
  const status = useConsoleStore((s) => s.phone.status);
  const snapshot = useConsoleStore((s) => s.phone.snapshot);
  const configError = useConsoleStore((s) => s.phone.configError);
  const summary = registrationSummary(t, status, snapshot, configError);
  return (
    <span role="status" style={{ whiteSpace: 'nowrap' }}>
      {/* The dot repeats the words in colour; it is hidden so the status is read once. */}
      <Badge status={BADGE[summary.tone]} aria-hidden />
      <span style={{ marginInlineStart: 6 }}>{t('phone.registration.label', { state: summary.text })}</span>
    </span>
  );
}
