import { ArrowLeftOutlined } from '@ant-design/icons';
import { Alert, Button, Col, Flex, Input, Modal, Row, Table, Typography, type TableColumnsType } from 'antd';
import { useCallback, useId, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CallLogEvent } from '../../../../shared/api/call-logs';
import type { Evaluation } from '../../../../shared/api/qa';
import type { Scorecard } from '../../../../shared/qa/scorecard';
import { createLogger } from '../../logger';
import type { HubClient } from '../../services/hub';
import { toUserFacingError, useConsoleStore } from '../../store';
import { errorText } from '../common/error-text';
import { useLocationHash } from '../workspace/use-hash-pane';
import { CommentsPanel } from './comments-panel';
import { hashForPlace, placeIdFromHash } from './qa-places';
import { fatalTag, qaDateTime, responseTag } from './qa-text';
import type { PlayerHandle } from './recording-player';
import { RecordingMeasures, RecordingSection } from './recording-section';
import { ScorecardForm } from './scorecard-form';
import { draftFrom, totalText } from './scorecard-model';
import { useHubLoad } from './use-hub-load';
import { useRecording } from './use-recording';
import { LoadFailed, LoadingState } from './load-states';

const log = createLogger('qa/evaluations');
const SLUG = 'evaluations';
const NO_EVENTS: CallLogEvent[] = [];
/** A call starts before its recording (ringing), by less than this. */
const CALL_LEAD_MS = 2 * 3600_000;

const readMine = (hub: HubClient, token: string, signal: AbortSignal) => hub.listEvaluations(token, {}, { signal });

/** The agent's pane (我的质检): the submitted evaluations of my calls; one opened replays the moments commented on. */
export function EvaluationsPane() {
  const hash = useLocationHash();
  const evaluationId = placeIdFromHash(hash, SLUG);
  const go = (id: string | null) => {
    window.location.hash = hashForPlace(SLUG, id);
  };
  if (evaluationId !== null) return <EvaluationDetail key={evaluationId} evaluationId={evaluationId} onBack={() => go(null)} />;
  return <EvaluationList onOpen={go} />;
}

function EvaluationList({ onOpen }: { onOpen: (id: string) => void }) {
  const { t } = useTranslation();
  const language = useConsoleStore((s) => s.ui.language);
  const [load, reload] = useHubLoad('my evaluations', readMine);
  const columns: TableColumnsType<Evaluation> = [
    { title: t('qa.evaluations.date'), key: 'date', render: (_, e) => qaDateTime(e.submittedAt ?? e.updatedAt, language) },
    { title: t('qa.evaluations.score'), key: 'score', align: 'right', render: (_, e) => totalText(e.total) },
    { title: t('qa.evaluations.fatal'), key: 'fatal', render: (_, e) => (e.fatal ? fatalTag(t) : t('qa.evaluations.noFatal')) },
    { title: t('qa.evaluations.response'), key: 'response', render: (_, e) => responseTag(t, e.agentResponse.status) },
    {
      title: t('qa.queue.action'),
      key: 'open',
      render: (_, e) => (
        <Button size="small" onClick={() => onOpen(e.id)} data-testid="qa-open-evaluation" data-evaluation-id={e.id} aria-label={t('qa.evaluations.openLabel', { date: qaDateTime(e.submittedAt ?? e.updatedAt, language) })}>
          {t('qa.queue.open')}
        </Button>
      ),
    },
  ];
  return (
    <Flex vertical gap={12} data-testid="qa-evaluation-list">
      {load.status === 'error' && <LoadFailed title={t('qa.evaluations.loadFailed')} error={load.error} onRetry={reload} />}
      <Table<Evaluation>
        size="small"
        rowKey="id"
        loading={load.status === 'loading'}
        columns={columns}
        dataSource={load.status === 'ready' ? load.value.evaluations : []}
        pagination={{ pageSize: 50, hideOnSinglePage: true }}
        locale={{ emptyText: <Typography.Text type="secondary">{t('qa.evaluations.none')}</Typography.Text> }}
      />
    </Flex>
  );
}

