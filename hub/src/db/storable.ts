// PostgreSQL refuses U+0000 in text and jsonb, and an unpaired surrogate in jsonb; either would
// fail the whole statement, so input holding one is refused, naming the field, before it gets there.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
export const isUnstorable = (text: string): boolean => text.includes('\u0000') || LONE_SURROGATE.test(text);
// JSON.stringify writes exactly those as \u0000 and \udxxx escapes, so one scan of a value's JSON
// clears nearly every value; a hit (or a user's literal backslash-u) is then looked up.
export const MAYBE_UNSTORABLE = /\\u(?:0000|d[89a-f])/i;

/** The dotted path of the first string (or key) PostgreSQL could not store, or null. */
export function unstorablePath(value: unknown, path: string): string | null {
  if (typeof value === 'string') return isUnstorable(value) ? path : null;
  if (value === null || typeof value !== 'object') return null;
  for (const [key, item] of Object.entries(value)) {
    const itemPath = path === '' ? key : `${path}.${key}`;
    if (isUnstorable(key)) return itemPath;
    const found = unstorablePath(item, itemPath);
    if (found !== null) return found;
  }
  return null;
}

/** Like unstorablePath, for a whole value: a scan of its JSON first. */
export function findUnstorable(value: unknown): string | null {
  return MAYBE_UNSTORABLE.test(JSON.stringify(value) ?? '') ? unstorablePath(value, '') : null;
}
