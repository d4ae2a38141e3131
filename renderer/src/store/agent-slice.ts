import type { StateCreator } from 'zustand';
import type { ConsoleStore } from './console-store-types';

/** Until the softphone's state machine arrives, the agent state is only what the agent picked. */
export const AGENT_STATES = ['not_ready', 'ready'] as const;
export type AgentState = (typeof AGENT_STATES)[number];

export interface AgentSliceState {
  agent: { state: AgentState };
}

export interface AgentSliceActions {
  setAgentState(state: AgentState): void;
}

export type AgentSlice = AgentSliceState & AgentSliceActions;

/** An agent is never offered calls straight after logging in: they choose when to become ready. */
export const initialAgentState = (): AgentSliceState => ({ agent: { state: 'not_ready' } });

export const createAgentSlice: StateCreator<ConsoleStore, [], [], AgentSlice> = (set) => ({
  ...initialAgentState(),
  setAgentState: (state) => set({ agent: { state } }),
});
