import type { ConsoleApi } from '../../../shared/ipc/contract';
import type { HubClient } from '../services/hub';
import type { PushClient, PushClientOptions } from '../services/push';
import type { AppDb } from '../services/local-db/app-db';
import type { StorageManagerLike } from '../services/local-db/storage';
import type { SipPhone } from '../services/sip/phone-types';
import type { CreateTusUpload, RecorderMediaDeps } from '../services/recording';

/** Time and timers behind a seam, so wrap-up limits and report retries run on a test's clock. */
export interface Clock {
  now(): number;
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
  setInterval(callback: () => void, ms: number): unknown;
  clearInterval(handle: unknown): void;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  setTimeout: (callback, ms) => globalThis.setTimeout(callback, ms),
  clearTimeout: (handle) => globalThis.clearTimeout(handle as ReturnType<typeof globalThis.setTimeout>),
  setInterval: (callback, ms) => globalThis.setInterval(callback, ms),
  clearInterval: (handle) => globalThis.clearInterval(handle as ReturnType<typeof globalThis.setInterval>),
};

export interface AudioDeviceOption {
  kind: 'audioinput' | 'audiooutput';
  deviceId: string;
  /** Empty until the page may use the microphone: browsers hide device names before that. */
  label: string;
}

/** `navigator.mediaDevices` as far as the device pickers need it. */
export interface MediaDeviceService {
  list(): Promise<AudioDeviceOption[]>;
  /** Calls back when a headset is plugged in or out. */
  subscribe(onChange: () => void): () => void;
}

/** Texts the store composes itself (the ringing-call notification); the app passes i18next's `t`. */
export type Translate = (key: string, values?: Record<string, string | number>) => string;

/**
 * The store's side effects, handed in at start-up: the app passes the real bridge and hub client,
 * tests pass fakes, and the store never reaches for `window` or the network by itself.
 */
export interface StoreDeps {
  bridge: ConsoleApi;
  createHubClient(baseUrl: string): HubClient;
  /** One phone per login; the store starts it after login and stops it at logout. */
  createSipPhone(): SipPhone;
  /**
   * One push connection per login (the hub's events); the store passes its clock and logger, the
   * app the network. Absent (tests of other slices): no push, and the bell loads when asked.
   */
  createPushClient?(options: Omit<PushClientOptions, 'fetch'>): PushClient;
  mediaDevices: MediaDeviceService;
  /** The user's own IndexedDB database (not opened yet): call logs, outbox, drafts, caches. */
  openAppDb(userId: string): AppDb;
  /** `navigator.storage`, to ask for persistence and show usage; absent where the browser has none. */
  storage?: StorageManagerLike;
  translate: Translate;
  /**
   * Brings the phone into view (the Phone pane; the worklist for callback staff): a link was
   * dialled, a notification clicked. Absent in tests that do not look at panes.
   */
  showPhonePane?(): void;
  /** Web mode: asks the browser to send `tel:` links to the console. Absent where that cannot be done. */
  registerTelHandler?(): boolean;
  /**
   * Call recording (issue 9): Web Audio and MediaRecorder, tus uploads, and fetch for the analysis.
   * Absent (tests of other slices, a browser without MediaRecorder): calls are not recorded.
   */
  recording?: RecordingStoreDeps;
  /** Defaults to the system clock. */
  clock?: Clock;
  /** [0, 1), for retry jitter; defaults to Math.random. */
  random?: () => number;
}

export interface RecordingStoreDeps {
  media: RecorderMediaDeps;
  createUpload: CreateTusUpload;
  fetch: typeof fetch;
}

let deps: StoreDeps | null = null;

export function configureStoreDeps(next: StoreDeps): void {
  deps = next;
}

export function getStoreDeps(): StoreDeps {
  if (!deps) throw new Error('configureStoreDeps() must run before the store performs I/O.');
  return deps;
}

export const clockOf = (d: StoreDeps): Clock => d.clock ?? systemClock;
export const randomOf = (d: StoreDeps): (() => number) => d.random ?? Math.random;
