import { Button, Flex, Progress, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useConsoleStore } from '../../store';
import { formatBytes, formatCount } from '../call-log/call-log-format';

/**
 * The recordings' part of the upload status bar: how many wait and how far the one uploading is
 * ("录音上传 2/3 · 45%"), a hub that is being waited out, and each recording the hub refused, with
 * its words and a Retry. Nothing when there is nothing to say.
 */
export function RecordingUploadLine() {
  const { t } = useTranslation();
  const language = useConsoleStore((s) => s.ui.language);
  const status = useConsoleStore((s) => s.recording.status);
  const upload = useConsoleStore((s) => s.recording.upload);
  const recovered = useConsoleStore((s) => s.recording.recovered);
  const error = useConsoleStore((s) => s.recording.error);
  const retry = useConsoleStore((s) => s.retryRecordingUpload);
  if (status !== 'ready') return null;
  if (upload.pending === 0 && upload.failed.length === 0 && recovered === 0 && !error && upload.state !== 'stopped') return null;

  const progress = upload.progress;
  const percent = progress && progress.totalBytes > 0 ? Math.min(100, Math.round((progress.sentBytes / progress.totalBytes) * 100)) : 0;
  const progressText = progress ? t('recording.upload.progress', { current: formatCount(progress.done + 1, language), total: formatCount(Math.max(progress.total, progress.done + 1), language), percent }) : '';

  return (
    <Flex vertical gap={4} data-testid="recording-upload">
      <Typography.Text strong>{t('recording.upload.title')}</Typography.Text>
      {upload.pending > 0 && (
        <Typography.Text>{t('recording.upload.pending', { count: formatCount(upload.pending, language), size: formatBytes(upload.pendingBytes, language) })}</Typography.Text>
      )}
      {progress && (
        <Progress percent={percent} size="small" aria-label={t('recording.upload.progressLabel')} aria-valuetext={progressText} format={() => progressText} />
      )}
      {upload.state === 'waiting' && upload.lastError && <Typography.Text type="secondary">{t('recording.upload.waiting', { error: upload.lastError })}</Typography.Text>}
      {upload.state === 'stopped' && <Typography.Text type="secondary">{t('recording.upload.stopped')}</Typography.Text>}
      {recovered > 0 && <Typography.Text type="secondary">{t('recording.upload.recovered', { count: recovered })}</Typography.Text>}
      {error && (
        <Typography.Text type="danger" role="alert">
          {t('recording.upload.writeError', { error: t(error === 'quota' ? 'recording.upload.quota' : 'recording.upload.writeFailed') })}
        </Typography.Text>
      )}
      {upload.failed.map((failure) => (
        <Flex key={failure.callId} gap={8} align="center" wrap>
          <Typography.Text type="danger" style={{ wordBreak: 'break-word' }}>
            {t('recording.upload.failed', { message: failure.message || `HTTP ${failure.status}` })}
          </Typography.Text>
          <Button size="small" aria-label={t('recording.upload.retryLabel')} onClick={() => void retry(failure.callId)}>
            {t('recording.upload.retry')}
          </Button>
        </Flex>
      ))}
    </Flex>
  );
}
