import { z } from 'zod';
import {
  IPC_METHODS,
  ipcContract,
  SettingsSchema,
  type ConsoleApi,
  type IpcContract,
  type IpcMethod,
  type IpcResponse,
  type IpcResult,
  type SecretKey,
  type Settings,
} from '../../../shared/ipc/contract';
import { DEFAULT_LANGUAGE } from '../../../shared/domain/i18n';

/** The slice of the Web Storage API the bridge uses, so tests can hand in a plain map. */
export type KeyValueStorage = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

/** The browser's Notification API behind a seam: it does not exist in Node and needs a permission. */
export interface WebNotifications {
  permission(): NotificationPermission;
  requestPermission(): Promise<NotificationPermission>;
  show(title: string, body: string): void;
}

export interface WebBridgeEnv {
  /** Settings outlive the tab, like the desktop app's settings file. */
  localStorage: KeyValueStorage;
  /** Secrets must not outlive the tab: a shared browser is common on a call-center floor. */
  sessionStorage: KeyValueStorage;
  notifications: WebNotifications | null;
  appName: string;
  appVersion: string;
  platform: string;
}

const SETTINGS_KEY = 'callcenter-console.settings';
const secretStorageKey = (key: SecretKey): string => `callcenter-console.secret.${key}`;

/** Web mode: the hub served this page, so its API is on the same origin. */
const DEFAULT_SETTINGS: Settings = { hubUrl: '', language: DEFAULT_LANGUAGE };

type Handlers = {
  [M in IpcMethod]: (request: z.output<IpcContract[M]['request']>) => Promise<IpcResponse<M>>;
};

/**
 * The console's `ConsoleApi` for a plain browser. Requests are parsed with the same contract
 * schemas the main process uses, so a caller that passes a bad request gets the same
 * `invalid_request` in both modes instead of passing in one and failing in the other.
 */
export function createWebBridge(env: WebBridgeEnv): ConsoleApi {
  const readSettings = (): Settings => {
    const stored = parseJson(env.localStorage.getItem(SETTINGS_KEY));
    if (typeof stored !== 'object' || stored === null) return { ...DEFAULT_SETTINGS };
    // Field by field: one bad value (say, a language this build dropped) must not reset the other.
    const record = stored as Record<string, unknown>;
    const hubUrl = SettingsSchema.shape.hubUrl.safeParse(record.hubUrl);
    const language = SettingsSchema.shape.language.safeParse(record.language);
    return {
      hubUrl: hubUrl.success ? hubUrl.data : DEFAULT_SETTINGS.hubUrl,
      language: language.success ? language.data : DEFAULT_SETTINGS.language,
    };
  };

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
      const notifications = env.notifications;
      if (!notifications) return { shown: false };
      let permission = notifications.permission();
      if (permission === 'default') permission = await notifications.requestPermission();
      if (permission !== 'granted') return { shown: false };
      notifications.show(title, body);
      return { shown: true };
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
          error: { code: 'invalid_request', message: `${method}: ${z.prettifyError(parsed.error)}` },
        };
      }
      try {
        return { ok: true, value: await handler(parsed.data) };
      } catch (error) {
        return { ok: false, error: { code: 'failed', message: `${method}: ${errorMessage(error)}` } };
      }
    };
  }
  return api as ConsoleApi;
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
