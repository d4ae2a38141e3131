import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DEFAULT_HOTKEYS, ipcChannel, type Settings } from '../../../../../shared/ipc/contract';
import { registerIpc } from '../../../../../electron/main/ipc/register';
import { createHandlers } from '../../../../../electron/main/ipc/handlers';
import {
  createSettingsHandlers,
  defaultSettings,
  DEFAULT_HUB_URL,
  type SettingsDeps,
} from '../../../../../electron/main/ipc/settings';
import { invokeEventFrom, ipcMain, resetFakeElectron } from '../../../../support/fake-electron';
import { recordingLogger } from '../../recording-logger';
import { handlersDeps } from './handlers-deps';

const NOW = new Date('2025-03-01T08:30:00.000Z');
let dir: string;
let filePath: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'console-settings-'));
  filePath = join(dir, 'settings.json');
});
afterEach(() => rm(dir, { recursive: true, force: true }));

function handlers(env: Record<string, string | undefined> = {}, onChange?: SettingsDeps['onChange']) {
  const log = recordingLogger();
  return { log, ...createSettingsHandlers({ filePath, env, clock: () => NOW, log, ...(onChange ? { onChange } : {}) }) };
}

/** The defaults with the given fields, the way most answers look. */
const settings = (fields: Partial<Settings> = {}): Settings => ({ ...defaultSettings({}), ...fields });
const NO_AUDIO = { microphoneId: null, speakerId: null, ringerId: null };

describe('settings', () => {
  it('answers the defaults without writing a file when none exists yet', async () => {
    const { getSettings } = handlers();
    await expect(getSettings(undefined)).resolves.toEqual(settings({ hubUrl: DEFAULT_HUB_URL, language: 'zh-CN' }));
    expect(await readdir(dir)).toEqual([]);
  });

  it('takes the default hub URL from CONSOLE_HUB_URL when it is set', () => {
    expect(defaultSettings({ CONSOLE_HUB_URL: 'http://10.0.0.5:9000' }).hubUrl).toBe('http://10.0.0.5:9000');
    expect(defaultSettings({ CONSOLE_HUB_URL: '' }).hubUrl).toBe(DEFAULT_HUB_URL);
  });

  it('keeps a saved hub URL over CONSOLE_HUB_URL when the file has one', async () => {
    await writeFile(filePath, JSON.stringify({ hubUrl: 'http://saved:1', language: 'en-US' }));
    const { getSettings } = handlers({ CONSOLE_HUB_URL: 'http://env:2' });
    await expect(getSettings(undefined)).resolves.toEqual(settings({ hubUrl: 'http://saved:1', language: 'en-US' }));
  });

  it('writes the merged settings and answers them when a patch is applied', async () => {
    const { updateSettings, getSettings } = handlers();
    await expect(updateSettings({ language: 'en-US' })).resolves.toEqual(settings({ hubUrl: DEFAULT_HUB_URL, language: 'en-US' }));
    expect(JSON.parse(await readFile(filePath, 'utf8'))).toEqual(settings({ hubUrl: DEFAULT_HUB_URL, language: 'en-US' }));
    await expect(getSettings(undefined)).resolves.toEqual(settings({ hubUrl: DEFAULT_HUB_URL, language: 'en-US' }));
    // Atomic write: no temporary file is left behind.
    expect(await readdir(dir)).toEqual(['settings.json']);
  });

  it('reads back what an earlier run saved when started again', async () => {
    await handlers().updateSettings({ hubUrl: 'http://hub.local:8790' });
    await expect(handlers().getSettings(undefined)).resolves.toEqual(settings({ hubUrl: 'http://hub.local:8790', language: 'zh-CN' }));
  });

  it('ignores an undefined field when it is in the patch', async () => {
    const { updateSettings } = handlers();
    await updateSettings({ hubUrl: 'http://a:1' });
    await expect(updateSettings({ hubUrl: undefined, language: 'en-US' })).resolves.toEqual(settings({ hubUrl: 'http://a:1', language: 'en-US' }));
  });

  it('applies concurrent patches one after the other when they overlap', async () => {
    const { updateSettings, getSettings } = handlers();
    await Promise.all([updateSettings({ hubUrl: 'http://a:1' }), updateSettings({ language: 'en-US' })]);
    await expect(getSettings(undefined)).resolves.toEqual(settings({ hubUrl: 'http://a:1', language: 'en-US' }));
  });

  it('restores the defaults, keeps the bad file aside and warns when the file is not JSON', async () => {
    await writeFile(filePath, '{"hubUrl": "http://a:1", ');
    const { getSettings, log } = handlers();
    await expect(getSettings(undefined)).resolves.toEqual(settings({ hubUrl: DEFAULT_HUB_URL, language: 'zh-CN' }));
    const aside = join(dir, 'settings.json.corrupt-2025-03-01T08-30-00-000Z');
    expect(await readFile(aside, 'utf8')).toBe('{"hubUrl": "http://a:1", ');
    expect(JSON.parse(await readFile(filePath, 'utf8'))).toEqual(settings({ hubUrl: DEFAULT_HUB_URL, language: 'zh-CN' }));
    expect(log.at('warn')).toHaveLength(1);
  });

  it('restores the defaults and keeps the file aside when it holds JSON that is not an object', async () => {
    await writeFile(filePath, '[1,2,3]');
    const { getSettings, log } = handlers();
    await expect(getSettings(undefined)).resolves.toEqual(settings({ hubUrl: DEFAULT_HUB_URL, language: 'zh-CN' }));
    expect((await readdir(dir)).sort()).toEqual(['settings.json', 'settings.json.corrupt-2025-03-01T08-30-00-000Z']);
    expect(log.at('warn')).toHaveLength(1);
  });

  it('keeps the valid fields and defaults only the invalid one when a field is invalid', async () => {
    await writeFile(filePath, JSON.stringify({ hubUrl: 'http://kept:1', language: 'fr-FR' }));
    const { getSettings, log } = handlers();
    await expect(getSettings(undefined)).resolves.toEqual(settings({ hubUrl: 'http://kept:1', language: 'zh-CN' }));
    expect(await readdir(dir)).toContain('settings.json.corrupt-2025-03-01T08-30-00-000Z');
    expect(log.at('warn')).toHaveLength(1);
  });

  it('fills a missing field from the defaults without a warning when the file is from an older version', async () => {
    await writeFile(filePath, JSON.stringify({ hubUrl: 'http://old:1' }));
    const { getSettings, log } = handlers();
    await expect(getSettings(undefined)).resolves.toEqual(settings({ hubUrl: 'http://old:1', language: 'zh-CN' }));
    expect(await readdir(dir)).toEqual(['settings.json']);
    expect(log.entries).toEqual([]);
  });

  it('defaults to the standard hotkeys, system audio devices, and neither start at login nor bring to front', () => {
    expect(defaultSettings({})).toEqual({
      hubUrl: DEFAULT_HUB_URL,
      language: 'zh-CN',
      audio: NO_AUDIO,
      hotkeys: DEFAULT_HOTKEYS,
      launchAtLogin: false,
      bringToFrontOnRing: false,
    });
  });

  it('keeps the other hotkeys and the audio devices when one saved hotkey is invalid', async () => {
    const audio = { microphoneId: 'mic-1', speakerId: null, ringerId: 'ring-2' };
    const hotkeys = { answer: 'F9', hangUp: 'Ctrl+Nope', hold: '', mute: 'Alt+M' };
    await writeFile(filePath, JSON.stringify({ ...settings(), audio, hotkeys, launchAtLogin: true }));
    const { getSettings, log } = handlers();
    await expect(getSettings(undefined)).resolves.toEqual(
      settings({ audio, hotkeys: { ...hotkeys, hangUp: DEFAULT_HOTKEYS.hangUp }, launchAtLogin: true }),
    );
    expect(await readdir(dir)).toContain('settings.json.corrupt-2025-03-01T08-30-00-000Z');
    expect(log.at('warn')[0]?.details).toEqual([expect.objectContaining({ reason: 'invalid: hotkeys.hangUp' })]);
  });

  it('restores the default of a nested field that is not an object and keeps the rest', async () => {
    await writeFile(filePath, JSON.stringify({ hubUrl: 'http://kept:1', audio: 'usb', bringToFrontOnRing: 'yes', launchAtLogin: true }));
    const { getSettings, log } = handlers();
    await expect(getSettings(undefined)).resolves.toEqual(settings({ hubUrl: 'http://kept:1', launchAtLogin: true }));
    expect(log.at('warn')[0]?.details).toEqual([expect.objectContaining({ reason: 'invalid: audio, bringToFrontOnRing' })]);
  });

  it('fills a missing hotkey from the defaults without a warning when the file lacks it', async () => {
    await writeFile(filePath, JSON.stringify({ hubUrl: 'http://old:1', hotkeys: { answer: 'F9' } }));
    const { getSettings, log } = handlers();
    await expect(getSettings(undefined)).resolves.toEqual(
      settings({ hubUrl: 'http://old:1', hotkeys: { ...DEFAULT_HOTKEYS, answer: 'F9' } }),
    );
    expect(log.entries).toEqual([]);
  });

  it('calls the change hook with the new and the old settings after saving them', async () => {
    const onChange = vi.fn(async () => {
      expect(JSON.parse(await readFile(filePath, 'utf8')).launchAtLogin).toBe(true);
    });
    const { updateSettings } = handlers({}, onChange);
    await updateSettings({ launchAtLogin: true });
    expect(onChange).toHaveBeenCalledWith(settings({ launchAtLogin: true }), settings());
  });

  it('keeps the saved settings and logs when the change hook fails', async () => {
    const { updateSettings, getSettings, log } = handlers({}, () => {
      throw new Error('globalShortcut exploded');
    });
    await expect(updateSettings({ bringToFrontOnRing: true })).resolves.toEqual(settings({ bringToFrontOnRing: true }));
    await expect(getSettings(undefined)).resolves.toEqual(settings({ bringToFrontOnRing: true }));
    expect(log.at('error')).toHaveLength(1);
  });

  describe('through the IPC contract', () => {
    beforeEach(() => resetFakeElectron());

    function register() {
      const all = createHandlers(handlersDeps(dir));
      registerIpc(ipcMain, all, { isTrustedSender: () => true, log: recordingLogger() });
      return (request: unknown) =>
        ipcMain.invoke(ipcChannel('updateSettings'), invokeEventFrom('app://console/index.html'), request);
    }

    it('refuses an invalid patch and leaves the file untouched when it does not parse', async () => {
      await writeFile(filePath, JSON.stringify({ hubUrl: 'http://kept:1', language: 'en-US' }));
      const before = await readFile(filePath, 'utf8');
      const update = register();
      const badPatches = [
        { language: 'xx' },
        { hubUrl: 42 },
        { hubUrl: 'h'.repeat(2049) },
        { extra: true },
        null,
        { hotkeys: { ...DEFAULT_HOTKEYS, answer: 'Ctrl+Nope' } },
        { hotkeys: { answer: 'F9' } },
        { audio: { microphoneId: '', speakerId: null, ringerId: null } },
        { launchAtLogin: 'yes' },
        { bringToFrontOnRing: 1 },
      ];
      for (const patch of badPatches) {
        await expect(update(patch)).resolves.toMatchObject({ ok: false, error: { code: 'invalid_request' } });
      }
      expect(await readFile(filePath, 'utf8')).toBe(before);
    });

    it('saves new hotkeys and tells the change hook when the patch is valid', async () => {
      resetFakeElectron();
      const onSettingsChange = vi.fn();
      registerIpc(ipcMain, createHandlers(handlersDeps(dir, { onSettingsChange })), { isTrustedSender: () => true, log: recordingLogger() });
      const hotkeys = { answer: 'F8', hangUp: '', hold: 'Ctrl+Shift+P', mute: 'Ctrl+Alt+M' };
      const reply = await ipcMain.invoke(ipcChannel('updateSettings'), invokeEventFrom('app://console/'), { hotkeys });
      expect(reply).toEqual({ ok: true, value: settings({ hotkeys }) });
      expect(onSettingsChange).toHaveBeenCalledTimes(1);
    });

    it('answers the new settings when the patch is valid', async () => {
      const update = register();
      await expect(update({ language: 'en-US' })).resolves.toEqual({
        ok: true,
        value: settings({ language: 'en-US' }),
      });
    });
  });
});
