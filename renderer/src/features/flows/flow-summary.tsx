import { CheckCircleFilled } from '@ant-design/icons';
import { Flex, Typography } from 'antd';
import { useEffect, useId, useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { DispositionCode } from '../../../../shared/api/call-logs';
import type { Language } from '../../../../shared/domain/i18n';
import type { FlowEndOutcome } from '../../../../shared/flows/flow-schema';
import type { AnswerLine } from '../../../../shared/flows/flow-run';
import type { FlowActionView } from '../../store/flow-slice-state';
import { Facts } from '../common/facts';
import { FlowActionList } from './flow-action-list';
import { outcomeText, ticketNumbers } from './flow-text';

export interface FlowSummaryProps {
  outcome: FlowEndOutcome | null;
  lines: readonly AnswerLine[];
  actions: readonly FlowActionView[];
  dispositions: readonly DispositionCode[];
  language: Language;
  onRetry: () => void;
  /** Reached by Finish just now (not shown again after a reload): the focus moves to the summary. */
  takeFocus?: boolean;
}

/**
 * The end of a script: how it ended, every answer of the path taken, the ticket number(s) and what
 * else was done — what the agent reads back to the customer and what wrap-up relies on.
 */
export function FlowSummary({ outcome, lines, actions, dispositions, language, onRetry, takeFocus = false }: FlowSummaryProps) {
  const { t } = useTranslation();
  const headingId = useId();
  const heading = useRef<HTMLHeadingElement>(null);
  const [focusOnArrival] = useState(takeFocus);
  useEffect(() => {
    if (focusOnArrival) heading.current?.focus();
  }, [focusOnArrival]);
  const tickets = ticketNumbers(actions);
  const facts: [string, ReactNode][] = [];
  if (outcome) facts.push([t('flows.summary.outcome'), outcomeText(t, outcome)]);
  if (tickets.length > 0) facts.push([t('flows.summary.tickets'), <strong key="tickets" data-ticket-no>{tickets.join(', ')}</strong>]);
  return (
    <section aria-labelledby={headingId}>
      <Flex vertical gap={12}>
        <Typography.Title level={4} id={headingId} ref={heading} tabIndex={-1} style={{ fontSize: 15, margin: 0 }}>
          <CheckCircleFilled aria-hidden style={{ color: '#389e0d', marginInlineEnd: 6 }} />
          {t('flows.summary.title')}
        </Typography.Title>
        {facts.length > 0 && <Facts items={facts} />}
        <div>
          <Typography.Title level={5} style={{ fontSize: 14, margin: '0 0 4px' }}>
            {t('flows.summary.answers')}
          </Typography.Title>
          {lines.length === 0 ? <Typography.Text type="secondary">{t('flows.summary.noAnswers')}</Typography.Text> : <AnswerList lines={lines} />}
        </div>
        <FlowActionList actions={actions} dispositions={dispositions} language={language} onRetry={onRetry} />
        <Typography.Text type="secondary">{t('flows.summary.saved')}</Typography.Text>
      </Flex>
    </section>
  );
}

/** The answers as label–value pairs; keyed by question, since two questions may share a label. */
function AnswerList({ lines }: { lines: readonly AnswerLine[] }) {
  return (
    <dl style={{ display: 'grid', gridTemplateColumns: 'minmax(0, max-content) 1fr', gap: '4px 16px', margin: 0 }}>
      {lines.map((line) => (
        <div key={line.questionId} data-answer={line.questionId} style={{ display: 'contents' }}>
          <dt>
            <Typography.Text type="secondary">{line.label}</Typography.Text>
          </dt>
          <dd style={{ margin: 0, minWidth: 0, wordBreak: 'break-word', whiteSpace: 'pre-wrap' }}>{line.display}</dd>
        </div>
      ))}
    </dl>
  );
}
