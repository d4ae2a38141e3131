import type { AgentStateReport } from '../../../shared/api/phone';
import { backoffDelay, type BackoffPolicy } from '../../../shared/sync/backoff';
import { createLogger } from '../logger';
import { isHubError } from '../services/hub';
import type { Clock } from './store-deps';

const log = createLogger('store/state-reports');

/** Retries start after about a second and settle at a minute: a hub restart is over by then. */
export const STATE_REPORT_BACKOFF: BackoffPolicy = { baseMs: 1_000, maxMs: 60_000 };

/** Bounded so that a hub gone for a whole shift cannot grow the queue without end (~100 B a report). */
export const STATE_REPORT_QUEUE_LIMIT = 1_000;

export interface StateReportOutbox {
  enqueue(report: AgentStateReport): void;
  /** Sends now instead of waiting out the backoff (the network just came back). */
  retryNow(): void;
  /** Reports still waiting for the hub, oldest first. */
  pending(): readonly AgentStateReport[];
  /** Stops sending; what was not sent is dropped with this login. */
  dispose(): void;
}

export interface StateReportOutboxOptions {
  send(report: AgentStateReport): Promise<void>;
  clock: Clock;
  random: () => number;
  /** Called with the number of reports waiting whenever it changes. */
  onPendingChange(count: number): void;
}

/**
 * Agent state changes on their way to the hub: one at a time, oldest first, each stamped with the
 * moment it happened, so a hub that was down gets the whole sequence in order when it is back. The
 * phone never waits for this; a failure only schedules the next attempt.
 */
export function createStateReportOutbox(options: StateReportOutboxOptions): StateReportOutbox {
  const queue: AgentStateReport[] = [];
  let sending = false;
  let retryTimer: unknown = null;
  let attempt = 0;
  let disposed = false;

  const changed = () => options.onPendingChange(queue.length);

  const clearRetry = () => {
    if (retryTimer !== null) options.clock.clearTimeout(retryTimer);
    retryTimer = null;
  };

  async function pump(): Promise<void> {
    if (sending || disposed || retryTimer !== null) return;
    sending = true;
    try {
      while (!disposed && queue.length > 0) {
        const head = queue[0]!;
        try {
          await options.send(head);
        } catch (error) {
          if (disposed) return;
          if (isRetryable(error)) {
            const delay = backoffDelay(attempt, STATE_REPORT_BACKOFF, options.random);
            attempt += 1;
            log.warn(`the hub did not take the agent state report; retrying in ${delay} ms`, describe(error));
            retryTimer = options.clock.setTimeout(() => {
              retryTimer = null;
              void pump();
            }, delay);
            return;
          }
          // Sending it again would be refused again; keep the rest of the sequence moving.
          log.error('the hub refused an agent state report; dropping it', describe(error), head);
        }
        attempt = 0;
        if (queue[0] === head) queue.shift();
        changed();
      }
    } finally {
      sending = false;
    }
  }

  return {
    enqueue(report) {
      if (disposed) return;
      queue.push(report);
      if (queue.length > STATE_REPORT_QUEUE_LIMIT) {
        // The oldest go, except one on its way to the hub right now.
        const dropped = queue.splice(sending ? 1 : 0, queue.length - STATE_REPORT_QUEUE_LIMIT);
        log.error(`dropped ${dropped.length} agent state report(s): the hub has been unreachable too long`);
      }
      changed();
      void pump();
    },
    retryNow() {
      if (disposed || retryTimer === null) return;
      clearRetry();
      attempt = 0;
      void pump();
    },
    pending: () => [...queue],
    dispose() {
      disposed = true;
      clearRetry();
      if (queue.length > 0) log.warn(`${queue.length} agent state report(s) were not delivered before the phone stopped`);
    },
  };
}

/**
 * Worth another try: the hub is unreachable, slow, overloaded or older than this console. A report
 * it refused (validation, forbidden) or a session it ended is not.
 */
function isRetryable(error: unknown): boolean {
  if (!isHubError(error)) return false;
  switch (error.code) {
    case 'network':
    case 'timeout':
    case 'aborted':
    case 'internal':
    case 'rate_limited':
    case 'not_found':
      return true;
    case 'unauthorized':
    case 'forbidden':
    case 'validation':
    case 'conflict':
    case 'payload_too_large':
    case 'bad_response':
    case 'illegal_transition':
    case 'stale_version':
    case 'authority_exceeded':
    case 'unsupported_media_type':
    case 'already_claimed':
    case 'outside_calling_hours':
    case 'survey_required':
    case 'read_only':
    case 'recording_not_ready':
      return false;
  }
}

const describe = (error: unknown) => (error instanceof Error ? `${error.name}: ${error.message}` : String(error));
