import { ArrowLeftOutlined, LockOutlined } from '@ant-design/icons';
import { Alert, App, Button, Col, Flex, Input, Popconfirm, Row, Tag, Typography } from 'antd';
import { useCallback, useId, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Evaluation, EvaluationComment, ReviewDetail } from '../../../../shared/api/qa';
import { scoreEvaluation } from '../../../../shared/qa/scoring';
import { createLogger } from '../../logger';
import { isHubError, type HubClient } from '../../services/hub';
import { toUserFacingError, useConsoleStore, type UserFacingError } from '../../store';
import { errorText } from '../common/error-text';
import { CommentsPanel } from './comments-panel';
import { CorrectionDialog } from './correction-dialog';
import { CalibrationLink } from './calibration-view';
import { qaDateTime, reasonTags } from './qa-text';
import type { PlayerHandle } from './recording-player';
import { RecordingMeasures, RecordingSection } from './recording-section';
import { ScorecardForm } from './scorecard-form';
import { draftFrom, itemScores, unscoredItems, type EvaluationDraft } from './scorecard-model';
import { clockText } from './timeline';
import { useHubLoad } from './use-hub-load';
import { useRecording } from './use-recording';
import { TAG_TEXT } from '../common/tag-style';
import { LoadFailed, LoadingState } from './load-states';

const log = createLogger('qa/review');

export interface ReviewWorkspaceProps {
  reviewId: string;
  /** assess: the assessor scores it; supervise: a supervisor reads it and may correct a submitted one. */
  mode: 'assess' | 'supervise';
  onBack: () => void;
}

/** What was typed when a save was refused: shown until dismissed, so nothing typed is lost by the reload. */
interface KeptText {
  summary: string;
  comments: readonly EvaluationComment[];
  error: UserFacingError;
}

/** The review: the call's recording with its events, the measures, the scorecard and the comments. */
export function ReviewWorkspace({ reviewId, mode, onBack }: ReviewWorkspaceProps) {
  const { t } = useTranslation();
  const read = useCallback((hub: HubClient, token: string, signal: AbortSignal) => hub.getReview(token, reviewId, { signal }), [reviewId]);
  const [load, reload] = useHubLoad(`review ${reviewId}`, read);
  const [kept, setKept] = useState<KeptText | null>(null);

  return (
    <Flex vertical gap={12} data-testid="qa-review-workspace">
      <div>
        <Button icon={<ArrowLeftOutlined aria-hidden />} onClick={onBack}>
          {t('qa.review.back')}
        </Button>
      </div>
      {kept && <KeptTextPanel kept={kept} onDismiss={() => setKept(null)} />}
      {load.status === 'loading' || load.status === 'idle' ? (
        <LoadingState label={t('qa.review.loading')} />
      ) : load.status === 'error' ? (
        <LoadFailed title={t('qa.review.loadFailed')} error={load.error} onRetry={reload} />
      ) : (
        // A new version from the hub starts the form again from what the hub holds.
        <ReviewEditor
          key={`${load.value.review.id}:${load.value.evaluation?.version ?? 0}`}
          detail={load.value}
          mode={mode}
          onRefused={(text) => {
            setKept(text);
            reload();
          }}
          onCorrected={reload}
        />
      )}
    </Flex>
  );
}

function KeptTextPanel({ kept, onDismiss }: { kept: KeptText; onDismiss: () => void }) {
  const { t } = useTranslation();
  const reason = kept.error.code === 'read_only' ? t('qa.review.refusedReadOnly') : kept.error.code === 'stale_version' ? t('qa.review.refusedStale') : errorText(t, kept.error);
  return (
    <Alert
      type="warning"
      role="alert"
      showIcon
      data-testid="qa-save-refused"
      title={reason}
      closable={{ onClose: onDismiss, 'aria-label': t('qa.review.dismissKept') }}
      description={
        <Flex vertical gap={4}>
          <Typography.Text>{t('qa.review.keptIntro')}</Typography.Text>
          {kept.summary !== '' && <Typography.Paragraph copyable style={{ whiteSpace: 'pre-wrap', margin: 0 }}>{kept.summary}</Typography.Paragraph>}
          {kept.comments.map((comment) => (
            <Typography.Text key={comment.id} copyable>
              {`${clockText(comment.atMs)} ${comment.text}`}
            </Typography.Text>
          ))}
        </Flex>
      }
    />
  );
}

