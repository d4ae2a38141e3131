import { CloudDownloadOutlined, SyncOutlined, WarningFilled } from '@ant-design/icons';
import { Alert, Button, Flex, Progress, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useConsoleStore } from '../../store';
import { useNow } from '../phone/use-now';
import { formatCount, formatMoment } from './customer-text';

/**
 * How fresh the PC's copy of the customer cards is, which the screen pop relies on when the hub is
 * down: the first download's progress, when it last caught up, and a failure with the next try.
 * Only for roles that keep a copy (the state is `off` for the others).
 */
export function LocalCopyStatus() {
  const { t } = useTranslation();
  const sync = useConsoleStore((s) => s.customers.sync);
  const language = useConsoleStore((s) => s.ui.language);
  const syncNow = useConsoleStore((s) => s.syncCustomersNow);
  const now = useNow(30_000);
  if (sync.state === 'off') return null;
  const count = formatCount(sync.cached, language);
  const refresh = (
    <Button size="small" icon={<SyncOutlined aria-hidden />} onClick={syncNow} disabled={sync.state === 'syncing'}>
      {t('customer.copy.refresh')}
    </Button>
  );
  if (sync.state === 'failed') {
    return (
      <Alert
        type="warning"
        showIcon
        icon={<WarningFilled aria-hidden />}
        role="status"
        title={t('customer.copy.failed', { count })}
        description={[
          sync.lastError,
          sync.nextAttemptAt !== null ? t('customer.copy.nextTry', { time: formatMoment(sync.nextAttemptAt, language, now) }) : null,
        ]
          .filter(Boolean)
          .join(' · ')}
        action={refresh}
      />
    );
  }
  const progress = sync.state === 'syncing' ? sync.progress : null;
  return (
    <Flex role="status" align="center" gap={12} wrap>
      <CloudDownloadOutlined aria-hidden />
      {progress ? (
        <>
          <Typography.Text>
            {t('customer.copy.downloading', { done: formatCount(progress.done, language), total: formatCount(progress.total, language) })}
          </Typography.Text>
          <Progress
            percent={progress.total > 0 ? Math.floor((progress.done / progress.total) * 100) : 0}
            size="small"
            style={{ width: 160, margin: 0 }}
            aria-label={t('customer.copy.progressLabel')}
          />
        </>
      ) : (
        <Typography.Text type="secondary">
          {sync.syncedAt !== null
            ? t('customer.copy.fresh', { count, time: formatMoment(sync.syncedAt, language, now) })
            : t('customer.copy.neverFresh', { count })}
        </Typography.Text>
      )}
      {refresh}
    </Flex>
  );
}
