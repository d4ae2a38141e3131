import { backoffDelay, type BackoffPolicy } from '../../../../shared/sync/backoff';

export interface DeliveryLoopClock {
  now(): number;
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
  setInterval(callback: () => void, ms: number): unknown;
  clearInterval(handle: unknown): void;
}

export interface DeliveryLoopOptions {
  clock: DeliveryLoopClock;
  random: () => number;
  backoff: BackoffPolicy;
  /** Even with no trigger, a round is tried this often: a hub that came back says nothing. */
  pollMs: number;
  /** One round of deliveries; it ends early through `retryLater` or `halt`, and calls `succeeded` when it went through. */
  round(): Promise<void>;
  /** The next attempt is scheduled: the status can say when, and why. */
  onRetryScheduled(message: string, nextAttemptAt: number): void;
}

export interface DeliveryLoop {
  /** A round now; during a round, one more after it; nothing while a backoff is waited out, or once halted or stopped. */
  start(): void;
  /** A round now, the backoff forgotten (back online, the agent's "now"). */
  retryNow(): void;
  /** The round could not finish: the next comes after the backoff's next delay (full jitter). */
  retryLater(message: string): void;
  /** The round went through: the backoff starts over. */
  succeeded(): void;
  /** The session is over (401): no more rounds until the next login's loop; nothing is dropped. */
  halt(): void;
  readonly halted: boolean;
  readonly stopped: boolean;
  /** Resolves when no round is in progress. */
  idle(): Promise<void>;
  stop(): void;
}

/**
 * The single-flight, backing-off loop every outbox of the console runs (call logs, script actions):
 * one round at a time, a trigger during a round runs another after it, a failure waits out a
 * growing, jittered delay, and a timer is never left behind by a round that was in flight at stop.
 * Call `start()` once the owner is built: the first round runs at once.
 */
export function createDeliveryLoop(options: DeliveryLoopOptions): DeliveryLoop {
  const { clock } = options;
  let attempt = 0;
  let retry: unknown = null;
  let running: Promise<void> | null = null;
  let again = false;
  let stopped = false;
  let halted = false;

  function retryLater(message: string): void {
    if (stopped || halted) return;
    const delay = backoffDelay(attempt, options.backoff, options.random);
    attempt += 1;
    retry = clock.setTimeout(() => {
      retry = null;
      start();
    }, delay);
    options.onRetryScheduled(message, clock.now() + delay);
  }

  function start(): void {
    if (stopped || halted || retry !== null) return;
    if (running) {
      again = true;
      return;
    }
    running = options
      .round()
      .catch((error: unknown) => {
        // A database error (quota, closed): try again later rather than lose the loop.
        retryLater(error instanceof Error ? error.message : String(error));
      })
      .finally(() => {
        running = null;
        if (again && !stopped) {
          again = false;
          start();
        }
      });
  }

  function retryNow(): void {
    if (stopped) return;
    if (retry !== null) clock.clearTimeout(retry);
    retry = null;
    attempt = 0;
    start();
  }

  const poll = clock.setInterval(() => start(), options.pollMs);

  return {
    start,
    retryNow,
    retryLater,
    succeeded: () => {
      attempt = 0;
    },
    halt: () => {
      halted = true;
    },
    get halted() {
      return halted;
    },
    get stopped() {
      return stopped;
    },
    async idle() {
      while (running) await running;
    },
    stop() {
      stopped = true;
      clock.clearInterval(poll);
      if (retry !== null) clock.clearTimeout(retry);
      retry = null;
    },
  };
}
