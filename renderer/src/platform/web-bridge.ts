import type { z } from 'zod';
import {
  AudioDeviceSettingsSchema,
  DEFAULT_HOTKEYS,
  HOTKEY_ACTIONS,
  IPC_METHODS,
  ipcContract,
  SettingsSchema,
  type AudioDeviceSettings,
  type ConsoleApi,
  type ConsoleEvent,
  type Hotkeys,
  type IpcContract,
  type IpcMethod,
  type IpcResponse,
  type IpcResult,
  type SecretKey,
  type Settings,
} from '../../../shared/ipc/contract';
import { DEFAULT_LANGUAGE } from '../../../shared/domain/i18n';
import { parseDialLink, truncateLink } from '../../../shared/desktop/dial-link';
import { createLogger } from '../logger';

const log = createLogger('platform/web-bridge');

/** The slice of the Web Storage API the bridge uses, so tests can hand in a plain map. */
export type KeyValueStorage = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

/** The browser's Notification API behind a seam: it does not exist in Node and needs a permission. */
export interface WebNotifications {
  permission(): NotificationPermission;
  requestPermission(): Promise<NotificationPermission>;
  show(title: string, body: string): void;
  /**
   * A notification that stays until the agent acts on it (`requireInteraction`); one per `tag`, so
   * showing a tag again replaces it. Returns how to close it.
   */
  showSticky(options: { tag: string; title: string; body: string; onClick: () => void }): () => void;
}

/** The tab the console runs in: whether the agent can see it, and its address. */
export interface WebPage {
  isHidden(): boolean;
  /** Brings the tab forward as far as the browser lets a page (only from a notification's click). */
  focus(): void;
  url(): string;
  /** Rewrites the address without a reload or a history entry. */
  replaceUrl(url: string): void;
}

export interface WebBridgeEnv {
  /** Settings outlive the tab, like the desktop app's settings file. */
  localStorage: KeyValueStorage;
  /** Secrets must not outlive the tab: a shared browser is common on a call-center floor. */
  sessionStorage: KeyValueStorage;
  notifications: WebNotifications | null;
  /** Absent in tests that need no page: always visible, no address to read a link from. */
  page?: WebPage;
  appName: string;
  appVersion: string;
  platform: string;
}

const SETTINGS_KEY = 'callcenter-console.settings';
/** Set once this browser was asked to send `tel:` links here (it may still have said no: it does not tell). */
const TEL_HANDLER_KEY = 'callcenter-console.telHandler';
const secretStorageKey = (key: SecretKey): string => `callcenter-console.secret.${key}`;

/** The query parameter a `tel:` link arrives in (see `registerWebTelHandler`). */
export const DIAL_PARAM = 'dial';

const NO_DEVICES: AudioDeviceSettings = { microphoneId: null, speakerId: null, ringerId: null };

/**
 * Web mode: the hub served this page, so its API is on the same origin. The desktop-only switches
 * are off: a browser can neither start with the computer nor raise its tab over other programs.
 */
export const WEB_DEFAULT_SETTINGS: Settings = {
  hubUrl: '',
  language: DEFAULT_LANGUAGE,
  audio: NO_DEVICES,
  hotkeys: DEFAULT_HOTKEYS,
  launchAtLogin: false,
  bringToFrontOnRing: false,
};

type Handlers = {
  [M in IpcMethod]: (request: z.output<IpcContract[M]['request']>) => Promise<IpcResponse<M>>;
};

/**
 * The console's `ConsoleApi` for a plain browser. Requests are parsed with the same contract
 * schemas the main process uses, so a caller that passes a bad request gets the same
 * `invalid_request` in both modes instead of passing in one and failing in the other.
 */
