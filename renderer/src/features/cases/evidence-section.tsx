import { CloseCircleFilled, DownloadOutlined, PaperClipOutlined } from '@ant-design/icons';
import { Alert, Button, Flex, Typography } from 'antd';
import { useEffect, useId, useRef, useState, type ChangeEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ATTACHMENT_MAX_BYTES, ATTACHMENT_MEDIA_TYPES, type Attachment, type ComplaintDetail } from '../../../../shared/api/complaints';
import type { Language } from '../../../../shared/domain/i18n';
import { mayHaveReachedHub } from '../../services/cases/action-request';
import { useConsoleStore, type CaseActionError } from '../../store';
import { formatBytes, formatDateTime } from '../call-log/call-log-format';
import { errorText } from '../common/error-text';
import { saveBlob } from '../common/save-blob';
import { CaseSection } from './case-section';

/** One evidence file as a download button named for the file. */
export function AttachmentLink({ attachment, onDownload }: { attachment: Attachment; onDownload: (attachmentId: string, fileName: string) => void }) {
  const { t } = useTranslation();
  return (
    <Button
      type="link"
      size="small"
      icon={<DownloadOutlined aria-hidden />}
      aria-label={t('cases.evidence.download', { name: attachment.fileName })}
      onClick={() => onDownload(attachment.id, attachment.fileName)}
      style={{ paddingInline: 0, height: 'auto' }}
    >
      {attachment.fileName}
    </Button>
  );
}

/** Downloads through the hub client (the file needs the token); a failure is said beside the files. */
export function useEvidenceDownload(ticketId: string): { download: (attachmentId: string, fileName: string) => void; error: string | null } {
  const { t } = useTranslation();
  const downloadCaseEvidence = useConsoleStore((s) => s.downloadCaseEvidence);
  const [error, setError] = useState<string | null>(null);
  const download = (attachmentId: string, fileName: string) => {
    setError(null);
    downloadCaseEvidence(ticketId, attachmentId).then(
      (blob) => saveBlob(blob, fileName),
      (caught: unknown) => setError(t('cases.evidence.downloadFailed', { detail: errorText(t, caught as CaseActionError) })),
    );
  };
  return { download, error };
}

type Upload =
  | { status: 'uploading'; id: string; file: File; sent: number; total: number }
  | { status: 'failed'; id: string; file: File; message: string; retry: boolean }
  | { status: 'done'; file: File };

const maxSize = (language: Language) => formatBytes(ATTACHMENT_MAX_BYTES, language);

/**
 * 证据: the case's evidence files, and an upload with its progress. The hub decides what a file is
 * from its bytes: a file it does not take is said in its words; one too large is refused here
 * before it is sent. A retry after a failed connection sends the same id, so the file is kept once.
 */
