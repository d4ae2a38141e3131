import { ConsoleEventSchema, IPC_EVENT_CHANNEL, type ConsoleEvent } from '../../shared/ipc/contract';
import type { Logger } from './log';

/** The part of `webContents` events are sent through. */
export interface EventTarget {
  send(channel: string, payload: unknown): void;
  isDestroyed(): boolean;
}

export interface ConsoleEventsOptions {
  log: Logger;
  /** How many held-back events are kept until the renderer listens; the oldest go first. */
  limit?: number;
}

export type SendOutcome = 'sent' | 'queued' | 'dropped';

export interface ConsoleEvents {
  send(event: ConsoleEvent): SendOutcome;
  /**
   * A window was created, or its page is (re)loading: its renderer is not listening yet, so events
   * are held back until it calls `eventsReady`. `null` when the window is gone.
   */
  attach(target: EventTarget | null): void;
  /** `eventsReady`: the renderer listens now; held-back events go out in order. Returns how many did. */
  ready(): number;
}

/**
 * Events that mean "now" are not held back: a hotkey press or a notification button pressed while
 * the page was reloading would act on a call the reloaded page no longer has, seconds later.
 * A link or a state picked in the tray stays what the agent asked for.
 */
const HELD_BACK: ReadonlySet<ConsoleEvent['type']> = new Set(['dial', 'linkRefused', 'presenceRequested']);

export function createConsoleEvents({ log, limit = 20 }: ConsoleEventsOptions): ConsoleEvents {
  let target: EventTarget | null = null;
  let listening = false;
  const queue: ConsoleEvent[] = [];

  function deliver(event: ConsoleEvent): boolean {
    if (!target || !listening || target.isDestroyed()) return false;
    try {
      target.send(IPC_EVENT_CHANNEL, event);
      return true;
    } catch (error) {
      // A page torn down between the check and the send.
      log.warn(`could not send ${event.type} to the console`, error);
      return false;
    }
  }

  function hold(event: ConsoleEvent): SendOutcome {
    if (!HELD_BACK.has(event.type)) {
      log.info(`dropped ${event.type}: the console is not listening`);
      return 'dropped';
    }
    // Several links clicked while the console starts: only the last one is what the agent wants dialled.
    if (event.type === 'dial') {
      const earlier = queue.findIndex((queued) => queued.type === 'dial');
      if (earlier !== -1) queue.splice(earlier, 1);
    }
    queue.push(event);
    while (queue.length > limit) {
      // A flood of refused links must not push out the one number the agent meant to call.
      const victim = Math.max(0, queue.findIndex((queued) => queued.type !== 'dial'));
      const [dropped] = queue.splice(victim, 1);
      log.warn(`event queue full: dropped the oldest ${dropped?.type}`);
    }
    return 'queued';
  }

  return {
    send(event) {
      const parsed = ConsoleEventSchema.safeParse(event);
      if (!parsed.success) {
        // A bug in the main process, not input from outside: never hand the renderer something it must not trust.
        log.error(`refused to send an invalid ${String((event as { type?: unknown }).type)} event`, parsed.error.issues);
        return 'dropped';
      }
      if (deliver(parsed.data)) return 'sent';
      return hold(parsed.data);
    },

    attach(next) {
      target = next;
      listening = false;
    },

    ready() {
      if (!target || target.isDestroyed()) return 0;
      listening = true;
      let delivered = 0;
      while (queue.length > 0) {
        const event = queue[0] as ConsoleEvent;
        if (!deliver(event)) break;
        queue.shift();
        delivered += 1;
      }
      return delivered;
    },
  };
}
