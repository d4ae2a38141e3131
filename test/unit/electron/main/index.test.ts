import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { IPC_EVENT_CHANNEL, IPC_METHODS, ipcChannel, type IpcMethod } from '../../../../shared/ipc/methods';
import type * as FakeElectron from '../../../support/fake-electron';

vi.mock('electron', () => import('../../../support/fake-electron'));

// electron-log as it behaves on import (it opens its own IPC channel), recording how log.ts sets it up.
vi.mock('electron-log/main', async () => {
  const { ipcMain } = await import('electron');
  ipcMain.handle('__ELECTRON_LOG__', () => ({}));
  return {
    default: {
      info: (...args: unknown[]) => console.info(...args),
      warn: (...args: unknown[]) => console.warn(...args),
      error: (...args: unknown[]) => console.error(...args),
      transports: { file: { level: 'silly', maxSize: 1024 ** 2 }, console: { level: 'silly' } },
      errorHandler: { startCatching: vi.fn() },
    },
  };
});

const fakeUpdater = vi.hoisted(() => ({
  autoDownload: false,
  autoInstallOnAppQuit: false,
  logger: null as unknown,
  feeds: [] as unknown[],
  checks: 0,
  setFeedURL(options: unknown) {
    this.feeds.push(options);
  },
  checkForUpdates() {
    this.checks += 1;
    return Promise.resolve(null);
  },
  quitAndInstall() {},
  on() {
    return this;
  },
}));
vi.mock('electron-updater', () => ({ default: { autoUpdater: fakeUpdater } }));

type Fake = typeof FakeElectron;

const APP_PAGE = 'app://console/index.html';
let userData: string;
let argv: string[];

beforeEach(async () => {
  userData = await mkdtemp(join(tmpdir(), 'console-main-'));
  argv = process.argv;
  // The Linux login item writes under the home folder: keep it inside the test's folder.
  vi.stubEnv('HOME', userData);
  vi.stubEnv('XDG_CONFIG_HOME', join(userData, 'config'));
  vi.stubEnv('CONSOLE_UPDATE_URL', '');
  fakeUpdater.checks = 0;
  fakeUpdater.feeds = [];
  vi.spyOn(console, 'info').mockImplementation(() => {});
  vi.spyOn(console, 'warn').mockImplementation(() => {});
  vi.spyOn(console, 'error').mockImplementation(() => {});
});
afterEach(async () => {
  process.argv = argv;
  vi.unstubAllEnvs();
  vi.restoreAllMocks();
  await rm(userData, { recursive: true, force: true });
});

/** Loads the main entry against a fresh fake, as Electron would run it once per process. */
async function boot(configure: (fake: Fake) => void = () => {}): Promise<Fake> {
  vi.resetModules();
  // Through the mock, so the test drives the very instance the entry module imported.
  const fake = (await import('electron')) as unknown as Fake;
  fake.resetFakeElectron();
  fake.app.setPath('userData', userData);
  configure(fake);
  await import('../../../../electron/main/index');
  return fake;
}

async function bootReady(configure?: (fake: Fake) => void): Promise<Fake> {
  const fake = await boot(configure);
  fake.app.becomeReady();
  await vi.waitFor(() => expect(fake.BrowserWindow.instances).toHaveLength(1));
  return fake;
}

function call(fake: Fake, method: IpcMethod, request?: unknown): Promise<unknown> {
  return fake.ipcMain.invoke(ipcChannel(method), fake.invokeEventFrom(APP_PAGE), request);
}

async function value<T = Record<string, unknown>>(fake: Fake, method: IpcMethod, request?: unknown): Promise<T> {
  const reply = (await call(fake, method, request)) as { ok: boolean; value: T };
  expect(reply.ok, `${method}: ${JSON.stringify(reply)}`).toBe(true);
  return reply.value;
}

const mainWindow = (fake: Fake) => fake.BrowserWindow.instances[0] as FakeElectron.BrowserWindow;
const consoleEvents = (fake: Fake) =>
  mainWindow(fake)
    .webContents.sent.filter(({ channel }) => channel === IPC_EVENT_CHANNEL)
    .map(({ args }) => args[0]);
const PRESENCE = { state: 'ready', reason: null, agentName: '王芳', inCall: false };

