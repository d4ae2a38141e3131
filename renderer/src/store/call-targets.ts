import type { CallSnapshot } from '../services/sip/phone-types';

/**
 * Which call a phone command without a call id acts on: the in-window shortcuts, the system-wide
 * hotkeys and the buttons that show a shortcut all pick the same one, so a key never surprises.
 */

export const PHONE_SHORTCUT_ACTIONS = ['answer', 'hangUp', 'holdResume', 'mute', 'transfer'] as const;
export type PhoneShortcutAction = (typeof PHONE_SHORTCUT_ACTIONS)[number];

/** The calls to show: refused-busy ones never rang for the agent, so they are left out. */
export function visibleCalls(calls: readonly CallSnapshot[], refused: readonly string[]): CallSnapshot[] {
  return calls.filter((c) => !refused.includes(c.id));
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
