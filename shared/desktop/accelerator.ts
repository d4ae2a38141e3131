/**
 * Electron accelerators ("Ctrl+Alt+Enter") as the settings file and the settings page hold them.
 * Pure, so the page can refuse a bad combination before it is sent and the main process can refuse
 * it again before `globalShortcut` sees it.
 */

const MODIFIERS = new Map<string, string>([
  ['commandorcontrol', 'CommandOrControl'],
  ['cmdorctrl', 'CommandOrControl'],
  ['control', 'Ctrl'],
  ['ctrl', 'Ctrl'],
  ['command', 'Command'],
  ['cmd', 'Command'],
  ['alt', 'Alt'],
  ['option', 'Alt'],
  ['altgr', 'AltGr'],
  ['shift', 'Shift'],
  ['super', 'Super'],
  ['meta', 'Super'],
]);

const NAMED_KEYS = new Map<string, string>(
  [
    'Enter', 'Return', 'Space', 'Tab', 'Backspace', 'Delete', 'Insert', 'Home', 'End', 'PageUp', 'PageDown',
    'Up', 'Down', 'Left', 'Right', 'Escape', 'Plus', 'numadd', 'numsub', 'nummult', 'numdiv', 'numdec',
    ...Array.from({ length: 10 }, (_, i) => `num${i}`),
    ...Array.from({ length: 24 }, (_, i) => `F${i + 1}`),
  ].map((key) => [key.toLowerCase(), key]),
);

const isFunctionKey = (key: string): boolean => /^F([1-9]|1\d|2[0-4])$/.test(key);

export type AcceleratorCheck =
  | { ok: true; accelerator: string }
  | { ok: false; reason: 'empty' | 'unknown_modifier' | 'unknown_key' | 'no_modifier' | 'repeated' | 'too_long' };

/**
 * Normalises spelling ("ctrl+alt+h" → "Ctrl+Alt+H"). A global hotkey without a modifier would steal
 * a key from every other program, so only function keys may stand alone.
 */
export function checkAccelerator(text: string): AcceleratorCheck {
  if (text.length > 64) return { ok: false, reason: 'too_long' };
  const parts = text.split('+').map((part) => part.trim());
  if (text.trim() === '' || parts.some((part) => part === '')) return { ok: false, reason: 'empty' };
  const keyText = parts[parts.length - 1] as string;
  const modifiers: string[] = [];
  for (const part of parts.slice(0, -1)) {
    const modifier = MODIFIERS.get(part.toLowerCase());
    if (!modifier) return { ok: false, reason: 'unknown_modifier' };
    if (modifiers.includes(modifier)) return { ok: false, reason: 'repeated' };
    modifiers.push(modifier);
  }
  const key = /^[a-z0-9]$/i.test(keyText) ? keyText.toUpperCase() : NAMED_KEYS.get(keyText.toLowerCase());
  if (!key) return { ok: false, reason: MODIFIERS.has(keyText.toLowerCase()) ? 'no_modifier' : 'unknown_key' };
  if (modifiers.length === 0 && !isFunctionKey(key)) return { ok: false, reason: 'no_modifier' };
  return { ok: true, accelerator: [...modifiers, key].join('+') };
}

/** Two spellings of one combination ("Ctrl+Alt+H", "alt+control+h") are the same hotkey. */
export function sameAccelerator(a: string, b: string): boolean {
  const ca = checkAccelerator(a);
  const cb = checkAccelerator(b);
  if (!ca.ok || !cb.ok) return false;
  const key = (accelerator: string) => accelerator.split('+').sort().join('+');
  return key(ca.accelerator) === key(cb.accelerator);
}
