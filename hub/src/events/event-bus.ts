import type { HubEvent } from '../../../shared/api/events';

/**
 * Where a hub announces what changed (shared/api/events.ts) and the push route listens. Writers
 * publish after their transaction commits, never inside it: an event about a change that was
 * rolled back would send consoles to read something that is not there.
 *
 * In one process this is a list of listeners. A scaled-out center (issue 11) implements the same
 * interface over PostgreSQL LISTEN/NOTIFY, so that an event published by one hub process reaches
 * the consoles connected to every other.
 */
export interface EventBus {
  publish(event: HubEvent): void;
  /** Returns the unsubscribe function. */
  subscribe(listener: (event: HubEvent) => void): () => void;
}

export function inProcessEventBus(): EventBus {
  const listeners = new Set<(event: HubEvent) => void>();
  return {
    publish(event) {
      for (const listener of [...listeners]) {
        // One failing listener (a closed connection) must not keep the event from the others.
        try {
          listener(event);
        } catch {
          listeners.delete(listener);
        }
      }
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
