import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  app,
  dialog,
  globalShortcut,
  ipcMain,
  Menu,
  nativeImage,
  Notification,
  protocol,
  safeStorage,
  session,
  shell,
  Tray,
  type BrowserWindow,
  type NativeImage,
} from 'electron';
import type * as ElectronUpdater from 'electron-updater';
import { DEFAULT_LANGUAGE, type Language } from '../../shared/domain/i18n';
import type { Settings } from '../../shared/ipc/contract';
import { isTrustedUrl, startUrl, trustedOrigins, type RuntimeEnv } from './app-origin';
import { createCrashRecovery } from './crash-recovery';
import { createDialLinks } from './dial-links';
import { createConsoleEvents } from './events';
import { createHotkeys } from './hotkeys';
import { messagesFor } from './i18n';
import { createHandlers } from './ipc/handlers';
import { registerIpc } from './ipc/register';
import { createLogger, setUpLogging } from './log';
import { createLoginItem } from './login-item';
import { installPermissionHandlers } from './permissions';
import { APP_SCHEME_PRIVILEGES, registerAppProtocol } from './protocol';
import { confirmQuitInCall, createQuitGuard } from './quit-guard';
import { createTrayController } from './tray';
import { createUpdater, type AutoUpdaterLike } from './updater';
import { createMainWindow, focusWindow, hardenWebContents } from './window';

// Wiring only: every piece below is a module with its own tests.

const APP_USER_MODEL_ID = 'com.callcenter.console';

setUpLogging(ipcMain);
const log = createLogger('main');
const outDir = join(dirname(fileURLToPath(import.meta.url)), '..');
const env: RuntimeEnv = { isPackaged: app.isPackaged, rendererUrl: process.env.ELECTRON_RENDERER_URL };
const origins = trustedOrigins(env);
const isTrusted = (url: string): boolean => isTrustedUrl(url, origins);

// Both must happen before `ready`: Electron ignores them afterwards.
protocol.registerSchemesAsPrivileged([APP_SCHEME_PRIVILEGES]);
app.enableSandbox();
// Windows shows an app's notifications only under the id its Start-menu shortcut carries
// (electron-builder.yml appId); without it the incoming-call toast never appears.
if (process.platform === 'win32') app.setAppUserModelId(APP_USER_MODEL_ID);

let mainWindow: BrowserWindow | null = null;
let language: Language = DEFAULT_LANGUAGE;
let trayShown = false;
const messages = () => messagesFor(language);

const events = createConsoleEvents({ log: createLogger('events') });

const tray = createTrayController<NativeImage, Menu>({
  createTray: (image) => new Tray(image),
  buildMenu: (template) => Menu.buildFromTemplate(template),
  createImage: (png) => nativeImage.createFromBuffer(png),
  appName: app.getName(),
  language,
  events,
  showWindow,
  quit: () => app.quit(),
  log: createLogger('tray'),
});
const isInCall = (): boolean => tray.presence()?.inCall ?? false;

const quitGuard = createQuitGuard({
  isInCall,
  hasTray: () => trayShown,
  confirmQuit: () => confirmQuitInCall(dialog, messages()),
  quit: () => app.quit(),
  log: createLogger('quit'),
});

const dialLinks = createDialLinks({
  app,
  defaultApp: process.defaultApp === true,
  execPath: process.execPath,
  argv: process.argv,
  events,
  showWindow,
  log: createLogger('links'),
});

const hotkeys = createHotkeys({ globalShortcut, events, log: createLogger('hotkeys') });

const loginItem = createLoginItem({
  platform: process.platform,
  isPackaged: app.isPackaged,
  app,
  env: process.env,
  homeDir: homedir(),
  execPath: process.execPath,
  appId: app.getName(),
  displayName: app.getName(),
  log: createLogger('login-item'),
});

const crashRecovery = createCrashRecovery({
  now: () => Date.now(),
  dialog,
  messages,
  reopenWindow: () => openMainWindow(),
  onRendererGone: () => {
    events.attach(mainWindow?.webContents ?? null);
    tray.clearPresence();
  },
  quit: () => app.quit(),
  log: createLogger('crash'),
});

const updater = createUpdater({
  isPackaged: app.isPackaged,
  feedUrl: process.env.CONSOLE_UPDATE_URL,
  hasPublishConfig: () => typeof process.resourcesPath === 'string' && existsSync(join(process.resourcesPath, 'app-update.yml')),
  loadUpdater: loadAutoUpdater,
  isInCall,
  dialog,
  messages,
  every: (ms, task) => {
    const timer = setInterval(task, ms);
    return () => clearInterval(timer);
  },
  log: createLogger('updater'),
});

