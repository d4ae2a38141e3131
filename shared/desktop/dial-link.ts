import { DIAL_NUMBER_MAX } from '../ipc/contract';

/**
 * Click-to-dial links: `tel:` (RFC 3966, as web pages and mail clients write them) and the
 * console's own `callcenter://dial/NUMBER`. Pure, so the main process (links from the OS) and web
 * mode (links opened in the browser) refuse exactly the same things.
 */

export const APP_LINK_SCHEME = 'callcenter';
export const TEL_SCHEME = 'tel';

/** How much of a refused link is kept to show the agent: enough to recognise it, not a page of script. */
export const REFUSED_LINK_MAX = 200;

/** Anything longer is not a phone link someone clicked; it is not even decoded. */
const LINK_MAX = 2048;

export type DialLinkParse =
  | { ok: true; number: string; source: 'tel' | 'app-link' }
  | { ok: false; reason: 'malformed' | 'unsupported' | 'not_a_number' };

/** What a number may hold once the visual separators are gone: dial-pad keys, `+` only in front, a digit somewhere. */
const DIALABLE = /^\+?[0-9*#]*[0-9][0-9*#]*$/;
/** Separators people and web pages put into numbers: `+86 138-0013-8000`, `(010) 1234.5678`. */
const VISUAL_SEPARATORS = /[ \-.()]/g;
// eslint-disable-next-line no-control-regex -- control characters are exactly what is looked for
const CONTROL = /[\u0000-\u001f\u007f]/;

export function parseDialLink(link: string): DialLinkParse {
  const text = link.trim();
  if (text === '' || text.length > LINK_MAX || CONTROL.test(text)) return { ok: false, reason: 'malformed' };

  const colon = text.indexOf(':');
  if (colon <= 0 || !/^[a-z][a-z0-9+.-]*$/i.test(text.slice(0, colon))) return { ok: false, reason: 'malformed' };
  const scheme = text.slice(0, colon).toLowerCase();
  const rest = text.slice(colon + 1);

  if (scheme === TEL_SCHEME) {
    // `tel://10086` is not RFC 3966 but some pages write it; the number check stays as strict.
    const body = rest.startsWith('//') ? rest.slice(2) : rest;
    // `;phone-context=…`, `;ext=…`: parameters for a network, not part of what the agent dials.
    return dialable(body.split(';')[0] ?? '', 'tel');
  }
  if (scheme === APP_LINK_SCHEME) {
    // `callcenter://dial/N` and the path form `callcenter:dial/N` that some launchers produce.
    const path = rest.startsWith('//') ? rest.slice(2) : rest;
    const slash = path.indexOf('/');
    const action = (slash === -1 ? path : path.slice(0, slash)).toLowerCase();
    if (action === '') return { ok: false, reason: 'malformed' };
    if (action !== 'dial') return { ok: false, reason: 'unsupported' };
    return dialable(slash === -1 ? '' : path.slice(slash + 1), 'app-link');
  }
  return { ok: false, reason: 'unsupported' };
}

function dialable(encoded: string, source: 'tel' | 'app-link'): DialLinkParse {
  let decoded: string;
  try {
    decoded = decodeURIComponent(encoded);
  } catch {
    return { ok: false, reason: 'malformed' };
  }
  if (CONTROL.test(decoded)) return { ok: false, reason: 'malformed' };
  const number = decoded.replace(VISUAL_SEPARATORS, '');
  if (number.length > DIAL_NUMBER_MAX || !DIALABLE.test(number)) return { ok: false, reason: 'not_a_number' };
  return { ok: true, number, source };
}

/** Whether an argument looks like one of our links at all: the OS passes it among Chromium's own switches. */
export function isDialLinkCandidate(arg: string): boolean {
  const lower = arg.trimStart().toLowerCase();
  return lower.startsWith(`${TEL_SCHEME}:`) || lower.startsWith(`${APP_LINK_SCHEME}:`);
}

/**
 * The link in a command line, found by its scheme and never by position: Windows and Linux put
 * it after the executable, Electron's dev runner after the script, and Chromium may add switches.
 */
export function findDialLinkInArgv(argv: readonly string[]): string | null {
  return argv.find(isDialLinkCandidate) ?? null;
}

/** A refused link as the agent is shown it: cut to `REFUSED_LINK_MAX` without splitting a character. */
export function truncateLink(link: string): string {
  if (link.length <= REFUSED_LINK_MAX) return link;
  const cut = link.slice(0, REFUSED_LINK_MAX);
  const last = cut.charCodeAt(cut.length - 1);
  return last >= 0xd800 && last <= 0xdbff ? cut.slice(0, -1) : cut;
}
