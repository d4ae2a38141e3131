/** Wall clock fixed at T0; timers are real (the recorder's stop timeout never fires in these tests). */
export const T0 = Date.parse('2026-11-24T01:00:00.000Z');

export const recorderClock = (now = () => T0) => ({
  now,
  setTimeout: (callback: () => void, ms: number) => setTimeout(callback, ms),
  clearTimeout: (handle: unknown) => clearTimeout(handle as ReturnType<typeof setTimeout>),
});

export const quietLog = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };
