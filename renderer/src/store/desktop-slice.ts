import type { StateCreator } from 'zustand';
import type { DesktopStatus, IpcErrorCode, Settings, SettingsPatch } from '../../../shared/ipc/contract';
import { createLogger } from '../logger';
import { BridgeError, unwrap } from '../platform/ipc-result';
import type { ConsoleStore } from './console-store-types';
import { createDesktopController, type DesktopController } from './desktop-controller';
import { getStoreDeps } from './store-deps';

const log = createLogger('store/desktop');

/** Something a link, a hotkey or the tray needs to tell the agent: `key` is the text, shown as a passing message. */
export interface DesktopNotice {
  /** Rises with every notice, so the same words twice still show twice. */
  seq: number;
  tone: 'error' | 'warning' | 'info';
  key: DesktopNoticeKey;
  values: Record<string, string>;
}

export const DESKTOP_NOTICE_KEYS = [
  'desktop.linkRefused.malformed',
  'desktop.linkRefused.unsupported',
  'desktop.linkRefused.not_a_number',
  'desktop.dial.busy',
  'desktop.dial.afterLogin',
  'desktop.dial.prefilled',
  'desktop.dial.phoneNotReady',
  'desktop.dial.noPhone',
  'desktop.dial.invalid',
] as const;
export type DesktopNoticeKey = (typeof DESKTOP_NOTICE_KEYS)[number];

export interface DesktopSliceState {
  desktop: {
    /** The settings as last read or saved; null until start-up read them. */
    settings: Settings | null;
    /** What the platform made of them (hotkeys, start at login, secret protection, link handlers); null until asked. */
    status: DesktopStatus | null;
    /** A number for the dial pad to take (a link that could not be dialled at once). */
    dialPrefill: { number: string; seq: number } | null;
    notice: DesktopNotice | null;
  };
}

/** A save refused by the platform: `fields` are the settings it named (`hotkeys.answer`), so the page can mark them. */
export interface SettingsSaveError {
  code: IpcErrorCode | 'unexpected';
  message: string;
  fields: string[];
}

export type SettingsSaveResult = { ok: true; settings: Settings } | { ok: false; error: SettingsSaveError };

export interface DesktopSliceActions {
  /** Start-up: the settings read before the first paint; the audio devices go to the phone's choice. */
  initSettings(settings: Settings): void;
  /** Once per window: listens to the platform's events (links, hotkeys, tray, notification clicks) and reports back. */
  startDesktop(): Promise<void>;
  stopDesktop(): void;
  refreshDesktopStatus(): Promise<void>;
  /**
   * Writes a change; the status is read again, since the platform applies hotkeys and start at login
   * as it saves. A new hub URL signs the user out first: the session belongs to the old hub.
   */
  saveSettings(patch: SettingsPatch): Promise<SettingsSaveResult>;
  /** Whether this console can ask to be the handler of `tel:` links (a browser that offers it). */
  canRegisterTelHandler(): boolean;
  /** Web mode: asks the browser to send `tel:` links here. False where that cannot be done. */
  registerTelHandler(): Promise<boolean>;
  /** The dial pad took the number. */
  takeDialPrefill(seq: number): void;
  /** The message was shown. */
  takeDesktopNotice(seq: number): void;
}

export type DesktopSlice = DesktopSliceState & DesktopSliceActions;

export const initialDesktopState = (): DesktopSliceState => ({
  desktop: { settings: null, status: null, dialPrefill: null, notice: null },
});

const SETTING_KEYS = new Set(['hubUrl', 'language', 'audio', 'hotkeys', 'launchAtLogin', 'bringToFrontOnRing']);

/** The settings a refusal names: both bridges word it `path: reason; path: reason`. */
export function refusedSettingFields(message: string): string[] {
  const fields = new Set<string>();
  for (const match of message.matchAll(/(?<=^|;\s*|:\s)([A-Za-z]+(?:\.[A-Za-z]+)*):\s/g)) {
    const path = match[1]!;
    if (SETTING_KEYS.has(path.split('.')[0]!)) fields.add(path);
  }
  return [...fields];
}

export const createDesktopSlice: StateCreator<ConsoleStore, [], [], DesktopSlice> = (set, get, api) => {
  let controller: DesktopController | null = null;
  const patch = (p: Partial<DesktopSliceState['desktop']>) => set({ desktop: { ...get().desktop, ...p } });

  return {
    ...initialDesktopState(),

    initSettings: (settings) => {
      patch({ settings });
      set({ phone: { ...get().phone, devices: { ...settings.audio } } });
    },

    startDesktop: async () => {
      if (controller) return;
      const started = createDesktopController({ get, set, subscribe: api.subscribe, deps: getStoreDeps() });
      controller = started;
      await started.start();
    },

    stopDesktop: () => {
      controller?.stop();
      controller = null;
    },

    refreshDesktopStatus: async () => {
      try {
        patch({ status: await unwrap(getStoreDeps().bridge.getDesktopStatus()) });
      } catch (error) {
        // The page then shows no status beside the hotkeys; the in-window shortcuts keep working.
        log.warn('could not read the desktop status', error);
      }
    },

    saveSettings: async (changes) => {
      const before = get().desktop.settings;
      let settings: Settings;
      try {
        settings = await unwrap(getStoreDeps().bridge.updateSettings(changes));
      } catch (error) {
        const code = error instanceof BridgeError ? error.code : 'unexpected';
        const message = error instanceof Error ? error.message : String(error);
        log.warn(`the settings were not saved (${code})`, message);
        return { ok: false, error: { code, message, fields: refusedSettingFields(message) } };
      }
      patch({ settings });
      await get().refreshDesktopStatus();
      const session = get().session;
      if (settings.hubUrl !== (before?.hubUrl ?? session.hubUrl)) {
        if (session.status === 'signed-in') await get().logout();
        set({ session: { ...get().session, hubUrl: settings.hubUrl } });
      }
      return { ok: true, settings };
    },

    canRegisterTelHandler: () => getStoreDeps().registerTelHandler !== undefined,

    registerTelHandler: async () => {
      const register = getStoreDeps().registerTelHandler;
      if (!register || !register()) return false;
      await get().refreshDesktopStatus();
      return true;
    },

    takeDialPrefill: (seq) => {
      if (get().desktop.dialPrefill?.seq === seq) patch({ dialPrefill: null });
    },

    takeDesktopNotice: (seq) => {
      if (get().desktop.notice?.seq === seq) patch({ notice: null });
    },
  };
};
