import { callerNumber, sanitizeDisplayName } from '../../../../shared/telephony/caller-id';
import type { CallParty } from './phone-types';

/**
 * Who is calling, from headers the caller (or anyone on the way) wrote: hostile input. Parsing is
 * deliberately tolerant and linear — no grammar that throws, no regex that backtracks on a 2 KB
 * display name — and the result only ever goes through shared/telephony/caller-id's sanitisers.
 */

/** Longer header values are cut before parsing: no real identity needs more. */
const MAX_HEADER_LENGTH = 2_048;

export interface NameAddr {
  /** As written (unquoted), not yet sanitised. */
  displayName: string;
  /** The URI's user part (or a tel: URI's number), null when it has none. */
  user: string | null;
}

/** The first entry of a comma-separated list, ignoring commas inside quotes and angle brackets. */
function firstEntry(value: string): string {
  let inQuotes = false;
  let inAngle = false;
  for (let i = 0; i < value.length; i += 1) {
    const ch = value[i];
    if (inQuotes) {
      if (ch === '\\') i += 1;
      else if (ch === '"') inQuotes = false;
    } else if (ch === '"') inQuotes = true;
    else if (ch === '<') inAngle = true;
    else if (ch === '>') inAngle = false;
    else if (ch === ',' && !inAngle) return value.slice(0, i);
  }
  return value;
}

function unquote(display: string): string {
  const trimmed = display.trim();
  if (trimmed.length >= 2 && trimmed.startsWith('"') && trimmed.endsWith('"')) {
    return trimmed.slice(1, -1).replace(/\\(.)/g, '$1');
  }
  return trimmed;
}

/** `sip:user;p@host`, `sips:user:pw@host`, `tel:+86…;ext=1` → the user part; null without one. */
export function uriUser(uri: string): string | null {
  const trimmed = uri.trim();
  const colon = trimmed.indexOf(':');
  if (colon < 0) return null;
  const scheme = trimmed.slice(0, colon).toLowerCase();
  const rest = trimmed.slice(colon + 1);
  let user: string;
  if (scheme === 'tel') {
    user = rest.split(';', 1)[0] ?? '';
  } else if (scheme === 'sip' || scheme === 'sips') {
    const at = rest.indexOf('@');
    if (at < 0) return null;
    user = (rest.slice(0, at).split(';', 1)[0] ?? '').split(':', 1)[0] ?? '';
  } else {
    return null;
  }
  return user === '' ? null : user;
}

/** Parses `"Name" <sip:user@host>;tag=…`, `Name <tel:…>` or a bare `sip:user@host`; null if empty. */
export function parseNameAddr(raw: string | null | undefined): NameAddr | null {
  if (typeof raw !== 'string') return null;
  const entry = firstEntry(raw.slice(0, MAX_HEADER_LENGTH)).trim();
  if (entry === '') return null;
  // A `<` inside the quoted display name is part of the name, not the start of the URI.
  let inQuotes = false;
  let open = -1;
  for (let i = 0; i < entry.length; i += 1) {
    const ch = entry[i];
    if (inQuotes) {
      if (ch === '\\') i += 1;
      else if (ch === '"') inQuotes = false;
    } else if (ch === '"') inQuotes = true;
    else if (ch === '<') {
      open = i;
      break;
    }
  }
  if (open < 0) {
    // addr-spec form: header parameters follow the URI after `;`, which a sip URI's user part
    // cannot be told apart from here — take the user as it parses.
    return { displayName: '', user: uriUser(entry) };
  }
  const close = entry.indexOf('>', open + 1);
  const uri = entry.slice(open + 1, close < 0 ? undefined : close);
  return { displayName: unquote(entry.slice(0, open)), user: uriUser(uri) };
}

export interface IdentitySources {
  /** Raw P-Asserted-Identity header value, if the request had one. */
  assertedIdentity?: string | null;
  /** From header's display name and URI user part, as sip.js parsed them. */
  fromDisplayName?: string | null;
  fromUser?: string | null;
}

/**
 * The caller as the console shows it: the number the network asserted (P-Asserted-Identity) when
 * there is one, else the From user; the asserted display name when it has one, else From's. An
 * asserted user part that is no number (`anonymous`, 40 digits, markup) leaves the number unknown:
 * the network withheld or garbled the identity, and From is only the caller's own, unchecked claim
 * (behind a trunk, the trunk's account).
 */
export function remoteParty(sources: IdentitySources): CallParty {
  const asserted = parseNameAddr(sources.assertedIdentity);
  const assertedUser = asserted?.user ?? null;
  const number = assertedUser !== null ? callerNumber(assertedUser) : callerNumber(sources.fromUser);
  const assertedName = asserted ? sanitizeDisplayName(asserted.displayName) : '';
  const displayName = assertedName !== '' ? assertedName : sanitizeDisplayName(sources.fromDisplayName);
  return { number, displayName };
}

const IVR_CHOICE = /^[a-z0-9_-]{1,32}$/;

/** The IVR's choice as a short token (`consult`, `complaint`); anything else is no choice at all. */
export function sanitizeIvrChoice(raw: string | null | undefined): string | null {
  if (typeof raw !== 'string') return null;
  const value = raw.trim().toLowerCase();
  return IVR_CHOICE.test(value) ? value : null;
}
