import {
  initialAgentModel,
  type AgentConfig,
  type AgentModel,
  type AgentState,
} from '../../../shared/telephony/agent-state';

export { AGENT_STATES, type AgentState } from '../../../shared/telephony/agent-state';

/** One change of the agent's state as kept on this machine (durable storage comes with the call log). */
export interface AgentStateEntry {
  from: AgentState | null;
  state: AgentState;
  reasonCode: string | null;
  /** ms since epoch, stamped when it happened (not when the hub heard of it). */
  at: number;
  callId: string | null;
}

/** The newest changes only: the list is for the screen and diagnostics, the hub keeps the record. */
export const AGENT_HISTORY_LIMIT = 100;

export interface AgentSliceState {
  agent: {
    /** The derived state, shown and reported: `model.state`, kept beside it for narrow selectors. */
    state: AgentState;
    /** shared/telephony/agent-state's model: the agent's choice and the calls it is busy with. */
    model: AgentModel;
    config: AgentConfig;
    history: AgentStateEntry[];
    /** Changes not yet accepted by the hub (it was down, or is being told right now). */
    unreported: number;
  };
}

/** Until the hub says otherwise: no wrap-up limit, and the agent goes Ready by choice only. */
export const DEFAULT_AGENT_CONFIG: AgentConfig = { wrapUpSeconds: null, autoReadyAfterWrapUp: false };

/** An agent is never offered calls straight after logging in: they choose when to become ready. */
export const initialAgentState = (now = 0): AgentSliceState => {
  const model = initialAgentModel(now);
  return { agent: { state: model.state, model, config: DEFAULT_AGENT_CONFIG, history: [], unreported: 0 } };
};