describe('main entry', () => {
  it('registers the app scheme as privileged and enables the sandbox before ready when loaded', async () => {
    const fake = await boot((f) => (f.app.isPackaged = true));
    expect(fake.protocol.privilegedSchemes).toEqual([
      { scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } },
    ]);
    expect(fake.protocol.privilegedBeforeReady).toBe(true);
    expect(fake.app.sandboxEnabled).toBe(true);
    expect(fake.BrowserWindow.instances).toHaveLength(0);
    expect(fake.ipcMain.handlers.size).toBe(0);
  });

  it('logs to a rotating file and catches stray errors without a dialog when loaded', async () => {
    await boot();
    const { default: electronLog } = (await import('electron-log/main')) as unknown as {
      default: { transports: { file: { level: string; maxSize: number }; console: { level: string } }; errorHandler: { startCatching: ReturnType<typeof vi.fn> } };
    };
    expect(electronLog.transports.file).toEqual({ level: 'info', maxSize: 5 * 1024 * 1024 });
    expect(electronLog.transports.console.level).toBe('info');
    expect(electronLog.errorHandler.startCatching).toHaveBeenCalledWith({ showDialog: false });
  });

  it('wires protocol, permissions, exactly the contract IPC and one window when ready', async () => {
    const fake = await bootReady((f) => (f.app.isPackaged = true));
    expect([...fake.protocol.handlers.keys()]).toEqual(['app']);
    expect(fake.session.defaultSession.permissionRequestHandler).toBeTypeOf('function');
    expect(fake.session.defaultSession.permissionCheckHandler).toBeTypeOf('function');
    // electron-log's own channel is closed again: nothing outside the contract answers a renderer.
    expect([...fake.ipcMain.handlers.keys()].sort()).toEqual(IPC_METHODS.map(ipcChannel).sort());

    const window = mainWindow(fake);
    expect(window.loadedUrls).toEqual(['app://console/index.html']);
    expect(window.options.webPreferences).toMatchObject({ sandbox: true, contextIsolation: true, nodeIntegration: false });
    expect((window.options.webPreferences as { preload: string }).preload).toMatch(/[\\/]preload[\\/]index\.cjs$/);
  });

  it('loads the dev server when unpackaged and ELECTRON_RENDERER_URL is set', async () => {
    vi.stubEnv('ELECTRON_RENDERER_URL', 'http://localhost:5173');
    const fake = await bootReady((f) => (f.app.isPackaged = false));
    expect(mainWindow(fake).loadedUrls).toEqual(['http://localhost:5173']);
  });

  it('ignores ELECTRON_RENDERER_URL when packaged', async () => {
    vi.stubEnv('ELECTRON_RENDERER_URL', 'http://localhost:5173');
    const fake = await bootReady((f) => (f.app.isPackaged = true));
    expect(mainWindow(fake).loadedUrls).toEqual(['app://console/index.html']);
    const reply = await fake.ipcMain.invoke(ipcChannel('getAppInfo'), fake.invokeEventFrom('http://localhost:5173/'));
    expect(reply).toMatchObject({ ok: false, error: { code: 'forbidden_sender' } });
  });

  it('answers the app page and refuses other senders when IPC is called end to end', async () => {
    const fake = await bootReady((f) => {
      f.app.isPackaged = true;
      f.app.version = '2.3.4';
    });
    await expect(call(fake, 'getAppInfo')).resolves.toEqual({
      ok: true,
      value: { name: 'callcenter-console', version: '2.3.4', mode: 'desktop', platform: process.platform },
    });
    await expect(
      fake.ipcMain.invoke(ipcChannel('getSettings'), fake.invokeEventFrom('https://evil.example/')),
    ).resolves.toMatchObject({ ok: false, error: { code: 'forbidden_sender' } });
  });

  it('hardens a web contents as a second line when it is created later', async () => {
    const fake = await bootReady();
    const other = new fake.BrowserWindow({});
    expect(other.webContents.openWindow('https://example.com/')).toEqual({ action: 'deny' });
    expect(other.webContents.navigate('https://evil.example/')).toBe(false);
    expect(other.webContents.attachWebview('https://evil.example/')).toBe(false);
  });

  it('focuses the main window when a notification is clicked', async () => {
    const fake = await bootReady((f) => (f.app.isPackaged = true));
    await call(fake, 'showNotification', { title: 'Call', body: '' });
    fake.Notification.instances[0]?.click();
    expect(mainWindow(fake).focused).toBe(true);
  });

  it('gives Windows the installer\'s app id, without which it shows no notification', async () => {
    const platform = Object.getOwnPropertyDescriptor(process, 'platform');
    try {
      Object.defineProperty(process, 'platform', { value: 'win32' });
      const onWindows = await boot();
      expect(onWindows.app.appUserModelId).toBe('com.callcenter.console');
      Object.defineProperty(process, 'platform', { value: 'linux' });
      const onLinux = await boot();
      expect(onLinux.app.appUserModelId).toBeNull();
    } finally {
      if (platform) Object.defineProperty(process, 'platform', platform);
    }
  });

  it('quits when all windows are closed on a platform other than macOS', async () => {
    const fake = await bootReady();
    const platform = Object.getOwnPropertyDescriptor(process, 'platform');
    try {
      Object.defineProperty(process, 'platform', { value: 'win32' });
      fake.app.emit('window-all-closed');
      expect(fake.app.quitCalls).toBe(1);
      Object.defineProperty(process, 'platform', { value: 'darwin' });
      fake.app.emit('window-all-closed');
      expect(fake.app.quitCalls).toBe(1);
    } finally {
      if (platform) Object.defineProperty(process, 'platform', platform);
    }
  });

  it('opens a new window when activated with none open', async () => {
    const fake = await bootReady();
    mainWindow(fake).destroy();
    fake.app.emit('activate');
    expect(fake.BrowserWindow.getAllWindows()).toHaveLength(1);
  });

  it('quits without wiring anything when another instance holds the lock', async () => {
    const fake = await boot((f) => (f.app.hasSingleInstanceLock = false));
    fake.app.becomeReady();
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(fake.app.quitCalls).toBe(1);
    expect(fake.BrowserWindow.instances).toHaveLength(0);
    expect(fake.ipcMain.handlers.size).toBe(0);
    expect(fake.Tray.instances).toHaveLength(0);
  });
});

