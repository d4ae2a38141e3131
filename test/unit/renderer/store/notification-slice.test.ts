import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { User } from '../../../../shared/api/auth';
import type { HubEvent, NotificationCreatedEvent, TicketChangedEvent } from '../../../../shared/api/events';
import type { MyNotification, MyNotificationList } from '../../../../shared/api/notifications';
import { HubError } from '../../../../renderer/src/services/hub';
import type { PushClient, PushClientOptions, PushConnectionState, PushStopReason } from '../../../../renderer/src/services/push';
import { configureStoreDeps, resetStore, useConsoleStore } from '../../../../renderer/src/store';
import { settle } from '../support/fake-clock';
import { fakeHub } from '../support/fake-hub';
import { quietConsole, storeTestDeps } from '../support/store-test-deps';

const HUB = 'http://hub.test:8790';
const supervisor: User = { id: 'u5', username: 'supervisor1', role: 'supervisor', displayName: '陈静', departmentCode: 'service' };

/** A push client the test drives: it says which state the connection is in and which events arrive. */
function fakePush() {
  const made: Array<{ options: Omit<PushClientOptions, 'fetch'>; client: PushClient; emit(event: HubEvent): void; setState(state: PushConnectionState, reason?: PushStopReason): void; started: boolean; stopped: boolean }> = [];
  const create = (options: Omit<PushClientOptions, 'fetch'>): PushClient => {
    const listeners = new Set<(event: HubEvent) => void>();
    let state: PushConnectionState = 'connecting';
    let stopReason: PushStopReason | null = null;
    const entry = {
      options,
      started: false,
      stopped: false,
      emit: (event: HubEvent) => listeners.forEach((l) => l(event)),
      setState: (next: PushConnectionState, reason: PushStopReason | null = null) => {
        state = next;
        stopReason = reason;
        options.onState?.(next, reason);
      },
      client: {
        start: () => void (entry.started = true),
        stop: () => void (entry.stopped = true),
        subscribe: (listener: (event: HubEvent) => void) => {
          listeners.add(listener);
          return () => void listeners.delete(listener);
        },
        get state() {
          return state;
        },
        get stopReason() {
          return stopReason;
        },
      },
    };
    made.push(entry);
    return entry.client;
  };
  return { create, made };
}

const notification = (n: number, patch: Partial<MyNotification> = {}): MyNotification => ({
  id: `0190a3f0-0000-7000-8000-00000000000${n}`,
  departmentCode: 'service',
  username: null,
  message: `第${n}条`,
  urgent: false,
  ticketId: null,
  ticketNo: null,
  callId: null,
  createdAt: `2026-11-24T0${n}:00:00.000Z`,
  createdBy: 'agent1',
  read: false,
  readAt: null,
  ...patch,
});

const created: NotificationCreatedEvent = {
  type: 'notification.created',
  notificationId: '0190a3f0-0000-7000-8000-000000000009',
  departmentCode: 'service',
  username: null,
  ticketId: null,
  urgent: false,
  at: '2026-11-24T09:00:00.000Z',
};
const changed: TicketChangedEvent = {
  type: 'ticket.changed',
  ticketId: '0190a3f0-0000-7000-8000-0000000000aa',
  ticketNo: 'TS-2026-000001',
  kind: 'complaint',
  status: 'registered',
  waitingOn: 'service',
  version: 1,
  at: '2026-11-24T09:00:00.000Z',
  by: 'agent1',
};

let hub: ReturnType<typeof fakeHub>;
let push: ReturnType<typeof fakePush>;
/** What the hub holds for this person: the fake answers from it, so a reload shows what changed. */
let onHub: MyNotificationList;

const state = () => useConsoleStore.getState();
const bell = () => state().notifications;
const loads = () => hub.calls.filter((c) => c.includes(' myNotifications ')).length;

function configure(withPush = true) {
  const test = storeTestDeps({ hub });
  configureStoreDeps(withPush ? { ...test.deps, createPushClient: push.create } : test.deps);
}

async function login(): Promise<void> {
  useConsoleStore.setState((s) => ({ session: { ...s.session, hubUrl: HUB, status: 'signed-out' } }));
  await state().login({ username: 'supervisor1', password: 'demo1234' });
  await settle();
}

beforeEach(() => {
  quietConsole();
  resetStore();
  hub = fakeHub();
  push = fakePush();
  onHub = { items: [notification(2), notification(1, { read: true, readAt: '2026-11-24T01:30:00.000Z' })], unreadCount: 1 };
  hub.handlers.login = async () => ({ token: 'tok-1', user: supervisor, expiresAt: '2026-11-24T18:00:00.000Z' });
  hub.handlers.myNotifications = async () => structuredClone(onHub);
  configure();
});
afterEach(() => resetStore());

