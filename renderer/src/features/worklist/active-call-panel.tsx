import { InfoCircleFilled } from '@ant-design/icons';
import { Alert, Button, Card, Descriptions, Flex, Spin, Tag, Typography } from 'antd';
import { useEffect, useId, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { useConsoleStore, type ActiveCallbackCall } from '../../store';
import { formatDateTime } from '../call-log/call-log-format';
import { hashForCase } from '../workspace/panes';
import { AttemptForm } from './attempt-form';
import { taskName } from './worklist-text';
import { TAG_TEXT } from '../common/tag-style';

/** Whether the call's script asked to record the survey: the task ends by it, not by this form. */
function useSurveyRequested(callId: string): boolean {
  return useConsoleStore((s) =>
    (s.flows.runs[callId]?.actions ?? []).some((a) => {
      const type: string = a.action.type;
      return type === 'record_survey';
    }),
  );
}

function ActiveCall({ entry }: { entry: ActiveCallbackCall }) {
  const { t } = useTranslation();
  const language = useConsoleStore((s) => s.ui.language);
  const dismiss = useConsoleStore((s) => s.dismissActiveCall);
  const surveyed = useSurveyRequested(entry.callId);
  const headingId = useId();
  const heading = useRef<HTMLHeadingElement>(null);
  const { task } = entry;
  const none = t('worklist.none');
  // The panel appears below the list when a call starts: bring it, and the call under it, to the person.
  useEffect(() => {
    heading.current?.scrollIntoView?.({ block: 'nearest' });
    heading.current?.focus({ preventScroll: true });
  }, []);

  return (
    <Card size="small" role="region" aria-labelledby={headingId} style={{ borderColor: '#91caff' }}>
      <Flex vertical gap={12}>
        <Flex justify="space-between" align="center" wrap gap={8}>
          <Typography.Title level={2} id={headingId} ref={heading} tabIndex={-1} style={{ fontSize: 15, margin: 0 }}>
            {t('worklist.active.title', { name: taskName(t, task) })}{' '}
            <Tag>{t(`worklist.types.${task.type}`)}</Tag>
            {task.priority === 'high' && <Tag color="gold" style={TAG_TEXT.gold}>{t('worklist.vip')}</Tag>}
          </Typography.Title>
          {entry.phase === 'record' && (
            <Button size="small" onClick={() => dismiss(entry.callId)}>
              {surveyed ? t('worklist.attempt.close') : t('worklist.active.dismiss')}
            </Button>
          )}
        </Flex>
        <Descriptions
          size="small"
          column={{ xs: 1, sm: 2 }}
          items={[
            { key: 'customer', label: t('worklist.columns.customer'), children: `${task.customerName ?? t('worklist.noCustomer')} · ${task.phone ?? t('worklist.noPhone')}` },
            {
              key: 'case',
              label: t('worklist.active.case'),
              children: task.ticketId !== null ? <a href={hashForCase(task.ticketId)}>{`${task.ticketNo ?? ''} ${task.ticketTitle ?? ''}`.trim()}</a> : none,
            },
            { key: 'note', label: t('worklist.active.note'), children: task.note === '' ? none : task.note },
            {
              key: 'attempts',
              label: t('worklist.active.attempts'),
              children:
                task.attempts.length === 0 ? (
                  t('worklist.active.noAttempts')
                ) : (
                  <ul style={{ margin: 0, paddingInlineStart: 18 }}>
                    {task.attempts.map((a) => (
                      <li key={a.id}>
                        {formatDateTime(a.at, language)} · {t(`worklist.outcomes.${a.outcome}`)}
                        {a.note !== '' && ` · ${a.note}`}
                      </li>
                    ))}
                  </ul>
                ),
            },
          ]}
        />
        {entry.noScript && <Alert type="warning" showIcon icon={<InfoCircleFilled aria-hidden />} role="status" title={t('worklist.active.noScript', { type: t(`worklist.types.${task.type}`) })} />}
        {entry.phase === 'live' && <Typography.Text type="secondary">{t('worklist.active.live')}</Typography.Text>}
        {entry.phase === 'checking' && <Spin size="small" description={t('worklist.active.checking')} />}
        {entry.phase === 'record' &&
          (surveyed ? (
            <Alert type="info" showIcon icon={<InfoCircleFilled aria-hidden />} role="status" title={t('worklist.attempt.surveyPending')} />
          ) : (
            <AttemptForm task={task} callId={entry.callId} attemptId={entry.attemptId} prefill={entry.prefill} />
          ))}
      </Flex>
    </Card>
  );
}

/** The tasks whose calls are up, or ended and not yet recorded: above the phone and its script. */
export function ActiveCallPanels() {
  const active = useConsoleStore((s) => s.worklist.active);
  const entries = Object.values(active);
  if (entries.length === 0) return null;
  return (
    <Flex vertical gap={12}>
      {entries.map((entry) => (
        <ActiveCall key={entry.callId} entry={entry} />
      ))}
    </Flex>
  );
}
