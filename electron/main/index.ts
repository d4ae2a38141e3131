import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { app, BrowserWindow, ipcMain, Notification, protocol, safeStorage, session, shell } from 'electron';
import { isTrustedUrl, startUrl, trustedOrigins, type RuntimeEnv } from './app-origin';
import { createHandlers } from './ipc/handlers';
import { registerIpc } from './ipc/register';
import { createLogger } from './log';
import { installPermissionHandlers } from './permissions';
import { APP_SCHEME_PRIVILEGES, registerAppProtocol } from './protocol';
import { createMainWindow, focusWindow, hardenWebContents } from './window';

const log = createLogger('main');
const outDir = join(dirname(fileURLToPath(import.meta.url)), '..');
const env: RuntimeEnv = { isPackaged: app.isPackaged, rendererUrl: process.env.ELECTRON_RENDERER_URL };
const origins = trustedOrigins(env);
const isTrusted = (url: string): boolean => isTrustedUrl(url, origins);

// Both must happen before `ready`: Electron ignores them afterwards.
protocol.registerSchemesAsPrivileged([APP_SCHEME_PRIVILEGES]);
app.enableSandbox();

let mainWindow: BrowserWindow | null = null;

function openMainWindow(): void {
  mainWindow = createMainWindow({
    preloadPath: join(outDir, 'preload', 'index.cjs'),
    startUrl: startUrl(env),
    isTrustedUrl: isTrusted,
    log: createLogger('window'),
  });
  mainWindow.on('closed', () => {
    mainWindow = null;
  });
}

async function start(): Promise<void> {
  await app.whenReady();
  registerAppProtocol(protocol, { root: join(outDir, 'renderer'), log: createLogger('protocol') });
  installPermissionHandlers(session.defaultSession, { trustedOrigins: origins, log: createLogger('permissions') });
  registerIpc(
    ipcMain,
    createHandlers({
      app,
      userDataDir: app.getPath('userData'),
      env: process.env,
      platform: process.platform,
      safeStorage,
      Notification,
      focusMainWindow: () => focusWindow(mainWindow),
      clock: () => new Date(),
      logFor: createLogger,
    }),
    { isTrustedSender: isTrusted, log: createLogger('ipc') },
  );
  openMainWindow();
}

// Two consoles would register the same SIP account twice and race on the settings file.
if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', () => focusWindow(mainWindow));

  // Second line of defence: whatever web contents appears later gets the same rules.
  app.on('web-contents-created', (_event, contents) => {
    hardenWebContents(contents, { isTrustedUrl: isTrusted, openExternal: (url) => shell.openExternal(url), log });
  });

  app.on('activate', () => {
    if (app.isReady() && BrowserWindow.getAllWindows().length === 0) openMainWindow();
  });

  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });

  start().catch((error: unknown) => {
    log.error('startup failed', error);
    app.exit(1);
  });
}
