import { Badge, Select } from 'antd';
import { useTranslation } from 'react-i18next';
import { AGENT_STATES, useConsoleStore, type AgentState } from '../../store';

const BADGE_STATUS: Record<AgentState, 'success' | 'default'> = { ready: 'success', not_ready: 'default' };

/** Stand-in until the softphone's state machine drives the agent state; the choice lives in the store. */
export function AgentStateSelect() {
  const { t } = useTranslation();
  const state = useConsoleStore((s) => s.agent.state);
  const setAgentState = useConsoleStore((s) => s.setAgentState);
  return (
    <Select<AgentState>
      aria-label={t('workspace.agentState.label')}
      value={state}
      // Not virtual: rc-select then puts role=option on the visible items instead of on hidden copies.
      virtual={false}
      onChange={setAgentState}
      options={AGENT_STATES.map((value) => ({
        value,
        label: <Badge status={BADGE_STATUS[value]} text={t(`workspace.agentState.${value}`)} />,
      }))}
      style={{ width: 128 }}
    />
  );
}
