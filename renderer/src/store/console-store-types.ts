import type { AgentSlice } from './agent-slice';
import type { SessionSlice } from './session-slice';
import type { UiSlice } from './ui-slice';

/** The whole store: every slice's state and actions side by side, as one object. */
export type ConsoleStore = SessionSlice & UiSlice & AgentSlice;
