import { CheckCircleOutlined, ClockCircleOutlined, CloseCircleOutlined } from '@ant-design/icons';
import { Badge, Tag, Tooltip } from 'antd';
import { useTranslation } from 'react-i18next';
import type { CallLogStatus } from '../../../../shared/api/call-logs';
import type { LocalCallLog } from '../../services/local-db/app-db';
import { rejectionDetail, statusText, syncText } from './call-log-text';

// The dot adds colour to the words; the words are the status.
const STATUS_BADGE: Record<CallLogStatus, 'processing' | 'warning' | 'success' | 'error'> = {
  live: 'processing',
  ended: 'warning',
  completed: 'success',
  interrupted: 'error',
};

export function StatusBadge({ status }: { status: CallLogStatus }) {
  const { t } = useTranslation();
  return (
    <>
      <Badge status={STATUS_BADGE[status]} aria-hidden /> {statusText(t, status)}
    </>
  );
}

export function SyncTag({ record }: { record: Pick<LocalCallLog, 'syncState' | 'rejection'> }) {
  const { t } = useTranslation();
  const text = syncText(t, record);
  switch (record.syncState) {
    case 'pending':
      return (
        <Tag icon={<ClockCircleOutlined aria-hidden />} style={{ marginInlineEnd: 0 }}>
          {text}
        </Tag>
      );
    case 'uploaded':
      return (
        <Tag icon={<CheckCircleOutlined aria-hidden style={{ color: '#389e0d' }} />} style={{ marginInlineEnd: 0 }}>
          {text}
        </Tag>
      );
    case 'rejected':
      // Red text on antd's light red is 5.3:1; the hub's own words are in the tooltip and the details.
      return (
        <Tooltip title={record.rejection ? rejectionDetail(t, record.rejection) : undefined}>
          <Tag color="red" icon={<CloseCircleOutlined aria-hidden />} style={{ marginInlineEnd: 0 }}>
            {text}
          </Tag>
        </Tooltip>
      );
  }
}
