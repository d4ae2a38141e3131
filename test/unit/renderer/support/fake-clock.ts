import type { Clock } from '../../../../renderer/src/store';

/** Lets promise callbacks and timer-0 work queued by the code under test run to completion. */
export async function settle(rounds = 5): Promise<void> {
  for (let i = 0; i < rounds; i++) await new Promise<void>((resolve) => setTimeout(resolve, 0));
}

/**
 * Waits, turn by turn, for work the code under test finishes on its own (fake-indexeddb needs
 * more turns than a plain promise); fails naming what never happened.
 */
export async function until(condition: () => boolean | Promise<boolean>, what: string, rounds = 300): Promise<void> {
  for (let i = 0; i < rounds; i += 1) {
    if (await condition()) return;
    await settle(1);
  }
  throw new Error(`never happened: ${what}`);
}

interface Timer {
  id: number;
  at: number;
  every: number | null;
  callback: () => void;
}

/**
 * A clock that moves only when the test says so. `advance` fires due timers in time order (intervals
 * again and again), letting the promises they start settle after each one.
 */
export function fakeClock(start = Date.parse('2026-11-24T01:00:00.000Z')) {
  let now = start;
  let nextId = 1;
  const timers = new Map<number, Timer>();

  const add = (callback: () => void, ms: number, every: number | null) => {
    const id = nextId++;
    timers.set(id, { id, at: now + Math.max(0, ms), every, callback });
    return id;
  };
  const remove = (handle: unknown) => void timers.delete(handle as number);

  const clock: Clock = {
    now: () => now,
    setTimeout: (callback, ms) => add(callback, ms, null),
    clearTimeout: remove,
    setInterval: (callback, ms) => add(callback, ms, Math.max(1, ms)),
    clearInterval: remove,
  };

  async function advance(ms: number): Promise<void> {
    const until = now + ms;
    for (;;) {
      const due = [...timers.values()].filter((t) => t.at <= until).sort((a, b) => a.at - b.at || a.id - b.id)[0];
      if (!due) break;
      now = due.at;
      if (due.every === null) timers.delete(due.id);
      else due.at += due.every;
      due.callback();
      await settle();
    }
    now = until;
    await settle();
  }

  return { clock, advance, now: () => now, pendingTimers: () => timers.size };
}
