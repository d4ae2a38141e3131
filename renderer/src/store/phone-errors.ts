import type { PhoneError, PhoneErrorCode } from '../services/sip/phone-types';

export const PHONE_ERROR_CODES = [
  'unreachable',
  'auth_failed',
  'timeout',
  'offline',
  'microphone_denied',
  'no_microphone',
  'invalid_number',
  'call_failed',
  'transfer_failed',
  'not_supported',
] as const satisfies readonly PhoneErrorCode[];

// Compile-time proof that the list names every code of the phone contract.
type _AllCodes = [PhoneErrorCode] extends [(typeof PHONE_ERROR_CODES)[number]] ? true : never;
const _allCodes: _AllCodes = true;
void _allCodes;

const isPhoneErrorCode = (value: unknown): value is PhoneErrorCode =>
  typeof value === 'string' && (PHONE_ERROR_CODES as readonly string[]).includes(value);

/** What a failed phone command threw, as the contract's `PhoneError`; anything unknown is `call_failed`. */
export function toPhoneError(error: unknown, fallback: PhoneErrorCode = 'call_failed'): PhoneError {
  if (typeof error === 'object' && error !== null) {
    const record = error as { code?: unknown; detail?: unknown; message?: unknown };
    const detail = typeof record.detail === 'string' ? record.detail : typeof record.message === 'string' ? record.message : '';
    if (isPhoneErrorCode(record.code)) return { code: record.code, detail };
    return { code: fallback, detail };
  }
  return { code: fallback, detail: String(error) };
}

/** The commands the UI gives the phone, to say which one failed. */
export const PHONE_ACTIONS = [
  'dial',
  'answer',
  'reject',
  'hang_up',
  'hold',
  'resume',
  'mute',
  'dtmf',
  'transfer',
  'consult',
  'complete_transfer',
  'cancel_consult',
  'devices',
] as const;
export type PhoneAction = (typeof PHONE_ACTIONS)[number];

export interface PhoneCommandError extends PhoneError {
  action: PhoneAction;
}
