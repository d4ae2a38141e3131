import { backoffDelay, RECONNECT_BACKOFF, type BackoffPolicy } from '../../../../shared/sync/backoff';

/**
 * When to try connecting and registering again. sip.js does not reconnect by itself (its
 * maintainers leave it to the app), so this decides: exponential backoff with full jitter, but the
 * first few retries capped low so that a PBX restart — the common case — is over in a couple of
 * seconds; no retries while the browser says it is offline, one at once when it comes back; none
 * at all after the server refused the credentials (retrying cannot fix a wrong HA1 and only
 * hammers the registrar until the account is locked).
 */

export interface SchedulerClock {
  now(): number;
  random(): number;
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export interface ReconnectSchedulerOptions {
  clock: SchedulerClock;
  /** Runs one connect-and-register try. Never called synchronously from a scheduler method. */
  retry: () => void;
  policy?: BackoffPolicy;
  /** How many of the first retries are capped at `fastRetryCapMs`. */
  fastRetries?: number;
  fastRetryCapMs?: number;
  online?: boolean;
}

export interface RetryPlan {
  /** 1-based number of the retry that is planned (or waiting for the network). */
  attempt: number;
  /** When it runs; null while offline or after giving up. */
  nextRetryAt: number | null;
}

export interface ReconnectScheduler {
  /** A try failed: plans the next one. */
  failed(): RetryPlan;
  /** A try succeeded: the next failure starts the backoff from the beginning. */
  succeeded(): void;
  /** No retries until `reset()`: for refused credentials. */
  giveUp(): void;
  /** The browser's online/offline events; coming online while a retry waits runs it at once. */
  setOnline(online: boolean): void;
  /** Forget failures and a give-up, cancel any planned retry (a new start). */
  reset(): void;
  /** Cancel any planned retry for good (the phone stopped). */
  stop(): void;
  readonly attempt: number;
  readonly nextRetryAt: number | null;
  readonly gaveUp: boolean;
}

/**
 * Ten retries of at most 1 s cover a PBX restart of several seconds (the common outage), so agents
 * are back within a second of it; only a longer outage backs off, starting again from 2 s.
 */
export const FAST_RETRIES = 10;
export const FAST_RETRY_CAP_MS = 1_000;
/** The first retry after the fast ones uses the ceiling base·2^3 (2 s with the default policy). */
export const SLOW_PHASE_START_EXPONENT = 3;

export function createReconnectScheduler(options: ReconnectSchedulerOptions): ReconnectScheduler {
  const { clock, retry } = options;
  const policy = options.policy ?? RECONNECT_BACKOFF;
  const fastRetries = options.fastRetries ?? FAST_RETRIES;
  const fastCap = options.fastRetryCapMs ?? FAST_RETRY_CAP_MS;
  let online = options.online ?? true;
  let attempt = 0;
  let timer: unknown = null;
  let nextRetryAt: number | null = null;
  let gaveUp = false;
  let stopped = false;
  /** A failure is waiting for its retry (planned or held back by being offline). */
  let waiting = false;

  function cancel(): void {
    if (timer !== null) clock.clearTimeout(timer);
    timer = null;
    nextRetryAt = null;
  }

  function fire(): void {
    timer = null;
    nextRetryAt = null;
    waiting = false;
    retry();
  }

  function plan(): void {
    cancel();
    if (!waiting || gaveUp || stopped || !online) return;
    const delay =
      attempt <= fastRetries
        ? Math.min(backoffDelay(attempt - 1, policy, clock.random), fastCap)
        : backoffDelay(attempt - 1 - fastRetries + SLOW_PHASE_START_EXPONENT, policy, clock.random);
    nextRetryAt = clock.now() + delay;
    timer = clock.setTimeout(fire, delay);
  }

  return {
    failed() {
      if (!gaveUp && !stopped) {
        attempt += 1;
        waiting = true;
        plan();
      }
      return { attempt, nextRetryAt };
    },
    succeeded() {
      cancel();
      attempt = 0;
      waiting = false;
    },
    giveUp() {
      cancel();
      gaveUp = true;
      waiting = false;
    },
    setOnline(next) {
      if (next === online) return;
      online = next;
      if (!online) {
        cancel();
        return;
      }
      if (waiting && !gaveUp && !stopped) {
        // Back online: the wait was for the network, not for the server, so no backoff.
        cancel();
        timer = clock.setTimeout(fire, 0);
        nextRetryAt = clock.now();
      }
    },
    reset() {
      cancel();
      attempt = 0;
      waiting = false;
      gaveUp = false;
      stopped = false;
    },
    stop() {
      cancel();
      waiting = false;
      stopped = true;
    },
    get attempt() {
      return attempt;
    },
    get nextRetryAt() {
      return nextRetryAt;
    },
    get gaveUp() {
      return gaveUp;
    },
  };
}
