import type { CallSnapshot, PhoneSnapshot } from '../../../../renderer/src/services/sip/phone-types';

/*
 * Phone snapshots as the SIP service hands them out: the one builder every renderer test starts
 * from, patching only what it is about.
 */

/** UUIDv7-shaped call ids (the hub's schema wants a UUID), ordered by their last digits. */
export const callId = (n: number): string => `0193a1b2-c3d4-7e5f-8a9b-${n.toString(16).padStart(12, '0')}`;

export const T0 = Date.parse('2026-11-24T01:00:00.000Z');

/** A call as the phone reports it; ringing inbound unless patched. */
export function callSnapshot(patch: Partial<CallSnapshot> = {}): CallSnapshot {
  const direction = patch.direction ?? 'inbound';
  return {
    id: callId(1),
    direction,
    state: direction === 'inbound' ? 'ringing' : 'dialing',
    remote: { number: '13800138000', displayName: '王先生' },
    ivrChoice: direction === 'inbound' ? 'consult' : null,
    muted: false,
    remoteHold: false,
    startedAt: T0,
    answeredAt: null,
    endedAt: null,
    endedBy: null,
    endCause: null,
    transfer: null,
    mediaRecovering: false,
    ...patch,
  };
}

export function phoneSnapshot(calls: CallSnapshot[]): PhoneSnapshot {
  return {
    registration: { state: 'registered', error: null, since: T0, attempt: 0, nextRetryAt: null },
    online: true,
    calls,
    devices: { microphoneId: null, speakerId: null, ringerId: null },
  };
}
