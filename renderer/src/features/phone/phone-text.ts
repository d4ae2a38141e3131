import type { TFunction } from 'i18next';
import type { PhoneErrorCode, PhoneSnapshot } from '../../services/sip/phone-types';
import type { PhoneStatus, UserFacingError } from '../../store';
import { errorText } from '../common/error-text';

export function phoneErrorText(t: TFunction, code: PhoneErrorCode): string {
  switch (code) {
    case 'unreachable':
      return t('phone.errors.unreachable');
    case 'auth_failed':
      return t('phone.errors.auth_failed');
    case 'timeout':
      return t('phone.errors.timeout');
    case 'offline':
      return t('phone.errors.offline');
    case 'microphone_denied':
      return t('phone.errors.microphone_denied');
    case 'no_microphone':
      return t('phone.errors.no_microphone');
    case 'invalid_number':
      return t('phone.errors.invalid_number');
    case 'call_failed':
      return t('phone.errors.call_failed');
    case 'transfer_failed':
      return t('phone.errors.transfer_failed');
    case 'not_supported':
      return t('phone.errors.not_supported');
  }
}

export type RegistrationTone = 'ok' | 'pending' | 'error' | 'off';

export interface RegistrationSummary {
  /** Short, for the header: "Registered", "Reconnecting (attempt 3)…", "Wrong SIP credentials". */
  text: string;
  tone: RegistrationTone;
  /** What to do about it, for the Phone pane's banner; null when all is well. */
  hint: string | null;
}

/** The phone's registration in words, from the phone slice's status and the last snapshot. */
export function registrationSummary(
  t: TFunction,
  status: PhoneStatus,
  snapshot: PhoneSnapshot | null,
  configError: UserFacingError | null,
): RegistrationSummary {
  switch (status) {
    case 'off':
      return { text: t('phone.registration.off'), tone: 'off', hint: null };
    case 'loading':
      return { text: t('phone.registration.loading'), tone: 'pending', hint: null };
    case 'config_failed':
      return {
        text: t('phone.registration.configFailed'),
        tone: 'error',
        hint: configError ? errorText(t, configError) : null,
      };
    case 'no_phone':
      return { text: t('phone.registration.noPhone'), tone: 'off', hint: t('phone.registration.noPhoneHint') };
    case 'on':
      break;
  }
  if (!snapshot) return { text: t('phone.registration.connecting'), tone: 'pending', hint: null };
  const { registration } = snapshot;
  if (!snapshot.online && registration.state !== 'registered') {
    return { text: t('phone.errors.offline'), tone: 'error', hint: t('phone.hints.offline') };
  }
  const errorHint = registration.error ? phoneErrorHint(t, registration.error.code) : null;
  switch (registration.state) {
    case 'registered':
      return { text: t('phone.registration.registered'), tone: 'ok', hint: null };
    case 'connecting':
      return { text: t('phone.registration.connecting'), tone: 'pending', hint: null };
    case 'reconnecting':
      return {
        text: t('phone.registration.reconnecting', { attempt: registration.attempt }),
        tone: 'pending',
        hint: registration.error ? phoneErrorText(t, registration.error.code) : null,
      };
    case 'failed':
      return {
        text: registration.error ? phoneErrorText(t, registration.error.code) : t('phone.registration.failed'),
        tone: 'error',
        hint: errorHint,
      };
    case 'unregistered':
      return { text: t('phone.registration.off'), tone: 'off', hint: errorHint };
  }
}

/** What the agent (or their administrator) can do about a phone error. */
export function phoneErrorHint(t: TFunction, code: PhoneErrorCode): string | null {
  switch (code) {
    case 'unreachable':
      return t('phone.hints.unreachable');
    case 'auth_failed':
      return t('phone.hints.auth_failed');
    case 'timeout':
      return t('phone.hints.unreachable');
    case 'offline':
      return t('phone.hints.offline');
    case 'microphone_denied':
      return t('phone.hints.microphone_denied');
    case 'no_microphone':
      return t('phone.hints.no_microphone');
    case 'not_supported':
      return t('phone.hints.not_supported');
    case 'invalid_number':
    case 'call_failed':
    case 'transfer_failed':
      return null;
  }
}
