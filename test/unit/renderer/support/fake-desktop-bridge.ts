import {
  DEFAULT_HOTKEYS,
  type ConsoleApi,
  type DesktopStatus,
  type IncomingCall,
  type IpcResult,
  type Presence,
} from '../../../../shared/ipc/contract';

const ok = <T>(value: T): Promise<IpcResult<T>> => Promise.resolve({ ok: true, value });

/** As the desktop app answers when every hotkey took and the OS keeps secrets. */
export const REGISTERED_STATUS: DesktopStatus = {
  hotkeys: {
    answer: { accelerator: DEFAULT_HOTKEYS.answer, status: 'registered' },
    hangUp: { accelerator: DEFAULT_HOTKEYS.hangUp, status: 'registered' },
    hold: { accelerator: DEFAULT_HOTKEYS.hold, status: 'registered' },
    mute: { accelerator: DEFAULT_HOTKEYS.mute, status: 'registered' },
  },
  launchAtLogin: 'applied',
  secretProtection: 'os-encrypted',
  linkHandlers: { tel: true, app: true },
};

/**
 * The desktop app's side of the bridge, in memory: settings and secrets from `base` (a web
 * bridge), the desktop methods recorded, and events the test sends as the main process would —
 * `hold` keeps one back until the console says it listens, `emit` sends it now.
 */
export function fakeDesktopBridge(base: ConsoleApi) {
  const listeners = new Set<(event: unknown) => void>();
  const held: unknown[] = [];
  const presence: Presence[] = [];
  const shown: IncomingCall[] = [];
  const dismissed: string[] = [];
  const record = { eventsReady: 0, status: REGISTERED_STATUS };

  const emit = (event: unknown) => {
    for (const listener of [...listeners]) listener(event);
  };

  const bridge: ConsoleApi = {
    ...base,
    onEvent: (listener) => {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
    eventsReady: () => {
      record.eventsReady += 1;
      const waiting = held.splice(0);
      for (const event of waiting) emit(event);
      return ok({ delivered: waiting.length });
    },
    getDesktopStatus: () => ok(record.status),
    setPresence: (request) => {
      presence.push(request);
      return ok({ shown: true });
    },
    showIncomingCall: (request) => {
      shown.push(request);
      return ok({ shown: true, broughtToFront: false });
    },
    dismissIncomingCall: ({ callId }) => {
      dismissed.push(callId);
      return ok({ dismissed: true });
    },
  };

  return {
    bridge,
    record,
    presence,
    shown,
    dismissed,
    emit,
    hold: (event: unknown) => void held.push(event),
    listenerCount: () => listeners.size,
  };
}
