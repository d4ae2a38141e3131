import type { AgentEvent } from '../../../shared/telephony/agent-state';
import type { CallSnapshot, CallState } from '../services/sip/phone-types';

/** What each call looked like in the last snapshot the agent state has seen. */
export type SeenCalls = ReadonlyMap<string, CallState>;

/**
 * The agent-state events hidden in the step from one phone snapshot to the next. Snapshots are
 * states, not events: one may skip a step (a call first seen already talking) or drop a call without
 * showing it ended, so each call's previous state is compared with its current one.
 */
export function callEvents(seen: SeenCalls, calls: readonly CallSnapshot[]): { events: AgentEvent[]; seen: Map<string, CallState> } {
  const events: AgentEvent[] = [];
  const next = new Map<string, CallState>();

  for (const call of calls) {
    const before = seen.get(call.id);
    next.set(call.id, call.state);
    // Nothing follows an end; an id seen again after it would be a service bug, not a new call.
    if (before === call.state || before === 'ended') continue;
    const callId = call.id;

    if (before === undefined) {
      // Never seen live and already over: nothing for the agent state to follow.
      if (call.state === 'ended') continue;
      if (call.state === 'ringing') {
        events.push({ type: 'call_offered', callId });
        continue;
      }
      events.push(call.direction === 'inbound' ? { type: 'call_offered', callId } : { type: 'call_dialing', callId });
      if (call.state === 'dialing') continue;
      events.push({ type: 'call_answered', callId });
      if (call.state === 'held') events.push({ type: 'call_held', callId });
      continue;
    }

    switch (call.state) {
      case 'ended':
        events.push({ type: 'call_ended', callId });
        break;
      case 'talking':
        events.push(before === 'held' ? { type: 'call_resumed', callId } : { type: 'call_answered', callId });
        break;
      case 'held':
        if (before === 'ringing' || before === 'dialing') events.push({ type: 'call_answered', callId });
        events.push({ type: 'call_held', callId });
        break;
      case 'ringing':
      case 'dialing':
        // A call does not go back to ringing; a snapshot that says so is out of order.
        break;
      default: {
        const unreachable: never = call.state;
        return unreachable;
      }
    }
  }

  for (const [callId, state] of seen) {
    if (!next.has(callId) && state !== 'ended') events.push({ type: 'call_ended', callId });
  }
  return { events, seen: next };
}
