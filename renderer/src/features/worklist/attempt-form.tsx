import { CloseCircleFilled } from '@ant-design/icons';
import { Alert, App, Button, Flex, Input, Radio, Typography } from 'antd';
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CallbackWorkItem } from '../../../../shared/api/callbacks';
import { ATTEMPT_OUTCOMES, type AttemptOutcome } from '../../../../shared/callbacks/callback-rules';
import { checkCallLaterTime } from '../../services/worklist/worklist-model';
import { useConsoleStore, type WorklistActionError } from '../../store';
import { errorText } from '../common/error-text';
import { CallTimeField, type TimeProblem } from './call-time-field';
import { fromLocalInput } from './worklist-text';

/**
 * 登记本次回访结果: the outcome of one try at reaching the customer, prefilled from how the call
 * ended; a time for "call later", checked against the calling hours before it is sent; a note.
 * What was typed stays when the send fails, and a retry is the same attempt (its id is kept).
 */
export function AttemptForm({
  task,
  callId,
  attemptId,
  prefill,
  onDone,
}: {
  task: CallbackWorkItem;
  callId: string | null;
  attemptId: string;
  prefill: AttemptOutcome | null;
  onDone?: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const headingId = useId();
  const outcomeErrorId = useId();
  const noteId = useId();
  const settings = useConsoleStore((s) => s.worklist.settings);
  const recordAttempt = useConsoleStore((s) => s.recordAttempt);
  const [outcome, setOutcome] = useState<AttemptOutcome | null>(prefill);
  const [laterAt, setLaterAt] = useState('');
  const [note, setNote] = useState('');
  const [timeProblem, setTimeProblem] = useState<TimeProblem | null>(null);
  const [outcomeProblem, setOutcomeProblem] = useState<string | null>(null);
  const [failure, setFailure] = useState<WorklistActionError | null>(null);
  const [sending, setSending] = useState(false);

  async function submit(): Promise<void> {
    setFailure(null);
    setOutcomeProblem(null);
    setTimeProblem(null);
    if (outcome === null) {
      setOutcomeProblem(t('worklist.attempt.needOutcome'));
      return;
    }
    let callLaterAt: string | null = null;
    if (outcome === 'call_later') {
      const at = fromLocalInput(laterAt);
      if (at === null) {
        setTimeProblem({ kind: 'required', message: t('worklist.attempt.needCallLaterAt') });
        return;
      }
      // The hub checks again; asking first saves a round trip and offers the next allowed time.
      if (settings) {
        const check = checkCallLaterTime(at, Date.now(), settings.config, settings.timeZone);
        if (!check.ok) {
          setTimeProblem({ kind: 'check', check });
          return;
        }
      }
      callLaterAt = new Date(at).toISOString();
    }
    setSending(true);
    try {
      await recordAttempt(task.id, { id: attemptId, outcome, callLaterAt, note: note.trim(), callId });
      void message.success(t('worklist.attempt.recorded'));
      onDone?.();
    } catch (error) {
      const refused = error as WorklistActionError;
      if (refused.field === 'callLaterAt') setTimeProblem({ kind: 'hub', message: refused.message });
      else if (refused.field === 'outcome' || refused.code === 'survey_required') setOutcomeProblem(errorText(t, refused));
      else setFailure(refused);
    } finally {
      setSending(false);
    }
  }

  return (
    <section aria-labelledby={headingId}>
      <Typography.Title level={3} id={headingId} style={{ fontSize: 14, marginTop: 0 }}>
        {t('worklist.attempt.title')}
      </Typography.Title>
      <Flex vertical gap={12}>
        <fieldset style={{ border: 0, padding: 0, margin: 0 }} aria-describedby={outcomeProblem !== null ? outcomeErrorId : undefined}>
          <legend style={{ fontSize: 14, marginBottom: 4 }}>{t('worklist.attempt.outcome')}</legend>
          <Radio.Group value={outcome} onChange={(e) => setOutcome(e.target.value as AttemptOutcome)}>
            <Flex gap={8} wrap>
              {ATTEMPT_OUTCOMES.map((value) => (
                <Radio key={value} value={value}>
                  {t(`worklist.outcomes.${value}`)}
                </Radio>
              ))}
            </Flex>
          </Radio.Group>
          {outcomeProblem !== null && (
            <div id={outcomeErrorId} role="alert">
              <Typography.Text type="danger">{outcomeProblem}</Typography.Text>
            </div>
          )}
        </fieldset>
        {outcome === 'call_later' && (
          <CallTimeField
            label={t('worklist.attempt.callLaterAt')}
            value={laterAt}
            onChange={(value) => {
              setLaterAt(value);
              setTimeProblem(null);
            }}
            problem={timeProblem}
          />
        )}
        <Flex vertical gap={4}>
          <label htmlFor={noteId}>{t('worklist.attempt.note')}</label>
          <Input.TextArea id={noteId} value={note} maxLength={2000} autoSize={{ minRows: 2, maxRows: 6 }} onChange={(e) => setNote(e.target.value)} />
        </Flex>
        {failure && <Alert type="error" showIcon icon={<CloseCircleFilled aria-hidden />} role="alert" title={t('worklist.attempt.failed', { detail: errorText(t, failure) })} />}
        <Flex gap={8}>
          <Button type="primary" loading={sending} onClick={() => void submit()}>
            {t('worklist.attempt.submit')}
          </Button>
        </Flex>
      </Flex>
    </section>
  );
}