describe('main entry: tray and quitting', () => {
  it('shows one tray icon that follows setPresence when ready', async () => {
    const fake = await bootReady();
    expect(fake.Tray.instances).toHaveLength(1);
    const tray = fake.Tray.instances[0] as FakeElectron.Tray;
    expect(tray.toolTip).toBe('callcenter-console — 未登录');
    await expect(value(fake, 'setPresence', { ...PRESENCE, state: 'not_ready', reason: '小休' })).resolves.toEqual({ shown: true });
    expect(tray.toolTip).toBe('callcenter-console — 王芳 · 示忙 · 小休');
    expect(tray.contextMenu?.item('not_ready')).toMatchObject({ checked: true, enabled: true });
  });

  it('sends presenceRequested to the page when a state is picked in the tray menu', async () => {
    const fake = await bootReady();
    await value(fake, 'eventsReady');
    await value(fake, 'setPresence', PRESENCE);
    fake.Tray.instances[0]?.contextMenu?.click('not_ready');
    expect(consoleEvents(fake)).toEqual([{ type: 'presenceRequested', state: 'not_ready' }]);
  });

  it('labels the tray in the language of the settings, also after it changes', async () => {
    const fake = await bootReady();
    await value(fake, 'updateSettings', { language: 'en-US' });
    expect(fake.Tray.instances[0]?.contextMenu?.items.map((item) => item.label ?? item.type)).toEqual([
      'Ready',
      'Not ready',
      'separator',
      'Show window',
      'Quit',
    ]);
  });

  it('hides the window to the tray when it is closed, and shows it again from the tray', async () => {
    const fake = await bootReady();
    const window = mainWindow(fake);
    window.show();
    window.close();
    expect(window.destroyed).toBe(false);
    expect(window.visible).toBe(false);
    fake.Tray.instances[0]?.click();
    expect(window.visible).toBe(true);
    expect(window.focused).toBe(true);
  });

  it('lets the window close when Windows ends the session', async () => {
    const fake = await bootReady();
    await value(fake, 'setPresence', { ...PRESENCE, state: 'talking', inCall: true });
    const window = mainWindow(fake);
    window.emit('session-end', new fake.FakeEvent());
    window.close();
    expect(window.destroyed).toBe(true);
    expect(fake.dialog.shown).toEqual([]);
  });

  it('asks before quitting during a call and stays when the agent cancels', async () => {
    const fake = await bootReady();
    await value(fake, 'setPresence', { ...PRESENCE, state: 'talking', inCall: true });
    fake.Tray.instances[0]?.contextMenu?.click('quit');
    await vi.waitFor(() => expect(fake.dialog.shown).toHaveLength(1));
    expect(fake.dialog.shown[0]).toMatchObject({ message: '正在通话中，确定退出？', defaultId: 0 });
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(fake.app.quitCalls).toBe(0);
    expect(mainWindow(fake).destroyed).toBe(false);
  });

  it('quits, closing the window and releasing the hotkeys, when the agent confirms', async () => {
    const fake = await bootReady();
    fake.dialog.respond = () => 1;
    await value(fake, 'setPresence', { ...PRESENCE, state: 'talking', inCall: true });
    expect(fake.globalShortcut.registered.size).toBe(4);
    fake.app.quit();
    await vi.waitFor(() => expect(fake.app.quitCalls).toBe(1));
    expect(fake.globalShortcut.registered.size).toBe(0);
    expect(fake.Tray.instances[0]?.destroyed).toBe(true);
    // Quitting closes windows for real.
    mainWindow(fake).close();
    expect(mainWindow(fake).destroyed).toBe(true);
  });

  it('quits at once when no call is up', async () => {
    const fake = await bootReady();
    await value(fake, 'setPresence', PRESENCE);
    fake.app.quit();
    expect(fake.app.quitCalls).toBe(1);
    expect(fake.dialog.shown).toEqual([]);
  });
});

