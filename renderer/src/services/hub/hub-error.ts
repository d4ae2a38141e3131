import type { ApiErrorCode } from '../../../../shared/api/errors';
import type { FlowProblem } from '../../../../shared/api/flows';

/**
 * What went wrong talking to the hub. `status` is the HTTP status, or 0 when no answer came back.
 * Beyond the hub's own codes: `network` (no connection), `timeout` (no answer in time),
 * `aborted` (the caller gave up), `bad_response` (an answer that does not match the API schema).
 */
export type HubErrorCode = ApiErrorCode | 'network' | 'timeout' | 'aborted' | 'bad_response';

export class HubError extends Error {
  override readonly name = 'HubError';
  readonly status: number;
  readonly code: HubErrorCode;
  readonly field: string | undefined;
  /** From `Retry-After` on a 429, so the login screen can say how long to wait. */
  readonly retryAfterSeconds: number | undefined;
  /**
   * A refused flow upload (400 `invalid_flow`): every problem the hub found, each naming its step,
   * so the publisher can show them all rather than the first one in `message`.
   */
  readonly problems: FlowProblem[] | undefined;

  constructor(init: {
    status: number;
    code: HubErrorCode;
    message: string;
    field?: string | undefined;
    retryAfterSeconds?: number | undefined;
    problems?: FlowProblem[] | undefined;
  }) {
    super(init.message);
    this.status = init.status;
    this.code = init.code;
    this.field = init.field;
    this.retryAfterSeconds = init.retryAfterSeconds;
    this.problems = init.problems;
  }
}

export const isHubError = (error: unknown): error is HubError => error instanceof HubError;
