import { DEFAULT_EXTENSION_PATTERN, DEFAULT_PHONE_REGION, normalizePhone } from '../telephony/phone-number';
import type { Role } from '../domain/roles';

/**
 * What the screen pop can do with a call's remote number. The number has been through
 * shared/telephony/caller-id already (digits, `+`, `*`, `#` or null), but it is still the caller's
 * word: `anonymous`, 40 digits or a number that no plan knows are all "unknown caller", never a
 * look-up and never a record written.
 */
export type CallerKey =
  | { kind: 'customer'; e164: string }
  /** A colleague's extension (transfers, internal calls): nobody to pop. */
  | { kind: 'internal'; extension: string }
  | { kind: 'unknown'; reason: 'withheld' | 'not_a_number' };

export function callerKey(number: string | null | undefined, extensionPattern: RegExp = DEFAULT_EXTENSION_PATTERN): CallerKey {
  if (number === null || number === undefined || number.trim() === '') return { kind: 'unknown', reason: 'withheld' };
  const compact = number.replace(/[\s\-().\u00a0]/g, '');
  if (extensionPattern.test(compact)) return { kind: 'internal', extension: compact };
  // libphonenumber would read `+86 138…#` or a 40-digit string generously; refuse before parsing.
  if (!/^\+?[0-9]{5,20}$/.test(compact)) return { kind: 'unknown', reason: 'not_a_number' };
  const phone = normalizePhone(compact, DEFAULT_PHONE_REGION);
  return phone ? { kind: 'customer', e164: phone.e164 } : { kind: 'unknown', reason: 'not_a_number' };
}

/** Everyone reads customer records (and every read is logged); these roles may also create and edit contact details. */
export const CUSTOMER_EDIT_ROLES: readonly Role[] = ['agent', 'callback', 'supervisor', 'manager', 'admin'];

/** Who may read the access log of a record: the people responsible for confidentiality (DOMAIN.md §6). */
export const CUSTOMER_AUDIT_ROLES: readonly Role[] = ['supervisor', 'manager', 'admin'];
