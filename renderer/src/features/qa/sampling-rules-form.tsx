import { Alert, App, Button, Checkbox, Flex, InputNumber, Spin, Table, Typography, type TableColumnsType } from 'antd';
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { RISK_KINDS, type RiskKind, type RiskRule, type SamplingRules } from '../../../../shared/api/qa';
import { createLogger } from '../../logger';
import type { HubClient } from '../../services/hub';
import { toUserFacingError, useConsoleStore } from '../../store';
import { errorText } from '../common/error-text';
import { useHubLoad } from './use-hub-load';
import { LoadFailed } from './load-states';

const log = createLogger('qa/sampling-rules');

const readRules = (hub: HubClient, token: string, signal: AbortSignal) => hub.samplingRules(token, { signal });

/** Every risk kind once, in the contract's order: a kind the hub has no rule for is shown switched off. */
export function rulesForForm(rules: SamplingRules): RiskRule[] {
  return RISK_KINDS.map((kind) => rules.risk.find((rule) => rule.kind === kind) ?? { kind, enabled: false, threshold: 0, perAgent: 0 });
}

/** The sampling rules runs use: N random calls per agent, plus the risky calls (managers and admins change them). */
export function SamplingRulesForm({ editable }: { editable: boolean }) {
  const [load, reload] = useHubLoad('qa sampling rules', readRules);
  const { t } = useTranslation();
  if (load.status === 'ready') return <RulesEditor key={JSON.stringify(load.value)} rules={load.value} editable={editable} onSaved={reload} />;
  if (load.status === 'error')
    return <LoadFailed title={t('qa.rules.loadFailed')} error={load.error} onRetry={reload} />;
  return <Spin />;
}

function RulesEditor({ rules, editable, onSaved }: { rules: SamplingRules; editable: boolean; onSaved: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const callHub = useConsoleStore((s) => s.callHub);
  const randomId = useId();
  const [random, setRandom] = useState(rules.randomPerAgent);
  const [risk, setRisk] = useState<RiskRule[]>(() => rulesForForm(rules));
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const change = (kind: RiskKind, patch: Partial<RiskRule>) => setRisk((all) => all.map((rule) => (rule.kind === kind ? { ...rule, ...patch } : rule)));

  const save = async () => {
    setBusy(true);
    setProblem(null);
    try {
      await callHub((hub, token) => hub.saveSamplingRules(token, { randomPerAgent: random, risk }));
      void message.success(t('qa.rules.saved'));
      onSaved();
    } catch (error) {
      log.warn('could not save the sampling rules', error);
      setProblem(errorText(t, toUserFacingError(error)));
    } finally {
      setBusy(false);
    }
  };

  const columns: TableColumnsType<RiskRule> = [
    {
      title: t('qa.rules.kind'),
      key: 'kind',
      render: (_, rule) => (
        <Checkbox checked={rule.enabled} disabled={!editable} onChange={(event) => change(rule.kind, { enabled: event.target.checked })}>
          {t(`qa.reasons.${rule.kind}`)}
        </Checkbox>
      ),
    },
    {
      title: t('qa.rules.threshold'),
      key: 'threshold',
      render: (_, rule) =>
        rule.kind === 'complaint' ? (
          '—'
        ) : (
          <Flex gap={4} align="center">
            <InputNumber
              aria-label={t('qa.rules.thresholdOf', { kind: t(`qa.reasons.${rule.kind}`) })}
              min={0}
              max={rule.kind === 'low_satisfaction' ? 5 : 86_400}
              value={rule.threshold}
              disabled={!editable}
              onChange={(value) => change(rule.kind, { threshold: value ?? 0 })}
            />
            <span>{rule.kind === 'low_satisfaction' ? t('qa.rules.scoreUnit') : t('qa.rules.secondsUnit')}</span>
          </Flex>
        ),
    },
    {
      title: t('qa.rules.perAgent'),
      key: 'perAgent',
      render: (_, rule) => (
        <InputNumber aria-label={t('qa.rules.perAgentOf', { kind: t(`qa.reasons.${rule.kind}`) })} min={0} max={100} precision={0} value={rule.perAgent} disabled={!editable} onChange={(value) => change(rule.kind, { perAgent: value ?? 0 })} />
      ),
    },
  ];

  return (
    <Flex vertical gap={12} data-testid="qa-sampling-rules">
      <Flex gap={8} align="center">
        <label htmlFor={randomId}>{t('qa.rules.random')}</label>
        <InputNumber id={randomId} min={0} max={100} precision={0} value={random} disabled={!editable} onChange={(value) => setRandom(value ?? 0)} />
      </Flex>
      <Table<RiskRule> size="small" bordered pagination={false} rowKey="kind" columns={columns} dataSource={risk} />
      <Typography.Text type="secondary">{t('qa.rules.note')}</Typography.Text>
      {problem !== null && <Alert type="error" showIcon role="alert" title={problem} />}
      {editable && (
        <div>
          <Button type="primary" onClick={() => void save()} loading={busy}>
            {t('qa.rules.save')}
          </Button>
        </div>
      )}
    </Flex>
  );
}
