import { BrowserWindow, shell, type WebContents, type WebPreferences } from 'electron';
import type { Logger } from './log';

/** Every value spelled out, even Electron's defaults, so a default that changes cannot weaken the window. */
export function secureWebPreferences(preloadPath: string): WebPreferences {
  return {
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
    spellcheck: false,
    preload: preloadPath,
  };
}

/** Only web links go to the OS: `file:`, `smb:` or custom handlers can launch programs. */
export function isExternalUrlAllowed(url: string): boolean {
  try {
    const { protocol } = new URL(url);
    return protocol === 'http:' || protocol === 'https:';
  } catch {
    return false;
  }
}

export interface HardeningOptions {
  isTrustedUrl: (url: string) => boolean;
  openExternal: (url: string) => Promise<void>;
  log: Logger;
}

/**
 * The console is one page: it never opens windows, never navigates away and never embeds a
 * webview. Applied to the main window and again to every web contents as it is created.
 */
export function hardenWebContents(contents: WebContents, { isTrustedUrl, openExternal, log }: HardeningOptions): void {
  contents.setWindowOpenHandler(({ url }) => {
    if (isExternalUrlAllowed(url)) {
      openExternal(url).catch((error: unknown) => log.warn('could not open link in the browser', error));
    } else {
      log.warn('refused window.open', url);
    }
    return { action: 'deny' };
  });

  const guardNavigation = (event: { preventDefault(): void; url?: string }, deprecatedUrl: string): void => {
    const url = event.url ?? deprecatedUrl;
    if (!isTrustedUrl(url)) {
      event.preventDefault();
      log.warn('refused navigation', url);
    }
  };
  contents.on('will-navigate', guardNavigation);
  contents.on('will-redirect', guardNavigation);

  contents.on('will-attach-webview', (event) => {
    event.preventDefault();
    log.warn('refused webview');
  });
}

export interface MainWindowOptions {
  preloadPath: string;
  startUrl: string;
  isTrustedUrl: (url: string) => boolean;
  log: Logger;
}

export function createMainWindow({ preloadPath, startUrl, isTrustedUrl, log }: MainWindowOptions): BrowserWindow {
  const window = new BrowserWindow({
    width: 1280,
    height: 800,
    minWidth: 960,
    minHeight: 600,
    // Shown once painted, so the agent never sees a white flash.
    show: false,
    webPreferences: secureWebPreferences(preloadPath),
  });
  hardenWebContents(window.webContents, { isTrustedUrl, openExternal: (url) => shell.openExternal(url), log });
  window.once('ready-to-show', () => window.show());
  window.loadURL(startUrl).catch((error: unknown) => log.error('could not load the console', startUrl, error));
  return window;
}

export function focusWindow(window: BrowserWindow | null): void {
  if (!window || window.isDestroyed()) return;
  if (window.isMinimized()) window.restore();
  window.show();
  window.focus();
}
