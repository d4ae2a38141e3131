/**
 * A clock whose timers run only when the test moves time, for code that takes its timers as
 * arguments (the reconnect scheduler). Timers due at the same moment run in the order they were set.
 */
export interface ManualClock {
  now(): number;
  random(): number;
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
  /** Moves time forward, running every timer that falls due on the way. */
  advance(ms: number): void;
  /** Delays of the timers set so far, in order. */
  readonly delays: number[];
  pending(): number;
  setRandom(value: number): void;
}

export function manualClock(start = 1_000_000): ManualClock {
  let now = start;
  let random = 0.5;
  let nextId = 1;
  const timers = new Map<number, { at: number; callback: () => void }>();
  const delays: number[] = [];
  return {
    now: () => now,
    random: () => random,
    setRandom(value) {
      random = value;
    },
    setTimeout(callback, ms) {
      const id = nextId++;
      delays.push(ms);
      timers.set(id, { at: now + ms, callback });
      return id;
    },
    clearTimeout(handle) {
      timers.delete(handle as number);
    },
    advance(ms) {
      const end = now + ms;
      for (;;) {
        let next: [number, { at: number; callback: () => void }] | undefined;
        for (const entry of timers) if (entry[1].at <= end && (!next || entry[1].at < next[1].at)) next = entry;
        if (!next) break;
        timers.delete(next[0]);
        now = next[1].at;
        next[1].callback();
      }
      now = end;
    },
    delays,
    pending: () => timers.size,
  };
}
