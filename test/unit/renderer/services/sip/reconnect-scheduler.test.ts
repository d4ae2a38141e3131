import { describe, expect, it, vi } from 'vitest';
import { RECONNECT_BACKOFF } from '../../../../../shared/sync/backoff';
import { createReconnectScheduler, FAST_RETRIES, FAST_RETRY_CAP_MS, SLOW_PHASE_START_EXPONENT } from '../../../../../renderer/src/services/sip/reconnect-scheduler';
import { manualClock } from './support/manual-clock';

function setup(options: { random?: number; online?: boolean } = {}) {
  const clock = manualClock();
  clock.setRandom(options.random ?? 0.5);
  const retry = vi.fn();
  const scheduler = createReconnectScheduler({ clock, retry, online: options.online ?? true });
  return { clock, retry, scheduler };
}

describe('createReconnectScheduler', () => {
  it('plans retries with full-jitter backoff, the first ones capped low', () => {
    const { clock, retry, scheduler } = setup({ random: 0.999 });
    const planned: number[] = [];
    for (let i = 0; i < FAST_RETRIES + 5; i += 1) {
      const start = clock.now();
      const plan = scheduler.failed();
      expect(plan.attempt).toBe(i + 1);
      planned.push(plan.nextRetryAt! - start);
      clock.advance(plan.nextRetryAt! - start);
      expect(retry).toHaveBeenCalledTimes(i + 1);
    }
    // random 0.999 of a ceiling of base * 2^n; the first FAST_RETRIES capped at 1 s, then the
    // growth starts again from base * 2^SLOW_PHASE_START_EXPONENT.
    const ceiling = (n: number) => Math.min(RECONNECT_BACKOFF.maxMs, RECONNECT_BACKOFF.baseMs * 2 ** n);
    expect(planned).toEqual(
      planned.map((_, n) => {
        const delay = Math.floor(0.999 * ceiling(n));
        return n < FAST_RETRIES ? Math.min(delay, FAST_RETRY_CAP_MS) : Math.floor(0.999 * ceiling(n - FAST_RETRIES + SLOW_PHASE_START_EXPONENT));
      }),
    );
    expect(planned.slice(0, FAST_RETRIES).every((d) => d <= FAST_RETRY_CAP_MS)).toBe(true);
    expect(planned[FAST_RETRIES]).toBeGreaterThan(FAST_RETRY_CAP_MS);
    expect(planned[FAST_RETRIES]).toBeLessThanOrEqual(2 * FAST_RETRY_CAP_MS);
    // Growing again from there.
    expect(planned.slice(FAST_RETRIES)).toEqual([...planned.slice(FAST_RETRIES)].sort((a, b) => a - b));
  });

  it('uses the injected randomness for the jitter', () => {
    const low = setup({ random: 0 });
    expect(low.scheduler.failed().nextRetryAt).toBe(low.clock.now());
    const mid = setup({ random: 0.5 });
    expect(mid.scheduler.failed().nextRetryAt).toBe(mid.clock.now() + Math.floor(0.5 * RECONNECT_BACKOFF.baseMs));
  });

  it('never waits more than the policy maximum', () => {
    const { clock, scheduler } = setup({ random: 0.999 });
    let last = 0;
    for (let i = 0; i < 40; i += 1) {
      const start = clock.now();
      last = scheduler.failed().nextRetryAt! - start;
      clock.advance(last);
    }
    expect(last).toBeLessThanOrEqual(RECONNECT_BACKOFF.maxMs);
    expect(last).toBeGreaterThan(RECONNECT_BACKOFF.maxMs / 2);
  });

  it('starts the backoff over after a success', () => {
    const { clock, scheduler } = setup({ random: 0.999 });
    for (let i = 0; i < 6; i += 1) clock.advance(scheduler.failed().nextRetryAt! - clock.now());
    scheduler.succeeded();
    expect(scheduler.attempt).toBe(0);
    const plan = scheduler.failed();
    expect(plan.attempt).toBe(1);
    expect(plan.nextRetryAt! - clock.now()).toBe(Math.floor(0.999 * RECONNECT_BACKOFF.baseMs));
  });

  it('plans nothing while offline and retries at once when the network comes back', () => {
    const { clock, retry, scheduler } = setup({ online: false });
    const plan = scheduler.failed();
    expect(plan).toEqual({ attempt: 1, nextRetryAt: null });
    clock.advance(60_000);
    expect(retry).not.toHaveBeenCalled();
    scheduler.setOnline(true);
    expect(scheduler.nextRetryAt).toBe(clock.now());
    clock.advance(0);
    expect(retry).toHaveBeenCalledTimes(1);
  });

  it('cancels a planned retry when going offline and replaces the wait with an immediate try when back', () => {
    const { clock, retry, scheduler } = setup({ random: 0.999 });
    const failures = FAST_RETRIES + 3;
    for (let i = 0; i < failures; i += 1) clock.advance(scheduler.failed().nextRetryAt! - clock.now());
    expect(retry).toHaveBeenCalledTimes(failures);
    const plan = scheduler.failed();
    expect(plan.nextRetryAt! - clock.now()).toBeGreaterThan(10_000);
    scheduler.setOnline(false);
    expect(scheduler.nextRetryAt).toBeNull();
    clock.advance(60_000);
    expect(retry).toHaveBeenCalledTimes(failures);
    scheduler.setOnline(true);
    clock.advance(0);
    expect(retry).toHaveBeenCalledTimes(failures + 1);
  });

  it('does not retry on coming online when nothing failed', () => {
    const { clock, retry, scheduler } = setup();
    scheduler.setOnline(false);
    scheduler.setOnline(true);
    clock.advance(60_000);
    expect(retry).not.toHaveBeenCalled();
  });

  it('never retries after giving up on refused credentials, even when the network comes back', () => {
    const { clock, retry, scheduler } = setup();
    scheduler.failed();
    scheduler.giveUp();
    expect(scheduler.gaveUp).toBe(true);
    expect(scheduler.failed().nextRetryAt).toBeNull();
    scheduler.setOnline(false);
    scheduler.setOnline(true);
    clock.advance(600_000);
    expect(retry).not.toHaveBeenCalled();
    expect(clock.pending()).toBe(0);
  });

  it('retries again after a reset (new credentials, new start)', () => {
    const { clock, retry, scheduler } = setup();
    scheduler.giveUp();
    scheduler.reset();
    clock.advance(scheduler.failed().nextRetryAt! - clock.now());
    expect(retry).toHaveBeenCalledTimes(1);
  });

  it('plans nothing after stop', () => {
    const { clock, retry, scheduler } = setup();
    scheduler.failed();
    scheduler.stop();
    expect(scheduler.failed().nextRetryAt).toBeNull();
    clock.advance(600_000);
    expect(retry).not.toHaveBeenCalled();
  });
});
