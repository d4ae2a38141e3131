import { describe, expect, it } from 'vitest';
import { createDeliveryLoop, type DeliveryLoop } from '../../../../../renderer/src/services/sync/delivery-loop';
import { fakeClock, settle } from '../../support/fake-clock';

const POLICY = { baseMs: 1_000, maxMs: 8_000 };
const POLL_MS = 30_000;

/** A loop whose rounds the test completes by hand, recording when each began and what was scheduled. */
function harness(options: { random?: () => number } = {}) {
  const time = fakeClock();
  const rounds: Array<{ at: number; finish: (outcome?: { retry?: string; halt?: boolean; fail?: Error }) => void }> = [];
  const scheduled: Array<{ message: string; at: number }> = [];
  const loop: DeliveryLoop = createDeliveryLoop({
    clock: time.clock,
    random: options.random ?? (() => 0.999),
    backoff: POLICY,
    pollMs: POLL_MS,
    round: () =>
      new Promise<void>((resolve, reject) => {
        rounds.push({
          at: time.now(),
          finish: (outcome = {}) => {
            if (outcome.fail) return reject(outcome.fail);
            if (outcome.halt) loop.halt();
            else if (outcome.retry) loop.retryLater(outcome.retry);
            else loop.succeeded();
            resolve();
          },
        });
      }),
    onRetryScheduled: (message, at) => scheduled.push({ message, at }),
  });
  return { time, loop, rounds, scheduled };
}

describe('delivery loop', () => {
  it('runs one round at a time and one more after it when triggered during a round', async () => {
    const { loop, rounds } = harness();
    loop.start();
    loop.start();
    loop.start();
    expect(rounds).toHaveLength(1);
    rounds[0]!.finish();
    await settle();
    expect(rounds).toHaveLength(2);
    rounds[1]!.finish();
    await settle();
    expect(rounds).toHaveLength(2);
  });

  it('waits out a growing backoff after failures, ignores triggers meanwhile, and starts over after a success', async () => {
    const { loop, rounds, scheduled, time } = harness();
    const t0 = time.now();
    loop.start();
    rounds[0]!.finish({ retry: 'hub down' });
    await settle();
    expect(scheduled).toEqual([{ message: 'hub down', at: t0 + 999 }]);
    loop.start();
    expect(rounds).toHaveLength(1);
    await time.advance(999);
    expect(rounds).toHaveLength(2);
    rounds[1]!.finish({ retry: 'still down' });
    await settle();
    expect(scheduled[1]!.at - time.now()).toBe(1_998);
    await time.advance(1_998);
    rounds[2]!.finish();
    await settle();
    loop.start();
    rounds[3]!.finish({ retry: 'down again' });
    await settle();
    // The success reset the attempts: the first delay again.
    expect(scheduled[2]!.at - time.now()).toBe(999);
  });

  it('treats a round that throws (a database error) as one to retry later', async () => {
    const { loop, rounds, scheduled } = harness();
    loop.start();
    rounds[0]!.finish({ fail: new Error('QuotaExceededError') });
    await settle();
    expect(scheduled.map((s) => s.message)).toEqual(['QuotaExceededError']);
  });

  it('runs at once on retryNow, forgetting the backoff', async () => {
    const { loop, rounds } = harness();
    loop.start();
    rounds[0]!.finish({ retry: 'hub down' });
    await settle();
    loop.retryNow();
    expect(rounds).toHaveLength(2);
  });

  it('polls with no trigger, and runs no more rounds once halted', async () => {
    const { loop, rounds, time } = harness();
    loop.start();
    rounds[0]!.finish();
    await time.advance(POLL_MS);
    expect(rounds).toHaveLength(2);
    rounds[1]!.finish({ halt: true });
    await time.advance(POLL_MS * 3);
    loop.start();
    expect(rounds).toHaveLength(2);
    expect(loop.halted).toBe(true);
  });

  it('leaves no timer behind when stopped, even with a round in flight that then fails', async () => {
    const { loop, rounds, scheduled, time } = harness();
    loop.start();
    loop.stop();
    rounds[0]!.finish({ retry: 'hub down' });
    await loop.idle();
    expect(scheduled).toEqual([]);
    expect(time.pendingTimers()).toBe(0);
    loop.start();
    expect(rounds).toHaveLength(1);
  });
});