export function createWebBridge(env: WebBridgeEnv): ConsoleApi {
  const readSettings = (): Settings => salvageSettings(parseJson(env.localStorage.getItem(SETTINGS_KEY)));

  const events = createEventQueue();
  // A `tel:` link the browser handed to this page (`?dial=…`), told once the renderer listens.
  const fromUrl = env.page ? dialEventOfUrl(env.page.url()) : null;
  if (fromUrl) events.hold(fromUrl);

  /** Ringing calls' notifications by call id, to close when the call is answered or ends. */
  const incoming = new Map<string, () => void>();

  async function notificationsAllowed(): Promise<WebNotifications | null> {
    const notifications = env.notifications;
    if (!notifications) return null;
    let permission = notifications.permission();
    if (permission === 'default') permission = await notifications.requestPermission();
    return permission === 'granted' ? notifications : null;
  }

  const handlers: Handlers = {
    getAppInfo: async () => ({
      name: env.appName,
      version: env.appVersion,
      mode: 'web',
      platform: env.platform,
    }),
    getSettings: async () => readSettings(),
    updateSettings: async (patch) => {
      const next: Settings = { ...readSettings(), ...stripUndefined(patch) };
      env.localStorage.setItem(SETTINGS_KEY, JSON.stringify(next));
      return next;
    },
    getSecret: async ({ key }) => ({ value: env.sessionStorage.getItem(secretStorageKey(key)) }),
    setSecret: async ({ key, value }) => {
      env.sessionStorage.setItem(secretStorageKey(key), value);
      return { protection: 'browser-session' };
    },
    deleteSecret: async ({ key }) => {
      const existed = env.sessionStorage.getItem(secretStorageKey(key)) !== null;
      env.sessionStorage.removeItem(secretStorageKey(key));
      return { deleted: existed };
    },
    showNotification: async ({ title, body }) => {
      const notifications = await notificationsAllowed();
      if (!notifications) return { shown: false };
      notifications.show(title, body);
      return { shown: true };
    },
    getDesktopStatus: async () => {
      const { hotkeys } = readSettings();
      const status = (action: keyof Hotkeys) => ({
        accelerator: hotkeys[action],
        status: hotkeys[action] === '' ? ('off' as const) : ('unsupported' as const),
      });
      return {
        hotkeys: { answer: status('answer'), hangUp: status('hangUp'), hold: status('hold'), mute: status('mute') },
        launchAtLogin: 'unsupported',
        secretProtection: 'browser-session',
        // A browser takes `tel:` links only; the app's own scheme needs the desktop app.
        linkHandlers: { tel: env.localStorage.getItem(TEL_HANDLER_KEY) === '1', app: false },
      };
    },
    // A tab has no tray: the header shows the state already.
    setPresence: async () => ({ shown: false }),
    showIncomingCall: async ({ callId, caller, detail }) => {
      // In sight, the page rings and shows the call itself; a notification would only repeat it.
      if (!env.page?.isHidden()) return { shown: false, broughtToFront: false };
      const notifications = await notificationsAllowed();
      if (!notifications) return { shown: false, broughtToFront: false };
      const close = notifications.showSticky({
        tag: `incoming-call:${callId}`,
        title: caller,
        body: detail,
        onClick: () => {
          env.page?.focus();
          incoming.get(callId)?.();
          incoming.delete(callId);
          events.emit({ type: 'incomingCall', callId, action: 'show' });
        },
      });
      incoming.set(callId, close);
      // A page may not raise its own tab; only the agent's click on the notification does.
      return { shown: true, broughtToFront: false };
    },
    dismissIncomingCall: async ({ callId }) => {
      const close = incoming.get(callId);
      incoming.delete(callId);
      close?.();
      return { dismissed: close !== undefined };
    },
    eventsReady: async () => {
      const delivered = events.ready();
      // Handed over: a reload must not dial the number again.
      if (fromUrl && env.page) env.page.replaceUrl(withoutDialParam(env.page.url()));
      return { delivered };
    },
  };

  const api: Partial<Record<IpcMethod, (request?: unknown) => Promise<IpcResult<unknown>>>> = {};
  for (const method of IPC_METHODS) {
    const handler = handlers[method] as (request: unknown) => Promise<unknown>;
    api[method] = async (request?: unknown) => {
      const parsed = ipcContract[method].request.safeParse(request);
      if (!parsed.success) {
        return {
          ok: false,
          error: { code: 'invalid_request', message: `${method}: ${describeIssues(parsed.error.issues)}` },
        };
      }
      try {
        return { ok: true, value: await handler(parsed.data) };
      } catch (error) {
        return { ok: false, error: { code: 'failed', message: `${method}: ${errorMessage(error)}` } };
      }
    };
  }
  return { ...(api as Omit<ConsoleApi, 'onEvent'>), onEvent: events.listen };
}

/**
 * Asks the browser to send `tel:` links to this console (`/?dial=tel:…`). Browsers show their own
 * prompt and never say what the agent answered, so "registered" means "asked" here.
 */
export function registerWebTelHandler(
  storage: KeyValueStorage,
  register: (scheme: string, url: string) => void,
  origin: string,
): boolean {
  try {
    register('tel', `${origin}/?${DIAL_PARAM}=%s`);
    storage.setItem(TEL_HANDLER_KEY, '1');
    return true;
  } catch (error) {
    log.warn('the browser refused to register the console for tel: links', error);
    return false;
  }
}

