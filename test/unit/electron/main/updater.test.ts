import { EventEmitter } from 'node:events';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { messagesFor } from '../../../../electron/main/i18n';
import {
  createUpdater,
  isAcceptableFeedUrl,
  UPDATE_CHECK_INTERVAL_MS,
  type AutoUpdaterLike,
  type UpdaterDeps,
} from '../../../../electron/main/updater';
import { dialog, resetFakeElectron } from '../../../support/fake-electron';
import { recordingLogger } from '../recording-logger';

beforeEach(() => resetFakeElectron());

class FakeUpdater extends EventEmitter implements AutoUpdaterLike {
  autoDownload = false;
  autoInstallOnAppQuit = false;
  logger: AutoUpdaterLike['logger'] = null;
  feeds: { provider: 'generic'; url: string }[] = [];
  checks = 0;
  installs: [boolean | undefined, boolean | undefined][] = [];
  checkResult: () => Promise<unknown> = () => Promise.resolve(null);
  setFeedURL(options: { provider: 'generic'; url: string }): void {
    this.feeds.push(options);
  }
  checkForUpdates(): Promise<unknown> {
    this.checks += 1;
    return this.checkResult();
  }
  quitAndInstall(isSilent?: boolean, isForceRunAfter?: boolean): void {
    this.installs.push([isSilent, isForceRunAfter]);
  }
}

const flush = () => new Promise((resolve) => setTimeout(resolve, 0));

function setup(overrides: Partial<UpdaterDeps> = {}) {
  const fake = new FakeUpdater();
  const timers: { ms: number; task: () => void; stopped: boolean }[] = [];
  const state = { inCall: false };
  const log = recordingLogger();
  const updater = createUpdater({
    isPackaged: true,
    feedUrl: undefined,
    hasPublishConfig: () => true,
    loadUpdater: vi.fn(async () => fake),
    isInCall: () => state.inCall,
    dialog,
    messages: () => messagesFor('zh-CN'),
    every: (ms, task) => {
      const timer = { ms, task, stopped: false };
      timers.push(timer);
      return () => {
        timer.stopped = true;
      };
    },
    log,
    ...overrides,
  });
  return { updater, fake, timers, state, log };
}

describe('updater', () => {
  it('stays off without loading electron-updater in a development build', async () => {
    const loadUpdater = vi.fn();
    const { updater } = setup({ isPackaged: false, loadUpdater });
    await expect(updater.start()).resolves.toBe(false);
    expect(loadUpdater).not.toHaveBeenCalled();
  });

  it('stays off when no feed is configured', async () => {
    const loadUpdater = vi.fn();
    const { updater } = setup({ hasPublishConfig: () => false, loadUpdater });
    await expect(updater.start()).resolves.toBe(false);
    expect(loadUpdater).not.toHaveBeenCalled();
  });

  it('checks at start and every four hours, downloading in the background and installing on quit', async () => {
    const { updater, fake, timers } = setup();
    await expect(updater.start()).resolves.toBe(true);
    expect(fake.checks).toBe(1);
    expect(fake.autoDownload).toBe(true);
    expect(fake.autoInstallOnAppQuit).toBe(true);
    expect(fake.logger).not.toBeNull();
    expect(fake.feeds).toEqual([]);
    expect(timers.map((t) => t.ms)).toEqual([UPDATE_CHECK_INTERVAL_MS]);
    timers[0]?.task();
    expect(fake.checks).toBe(2);
    updater.stop();
    expect(timers[0]?.stopped).toBe(true);
  });

  it('uses CONSOLE_UPDATE_URL as a generic feed when it is https', async () => {
    const { updater, fake } = setup({ feedUrl: 'https://updates.example.com/console/', hasPublishConfig: () => false });
    await expect(updater.start()).resolves.toBe(true);
    expect(fake.feeds).toEqual([{ provider: 'generic', url: 'https://updates.example.com/console/' }]);
  });

  it('refuses a plain-http update feed and stays off', async () => {
    const { updater, log } = setup({ feedUrl: 'http://updates.example.com/' });
    await expect(updater.start()).resolves.toBe(false);
    expect(log.at('warn')).toHaveLength(1);
  });

  it('only logs when a check fails or the updater reports an error', async () => {
    const { updater, fake, log } = setup();
    fake.checkResult = () => Promise.reject(new Error('offline'));
    await updater.start();
    await flush();
    fake.emit('error', new Error('bad signature'));
    expect(log.at('warn').map((entry) => entry.message)).toEqual(['update check failed', 'update failed']);
    expect(dialog.shown).toEqual([]);
  });

  it('never asks nor installs when the update arrives during a call', async () => {
    const { updater, fake, state } = setup();
    await updater.start();
    state.inCall = true;
    fake.emit('update-downloaded', { version: '1.2.0' });
    await flush();
    expect(dialog.shown).toEqual([]);
    expect(fake.installs).toEqual([]);
  });

  it('installs when the agent accepts between calls', async () => {
    dialog.respond = () => 1;
    const { updater, fake } = setup();
    await updater.start();
    fake.emit('update-downloaded', { version: '1.2.0' });
    await flush();
    expect(dialog.shown[0]).toMatchObject({ message: '新版本 1.2.0 已下载。', buttons: ['稍后', '立即重启'], defaultId: 0 });
    expect(fake.installs).toEqual([[false, true]]);
  });

  it('leaves the install to the next quit when the agent says later', async () => {
    const { updater, fake } = setup();
    await updater.start();
    fake.emit('update-downloaded', { version: '1.2.0' });
    await flush();
    expect(fake.installs).toEqual([]);
  });

  it('does not install when a call rang while the question was open', async () => {
    const { updater, fake, state } = setup();
    dialog.respond = () => {
      state.inCall = true;
      return 1;
    };
    await updater.start();
    fake.emit('update-downloaded', { version: '1.2.0' });
    await flush();
    expect(fake.installs).toEqual([]);
  });
});

describe('isAcceptableFeedUrl', () => {
  it('accepts https and loopback http only', () => {
    expect(isAcceptableFeedUrl('https://u.example/x')).toBe(true);
    expect(isAcceptableFeedUrl('http://127.0.0.1:8080/')).toBe(true);
    expect(isAcceptableFeedUrl('http://u.example/x')).toBe(false);
    expect(isAcceptableFeedUrl('file:///tmp/feed')).toBe(false);
    expect(isAcceptableFeedUrl('https://user:pw@u.example/')).toBe(false);
    expect(isAcceptableFeedUrl('not a url')).toBe(false);
  });
});
