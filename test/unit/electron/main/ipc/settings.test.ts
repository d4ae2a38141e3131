import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ipcChannel } from '../../../../../shared/ipc/contract';
import { registerIpc } from '../../../../../electron/main/ipc/register';
import { createHandlers } from '../../../../../electron/main/ipc/handlers';
import { createSettingsHandlers, defaultSettings, DEFAULT_HUB_URL } from '../../../../../electron/main/ipc/settings';
import { invokeEventFrom, ipcMain, Notification, resetFakeElectron, safeStorage } from '../../../../support/fake-electron';
import { recordingLogger } from '../../recording-logger';

const NOW = new Date('2025-03-01T08:30:00.000Z');
let dir: string;
let filePath: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'console-settings-'));
  filePath = join(dir, 'settings.json');
});
afterEach(() => rm(dir, { recursive: true, force: true }));

function handlers(env: Record<string, string | undefined> = {}) {
  const log = recordingLogger();
  return { log, ...createSettingsHandlers({ filePath, env, clock: () => NOW, log }) };
}

describe('settings', () => {
  it('answers the defaults without writing a file when none exists yet', async () => {
    const { getSettings } = handlers();
    await expect(getSettings(undefined)).resolves.toEqual({ hubUrl: DEFAULT_HUB_URL, language: 'zh-CN' });
    expect(await readdir(dir)).toEqual([]);
  });

  it('takes the default hub URL from CONSOLE_HUB_URL when it is set', () => {
    expect(defaultSettings({ CONSOLE_HUB_URL: 'http://10.0.0.5:9000' }).hubUrl).toBe('http://10.0.0.5:9000');
    expect(defaultSettings({ CONSOLE_HUB_URL: '' }).hubUrl).toBe(DEFAULT_HUB_URL);
  });

  it('keeps a saved hub URL over CONSOLE_HUB_URL when the file has one', async () => {
    await writeFile(filePath, JSON.stringify({ hubUrl: 'http://saved:1', language: 'en-US' }));
    const { getSettings } = handlers({ CONSOLE_HUB_URL: 'http://env:2' });
    await expect(getSettings(undefined)).resolves.toEqual({ hubUrl: 'http://saved:1', language: 'en-US' });
  });

  it('writes the merged settings and answers them when a patch is applied', async () => {
    const { updateSettings, getSettings } = handlers();
    await expect(updateSettings({ language: 'en-US' })).resolves.toEqual({ hubUrl: DEFAULT_HUB_URL, language: 'en-US' });
    expect(JSON.parse(await readFile(filePath, 'utf8'))).toEqual({ hubUrl: DEFAULT_HUB_URL, language: 'en-US' });
    await expect(getSettings(undefined)).resolves.toEqual({ hubUrl: DEFAULT_HUB_URL, language: 'en-US' });
    // Atomic write: no temporary file is left behind.
    expect(await readdir(dir)).toEqual(['settings.json']);
  });

  it('reads back what an earlier run saved when started again', async () => {
    await handlers().updateSettings({ hubUrl: 'http://hub.local:8790' });
    await expect(handlers().getSettings(undefined)).resolves.toEqual({ hubUrl: 'http://hub.local:8790', language: 'zh-CN' });
  });

  it('ignores an undefined field when it is in the patch', async () => {
    const { updateSettings } = handlers();
    await updateSettings({ hubUrl: 'http://a:1' });
    await expect(updateSettings({ hubUrl: undefined, language: 'en-US' })).resolves.toEqual({ hubUrl: 'http://a:1', language: 'en-US' });
  });

  it('applies concurrent patches one after the other when they overlap', async () => {
    const { updateSettings, getSettings } = handlers();
    await Promise.all([updateSettings({ hubUrl: 'http://a:1' }), updateSettings({ language: 'en-US' })]);
    await expect(getSettings(undefined)).resolves.toEqual({ hubUrl: 'http://a:1', language: 'en-US' });
  });

  it('restores the defaults, keeps the bad file aside and warns when the file is not JSON', async () => {
    await writeFile(filePath, '{"hubUrl": "http://a:1", ');
    const { getSettings, log } = handlers();
    await expect(getSettings(undefined)).resolves.toEqual({ hubUrl: DEFAULT_HUB_URL, language: 'zh-CN' });
    const aside = join(dir, 'settings.json.corrupt-2025-03-01T08-30-00-000Z');
    expect(await readFile(aside, 'utf8')).toBe('{"hubUrl": "http://a:1", ');
    expect(JSON.parse(await readFile(filePath, 'utf8'))).toEqual({ hubUrl: DEFAULT_HUB_URL, language: 'zh-CN' });
    expect(log.at('warn')).toHaveLength(1);
  });

  it('restores the defaults and keeps the file aside when it holds JSON that is not an object', async () => {
    await writeFile(filePath, '[1,2,3]');
    const { getSettings, log } = handlers();
    await expect(getSettings(undefined)).resolves.toEqual({ hubUrl: DEFAULT_HUB_URL, language: 'zh-CN' });
    expect((await readdir(dir)).sort()).toEqual(['settings.json', 'settings.json.corrupt-2025-03-01T08-30-00-000Z']);
    expect(log.at('warn')).toHaveLength(1);
  });

  it('keeps the valid fields and defaults only the invalid one when a field is invalid', async () => {
    await writeFile(filePath, JSON.stringify({ hubUrl: 'http://kept:1', language: 'fr-FR' }));
    const { getSettings, log } = handlers();
    await expect(getSettings(undefined)).resolves.toEqual({ hubUrl: 'http://kept:1', language: 'zh-CN' });
    expect(await readdir(dir)).toContain('settings.json.corrupt-2025-03-01T08-30-00-000Z');
    expect(log.at('warn')).toHaveLength(1);
  });

  it('fills a missing field from the defaults without a warning when the file is from an older version', async () => {
    await writeFile(filePath, JSON.stringify({ hubUrl: 'http://old:1' }));
    const { getSettings, log } = handlers();
    await expect(getSettings(undefined)).resolves.toEqual({ hubUrl: 'http://old:1', language: 'zh-CN' });
    expect(await readdir(dir)).toEqual(['settings.json']);
    expect(log.entries).toEqual([]);
  });

  describe('through the IPC contract', () => {
    beforeEach(() => resetFakeElectron());

    function register() {
      const all = createHandlers({
        app: { getName: () => 'console', getVersion: () => '1.0.0' },
        userDataDir: dir,
        env: {},
        platform: 'linux',
        safeStorage,
        Notification,
        focusMainWindow: () => {},
        clock: () => NOW,
        logFor: () => recordingLogger(),
      });
      registerIpc(ipcMain, all, { isTrustedSender: () => true, log: recordingLogger() });
      return (request: unknown) =>
        ipcMain.invoke(ipcChannel('updateSettings'), invokeEventFrom('app://console/index.html'), request);
    }

    it('refuses an invalid patch and leaves the file untouched when it does not parse', async () => {
      await writeFile(filePath, JSON.stringify({ hubUrl: 'http://kept:1', language: 'en-US' }));
      const before = await readFile(filePath, 'utf8');
      const update = register();
      for (const patch of [{ language: 'xx' }, { hubUrl: 42 }, { hubUrl: 'h'.repeat(2049) }, { extra: true }, null]) {
        await expect(update(patch)).resolves.toMatchObject({ ok: false, error: { code: 'invalid_request' } });
      }
      expect(await readFile(filePath, 'utf8')).toBe(before);
    });

    it('answers the new settings when the patch is valid', async () => {
      const update = register();
      await expect(update({ language: 'en-US' })).resolves.toEqual({
        ok: true,
        value: { hubUrl: DEFAULT_HUB_URL, language: 'en-US' },
      });
    });
  });
});
