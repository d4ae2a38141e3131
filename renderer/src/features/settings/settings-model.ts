import { sameAccelerator } from '../../../../shared/desktop/accelerator';
import {
  HOTKEY_ACTIONS,
  type DesktopStatus,
  type HotkeyAction,
  type HotkeyStatus,
  type Hotkeys,
  type Settings,
  type SettingsPatch,
} from '../../../../shared/ipc/contract';
import type { AppMode } from '../../store';

/** What the settings form edits before Save; audio devices and the language apply at once elsewhere. */
export interface SettingsDraft {
  hubUrl: string;
  hotkeys: Hotkeys;
  launchAtLogin: boolean;
  bringToFrontOnRing: boolean;
}

export const draftOf = (settings: Settings): SettingsDraft => ({
  hubUrl: settings.hubUrl,
  hotkeys: { ...settings.hotkeys },
  launchAtLogin: settings.launchAtLogin,
  bringToFrontOnRing: settings.bringToFrontOnRing,
});

export type HubUrlProblem = 'required' | 'not_http' | 'too_long';

/**
 * The hub's address as the desktop app needs it: an http(s) URL without credentials in it (they
 * would sit in a plain settings file), trailing slashes dropped so paths join cleanly.
 */
export function checkHubUrl(text: string): { ok: true; url: string } | { ok: false; problem: HubUrlProblem } {
  const trimmed = text.trim();
  if (trimmed === '') return { ok: false, problem: 'required' };
  if (trimmed.length > 2048) return { ok: false, problem: 'too_long' };
  let url: URL;
  try {
    url = new URL(trimmed);
  } catch {
    return { ok: false, problem: 'not_http' };
  }
  if ((url.protocol !== 'http:' && url.protocol !== 'https:') || url.username !== '' || url.password !== '' || url.hostname === '') {
    return { ok: false, problem: 'not_http' };
  }
  return { ok: true, url: trimmed.replace(/\/+$/, '') };
}

/** The other action that already has this combination, if one does: two actions cannot share a key. */
export function duplicateHotkey(hotkeys: Hotkeys, action: HotkeyAction, accelerator: string): HotkeyAction | null {
  if (accelerator === '') return null;
  return HOTKEY_ACTIONS.find((other) => other !== action && sameAccelerator(hotkeys[other], accelerator)) ?? null;
}

export type DraftProblems = Partial<Record<'hubUrl', HubUrlProblem>>;

export function draftProblems(draft: SettingsDraft, mode: AppMode): DraftProblems {
  if (mode !== 'desktop') return {};
  const hub = checkHubUrl(draft.hubUrl);
  return hub.ok ? {} : { hubUrl: hub.problem };
}

/** Only what changed, so a save never rewrites what another window (or the tray) set meanwhile. */
export function settingsPatch(draft: SettingsDraft, saved: Settings, mode: AppMode): SettingsPatch {
  const patch: SettingsPatch = {};
  if (mode === 'desktop') {
    const hub = checkHubUrl(draft.hubUrl);
    const url = hub.ok ? hub.url : draft.hubUrl;
    if (url !== saved.hubUrl) patch.hubUrl = url;
  }
  if (HOTKEY_ACTIONS.some((action) => draft.hotkeys[action] !== saved.hotkeys[action])) patch.hotkeys = { ...draft.hotkeys };
  if (draft.launchAtLogin !== saved.launchAtLogin) patch.launchAtLogin = draft.launchAtLogin;
  if (draft.bringToFrontOnRing !== saved.bringToFrontOnRing) patch.bringToFrontOnRing = draft.bringToFrontOnRing;
  return patch;
}

/**
 * What to show beside a hotkey field: the platform's word on the combination it was given, or
 * `unsaved` while the field holds another one (the status speaks of the saved key only).
 */
export function hotkeyStatusOf(status: DesktopStatus | null, action: HotkeyAction, draft: string): HotkeyStatus['status'] | 'unsaved' | null {
  if (!status) return null;
  const current = status.hotkeys[action];
  const same = current.accelerator === draft || sameAccelerator(current.accelerator, draft);
  return same ? current.status : 'unsaved';
}
