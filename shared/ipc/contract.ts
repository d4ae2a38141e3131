import { z } from 'zod';
import { LanguageSchema } from '../domain/i18n';
import { checkAccelerator } from '../desktop/accelerator';
import { AGENT_STATES } from '../telephony/agent-state';
import { HOTKEY_ACTIONS, IPC_EVENT_CHANNEL, IPC_METHODS, ipcChannel, type HotkeyAction, type IpcMethod } from './methods';

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

/** An Electron accelerator, or '' for "no global hotkey for this action". */
export const AcceleratorSchema = z
  .string()
  .max(64)
  .refine((text) => text === '' || checkAccelerator(text).ok, { message: 'not a valid key combination' });

export const HotkeysSchema = z.object({
  answer: AcceleratorSchema,
  hangUp: AcceleratorSchema,
  hold: AcceleratorSchema,
  mute: AcceleratorSchema,
}) satisfies z.ZodType<Record<HotkeyAction, string>>;
export type Hotkeys = z.infer<typeof HotkeysSchema>;

/** The same keys as the in-window shortcuts, so one habit works in and out of the console. */
export const DEFAULT_HOTKEYS: Hotkeys = {
  answer: 'Ctrl+Alt+Enter',
  hangUp: 'Ctrl+Alt+H',
  hold: 'Ctrl+Alt+P',
  mute: 'Ctrl+Alt+M',
};

const DeviceIdSchema = z.string().min(1).max(512).nullable();

/** null = the system default device. */
export const AudioDeviceSettingsSchema = z.object({
  microphoneId: DeviceIdSchema,
  speakerId: DeviceIdSchema,
  ringerId: DeviceIdSchema,
});
export type AudioDeviceSettings = z.infer<typeof AudioDeviceSettingsSchema>;

export const SettingsSchema = z.object({
  /** Base URL of the hub, e.g. `http://127.0.0.1:8790`. Empty in web mode: same origin. */
  hubUrl: z.string().max(2048),
  language: LanguageSchema,
  audio: AudioDeviceSettingsSchema,
  hotkeys: HotkeysSchema,
  /** Start the console when the user logs in to the computer (desktop only). */
  launchAtLogin: z.boolean(),
  /** Raise the window over other programs when a call rings (desktop only). */
  bringToFrontOnRing: z.boolean(),
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

export const HotkeyActionSchema = z.enum(HOTKEY_ACTIONS);

export const HotkeyStatusSchema = z.object({
  accelerator: z.string(),
  /**
   * `registered`: works system-wide. `off`: no key set. `conflict`: another program holds the
   * combination. `invalid`: the settings hold a combination the OS refused. `unsupported`: web mode.
   */
  status: z.enum(['registered', 'off', 'conflict', 'invalid', 'unsupported']),
});
export type HotkeyStatus = z.infer<typeof HotkeyStatusSchema>;

export const DesktopStatusSchema = z.object({
  hotkeys: z.object({
    answer: HotkeyStatusSchema,
    hangUp: HotkeyStatusSchema,
    hold: HotkeyStatusSchema,
    mute: HotkeyStatusSchema,
  }),
  launchAtLogin: z.enum(['applied', 'failed', 'unsupported']),
  /** How a secret saved now would be kept: the settings page warns about `memory-only`. */
  secretProtection: SecretProtectionSchema,
  /** Whether the OS sends `tel:` and `callcenter:` links to this app. */
  linkHandlers: z.object({ tel: z.boolean(), app: z.boolean() }),
});
export type DesktopStatus = z.infer<typeof DesktopStatusSchema>;

/** What the tray shows: the agent's state (colour and tooltip) and whether quitting needs asking. */
export const PresenceSchema = z
  .object({
    state: z.enum(AGENT_STATES),
    /** The not-ready reason's label as the agent sees it, e.g. 小休. */
    reason: z.string().max(100).nullable(),
    /** Agent's display name, for the tooltip; null before login. */
    agentName: z.string().max(100).nullable(),
    /** A call is up (ringing, dialling, talking or held): quitting asks first. */
    inCall: z.boolean(),
  })
  .strict();
export type Presence = z.infer<typeof PresenceSchema>;

export const IncomingCallSchema = z
  .object({
    callId: z.string().min(1).max(200),
    /** Who is calling as the screen pop knows them: a customer's name, else the number. */
    caller: z.string().min(1).max(200),
    /** A second line: the number when a name is shown, the VIP tier, the queue. */
    detail: z.string().max(200),
  })
  .strict();
export type IncomingCall = z.infer<typeof IncomingCallSchema>;

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
  getDesktopStatus: { request: NoRequest, response: DesktopStatusSchema },
  setPresence: { request: PresenceSchema, response: z.object({ shown: z.boolean() }) },
  showIncomingCall: {
    request: IncomingCallSchema,
    response: z.object({ shown: z.boolean(), broughtToFront: z.boolean() }),
  },
  dismissIncomingCall: {
    request: z.object({ callId: z.string().min(1).max(200) }).strict(),
    response: z.object({ dismissed: z.boolean() }),
  },
  /**
   * The renderer listens: events the main process held back (a `tel:` link that started the app
   * before the page loaded) are sent now. Returns how many were.
   */
  eventsReady: { request: NoRequest, response: z.object({ delivered: z.number().int().nonnegative() }) },
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

/**
 * What the main process tells the renderer, on the one channel `IPC_EVENT_CHANNEL`. The renderer
 * parses every event with this schema: the preload stays without zod and forwards the value as is.
 */
export const DIAL_NUMBER_MAX = 40;
export const ConsoleEventSchema = z.discriminatedUnion('type', [
  /** A `tel:` or `callcenter://dial/` link was opened; the number is already checked and trimmed. */
  z.object({ type: z.literal('dial'), number: z.string().min(1).max(DIAL_NUMBER_MAX), source: z.enum(['tel', 'app-link']) }),
  /** A link came in that is not a number to dial; the reason is for the agent. */
  z.object({ type: z.literal('linkRefused'), link: z.string().max(200), reason: z.enum(['malformed', 'unsupported', 'not_a_number']) }),
  /** A system-wide hotkey was pressed. */
  z.object({ type: z.literal('hotkey'), action: HotkeyActionSchema }),
  /** The agent acted on the incoming-call notification. */
  z.object({ type: z.literal('incomingCall'), callId: z.string().min(1).max(200), action: z.enum(['answer', 'reject', 'show']) }),
  /** The agent picked a state in the tray menu. */
  z.object({ type: z.literal('presenceRequested'), state: z.enum(['ready', 'not_ready']) }),
]);
export type ConsoleEvent = z.infer<typeof ConsoleEventSchema>;

/** What `window.api` is, in the desktop app and (through the web bridge) in a browser. */
export type ConsoleApi = {
  [M in IpcMethod]: (
    ...args: IpcRequest<M> extends undefined ? [] : [request: IpcRequest<M>]
  ) => Promise<IpcResult<IpcResponse<M>>>;
} & {
  /**
   * Listens to the main process's events; returns the unsubscribe. The value is unchecked here
   * (the preload has no zod): parse it with `ConsoleEventSchema`.
   */
  onEvent(listener: (event: unknown) => void): () => void;
};

export { HOTKEY_ACTIONS, IPC_EVENT_CHANNEL, IPC_METHODS, ipcChannel, type HotkeyAction, type IpcMethod };

// Compile-time proof that the method list and the contract have the same members.
type _SameKeys = [IpcMethod] extends [keyof IpcContract]
  ? [keyof IpcContract] extends [IpcMethod]
    ? true
    : never
  : never;
const _sameKeys: _SameKeys = true;
void _sameKeys;
