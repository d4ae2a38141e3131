import { z } from 'zod';
import { LanguageSchema } from '../domain/i18n';
import { IPC_METHODS, ipcChannel, type IpcMethod } from './methods';

/**
 * The one contract between the renderer and the main process. The preload exposes exactly these
 * methods; the main process parses every request with `request` before its handler sees it; the
 * web bridge implements the same methods for the console running in a plain browser.
 */

export const AppInfoSchema = z.object({
  name: z.string(),
  version: z.string(),
  /** `desktop` inside Electron, `web` in a plain browser behind the web bridge. */
  mode: z.enum(['desktop', 'web']),
  platform: z.string(),
});
export type AppInfo = z.infer<typeof AppInfoSchema>;

export const SettingsSchema = z.object({
  /** Base URL of the hub, e.g. `http://127.0.0.1:8790`. Empty in web mode: same origin. */
  hubUrl: z.string().max(2048),
  language: LanguageSchema,
});
export type Settings = z.infer<typeof SettingsSchema>;

export const SettingsPatchSchema = SettingsSchema.partial().strict();
export type SettingsPatch = z.infer<typeof SettingsPatchSchema>;

/** Secrets never go to plain storage in the desktop app: the main process keeps them with safeStorage. */
export const SecretKeySchema = z.enum(['hubToken', 'sipPassword']);
export type SecretKey = z.infer<typeof SecretKeySchema>;

export const SecretProtectionSchema = z.enum([
  /** Encrypted by the OS secret store (Keychain, DPAPI, libsecret/kwallet). */
  'os-encrypted',
  /** Linux without a secret store: kept only in memory for this run; the user is told. */
  'memory-only',
  /** Web mode: the browser's session storage, gone when the tab closes. */
  'browser-session',
]);
export type SecretProtection = z.infer<typeof SecretProtectionSchema>;

export const NotificationRequestSchema = z
  .object({
    title: z.string().min(1).max(200),
    body: z.string().max(1000),
  })
  .strict();

const NoRequest = z.undefined();

export const ipcContract = {
  getAppInfo: { request: NoRequest, response: AppInfoSchema },
  getSettings: { request: NoRequest, response: SettingsSchema },
  updateSettings: { request: SettingsPatchSchema, response: SettingsSchema },
  getSecret: {
    request: z.object({ key: SecretKeySchema }).strict(),
    response: z.object({ value: z.string().nullable() }),
  },
  setSecret: {
    request: z.object({ key: SecretKeySchema, value: z.string().min(1).max(8192) }).strict(),
    response: z.object({ protection: SecretProtectionSchema }),
  },
  deleteSecret: {
    request: z.object({ key: SecretKeySchema }).strict(),
    response: z.object({ deleted: z.boolean() }),
  },
  showNotification: {
    request: NotificationRequestSchema,
    response: z.object({ shown: z.boolean() }),
  },
} as const satisfies Record<IpcMethod, { request: z.ZodType; response: z.ZodType }>;

export type IpcContract = typeof ipcContract;
export type IpcRequest<M extends IpcMethod> = z.input<IpcContract[M]['request']>;
export type IpcResponse<M extends IpcMethod> = z.output<IpcContract[M]['response']>;

export const IPC_ERROR_CODES = [
  /** The request did not parse against the contract. */
  'invalid_request',
  /** The call came from a frame that is not the console's own. */
  'forbidden_sender',
  /** The handler threw; the message says why. */
  'failed',
] as const;
export type IpcErrorCode = (typeof IPC_ERROR_CODES)[number];

/** Replies cross the bridge as values, never as thrown errors, so the renderer sees the code. */
export type IpcResult<T> = { ok: true; value: T } | { ok: false; error: { code: IpcErrorCode; message: string } };

/** What `window.api` is, in the desktop app and (through the web bridge) in a browser. */
export type ConsoleApi = {
  [M in IpcMethod]: (
    ...args: IpcRequest<M> extends undefined ? [] : [request: IpcRequest<M>]
  ) => Promise<IpcResult<IpcResponse<M>>>;
};

export { IPC_METHODS, ipcChannel, type IpcMethod };

// Compile-time proof that the method list and the contract have the same members.
type _SameKeys = [IpcMethod] extends [keyof IpcContract]
  ? [keyof IpcContract] extends [IpcMethod]
    ? true
    : never
  : never;
const _sameKeys: _SameKeys = true;
void _sameKeys;
