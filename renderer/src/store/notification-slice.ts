import type { StateCreator } from 'zustand';
import type { HubEvent } from '../../../shared/api/events';
import type { MyNotification } from '../../../shared/api/notifications';
import { createLogger } from '../logger';
import { isHubError } from '../services/hub';
import type { PushClient, PushConnectionState } from '../services/push';
import type { ConsoleStore } from './console-store-types';
import { clockOf, getStoreDeps, randomOf } from './store-deps';
import { toUserFacingError, type UserFacingError } from './user-facing-error';

const log = createLogger('store/notifications');
const pushLog = createLogger('services/push');

/** How many the bell lists; the count covers them all. */
export const NOTIFICATION_LIST_LIMIT = 30;

/** `off`: signed out, or a console built without push (the bell then loads at login and when opened). */
export type PushStatus = PushConnectionState | 'off';

export interface NotificationSliceState {
  notifications: {
    /** Newest first, read ones too. */
    items: MyNotification[];
    unreadCount: number;
    status: 'idle' | 'loading' | 'ready' | 'error';
    error: UserFacingError | null;
    push: PushStatus;
  };
}

export interface NotificationSliceActions {
  /** After login; called by the session slice: the list, and the push connection that keeps it fresh. */
  startNotifications(): Promise<void>;
  /** At logout: the connection closes; what a later answer brings is dropped. */
  stopNotifications(): void;
  /** Reads the list again (the bell opened, a retry); one request at a time, one more if asked meanwhile. */
  loadNotifications(): Promise<void>;
  /** Read by this person: shown at once, told to the hub; the list is read again if the hub disagrees. */
  markNotificationRead(id: string): Promise<void>;
  /**
   * The hub's push events for features (the Cases pane refreshes on `ticket.changed`). Listeners
   * stay across logins: a pane subscribes when it mounts and unsubscribes when it goes.
   */
  subscribeHubEvents(listener: (event: HubEvent) => void): () => void;
}

export type NotificationSlice = NotificationSliceState & NotificationSliceActions;

export const initialNotificationState = (): NotificationSliceState => ({
  notifications: { items: [], unreadCount: 0, status: 'idle', error: null, push: 'off' },
});

/**
 * The bell's data and the push connection of the login. Events only say that something changed,
 * so a `notification.created` — and every (re)connection, which may have missed some — reads the
 * list again from the hub, which decides what this person may see.
 */
export const createNotificationSlice: StateCreator<ConsoleStore, [], [], NotificationSlice> = (set, get) => {
  const hubListeners = new Set<(event: HubEvent) => void>();
  let push: PushClient | null = null;
  /** Rises at each start and stop: an answer for an earlier login is dropped. */
  let generation = 0;
  let loading: Promise<void> | null = null;
  let again = false;

  const patch = (p: Partial<NotificationSliceState['notifications']>) => set({ notifications: { ...get().notifications, ...p } });

  async function loadOnce(mine: number): Promise<void> {
    if (get().notifications.items.length === 0) patch({ status: 'loading' });
    try {
      const list = await get().callHub((hub, token) => hub.myNotifications(token, { limit: NOTIFICATION_LIST_LIMIT }));
      if (mine === generation) patch({ items: list.items, unreadCount: list.unreadCount, status: 'ready', error: null });
    } catch (error) {
      if (mine !== generation) return;
      log.warn('could not load the notifications', error);
      // What was shown stays: a failed refresh must not empty the bell.
      patch({ status: 'error', error: toUserFacingError(error) });
    }
  }

  function load(): Promise<void> {
    if (loading) {
      again = true;
      return loading;
    }
    const mine = generation;
    const current: Promise<void> = (async () => {
      do {
        again = false;
        await loadOnce(mine);
      } while (again && mine === generation);
    })().finally(() => {
      if (loading === current) loading = null;
    });
    loading = current;
    return current;
  }

  function onHubEvent(event: HubEvent, mine: number): void {
    if (mine !== generation) return;
    if (event.type === 'notification.created') void load();
    for (const listener of [...hubListeners]) {
      try {
        listener(event);
      } catch (error) {
        log.error(`a listener of ${event.type} failed`, error);
      }
    }
  }

  function onPushState(state: PushConnectionState, reason: string | null, token: string, mine: number): void {
    if (mine !== generation) return;
    patch({ push: state });
    // Connected again: whatever was sent while the console was away is in the list, not in events.
    if (state === 'connected') void load();
    if (state === 'stopped' && reason === 'unauthorized' && get().session.token === token) get().expireSession();
  }

  /** The push connection closed and a load of the last login forgotten, so the next login's starts afresh. */
  function closePush(): void {
    push?.stop();
    push = null;
    loading = null;
    again = false;
  }

  return {
    ...initialNotificationState(),

    startNotifications: async () => {
      closePush();
      generation += 1;
      const mine = generation;
      const { token, hubUrl } = get().session;
      set(initialNotificationState());
      if (!token) return;
      const deps = getStoreDeps();
      if (deps.createPushClient) {
        const clock = clockOf(deps);
        push = deps.createPushClient({
          baseUrl: hubUrl,
          token,
          timers: clock,
          random: randomOf(deps),
          logger: pushLog,
          onState: (state, reason) => onPushState(state, reason, token, mine),
        });
        push.subscribe((event) => onHubEvent(event, mine));
        patch({ push: push.state });
        push.start();
      }
      await load();
    },

    stopNotifications: () => {
      closePush();
      generation += 1;
      set(initialNotificationState());
    },

    loadNotifications: () => (get().session.token ? load() : Promise.resolve()),

    markNotificationRead: async (id) => {
      const { items, unreadCount } = get().notifications;
      const target = items.find((n) => n.id === id);
      if (target && !target.read) {
        const readAt = new Date(clockOf(getStoreDeps()).now()).toISOString();
        patch({ items: items.map((n) => (n.id === id ? { ...n, read: true, readAt } : n)), unreadCount: Math.max(0, unreadCount - 1) });
      }
      const mine = generation;
      try {
        await get().callHub((hub, token) => hub.markNotificationRead(token, id));
      } catch (error) {
        if (mine !== generation) return;
        // Gone, or the hub never heard: the hub's list is the truth.
        log.warn('could not mark the notification read', error);
        if (!(isHubError(error) && error.code === 'unauthorized')) void load();
      }
    },

    subscribeHubEvents: (listener) => {
      hubListeners.add(listener);
      return () => void hubListeners.delete(listener);
    },
  };
};
