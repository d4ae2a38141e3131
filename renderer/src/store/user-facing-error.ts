import { isHubError, type HubErrorCode } from '../services/hub';

/** `session_expired`: the hub stopped accepting the token (expiry, logout elsewhere, restart). */
export type UserFacingErrorCode = HubErrorCode | 'session_expired' | 'unexpected';

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
