import { CallbackConfigSchema, DEFAULT_CALLBACK_CONFIG, type CallbackConfig } from '../../../shared/callbacks/callback-config';
import type { Queryable } from '../db/db';
import { readSetting } from '../settings/settings-repo';

/*
 * How the center works its callbacks (shared/callbacks/callback-config.ts): one setting, the demo
 * center's rules until an administrator stores others.
 */

export const CALLBACK_CONFIG_KEY = 'callback-config';

export async function readCallbackConfig(db: Queryable): Promise<CallbackConfig> {
  const stored = await readSetting(db, CALLBACK_CONFIG_KEY);
  if (stored === undefined) return DEFAULT_CALLBACK_CONFIG;
  const parsed = CallbackConfigSchema.safeParse(stored);
  // Only the config route writes the setting, always checked: a value that does not parse was
  // edited by hand, and guessing would call customers at hours nobody chose.
  if (!parsed.success) throw new Error(`the stored setting ${CALLBACK_CONFIG_KEY} is not a callback configuration: ${parsed.error.message}`);
  return parsed.data;
}
