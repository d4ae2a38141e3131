import type { MainMessages } from './i18n';
import type { Logger } from './log';
import type { DialogLike } from './quit-guard';

export interface RenderProcessGoneDetailsLike {
  reason: string;
  exitCode: number;
}

/** The part of a `BrowserWindow` recovery needs. */
export interface CrashWindow {
  isDestroyed(): boolean;
  on(event: 'unresponsive', listener: () => void): unknown;
  on(event: 'responsive', listener: () => void): unknown;
  readonly webContents: {
    on(event: 'render-process-gone', listener: (event: unknown, details: RenderProcessGoneDetailsLike) => void): unknown;
    reload(): void;
    forcefullyCrashRenderer(): void;
  };
}

export interface CrashRecoveryDeps {
  /** Milliseconds, for counting crashes in a time window. */
  now: () => number;
  dialog: DialogLike;
  messages: () => MainMessages;
  /** The window is gone with its renderer: open a new one. */
  reopenWindow(): void;
  /** Whatever the renderer had told the main process (presence, listening for events) no longer holds. */
  onRendererGone(): void;
  quit(): void;
  log: Logger;
  /** This many crashes within `periodMs` is a loop: stop reloading and ask. */
  loopLimit?: number;
  periodMs?: number;
}

export interface CrashRecovery {
  watch(window: CrashWindow): void;
}

/**
 * A renderer crash costs the agent the page, not the console: the window is reloaded and the
 * call log comes back from IndexedDB (written ahead of every change). A page that crashes again
 * and again would only flicker, so after a few crashes the agent decides.
 */
export function createCrashRecovery(deps: CrashRecoveryDeps): CrashRecovery {
  const { log } = deps;
  const loopLimit = deps.loopLimit ?? 3;
  const periodMs = deps.periodMs ?? 60_000;
  let crashes: number[] = [];
  let askingAboutLoop = false;

  function restart(window: CrashWindow): void {
    if (window.isDestroyed()) deps.reopenWindow();
    else window.webContents.reload();
  }

  async function askAboutLoop(window: CrashWindow): Promise<void> {
    if (askingAboutLoop) return;
    askingAboutLoop = true;
    try {
      const messages = deps.messages();
      const { response } = await deps.dialog.showMessageBox({
        type: 'warning',
        message: messages.crashLoopMessage,
        detail: messages.crashLoopDetail,
        buttons: [messages.retry, messages.quit],
        defaultId: 0,
        cancelId: 0,
        noLink: true,
      });
      if (response === 1) {
        deps.quit();
        return;
      }
      crashes = [];
      restart(window);
    } finally {
      askingAboutLoop = false;
    }
  }

  function onGone(window: CrashWindow, details: RenderProcessGoneDetailsLike): void {
    if (details.reason === 'clean-exit') return;
    log.error('the console page crashed', details);
    deps.onRendererGone();
    const now = deps.now();
    crashes = [...crashes.filter((at) => now - at < periodMs), now];
    if (crashes.length >= loopLimit) {
      log.error(`${crashes.length} crashes within ${periodMs / 1000} s: asking before reloading again`);
      askAboutLoop(window).catch((error: unknown) => log.error('crash dialog failed', error));
      return;
    }
    restart(window);
  }

  function watchHang(window: CrashWindow): void {
    let waiting: AbortController | null = null;
    window.on('unresponsive', () => {
      log.warn('the console page is not responding');
      if (waiting) return;
      const controller = new AbortController();
      waiting = controller;
      const messages = deps.messages();
      deps.dialog
        .showMessageBox({
          type: 'warning',
          message: messages.hangMessage,
          detail: messages.hangDetail,
          buttons: [messages.wait, messages.reload],
          defaultId: 0,
          cancelId: 0,
          noLink: true,
          signal: controller.signal,
        })
        .then(({ response }) => {
          // The crash handler reloads the killed page, so a hang and a crash recover the same way.
          if (response === 1 && !controller.signal.aborted && !window.isDestroyed()) window.webContents.forcefullyCrashRenderer();
        })
        .catch((error: unknown) => log.error('hang dialog failed', error))
        .finally(() => {
          if (waiting === controller) waiting = null;
        });
    });
    window.on('responsive', () => {
      log.info('the console page responds again');
      waiting?.abort();
      waiting = null;
    });
  }

  return {
    watch(window) {
      window.webContents.on('render-process-gone', (_event, details) => onGone(window, details));
      watchHang(window);
    },
  };
}
