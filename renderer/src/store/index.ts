import { create } from 'zustand';
import { createAgentSlice, initialAgentState } from './agent-slice';
import type { ConsoleStore } from './console-store-types';
import { createSessionSlice, initialSessionState } from './session-slice';
import { createUiSlice, initialUiState } from './ui-slice';

export type { ConsoleStore } from './console-store-types';
export type { AgentState } from './agent-slice';
export { AGENT_STATES } from './agent-slice';
export type { SessionStatus } from './session-slice';
export { toUserFacingError, type UserFacingError, type UserFacingErrorCode } from './user-facing-error';
export type { AppMode } from './ui-slice';
export { configureStoreDeps, type StoreDeps } from './store-deps';

/** One store per window; components read it through narrow selectors. */
export const useConsoleStore = create<ConsoleStore>()((...args) => ({
  ...createSessionSlice(...args),
  ...createUiSlice(...args),
  ...createAgentSlice(...args),
}));

/** Back to the state of a fresh start, actions untouched: for tests. */
export function resetStore(): void {
  useConsoleStore.setState({ ...initialSessionState(), ...initialUiState(), ...initialAgentState() });
}
