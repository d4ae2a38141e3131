import type { CallSnapshot } from '../../services/sip/phone-types';

export const PHONE_SHORTCUT_ACTIONS = ['answer', 'hangUp', 'holdResume', 'mute', 'transfer'] as const;
export type PhoneShortcutAction = (typeof PHONE_SHORTCUT_ACTIONS)[number];

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

export interface ShortcutTargets {
  answer: string | null;
  hangUp: string | null;
  holdResume: { callId: string; resume: boolean } | null;
  mute: string | null;
  transfer: string | null;
}

/**
 * Which call each shortcut acts on: the one the agent is most plausibly dealing with. Answer takes
 * the call that has rung longest; the others act on the call being talked on, and fall back to a
 * held call only when it is the agent's one call.
 */
export function shortcutTargets(calls: readonly CallSnapshot[]): ShortcutTargets {
  const live = calls.filter((c) => c.state !== 'ended');
  const ringing = live.find((c) => c.state === 'ringing');
  const talking = live.find((c) => c.state === 'talking');
  const dialing = live.find((c) => c.state === 'dialing');
  const held = live.filter((c) => c.state === 'held');
  const lastHeld = held.at(-1);
  const onlyHeld = held.length === 1 && !talking && !dialing ? held[0] : undefined;
  return {
    answer: ringing?.id ?? null,
    hangUp: talking?.id ?? dialing?.id ?? onlyHeld?.id ?? null,
    holdResume: talking ? { callId: talking.id, resume: false } : lastHeld && !dialing ? { callId: lastHeld.id, resume: true } : null,
    mute: talking?.id ?? onlyHeld?.id ?? null,
    transfer: talking?.id ?? onlyHeld?.id ?? null,
  };
}
