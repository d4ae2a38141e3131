import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/max';

export type PhoneKind = 'mobile' | 'landline';

export interface NormalizedPhone {
  e164: string;
  kind: PhoneKind;
}

/** Chinese CRMs hold national numbers without a country code: read those as Chinese. */
export const DEFAULT_PHONE_REGION: CountryCode = 'CN';

/**
 * A phone number as a CRM export has it (`0086-138…`, `010-6552 1234`, `+86 138 0013 8000`) in
 * E.164, the form the PBX sends as caller ID. Null when it is not a valid number: a number
 * that cannot be dialled is no use for a screen pop. The `max` metadata is needed to tell mobile
 * from fixed-line; anything that is not clearly mobile counts as a landline.
 */
export function normalizePhone(raw: string, region: CountryCode = DEFAULT_PHONE_REGION): NormalizedPhone | null {
  const parsed = parsePhoneNumberFromString(raw, region);
  if (parsed === undefined || !parsed.isValid()) return null;
  const type = parsed.getType();
  return { e164: parsed.number, kind: type === 'MOBILE' ? 'mobile' : 'landline' };
}

/** Internal extensions of the center's PBX: dialled as they are, never parsed as phone numbers. */
export const DEFAULT_EXTENSION_PATTERN = /^[0-9]{3,5}$/;

export type DialTarget =
  | { kind: 'extension'; dial: string }
  | { kind: 'external'; dial: string; e164: string }
  | { kind: 'invalid'; reason: 'empty' | 'characters' | 'not_a_number' };

/**
 * What to dial for what an agent typed or clicked: separators dropped, internal extensions passed
 * through, outside numbers in E.164 (the form the trunk and the customer records share).
 */
export function dialTarget(
  input: string,
  region: CountryCode = DEFAULT_PHONE_REGION,
  extensionPattern: RegExp = DEFAULT_EXTENSION_PATTERN,
): DialTarget {
  const compact = input.replace(/[\s\-().\u00a0]/g, '');
  if (compact === '') return { kind: 'invalid', reason: 'empty' };
  if (!/^\+?[0-9]+$/.test(compact)) return { kind: 'invalid', reason: 'characters' };
  if (extensionPattern.test(compact)) return { kind: 'extension', dial: compact };
  const phone = normalizePhone(compact, region);
  if (!phone) return { kind: 'invalid', reason: 'not_a_number' };
  return { kind: 'external', dial: phone.e164, e164: phone.e164 };
}
