import { sameAccelerator } from '../../../../shared/desktop/accelerator';
import type { DesktopStatus } from '../../../../shared/ipc/contract';
import type { PhoneShortcutAction } from '../../store';

export { PHONE_SHORTCUT_ACTIONS, shortcutTargets, type PhoneShortcutAction, type ShortcutTargets } from '../../store';

/** Marks a field that records a key combination (the settings' hotkeys): the phone's shortcuts stay out of it. */
export const KEY_CAPTURE_ATTRIBUTE = 'data-key-capture';

export interface PhoneShortcut {
  action: PhoneShortcutAction;
  /** `KeyboardEvent.code`: the physical key, so the layout and the input method do not matter. */
  code: string;
  /** As shown to the user (the same in both languages, like the keys' own labels). */
  keys: string;
  /** For `aria-keyshortcuts`. */
  aria: string;
  /** Whether it works while the focus is in a text field: only the ones a ringing phone needs. */
  whileTyping: boolean;
}

/*
 * Ctrl+Alt plus a key Chrome does not use. Avoided on purpose: Ctrl+Alt+A (QQ/TIM and Deepin take it
 * for a screenshot, globally, on many Chinese desktops), Ctrl+Alt+T (opens a terminal on Ubuntu and
 * Deepin/UOS), Ctrl+Alt+L (locks the screen on older Ubuntu), Ctrl+Alt+N (starts NVDA), Ctrl+Alt+End
 * and Ctrl+Alt+Del (taken by Windows and Remote Desktop).
 */
export const PHONE_SHORTCUTS: readonly PhoneShortcut[] = [
  { action: 'answer', code: 'Enter', keys: 'Ctrl+Alt+Enter', aria: 'Control+Alt+Enter', whileTyping: true },
  { action: 'hangUp', code: 'KeyH', keys: 'Ctrl+Alt+H', aria: 'Control+Alt+H', whileTyping: true },
  { action: 'holdResume', code: 'KeyP', keys: 'Ctrl+Alt+P', aria: 'Control+Alt+P', whileTyping: false },
  { action: 'mute', code: 'KeyM', keys: 'Ctrl+Alt+M', aria: 'Control+Alt+M', whileTyping: false },
  { action: 'transfer', code: 'KeyX', keys: 'Ctrl+Alt+X', aria: 'Control+Alt+X', whileTyping: false },
];

export const shortcutFor = (action: PhoneShortcutAction): PhoneShortcut => {
  const found = PHONE_SHORTCUTS.find((s) => s.action === action);
  if (!found) throw new Error(`No shortcut for ${action}`);
  return found;
};

/** The parts of a keydown the shortcuts look at, so the matching is testable without a DOM. */
export interface KeyPress {
  code: string;
  ctrlKey: boolean;
  altKey: boolean;
  shiftKey: boolean;
  metaKey: boolean;
  repeat: boolean;
  /** Windows reports AltGr as Ctrl+Alt; AltGr+key types a character (ą, €) and is no shortcut. */
  altGraph: boolean;
  /** The focus is in a text field (input, textarea, contenteditable). */
  typing: boolean;
}

export function matchShortcut(press: KeyPress): PhoneShortcut | null {
  if (!press.ctrlKey || !press.altKey || press.shiftKey || press.metaKey || press.altGraph || press.repeat) return null;
  const shortcut = PHONE_SHORTCUTS.find((s) => s.code === press.code || (s.code === 'Enter' && press.code === 'NumpadEnter'));
  if (!shortcut) return null;
  if (press.typing && !shortcut.whileTyping) return null;
  return shortcut;
}

/**
 * A combination the OS hands to the console as a system-wide hotkey is the hotkey's: the window
 * must not act on it as well (the call would be answered twice, or held and resumed at once).
 * Whatever action the global hotkey has, the key is taken.
 */
export function takenByGlobalHotkey(shortcut: PhoneShortcut, status: DesktopStatus | null): boolean {
  if (!status) return false;
  return Object.values(status.hotkeys).some((hotkey) => hotkey.status === 'registered' && sameAccelerator(hotkey.accelerator, shortcut.keys));
}
