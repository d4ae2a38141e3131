import type { WrapUpGap } from '../services/call-log/wrap-up-gate';
import { isHubError, type HubErrorCode } from '../services/hub';

/**
 * `session_expired`: the hub stopped accepting the token (expiry, logout elsewhere, restart);
 * `wrap_up_incomplete`: a call's wrap-up cannot end yet (WrapUpIncomplete says what is missing).
 */
export type UserFacingErrorCode = HubErrorCode | 'session_expired' | 'wrap_up_incomplete' | 'unexpected';

/**
 * A failure reduced to what the UI shows: the code picks the translated text; the message is the
 * hub's or the client's own words, kept for the log and for validation details.
 */
export interface UserFacingError {
  code: UserFacingErrorCode;
  message: string;
  retryAfterSeconds: number | null;
}

export function toUserFacingError(error: unknown): UserFacingError {
  if (isHubError(error)) {
    return { code: error.code, message: error.message, retryAfterSeconds: error.retryAfterSeconds ?? null };
  }
  return {
    code: 'unexpected',
    message: error instanceof Error ? error.message : String(error),
    retryAfterSeconds: null,
  };
}

/** Finish, or Ready after a call, refused: the call still lacks its disposition, or its script is not finished. */
export interface WrapUpIncomplete extends UserFacingError {
  code: 'wrap_up_incomplete';
  callId: string;
  missing: WrapUpGap[];
}

export function wrapUpIncomplete(callId: string, missing: WrapUpGap[]): WrapUpIncomplete {
  const words = { disposition: 'a disposition', script: 'the script to be finished (or abandoned)' } as const;
  return {
    code: 'wrap_up_incomplete',
    message: `The wrap-up of call ${callId} needs ${missing.map((m) => words[m]).join(' and ')}.`,
    retryAfterSeconds: null,
    callId,
    missing,
  };
}

export const isWrapUpIncomplete = (error: UserFacingError | null | undefined): error is WrapUpIncomplete =>
  error?.code === 'wrap_up_incomplete' && Array.isArray((error as Partial<WrapUpIncomplete>).missing);