interface DetailData {
  evaluation: Evaluation;
  scorecard: Scorecard;
}

function EvaluationDetail({ evaluationId, onBack }: { evaluationId: string; onBack: () => void }) {
  const { t } = useTranslation();
  const read = useCallback(async (hub: HubClient, token: string, signal: AbortSignal): Promise<DetailData> => {
    const evaluation = await hub.getEvaluation(token, evaluationId, { signal });
    const scorecard = await hub.qaScorecardVersion(token, evaluation.scorecardId, evaluation.scorecardVersion, { signal });
    return { evaluation, scorecard };
  }, [evaluationId]);
  const [load, reload] = useHubLoad(`evaluation ${evaluationId}`, read);
  return (
    <Flex vertical gap={12} data-testid="qa-evaluation-detail">
      <div>
        <Button icon={<ArrowLeftOutlined aria-hidden />} onClick={onBack}>
          {t('qa.evaluations.back')}
        </Button>
      </div>
      {load.status === 'ready' ? (
        <EvaluationView data={load.value} />
      ) : load.status === 'error' ? (
        <LoadFailed title={t('qa.evaluations.loadFailed')} error={load.error} onRetry={reload} />
      ) : (
        <LoadingState label={t('qa.review.loading')} />
      )}
    </Flex>
  );
}

function EvaluationView({ data }: { data: DetailData }) {
  const { t } = useTranslation();
  const language = useConsoleStore((s) => s.ui.language);
  const [evaluation, setEvaluation] = useState(data.evaluation);
  const { scorecard } = data;
  const player = useRef<PlayerHandle>(null);
  const [recording, retryRecording] = useRecording(evaluation.callId, 'own_call');
  const events = useOwnCallEvents(evaluation.callId, recording.status === 'ready' && recording.value.kind === 'ready' ? recording.value.recording.startedAt : null);
  const seek = useCallback((ms: number) => player.current?.seek(ms), []);
  const draft = useMemo(() => draftFrom(evaluation), [evaluation]);
  const pins = useMemo(() => evaluation.comments.map((c) => ({ key: c.id, atMs: c.atMs, label: c.text })), [evaluation.comments]);
  return (
    <Flex vertical gap={12}>
      <Flex gap={12} align="center" wrap>
        <Typography.Title level={2} style={{ fontSize: 16, margin: 0 }}>
          {t('qa.evaluations.heading', { date: qaDateTime(evaluation.submittedAt ?? evaluation.updatedAt, language), total: totalText(evaluation.total) })}
        </Typography.Title>
        {evaluation.fatal && fatalTag(t)}
        <Typography.Text type="secondary">{t('qa.review.assessor', { name: evaluation.assessorName })}</Typography.Text>
      </Flex>
      <RecordingSection load={recording} onRetry={retryRecording} events={events} pins={pins} handle={player} />
      <CommentsPanel definition={scorecard.definition} comments={evaluation.comments} onSeek={seek} />
      {evaluation.summary !== '' && (
        <section aria-label={t('qa.review.summary')}>
          <Typography.Title level={3} style={{ fontSize: 14 }}>
            {t('qa.review.summary')}
          </Typography.Title>
          <Typography.Paragraph style={{ whiteSpace: 'pre-wrap' }}>{evaluation.summary}</Typography.Paragraph>
        </section>
      )}
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={8}>
          <RecordingMeasures load={recording} onJump={seek} />
        </Col>
        <Col xs={24} lg={16}>
          <ScorecardForm definition={scorecard.definition} scores={draft.scores} readOnly />
        </Col>
      </Row>
      <ResponseBar evaluation={evaluation} onResponded={setEvaluation} />
    </Flex>
  );
}

/**
 * The events of my own call for the markers: the agent reads the call log of their own calls (the
 * review detail is the assessors'), so the call is found among those started shortly before its
 * recording. Without it the player still shows the pauses and the comments.
 */
