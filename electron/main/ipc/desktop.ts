import type { DesktopStatus, SecretProtection } from '../../../shared/ipc/contract';
import type { ConsoleEvents } from '../events';
import type { HotkeysController } from '../hotkeys';
import type { LoginItem } from '../login-item';
import type { TrayController } from '../tray';
import type { Handlers } from './register';

export interface DesktopDeps {
  events: Pick<ConsoleEvents, 'ready'>;
  tray: Pick<TrayController, 'setPresence'>;
  hotkeys: Pick<HotkeysController, 'status'>;
  loginItem: Pick<LoginItem, 'status'>;
  /** What `setSecret` would answer now: asked each time, since a keyring can be unlocked meanwhile. */
  secretProtection: () => SecretProtection;
  /** Whether the OS sends `tel:` and `callcenter:` links to this app. */
  linkHandlers: () => DesktopStatus['linkHandlers'];
}

/** The desktop shell's own methods: what the settings page shows, the tray's state, and event delivery. */
export function createDesktopHandlers(
  deps: DesktopDeps,
): Pick<Handlers, 'getDesktopStatus' | 'setPresence' | 'eventsReady'> {
  return {
    getDesktopStatus: () => ({
      hotkeys: deps.hotkeys.status(),
      launchAtLogin: deps.loginItem.status(),
      secretProtection: deps.secretProtection(),
      linkHandlers: deps.linkHandlers(),
    }),
    setPresence: (presence) => ({ shown: deps.tray.setPresence(presence) }),
    eventsReady: () => ({ delivered: deps.events.ready() }),
  };
}
