import type { CallSnapshot } from '../../services/sip/phone-types';

export { visibleCalls } from '../../store';

/** `mm:ss`, or `h:mm:ss` from an hour on; never negative. */
export function formatDuration(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = total % 60;
  const mmss = `${String(minutes).padStart(2, '0')}:${String(seconds).padStart(2, '0')}`;
  return hours > 0 ? `${hours}:${mmss}` : mmss;
}

/** Time on the call since it was answered; before that, how long it has been ringing or dialling. */
export function callElapsed(call: CallSnapshot, now: number): number {
  if (call.state === 'ended') return call.answeredAt !== null && call.endedAt !== null ? call.endedAt - call.answeredAt : 0;
  return now - (call.answeredAt ?? call.startedAt);
}


/** A ringing call while another one is talked on or held: the agent hears a waiting tone. */
export function isCallWaiting(call: CallSnapshot, calls: readonly CallSnapshot[]): boolean {
  return call.state === 'ringing' && calls.some((c) => c.id !== call.id && (c.state === 'talking' || c.state === 'held'));
}

export const KEYPAD_KEYS = ['1', '2', '3', '4', '5', '6', '7', '8', '9', '*', '0', '#'] as const;
export type KeypadKey = (typeof KEYPAD_KEYS)[number];
