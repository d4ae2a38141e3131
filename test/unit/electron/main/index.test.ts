import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { IPC_METHODS, ipcChannel } from '../../../../shared/ipc/methods';
import type * as FakeElectron from '../../../support/fake-electron';

vi.mock('electron', () => import('../../../support/fake-electron'));

type Fake = typeof FakeElectron;

let userData: string;

beforeEach(async () => {
  userData = await mkdtemp(join(tmpdir(), 'console-main-'));
  vi.spyOn(console, 'info').mockImplementation(() => {});
  vi.spyOn(console, 'warn').mockImplementation(() => {});
});
afterEach(async () => {
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

  it('wires protocol, permissions, exactly the contract IPC and one window when ready', async () => {
    const fake = await bootReady((f) => (f.app.isPackaged = true));
    expect([...fake.protocol.handlers.keys()]).toEqual(['app']);
    expect(fake.session.defaultSession.permissionRequestHandler).toBeTypeOf('function');
    expect(fake.session.defaultSession.permissionCheckHandler).toBeTypeOf('function');
    expect([...fake.ipcMain.handlers.keys()].sort()).toEqual(IPC_METHODS.map(ipcChannel).sort());

    const [window] = fake.BrowserWindow.instances;
    expect(window?.loadedUrls).toEqual(['app://console/index.html']);
    expect(window?.options.webPreferences).toMatchObject({ sandbox: true, contextIsolation: true, nodeIntegration: false });
    expect((window?.options.webPreferences as { preload: string }).preload).toMatch(/[\\/]preload[\\/]index\.cjs$/);
  });

  it('loads the dev server when unpackaged and ELECTRON_RENDERER_URL is set', async () => {
    vi.stubEnv('ELECTRON_RENDERER_URL', 'http://localhost:5173');
    const fake = await bootReady((f) => (f.app.isPackaged = false));
    expect(fake.BrowserWindow.instances[0]?.loadedUrls).toEqual(['http://localhost:5173']);
  });

  it('ignores ELECTRON_RENDERER_URL when packaged', async () => {
    vi.stubEnv('ELECTRON_RENDERER_URL', 'http://localhost:5173');
    const fake = await bootReady((f) => (f.app.isPackaged = true));
    expect(fake.BrowserWindow.instances[0]?.loadedUrls).toEqual(['app://console/index.html']);
    const reply = await fake.ipcMain.invoke(ipcChannel('getAppInfo'), fake.invokeEventFrom('http://localhost:5173/'));
    expect(reply).toMatchObject({ ok: false, error: { code: 'forbidden_sender' } });
  });

  it('answers the app page and refuses other senders when IPC is called end to end', async () => {
    const fake = await bootReady((f) => {
      f.app.isPackaged = true;
      f.app.version = '2.3.4';
    });
    await expect(fake.ipcMain.invoke(ipcChannel('getAppInfo'), fake.invokeEventFrom('app://console/index.html'))).resolves.toEqual({
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
    const [window] = fake.BrowserWindow.instances;
    await fake.ipcMain.invoke(ipcChannel('showNotification'), fake.invokeEventFrom('app://console/'), { title: 'Call', body: '' });
    fake.Notification.instances[0]?.click();
    expect(window?.focused).toBe(true);
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
    fake.BrowserWindow.instances[0]?.close();
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
  });
});
