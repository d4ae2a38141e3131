import { beforeEach, describe, expect, it, vi } from 'vitest';
import { isTrustedUrl } from '../../../../electron/main/app-origin';
import { createMainWindow, focusWindow, isExternalUrlAllowed, secureWebPreferences } from '../../../../electron/main/window';
import { BrowserWindow, resetFakeElectron, shell } from '../../../support/fake-electron';
import { recordingLogger } from '../recording-logger';

vi.mock('electron', () => import('../../../support/fake-electron'));

const PRELOAD = '/app/out/preload/index.cjs';

function openWindow(startUrl = 'app://console/index.html', origins: readonly string[] = ['app://console']) {
  const log = recordingLogger();
  createMainWindow({ preloadPath: PRELOAD, startUrl, isTrustedUrl: (url) => isTrustedUrl(url, origins), log });
  const window = BrowserWindow.instances.at(-1);
  if (!window) throw new Error('no window was created');
  return { window, log };
}

beforeEach(() => resetFakeElectron());

describe('window', () => {
  it('creates the window with the secure webPreferences when opened', () => {
    const { window } = openWindow();
    expect(window.options.webPreferences).toStrictEqual({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      spellcheck: false,
      preload: PRELOAD,
    });
    expect(secureWebPreferences(PRELOAD)).toStrictEqual(window.options.webPreferences);
  });

  it('never sets an option that weakens the renderer when opened', () => {
    const { window } = openWindow();
    const prefs = window.options.webPreferences as Record<string, unknown>;
    for (const risky of ['experimentalFeatures', 'enableBlinkFeatures', 'nodeIntegrationInSubFrames', 'additionalArguments']) {
      expect(prefs, risky).not.toHaveProperty(risky);
    }
  });

  it('stays hidden until ready-to-show when created', () => {
    const { window } = openWindow();
    expect(window.options.show).toBe(false);
    expect(window.visible).toBe(false);
    window.emit('ready-to-show');
    expect(window.visible).toBe(true);
  });

  it('loads the start URL when it is given one', () => {
    const { window } = openWindow('app://console/index.html');
    expect(window.loadedUrls).toEqual(['app://console/index.html']);
  });

  it('denies window.open and sends http(s) links to the OS browser when a page opens one', () => {
    const { window } = openWindow();
    expect(window.webContents.openWindow('https://example.com/help')).toEqual({ action: 'deny' });
    expect(window.webContents.openWindow('http://example.com/')).toEqual({ action: 'deny' });
    expect(shell.openedExternal).toEqual(['https://example.com/help', 'http://example.com/']);
  });

  it('denies window.open without opening anything when the URL is not http(s)', () => {
    const { window } = openWindow();
    for (const url of ['file:///etc/passwd', 'smb://host/share', 'javascript:alert(1)', 'app://console/index.html', 'ms-settings:']) {
      expect(window.webContents.openWindow(url)).toEqual({ action: 'deny' });
    }
    expect(shell.openedExternal).toEqual([]);
  });

  it('blocks navigation and redirects when they lead to another origin', () => {
    const { window } = openWindow();
    for (const url of ['https://evil.example/', 'file:///etc/passwd', 'app://other/index.html', 'http://localhost:5173/']) {
      expect(window.webContents.navigate(url, 'will-navigate'), url).toBe(false);
      expect(window.webContents.navigate(url, 'will-redirect'), url).toBe(false);
    }
    expect(shell.openedExternal).toEqual([]);
  });

  it('lets navigation through when it stays in the app origin', () => {
    const { window } = openWindow();
    expect(window.webContents.navigate('app://console/index.html#/calls')).toBe(true);
  });

  it('lets the dev server navigate when it is a trusted origin', () => {
    const { window } = openWindow('http://localhost:5173', ['app://console', 'http://localhost:5173']);
    expect(window.webContents.navigate('http://localhost:5173/')).toBe(true);
    expect(window.webContents.navigate('http://localhost:5174/')).toBe(false);
  });

  it('prevents a webview from being attached when a page adds one', () => {
    const { window } = openWindow();
    expect(window.webContents.attachWebview('https://evil.example/')).toBe(false);
    expect(window.webContents.attachWebview('app://console/index.html')).toBe(false);
  });

  it('restores, shows and focuses the window when asked to focus it', () => {
    const { window } = openWindow();
    window.minimize();
    focusWindow(window as never);
    expect(window.isMinimized()).toBe(false);
    expect(window.visible).toBe(true);
    expect(window.focused).toBe(true);
  });

  it('does nothing when asked to focus a window that is gone', () => {
    expect(() => focusWindow(null)).not.toThrow();
  });

  it('allows only http and https when a link is to be opened outside', () => {
    expect(isExternalUrlAllowed('https://example.com')).toBe(true);
    expect(isExternalUrlAllowed('HTTP://example.com')).toBe(true);
    expect(isExternalUrlAllowed('file:///C:/Windows/System32/calc.exe')).toBe(false);
    expect(isExternalUrlAllowed('mailto:a@b.c')).toBe(false);
    expect(isExternalUrlAllowed('not a url')).toBe(false);
  });
});
