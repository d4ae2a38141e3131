import type { Logger } from '../log';
import type { Handlers } from './register';

export interface NotificationLike {
  on(event: 'click', listener: () => void): unknown;
  on(event: 'close', listener: () => void): unknown;
  show(): void;
}

/** The part of Electron's `Notification` class this module uses. */
export interface NotificationConstructorLike {
  new (options: { title: string; body: string }): NotificationLike;
  isSupported(): boolean;
}

export interface NotificationsDeps {
  Notification: NotificationConstructorLike;
  /** Brings the console to the front: an agent clicks a notification to answer the call it announces. */
  focusMainWindow: () => void;
  log: Logger;
}

export function createNotificationHandlers(deps: NotificationsDeps): Pick<Handlers, 'showNotification'> {
  const { Notification, focusMainWindow, log } = deps;
  // Electron drops the click handler of a notification that was garbage-collected while on screen.
  const onScreen = new Set<NotificationLike>();

  return {
    showNotification: ({ title, body }) => {
      if (!Notification.isSupported()) {
        log.info('notifications are not supported on this system');
        return { shown: false };
      }
      const notification = new Notification({ title, body });
      onScreen.add(notification);
      notification.on('click', () => {
        onScreen.delete(notification);
        focusMainWindow();
      });
      notification.on('close', () => onScreen.delete(notification));
      notification.show();
      return { shown: true };
    },
  };
}