describe('main entry: links', () => {
  it('registers as the handler of tel: and callcenter: links and reports it', async () => {
    const fake = await bootReady();
    expect([...fake.app.protocolClients.keys()]).toEqual(['tel', 'callcenter']);
    await expect(value(fake, 'getDesktopStatus')).resolves.toMatchObject({ linkHandlers: { tel: true, app: true } });
  });

  it('dials the number a link on the first command line carries once the page listens', async () => {
    process.argv = ['/opt/console', '--some-switch', 'tel:+86 138-0013-8000'];
    const fake = await bootReady();
    expect(consoleEvents(fake)).toEqual([]);
    await expect(value(fake, 'eventsReady')).resolves.toEqual({ delivered: 1 });
    expect(consoleEvents(fake)).toEqual([{ type: 'dial', number: '+8613800138000', source: 'tel' }]);
  });

  it('takes a macOS open-url that comes before ready and delivers it when the page listens', async () => {
    const fake = await boot();
    const event = fake.app.openUrl('callcenter://dial/10086');
    expect(event.defaultPrevented).toBe(true);
    fake.app.becomeReady();
    await vi.waitFor(() => expect(fake.BrowserWindow.instances).toHaveLength(1));
    await value(fake, 'eventsReady');
    expect(consoleEvents(fake)).toEqual([{ type: 'dial', number: '10086', source: 'app-link' }]);
  });

  it('hands a second start link to the running console and focuses its window', async () => {
    const fake = await bootReady();
    await value(fake, 'eventsReady');
    const window = mainWindow(fake);
    window.minimize();
    fake.app.emit('second-instance', new fake.FakeEvent(), ['C:\\Console\\console.exe', 'tel:10086'], 'C:\\', {});
    expect(consoleEvents(fake)).toEqual([{ type: 'dial', number: '10086', source: 'tel' }]);
    expect(window.minimized).toBe(false);
    expect(window.focused).toBe(true);
    expect(fake.BrowserWindow.instances).toHaveLength(1);
  });

  it('focuses the running console when a second start carries no link', async () => {
    const fake = await bootReady();
    const window = mainWindow(fake);
    window.hide();
    fake.app.emit('second-instance', new fake.FakeEvent(), ['/opt/console'], '/', {});
    expect(window.visible).toBe(true);
    expect(consoleEvents(fake)).toEqual([]);
  });

  it('tells the page a link was refused when it carries script', async () => {
    const fake = await bootReady();
    await value(fake, 'eventsReady');
    fake.app.openUrl('tel:<script>alert(1)</script>');
    expect(consoleEvents(fake)).toEqual([{ type: 'linkRefused', link: 'tel:<script>alert(1)</script>', reason: 'not_a_number' }]);
  });
});

