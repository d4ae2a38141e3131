import type { Settings } from '../../../shared/ipc/contract';
import type { ConsoleEvents } from '../events';
import { messagesFor } from '../i18n';
import type { Logger } from '../log';
import type { Handlers } from './register';

export interface NotificationOptionsLike {
  title: string;
  body: string;
  silent?: boolean;
  urgency?: 'normal' | 'critical' | 'low';
  timeoutType?: 'default' | 'never';
  actions?: { type: 'button'; text: string }[];
}

/** Electron 41 passes the index inside the first argument; older versions passed it second. */
export type NotificationActionListener = (details: { actionIndex?: number }, actionIndex?: number) => void;

export interface NotificationLike {
  on(event: 'click', listener: () => void): unknown;
  on(event: 'close', listener: () => void): unknown;
  on(event: 'action', listener: NotificationActionListener): unknown;
  show(): void;
  close(): void;
}

/** The part of Electron's `Notification` class this module uses. */
export interface NotificationConstructorLike {
  new (options: NotificationOptionsLike): NotificationLike;
  isSupported(): boolean;
}

/** The part of the main window a ringing call needs. */
export interface AttentionWindow {
  isDestroyed(): boolean;
  isFocused(): boolean;
  isVisible(): boolean;
  isMinimized(): boolean;
  restore(): void;
  show(): void;
  focus(): void;
  moveTop(): void;
  flashFrame(flag: boolean): void;
  once(event: 'focus', listener: () => void): unknown;
}

export interface NotificationsDeps {
  Notification: NotificationConstructorLike;
  platform: NodeJS.Platform;
  /** Brings the console to the front: an agent clicks a notification to answer the call it announces. */
  focusMainWindow: () => void;
  mainWindow: () => AttentionWindow | null;
  /** macOS raises a window only when the app itself is activated. */
  focusApp: () => void;
  events: Pick<ConsoleEvents, 'send'>;
  getSettings: () => Promise<Settings>;
  log: Logger;
}

type IncomingCallActions = 'answer' | 'reject';
const ACTION_ORDER: readonly IncomingCallActions[] = ['answer', 'reject'];

export function createNotificationHandlers(
  deps: NotificationsDeps,
): Pick<Handlers, 'showNotification' | 'showIncomingCall' | 'dismissIncomingCall'> {
  const { Notification, focusMainWindow, events, log } = deps;
  // Electron drops the click handler of a notification that was garbage-collected while on screen.
  const onScreen = new Set<NotificationLike>();
  /** The call being announced: a new call replaces it, since the agent can only act on the latest. */
  let ringing: { callId: string; notification: NotificationLike | null; flashed: AttentionWindow | null } | null = null;
  /** The call a `showIncomingCall` is being prepared for; a dismiss meanwhile cancels it. */
  let pendingCallId: string | null = null;

  function show(options: NotificationOptionsLike): NotificationLike {
    const notification = new Notification(options);
    onScreen.add(notification);
    notification.on('close', () => onScreen.delete(notification));
    notification.show();
    return notification;
  }

  function endRinging(): void {
    if (!ringing) return;
    const { notification, flashed } = ringing;
    ringing = null;
    notification?.close();
    if (flashed && !flashed.isDestroyed()) flashed.flashFrame(false);
  }

  function bringToFront(window: AttentionWindow | null): { brought: boolean; flashed: AttentionWindow | null } {
    if (!window || window.isDestroyed()) return { brought: false, flashed: null };
    if (window.isMinimized()) window.restore();
    window.show();
    deps.focusApp();
    window.focus();
    window.moveTop();
    // Windows refuses focus to a background program more often than not; the taskbar then flashes until looked at.
    if (deps.platform !== 'win32') return { brought: true, flashed: null };
    window.flashFrame(true);
    window.once('focus', () => {
      if (!window.isDestroyed()) window.flashFrame(false);
    });
    return { brought: true, flashed: window };
  }

  return {
    showNotification: ({ title, body }) => {
      if (!Notification.isSupported()) {
        log.info('notifications are not supported on this system');
        return { shown: false };
      }
      const notification = show({ title, body });
      notification.on('click', () => {
        onScreen.delete(notification);
        focusMainWindow();
      });
      return { shown: true };
    },

    showIncomingCall: async ({ callId, caller, detail }) => {
      pendingCallId = callId;
      const settings = await deps.getSettings();
      if (pendingCallId !== callId) return { shown: false, broughtToFront: false };
      pendingCallId = null;
      // The same call again is the screen pop's name arriving after the number: the toast's text
      // changes, but the window is not raised a second time over what the agent turned to meanwhile.
      const again = ringing?.callId === callId ? ringing : null;
      if (again) {
        again.notification?.close();
        again.notification = null;
      } else {
        endRinging();
      }

      const window = deps.mainWindow();
      // An agent looking at the console sees the call there; a toast on top of it is noise.
      const watched = window !== null && !window.isDestroyed() && window.isVisible() && !window.isMinimized() && window.isFocused();
      const front = again
        ? { brought: false, flashed: again.flashed }
        : settings.bringToFrontOnRing
          ? bringToFront(window)
          : { brought: false, flashed: null };
      ringing = { callId, notification: null, flashed: front.flashed };
      if (watched) return { shown: false, broughtToFront: front.brought };
      if (!Notification.isSupported()) {
        log.info('notifications are not supported on this system');
        return { shown: false, broughtToFront: front.brought };
      }

      const messages = messagesFor(settings.language);
      const notification = show({
        title: caller,
        body: detail,
        // The console rings on the agent's chosen ringer; an OS chime on top would ring twice.
        silent: true,
        urgency: 'critical',
        timeoutType: 'never',
        // Electron shows notification buttons on macOS only; elsewhere the click opens the console.
        ...(deps.platform === 'darwin'
          ? { actions: [{ type: 'button' as const, text: messages.answer }, { type: 'button' as const, text: messages.reject }] }
          : {}),
      });
      ringing.notification = notification;

      const settle = (): void => {
        onScreen.delete(notification);
        if (ringing?.notification === notification) ringing.notification = null;
      };
      notification.on('click', () => {
        settle();
        focusMainWindow();
        events.send({ type: 'incomingCall', callId, action: 'show' });
      });
      notification.on('action', (details, legacyIndex) => {
        const index = typeof details?.actionIndex === 'number' ? details.actionIndex : legacyIndex;
        const action = index === undefined ? undefined : ACTION_ORDER[index];
        if (!action) return;
        settle();
        if (action === 'answer') focusMainWindow();
        events.send({ type: 'incomingCall', callId, action });
      });
      return { shown: true, broughtToFront: front.brought };
    },

    dismissIncomingCall: ({ callId }) => {
      if (pendingCallId === callId) {
        pendingCallId = null;
        return { dismissed: true };
      }
      if (ringing?.callId !== callId) return { dismissed: false };
      endRinging();
      return { dismissed: true };
    },
  };
}