function useOwnCallEvents(callId: string, recordingStartedAt: string | null): readonly CallLogEvent[] {
  const read = useCallback(
    async (hub: HubClient, token: string, signal: AbortSignal): Promise<readonly CallLogEvent[]> => {
      if (recordingStartedAt === null) return NO_EVENTS;
      const start = Date.parse(recordingStartedAt);
      const page = await hub.listCallLogs(token, { from: new Date(start - CALL_LEAD_MS).toISOString(), to: new Date(start + 1_000).toISOString(), limit: 100 }, { signal });
      return page.items.find((item) => item.id === callId)?.events ?? NO_EVENTS;
    },
    [callId, recordingStartedAt],
  );
  const [load] = useHubLoad(recordingStartedAt === null ? null : `own call ${callId}`, read);
  return load.status === 'ready' ? load.value : NO_EVENTS;
}

/** Acknowledge, or dispute with a reason (required: the assessor and the supervisor read it). */
export function ResponseBar({ evaluation, onResponded }: { evaluation: Evaluation; onResponded: (evaluation: Evaluation) => void }) {
  const { t } = useTranslation();
  const language = useConsoleStore((s) => s.ui.language);
  const callHub = useConsoleStore((s) => s.callHub);
  const reasonId = useId();
  const problemId = useId();
  const [disputing, setDisputing] = useState(false);
  const [reason, setReason] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState<'acknowledged' | 'disputed' | null>(null);
  const response = evaluation.agentResponse;

  const send = async (status: 'acknowledged' | 'disputed') => {
    if (status === 'disputed' && reason.trim() === '') return setProblem(t('qa.response.reasonRequired'));
    setProblem(null);
    setBusy(status);
    try {
      const next = await callHub((hub, token) => hub.respondToEvaluation(token, evaluation.id, status === 'disputed' ? { status, note: reason.trim() } : { status, note: '' }));
      onResponded(next);
      setDisputing(false);
    } catch (error) {
      log.warn(`could not respond to evaluation ${evaluation.id}`, error);
      setProblem(errorText(t, toUserFacingError(error)));
    } finally {
      setBusy(null);
    }
  };

  if (response.status !== 'pending') {
    return (
      <Alert
        type={response.status === 'acknowledged' ? 'success' : 'warning'}
        showIcon
        data-testid="qa-response-status"
        data-status={response.status}
        title={t(`qa.response.done.${response.status}`, { at: response.at ? qaDateTime(response.at, language) : '' })}
        description={response.note !== '' ? response.note : undefined}
      />
    );
  }
  return (
    <Flex vertical gap={8} data-testid="qa-response">
      <Flex gap={8} wrap>
        <Button type="primary" onClick={() => void send('acknowledged')} loading={busy === 'acknowledged'} disabled={busy !== null}>
          {t('qa.response.acknowledge')}
        </Button>
        <Button danger onClick={() => setDisputing(true)} disabled={busy !== null}>
          {t('qa.response.dispute')}
        </Button>
      </Flex>
      {problem !== null && !disputing && <Alert type="error" showIcon role="alert" title={problem} />}
      <Modal
        open={disputing}
        title={t('qa.response.disputeTitle')}
        okText={t('qa.response.disputeOk')}
        cancelText={t('qa.cancel')}
        onOk={() => void send('disputed')}
        okButtonProps={{ disabled: reason.trim() === '' }}
        confirmLoading={busy === 'disputed'}
        onCancel={() => {
          setDisputing(false);
          setProblem(null);
        }}
        destroyOnHidden
      >
        <Flex vertical gap={4}>
          <label htmlFor={reasonId}>{t('qa.response.reason')}</label>
          <Input.TextArea
            id={reasonId}
            value={reason}
            onChange={(event) => setReason(event.target.value)}
            maxLength={2000}
            aria-required
            aria-invalid={problem !== null}
            aria-describedby={problem !== null ? problemId : undefined}
            autoSize={{ minRows: 3, maxRows: 8 }}
          />
          <Typography.Text type="secondary">{t('qa.response.reasonHint')}</Typography.Text>
          {problem !== null && (
            <Typography.Text type="danger" id={problemId} role="alert">
              {problem}
            </Typography.Text>
          )}
        </Flex>
      </Modal>
    </Flex>
  );
}
