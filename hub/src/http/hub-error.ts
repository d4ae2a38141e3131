import type { ApiError, ApiErrorCode } from '../../../shared/api/errors';

/**
 * Codes the hub sends beyond the ones every client knows (ApiErrorCode): a client that does not
 * know one goes by the status (400 → validation) and shows the message, which says it all.
 */
export type HubOnlyErrorCode = 'chain_end';

/** An expected failure: its message goes to the client as is, so it must never carry internals. */
export class HubError extends Error {
  constructor(
    readonly code: ApiErrorCode | HubOnlyErrorCode,
    readonly statusCode: number,
    message: string,
    readonly field?: string,
  ) {
    super(message);
    this.name = 'HubError';
  }

  toBody(): ApiError {
    return this.field === undefined
      ? { error: this.code, message: this.message }
      : { error: this.code, message: this.message, field: this.field };
  }
}

/** One message for every failed login: it must not tell an unknown user from a wrong password. */
export const LOGIN_FAILED_MESSAGE = 'Wrong username or password';

export const unauthorized = (message = 'Sign in first: the session is missing, invalid or expired'): HubError =>
  new HubError('unauthorized', 401, message);

export const forbidden = (message: string): HubError => new HubError('forbidden', 403, message);
