import { CloudUploadOutlined, WarningFilled } from '@ant-design/icons';
import { Button, Card, Flex, Progress, Typography } from 'antd';
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { useConsoleStore } from '../../store';
import { RecordingUploadLine } from '../recording/recording-upload-line';
import { formatBytes, formatCount } from './call-log-format';
import { uploadStateText } from './call-log-text';

/**
 * Where this PC's call logs stand with the hub (waiting, rejected, uploading, waiting out a hub that
 * is down) and what the browser lets the console keep: what an agent or a technician checks before
 * wiping a PC or when the supervisor misses calls on the hub.
 */
export function UploadStatusBar() {
  const { t } = useTranslation();
  const headingId = useId();
  const language = useConsoleStore((s) => s.ui.language);
  const status = useConsoleStore((s) => s.callLog.status);
  const upload = useConsoleStore((s) => s.callLog.upload);
  const uploadNow = useConsoleStore((s) => s.uploadCallLogsNow);
  const { text, detail } = uploadStateText(t, upload, language);
  const progress = upload.state === 'uploading' ? upload.progress : null;
  const progressText = progress
    ? t('callLog.upload.progressText', { done: formatCount(progress.done, language), total: formatCount(progress.total, language) })
    : '';

  return (
    <Card
      size="small"
      role="region"
      aria-labelledby={headingId}
      title={
        <Typography.Title level={2} id={headingId} style={{ fontSize: 15, margin: 0 }}>
          {t('callLog.upload.title')}
        </Typography.Title>
      }
      extra={
        // Not disabled while a run is on: the retries would make it flicker, and a press then only asks for one more run.
        <Button size="small" icon={<CloudUploadOutlined aria-hidden />} disabled={status !== 'ready'} onClick={uploadNow}>
          {t('callLog.upload.now')}
        </Button>
      }
    >
      <Flex vertical gap={6}>
        <Flex gap={16} wrap>
          <Typography.Text>{t('callLog.upload.pending', { pending: formatCount(upload.pending, language) })}</Typography.Text>
          <Typography.Text type={upload.rejected > 0 ? 'danger' : undefined}>
            {t('callLog.upload.rejected', { rejected: formatCount(upload.rejected, language) })}
          </Typography.Text>
          <Typography.Text strong>{text}</Typography.Text>
        </Flex>
        {progress && (
          <Progress
            percent={progress.total > 0 ? Math.round((progress.done / progress.total) * 100) : 0}
            aria-label={t('callLog.upload.progress')}
            aria-valuetext={progressText}
            format={() => progressText}
            size="small"
          />
        )}
        {detail && (
          <Typography.Text type="secondary" style={{ wordBreak: 'break-word' }}>
            {detail}
          </Typography.Text>
        )}
        <RecordingUploadLine />
        <StorageLine />
      </Flex>
    </Card>
  );
}

function StorageLine() {
  const { t } = useTranslation();
  const language = useConsoleStore((s) => s.ui.language);
  const storage = useConsoleStore((s) => s.callLog.storage);
  const retentionDays = useConsoleStore((s) => s.callLog.retentionDays);
  const usage =
    storage && storage.usageBytes !== null && storage.quotaBytes !== null
      ? t('callLog.storage.usage', { usage: formatBytes(storage.usageBytes, language), quota: formatBytes(storage.quotaBytes, language) })
      : t('callLog.storage.usageUnknown');
  return (
    <>
      <Typography.Text type="secondary">
        {usage} · {t('callLog.storage.retention', { days: formatCount(retentionDays, language) })}
      </Typography.Text>
      {storage?.persisted === true && <Typography.Text type="secondary">{t('callLog.storage.persisted')}</Typography.Text>}
      {/* Unknown counts as not promised: the warning is the safe thing to show. */}
      {storage && storage.persisted !== true && (
        // antd's warning gold is 2:1 on white; this darker one reads at 6.8:1.
        <Typography.Text style={{ color: '#874d00' }}>
          <WarningFilled aria-hidden /> {t('callLog.storage.notPersisted')}
        </Typography.Text>
      )}
    </>
  );
}
