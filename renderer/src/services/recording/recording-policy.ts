import type { CallSnapshot, PhoneSnapshot } from '../sip/phone-types';

/**
 * Which calls are recorded, from the phone's snapshots alone (pure): a call is recorded from the
 * moment it is answered (talking) until it ends, through hold (silence, and the hold is marked from
 * the call log); never before the answer. A call transferred away ends, and its recording with it.
 */
export function isRecordable(call: CallSnapshot): boolean {
  return (call.state === 'talking' || call.state === 'held') && call.answeredAt !== null;
}

export interface RecordingPlan {
  start: string[];
  stop: string[];
}

/**
 * `recording`: calls with a recorder now; `seen`: every call ever started here (a call is recorded
 * once: a recorder that failed is not started again on the next snapshot).
 */
export function planRecordings(snapshot: PhoneSnapshot | null, recording: ReadonlySet<string>, seen: ReadonlySet<string>): RecordingPlan {
  const calls = snapshot?.calls ?? [];
  const live = new Set(calls.filter(isRecordable).map((c) => c.id));
  return {
    start: [...live].filter((id) => !seen.has(id)),
    stop: [...recording].filter((id) => !live.has(id)),
  };
}