/**
 * Field by field, and inside the audio devices and hotkeys key by key: one bad value (a language
 * this build dropped, a hotkey a newer build allowed) must not reset the others.
 */
export function salvageSettings(stored: unknown): Settings {
  if (typeof stored !== 'object' || stored === null || Array.isArray(stored)) return structuredClone(WEB_DEFAULT_SETTINGS);
  const record = stored as Record<string, unknown>;
  const field = <K extends keyof Settings>(key: K): Settings[K] => {
    const parsed = SettingsSchema.shape[key].safeParse(record[key]);
    return parsed.success ? (parsed.data as Settings[K]) : structuredClone(WEB_DEFAULT_SETTINGS[key]);
  };
  const nested = (key: 'audio' | 'hotkeys'): Record<string, unknown> => {
    const value = record[key];
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
  };
  const storedAudio = nested('audio');
  const audio = Object.fromEntries(
    Object.entries(AudioDeviceSettingsSchema.shape).map(([key, schema]) => {
      const parsed = schema.safeParse(storedAudio[key]);
      return [key, parsed.success ? parsed.data : null];
    }),
  ) as AudioDeviceSettings;
  const storedHotkeys = nested('hotkeys');
  const hotkeys = Object.fromEntries(
    HOTKEY_ACTIONS.map((action) => {
      const parsed = SettingsSchema.shape.hotkeys.shape[action].safeParse(storedHotkeys[action]);
      return [action, parsed.success ? parsed.data : DEFAULT_HOTKEYS[action]];
    }),
  ) as Hotkeys;
  return {
    hubUrl: field('hubUrl'),
    language: field('language'),
    audio,
    hotkeys,
    launchAtLogin: field('launchAtLogin'),
    bringToFrontOnRing: field('bringToFrontOnRing'),
  };
}

/** The `dial` or `linkRefused` event of a page address that carries `?dial=`; null without one. */
export function dialEventOfUrl(href: string): ConsoleEvent | null {
  let raw: string | null;
  try {
    raw = new URL(href).searchParams.get(DIAL_PARAM);
  } catch {
    return null;
  }
  if (raw === null) return null;
  // A bare number (`?dial=13800138000`, typed or from a bookmark) is read as the tel: link it stands for.
  const link = /^[a-z][a-z0-9+.-]*:/i.test(raw.trim()) ? raw.trim() : `tel:${raw.trim()}`;
  const parsed = parseDialLink(link);
  if (parsed.ok) return { type: 'dial', number: parsed.number, source: parsed.source };
  return { type: 'linkRefused', link: truncateLink(raw), reason: parsed.reason };
}

function withoutDialParam(href: string): string {
  const url = new URL(href);
  url.searchParams.delete(DIAL_PARAM);
  return url.toString();
}

/**
 * The page's side of the one event channel: events wait until the renderer says it listens (as the
 * main process holds a link that started the app), then go to every listener as they come.
 */
function createEventQueue() {
  const listeners = new Set<(event: unknown) => void>();
  const held: ConsoleEvent[] = [];
  let listening = false;

  const deliver = (event: ConsoleEvent) => {
    for (const listener of [...listeners]) {
      try {
        listener(event);
      } catch (error) {
        log.error(`a listener of ${event.type} failed`, error);
      }
    }
  };

  return {
    hold: (event: ConsoleEvent) => void held.push(event),
    emit: (event: ConsoleEvent) => (listening ? deliver(event) : void held.push(event)),
    ready: (): number => {
      listening = true;
      const waiting = held.splice(0);
      for (const event of waiting) deliver(event);
      return waiting.length;
    },
    listen: (listener: (event: unknown) => void): (() => void) => {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
  };
}

/** A Storage that lives as long as the page: the fallback when the browser refuses Web Storage. */
export function createMemoryStorage(): KeyValueStorage {
  const values = new Map<string, string>();
  return {
    getItem: (key) => values.get(key) ?? null,
    setItem: (key, value) => void values.set(key, String(value)),
    removeItem: (key) => void values.delete(key),
  };
}

/** As the main process words a refusal (`hotkeys.answer: …`): each failing field named, so the settings page can mark it. */
function describeIssues(issues: readonly z.core.$ZodIssue[]): string {
  return issues
    .map((issue) => {
      const path = issue.path.map(String).join('.');
      return path === '' ? issue.message : `${path}: ${issue.message}`;
    })
    .join('; ');
}

function parseJson(text: string | null): unknown {
  if (text === null) return null;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return null;
  }
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
