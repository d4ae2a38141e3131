import { Button, Descriptions, Flex, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { SpeechMeasures } from '../../../../shared/api/recordings';
import { clockText } from './timeline';

const seconds = (ms: number): number => Math.round(ms / 1000);

export interface MeasuresPanelProps {
  /** null: the recording has no analysis (yet), or there is no recording. */
  measures: SpeechMeasures | null;
  /** Why there is nothing to show, when `measures` is null. */
  absentText: string;
  onJump?: (ms: number) => void;
}

/** The automatic measures from the two channels, beside the scorecard (issue 9 §10). */
export function MeasuresPanel({ measures, absentText, onJump }: MeasuresPanelProps) {
  const { t } = useTranslation();
  return (
    <section aria-label={t('qa.measures.title')} data-testid="qa-measures">
      <Typography.Title level={3} style={{ fontSize: 14, marginTop: 0 }}>
        {t('qa.measures.title')}
      </Typography.Title>
      {measures === null ? (
        <Typography.Text type="secondary">{absentText}</Typography.Text>
      ) : (
        <Descriptions
          size="small"
          column={1}
          items={[
            { key: 'ratio', label: t('qa.measures.talkRatio'), children: <TalkRatio ratio={measures.agentTalkRatio} /> },
            { key: 'overtalk', label: t('qa.measures.overtalk'), children: t('qa.measures.overtalkValue', { seconds: seconds(measures.overtalkMs), count: measures.overtalkCount }) },
            {
              key: 'silence',
              label: t('qa.measures.longestSilence'),
              children: (
                <Flex gap={8} align="center" wrap>
                  <span>{t('qa.measures.secondsValue', { seconds: seconds(measures.longestSilenceMs) })}</span>
                  {measures.longestSilenceAtMs !== null && onJump && (
                    <Button size="small" onClick={() => onJump(measures.longestSilenceAtMs!)}>
                      {t('qa.measures.jumpTo', { time: clockText(measures.longestSilenceAtMs) })}
                    </Button>
                  )}
                </Flex>
              ),
            },
            { key: 'hold', label: t('qa.measures.hold'), children: t('qa.measures.secondsValue', { seconds: seconds(measures.holdMs) }) },
          ]}
        />
      )}
    </section>
  );
}

/** Agent's share above, the customer's beside it, both in words: the bar's colours alone say nothing to some. */
function TalkRatio({ ratio }: { ratio: number | null }) {
  const { t } = useTranslation();
  if (ratio === null) return <span>{t('qa.measures.nobodySpoke')}</span>;
  const agent = Math.round(ratio * 100);
  const text = t('qa.measures.talkRatioValue', { agent, customer: 100 - agent });
  return (
    <Flex vertical gap={4} style={{ minWidth: 160 }}>
      <div aria-hidden style={{ display: 'flex', height: 8, borderRadius: 4, overflow: 'hidden', background: '#73d13d' }}>
        <div style={{ width: `${agent}%`, background: '#4096ff' }} />
      </div>
      <span>{text}</span>
    </Flex>
  );
}
