import { SettingsSchema, type Settings, type SettingsPatch } from '../../../shared/ipc/contract';
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
}

/** `CONSOLE_HUB_URL` changes the default only; a hub URL the user saved still wins. */
export function defaultSettings(env: SettingsDeps['env']): Settings {
  const fromEnv = SettingsSchema.shape.hubUrl.safeParse(env.CONSOLE_HUB_URL);
  return {
    hubUrl: fromEnv.success && fromEnv.data !== '' ? fromEnv.data : DEFAULT_HUB_URL,
    language: DEFAULT_LANGUAGE,
  };
}

type Salvage = { settings: Settings; invalidKeys: string[] };

/**
 * Keeps every field that is still valid and falls back to the default for the others, so one bad
 * value does not cost the agent a hub URL they typed in. A missing key is not damage: it is a file
 * from an older version, and the default fills it silently.
 */
export function salvageSettings(value: unknown, defaults: Settings): Salvage | null {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return null;
  const record = value as Record<string, unknown>;
  const settings: Record<string, unknown> = { ...defaults };
  const invalidKeys: string[] = [];
  for (const [key, schema] of Object.entries(SettingsSchema.shape)) {
    if (!(key in record)) continue;
    const field = schema.safeParse(record[key]);
    if (field.success) settings[key] = field.data;
    else invalidKeys.push(key);
  }
  return { settings: SettingsSchema.parse(settings), invalidKeys };
}

export function createSettingsHandlers(deps: SettingsDeps): Pick<Handlers, 'getSettings' | 'updateSettings'> {
  const { filePath, env, clock, log } = deps;
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
        const next = SettingsSchema.parse({ ...(await load()), ...changes });
        await writeJsonFileAtomic(filePath, next);
        current = next;
        return next;
      }),
  };
}
