import type { HubEvent } from '../../../../shared/api/events';
import type { PushClient, PushClientOptions, PushConnectionState, PushStopReason } from '../../../../renderer/src/services/push';

/** A push client the test drives: which state the connection is in, and which events arrive. */
export function fakePush() {
  const made: Array<{ options: Omit<PushClientOptions, 'fetch'>; emit(event: HubEvent): void; setState(state: PushConnectionState): void }> = [];
  const create = (options: Omit<PushClientOptions, 'fetch'>): PushClient => {
    const listeners = new Set<(event: HubEvent) => void>();
    let state: PushConnectionState = 'connecting';
    let stopReason: PushStopReason | null = null;
    made.push({
      options,
      emit: (event) => listeners.forEach((listener) => listener(event)),
      setState: (next) => {
        state = next;
        options.onState?.(next, null);
      },
    });
    return {
      start: () => undefined,
      stop: () => {
        state = 'stopped';
        stopReason = 'stopped';
      },
      subscribe: (listener) => {
        listeners.add(listener);
        return () => void listeners.delete(listener);
      },
      get state() {
        return state;
      },
      get stopReason() {
        return stopReason;
      },
    };
  };
  /** The connection of the current login. */
  const current = () => {
    const last = made.at(-1);
    if (!last) throw new Error('no push connection was made');
    return last;
  };
  return { create, made, current };
}
