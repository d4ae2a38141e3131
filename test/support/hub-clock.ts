import type { Clock } from '../../hub/src/clock';

/** A clock that moves only when the test says so. */
export class FakeClock implements Clock {
  #now: number;

  constructor(start = new Date('2026-03-02T09:00:00.000Z')) {
    this.#now = start.getTime();
  }

  now(): Date {
    return new Date(this.#now);
  }

  advance(ms: number): void {
    this.#now += ms;
  }
}
