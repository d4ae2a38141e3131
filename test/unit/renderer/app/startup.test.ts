import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DEFAULT_HOTKEYS, type ConsoleApi, type Settings } from '../../../../shared/ipc/contract';
import { loadStartupValues } from '../../../../renderer/src/app/startup';
import { createWebBridge } from '../../../../renderer/src/platform/web-bridge';
import { memoryStorage } from '../support/memory-storage';

function webBridge(local = memoryStorage()) {
  return createWebBridge({
    localStorage: local,
    sessionStorage: memoryStorage(),
    notifications: null,
    appName: 'test',
    appVersion: '0',
    platform: 'test',
  });
}

function fakeLocation(href: string) {
  const url = new URL(href);
  return { href: url.href, search: url.search } as Location;
}

function fakeHistory() {
  const replaced: string[] = [];
  const history = {
    state: null,
    replaceState: (_state: unknown, _title: string, url?: string | URL | null) => void replaced.push(String(url)),
  } as unknown as History;
  return { history, replaced };
}


// The store and start-up log what they recover from; the tests provoke exactly that, so keep it quiet.
beforeEach(() => {
  vi.spyOn(console, 'warn').mockImplementation(() => undefined);
  vi.spyOn(console, 'error').mockImplementation(() => undefined);
});
afterEach(() => {
  vi.restoreAllMocks();
});

describe('loadStartupValues', () => {
  it('uses zh-CN and the same origin when nothing is set', async () => {
    const { history } = fakeHistory();
    await expect(loadStartupValues(webBridge(), fakeLocation('http://hub/'), history)).resolves.toEqual({
      hubUrl: '',
      language: 'zh-CN',
      mode: 'web',
      settings: expect.objectContaining({ hubUrl: '', language: 'zh-CN', launchAtLogin: false }),
    });
  });

  it('takes ?lang in web mode, persists it and drops it from the address', async () => {
    const local = memoryStorage();
    const { history, replaced } = fakeHistory();
    const values = await loadStartupValues(webBridge(local), fakeLocation('http://hub/?lang=en-US#/board'), history);
    expect(values.language).toBe('en-US');
    expect(values.settings?.language).toBe('en-US');
    expect(JSON.parse(local.getItem('callcenter-console.settings') ?? '{}')).toMatchObject({ language: 'en-US' });
    expect(replaced).toEqual(['http://hub/#/board']);
  });

  it('ignores an unsupported ?lang and keeps the stored language', async () => {
    const local = memoryStorage({ 'callcenter-console.settings': JSON.stringify({ hubUrl: '', language: 'en-US' }) });
    const { history, replaced } = fakeHistory();
    const values = await loadStartupValues(webBridge(local), fakeLocation('http://hub/?lang=xx'), history);
    expect(values.language).toBe('en-US');
    expect(replaced).toEqual([]);
  });

  it('ignores ?lang in the desktop app and reads the hub URL from its settings', async () => {
    const desktopSettings: Settings = {
      hubUrl: 'http://127.0.0.1:8790',
      language: 'zh-CN',
      audio: { microphoneId: null, speakerId: null, ringerId: 'usb-ring' },
      hotkeys: DEFAULT_HOTKEYS,
      launchAtLogin: true,
      bringToFrontOnRing: true,
    };
    const desktop = {
      ...webBridge(),
      getAppInfo: async () => ({ ok: true, value: { name: 'x', version: '1', mode: 'desktop', platform: 'linux' } }),
      getSettings: async () => ({ ok: true, value: desktopSettings }),
    } as ConsoleApi;
    const { history } = fakeHistory();
    await expect(loadStartupValues(desktop, fakeLocation('file:///app/index.html?lang=en-US'), history)).resolves.toEqual({
      hubUrl: 'http://127.0.0.1:8790',
      language: 'zh-CN',
      mode: 'desktop',
      settings: desktopSettings,
    });
  });

  it('falls back to defaults when the bridge fails', async () => {
    const failing = {
      ...webBridge(),
      getAppInfo: async () => ({ ok: false, error: { code: 'failed', message: 'boom' } }),
      getSettings: async () => ({ ok: false, error: { code: 'failed', message: 'boom' } }),
    } as ConsoleApi;
    const { history } = fakeHistory();
    await expect(loadStartupValues(failing, fakeLocation('http://hub/'), history)).resolves.toEqual({
      hubUrl: '',
      language: 'zh-CN',
      mode: 'web',
      settings: null,
    });
  });
});
