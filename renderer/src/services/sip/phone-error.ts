import type { PhoneError, PhoneErrorCode } from './phone-types';

/**
 * What the phone's commands throw: an Error (so stack traces and `instanceof` work) that is also a
 * plain `PhoneError` (so the UI can switch on `code` without knowing this class).
 */
export class SipPhoneError extends Error implements PhoneError {
  constructor(
    readonly code: PhoneErrorCode,
    readonly detail: string,
  ) {
    super(`${code}: ${detail}`);
    this.name = 'SipPhoneError';
  }

  toJSON(): PhoneError {
    return { code: this.code, detail: this.detail };
  }
}

export function isPhoneError(value: unknown): value is PhoneError {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { code?: unknown }).code === 'string' &&
    typeof (value as { detail?: unknown }).detail === 'string'
  );
}

/** A short, loggable description of anything thrown, without assuming it is an Error. */
export function describeError(error: unknown): string {
  if (error instanceof Error) return error.message;
  if (typeof error === 'string') return error;
  try {
    return JSON.stringify(error) ?? String(error);
  } catch {
    return String(error);
  }
}