async function loadAutoUpdater(): Promise<AutoUpdaterLike> {
  // electron-updater is CommonJS with a lazy getter Node cannot see as a named export.
  const loaded: typeof ElectronUpdater & { default?: typeof ElectronUpdater } = await import('electron-updater');
  return (loaded.default ?? loaded).autoUpdater;
}

function openMainWindow(): BrowserWindow {
  const window = createMainWindow({
    preloadPath: join(outDir, 'preload', 'index.cjs'),
    startUrl: startUrl(env),
    isTrustedUrl: isTrusted,
    log: createLogger('window'),
  });
  mainWindow = window;
  events.attach(window.webContents);
  // A page that (re)loads listens only once it says so again with `eventsReady`.
  window.webContents.on('did-start-loading', () => events.attach(window.webContents));
  window.on('close', (event) => quitGuard.windowClose(event, window));
  window.on('session-end', () => quitGuard.sessionEnding());
  window.on('closed', () => {
    if (mainWindow !== window) return;
    mainWindow = null;
    events.attach(null);
  });
  crashRecovery.watch(window);
  return window;
}

/** Shows the console, from the tray, a link or a second start; before `ready` the first window does it. */
function showWindow(): void {
  if (!app.isReady()) return;
  if (!mainWindow || mainWindow.isDestroyed()) openMainWindow();
  else focusWindow(mainWindow);
}

async function applySettings(next: Settings, previous: Settings): Promise<void> {
  language = next.language;
  tray.setLanguage(next.language);
  if (hotkeys.needsApply(next.hotkeys)) hotkeys.apply(next.hotkeys);
  if (next.launchAtLogin !== previous.launchAtLogin || loginItem.status() === 'failed') {
    await loginItem.apply(next.launchAtLogin);
  }
}

async function start(): Promise<void> {
  await app.whenReady();
  registerAppProtocol(protocol, { root: join(outDir, 'renderer'), log: createLogger('protocol') });
  installPermissionHandlers(session.defaultSession, { trustedOrigins: origins, log: createLogger('permissions') });
  const handlers = createHandlers({
    app,
    userDataDir: app.getPath('userData'),
    env: process.env,
    platform: process.platform,
    safeStorage,
    Notification,
    focusMainWindow: showWindow,
    mainWindow: () => mainWindow,
    focusApp: () => app.focus({ steal: true }),
    events,
    tray,
    hotkeys,
    loginItem,
    linkHandlers: () => dialLinks.status(),
    onSettingsChange: applySettings,
    clock: () => new Date(),
    logFor: createLogger,
  });

  const settings = await handlers.getSettings(undefined);
  language = settings.language;
  tray.setLanguage(language);
  trayShown = tray.start();
  hotkeys.apply(settings.hotkeys);
  dialLinks.register();
  await loginItem.apply(settings.launchAtLogin);

  registerIpc(ipcMain, handlers, { isTrustedSender: isTrusted, log: createLogger('ipc') });
  openMainWindow();
  updater.start().catch((error: unknown) => log.warn('updater did not start', error));
}

// Two consoles would register the same SIP account twice and race on the settings file.
if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  // The running console takes the link a second start was given, and comes to the front either way.
  app.on('second-instance', (_event, argv) => {
    if (!dialLinks.openFromArgv(argv)) showWindow();
  });

  // macOS sends links as events, possibly before `ready`: they wait in the event queue.
  app.on('open-url', (event, url) => {
    event.preventDefault();
    dialLinks.open(url);
  });

  // Windows and Linux start the app with the link on the command line.
  dialLinks.openFromArgv(process.argv);

  // Second line of defence: whatever web contents appears later gets the same rules.
  app.on('web-contents-created', (_event, contents) => {
    hardenWebContents(contents, { isTrustedUrl: isTrusted, openExternal: (url) => shell.openExternal(url), log });
  });

  app.on('activate', () => showWindow());

  app.on('before-quit', (event) => quitGuard.beforeQuit(event));

  app.on('will-quit', () => {
    hotkeys.unregisterAll();
    updater.stop();
    tray.destroy();
  });

  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });

  start().catch((error: unknown) => {
    log.error('startup failed', error);
    app.exit(1);
  });
}