describe('notification slice', () => {
  it('loads the list and the unread count at login, and starts a push connection with the hub and token of the login', async () => {
    await login();

    expect(bell()).toMatchObject({ items: onHub.items, unreadCount: 1, status: 'ready', error: null });
    expect(push.made).toHaveLength(1);
    expect(push.made[0]!.options).toMatchObject({ baseUrl: HUB, token: 'tok-1' });
    expect(push.made[0]!.started).toBe(true);
  });

  it('reads the list again when a notification is created, and when the connection is made (again)', async () => {
    await login();
    const before = loads();

    onHub = { items: [notification(3), ...onHub.items], unreadCount: 2 };
    push.made[0]!.emit(created);
    await settle();
    expect(bell().items.map((n) => n.message)).toEqual(['第3条', '第2条', '第1条']);
    expect(bell().unreadCount).toBe(2);

    push.made[0]!.setState('reconnecting');
    expect(bell().push).toBe('reconnecting');
    push.made[0]!.setState('connected');
    await settle();

    expect(loads()).toBe(before + 2);
    expect(bell().push).toBe('connected');
  });

  it('passes events to the features that subscribe, until they unsubscribe, without reloading the bell for a ticket change', async () => {
    const seen: HubEvent[] = [];
    const unsubscribe = state().subscribeHubEvents((event) => seen.push(event));
    state().subscribeHubEvents(() => {
      throw new Error('a broken pane');
    });
    await login();
    const before = loads();

    push.made[0]!.emit(changed);
    unsubscribe();
    push.made[0]!.emit(changed);
    await settle();

    expect(seen).toEqual([changed]);
    expect(loads()).toBe(before);
  });

  it('marks read at once and tells the hub', async () => {
    await login();
    const id = notification(2).id;

    const marking = state().markNotificationRead(id);

    expect(bell().items.find((n) => n.id === id)).toMatchObject({ read: true });
    expect(bell().unreadCount).toBe(0);
    await marking;
    expect(hub.calls).toContain(`${HUB} markNotificationRead tok-1 ${id}`);
  });

  it('reads the list again when the hub refuses the mark, so the bell shows the truth', async () => {
    await login();
    hub.handlers.markNotificationRead = async () => Promise.reject(new HubError({ status: 404, code: 'not_found', message: 'No such notification' }));
    onHub = { items: [notification(1, { read: true })], unreadCount: 0 };

    await state().markNotificationRead(notification(2).id);
    await settle();

    expect(bell().items.map((n) => n.message)).toEqual(['第1条']);
  });

  it('keeps what it shows when a reload fails, and says so', async () => {
    await login();
    hub.handlers.myNotifications = async () => Promise.reject(new HubError({ status: 0, code: 'network', message: 'down' }));

    await state().loadNotifications();

    expect(bell()).toMatchObject({ status: 'error', error: { code: 'network' }, unreadCount: 1 });
    expect(bell().items).toHaveLength(2);
  });

  it('stops the push connection and empties the bell at logout; an answer for the old login is dropped', async () => {
    await login();
    let answer!: (list: MyNotificationList) => void;
    hub.handlers.myNotifications = () => new Promise((resolve) => (answer = resolve));
    const late = state().loadNotifications();

    await state().logout();
    answer({ items: [notification(4)], unreadCount: 1 });
    await late;
    push.made[0]!.emit(created);
    await settle();

    expect(push.made[0]!.stopped).toBe(true);
    expect(bell()).toMatchObject({ items: [], unreadCount: 0, status: 'idle', push: 'off' });
  });

  it('ends the session when the hub refuses the push connection with 401', async () => {
    await login();

    push.made[0]!.setState('stopped', 'unauthorized');

    expect(state().session).toMatchObject({ status: 'signed-out', error: { code: 'session_expired' } });
  });

  it('keeps the session when the push connection is refused with 403; the bell still loads', async () => {
    await login();

    push.made[0]!.setState('stopped', 'forbidden');

    expect(state().session.status).toBe('signed-in');
    expect(bell().push).toBe('stopped');
  });

  it('works without push: the list loads at login and when asked', async () => {
    configure(false);
    await login();
    onHub = { items: [], unreadCount: 0 };

    await state().loadNotifications();

    expect(bell()).toMatchObject({ push: 'off', items: [], unreadCount: 0, status: 'ready' });
    expect(loads()).toBe(2);
  });
});
