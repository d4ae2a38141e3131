import { CloseCircleFilled, WarningFilled } from '@ant-design/icons';
import { Alert, Badge } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useConsoleStore, type CallLogErrorCode } from '../../store';
import { hashForPane } from '../workspace/panes';
import { formatCount } from './call-log-format';
import { headerSummary } from './call-log-text';

/**
 * "Call logs: 3 waiting to upload" in the header, linking to the history. role=status so a screen
 * reader hears it change; the label repeats the words, because a status takes no name from its content.
 */
export function CallLogHeaderStatus() {
  const { t } = useTranslation();
  const language = useConsoleStore((s) => s.ui.language);
  const status = useConsoleStore((s) => s.callLog.status);
  const upload = useConsoleStore((s) => s.callLog.upload);
  const text = headerSummary(t, status, upload, language);
  const badge = status === 'failed' || upload.rejected > 0 ? 'error' : upload.pending > 0 || status !== 'ready' ? 'processing' : 'success';
  return (
    <span role="status" aria-label={text} style={{ whiteSpace: 'nowrap' }}>
      {/* The dot repeats the words in colour; it is hidden so the status is read once. */}
      <Badge status={badge} aria-hidden />
      <a href={hashForPane('history')} style={{ marginInlineStart: 6 }}>
        {text}
      </a>
    </span>
  );
}

function errorTitle(t: ReturnType<typeof useTranslation>['t'], code: CallLogErrorCode): string {
  switch (code) {
    case 'quota':
      return t('callLog.errors.quota');
    case 'unavailable':
      return t('callLog.errors.unavailable');
    case 'write_failed':
      return t('callLog.errors.write_failed');
  }
}

/**
 * What the agent must know about the call log before the next call: the disk is full (nothing new is
 * saved), the database cannot be used, or calls were cut off by the console closing mid-call.
 */
export function CallLogBanners() {
  const { t } = useTranslation();
  const language = useConsoleStore((s) => s.ui.language);
  const error = useConsoleStore((s) => s.callLog.error);
  const recovered = useConsoleStore((s) => s.callLog.recovered);
  const dismissError = useConsoleStore((s) => s.dismissCallLogError);
  // Recovery happens once per start-up; dismissing it is this window's business only.
  const [recoveredSeen, setRecoveredSeen] = useState(0);

  return (
    <>
      {error && (
        <Alert
          type="error"
          banner
          showIcon
          icon={<CloseCircleFilled aria-hidden />}
          role="alert"
          title={errorTitle(t, error.code)}
          // The browser's own words help whoever looks into it.
          description={error.detail || undefined}
          closable={{ onClose: dismissError, 'aria-label': t('callLog.dismiss') }}
        />
      )}
      {recovered > recoveredSeen && (
        <Alert
          type="warning"
          banner
          showIcon
          icon={<WarningFilled aria-hidden />}
          role="status"
          title={recovered === 1 ? t('callLog.recoveredOne') : t('callLog.recovered', { count: formatCount(recovered, language) })}
          closable={{ onClose: () => setRecoveredSeen(recovered), 'aria-label': t('callLog.dismiss') }}
        />
      )}
    </>
  );
}
