import type { HubEvent } from '../../../shared/api/events';

/**
 * Where a hub announces what changed (shared/api/events.ts) and the push route listens. Writers
 * publish after their transaction commits, never inside it: an event about a change that was
 * rolled back would send consoles to read something that is not there.
 *
 * One process: a list of listeners (`inProcessEventBus`, PGlite). Several hub processes on one
 * PostgreSQL: LISTEN/NOTIFY (`pg-event-bus.ts`), so that an event published by one process reaches
 * the consoles connected to every other. Publishing never throws and never waits: an event is a
 * hint to re-read, and a writer's answer must not depend on it.
 */
export interface EventBus {
  publish(event: HubEvent): void;
  /**
   * Returns the unsubscribe function. `onGap` is called when events may have been lost since the
   * subscription began (the bus's own database connection dropped and came back): a subscriber that
   * promised its reader every change must make that reader reload.
   */
  subscribe(listener: (event: HubEvent) => void, onGap?: () => void): () => void;
}

/** A bus that holds a connection or timers: whoever opened it closes it, after the hub. */
export interface ClosableEventBus extends EventBus {
  close(): Promise<void>;
}

/** The subscribers of one process, shared by both buses. */
export interface FanOut {
  deliver(event: HubEvent): void;
  /** Tells every current subscriber that it may have missed events. */
  gap(): void;
  subscribe: EventBus['subscribe'];
}

export function fanOut(): FanOut {
  const subscribers = new Map<(event: HubEvent) => void, (() => void) | undefined>();
  return {
    deliver(event) {
      for (const listener of [...subscribers.keys()]) {
        // One failing listener (a closed connection) must not keep the event from the others.
        try {
          listener(event);
        } catch {
          subscribers.delete(listener);
        }
      }
    },
    gap() {
      for (const [listener, onGap] of [...subscribers]) {
        try {
          onGap?.();
        } catch {
          subscribers.delete(listener);
        }
      }
    },
    subscribe(listener, onGap) {
      subscribers.set(listener, onGap);
      return () => void subscribers.delete(listener);
    },
  };
}

export function inProcessEventBus(): ClosableEventBus {
  const subscribers = fanOut();
  return {
    publish: (event) => subscribers.deliver(event),
    subscribe: subscribers.subscribe,
    close: () => Promise.resolve(),
  };
}
