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
    return false;
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
  focus(): void {
    this.focused = true;
  }
  restore(): void {
    this.minimized = false;
  }
  minimize(): void {
    this.minimized = true;
  }
  isMinimized(): boolean {
    return this.minimized;
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
  close(): void {
    this.destroyed = true;
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
  quit(): void {
    this.quitCalls += 1;
  }
  exit(code = 0): void {
    this.exitCodes.push(code);
  }
  reset(): void {
    this.listeners.clear();
    this.isPackaged = false;
    this.paths = new Map([['userData', '/nonexistent/fake-user-data']]);
    this.sandboxEnabled = false;
    this.hasSingleInstanceLock = true;
    this.quitCalls = 0;
    this.exitCodes = [];
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

export class Notification extends Emitter {
  static supported = true;
  static instances: Notification[] = [];
  static isSupported(): boolean {
    return Notification.supported;
  }
  shown = false;
  constructor(readonly options: { title?: string; body?: string } = {}) {
    super();
    Notification.instances.push(this);
  }
  show(): void {
    this.shown = true;
  }
  close(): void {
    this.emit('close', new FakeEvent());
  }
  /** What the user's click on the notification would emit. */
  click(): void {
    this.emit('click', new FakeEvent());
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
}

/** What `require('electron')` gives; some bundlers reach for the default export. */
const fakeElectron = {
  app,
  BrowserWindow,
  contextBridge,
  ipcMain,
  ipcRenderer,
  Notification,
  protocol,
  safeStorage,
  session,
  shell,
};
export default fakeElectron;
