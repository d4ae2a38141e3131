import { Alert, App, Button, Flex, Select, Table, Tabs, Typography, type TableColumnsType } from 'antd';
import { useId, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Calibration } from '../../../../shared/api/qa';
import { createLogger } from '../../logger';
import type { HubClient } from '../../services/hub';
import { toUserFacingError, useConsoleStore } from '../../store';
import { errorText } from '../common/error-text';
import { useLocationHash } from '../workspace/use-hash-pane';
import { CalibrationView } from './calibration-view';
import { hashForPlace, placeIdFromHash } from './qa-places';
import { qaDateTime } from './qa-text';
import { ReviewQueue } from './review-queue';
import { ReviewWorkspace } from './review-workspace';
import { ScorecardsTab } from './scorecards-tab';
import { assessorOptions, SamplingRunForm, useAssessors } from './sampling-run-form';
import { SamplingRulesForm } from './sampling-rules-form';
import { useHubLoad } from './use-hub-load';

const log = createLogger('qa/quality');
const SLUG = 'quality';

/**
 * 质检管理. Supervisors and managers: every review, sampling runs, calibration, the rules, the scorecards.
 * The quality control room (qa) samples calls and takes part in calibration too, but works its own
 * reviews in its queue (the reviewQueue pane), so it has no "all reviews" here. Admins configure the
 * assessment: the rules and the scorecards.
 */
export function QualityPane() {
  const { t } = useTranslation();
  const hash = useLocationHash();
  const reviewId = placeIdFromHash(hash, SLUG);
  const go = (id: string | null) => {
    window.location.hash = hashForPlace(SLUG, id);
  };
  const role = useConsoleStore((s) => s.session.user?.role);
  const lead = role === 'supervisor' || role === 'manager';
  const works = lead || role === 'qa';
  if (reviewId !== null && lead) return <ReviewWorkspace key={reviewId} reviewId={reviewId} mode="supervise" onBack={() => go(null)} />;
  return (
    <Tabs
      aria-label={t('qa.quality.tabs')}
      items={[
        ...(lead ? [{ key: 'reviews', label: t('qa.quality.reviews'), children: <ReviewQueue scope="all" onOpen={go} /> }] : []),
        ...(works
          ? [
              { key: 'sampling', label: t('qa.quality.sampling'), children: <SamplingRunForm /> },
              { key: 'calibration', label: t('qa.quality.calibration'), children: <CalibrationTab lead={lead} /> },
            ]
          : []),
        // Managers and admins change the rules (the hub's rule); the others read them.
        { key: 'rules', label: t('qa.quality.rules'), children: <SamplingRulesForm editable={role === 'manager' || role === 'admin'} /> },
        { key: 'scorecards', label: t('qa.quality.scorecards'), children: <ScorecardsTab canUpload={role === 'admin'} /> },
      ]}
    />
  );
}

const readCalibrations = (hub: HubClient, token: string, signal: AbortSignal) => hub.listCalibrations(token, { signal });
// An assessor may list only their own reviews (the hub refuses them everyone's): they calibrate on calls they were given.
const readAllReviews = (hub: HubClient, token: string, signal: AbortSignal) => hub.listReviews(token, { scope: 'all' }, { signal });
const readMyReviews = (hub: HubClient, token: string, signal: AbortSignal) => hub.listReviews(token, { scope: 'mine' }, { signal });

