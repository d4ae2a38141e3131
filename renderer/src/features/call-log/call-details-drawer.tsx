import { CloseCircleFilled, RedoOutlined, WarningFilled } from '@ant-design/icons';
import { Alert, App, Button, Drawer, Flex, Spin, Typography } from 'antd';
import { useId, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { callLogById } from '../../services/call-log/call-log-queries';
import type { LocalCallLog } from '../../services/local-db/app-db';
import { useConsoleStore } from '../../store';
import { formatDuration } from '../phone/call-format';
import { callLength, dispositionLabel, formatDateTimeSeconds } from './call-log-format';
import { StatusBadge, SyncTag } from './call-log-tags';
import { callerText, eventDetailText, eventTypeText, lengthText, rejectionDetail, rejectionReason } from './call-log-text';
import { useCallLogDb, useCallLogQuery } from './use-call-log-query';
import { Facts } from '../common/facts';

/** One call's record as this PC keeps it: facts, transfers, wrap-up, every event, and its upload. */
export function CallDetailsDrawer({ id, onClose }: { id: string | null; onClose: () => void }) {
  const { t } = useTranslation();
  const db = useCallLogDb();
  const record = useCallLogQuery(db, (d) => (id ? callLogById(d, id) : Promise.resolve(undefined)), [id]);
  const loaded = record.state === 'ready' && record.value?.id === id ? record.value : null;
  const title = loaded ? t('callLog.details.title', { caller: callerText(t, loaded.remote) }) : t('callLog.details.titleLoading');

  return (
    <Drawer open={id !== null} title={title} onClose={onClose} size="large" destroyOnHidden>
      {record.state === 'failed' ? (
        <Alert type="error" showIcon icon={<CloseCircleFilled aria-hidden />} title={t('callLog.history.readFailed')} />
      ) : loaded ? (
        <CallDetails record={loaded} />
      ) : record.state === 'ready' && record.value === undefined ? (
        <Typography.Paragraph>{t('callLog.details.gone')}</Typography.Paragraph>
      ) : (
        <Spin description={t('callLog.history.loading')} />
      )}
    </Drawer>
  );
}

function CallDetails({ record }: { record: LocalCallLog }) {
  const { t } = useTranslation();
  const language = useConsoleStore((s) => s.ui.language);
  const codes = useConsoleStore((s) => s.phone.dispositionCodes);
  const queues = useConsoleStore((s) => s.phone.directory?.queues);
  const none = t('callLog.details.none');
  const time = (at: string | null) => (at ? formatDateTimeSeconds(at, language) : none);
  const queue = record.ivrChoice ? queues?.find((q) => q.ivrChoice === record.ivrChoice) : undefined;
  const endedBy = record.endedBy ? t(`phone.call.endedBy.${record.endedBy}`) : none;
  const ended =
    record.status === 'interrupted' && record.endedAt === null
      ? t('callLog.details.endUnknown', { time: record.interruption ? formatDateTimeSeconds(record.interruption.lastSeenAt, language) : none })
      : time(record.endedAt);

  return (
    <Flex vertical gap={16}>
      {record.syncState === 'rejected' && <RejectedAlert record={record} />}
      {record.status === 'interrupted' && (
        <Alert type="warning" showIcon icon={<WarningFilled aria-hidden />} title={t('callLog.wrapUp.interrupted')} />
      )}
      <DetailSection title={t('callLog.details.call')}>
        <Facts
          items={[
            [t('callLog.details.direction'), t(`phone.call.direction.${record.direction}`)],
            [t('callLog.details.number'), record.remote.number ?? t('callLog.details.withheld')],
            [t('callLog.details.name'), record.remote.displayName || none],
            [t('callLog.details.ivrChoice'), queue ? queue.name[language] : (record.ivrChoice ?? none)],
            [t('callLog.details.status'), <StatusBadge key="status" status={record.status} />],
            [t('callLog.details.started'), time(record.startedAt)],
            [t('callLog.details.answered'), time(record.answeredAt)],
            [t('callLog.details.ended'), ended],
            [t('callLog.details.length'), lengthText(t, callLength(record))],
            [t('callLog.details.hold'), formatDuration(record.holdSeconds * 1000)],
            [t('callLog.details.endedBy'), record.endCause && !['BYE', 'CANCEL'].includes(record.endCause) ? t('phone.call.endCause', { ended: endedBy, cause: record.endCause }) : endedBy],
            [t('callLog.details.sync'), <SyncTag key="sync" record={record} />],
          ]}
        />
      </DetailSection>

      <DetailSection title={t('callLog.details.wrapUp')}>
        <Facts
          items={[
            [t('callLog.wrapUp.disposition'), dispositionLabel(codes, record.wrapUp.dispositionCode, language) ?? t('callLog.details.noDisposition')],
            [t('callLog.details.wrapUpDone'), time(record.wrapUp.doneAt)],
          ]}
        />
        <Typography.Text strong style={{ display: 'block', marginTop: 8 }}>
          {t('callLog.wrapUp.notes')}
        </Typography.Text>
        <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', margin: 0 }}>{record.wrapUp.notes || t('callLog.details.noNotes')}</Typography.Paragraph>
      </DetailSection>

      <DetailSection title={t('callLog.details.transfers')}>
        {record.transfers.length === 0 ? (
          <Typography.Text>{t('callLog.details.noTransfers')}</Typography.Text>
        ) : (
          <ul style={{ margin: 0, paddingInlineStart: 20 }}>
            {record.transfers.map((transfer, i) => (
              <li key={`${transfer.at}-${i}`}>
                {t('callLog.details.transfer', {
                  time: formatDateTimeSeconds(transfer.at, language),
                  kind: t(`callLog.details.transferKinds.${transfer.kind}`),
                  target: transfer.target,
                  outcome: t(`callLog.details.transferOutcomes.${transfer.outcome}`),
                })}
              </li>
            ))}
          </ul>
        )}
      </DetailSection>

      <DetailSection title={t('callLog.details.events')}>
        <ol style={{ margin: 0, paddingInlineStart: 20 }}>
          {record.events.map((event) => {
            const detail = eventDetailText(t, event, { dispositionCodes: codes, language });
            return (
              <li key={event.seq} style={{ marginBottom: 2 }}>
                <Typography.Text type="secondary" style={{ fontVariantNumeric: 'tabular-nums' }}>
                  {formatDateTimeSeconds(event.at, language)}
                </Typography.Text>{' '}
                <Typography.Text>{eventTypeText(t, event.type)}</Typography.Text>
                {detail && <Typography.Text type="secondary"> · {detail}</Typography.Text>}
              </li>
            );
          })}
        </ol>
      </DetailSection>
    </Flex>
  );
}

function RejectedAlert({ record }: { record: LocalCallLog }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const requeue = useConsoleStore((s) => s.requeueCallLog);
  const [busy, setBusy] = useState(false);
  const sendAgain = async () => {
    setBusy(true);
    try {
      await requeue(record.id);
      void message.success(t('callLog.details.sentAgain'));
    } catch {
      void message.error(t('callLog.details.sendAgainFailed'));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Alert
      type="error"
      showIcon
      icon={<CloseCircleFilled aria-hidden />}
      title={t('callLog.details.rejected', { reason: rejectionReason(t, record.rejection) })}
      description={
        <>
          {record.rejection && <div style={{ wordBreak: 'break-word' }}>{rejectionDetail(t, record.rejection)}</div>}
          <div>{t('callLog.details.rejectedHint')}</div>
        </>
      }
      action={
        <Button size="small" icon={<RedoOutlined aria-hidden />} loading={busy} onClick={() => void sendAgain()}>
          {t('callLog.details.sendAgain')}
        </Button>
      }
    />
  );
}

function DetailSection({ title, children }: { title: string; children: ReactNode }) {
  const headingId = useId();
  return (
    <section aria-labelledby={headingId}>
      <Typography.Title level={3} id={headingId} style={{ fontSize: 15, marginTop: 0 }}>
        {title}
      </Typography.Title>
      {children}
    </section>
  );
}

