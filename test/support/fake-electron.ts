/**
 * A stand-in for the `electron` module: the binary cannot run in unit tests, so main and preload
 * code is exercised against these recorders instead. Use it with
 *
 *   vi.mock('electron', () => import('../../support/fake-electron'));
 *
 * and import the same module in the test to drive it and read what was recorded. Call
 * `resetFakeElectron()` in `beforeEach`: the objects are module singletons, like Electron's.
 */

// `never[]` accepts a listener with any parameter list, as Electron's typed overloads do; `call` invokes one.
type Listener = (...args: never[]) => unknown;
const call = (listener: Listener, args: unknown[]): unknown => (listener as (...a: unknown[]) => unknown)(...args);

/** The part of Electron's event objects that handlers use. */
export class FakeEvent {
  defaultPrevented = false;
  constructor(readonly url?: string) {}
  preventDefault(): void {
    this.defaultPrevented = true;
  }
}

class Emitter {
  readonly listeners = new Map<string, Listener[]>();
  on(event: string, listener: Listener): this {
    this.listeners.set(event, [...(this.listeners.get(event) ?? []), listener]);
    return this;
  }
  once(event: string, listener: Listener): this {
    const wrapped = (...args: unknown[]): unknown => {
      this.off(event, wrapped);
      return call(listener, args);
    };
    return this.on(event, wrapped);
  }
  off(event: string, listener: Listener): this {
    this.listeners.set(event, (this.listeners.get(event) ?? []).filter((l) => l !== listener));
    return this;
  }
  emit(event: string, ...args: unknown[]): boolean {
    const listeners = this.listeners.get(event) ?? [];
    for (const listener of listeners) call(listener, args);
    return listeners.length > 0;
  }
  listenerCount(event: string): number {
    return this.listeners.get(event)?.length ?? 0;
  }
}

// ---------------------------------------------------------------------------------------------
// ipcMain

export interface FakeInvokeEvent {
  senderFrame: { url: string } | null | undefined;
}

/** The event Electron would pass for a call from a frame at `url`; null for a frame that is gone. */
export function invokeEventFrom(url: string | null): FakeInvokeEvent {
  return { senderFrame: url === null ? null : { url } };
}

class FakeIpcMain extends Emitter {
  readonly handlers = new Map<string, Listener>();
  handle(channel: string, listener: Listener): void {
    // Electron refuses a second handler for the same channel; so does the fake.
    if (this.handlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
    this.handlers.set(channel, listener);
  }
  handleOnce(channel: string, listener: Listener): void {
    this.handle(channel, (...args: unknown[]) => {
      this.removeHandler(channel);
      return call(listener, args);
    });
  }
  removeHandler(channel: string): void {
    this.handlers.delete(channel);
  }
  removeAllListeners(channel: string): this {
    this.listeners.delete(channel);
    return this;
  }
  /** What the renderer's `ipcRenderer.invoke(channel, ...args)` would resolve to. */
  async invoke(channel: string, event: FakeInvokeEvent, ...args: unknown[]): Promise<unknown> {
    const handler = this.handlers.get(channel);
    if (!handler) throw new Error(`No handler registered for '${channel}'`);
    return call(handler, [event, ...args]);
  }
}
export const ipcMain = new FakeIpcMain();

// ---------------------------------------------------------------------------------------------
// BrowserWindow and webContents

export class FakeWebContents extends Emitter {
  private static nextId = 1;
  readonly id = FakeWebContents.nextId++;
  windowOpenHandler: ((details: { url: string }) => { action: 'allow' | 'deny' }) | null = null;
  url = '';
  destroyed = false;
  /** What `webContents.send` delivered, in order. */
  readonly sent: { channel: string; args: unknown[] }[] = [];
  reloads = 0;
  crashedOnPurpose = 0;
  send(channel: string, ...args: unknown[]): void {
    if (this.destroyed) throw new Error('Object has been destroyed');
    this.sent.push({ channel, args });
  }
  reload(): void {
    this.reloads += 1;
  }
  /** Electron kills the renderer and reports it with `render-process-gone` (reason `killed`). */
  forcefullyCrashRenderer(): void {
    this.crashedOnPurpose += 1;
    this.crash('killed');
  }
  /** What Electron emits when the renderer process ends. */
  crash(reason = 'crashed', exitCode = 1): void {
    this.emit('render-process-gone', new FakeEvent(), { reason, exitCode });
  }
  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'allow' | 'deny' }): void {
    this.windowOpenHandler = handler;
  }
  /** Runs what `window.open(url)` in the page would trigger. */
  openWindow(url: string): { action: 'allow' | 'deny' } {
    if (!this.windowOpenHandler) return { action: 'allow' };
    return this.windowOpenHandler({ url });
  }
  /** Emits `will-navigate` / `will-redirect` the way Electron 41 does; true when it went ahead. */
  navigate(url: string, event: 'will-navigate' | 'will-redirect' = 'will-navigate'): boolean {
    const details = new FakeEvent(url);
    this.emit(event, details, url);
    return !details.defaultPrevented;
  }
  /** True when a `<webview>` would have been attached. */
  attachWebview(src: string): boolean {
    const event = new FakeEvent();
    this.emit('will-attach-webview', event, { nodeIntegration: true }, { src });
    return !event.defaultPrevented;
  }
  getURL(): string {
    return this.url;
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
}

