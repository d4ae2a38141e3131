import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createConsoleEvents } from '../../../../../electron/main/events';
import { createHotkeys } from '../../../../../electron/main/hotkeys';
import { createHandlers } from '../../../../../electron/main/ipc/handlers';
import { registerIpc } from '../../../../../electron/main/ipc/register';
import { createLoginItem } from '../../../../../electron/main/login-item';
import { createTrayController } from '../../../../../electron/main/tray';
import { DEFAULT_HOTKEYS, IPC_EVENT_CHANNEL, ipcChannel, type IpcMethod } from '../../../../../shared/ipc/contract';
import {
  app,
  BrowserWindow,
  globalShortcut,
  invokeEventFrom,
  ipcMain,
  Menu,
  nativeImage,
  Notification,
  resetFakeElectron,
  safeStorage,
  Tray,
  type FakeNativeImage,
} from '../../../../support/fake-electron';
import { recordingLogger } from '../../recording-logger';
import { handlersDeps } from './handlers-deps';

let dir: string;
beforeEach(async () => {
  resetFakeElectron();
  dir = await mkdtemp(join(tmpdir(), 'console-desktop-'));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

const PRESENCE = { state: 'ready', reason: null, agentName: '王芳', inCall: false };

/** The desktop handlers over the real controllers and the fake electron, behind registerIpc. */
function setup({ platform = 'linux' as NodeJS.Platform } = {}) {
  const log = recordingLogger();
  const window = new BrowserWindow({ show: false });
  const events = createConsoleEvents({ log });
  events.attach(window.webContents);
  const tray = createTrayController({
    createTray: (image: FakeNativeImage) => new Tray(image),
    buildMenu: (template) => Menu.buildFromTemplate(template),
    createImage: (png) => nativeImage.createFromBuffer(png),
    appName: 'Console',
    language: 'zh-CN',
    events,
    showWindow: () => window.show(),
    quit: () => {},
    log,
  });
  tray.start();
  const hotkeys = createHotkeys({ globalShortcut, events, log });
  hotkeys.apply(DEFAULT_HOTKEYS);
  const loginItem = createLoginItem({
    platform: 'win32',
    isPackaged: true,
    app,
    env: {},
    homeDir: dir,
    execPath: '/x',
    appId: 'console',
    displayName: 'Console',
    log,
  });
  const handlers = createHandlers(
    handlersDeps(dir, {
      platform,
      safeStorage,
      Notification,
      mainWindow: () => window,
      events,
      tray,
      hotkeys,
      loginItem,
      linkHandlers: () => ({ tel: true, app: false }),
    }),
  );
  registerIpc(ipcMain, handlers, { isTrustedSender: (url) => url.startsWith('app://console/'), log });
  const call = (method: IpcMethod, request?: unknown, frame = 'app://console/index.html') =>
    ipcMain.invoke(ipcChannel(method), invokeEventFrom(frame), request);
  return { call, window, tray, loginItem, events };
}

describe('getDesktopStatus', () => {
  it('reports hotkeys, login item, secret protection and link handlers as they are now', async () => {
    const { call, loginItem } = setup();
    await loginItem.apply(true);
    await expect(call('getDesktopStatus')).resolves.toEqual({
      ok: true,
      value: {
        hotkeys: {
          answer: { accelerator: 'Ctrl+Alt+Enter', status: 'registered' },
          hangUp: { accelerator: 'Ctrl+Alt+H', status: 'registered' },
          hold: { accelerator: 'Ctrl+Alt+P', status: 'registered' },
          mute: { accelerator: 'Ctrl+Alt+M', status: 'registered' },
        },
        launchAtLogin: 'applied',
        secretProtection: 'os-encrypted',
        linkHandlers: { tel: true, app: false },
      },
    });
  });

  it('reports memory-only on Linux when the secret store is the basic_text fallback', async () => {
    safeStorage.backend = 'basic_text';
    const { call } = setup({ platform: 'linux' });
    await expect(call('getDesktopStatus')).resolves.toMatchObject({ value: { secretProtection: 'memory-only' } });
  });

  it('agrees with what setSecret then answers', async () => {
    safeStorage.backend = 'basic_text';
    const { call } = setup({ platform: 'linux' });
    await expect(call('setSecret', { key: 'sipPassword', value: 's3cret' })).resolves.toMatchObject({
      value: { protection: 'memory-only' },
    });
    safeStorage.backend = 'gnome_libsecret';
    await expect(call('getDesktopStatus')).resolves.toMatchObject({ value: { secretProtection: 'os-encrypted' } });
  });

  it('refuses an argument and a foreign sender', async () => {
    const { call } = setup();
    await expect(call('getDesktopStatus', { all: true })).resolves.toMatchObject({ ok: false, error: { code: 'invalid_request' } });
    await expect(call('getDesktopStatus', undefined, 'https://evil.example/')).resolves.toMatchObject({
      ok: false,
      error: { code: 'forbidden_sender' },
    });
  });
});

describe('setPresence', () => {
  it('shows the presence in the tray and answers shown', async () => {
    const { call, tray } = setup();
    await expect(call('setPresence', { ...PRESENCE, state: 'wrap_up' })).resolves.toEqual({ ok: true, value: { shown: true } });
    expect(tray.presence()).toEqual({ ...PRESENCE, state: 'wrap_up' });
    expect(Tray.instances[0]?.toolTip).toBe('Console — 王芳 · 话后处理');
  });

  it('refuses a presence that does not match the contract and keeps the last one', async () => {
    const { call, tray } = setup();
    await call('setPresence', PRESENCE);
    for (const bad of [
      { ...PRESENCE, state: 'away' },
      { ...PRESENCE, agentName: 'x'.repeat(101) },
      { ...PRESENCE, inCall: 'no' },
      { ...PRESENCE, tooltip: '<b>x</b>' },
      null,
    ]) {
      await expect(call('setPresence', bad)).resolves.toMatchObject({ ok: false, error: { code: 'invalid_request' } });
    }
    expect(tray.presence()).toEqual(PRESENCE);
  });
});

describe('eventsReady', () => {
  it('delivers the held-back events and answers how many', async () => {
    const { call, events, window } = setup();
    events.send({ type: 'dial', number: '10086', source: 'tel' });
    await expect(call('eventsReady')).resolves.toEqual({ ok: true, value: { delivered: 1 } });
    expect(window.webContents.sent).toEqual([{ channel: IPC_EVENT_CHANNEL, args: [{ type: 'dial', number: '10086', source: 'tel' }] }]);
  });

  it('delivers nothing to a page of another origin', async () => {
    const { call, events, window } = setup();
    events.send({ type: 'dial', number: '10086', source: 'tel' });
    await expect(call('eventsReady', undefined, 'https://evil.example/')).resolves.toMatchObject({ ok: false });
    expect(window.webContents.sent).toEqual([]);
  });
});

describe('showIncomingCall and dismissIncomingCall', () => {
  it('shows the notification and dismisses it through the contract', async () => {
    const { call } = setup();
    await expect(call('showIncomingCall', { callId: 'c1', caller: '张伟', detail: '' })).resolves.toEqual({
      ok: true,
      value: { shown: true, broughtToFront: false },
    });
    await expect(call('dismissIncomingCall', { callId: 'c1' })).resolves.toEqual({ ok: true, value: { dismissed: true } });
    expect(Notification.instances[0]?.closed).toBe(true);
  });

  it('refuses a malformed incoming call and shows nothing', async () => {
    const { call } = setup();
    for (const bad of [
      { callId: '', caller: 'A', detail: '' },
      { callId: 'c1', caller: 'A'.repeat(201), detail: '' },
      { callId: 'c1', caller: 'A' },
      { callId: 'c1', caller: 'A', detail: '', actions: ['format-disk'] },
    ]) {
      await expect(call('showIncomingCall', bad)).resolves.toMatchObject({ ok: false, error: { code: 'invalid_request' } });
    }
    await expect(call('dismissIncomingCall', { callId: 'c1', all: true })).resolves.toMatchObject({
      ok: false,
      error: { code: 'invalid_request' },
    });
    expect(Notification.instances).toHaveLength(0);
  });
});
