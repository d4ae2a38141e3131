import { ReloadOutlined } from '@ant-design/icons';
import { Badge, Button, Flex, Typography } from 'antd';
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import type { DispositionCode } from '../../../../shared/api/call-logs';
import type { Language } from '../../../../shared/domain/i18n';
import type { FlowActionView } from '../../store/flow-slice-state';
import { formatDateTime } from '../call-log/call-log-format';
import { actionStateText, actionText, type ActionTone } from './flow-text';

const TONE_BADGE: Record<ActionTone, 'processing' | 'success' | 'error'> = { pending: 'processing', done: 'success', failed: 'error' };

export interface FlowActionListProps {
  actions: readonly FlowActionView[];
  dispositions: readonly DispositionCode[];
  language: Language;
  onRetry: () => void;
}

/**
 * What the script asked for and how it went, in the order requested: waiting for the hub (with the
 * attempts so far and the last problem), done (the ticket number, the callback), or failed with the
 * hub's words and a Retry. The badge's dot adds colour; the words carry the state.
 */
export function FlowActionList({ actions, dispositions, language, onRetry }: FlowActionListProps) {
  const { t } = useTranslation();
  const headingId = useId();
  if (actions.length === 0) return null;
  const sorted = [...actions].sort((a, b) => a.seq - b.seq);
  const anyFailed = sorted.some((a) => a.status === 'failed');
  return (
    <section aria-labelledby={headingId}>
      <Flex justify="space-between" align="center" gap={8} wrap>
        <Typography.Title level={4} id={headingId} style={{ fontSize: 14, margin: 0 }}>
          {t('flows.actions.title')}
        </Typography.Title>
        {anyFailed && (
          <Button size="small" icon={<ReloadOutlined aria-hidden />} onClick={onRetry}>
            {t('flows.actions.retry')}
          </Button>
        )}
      </Flex>
      {/* Announced as the hub answers: a ticket number appearing, a failure. */}
      <ul aria-live="polite" style={{ listStyle: 'none', margin: '8px 0 0', padding: 0 }}>
        {sorted.map((view) => {
          const state = actionStateText(t, view, (iso) => formatDateTime(iso, language));
          return (
            <li key={view.id} data-action={view.action.type} data-state={view.status} style={{ padding: '6px 0', borderTop: '1px solid #f0f0f0' }}>
              <div style={{ wordBreak: 'break-word' }}>{actionText(t, view.action, dispositions, language)}</div>
              <Badge status={TONE_BADGE[state.tone]} text={state.text} />
              {state.detail && (
                <Typography.Text type={state.tone === 'failed' ? 'danger' : 'secondary'} style={{ display: 'block', fontSize: 12, wordBreak: 'break-word' }}>
                  {t('flows.actions.hubSaid', { message: state.detail })}
                </Typography.Text>
              )}
            </li>
          );
        })}
      </ul>
    </section>
  );
}
