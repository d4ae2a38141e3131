import { Alert, Flex, Input, List, Modal, Typography } from 'antd';
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Evaluation, EvaluationCorrection } from '../../../../shared/api/qa';
import type { ScorecardDefinition } from '../../../../shared/qa/scorecard';
import { scorecardItems } from '../../../../shared/qa/scoring';
import { createLogger } from '../../logger';
import { toUserFacingError, useConsoleStore } from '../../store';
import { errorText } from '../common/error-text';
import { qaDateTime } from './qa-text';
import { ScorecardForm } from './scorecard-form';
import { changedScores, draftFrom, totalText, type ScoreDraft } from './scorecard-model';

const log = createLogger('qa/correction');

export interface CorrectionDialogProps {
  evaluation: Evaluation;
  definition: ScorecardDefinition;
  onClose: () => void;
  onCorrected: (evaluation: Evaluation) => void;
}

/** A supervisor's change of a submitted evaluation: the changed scores and a reason, kept in the audit trail shown below. */
export function CorrectionDialog({ evaluation, definition, onClose, onCorrected }: CorrectionDialogProps) {
  const { t } = useTranslation();
  const callHub = useConsoleStore((s) => s.callHub);
  const reasonId = useId();
  const problemId = useId();
  const before = draftFrom(evaluation).scores;
  const [scores, setScores] = useState<ScoreDraft>(before);
  const [reason, setReason] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async () => {
    const changes = changedScores(definition, before, scores);
    if (reason.trim() === '') return setProblem(t('qa.correction.reasonRequired'));
    if (changes.length === 0) return setProblem(t('qa.correction.nothingChanged'));
    setProblem(null);
    setBusy(true);
    try {
      const next = await callHub((hub, token) => hub.correctEvaluation(token, evaluation.id, { reason: reason.trim(), scores: changes, expectedVersion: evaluation.version }));
      onCorrected(next);
    } catch (error) {
      log.warn(`could not correct evaluation ${evaluation.id}`, error);
      const facing = toUserFacingError(error);
      setProblem(facing.code === 'stale_version' ? t('qa.review.refusedStale') : errorText(t, facing));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal open title={t('qa.correction.title')} onCancel={onClose} onOk={() => void submit()} okText={t('qa.correction.save')} cancelText={t('qa.cancel')} confirmLoading={busy} width={760} destroyOnHidden>
      <Flex vertical gap={12}>
        <ScorecardForm definition={definition} scores={scores} readOnly={false} onScore={(itemId, value) => setScores((s) => ({ ...s, [itemId]: value }))} />
        <Flex vertical gap={4}>
          <label htmlFor={reasonId}>{t('qa.correction.reason')}</label>
          <Input.TextArea
            id={reasonId}
            value={reason}
            onChange={(event) => setReason(event.target.value)}
            maxLength={1000}
            aria-required
            aria-invalid={problem !== null}
            aria-describedby={problem !== null ? problemId : undefined}
          />
        </Flex>
        {problem !== null && (
          <Alert type="error" showIcon role="alert" id={problemId} title={problem} />
        )}
        <CorrectionTrail definition={definition} corrections={evaluation.corrections} />
      </Flex>
    </Modal>
  );
}

/** Every correction made since the submission: who, when, why, and each score before → after. */
export function CorrectionTrail({ definition, corrections }: { definition: ScorecardDefinition; corrections: readonly EvaluationCorrection[] }) {
  const { t } = useTranslation();
  const language = useConsoleStore((s) => s.ui.language);
  const items = scorecardItems(definition);
  const label = (id: string) => items.find((item) => item.id === id)?.label[language] ?? id;
  const value = (v: number | null) => (v === null ? t('qa.scorecard.na') : String(v));
  return (
    <section aria-label={t('qa.correction.trail')} data-testid="qa-correction-trail">
      <Typography.Title level={4} style={{ fontSize: 13 }}>
        {t('qa.correction.trail')}
      </Typography.Title>
      <List
        size="small"
        dataSource={[...corrections]}
        locale={{ emptyText: t('qa.correction.none') }}
        renderItem={(correction) => (
          <List.Item>
            <Flex vertical>
              <Typography.Text>
                {t('qa.correction.entry', { at: qaDateTime(correction.at, language), by: correction.byName, before: totalText(correction.totalBefore), after: totalText(correction.totalAfter) })}
              </Typography.Text>
              <Typography.Text type="secondary">{t('qa.correction.because', { reason: correction.reason })}</Typography.Text>
              {correction.changes.map((change) => (
                <Typography.Text key={change.itemId} style={{ fontSize: 12 }}>
                  {t('qa.correction.change', { item: label(change.itemId), from: value(change.from), to: value(change.to) })}
                </Typography.Text>
              ))}
            </Flex>
          </List.Item>
        )}
      />
    </section>
  );
}
