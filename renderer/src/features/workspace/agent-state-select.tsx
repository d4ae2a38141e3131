import { WarningFilled } from '@ant-design/icons';
import { Badge, Select } from 'antd';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import type { LocalizedText } from '../../../../shared/api/org';
import type { ReasonCode } from '../../../../shared/api/phone';
import type { Availability } from '../../../../shared/telephony/agent-state';
import { useConsoleStore, type AgentState } from '../../store';
import { formatDuration } from '../phone/call-format';
import { useNow } from '../phone/use-now';

const BADGE_STATUS: Record<AgentState, 'success' | 'default' | 'processing' | 'warning' | 'error'> = {
  ready: 'success',
  not_ready: 'default',
  ringing: 'processing',
  dialing: 'processing',
  talking: 'error',
  held: 'warning',
  wrap_up: 'warning',
};

const READY = 'ready';
const NOT_READY = 'not_ready:';

/** The label of a reason code in the UI's language; the code itself when the hub no longer lists it. */
function reasonLabel(reasonCodes: readonly ReasonCode[], code: string | null, language: keyof LocalizedText): string | null {
  if (code === null) return null;
  return reasonCodes.find((r) => r.code === code)?.label[language] ?? code;
}

/** The state's words without the timer: what is announced when it changes. */
function stateWords(t: TFunction, state: AgentState, reason: string | null): string {
  if (state === 'not_ready' && reason) return t('workspace.agentState.notReadyReason', { reason });
  return t(`workspace.agentState.${state}`);
}

/**
 * The agent's state in the header: shows what the agent-state reducer derived (Not ready + reason,
 * Ready, Ringing, Dialing, Talking, Held, Wrap-up with its countdown) and offers the two choices an
 * agent makes, Ready and Not ready with a reason. Chosen during a call, Not ready applies afterwards.
 */
export function AgentStateSelect() {
  const { t } = useTranslation();
  const language = useConsoleStore((s) => s.ui.language);
  const state = useConsoleStore((s) => s.agent.state);
  const availability = useConsoleStore((s) => s.agent.model.availability);
  const pending = useConsoleStore((s) => s.agent.model.pendingNotReady);
  const reasonCodes = useConsoleStore((s) => s.phone.reasonCodes);
  const setReady = useConsoleStore((s) => s.setReady);
  const setNotReady = useConsoleStore((s) => s.setNotReady);

  const currentReason = availability.kind === 'not_ready' ? availability.reasonCode : null;
  const value = state === 'ready' ? READY : state === 'not_ready' ? `${NOT_READY}${currentReason ?? ''}` : `current:${state}`;
  const reason = reasonLabel(reasonCodes, currentReason, language);
  const words = stateWords(t, state, reason);
  const pendingReason = pending ? reasonLabel(reasonCodes, pending.reasonCode, language) : null;

  const notReadyOptions =
    reasonCodes.length > 0
      ? reasonCodes.map((r) => ({
          value: `${NOT_READY}${r.code}`,
          label: <Badge status="default" text={t('workspace.agentState.notReadyReason', { reason: r.label[language] })} />,
        }))
      : [{ value: NOT_READY, label: <Badge status="default" text={t('workspace.agentState.not_ready')} /> }];

  return (
    <>
      <Select<string>
        aria-label={t('workspace.agentState.label')}
        value={value}
        // Not virtual: rc-select then puts role=option on the visible items instead of on hidden copies.
        virtual={false}
        popupMatchSelectWidth={false}
        onChange={(next) => {
          if (next === READY) setReady();
          else if (next.startsWith(NOT_READY)) setNotReady(next.slice(NOT_READY.length) || null);
        }}
        labelRender={() => (
          <span style={{ display: 'inline-flex', alignItems: 'center', gap: 6 }}>
            <Badge status={BADGE_STATUS[state]} />
            <span>{words}</span>
            {state === 'wrap_up' && availability.kind === 'wrap_up' && <WrapUpTimer availability={availability} />}
            {pending && state !== 'not_ready' && (
              <span>
                {pendingReason
                  ? t('workspace.agentState.thenNotReadyReason', { reason: pendingReason })
                  : t('workspace.agentState.thenNotReady')}
              </span>
            )}
          </span>
        )}
        options={[{ value: READY, label: <Badge status="success" text={t('workspace.agentState.ready')} /> }, ...notReadyOptions]}
        style={{ minWidth: 150 }}
      />
      {/* The select's value is not announced when it changes by itself (a call rings): this is. */}
      <span role="status" className="visually-hidden">
        {availability.kind === 'wrap_up' && availability.overrun
          ? t('workspace.agentState.announceOverrun')
          : t('workspace.agentState.announce', { state: words })}
      </span>
    </>
  );
}

/** Time left for after-call work, then by how much it ran over (also flagged by the reducer's tick). */
function WrapUpTimer({ availability }: { availability: Extract<Availability, { kind: 'wrap_up' }> }) {
  const { t } = useTranslation();
  const now = useNow();
  if (availability.deadline === null) return <span>{formatDuration(now - availability.startedAt)}</span>;
  const left = availability.deadline - now;
  if (left > 0 && !availability.overrun) return <span>{t('workspace.agentState.wrapUpLeft', { time: formatDuration(left) })}</span>;
  return (
    <span style={{ color: '#cf1322', fontWeight: 600 }}>
      <WarningFilled aria-hidden /> {t('workspace.agentState.wrapUpOverrun', { time: formatDuration(-left) })}
    </span>
  );
}