export class BrowserWindow extends Emitter {
  static instances: BrowserWindow[] = [];
  static getAllWindows(): BrowserWindow[] {
    return BrowserWindow.instances.filter((w) => !w.destroyed);
  }
  readonly webContents = new FakeWebContents();
  readonly loadedUrls: string[] = [];
  visible = false;
  focused = false;
  minimized = false;
  destroyed = false;
  movedTop = 0;
  flashing = false;
  constructor(readonly options: Record<string, unknown> = {}) {
    super();
    BrowserWindow.instances.push(this);
    app.emit('web-contents-created', new FakeEvent(), this.webContents);
    this.visible = options.show !== false;
  }
  async loadURL(url: string): Promise<void> {
    this.loadedUrls.push(url);
    this.webContents.url = url;
  }
  show(): void {
    this.visible = true;
  }
  hide(): void {
    this.visible = false;
    this.focused = false;
  }
  isVisible(): boolean {
    return this.visible;
  }
  focus(): void {
    this.focused = true;
  }
  /** The agent switched to another program. */
  blur(): void {
    this.focused = false;
  }
  isFocused(): boolean {
    return this.focused;
  }
  restore(): void {
    this.minimized = false;
  }
  minimize(): void {
    this.minimized = true;
    this.focused = false;
  }
  isMinimized(): boolean {
    return this.minimized;
  }
  moveTop(): void {
    this.movedTop += 1;
  }
  flashFrame(flag: boolean): void {
    this.flashing = flag;
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
  /** Like Electron: `close` can be prevented; otherwise the window is destroyed and `closed` follows. */
  close(): void {
    if (this.destroyed) return;
    const event = new FakeEvent();
    this.emit('close', event);
    if (event.defaultPrevented) return;
    this.destroy();
  }
  /** Closes without a `close` event, as `win.destroy()` and a crashed window do. */
  destroy(): void {
    if (this.destroyed) return;
    this.destroyed = true;
    this.webContents.destroyed = true;
    this.emit('closed');
  }
}

// ---------------------------------------------------------------------------------------------
// app

class FakeApp extends Emitter {
  isPackaged = false;
  name = 'callcenter-console';
  version = '0.1.0';
  paths = new Map<string, string>([['userData', '/nonexistent/fake-user-data']]);
  sandboxEnabled = false;
  hasSingleInstanceLock = true;
  quitCalls = 0;
  exitCodes: number[] = [];
  /** Schemes the OS sends to this app, with the path and args they were registered with. */
  readonly protocolClients = new Map<string, { path: string | undefined; args: string[] | undefined }>();
  /** Set false to act like an OS that refuses (Windows asks the user to pick the default app). */
  protocolRegistrationWorks = true;
  loginItem = { openAtLogin: false };
  loginItemCalls: { openAtLogin?: boolean }[] = [];
  focusCalls: { steal?: boolean }[] = [];
  private ready = false;
  private resolveReady: () => void = () => {};
  private readyPromise = new Promise<void>((resolve) => (this.resolveReady = resolve));

