// @vitest-environment jsdom
import { cleanup, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { ConfigProvider } from 'antd';
import type { ReactNode } from 'react';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { User } from '../../../../../shared/api/auth';
import type { MyNotification, MyNotificationList } from '../../../../../shared/api/notifications';
import { NotificationBell, openNotification } from '../../../../../renderer/src/features/notifications/notification-bell';
import { initI18n } from '../../../../../renderer/src/i18n';
import { configureStoreDeps, resetStore, useConsoleStore } from '../../../../../renderer/src/store';
import { fakeHub } from '../../support/fake-hub';
import { quietConsole, storeTestDeps } from '../../support/store-test-deps';

const TICKET = '0190a3f0-0000-7000-8000-0000000000aa';

const notification = (n: number, patch: Partial<MyNotification> = {}): MyNotification => ({
  id: `0190a3f0-0000-7000-8000-00000000000${n}`,
  departmentCode: 'logistics',
  username: null,
  message: `通知${n}`,
  urgent: false,
  ticketId: null,
  ticketNo: null,
  callId: null,
  createdAt: '2026-11-24T01:00:00.000Z',
  createdBy: 'supervisor1',
  read: false,
  readAt: null,
  ...patch,
});

const someone: User = { id: 'u9', username: 'logistics1', role: 'department', displayName: '吴磊', departmentCode: 'logistics' };

let hub: ReturnType<typeof fakeHub>;
let onHub: MyNotificationList;

/** jsdom has neither; antd's popover and badge ask for them. */
function installDomShims(): void {
  window.matchMedia ??= (query: string) =>
    ({ matches: false, media: query, onchange: null, addListener: () => undefined, removeListener: () => undefined, addEventListener: () => undefined, removeEventListener: () => undefined, dispatchEvent: () => false }) as MediaQueryList;
  if (!('ResizeObserver' in window)) {
    const NoResizeObserver = class {
      observe(): void {}
      unobserve(): void {}
      disconnect(): void {}
    };
    Object.assign(window, { ResizeObserver: NoResizeObserver });
    Object.assign(globalThis, { ResizeObserver: NoResizeObserver });
  }
}

// No motion: jsdom never ends a CSS transition, so a closing popover would stay in the page.
const Wrapped = ({ children }: { children: ReactNode }) => <ConfigProvider theme={{ token: { motion: false } }}>{children}</ConfigProvider>;

async function signedInWith(list: MyNotificationList, push: 'connected' | 'reconnecting' = 'connected') {
  onHub = list;
  useConsoleStore.setState((s) => ({ session: { ...s.session, status: 'signed-in', user: someone, token: 'tok' }, ui: { ...s.ui, language: 'zh-CN' } }));
  await useConsoleStore.getState().loadNotifications();
  useConsoleStore.setState((s) => ({ notifications: { ...s.notifications, push } }));
  render(
    <Wrapped>
      <NotificationBell />
    </Wrapped>,
  );
}

beforeAll(async () => {
  installDomShims();
  await initI18n('zh-CN');
});

beforeEach(() => {
  quietConsole();
  hub = fakeHub();
  hub.handlers.myNotifications = async () => structuredClone(onHub);
  configureStoreDeps(storeTestDeps({ hub }).deps);
  window.location.hash = '#/cases';
});

afterEach(() => {
  cleanup();
  resetStore();
  vi.restoreAllMocks();
});

describe('NotificationBell', () => {
  it('names the unread count on the bell and shows it as a badge', async () => {
    await signedInWith({ items: [notification(1), notification(2)], unreadCount: 12 });

    const bell = screen.getByRole('button', { name: '通知（12 条未读）' });

    expect(bell.closest('.ant-badge')?.textContent).toContain('12');
  });

  it('is just “通知” with nothing unread', async () => {
    await signedInWith({ items: [notification(1, { read: true })], unreadCount: 0 });

    expect(screen.getByRole('button', { name: '通知' })).toBeTruthy();
  });

  it('lists the newest notifications with their ticket number, time, urgency and whether they are unread', async () => {
    await signedInWith({
      items: [notification(2, { urgent: true, ticketId: TICKET, ticketNo: 'TS-2026-000007', message: '外箱破损，请调查' }), notification(1, { read: true })],
      unreadCount: 1,
    });

    await userEvent.click(screen.getByRole('button', { name: '通知（1 条未读）' }));
    const list = await screen.findByRole('list', { name: '最新通知' });
    const entries = within(list).getAllByRole('button');

    expect(entries.map((e) => e.textContent)).toEqual([expect.stringContaining('外箱破损，请调查'), expect.stringContaining('通知1')]);
    expect(entries[0]!.textContent).toContain('未读');
    expect(entries[0]!.textContent).toContain('紧急');
    expect(entries[0]!.textContent).toContain('工单 TS-2026-000007');
    expect(entries[0]!.querySelector('time')?.getAttribute('dateTime')).toBe('2026-11-24T01:00:00.000Z');
    expect(entries[1]!.textContent).not.toContain('未读');
    expect(entries[1]!.textContent).not.toContain('紧急');
  });

  it('asks the hub for the list again when opened', async () => {
    await signedInWith({ items: [], unreadCount: 0 });
    const before = hub.calls.filter((c) => c.includes('myNotifications')).length;
    onHub = { items: [notification(3, { message: '刚到的通知' })], unreadCount: 1 };

    await userEvent.click(screen.getByRole('button', { name: '通知' }));

    expect(await screen.findByText('刚到的通知')).toBeTruthy();
    expect(hub.calls.filter((c) => c.includes('myNotifications')).length).toBe(before + 1);
  });

  it('marks an entry read and opens its case when clicked', async () => {
    const first = notification(1, { ticketId: TICKET, ticketNo: 'TS-2026-000007' });
    await signedInWith({ items: [first], unreadCount: 1 });
    await userEvent.click(screen.getByRole('button', { name: '通知（1 条未读）' }));

    await userEvent.click(within(await screen.findByRole('list', { name: '最新通知' })).getByRole('button'));

    expect(window.location.hash).toBe(`#/cases/${TICKET}`);
    await waitFor(() => expect(hub.calls).toContain(` markNotificationRead tok ${first.id}`));
    expect(screen.getByRole('button', { name: '通知' })).toBeTruthy();
  });

  it('says so, for screen readers too, while the push connection is being made again', async () => {
    await signedInWith({ items: [], unreadCount: 0 }, 'reconnecting');

    expect(screen.getByRole('status').textContent).toContain('实时通知连接中断，正在重新连接');
  });

  it('shows no reconnecting sign while connected', async () => {
    await signedInWith({ items: [], unreadCount: 0 });

    expect(screen.getByRole('status').textContent).toBe('');
  });
});

describe('openNotification', () => {
  it('marks an unread one read and goes to its case', () => {
    const marked: string[] = [];
    const went: string[] = [];

    openNotification(notification(1, { ticketId: TICKET }), { markRead: async (id) => void marked.push(id), navigate: (hash) => void went.push(hash) });

    expect(marked).toEqual([notification(1).id]);
    expect(went).toEqual([`#/cases/${TICKET}`]);
  });

  it('goes nowhere for one without a ticket, and does not mark one read twice', () => {
    const marked: string[] = [];
    const went: string[] = [];

    openNotification(notification(1, { read: true }), { markRead: async (id) => void marked.push(id), navigate: (hash) => void went.push(hash) });

    expect(marked).toEqual([]);
    expect(went).toEqual([]);
  });
});
