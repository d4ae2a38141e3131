/**
 * The agent's state (issue: softphone §3), as one pure reducer:
 *
 *   Not ready (reason) ⇄ Ready → Ringing → Talking ⇄ Held → Wrap-up → Ready
 *
 * What the agent *chose* (availability) is kept apart from what the phone is *doing* (live calls);
 * the state shown and reported is derived from both, so a second call ringing while talking, or an
 * outbound call dialled while Not ready, never corrupts the choice. No clocks, no I/O: the caller
 * passes `now` and carries out the effects (reject a call, report a change).
 */

export const AGENT_STATES = ['not_ready', 'ready', 'ringing', 'dialing', 'talking', 'held', 'wrap_up'] as const;
export type AgentState = (typeof AGENT_STATES)[number];

export type Availability =
  | { kind: 'not_ready'; reasonCode: string | null }
  | { kind: 'ready' }
  | { kind: 'wrap_up'; callId: string; startedAt: number; deadline: number | null; overrun: boolean };

export type CallPhase = 'ringing' | 'dialing' | 'talking' | 'held';

export interface AgentCall {
  phase: CallPhase;
  answered: boolean;
}

export interface AgentModel {
  availability: Availability;
  calls: Readonly<Record<string, AgentCall>>;
  /** Not ready chosen during a call: applies when the call and its wrap-up are over. */
  pendingNotReady: { reasonCode: string | null } | null;
  state: AgentState;
  since: number;
}

export interface AgentConfig {
  /** After-call work time limit; null = no limit. */
  wrapUpSeconds: number | null;
  /** At the limit: go Ready by itself (true) or stay in wrap-up, flagged as overrun (false). */
  autoReadyAfterWrapUp: boolean;
}

export type AgentEvent =
  | { type: 'set_ready' }
  | { type: 'set_not_ready'; reasonCode: string | null }
  | { type: 'call_offered'; callId: string }
  | { type: 'call_dialing'; callId: string }
  | { type: 'call_answered'; callId: string }
  | { type: 'call_held'; callId: string }
  | { type: 'call_resumed'; callId: string }
  | { type: 'call_ended'; callId: string }
  | { type: 'tick' };

export interface StateChange {
  from: AgentState;
  to: AgentState;
  at: number;
  reasonCode: string | null;
}

export type AgentEffect =
  /** Refuse an offered call with 486 Busy Here: the agent is not taking calls. */
  | { type: 'reject_call'; callId: string; why: 'not_ready' | 'wrap_up' }
  | { type: 'state_changed'; change: StateChange }
  | { type: 'wrap_up_overrun'; callId: string; at: number };

export interface AgentResult {
  model: AgentModel;
  effects: AgentEffect[];
  /** Set when the event was refused; the model is unchanged then. */
  refused?: string;
}

export function initialAgentModel(now: number, reasonCode: string | null = null): AgentModel {
  return {
    availability: { kind: 'not_ready', reasonCode },
    calls: {},
    pendingNotReady: null,
    state: 'not_ready',
    since: now,
  };
}

export function deriveState(availability: Availability, calls: Readonly<Record<string, AgentCall>>): AgentState {
  const phases = Object.values(calls).map((c) => c.phase);
  if (phases.includes('talking')) return 'talking';
  if (phases.includes('held')) return 'held';
  if (phases.includes('dialing')) return 'dialing';
  if (phases.includes('ringing')) return 'ringing';
  return availability.kind;
}

function reasonOf(availability: Availability): string | null {
  return availability.kind === 'not_ready' ? availability.reasonCode : null;
}

function settle(before: AgentModel, next: Omit<AgentModel, 'state' | 'since'>, now: number, effects: AgentEffect[]): AgentResult {
  const state = deriveState(next.availability, next.calls);
  const changed = state !== before.state || reasonOf(next.availability) !== reasonOf(before.availability);
  const model: AgentModel = { ...next, state, since: changed ? now : before.since };
  if (changed) {
    effects.push({ type: 'state_changed', change: { from: before.state, to: state, at: now, reasonCode: reasonOf(next.availability) } });
  }
  return { model, effects };
}

const refuse = (model: AgentModel, why: string): AgentResult => ({ model, effects: [], refused: why });