  getName(): string {
    return this.name;
  }
  getVersion(): string {
    return this.version;
  }
  getPath(name: string): string {
    const path = this.paths.get(name);
    if (path === undefined) throw new Error(`fake app has no path '${name}'`);
    return path;
  }
  setPath(name: string, path: string): void {
    this.paths.set(name, path);
  }
  enableSandbox(): void {
    if (this.ready) throw new Error('app.enableSandbox() must be called before the app is ready');
    this.sandboxEnabled = true;
  }
  appUserModelId: string | null = null;
  setAppUserModelId(id: string): void {
    this.appUserModelId = id;
  }
  requestSingleInstanceLock(): boolean {
    return this.hasSingleInstanceLock;
  }
  isReady(): boolean {
    return this.ready;
  }
  whenReady(): Promise<void> {
    return this.readyPromise;
  }
  /** What Electron does once Chromium is up. */
  becomeReady(): void {
    this.ready = true;
    this.resolveReady();
    this.emit('ready', new FakeEvent());
  }
  /** Like Electron: `before-quit` may be prevented; a quit that goes ahead is counted. */
  quit(): void {
    const event = new FakeEvent();
    this.emit('before-quit', event);
    if (event.defaultPrevented) return;
    this.quitCalls += 1;
    this.emit('will-quit', new FakeEvent());
  }
  focus(options: { steal?: boolean } = {}): void {
    this.focusCalls.push(options);
  }
  setAsDefaultProtocolClient(scheme: string, path?: string, args?: string[]): boolean {
    if (!this.protocolRegistrationWorks) return false;
    this.protocolClients.set(scheme, { path, args });
    return true;
  }
  isDefaultProtocolClient(scheme: string, path?: string, args?: string[]): boolean {
    const client = this.protocolClients.get(scheme);
    return client !== undefined && client.path === path && JSON.stringify(client.args) === JSON.stringify(args);
  }
  setLoginItemSettings(settings: { openAtLogin?: boolean }): void {
    this.loginItemCalls.push(settings);
    if (settings.openAtLogin !== undefined) this.loginItem = { openAtLogin: settings.openAtLogin };
  }
  getLoginItemSettings(): { openAtLogin: boolean } {
    return { ...this.loginItem };
  }
  /** What macOS sends when a link is opened; it may come before `ready`. */
  openUrl(url: string): FakeEvent {
    const event = new FakeEvent(url);
    this.emit('open-url', event, url);
    return event;
  }
  exit(code = 0): void {
    this.exitCodes.push(code);
  }
  reset(): void {
    this.appUserModelId = null;
    this.listeners.clear();
    this.isPackaged = false;
    this.paths = new Map([['userData', '/nonexistent/fake-user-data']]);
    this.sandboxEnabled = false;
    this.hasSingleInstanceLock = true;
    this.quitCalls = 0;
    this.exitCodes = [];
    this.protocolClients.clear();
    this.protocolRegistrationWorks = true;
    this.loginItem = { openAtLogin: false };
    this.loginItemCalls = [];
    this.focusCalls = [];
    this.ready = false;
    this.readyPromise = new Promise<void>((resolve) => (this.resolveReady = resolve));
  }
}
export const app = new FakeApp();

// ---------------------------------------------------------------------------------------------
// protocol and session

type ProtocolHandler = (request: Request) => Response | Promise<Response>;

class FakeProtocol {
  privilegedSchemes: { scheme: string; privileges?: Record<string, boolean> }[] = [];
  /** Whether `registerSchemesAsPrivileged` ran before `app` was ready, as Electron requires. */
  privilegedBeforeReady: boolean | null = null;
  readonly handlers = new Map<string, ProtocolHandler>();
  registerSchemesAsPrivileged(schemes: { scheme: string; privileges?: Record<string, boolean> }[]): void {
    this.privilegedSchemes.push(...schemes);
    this.privilegedBeforeReady = !app.isReady();
  }
  handle(scheme: string, handler: ProtocolHandler): void {
    if (!app.isReady()) throw new Error('protocol.handle() must be called after the app is ready');
    if (this.handlers.has(scheme)) throw new Error(`scheme '${scheme}' is already handled`);
    this.handlers.set(scheme, handler);
  }
  unhandle(scheme: string): void {
    this.handlers.delete(scheme);
  }
  isProtocolHandled(scheme: string): boolean {
    return this.handlers.has(scheme);
  }
  /** Fetches `url` through the registered handler, as the renderer would. */
  async fetch(url: string, init?: RequestInit): Promise<Response> {
    const scheme = url.slice(0, url.indexOf(':'));
    const handler = this.handlers.get(scheme);
    if (!handler) throw new Error(`no handler for scheme '${scheme}'`);
    return handler(new Request(url, init));
  }
  reset(): void {
    this.privilegedSchemes = [];
    this.privilegedBeforeReady = null;
    this.handlers.clear();
  }
}
export const protocol = new FakeProtocol();

export type PermissionRequestDetails = { requestingUrl: string; isMainFrame: boolean; [key: string]: unknown };
export type PermissionCheckDetails = { isMainFrame: boolean; [key: string]: unknown };
export type PermissionRequestHandler = (
  webContents: unknown,
  permission: string,
  callback: (granted: boolean) => void,
  details: PermissionRequestDetails,
) => void;
export type PermissionCheckHandler = (
  webContents: unknown,
  permission: string,
  requestingOrigin: string,
  details: PermissionCheckDetails,
) => boolean;

class FakeSession {
  permissionRequestHandler: PermissionRequestHandler | null = null;
  permissionCheckHandler: PermissionCheckHandler | null = null;
  setPermissionRequestHandler(handler: PermissionRequestHandler | null): void {
    this.permissionRequestHandler = handler;
  }
  setPermissionCheckHandler(handler: PermissionCheckHandler | null): void {
    this.permissionCheckHandler = handler;
  }
  /** Resolves with what the request handler granted; denies when no handler is set, unlike Electron. */
  requestPermission(permission: string, details: Partial<PermissionRequestDetails>): Promise<boolean> {
    const handler = this.permissionRequestHandler;
    if (!handler) return Promise.resolve(false);
    return new Promise((resolve) =>
      handler(null, permission, resolve, { requestingUrl: '', isMainFrame: true, ...details }),
    );
  }
  checkPermission(permission: string, requestingOrigin: string, details: Partial<PermissionCheckDetails> = {}): boolean {
    return this.permissionCheckHandler?.(null, permission, requestingOrigin, { isMainFrame: true, ...details }) ?? false;
  }
  reset(): void {
    this.permissionRequestHandler = null;
    this.permissionCheckHandler = null;
  }
}
export const session = { defaultSession: new FakeSession() };

// ---------------------------------------------------------------------------------------------
// preload side: contextBridge and ipcRenderer

class FakeContextBridge {
  readonly exposed = new Map<string, unknown>();
  exposeInMainWorld(key: string, api: unknown): void {
    if (this.exposed.has(key)) throw new Error(`Cannot bind an API on top of an existing property on the window object: ${key}`);
    this.exposed.set(key, api);
  }
}
export const contextBridge = new FakeContextBridge();

class FakeIpcRenderer extends Emitter {
  readonly invocations: { channel: string; args: unknown[] }[] = [];
  /** What every invoke resolves to; a test sets it to check that replies pass through untouched. */
  reply: (channel: string, args: unknown[]) => unknown = () => ({ ok: true, value: null });
  invoke(channel: string, ...args: unknown[]): Promise<unknown> {
    this.invocations.push({ channel, args });
    return Promise.resolve(this.reply(channel, args));
  }
  send(channel: string, ...args: unknown[]): void {
    this.invocations.push({ channel, args });
  }
  removeListener(channel: string, listener: Listener): this {
    return this.off(channel, listener);
  }
  /** What a `webContents.send(channel, payload)` in the main process makes the preload receive. */
  receive(channel: string, payload: unknown): void {
    this.emit(channel, { sender: this, senderId: 0, ports: [] }, payload);
  }
}
export const ipcRenderer = new FakeIpcRenderer();

// ---------------------------------------------------------------------------------------------
// safeStorage, Notification, shell

export type StorageBackend = 'basic_text' | 'gnome_libsecret' | 'kwallet' | 'kwallet5' | 'kwallet6' | 'unknown';

/** Reversible but visibly not plain text, so a test can tell an encrypted blob from the secret. */
export class FakeSafeStorage {
  encryptionAvailable = true;
  backend: StorageBackend = 'gnome_libsecret';
  readonly encrypted: string[] = [];
  isEncryptionAvailable(): boolean {
    return this.encryptionAvailable;
  }
  getSelectedStorageBackend(): StorageBackend {
    return this.backend;
  }
  encryptString(plainText: string): Buffer {
    if (!this.encryptionAvailable) throw new Error('Encryption is not available.');
    this.encrypted.push(plainText);
    return Buffer.concat([Buffer.from('v11'), Buffer.from(plainText, 'utf8').map((byte) => byte ^ 0x5a)]);
  }
  decryptString(encrypted: Buffer): string {
    if (encrypted.subarray(0, 3).toString() !== 'v11') throw new Error('Error while decrypting the ciphertext provided to safeStorage.decryptString.');
    return Buffer.from(encrypted.subarray(3).map((byte) => byte ^ 0x5a)).toString('utf8');
  }
  setUsePlainTextEncryption(_usePlainText: boolean): void {}
  reset(): void {
    this.encryptionAvailable = true;
    this.backend = 'gnome_libsecret';
    this.encrypted.length = 0;
  }
}
export const safeStorage = new FakeSafeStorage();

export type FakeNotificationOptions = {
  title?: string;
  body?: string;
  silent?: boolean;
  urgency?: 'normal' | 'critical' | 'low';
  timeoutType?: 'default' | 'never';
  actions?: { type: 'button' | 'selection'; text?: string }[];
};

export class Notification extends Emitter {
  static supported = true;
  static instances: Notification[] = [];
  static isSupported(): boolean {
    return Notification.supported;
  }
  shown = false;
  closed = false;
  constructor(readonly options: FakeNotificationOptions = {}) {
    super();
    Notification.instances.push(this);
  }
  show(): void {
    this.shown = true;
  }
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.emit('close', new FakeEvent());
  }
  /** What the user's click on the notification would emit. */
  click(): void {
    this.emit('click', new FakeEvent());
  }
  /** A press of one of the notification's buttons (macOS), as Electron 41 reports it. */
  action(actionIndex: number): void {
    const details = Object.assign(new FakeEvent(), { actionIndex, selectionIndex: -1 });
    this.emit('action', details, actionIndex, -1);
  }
}

