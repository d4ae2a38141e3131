import type { MainMessages } from './i18n';
import type { Logger } from './log';
import type { DialogLike } from './quit-guard';

/** The part of electron-updater's `autoUpdater` this module uses. */
export interface AutoUpdaterLike {
  autoDownload: boolean;
  autoInstallOnAppQuit: boolean;
  logger: Logger | null;
  setFeedURL(options: { provider: 'generic'; url: string }): void;
  checkForUpdates(): Promise<unknown>;
  quitAndInstall(isSilent?: boolean, isForceRunAfter?: boolean): void;
  on(event: 'update-downloaded', listener: (info: { version: string }) => void): unknown;
  on(event: 'error', listener: (error: Error) => void): unknown;
}

export interface UpdaterDeps {
  isPackaged: boolean;
  /** `CONSOLE_UPDATE_URL`: a generic feed that overrides the one electron-builder wrote into the package. */
  feedUrl: string | undefined;
  /** Whether electron-builder's publish config (`resources/app-update.yml`) is in the package. */
  hasPublishConfig(): boolean;
  /** Imported only when used: electron-updater reads the packaged app's files as it loads. */
  loadUpdater(): Promise<AutoUpdaterLike>;
  isInCall(): boolean;
  dialog: DialogLike;
  messages(): MainMessages;
  /** Calls `task` every `ms`; answers the function that stops it. */
  every(ms: number, task: () => void): () => void;
  log: Logger;
}

export interface Updater {
  /** Answers whether updates are checked in this build. */
  start(): Promise<boolean>;
  stop(): void;
}

export const UPDATE_CHECK_INTERVAL_MS = 4 * 60 * 60 * 1000;

/**
 * An update feed is code the console will run: https only, except a loopback feed for testing
 * an update end to end on one machine.
 */
export function isAcceptableFeedUrl(text: string): boolean {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return false;
  }
  if (url.username !== '' || url.password !== '') return false;
  if (url.protocol === 'https:') return true;
  return url.protocol === 'http:' && ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname);
}

/**
 * Checks at start and every four hours and downloads in the background. It never installs during
 * a call: an update downloaded then waits for the next quit (`autoInstallOnAppQuit`); one that
 * arrives between calls is offered, and installed only if the agent says so.
 */
export function createUpdater(deps: UpdaterDeps): Updater {
  const { log } = deps;
  let stopTimer: (() => void) | null = null;

  async function offerInstall(updater: AutoUpdaterLike, version: string): Promise<void> {
    if (deps.isInCall()) {
      log.info(`update ${version} downloaded during a call: it installs when the console quits`);
      return;
    }
    const messages = deps.messages();
    const { response } = await deps.dialog.showMessageBox({
      type: 'info',
      message: messages.updateMessage(version),
      detail: messages.updateDetail,
      buttons: [messages.later, messages.restartNow],
      defaultId: 0,
      cancelId: 0,
      noLink: true,
    });
    // A call may have rung while the question was open.
    if (response !== 1 || deps.isInCall()) return;
    log.info(`installing update ${version}`);
    updater.quitAndInstall(false, true);
  }

  return {
    async start() {
      if (!deps.isPackaged) return false;
      const feedUrl = deps.feedUrl?.trim() || undefined;
      if (feedUrl !== undefined && !isAcceptableFeedUrl(feedUrl)) {
        log.warn('CONSOLE_UPDATE_URL is not an https URL: updates are off', feedUrl);
        return false;
      }
      if (feedUrl === undefined && !deps.hasPublishConfig()) {
        log.info('no update feed is configured: updates are off');
        return false;
      }

      let updater: AutoUpdaterLike;
      try {
        updater = await deps.loadUpdater();
      } catch (error) {
        log.warn('the updater could not be loaded', error);
        return false;
      }
      updater.logger = log;
      updater.autoDownload = true;
      updater.autoInstallOnAppQuit = true;
      if (feedUrl !== undefined) updater.setFeedURL({ provider: 'generic', url: feedUrl });
      updater.on('error', (error) => log.warn('update failed', error));
      updater.on('update-downloaded', (info) => {
        offerInstall(updater, info.version).catch((error: unknown) => log.warn('could not offer the update', error));
      });

      const check = (): void => {
        updater.checkForUpdates().catch((error: unknown) => log.warn('update check failed', error));
      };
      check();
      stopTimer = deps.every(UPDATE_CHECK_INTERVAL_MS, check);
      return true;
    },
    stop() {
      stopTimer?.();
      stopTimer = null;
    },
  };
}
