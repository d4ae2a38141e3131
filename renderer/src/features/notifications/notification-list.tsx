import { Button, Empty, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { MyNotification } from '../../../../shared/api/notifications';
import type { Language } from '../../../../shared/domain/i18n';
import { formatDateTime } from '../call-log/call-log-format';
import { errorText } from '../common/error-text';
import type { UserFacingError } from '../../store';

export interface NotificationListProps {
  items: readonly MyNotification[];
  language: Language;
  status: 'idle' | 'loading' | 'ready' | 'error';
  error: UserFacingError | null;
  onOpen(notification: MyNotification): void;
  onRetry(): void;
}

/**
 * The bell's popover: newest first, unread ones in bold and named so for screen readers, urgent
 * ones tagged. Each entry is one button: it marks the notification read and opens its case.
 */
export function NotificationList({ items, language, status, error, onOpen, onRetry }: NotificationListProps) {
  const { t } = useTranslation();
  return (
    <div style={{ width: 340, maxHeight: 420, overflowY: 'auto' }}>
      {error && (
        <Typography.Paragraph type="danger" role="alert" style={{ marginBottom: 8 }}>
          {t('notifications.loadFailed', { reason: errorText(t, error) })}{' '}
          <Button size="small" onClick={onRetry}>
            {t('notifications.retry')}
          </Button>
        </Typography.Paragraph>
      )}
      {items.length === 0 ? (
        status === 'loading' ? (
          <Typography.Text type="secondary" aria-busy="true">
            {t('notifications.loading')}
          </Typography.Text>
        ) : (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('notifications.empty')} />
        )
      ) : (
        <ul aria-label={t('notifications.listLabel')} style={{ listStyle: 'none', margin: 0, padding: 0 }}>
          {items.map((n) => (
            <li key={n.id} style={{ borderBottom: '1px solid #f0f0f0' }}>
              <button
                type="button"
                className="notification-entry"
                onClick={() => onOpen(n)}
                style={{
                  display: 'block',
                  width: '100%',
                  textAlign: 'start',
                  padding: '8px 4px',
                  border: 'none',
                  background: n.read ? 'transparent' : '#e6f4ff',
                  cursor: 'pointer',
                  font: 'inherit',
                  color: 'inherit',
                }}
              >
                <span style={{ display: 'flex', gap: 6, alignItems: 'baseline' }}>
                  {!n.read && <span className="visually-hidden">{t('notifications.unread')} </span>}
                  {n.urgent && (
                    <Tag color="red" style={{ marginInlineEnd: 0 }}>
                      {t('notifications.urgent')}
                    </Tag>
                  )}
                  <span style={{ fontWeight: n.read ? 'normal' : 600, overflowWrap: 'anywhere' }}>{n.message}</span>
                </span>
                <span style={{ display: 'flex', gap: 8, color: 'rgba(0, 0, 0, 0.65)', fontSize: 12, marginTop: 2 }}>
                  {n.ticketNo && <span>{t('notifications.ticket', { ticketNo: n.ticketNo })}</span>}
                  <time dateTime={n.createdAt}>{formatDateTime(n.createdAt, language)}</time>
                </span>
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