class FakeShell {
  readonly openedExternal: string[] = [];
  async openExternal(url: string): Promise<void> {
    this.openedExternal.push(url);
  }
}
export const shell = new FakeShell();

// ---------------------------------------------------------------------------------------------
// nativeImage, Tray, Menu

export class FakeNativeImage {
  readonly representations: { scaleFactor: number; buffer: Buffer }[] = [];
  constructor(buffer: Buffer, scaleFactor = 1) {
    this.representations.push({ scaleFactor, buffer });
  }
  addRepresentation(options: { scaleFactor?: number; buffer?: Buffer }): void {
    if (options.buffer) this.representations.push({ scaleFactor: options.scaleFactor ?? 1, buffer: options.buffer });
  }
  isEmpty(): boolean {
    return this.representations.length === 0;
  }
  toPNG(): Buffer {
    return this.representations[0]?.buffer ?? Buffer.alloc(0);
  }
}

export const nativeImage = {
  createFromBuffer(buffer: Buffer, options: { scaleFactor?: number } = {}): FakeNativeImage {
    return new FakeNativeImage(buffer, options.scaleFactor ?? 1);
  },
  createEmpty(): FakeNativeImage {
    const image = new FakeNativeImage(Buffer.alloc(0));
    image.representations.length = 0;
    return image;
  },
};

