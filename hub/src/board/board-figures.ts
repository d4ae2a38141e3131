import type { BoardFiguresEvent, HubEvent } from '../../../shared/api/events';
import type { Clock } from '../clock';
import type { EventBus } from '../events/event-bus';

/*
 * `board.figures` tells boards to re-read today's totals. A busy floor changes them many times a
 * second (500 agents uploading call logs), and each event costs every board a query of the
 * totals: so a hub process sends the first change at once (a board follows within a second) and
 * the changes that come within the next second as one event at its end.
 */

export const BOARD_FIGURES_INTERVAL_MS = 1000;

/** Monotonic enough time and timers; injected so the coalescing is tested without waiting. */
export interface Timers {
  now(): number;
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const systemTimers: Timers = {
  now: () => performance.now(),
  setTimeout(callback, ms) {
    const handle = setTimeout(callback, ms);
    // A pending event must not keep a hub that is shutting down alive.
    handle.unref();
    return handle;
  },
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

export interface BoardFigures {
  /** Something today's totals count changed (committed). */
  changed(): void;
  /** Drops a pending event: the hub is closing. */
  close(): void;
}

export interface BoardFiguresOptions {
  publish(event: BoardFiguresEvent): void;
  /** The hub's clock, for the event's `at`. */
  clock: Clock;
  timers?: Timers;
  intervalMs?: number;
}

export function boardFigures({ publish, clock, timers = systemTimers, intervalMs = BOARD_FIGURES_INTERVAL_MS }: BoardFiguresOptions): BoardFigures {
  let lastSentAt = Number.NEGATIVE_INFINITY;
  let pending: unknown = null;
  let closed = false;
  const send = () => {
    lastSentAt = timers.now();
    publish({ type: 'board.figures', at: clock.now().toISOString() });
  };
  return {
    changed() {
      if (closed || pending !== null) return;
      const wait = lastSentAt + intervalMs - timers.now();
      if (wait <= 0) {
        send();
        return;
      }
      pending = timers.setTimeout(() => {
        pending = null;
        if (!closed) send();
      }, wait);
    },
    close() {
      closed = true;
      if (pending !== null) timers.clearTimeout(pending);
      pending = null;
    },
  };
}

/** Events after which today's totals may read differently: complaints (open, overdue) and callbacks (due, surveys). */
export function movesFigures(event: HubEvent): boolean {
  return (event.type === 'ticket.changed' && event.kind === 'complaint') || event.type === 'callback.changed';
}

/**
 * The bus as the hub's writers get it: what they publish goes out as before, and a complaint or
 * callback change also moves the figures. Only the process that made the change counts it, so
 * N hub processes on one PostgreSQL send one `board.figures` per change, not N.
 */
export function withBoardFigures(events: EventBus, figures: BoardFigures): EventBus {
  return {
    publish(event) {
      events.publish(event);
      if (movesFigures(event)) figures.changed();
    },
    subscribe: (listener, onGap) => events.subscribe(listener, onGap),
  };
}
