import { Button, Flex, Radio, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { REVIEW_STATUSES, type Review } from '../../../../shared/api/qa';
import type { HubClient } from '../../services/hub';
import { useConsoleStore } from '../../store';
import { qaDateTime, reasonTags, reviewStatusTag, talkText } from './qa-text';
import { useHubLoad } from './use-hub-load';
import { TAG_TEXT } from '../common/tag-style';
import { LoadFailed } from './load-states';

export type StatusFilter = (typeof REVIEW_STATUSES)[number] | 'all';

export interface ReviewQueueProps {
  scope: 'mine' | 'all';
  onOpen: (reviewId: string) => void;
}

/** The sampled calls to score (mine), or every assessor's (all, for supervisors), filtered by status. */
export function ReviewQueue({ scope, onOpen }: ReviewQueueProps) {
  const { t } = useTranslation();
  const language = useConsoleStore((s) => s.ui.language);
  const [status, setStatus] = useState<StatusFilter>(scope === 'mine' ? 'open' : 'all');
  const read = useCallback(
    (hub: HubClient, token: string, signal: AbortSignal) => hub.listReviews(token, status === 'all' ? { scope } : { scope, status }, { signal }),
    [scope, status],
  );
  const [load, reload] = useHubLoad(`reviews ${scope} ${status}`, read);

  const columns: TableColumnsType<Review> = [
    { title: t('qa.queue.callTime'), key: 'time', render: (_, review) => qaDateTime(review.callStartedAt, language) },
    { title: t('qa.queue.agent'), key: 'agent', render: (_, review) => review.agentName },
    { title: t('qa.queue.number'), key: 'number', render: (_, review) => review.remoteNumber ?? t('qa.queue.withheld') },
    { title: t('qa.queue.talk'), key: 'talk', align: 'right', render: (_, review) => talkText(review.talkSeconds) },
    {
      title: t('qa.queue.reasons'),
      key: 'reasons',
      render: (_, review) => (
        <>
          {/* Scored blind beside other assessors: the word says so, the colour only repeats it. */}
          {review.calibrationId !== null && (
            <Tag color="purple" style={TAG_TEXT.purple} data-testid="qa-calibration-tag">
              {t('qa.review.calibrationTag')}
            </Tag>
          )}
          {reasonTags(t, review.reasons)}
        </>
      ),
    },
    ...(scope === 'all' ? [{ title: t('qa.queue.assessor'), key: 'assessor', render: (_: unknown, review: Review) => review.assessorName }] : []),
    { title: t('qa.queue.status'), key: 'status', render: (_, review) => reviewStatusTag(t, review.status) },
    {
      title: t('qa.queue.action'),
      key: 'open',
      render: (_, review) => (
        <Button size="small" onClick={() => onOpen(review.id)} aria-label={t('qa.queue.openLabel', { agent: review.agentName, time: qaDateTime(review.callStartedAt, language) })} data-testid="qa-open-review" data-review-id={review.id}>
          {t('qa.queue.open')}
        </Button>
      ),
    },
  ];

  return (
    <Flex vertical gap={12} data-testid="qa-review-queue">
      <Radio.Group
        aria-label={t('qa.queue.filter')}
        optionType="button"
        value={status}
        onChange={(event) => setStatus(event.target.value as StatusFilter)}
        options={(['all', ...REVIEW_STATUSES] as const).map((value) => ({ value, label: value === 'all' ? t('qa.queue.allStatuses') : t(`qa.status.${value}`) }))}
      />
      {load.status === 'error' && (
        <LoadFailed title={t('qa.queue.loadFailed')} error={load.error} onRetry={reload} />
      )}
      <Table<Review>
        size="small"
        rowKey="id"
        loading={load.status === 'loading'}
        columns={columns}
        dataSource={load.status === 'ready' ? load.value.reviews : []}
        pagination={{ pageSize: 50, hideOnSinglePage: true }}
        scroll={{ x: 'max-content' }}
        locale={{ emptyText: <Typography.Text type="secondary">{t('qa.queue.none')}</Typography.Text> }}
      />
    </Flex>
  );
}
