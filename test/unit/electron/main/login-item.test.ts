import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  autostartEntry,
  autostartPath,
  createLoginItem,
  quoteExecArgument,
  type LoginItemDeps,
} from '../../../../electron/main/login-item';
import { app, resetFakeElectron } from '../../../support/fake-electron';
import { recordingLogger } from '../recording-logger';

let home: string;
beforeEach(async () => {
  resetFakeElectron();
  home = await mkdtemp(join(tmpdir(), 'console-login-'));
});
afterEach(() => rm(home, { recursive: true, force: true }));

function loginItem(overrides: Partial<LoginItemDeps> = {}) {
  const log = recordingLogger();
  const item = createLoginItem({
    platform: 'win32',
    isPackaged: true,
    app,
    env: {},
    homeDir: home,
    execPath: '/opt/Console/console',
    appId: 'callcenter-console',
    displayName: '呼叫中心控制台',
    log,
    ...overrides,
  });
  return { item, log };
}

describe('login item', () => {
  for (const platform of ['win32', 'darwin'] as const) {
    it(`asks the OS to open the app at login and reports applied on ${platform}`, async () => {
      const { item } = loginItem({ platform });
      await expect(item.apply(true)).resolves.toBe('applied');
      expect(app.loginItemCalls).toEqual([{ openAtLogin: true }]);
      expect(item.status()).toBe('applied');
      await expect(item.apply(false)).resolves.toBe('applied');
      expect(app.getLoginItemSettings().openAtLogin).toBe(false);
    });
  }

  it('reports failed when the OS does not keep the setting', async () => {
    const { item, log } = loginItem({
      app: { setLoginItemSettings: () => {}, getLoginItemSettings: () => ({ openAtLogin: false }) },
    });
    await expect(item.apply(true)).resolves.toBe('failed');
    expect(log.at('warn')).toHaveLength(1);
  });

  it('reports failed and warns when the OS call throws', async () => {
    const { item, log } = loginItem({
      app: {
        setLoginItemSettings: () => {
          throw new Error('denied');
        },
        getLoginItemSettings: () => ({ openAtLogin: false }),
      },
    });
    await expect(item.apply(true)).resolves.toBe('failed');
    expect(item.status()).toBe('failed');
    expect(log.at('warn')).toHaveLength(1);
  });

  it('touches nothing and reports unsupported in a development build', async () => {
    const { item } = loginItem({ isPackaged: false });
    expect(item.status()).toBe('unsupported');
    await expect(item.apply(true)).resolves.toBe('unsupported');
    expect(app.loginItemCalls).toEqual([]);
  });

  it('writes an XDG autostart entry for the executable on Linux', async () => {
    const { item } = loginItem({ platform: 'linux' });
    await expect(item.apply(true)).resolves.toBe('applied');
    const entry = await readFile(join(home, '.config', 'autostart', 'callcenter-console.desktop'), 'utf8');
    expect(entry).toBe(
      '[Desktop Entry]\nType=Application\nName=呼叫中心控制台\nExec="/opt/Console/console"\nTerminal=false\nX-GNOME-Autostart-enabled=true\n',
    );
    expect(app.loginItemCalls).toEqual([]);
  });

  it('starts the AppImage file rather than its mount when run from an AppImage', async () => {
    const { item } = loginItem({ platform: 'linux', env: { APPIMAGE: '/home/a/Apps/Console 1.0.AppImage' } });
    await item.apply(true);
    const entry = await readFile(join(home, '.config', 'autostart', 'callcenter-console.desktop'), 'utf8');
    expect(entry).toContain('Exec="/home/a/Apps/Console 1.0.AppImage"\n');
  });

  it('removes the autostart entry when turned off, and does not mind when there is none', async () => {
    const { item } = loginItem({ platform: 'linux' });
    await item.apply(true);
    await expect(item.apply(false)).resolves.toBe('applied');
    expect(await readdir(join(home, '.config', 'autostart'))).toEqual([]);
    await expect(item.apply(false)).resolves.toBe('applied');
  });

  it('applies changes in the order they were asked for when they overlap', async () => {
    const { item } = loginItem({ platform: 'linux' });
    await Promise.all([item.apply(true), item.apply(false), item.apply(true)]);
    expect(await readdir(join(home, '.config', 'autostart'))).toEqual(['callcenter-console.desktop']);
  });

  it('reports failed when the autostart entry cannot be written', async () => {
    const { item } = loginItem({
      platform: 'linux',
      files: { write: () => Promise.reject(new Error('EACCES')), remove: () => Promise.resolve() },
    });
    await expect(item.apply(true)).resolves.toBe('failed');
  });

  it('honours XDG_CONFIG_HOME when it is an absolute path', () => {
    expect(autostartPath({ XDG_CONFIG_HOME: '/cfg' }, '/home/a', 'my app')).toBe('/cfg/autostart/my-app.desktop');
    expect(autostartPath({ XDG_CONFIG_HOME: 'relative' }, '/home/a', 'x')).toBe('/home/a/.config/autostart/x.desktop');
  });

  it('quotes and escapes an Exec argument as the Desktop Entry spec asks', () => {
    expect(quoteExecArgument('/opt/a b/c')).toBe('"/opt/a b/c"');
    expect(quoteExecArgument('/opt/$HOME/`x`/"q"/100%/back\\slash')).toBe(
      '"/opt/\\\\$HOME/\\\\`x\\\\`/\\\\"q\\\\"/100%%/back\\\\\\\\slash"',
    );
    expect(autostartEntry('/x', 'A\nExec=evil')).toContain('Name=A Exec=evil\n');
  });
});
