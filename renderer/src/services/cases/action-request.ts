import type { ComplaintActionRequest } from '../../../../shared/api/complaints';
import type { ComplaintActionInput } from '../../../../shared/complaints/complaint-actions';
import type { HubErrorCode } from '../hub';

/*
 * The id of a case action: the hub's idempotency key. One per submission: a retry after a failure
 * that may have reached the hub (no answer, an answer that did not arrive whole) sends the same id,
 * so the action is done once; a changed form, or a new version of the case, is a new submission.
 */

export interface SentRequest {
  id: string;
  /** What was sent: the same body again is a retry. */
  body: string;
}

/** The request for this submission, reusing the last id when it is the same request again. */
export function requestFor(
  previous: SentRequest | null,
  expectedVersion: number,
  action: ComplaintActionInput,
  newId: () => string,
): { request: ComplaintActionRequest; sent: SentRequest } {
  const body = JSON.stringify({ expectedVersion, action });
  const id = previous !== null && previous.body === body ? previous.id : newId();
  return { request: { id, expectedVersion, action }, sent: { id, body } };
}

/**
 * Whether the hub may have done it: then the next try must carry the same id. A refusal (4xx)
 * stored nothing, so the id is spent and the next submission gets a new one.
 */
export function mayHaveReachedHub(code: HubErrorCode | 'unexpected' | 'session_expired' | 'wrap_up_incomplete'): boolean {
  return code === 'network' || code === 'timeout' || code === 'aborted' || code === 'internal' || code === 'bad_response';
}
