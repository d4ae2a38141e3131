import { Button, Flex, Input, Typography } from 'antd';
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import type { TimeCheck } from '../../services/worklist/worklist-model';
import { useConsoleStore } from '../../store';
import { formatDateTime } from '../call-log/call-log-format';
import { toLocalInput } from './worklist-text';

/** Why a time cannot be used, from the console's own check or from the hub's 400 at this field. */
export type TimeProblem = { kind: 'check'; check: Extract<TimeCheck, { ok: false }> } | { kind: 'required'; message: string } | { kind: 'hub'; message: string };

/**
 * A date and time for a call (the browser's own picker: keyboard and screen readers know it), with
 * what is wrong with it said under it and, when the rules know one, the next time that may be used.
 */
export function CallTimeField({ label, value, onChange, problem }: { label: string; value: string; onChange: (value: string) => void; problem: TimeProblem | null }) {
  const { t } = useTranslation();
  const id = useId();
  const errorId = useId();
  const language = useConsoleStore((s) => s.ui.language);
  const hours = useConsoleStore((s) => s.worklist.settings?.config.callingHours);
  let text: string | null = null;
  let suggestion: number | null = null;
  if (problem?.kind === 'check') {
    text = problem.check.reason === 'past' ? t('worklist.time.past') : t('worklist.time.outside', { start: hours?.start ?? '', end: hours?.end ?? '' });
    suggestion = problem.check.suggestion;
  } else if (problem) {
    text = problem.message;
  }
  return (
    <Flex vertical gap={4}>
      <label htmlFor={id}>{label}</label>
      <Input
        id={id}
        type="datetime-local"
        value={value}
        status={text !== null ? 'error' : undefined}
        aria-invalid={text !== null}
        aria-describedby={text !== null ? errorId : undefined}
        onChange={(e) => onChange(e.target.value)}
        style={{ maxWidth: 260 }}
      />
      {text !== null && (
        <div id={errorId} role="alert">
          <Typography.Text type="danger">{text}</Typography.Text>
          {suggestion !== null && (
            <Flex gap={8} align="center" wrap>
              <Typography.Text>{t('worklist.time.suggestion', { at: formatDateTime(suggestion, language) })}</Typography.Text>
              <Button size="small" onClick={() => onChange(toLocalInput(suggestion))}>
                {t('worklist.time.useSuggestion', { at: formatDateTime(suggestion, language) })}
              </Button>
            </Flex>
          )}
        </div>
      )}
    </Flex>
  );
}