export function EvidenceSection({ detail, language, onDownload, downloadError }: { detail: ComplaintDetail; language: Language; onDownload: (attachmentId: string, fileName: string) => void; downloadError: string | null }) {
  const { t } = useTranslation();
  const uploadCaseEvidence = useConsoleStore((s) => s.uploadCaseEvidence);
  const [upload, setUpload] = useState<Upload | null>(null);
  const abort = useRef<AbortController | null>(null);
  const ids = { input: useId(), hint: useId(), progress: useId() };
  const { attachments } = detail.case;

  // Leaving the page does not leave an upload running unseen.
  useEffect(() => () => abort.current?.abort(), []);

  const send = async (file: File, id: string) => {
    const controller = new AbortController();
    abort.current = controller;
    setUpload({ status: 'uploading', id, file, sent: 0, total: file.size });
    try {
      await uploadCaseEvidence(detail.id, { id, file }, (sent, total) => setUpload((current) => (current?.status === 'uploading' && current.id === id ? { ...current, sent, total } : current)), controller.signal);
      setUpload({ status: 'done', file });
    } catch (caught) {
      const failure = caught as CaseActionError;
      if (controller.signal.aborted) {
        setUpload(null);
        return;
      }
      const message =
        failure.code === 'payload_too_large'
          ? t('cases.evidence.tooLarge', { name: file.name, max: maxSize(language) })
          : failure.code === 'unsupported_media_type'
            ? t('cases.evidence.unsupported', { detail: failure.message })
            : t('cases.evidence.failed', { name: file.name, detail: errorText(t, failure) });
      setUpload({ status: 'failed', id, file, message, retry: mayHaveReachedHub(failure.code) });
    } finally {
      if (abort.current === controller) abort.current = null;
    }
  };

  const choose = (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    // Cleared so that choosing the same file again (after a failure) fires a change.
    event.target.value = '';
    if (!file) return;
    if (file.size > ATTACHMENT_MAX_BYTES) {
      setUpload({ status: 'failed', id: '', file, message: t('cases.evidence.tooLarge', { name: file.name, max: maxSize(language) }), retry: false });
      return;
    }
    void send(file, crypto.randomUUID());
  };

  const percent = upload?.status === 'uploading' && upload.total > 0 ? Math.round((upload.sent / upload.total) * 100) : 0;

  return (
    <CaseSection title={t('cases.sections.evidence')}>
      <Flex vertical gap={12}>
        {attachments.length === 0 ? (
          <Typography.Text type="secondary">{t('cases.evidence.none')}</Typography.Text>
        ) : (
          <ul style={{ margin: 0, paddingInlineStart: 18 }}>
            {attachments.map((attachment) => (
              <li key={attachment.id}>
                <AttachmentLink attachment={attachment} onDownload={onDownload} />{' '}
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {formatBytes(attachment.size, language)} · {t('cases.evidence.uploadedBy', { by: attachment.uploadedBy, at: formatDateTime(attachment.uploadedAt, language) })}
                </Typography.Text>
              </li>
            ))}
          </ul>
        )}
        {downloadError && <Alert type="error" showIcon icon={<CloseCircleFilled aria-hidden />} title={downloadError} />}
        <div>
          <label htmlFor={ids.input} style={{ display: 'block', marginBottom: 4 }}>
            <PaperClipOutlined aria-hidden /> {t('cases.evidence.choose')}
          </label>
          <input
            id={ids.input}
            type="file"
            accept={ATTACHMENT_MEDIA_TYPES.join(',')}
            aria-describedby={ids.hint}
            disabled={upload?.status === 'uploading'}
            onChange={choose}
          />
          <Typography.Text id={ids.hint} type="secondary" style={{ display: 'block', fontSize: 12 }}>
            {t('cases.evidence.accepted', { max: maxSize(language) })}
          </Typography.Text>
        </div>
        {upload?.status === 'uploading' && (
          <Flex gap={8} align="center" wrap>
            <span id={ids.progress}>{t('cases.evidence.uploading', { name: upload.file.name })}</span>
            <progress aria-labelledby={ids.progress} max={100} value={percent} style={{ flex: '1 1 160px' }} />
            <span aria-hidden>{percent}%</span>
            <Button size="small" onClick={() => abort.current?.abort()}>
              {t('cases.evidence.cancel')}
            </Button>
          </Flex>
        )}
        {upload?.status === 'done' && (
          <Typography.Text role="status" style={{ color: '#135200' }}>
            {t('cases.evidence.uploaded', { name: upload.file.name })}
          </Typography.Text>
        )}
        {upload?.status === 'failed' && (
          <Alert
            type="error"
            showIcon
            icon={<CloseCircleFilled aria-hidden />}
            title={upload.message}
            action={
              upload.retry ? (
                <Button size="small" onClick={() => void send(upload.file, upload.id)}>
                  {t('cases.evidence.retry')}
                </Button>
              ) : undefined
            }
          />
        )}
      </Flex>
    </CaseSection>
  );
}
