import type { MainMessages } from './i18n';
import type { Logger } from './log';

/** The part of Electron's `dialog` the main process uses; Electron's own options type is wider. */
export interface MessageBoxOptionsLike {
  type: 'question' | 'warning' | 'info';
  message: string;
  detail: string;
  buttons: string[];
  defaultId: number;
  cancelId: number;
  noLink: boolean;
  signal?: AbortSignal;
}
export interface DialogLike {
  showMessageBox(options: MessageBoxOptionsLike): Promise<{ response: number }>;
}

/** Asks "a call is up, quit anyway?", Cancel first and default: a stray Enter must not hang up on a customer. */
export async function confirmQuitInCall(dialog: DialogLike, messages: MainMessages): Promise<boolean> {
  const { response } = await dialog.showMessageBox({
    type: 'warning',
    message: messages.quitInCallMessage,
    detail: messages.quitInCallDetail,
    buttons: [messages.cancel, messages.quit],
    defaultId: 0,
    cancelId: 0,
    noLink: true,
  });
  return response === 1;
}

export interface PreventableEvent {
  preventDefault(): void;
}

export interface QuitGuardDeps {
  isInCall(): boolean;
  /** Whether a tray icon is there to bring the window back; then closing the window only hides it. */
  hasTray(): boolean;
  confirmQuit(): Promise<boolean>;
  quit(): void;
  log: Logger;
}

export interface QuitGuard {
  /** `app.on('before-quit')`. */
  beforeQuit(event: PreventableEvent): void;
  /** The main window's `close`. */
  windowClose(event: PreventableEvent, window: { hide(): void }): void;
  /** Windows is logging off or shutting down (the window's `session-end`): no `before-quit` comes, nothing may hold it up. */
  sessionEnding(): void;
  /** True once a quit goes ahead: windows may close for real then. */
  isQuitting(): boolean;
}

/**
 * Quitting during a call asks first; only a confirmed quit goes on. Closing the window is not
 * quitting: like the desk phone it replaces, the console keeps ringing in the tray, on every
 * platform, and Quit in the tray menu (or the app menu) ends it.
 */
export function createQuitGuard(deps: QuitGuardDeps): QuitGuard {
  const { log } = deps;
  let quitting = false;
  let confirmed = false;
  let asking = false;

  function ask(): void {
    if (asking) return;
    asking = true;
    deps
      .confirmQuit()
      .then((ok) => {
        if (!ok) {
          log.info('quit cancelled: a call is up');
          return;
        }
        confirmed = true;
        deps.quit();
      })
      .catch((error: unknown) => log.error('could not ask whether to quit', error))
      .finally(() => {
        asking = false;
      });
  }

  return {
    beforeQuit(event) {
      if (confirmed || !deps.isInCall()) {
        quitting = true;
        return;
      }
      event.preventDefault();
      ask();
    },

    windowClose(event, window) {
      if (quitting) return;
      if (deps.hasTray()) {
        event.preventDefault();
        window.hide();
        return;
      }
      if (deps.isInCall()) {
        event.preventDefault();
        ask();
      }
    },

    sessionEnding() {
      quitting = true;
    },

    isQuitting: () => quitting,
  };
}