describe('main entry: hotkeys, desktop status, crashes', () => {
  it('registers the default hotkeys and sends a press to the page', async () => {
    const fake = await bootReady();
    await value(fake, 'eventsReady');
    expect([...fake.globalShortcut.registered.keys()].sort()).toEqual(['Ctrl+Alt+Enter', 'Ctrl+Alt+H', 'Ctrl+Alt+M', 'Ctrl+Alt+P']);
    fake.globalShortcut.press('Ctrl+Alt+Enter');
    expect(consoleEvents(fake)).toEqual([{ type: 'hotkey', action: 'answer' }]);
  });

  it('reports a hotkey another program holds and re-registers when the settings change', async () => {
    const fake = await bootReady((f) => f.globalShortcut.heldByOthers.add('Ctrl+Alt+H'));
    const before = await value<{ hotkeys: Record<string, unknown> }>(fake, 'getDesktopStatus');
    expect(before.hotkeys.hangUp).toEqual({ accelerator: 'Ctrl+Alt+H', status: 'conflict' });
    await value(fake, 'updateSettings', { hotkeys: { answer: 'F8', hangUp: 'Ctrl+Alt+E', hold: '', mute: 'Ctrl+Alt+M' } });
    const after = await value<{ hotkeys: Record<string, unknown> }>(fake, 'getDesktopStatus');
    expect(after.hotkeys).toEqual({
      answer: { accelerator: 'F8', status: 'registered' },
      hangUp: { accelerator: 'Ctrl+Alt+E', status: 'registered' },
      hold: { accelerator: '', status: 'off' },
      mute: { accelerator: 'Ctrl+Alt+M', status: 'registered' },
    });
    expect([...fake.globalShortcut.registered.keys()].sort()).toEqual(['Ctrl+Alt+E', 'Ctrl+Alt+M', 'F8']);
  });

  it('reports memory-only secret protection when the OS offers no encryption', async () => {
    const fake = await bootReady((f) => (f.safeStorage.encryptionAvailable = false));
    await expect(value(fake, 'getDesktopStatus')).resolves.toMatchObject({ secretProtection: 'memory-only', launchAtLogin: 'unsupported' });
  });

  it('applies start at login when packaged and the setting changes', async () => {
    const fake = await bootReady((f) => (f.app.isPackaged = true));
    await value(fake, 'updateSettings', { launchAtLogin: true });
    await expect(value(fake, 'getDesktopStatus')).resolves.toMatchObject({ launchAtLogin: 'applied' });
    if (process.platform === 'linux') {
      const entry = await readFile(join(userData, 'config', 'autostart', 'callcenter-console.desktop'), 'utf8');
      expect(entry).toContain(`Exec="${process.execPath}"`);
    } else {
      expect(fake.app.getLoginItemSettings().openAtLogin).toBe(true);
    }
  });

  it('shows an incoming-call notification while the window is hidden and sends show when it is clicked', async () => {
    const fake = await bootReady();
    await value(fake, 'eventsReady');
    mainWindow(fake).hide();
    await expect(value(fake, 'showIncomingCall', { callId: 'c1', caller: '张伟', detail: '13800138000' })).resolves.toEqual({
      shown: true,
      broughtToFront: false,
    });
    fake.Notification.instances[0]?.click();
    expect(mainWindow(fake).visible).toBe(true);
    expect(consoleEvents(fake)).toEqual([{ type: 'incomingCall', callId: 'c1', action: 'show' }]);
    await expect(value(fake, 'dismissIncomingCall', { callId: 'c1' })).resolves.toEqual({ dismissed: true });
  });

  it('reloads a crashed page, forgets the presence and holds events until the page listens again', async () => {
    const fake = await bootReady();
    await value(fake, 'eventsReady');
    await value(fake, 'setPresence', { ...PRESENCE, state: 'talking', inCall: true });
    const window = mainWindow(fake);
    window.webContents.crash('crashed');
    expect(window.webContents.reloads).toBe(1);
    expect(fake.Tray.instances[0]?.toolTip).toBe('callcenter-console — 未登录');
    process.argv = [];
    fake.app.openUrl('tel:10086');
    expect(consoleEvents(fake)).toEqual([]);
    await value(fake, 'eventsReady');
    expect(consoleEvents(fake)).toEqual([{ type: 'dial', number: '10086', source: 'tel' }]);
    // The crash took the call with it: quitting no longer asks.
    fake.app.quit();
    expect(fake.app.quitCalls).toBe(1);
  });

  it('checks for updates only when packaged with a feed', async () => {
    vi.stubEnv('CONSOLE_UPDATE_URL', 'https://updates.example.com/console/');
    await bootReady((f) => (f.app.isPackaged = false));
    expect(fakeUpdater.checks).toBe(0);
    await bootReady((f) => (f.app.isPackaged = true));
    await vi.waitFor(() => expect(fakeUpdater.checks).toBe(1));
    expect(fakeUpdater.feeds).toEqual([{ provider: 'generic', url: 'https://updates.example.com/console/' }]);
    expect(fakeUpdater.autoInstallOnAppQuit).toBe(true);
  });
});
