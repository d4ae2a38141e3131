/** Time as the hub sees it; injected so tests can expire sessions without waiting. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };
