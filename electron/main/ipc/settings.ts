import { z } from 'zod';
import { DEFAULT_HOTKEYS, SettingsSchema, type Settings, type SettingsPatch } from '../../../shared/ipc/contract';
import { DEFAULT_LANGUAGE } from '../../../shared/domain/i18n';
import { createSerialQueue, quarantineFile, readJsonFile, writeJsonFileAtomic } from '../json-file';
import type { Logger } from '../log';
import type { Handlers } from './register';

export const DEFAULT_HUB_URL = 'http://127.0.0.1:8790';

export interface SettingsDeps {
  /** `<userData>/settings.json`. */
  filePath: string;
  env: Readonly<Record<string, string | undefined>>;
  clock: () => Date;
  log: Logger;
  /**
   * Called after a change is saved, so the parts of the app that follow a setting (hotkeys, login
   * item, tray language) apply it. Its failure is logged; the saved settings stand.
   */
  onChange?: (next: Settings, previous: Settings) => void | Promise<void>;
}

/** `CONSOLE_HUB_URL` changes the default only; a hub URL the user saved still wins. */
export function defaultSettings(env: SettingsDeps['env']): Settings {
  const fromEnv = SettingsSchema.shape.hubUrl.safeParse(env.CONSOLE_HUB_URL);
  return {
    hubUrl: fromEnv.success && fromEnv.data !== '' ? fromEnv.data : DEFAULT_HUB_URL,
    language: DEFAULT_LANGUAGE,
    audio: { microphoneId: null, speakerId: null, ringerId: null },
    hotkeys: { ...DEFAULT_HOTKEYS },
    // Both opt in: starting with the computer and taking the focus while the agent types elsewhere are the agent's call.
    launchAtLogin: false,
    bringToFrontOnRing: false,
  };
}

type Salvage = { settings: Settings; invalidKeys: string[] };

/**
 * Keeps every field that is still valid and falls back to the default for the others, so one bad
 * value does not cost the agent a hub URL they typed in. A missing key is not damage: it is a file
 * from an older version, and the default fills it silently.
 */
export function salvageSettings(value: unknown, defaults: Settings): Salvage | null {
  if (!isRecord(value)) return null;
  const invalidKeys: string[] = [];
  const settings = salvageObject(SettingsSchema, value, defaults as Record<string, unknown>, '', invalidKeys);
  return { settings: SettingsSchema.parse(settings), invalidKeys };
}

/**
 * Field by field, one level of nesting deep: a hotkey the OS's keyboard layout made invalid costs
 * that one hotkey, not the other three nor the audio devices.
 */
function salvageObject(
  schema: z.ZodObject,
  record: Record<string, unknown>,
  defaults: Record<string, unknown>,
  prefix: string,
  invalidKeys: string[],
): Record<string, unknown> {
  const result: Record<string, unknown> = { ...defaults };
  for (const [key, fieldSchema] of Object.entries(schema.shape)) {
    if (!(key in record)) continue;
    const field = (fieldSchema as z.ZodType).safeParse(record[key]);
    const fieldDefault = defaults[key];
    if (field.success) result[key] = field.data;
    else if (fieldSchema instanceof z.ZodObject && isRecord(record[key]) && isRecord(fieldDefault)) {
      result[key] = salvageObject(fieldSchema, record[key], fieldDefault, `${prefix}${key}.`, invalidKeys);
    } else invalidKeys.push(`${prefix}${key}`);
  }
  return result;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function createSettingsHandlers(deps: SettingsDeps): Pick<Handlers, 'getSettings' | 'updateSettings'> {
  const { filePath, env, clock, log, onChange } = deps;
  const serial = createSerialQueue();
  let current: Settings | null = null;

  async function load(): Promise<Settings> {
    if (current) return current;
    const defaults = defaultSettings(env);
    const read = await readJsonFile(filePath);
    if (read.kind === 'missing') return (current = defaults);

    const salvage = read.kind === 'ok' ? salvageSettings(read.value, defaults) : null;
    if (salvage && salvage.invalidKeys.length === 0) return (current = salvage.settings);

    const restored = salvage?.settings ?? defaults;
    const reason = read.kind === 'corrupt' ? read.reason : `invalid: ${salvage?.invalidKeys.join(', ') ?? 'not an object'}`;
    try {
      const aside = await quarantineFile(filePath, clock());
      await writeJsonFileAtomic(filePath, restored);
      log.warn('settings file was damaged; defaults restored for the bad fields', { reason, keptAs: aside });
    } catch (error) {
      // The app still runs on the restored values; the next update retries the write.
      log.error('settings file was damaged and could not be repaired', { reason, error });
    }
    return (current = restored);
  }

  return {
    getSettings: () => serial(load),
    updateSettings: (patch: SettingsPatch) =>
      serial(async () => {
        // `{ hubUrl: undefined }` parses as a patch; it means "leave it", not "erase it".
        const changes = Object.fromEntries(Object.entries(patch).filter(([, value]) => value !== undefined));
        const previous = await load();
        const next = SettingsSchema.parse({ ...previous, ...changes });
        await writeJsonFileAtomic(filePath, next);
        current = next;
        try {
          await onChange?.(next, previous);
        } catch (error) {
          log.error('a settings change could not be applied everywhere', error);
        }
        return next;
      }),
  };
}