function withCall(calls: Readonly<Record<string, AgentCall>>, callId: string, call: AgentCall | null) {
  const copy = { ...calls };
  if (call) copy[callId] = call;
  else delete copy[callId];
  return copy;
}

/** After the last call (and its wrap-up): the choice made during the call, else Ready. */
function afterWork(model: AgentModel): Availability {
  return model.pendingNotReady ? { kind: 'not_ready', reasonCode: model.pendingNotReady.reasonCode } : { kind: 'ready' };
}

export function reduceAgent(model: AgentModel, event: AgentEvent, now: number, config: AgentConfig): AgentResult {
  const busy = Object.keys(model.calls).length > 0;
  switch (event.type) {
    case 'set_ready': {
      if (model.availability.kind === 'ready' && !model.pendingNotReady) return refuse(model, 'already ready');
      return settle(model, { ...model, availability: { kind: 'ready' }, pendingNotReady: null }, now, []);
    }
    case 'set_not_ready': {
      if (busy) return settle(model, { ...model, pendingNotReady: { reasonCode: event.reasonCode } }, now, []);
      return settle(model, { ...model, availability: { kind: 'not_ready', reasonCode: event.reasonCode }, pendingNotReady: null }, now, []);
    }
    case 'call_offered': {
      if (model.calls[event.callId]) return refuse(model, 'call already known');
      if (model.availability.kind !== 'ready') {
        return { model, effects: [{ type: 'reject_call', callId: event.callId, why: model.availability.kind }] };
      }
      return settle(model, { ...model, calls: withCall(model.calls, event.callId, { phase: 'ringing', answered: false }) }, now, []);
    }
    case 'call_dialing': {
      if (model.calls[event.callId]) return refuse(model, 'call already known');
      return settle(model, { ...model, calls: withCall(model.calls, event.callId, { phase: 'dialing', answered: false }) }, now, []);
    }
    case 'call_answered':
    case 'call_resumed': {
      const call = model.calls[event.callId];
      if (!call) return refuse(model, 'unknown call');
      if (event.type === 'call_resumed' && call.phase !== 'held') return refuse(model, 'call is not held');
      if (event.type === 'call_answered' && call.answered) return refuse(model, 'call already answered');
      return settle(model, { ...model, calls: withCall(model.calls, event.callId, { phase: 'talking', answered: true }) }, now, []);
    }
    case 'call_held': {
      const call = model.calls[event.callId];
      if (!call || !call.answered) return refuse(model, 'only an answered call can be held');
      if (call.phase === 'held') return refuse(model, 'call already held');
      return settle(model, { ...model, calls: withCall(model.calls, event.callId, { phase: 'held', answered: true }) }, now, []);
    }
    case 'call_ended': {
      const call = model.calls[event.callId];
      if (!call) return refuse(model, 'unknown call');
      const calls = withCall(model.calls, event.callId, null);
      const last = Object.keys(calls).length === 0;
      if (!last) return settle(model, { ...model, calls }, now, []);
      if (!call.answered) {
        // A call that never connected leaves nothing to wrap up; the agent's choice stands.
        const availability = model.availability.kind === 'wrap_up' ? model.availability : model.pendingNotReady ? afterWork(model) : model.availability;
        return settle(model, { ...model, calls, availability, pendingNotReady: model.availability.kind === 'wrap_up' ? model.pendingNotReady : null }, now, []);
      }
      const deadline = config.wrapUpSeconds === null ? null : now + config.wrapUpSeconds * 1000;
      return settle(model, { ...model, calls, availability: { kind: 'wrap_up', callId: event.callId, startedAt: now, deadline, overrun: false } }, now, []);
    }
    case 'tick': {
      const a = model.availability;
      if (a.kind !== 'wrap_up' || a.deadline === null || now < a.deadline || busy) return { model, effects: [] };
      if (config.autoReadyAfterWrapUp) return settle(model, { ...model, availability: afterWork(model), pendingNotReady: null }, now, []);
      if (a.overrun) return { model, effects: [] };
      return {
        model: { ...model, availability: { ...a, overrun: true } },
        effects: [{ type: 'wrap_up_overrun', callId: a.callId, at: now }],
      };
    }
    default: {
      const unreachable: never = event;
      return unreachable;
    }
  }
}