function ReviewEditor({ detail, mode, onRefused, onCorrected }: { detail: ReviewDetail; mode: 'assess' | 'supervise'; onRefused: (kept: KeptText) => void; onCorrected: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const callHub = useConsoleStore((s) => s.callHub);
  const language = useConsoleStore((s) => s.ui.language);
  const { review, call, scorecard } = detail;
  const [saved, setSaved] = useState<Evaluation | null>(detail.evaluation);
  const [draft, setDraft] = useState<EvaluationDraft>(() => draftFrom(detail.evaluation));
  const [busy, setBusy] = useState<'save' | 'submit' | null>(null);
  const [correcting, setCorrecting] = useState(false);
  const player = useRef<PlayerHandle>(null);
  const summaryId = useId();
  const purpose = mode === 'supervise' ? 'supervision' : review.calibrationId !== null ? 'calibration' : 'review';
  const [recording, retryRecording] = useRecording(review.callId, purpose);

  const submitted = saved?.status === 'submitted';
  const readOnly = submitted || mode === 'supervise';
  const definition = scorecard.definition;
  const missing = unscoredItems(definition, draft.scores);
  const seek = useCallback((ms: number) => player.current?.seek(ms), []);
  const pins = useMemo(() => draft.comments.map((comment) => ({ key: comment.id, atMs: comment.atMs, label: comment.text })), [draft.comments]);

  const save = async (submit: boolean) => {
    setBusy(submit ? 'submit' : 'save');
    try {
      const result = await callHub((hub, token) =>
        hub.saveEvaluation(token, review.id, {
          scores: itemScores(definition, draft.scores),
          comments: [...draft.comments],
          summary: draft.summary,
          submit,
          expectedVersion: saved?.version ?? 0,
        }),
      );
      setSaved(result);
      void message.success(submit ? t('qa.review.submittedNotice') : t('qa.review.savedNotice'));
    } catch (error) {
      log.warn(`could not save the evaluation of review ${review.id}`, error);
      const facing = toUserFacingError(error);
      if (isHubError(error) && (error.code === 'stale_version' || error.code === 'read_only' || error.code === 'conflict')) {
        onRefused({ summary: draft.summary, comments: draft.comments, error: facing });
      } else {
        void message.error(errorText(t, facing));
      }
    } finally {
      setBusy(null);
    }
  };

  const total = saved && readOnly ? saved.total : scoreEvaluation(definition, itemScores(definition, draft.scores)).total;

  return (
    <Flex vertical gap={12}>
      <Flex gap={12} align="center" wrap>
        <Typography.Title level={2} style={{ fontSize: 16, margin: 0 }}>
          {t('qa.review.heading', { agent: review.agentName, time: qaDateTime(review.callStartedAt, language) })}
        </Typography.Title>
        {reasonTags(t, review.reasons)}
        {review.calibrationId !== null && <Tag color="purple" style={TAG_TEXT.purple}>{t('qa.review.calibrationTag')}</Tag>}
        <Typography.Text type="secondary">{t('qa.review.assessor', { name: review.assessorName })}</Typography.Text>
      </Flex>
      {submitted && (
        <Alert
          type="info"
          showIcon
          icon={<LockOutlined aria-hidden />}
          data-testid="qa-read-only-banner"
          title={t('qa.review.readOnly')}
          description={saved?.submittedAt ? t('qa.review.submittedAt', { time: qaDateTime(saved.submittedAt, language), total: total === null ? '—' : total.toFixed(1) }) : undefined}
        />
      )}
      <RecordingSection load={recording} onRetry={retryRecording} events={call.events} pins={pins} handle={player} />
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={8}>
          <RecordingMeasures load={recording} onJump={seek} />
        </Col>
        <Col xs={24} lg={16}>
          <ScorecardForm definition={definition} scores={draft.scores} readOnly={readOnly} onScore={(itemId, value) => setDraft((d) => ({ ...d, scores: { ...d.scores, [itemId]: value } }))} />
        </Col>
      </Row>
      <Flex vertical gap={4}>
        <label htmlFor={summaryId}>{t('qa.review.summary')}</label>
        <Input.TextArea id={summaryId} value={draft.summary} readOnly={readOnly} onChange={(event) => setDraft((d) => ({ ...d, summary: event.target.value }))} maxLength={4000} autoSize={{ minRows: 3, maxRows: 10 }} />
      </Flex>
      <CommentsPanel
        definition={definition}
        comments={draft.comments}
        onSeek={seek}
        {...(readOnly
          ? {}
          : {
              editing: {
                currentMs: () => player.current?.currentMs() ?? 0,
                onAdd: (comment: EvaluationComment) => setDraft((d) => ({ ...d, comments: [...d.comments, comment] })),
                onRemove: (id: string) => setDraft((d) => ({ ...d, comments: d.comments.filter((c) => c.id !== id) })),
              },
            })}
      />
      {mode === 'assess' && !submitted && (
        <Flex gap={8} align="center" wrap>
          <Button onClick={() => void save(false)} loading={busy === 'save'} disabled={busy !== null}>
            {t('qa.review.saveDraft')}
          </Button>
          <Popconfirm title={t('qa.review.submitConfirm')} okText={t('qa.review.submitOk')} cancelText={t('qa.cancel')} onConfirm={() => save(true)} disabled={missing.length > 0 || busy !== null}>
            <Button type="primary" loading={busy === 'submit'} disabled={missing.length > 0 || busy !== null} data-testid="qa-submit">
              {t('qa.review.submit')}
            </Button>
          </Popconfirm>
          {missing.length > 0 && <Typography.Text type="secondary">{t('qa.review.missing', { count: missing.length })}</Typography.Text>}
        </Flex>
      )}
      {submitted && review.calibrationId !== null && <CalibrationLink calibrationId={review.calibrationId} />}
      {mode === 'supervise' && saved && submitted && (
        <div>
          <Button onClick={() => setCorrecting(true)}>{t('qa.correction.open')}</Button>
          {correcting && (
            <CorrectionDialog
              evaluation={saved}
              definition={definition}
              onClose={() => setCorrecting(false)}
              onCorrected={(next) => {
                setSaved(next);
                setCorrecting(false);
                onCorrected();
              }}
            />
          )}
        </div>
      )}
      {mode === 'supervise' && saved === null && <Typography.Text type="secondary">{t('qa.review.notScoredYet')}</Typography.Text>}
    </Flex>
  );
}
