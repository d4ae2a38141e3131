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
