import type { CallEndedBy, CallParty, CallSnapshot, TransferSnapshot } from './phone-types';

/**
 * The life of a call as a pure reducer: what sip.js reports and what the agent does become events,
 * and the snapshot list the UI renders is the fold of those events. Nothing here knows about SIP,
 * so every transition is tested without a user agent, and an event that does not fit the call's
 * state (a late 200 after a CANCEL, a hold on a ringing call) is ignored instead of corrupting it.
 */

/** How long an ended call stays in the snapshot, so the UI can show how it ended. */
export const ENDED_CALL_RETENTION_MS = 5_000;

export type CallEvent =
  | { type: 'incoming'; id: string; at: number; remote: CallParty; ivrChoice: string | null }
  | { type: 'outgoing'; id: string; at: number; remote: CallParty }
  | { type: 'established'; id: string; at: number }
  | { type: 'hold'; id: string; held: boolean }
  | { type: 'mute'; id: string; muted: boolean }
  | { type: 'remote-hold'; id: string; remoteHold: boolean }
  | { type: 'media-recovery'; id: string; recovering: boolean }
  | { type: 'transfer-started'; id: string; kind: TransferSnapshot['kind']; target: string }
  | { type: 'transfer-settled'; id: string; state: 'accepted' | 'failed'; error: string | null }
  | { type: 'ended'; id: string; at: number; endedBy: CallEndedBy; endCause: string }
  | { type: 'prune'; now: number };

/** The end cause a successful transfer leaves on the transferred call. */
export const END_CAUSE_TRANSFERRED = 'transferred';

export function isLive(call: CallSnapshot): boolean {
  return call.state !== 'ended';
}

/** Talking or held: a dialog exists and media was negotiated. */
export function isEstablished(call: CallSnapshot): boolean {
  return call.state === 'talking' || call.state === 'held';
}

function newCall(
  event: { id: string; at: number; remote: CallParty },
  direction: CallSnapshot['direction'],
  ivrChoice: string | null,
): CallSnapshot {
  return {
    id: event.id,
    direction,
    state: direction === 'inbound' ? 'ringing' : 'dialing',
    remote: { number: event.remote.number, displayName: event.remote.displayName },
    ivrChoice,
    muted: false,
    remoteHold: false,
    startedAt: event.at,
    answeredAt: null,
    endedAt: null,
    endedBy: null,
    endCause: null,
    transfer: null,
    mediaRecovering: false,
  };
}

/** The changed call, or the same object when the event does not apply to its state. */
function applyToCall(call: CallSnapshot, event: Exclude<CallEvent, { type: 'incoming' | 'outgoing' | 'prune' }>): CallSnapshot {
  switch (event.type) {
    case 'established':
      if (call.state !== 'ringing' && call.state !== 'dialing') return call;
      return { ...call, state: 'talking', answeredAt: event.at };
    case 'hold':
      if (event.held && call.state === 'talking') return { ...call, state: 'held' };
      if (!event.held && call.state === 'held') return { ...call, state: 'talking' };
      return call;
    case 'mute':
      if (call.state === 'ended' || call.state === 'ringing' || call.muted === event.muted) return call;
      return { ...call, muted: event.muted };
    case 'remote-hold':
      if (!isEstablished(call) || call.remoteHold === event.remoteHold) return call;
      return { ...call, remoteHold: event.remoteHold };
    case 'media-recovery':
      if (!isEstablished(call) || call.mediaRecovering === event.recovering) return call;
      return { ...call, mediaRecovering: event.recovering };
    case 'transfer-started':
      if (!isEstablished(call) || call.transfer?.state === 'pending') return call;
      return { ...call, transfer: { kind: event.kind, target: event.target, state: 'pending', error: null } };
    case 'transfer-settled':
      if (call.transfer?.state !== 'pending') return call;
      return { ...call, transfer: { ...call.transfer, state: event.state, error: event.error } };
    case 'ended': {
      if (call.state === 'ended') return call;
      let transfer = call.transfer;
      if (transfer?.state === 'pending') {
        transfer =
          event.endCause === END_CAUSE_TRANSFERRED
            ? { ...transfer, state: 'accepted' }
            : { ...transfer, state: 'failed', error: `call ended: ${event.endCause}` };
      }
      return {
        ...call,
        state: 'ended',
        endedAt: event.at,
        endedBy: event.endedBy,
        endCause: event.endCause,
        mediaRecovering: false,
        transfer,
      };
    }
  }
}

/** Live calls first in the order they started, then the recently ended ones, also by start. */
function ordered(calls: CallSnapshot[]): CallSnapshot[] {
  const byStart = (a: CallSnapshot, b: CallSnapshot) => a.startedAt - b.startedAt;
  return [...calls.filter(isLive).sort(byStart), ...calls.filter((c) => !isLive(c)).sort(byStart)];
}

export function reduceCalls(calls: readonly CallSnapshot[], event: CallEvent): readonly CallSnapshot[] {
  switch (event.type) {
    case 'incoming':
    case 'outgoing': {
      if (calls.some((c) => c.id === event.id)) return calls;
      const call = newCall(event, event.type === 'incoming' ? 'inbound' : 'outbound', event.type === 'incoming' ? event.ivrChoice : null);
      return ordered([...calls, call]);
    }
    case 'prune': {
      const kept = calls.filter((c) => c.endedAt === null || event.now - c.endedAt < ENDED_CALL_RETENTION_MS);
      return kept.length === calls.length ? calls : kept;
    }
    default: {
      const index = calls.findIndex((c) => c.id === event.id);
      if (index < 0) return calls;
      const before = calls[index]!;
      const after = applyToCall(before, event);
      if (after === before) return calls;
      const next = calls.slice();
      next[index] = after;
      return event.type === 'ended' ? ordered(next) : next;
    }
  }
}

/** When the next ended call is due to drop off, or null when none is waiting. */
export function nextPruneAt(calls: readonly CallSnapshot[]): number | null {
  let next: number | null = null;
  for (const call of calls) {
    if (call.endedAt === null) continue;
    const due = call.endedAt + ENDED_CALL_RETENTION_MS;
    if (next === null || due < next) next = due;
  }
  return next;
}