export type FakeMenuItemOptions = {
  id?: string;
  label?: string;
  type?: 'normal' | 'separator' | 'submenu' | 'checkbox' | 'radio';
  checked?: boolean;
  enabled?: boolean;
  click?: (menuItem: unknown, window: unknown, event: unknown) => void;
};

export class FakeMenu {
  constructor(readonly items: FakeMenuItemOptions[]) {}
  item(id: string): FakeMenuItemOptions {
    const found = this.items.find((item) => item.id === id);
    if (!found) throw new Error(`no menu item '${id}'`);
    return found;
  }
  /** What a click does in Electron: a disabled item does nothing; a radio item becomes checked first. */
  click(id: string): void {
    const item = this.item(id);
    if (item.enabled === false) return;
    if (item.type === 'radio') {
      for (const other of this.items) if (other.type === 'radio') other.checked = other === item;
    }
    item.click?.(item, undefined, {});
  }
}

export const Menu = {
  buildFromTemplate(template: FakeMenuItemOptions[]): FakeMenu {
    return new FakeMenu(template.map((item) => ({ ...item })));
  },
};

export class Tray extends Emitter {
  static instances: Tray[] = [];
  /** Set to make `new Tray()` throw, as it does on a Linux desktop without a status area. */
  static failToCreate = false;
  toolTip = '';
  contextMenu: FakeMenu | null = null;
  destroyed = false;
  constructor(public image: FakeNativeImage) {
    super();
    if (Tray.failToCreate) throw new Error('Failed to create tray icon');
    Tray.instances.push(this);
  }
  setImage(image: FakeNativeImage): void {
    this.image = image;
  }
  setToolTip(toolTip: string): void {
    this.toolTip = toolTip;
  }
  setContextMenu(menu: FakeMenu | null): void {
    this.contextMenu = menu;
  }
  destroy(): void {
    this.destroyed = true;
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
  click(): void {
    this.emit('click', new FakeEvent(), { x: 0, y: 0, width: 16, height: 16 }, { x: 0, y: 0 });
  }
}

// ---------------------------------------------------------------------------------------------
// globalShortcut and dialog

class FakeGlobalShortcut {
  readonly registered = new Map<string, () => void>();
  /** Accelerators another program holds: `register` answers false for them, as Electron does. */
  readonly heldByOthers = new Set<string>();
  /** Accelerators this OS cannot map to a key: Electron throws for them. */
  readonly unknownToOs = new Set<string>();
  register(accelerator: string, callback: () => void): boolean {
    if (this.unknownToOs.has(accelerator)) throw new Error(`Failed to convert accelerator '${accelerator}'`);
    if (this.heldByOthers.has(accelerator) || this.registered.has(accelerator)) return false;
    this.registered.set(accelerator, callback);
    return true;
  }
  unregister(accelerator: string): void {
    this.registered.delete(accelerator);
  }
  unregisterAll(): void {
    this.registered.clear();
  }
  isRegistered(accelerator: string): boolean {
    return this.registered.has(accelerator);
  }
  /** The user pressed the combination anywhere on the desktop. */
  press(accelerator: string): void {
    const callback = this.registered.get(accelerator);
    if (!callback) throw new Error(`'${accelerator}' is not registered`);
    callback();
  }
  reset(): void {
    this.registered.clear();
    this.heldByOthers.clear();
    this.unknownToOs.clear();
  }
}
export const globalShortcut = new FakeGlobalShortcut();

export type FakeMessageBoxOptions = {
  message: string;
  type?: string;
  buttons?: string[];
  defaultId?: number;
  cancelId?: number;
  title?: string;
  detail?: string;
  noLink?: boolean;
  signal?: AbortSignal;
};

class FakeDialog {
  readonly shown: FakeMessageBoxOptions[] = [];
  /** Which button the user presses; by default the Cancel button, as a user who closes the box would. */
  respond: (options: FakeMessageBoxOptions) => number | Promise<number> = (options) => options.cancelId ?? 0;
  async showMessageBox(
    windowOrOptions: BrowserWindow | FakeMessageBoxOptions,
    maybeOptions?: FakeMessageBoxOptions,
  ): Promise<{ response: number; checkboxChecked: boolean }> {
    const options = windowOrOptions instanceof BrowserWindow ? maybeOptions : windowOrOptions;
    if (!options) throw new Error('showMessageBox needs options');
    this.shown.push(options);
    return { response: await this.respond(options), checkboxChecked: false };
  }
  reset(): void {
    this.shown.length = 0;
    this.respond = (options) => options.cancelId ?? 0;
  }
}
export const dialog = new FakeDialog();

// ---------------------------------------------------------------------------------------------

export function resetFakeElectron(): void {
  ipcMain.handlers.clear();
  ipcMain.listeners.clear();
  BrowserWindow.instances = [];
  app.reset();
  protocol.reset();
  session.defaultSession.reset();
  contextBridge.exposed.clear();
  ipcRenderer.invocations.length = 0;
  ipcRenderer.listeners.clear();
  ipcRenderer.reply = () => ({ ok: true, value: null });
  safeStorage.reset();
  Notification.supported = true;
  Notification.instances = [];
  shell.openedExternal.length = 0;
  Tray.instances = [];
  Tray.failToCreate = false;
  globalShortcut.reset();
  dialog.reset();
}

/** What `require('electron')` gives; some bundlers reach for the default export. */
const fakeElectron = {
  app,
  BrowserWindow,
  contextBridge,
  dialog,
  globalShortcut,
  ipcMain,
  ipcRenderer,
  Menu,
  nativeImage,
  Notification,
  protocol,
  safeStorage,
  session,
  shell,
  Tray,
};
export default fakeElectron;
