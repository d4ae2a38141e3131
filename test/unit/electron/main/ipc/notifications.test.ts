import { beforeEach, describe, expect, it, vi } from 'vitest';
import { createNotificationHandlers, type NotificationsDeps } from '../../../../../electron/main/ipc/notifications';
import { DEFAULT_HOTKEYS, type Settings } from '../../../../../shared/ipc/contract';
import { BrowserWindow, Notification, resetFakeElectron } from '../../../../support/fake-electron';
import { recordingLogger } from '../../recording-logger';

beforeEach(() => resetFakeElectron());

const SETTINGS: Settings = {
  hubUrl: 'http://127.0.0.1:8790',
  language: 'zh-CN',
  audio: { microphoneId: null, speakerId: null, ringerId: null },
  hotkeys: DEFAULT_HOTKEYS,
  launchAtLogin: false,
  bringToFrontOnRing: false,
};
const CALL = { callId: 'call-1', caller: '张伟', detail: '+86 138 0013 8000 · VIP' };

function setup(overrides: Partial<NotificationsDeps> = {}, settings: Partial<Settings> = {}) {
  const window = new BrowserWindow({ show: false });
  const events = { send: vi.fn(() => 'sent' as const) };
  const focusMainWindow = vi.fn();
  const focusApp = vi.fn();
  const handlers = createNotificationHandlers({
    Notification,
    platform: 'linux',
    focusMainWindow,
    mainWindow: () => window,
    focusApp,
    events,
    getSettings: async () => ({ ...SETTINGS, ...settings }),
    log: recordingLogger(),
    ...overrides,
  });
  return { ...handlers, window, events, focusMainWindow, focusApp };
}

const lastNotification = () => Notification.instances.at(-1) as Notification;

describe('notifications', () => {
  it('shows the notification and answers shown when notifications are supported', async () => {
    const { showNotification } = setup();
    expect(await showNotification({ title: 'Incoming call', body: '+86 10 1234 5678' })).toEqual({ shown: true });
    expect(Notification.instances).toHaveLength(1);
    expect(lastNotification().options).toEqual({ title: 'Incoming call', body: '+86 10 1234 5678' });
    expect(lastNotification().shown).toBe(true);
  });

  it('focuses the main window when the notification is clicked', async () => {
    const { showNotification, focusMainWindow } = setup();
    await showNotification({ title: 'Incoming call', body: '' });
    expect(focusMainWindow).not.toHaveBeenCalled();
    lastNotification().click();
    expect(focusMainWindow).toHaveBeenCalledTimes(1);
  });

  it('answers not shown and creates nothing when notifications are not supported', async () => {
    Notification.supported = false;
    const { showNotification } = setup();
    expect(await showNotification({ title: 'Incoming call', body: '' })).toEqual({ shown: false });
    expect(Notification.instances).toHaveLength(0);
  });
});

