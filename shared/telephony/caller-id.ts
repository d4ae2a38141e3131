/**
 * Caller ID comes from whoever placed the call: it is hostile input. These functions turn it into
 * short, inert text. (React renders text inertly; this is about what the text itself contains.)
 */

// C0/C1 controls, bidi overrides and isolates, zero-width and BOM: invisible or reorders the screen.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const UNSAFE_CHARS = /[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2060-\u206f\ufeff\ufffd]/g;

export const MAX_DISPLAY_NAME_LENGTH = 48;
export const MAX_NUMBER_LENGTH = 32;

/** A display name safe to show: no control characters, single spaces, at most `max` characters. */
export function sanitizeDisplayName(raw: string | undefined | null, max = MAX_DISPLAY_NAME_LENGTH): string {
  if (!raw) return '';
  const cleaned = raw.replace(UNSAFE_CHARS, '').replace(/\s+/g, ' ').trim().replace(/^"(.*)"$/, '$1');
  const chars = Array.from(cleaned);
  return chars.length > max ? `${chars.slice(0, max - 1).join('')}…` : cleaned;
}

/**
 * The number part of a caller's SIP URI user part: digits, `+`, `*`, `#` only. Anything else
 * (a URI with no user part, `anonymous`, letters, markup) yields null — an unknown caller.
 */
export function callerNumber(userPart: string | undefined | null): string | null {
  if (!userPart) return null;
  let decoded: string;
  try {
    decoded = decodeURIComponent(userPart);
  } catch {
    return null;
  }
  const compact = decoded.replace(/[\s\-().]/g, '');
  if (!/^\+?[0-9*#]{1,}$/.test(compact)) return null;
  if (compact.length > MAX_NUMBER_LENGTH) return null;
  return compact;
}
