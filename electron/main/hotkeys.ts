import { checkAccelerator, sameAccelerator } from '../../shared/desktop/accelerator';
import { HOTKEY_ACTIONS, type DesktopStatus, type HotkeyAction, type Hotkeys, type HotkeyStatus } from '../../shared/ipc/contract';
import type { ConsoleEvents } from './events';
import type { Logger } from './log';

/** The part of Electron's `globalShortcut` this module uses. */
export interface GlobalShortcutLike {
  /** False when another program holds the combination; throws when Electron cannot parse it. */
  register(accelerator: string, callback: () => void): boolean;
  unregister(accelerator: string): void;
}

export type HotkeyStatuses = DesktopStatus['hotkeys'];

export interface HotkeysDeps {
  globalShortcut: GlobalShortcutLike;
  events: Pick<ConsoleEvents, 'send'>;
  log: Logger;
}

export interface HotkeysController {
  /** Registers the settings' hotkeys in place of ours; answers what became of each. */
  apply(hotkeys: Hotkeys): HotkeyStatuses;
  status(): HotkeyStatuses;
  /** Whether `apply` would change anything: other keys, or a conflict another program may have released. */
  needsApply(hotkeys: Hotkeys): boolean;
  /** On quit: ours only, never another part of the app's. */
  unregisterAll(): void;
}

const off = (): HotkeyStatus => ({ accelerator: '', status: 'off' });

export function createHotkeys({ globalShortcut, events, log }: HotkeysDeps): HotkeysController {
  /** The accelerators we registered, as we registered them, so unregistering touches nothing else. */
  let ours: string[] = [];
  let applied: Hotkeys | null = null;
  let statuses: HotkeyStatuses = { answer: off(), hangUp: off(), hold: off(), mute: off() };

  function unregisterOurs(): void {
    for (const accelerator of ours) globalShortcut.unregister(accelerator);
    ours = [];
  }

  function registerOne(action: HotkeyAction, text: string, taken: readonly string[]): HotkeyStatus {
    if (text === '') return off();
    const checked = checkAccelerator(text);
    if (!checked.ok) return { accelerator: text, status: 'invalid' };
    // Two actions on one key: the first keeps it, as the settings page lists them in this order.
    if (taken.some((other) => sameAccelerator(other, checked.accelerator))) return { accelerator: text, status: 'conflict' };
    let registered: boolean;
    try {
      registered = globalShortcut.register(checked.accelerator, () => {
        events.send({ type: 'hotkey', action });
      });
    } catch (error) {
      log.warn(`hotkey for ${action} refused by the OS: ${text}`, error);
      return { accelerator: text, status: 'invalid' };
    }
    if (!registered) {
      log.warn(`hotkey for ${action} is held by another program: ${text}`);
      return { accelerator: text, status: 'conflict' };
    }
    ours.push(checked.accelerator);
    return { accelerator: text, status: 'registered' };
  }

  return {
    apply(hotkeys) {
      // All of ours go first, so that swapping two actions' keys does not collide with ourselves.
      unregisterOurs();
      const next = {} as HotkeyStatuses;
      for (const action of HOTKEY_ACTIONS) next[action] = registerOne(action, hotkeys[action], ours);
      statuses = next;
      applied = { ...hotkeys };
      return statuses;
    },
    status: () => statuses,
    needsApply(hotkeys) {
      if (applied === null) return true;
      return (
        HOTKEY_ACTIONS.some((action) => applied?.[action] !== hotkeys[action]) ||
        HOTKEY_ACTIONS.some((action) => statuses[action].status === 'conflict')
      );
    },
    unregisterAll() {
      unregisterOurs();
      applied = null;
    },
  };
}
