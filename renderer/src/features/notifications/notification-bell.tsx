import { BellOutlined, DisconnectOutlined } from '@ant-design/icons';
import { Badge, Button, Popover } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { MyNotification } from '../../../../shared/api/notifications';
import { useConsoleStore } from '../../store';
import { hashForCase } from '../workspace/panes';
import { NotificationList } from './notification-list';

/** What opening one entry does: read by this person, and its case shown when it has one. */
export function openNotification(
  notification: MyNotification,
  actions: { markRead(id: string): Promise<void>; navigate(hash: string): void },
): void {
  if (!notification.read) void actions.markRead(notification.id);
  if (notification.ticketId !== null) actions.navigate(hashForCase(notification.ticketId));
}

/**
 * The bell of the workspace header, for every role: the unread count on it, the newest
 * notifications in its popover, and a quiet sign when the push connection is being made again
 * (the count may then be behind until it is back).
 */
export function NotificationBell() {
  const { t } = useTranslation();
  const items = useConsoleStore((s) => s.notifications.items);
  const unread = useConsoleStore((s) => s.notifications.unreadCount);
  const status = useConsoleStore((s) => s.notifications.status);
  const error = useConsoleStore((s) => s.notifications.error);
  const push = useConsoleStore((s) => s.notifications.push);
  const language = useConsoleStore((s) => s.ui.language);
  const markRead = useConsoleStore((s) => s.markNotificationRead);
  const load = useConsoleStore((s) => s.loadNotifications);
  const [open, setOpen] = useState(false);

  const onOpenChange = (next: boolean) => {
    setOpen(next);
    // Without push (or while it reconnects) the list may be behind: opening it asks the hub.
    if (next) void load();
  };
  const onOpen = (notification: MyNotification) => {
    setOpen(false);
    openNotification(notification, {
      markRead,
      navigate: (hash) => {
        window.location.hash = hash;
      },
    });
  };
  const reconnecting = push === 'reconnecting';

  return (
    <span style={{ display: 'inline-flex', alignItems: 'center', gap: 4 }}>
      <Popover
        open={open}
        onOpenChange={onOpenChange}
        trigger="click"
        placement="bottomRight"
        title={t('notifications.title')}
        content={<NotificationList items={items} language={language} status={status} error={error} onOpen={onOpen} onRetry={() => void load()} />}
      >
        <Badge count={unread} overflowCount={99} size="small">
          <Button
            type="text"
            icon={<BellOutlined aria-hidden />}
            aria-label={unread > 0 ? t('notifications.bellUnread', { count: unread }) : t('notifications.bell')}
            aria-haspopup="dialog"
            aria-expanded={open}
          />
        </Badge>
      </Popover>
      {/* Always in the page, so that a screen reader announces the change when the text appears. */}
      <span role="status" style={{ display: 'inline-flex' }}>
        {reconnecting && (
          <span title={t('notifications.reconnecting')} style={{ color: '#d48806', display: 'inline-flex' }}>
            <DisconnectOutlined aria-hidden />
            <span className="visually-hidden">{t('notifications.reconnecting')}</span>
          </span>
        )}
      </span>
    </span>
  );
}