/** Calibrations: all of them for leads; for an assessor, those they take part in (the hub's rule). */
function CalibrationTab({ lead }: { lead: boolean }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const language = useConsoleStore((s) => s.ui.language);
  const myId = useConsoleStore((s) => s.session.user?.id);
  const [list, reload] = useHubLoad('qa calibrations', readCalibrations);
  const [shown, setShown] = useState<string | null>(null);
  const columns: TableColumnsType<Calibration> = [
    { title: t('qa.calibration.createdAt'), key: 'at', render: (_, c) => qaDateTime(c.createdAt, language) },
    { title: t('qa.queue.agent'), key: 'agent', render: (_, c) => c.agentName },
    { title: t('qa.calibration.submitted'), key: 'submitted', render: (_, c) => t('qa.calibration.submittedCount', { done: c.assessors.filter((a) => a.submitted).length, all: c.assessors.length }) },
    { title: t('qa.calibration.totalSpread'), key: 'spread', align: 'right', render: (_, c) => (c.totalSpread === null ? '—' : c.totalSpread.toFixed(1)) },
    {
      title: t('qa.queue.action'),
      key: 'show',
      render: (_, c) => (
        <Button size="small" onClick={() => setShown(c.id)} aria-pressed={shown === c.id}>
          {t('qa.calibration.view')}
        </Button>
      ),
    },
  ];
  return (
    <Flex vertical gap={16}>
      <CreateCalibration
        lead={lead}
        onCreated={(calibration) => {
          void message.success(t('qa.calibration.created'));
          reload();
          // An assessor who made one without taking part may not read it (the hub answers 404): nothing to show them.
          if (lead || calibration.assessors.some((a) => a.assessorId === myId)) setShown(calibration.id);
        }}
      />
      {list.status === 'error' && <Alert type="error" showIcon title={t('qa.calibration.loadFailed')} description={errorText(t, list.error)} />}
      <Table<Calibration> size="small" rowKey="id" loading={list.status === 'loading'} columns={columns} dataSource={list.status === 'ready' ? list.value.calibrations : []} pagination={{ pageSize: 10, hideOnSinglePage: true }} />
      {shown !== null && <CalibrationView key={shown} calibrationId={shown} />}
    </Flex>
  );
}

/** The same call to two or more assessors, scored blind: a sampled call is picked from the reviews. */
function CreateCalibration({ lead, onCreated }: { lead: boolean; onCreated: (calibration: Calibration) => void }) {
  const { t } = useTranslation();
  const language = useConsoleStore((s) => s.ui.language);
  const callHub = useConsoleStore((s) => s.callHub);
  const ids = { call: useId(), assessors: useId() };
  const [reviews] = useHubLoad(lead ? 'qa calibration calls' : 'qa calibration my calls', lead ? readAllReviews : readMyReviews);
  const [assessors] = useAssessors();
  const [callId, setCallId] = useState<string | null>(null);
  const [assessorIds, setAssessorIds] = useState<string[]>([]);
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const calls = useMemo(() => {
    if (reviews.status !== 'ready') return [];
    const seen = new Map<string, string>();
    for (const review of reviews.value.reviews) {
      if (review.calibrationId === null && !seen.has(review.callId)) seen.set(review.callId, `${review.agentName} · ${qaDateTime(review.callStartedAt, language)}`);
    }
    return [...seen].map(([value, label]) => ({ value, label }));
  }, [reviews, language]);

  const create = async () => {
    if (callId === null) return setProblem(t('qa.calibration.needCall'));
    if (assessorIds.length < 2) return setProblem(t('qa.calibration.needTwo'));
    setProblem(null);
    setBusy(true);
    try {
      const calibration = await callHub((hub, token) => hub.createCalibration(token, { callId, assessorIds }));
      setCallId(null);
      setAssessorIds([]);
      onCreated(calibration);
    } catch (error) {
      log.warn('could not create the calibration', error);
      setProblem(errorText(t, toUserFacingError(error)));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section aria-label={t('qa.calibration.create')}>
      <Typography.Title level={3} style={{ fontSize: 14, marginTop: 0 }}>
        {t('qa.calibration.create')}
      </Typography.Title>
      <Flex gap={12} align="flex-end" wrap>
        <Flex vertical gap={4}>
          <label htmlFor={ids.call}>{t('qa.calibration.call')}</label>
          <Select<string> id={ids.call} value={callId ?? undefined} onChange={setCallId} options={calls} showSearch={{ optionFilterProp: 'label' }} virtual={false} style={{ width: 300 }} />
        </Flex>
        <Flex vertical gap={4}>
          <label htmlFor={ids.assessors}>{t('qa.sampling.assessors')}</label>
          <Select<string[]> id={ids.assessors} mode="multiple" value={assessorIds} onChange={setAssessorIds} options={assessorOptions(assessors, (count) => t('qa.sampling.openReviews', { count }))} virtual={false} style={{ minWidth: 280 }} />
        </Flex>
        <Button type="primary" onClick={() => void create()} loading={busy}>
          {t('qa.calibration.createButton')}
        </Button>
      </Flex>
      {problem !== null && <Alert type="error" showIcon role="alert" title={problem} style={{ marginTop: 8 }} />}
    </section>
  );
}