describe('incoming-call notification', () => {
  it('shows a lasting, silent, urgent notification with the caller when the window is minimised', async () => {
    const { showIncomingCall, window } = setup();
    window.minimize();
    await expect(showIncomingCall(CALL)).resolves.toEqual({ shown: true, broughtToFront: false });
    expect(lastNotification().options).toEqual({
      title: '张伟',
      body: '+86 138 0013 8000 · VIP',
      silent: true,
      urgency: 'critical',
      timeoutType: 'never',
    });
    expect(lastNotification().shown).toBe(true);
  });

  it('shows the notification when the window is hidden in the tray', async () => {
    const { showIncomingCall } = setup();
    await expect(showIncomingCall(CALL)).resolves.toMatchObject({ shown: true });
  });

  it('shows the notification when the window is open but another program has the focus', async () => {
    const { showIncomingCall, window } = setup();
    window.show();
    window.blur();
    await expect(showIncomingCall(CALL)).resolves.toMatchObject({ shown: true });
  });

  it('shows nothing when the agent is looking at the console', async () => {
    const { showIncomingCall, window } = setup();
    window.show();
    window.focus();
    await expect(showIncomingCall(CALL)).resolves.toEqual({ shown: false, broughtToFront: false });
    expect(Notification.instances).toHaveLength(0);
  });

  it('offers Answer and Reject buttons in the agent language on macOS only', async () => {
    await setup({ platform: 'darwin' }).showIncomingCall(CALL);
    expect(lastNotification().options.actions).toEqual([
      { type: 'button', text: '接听' },
      { type: 'button', text: '拒接' },
    ]);
    await setup({ platform: 'darwin' }, { language: 'en-US' }).showIncomingCall({ ...CALL, callId: 'call-2' });
    expect(lastNotification().options.actions?.map((action) => action.text)).toEqual(['Answer', 'Reject']);
    await setup({ platform: 'win32' }).showIncomingCall({ ...CALL, callId: 'call-3' });
    expect(lastNotification().options).not.toHaveProperty('actions');
  });

  it('focuses the window and tells the renderer to show the call when the notification is clicked', async () => {
    const { showIncomingCall, focusMainWindow, events } = setup();
    await showIncomingCall(CALL);
    lastNotification().click();
    expect(focusMainWindow).toHaveBeenCalledTimes(1);
    expect(events.send).toHaveBeenCalledWith({ type: 'incomingCall', callId: 'call-1', action: 'show' });
  });

  it('sends answer for the first button and reject for the second when pressed', async () => {
    const { showIncomingCall, events, focusMainWindow } = setup({ platform: 'darwin' });
    await showIncomingCall(CALL);
    lastNotification().action(0);
    expect(events.send).toHaveBeenLastCalledWith({ type: 'incomingCall', callId: 'call-1', action: 'answer' });
    expect(focusMainWindow).toHaveBeenCalledTimes(1);
    await showIncomingCall({ ...CALL, callId: 'call-2' });
    lastNotification().action(1);
    expect(events.send).toHaveBeenLastCalledWith({ type: 'incomingCall', callId: 'call-2', action: 'reject' });
    expect(focusMainWindow).toHaveBeenCalledTimes(1);
  });

  it('ignores an action index it did not offer', async () => {
    const { showIncomingCall, events } = setup({ platform: 'darwin' });
    await showIncomingCall(CALL);
    lastNotification().action(5);
    expect(events.send).not.toHaveBeenCalled();
  });

  it('closes the old notification when a new call rings', async () => {
    const { showIncomingCall } = setup();
    await showIncomingCall(CALL);
    const first = lastNotification();
    await showIncomingCall({ ...CALL, callId: 'call-2', caller: '李娜' });
    expect(first.closed).toBe(true);
    expect(lastNotification().options.title).toBe('李娜');
    expect(lastNotification().closed).toBe(false);
  });

  it('closes the notification and answers dismissed when the call is dismissed', async () => {
    const { showIncomingCall, dismissIncomingCall } = setup();
    await showIncomingCall(CALL);
    expect(dismissIncomingCall({ callId: 'other' })).toEqual({ dismissed: false });
    expect(lastNotification().closed).toBe(false);
    expect(dismissIncomingCall({ callId: 'call-1' })).toEqual({ dismissed: true });
    expect(lastNotification().closed).toBe(true);
    expect(dismissIncomingCall({ callId: 'call-1' })).toEqual({ dismissed: false });
  });

  it('shows nothing when the call is dismissed while the settings are read', async () => {
    let release: () => void = () => {};
    const gate = new Promise<void>((resolve) => (release = resolve));
    const { showIncomingCall, dismissIncomingCall } = setup({ getSettings: async () => (await gate, SETTINGS) });
    const showing = showIncomingCall(CALL);
    expect(dismissIncomingCall({ callId: 'call-1' })).toEqual({ dismissed: true });
    release();
    await expect(showing).resolves.toEqual({ shown: false, broughtToFront: false });
    expect(Notification.instances).toHaveLength(0);
  });

  it('brings a minimised window to the front when the setting is on', async () => {
    const { showIncomingCall, window, focusApp } = setup({}, { bringToFrontOnRing: true });
    window.minimize();
    await expect(showIncomingCall(CALL)).resolves.toEqual({ shown: true, broughtToFront: true });
    expect(window.minimized).toBe(false);
    expect(window.visible).toBe(true);
    expect(window.focused).toBe(true);
    expect(window.movedTop).toBe(1);
    expect(focusApp).toHaveBeenCalledTimes(1);
    expect(window.flashing).toBe(false);
  });

  it('changes the caller of a ringing call without raising the window again', async () => {
    const { showIncomingCall, window, focusApp } = setup({}, { bringToFrontOnRing: true });
    window.minimize();
    await showIncomingCall({ ...CALL, caller: '+86 138 0013 8000' });
    const first = lastNotification();
    // The agent turned to another program meanwhile; the screen pop then found the name.
    window.blur();
    await expect(showIncomingCall(CALL)).resolves.toEqual({ shown: true, broughtToFront: false });
    expect(first.closed).toBe(true);
    expect(lastNotification().options.title).toBe('张伟');
    expect(window.movedTop).toBe(1);
    expect(focusApp).toHaveBeenCalledTimes(1);
  });

  it('leaves the window where it is when the setting is off', async () => {
    const { showIncomingCall, window } = setup();
    window.minimize();
    await showIncomingCall(CALL);
    expect(window.minimized).toBe(true);
    expect(window.movedTop).toBe(0);
  });

  it('flashes the taskbar on Windows until the window is focused or the call dismissed', async () => {
    const { showIncomingCall, dismissIncomingCall, window } = setup({ platform: 'win32' }, { bringToFrontOnRing: true });
    await showIncomingCall(CALL);
    expect(window.flashing).toBe(true);
    window.emit('focus');
    expect(window.flashing).toBe(false);
    await showIncomingCall({ ...CALL, callId: 'call-2' });
    expect(window.flashing).toBe(true);
    dismissIncomingCall({ callId: 'call-2' });
    expect(window.flashing).toBe(false);
  });

  it('answers not brought to front when there is no window', async () => {
    const { showIncomingCall } = setup({ mainWindow: () => null }, { bringToFrontOnRing: true });
    await expect(showIncomingCall(CALL)).resolves.toEqual({ shown: true, broughtToFront: false });
  });

  it('answers not shown when notifications are not supported', async () => {
    Notification.supported = false;
    const { showIncomingCall } = setup();
    await expect(showIncomingCall(CALL)).resolves.toEqual({ shown: false, broughtToFront: false });
  });
});
