import { Alert, Button, Descriptions, Flex, Input, Select, Table, Typography, type TableColumnsType } from 'antd';
import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { AssessorList, SamplingRun } from '../../../../shared/api/qa';
import { createLogger } from '../../logger';
import type { HubClient } from '../../services/hub';
import { toUserFacingError, useConsoleStore } from '../../store';
import { errorText } from '../common/error-text';
import { periodProblem, presetPeriod, localToday } from '../reports/report-model';
import { useOrgDesign } from '../workspace/use-org-design';
import { qaDateTime } from './qa-text';
import { useHubLoad } from './use-hub-load';
import { LoadFailed } from './load-states';

const log = createLogger('qa/sampling');

const readAssessors = (hub: HubClient, token: string, signal: AbortSignal): Promise<AssessorList> => hub.qaAssessors(token, { signal });
const readRuns = (hub: HubClient, token: string, signal: AbortSignal) => hub.listSamplingRuns(token, { signal });

/** The assessors to choose from, with their open reviews (so work can be shared fairly). */
export function useAssessors() {
  return useHubLoad('qa assessors', readAssessors);
}

export function assessorOptions(load: ReturnType<typeof useAssessors>[0], openText: (count: number) => string) {
  return load.status === 'ready' ? load.value.assessors.map((a) => ({ value: a.id, label: `${a.displayName}（${openText(a.openReviews)}）` })) : [];
}

/** A sampling run: a period, a department (or all), the assessors who share the picked calls; then what was picked and why. */
export function SamplingRunForm() {
  const { t } = useTranslation();
  const language = useConsoleStore((s) => s.ui.language);
  const callHub = useConsoleStore((s) => s.callHub);
  const ids = { from: useId(), to: useId(), department: useId(), assessors: useId(), problem: useId() };
  const [period, setPeriod] = useState(() => presetPeriod('lastMonth', localToday(new Date())));
  const [department, setDepartment] = useState('');
  const [assessorIds, setAssessorIds] = useState<string[]>([]);
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<SamplingRun | null>(null);
  const [orgLoad] = useOrgDesign();
  const [assessors] = useAssessors();
  const [runs, reloadRuns] = useHubLoad('qa sampling runs', readRuns);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const wrong = periodProblem(period);
    if (wrong !== null) return setProblem(t(`reports.period.problem.${wrong}`));
    if (assessorIds.length === 0) return setProblem(t('qa.sampling.needAssessor'));
    setProblem(null);
    setBusy(true);
    try {
      const run = await callHub((hub, token) => hub.createSamplingRun(token, { from: period.from, to: period.to, assessorIds, ...(department === '' ? {} : { departmentId: department }) }));
      setResult(run);
      reloadRuns();
    } catch (error) {
      log.warn('the sampling run failed', error);
      setProblem(errorText(t, toUserFacingError(error)));
    } finally {
      setBusy(false);
    }
  };

  const byReason = (run: SamplingRun): string =>
    Object.entries(run.byReason)
      .map(([reason, count]) => `${t(`qa.reasons.${reason}`, { defaultValue: reason })} ${count}`)
      .join('，');
  const runColumns: TableColumnsType<SamplingRun> = [
    { title: t('qa.sampling.runAt'), key: 'at', render: (_, run) => qaDateTime(run.createdAt, language) },
    { title: t('qa.sampling.period'), key: 'period', render: (_, run) => t('reports.periodValue', { from: run.from, to: run.to }) },
    { title: t('qa.sampling.seed'), key: 'seed', render: (_, run) => <Typography.Text code>{run.seed}</Typography.Text> },
    { title: t('qa.sampling.candidates'), key: 'candidates', align: 'right', render: (_, run) => run.candidates },
    { title: t('qa.sampling.picked'), key: 'picked', align: 'right', render: (_, run) => run.picked },
    { title: t('qa.sampling.byReason'), key: 'byReason', render: (_, run) => byReason(run) },
    { title: t('qa.sampling.by'), key: 'by', render: (_, run) => run.createdBy },
  ];

  return (
    <Flex vertical gap={16}>
      <form onSubmit={(event) => void submit(event)} aria-label={t('qa.sampling.title')} noValidate>
        <Flex gap={12} align="flex-end" wrap>
          <Flex vertical gap={4}>
            <label htmlFor={ids.from}>{t('reports.period.from')}</label>
            <Input id={ids.from} type="date" value={period.from} onChange={(e) => setPeriod((p) => ({ ...p, from: e.target.value }))} style={{ width: 170 }} />
          </Flex>
          <Flex vertical gap={4}>
            <label htmlFor={ids.to}>{t('reports.period.to')}</label>
            <Input id={ids.to} type="date" value={period.to} onChange={(e) => setPeriod((p) => ({ ...p, to: e.target.value }))} style={{ width: 170 }} />
          </Flex>
          <Flex vertical gap={4}>
            <label htmlFor={ids.department}>{t('qa.sampling.department')}</label>
            <Select<string>
              id={ids.department}
              value={department}
              onChange={setDepartment}
              options={[
                { value: '', label: t('qa.sampling.allDepartments') },
                ...(orgLoad.status === 'ready' ? orgLoad.org.departments.filter((d) => d.kind === 'acceptance' || d.kind === 'callback').map((d) => ({ value: d.code, label: d.name[language] })) : []),
              ]}
              virtual={false}
              style={{ width: 200 }}
            />
          </Flex>
          <Flex vertical gap={4}>
            <label htmlFor={ids.assessors}>{t('qa.sampling.assessors')}</label>
            <Select<string[]>
              id={ids.assessors}
              mode="multiple"
              value={assessorIds}
              onChange={setAssessorIds}
              options={assessorOptions(assessors, (count) => t('qa.sampling.openReviews', { count }))}
              loading={assessors.status === 'loading'}
              virtual={false}
              style={{ minWidth: 280 }}
            />
          </Flex>
          <Button type="primary" htmlType="submit" loading={busy}>
            {t('qa.sampling.run')}
          </Button>
        </Flex>
      </form>
      {problem !== null && <Alert type="error" showIcon role="alert" id={ids.problem} title={problem} />}
      {result && (
        <Descriptions
          size="small"
          bordered
          title={t('qa.sampling.result')}
          column={1}
          items={[
            { key: 'candidates', label: t('qa.sampling.candidates'), children: result.candidates },
            { key: 'picked', label: t('qa.sampling.picked'), children: result.picked },
            {
              key: 'reasons',
              label: t('qa.sampling.byReason'),
              children: byReason(result),
            },
            { key: 'seed', label: t('qa.sampling.seed'), children: result.seed },
          ]}
        />
      )}
      <Typography.Title level={3} style={{ fontSize: 14, margin: 0 }}>
        {t('qa.sampling.recent')}
      </Typography.Title>
      {runs.status === 'error' && <LoadFailed title={t('qa.sampling.loadFailed')} error={runs.error} onRetry={reloadRuns} />}
      <div data-testid="qa-sampling-runs">
        <Table<SamplingRun>
          size="small"
          rowKey="id"
          loading={runs.status === 'loading'}
          columns={runColumns}
          dataSource={runs.status === 'ready' ? runs.value.runs : []}
          pagination={{ pageSize: 10, hideOnSinglePage: true }}
          scroll={{ x: 'max-content' }}
        />
      </div>
    </Flex>
  );
}
