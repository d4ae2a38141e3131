/*
 * User Timing marks of the moments the screen-pop benchmark measures (INVITE received by the user
 * agent → caller's card painted). They cost a few microseconds and are read only from outside
 * (the benchmark's `performance.getEntriesByType('mark')`); a day's calls leave a few hundred.
 */

export const SCREEN_POP_MARK = {
  invite: (callId: string) => `screen-pop:invite:${callId}`,
  /** `source`: where the card came from, `cache` or `hub`. */
  painted: (callId: string, source: string) => `screen-pop:painted:${callId}:${source}`,
} as const;

/** Never throws: a timing mark must not break a call where the Performance API is missing. */
export function mark(name: string, startTime?: number): void {
  try {
    if (startTime === undefined) globalThis.performance?.mark(name);
    else globalThis.performance?.mark(name, { startTime });
  } catch {
    // Timing is an extra, never a reason to fail.
  }
}

export const perfNow = (): number | undefined => globalThis.performance?.now();
