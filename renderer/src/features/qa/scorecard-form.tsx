import { Alert, Flex, Radio, Select, Tag, Typography } from 'antd';
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import type { ScorecardDefinition, ScorecardItem } from '../../../../shared/qa/scorecard';
import { useConsoleStore } from '../../store';
import { liveScore, totalText, type ScoreDraft } from './scorecard-model';
import { TAG_TEXT } from '../common/tag-style';

export interface ScorecardFormProps {
  definition: ScorecardDefinition;
  scores: ScoreDraft;
  onScore?: (itemId: string, value: number | null) => void;
  readOnly: boolean;
}

const NA = 'na';

/**
 * The scorecard: its sections and items, a points list (0 … weight, or n/a) for each ordinary item,
 * pass / fail / n/a for a fatal one, and the running total as the hub will store it.
 */
export function ScorecardForm({ definition, scores, onScore, readOnly }: ScorecardFormProps) {
  const { t } = useTranslation();
  const language = useConsoleStore((s) => s.ui.language);
  const result = liveScore(definition, scores);
  return (
    <section aria-label={t('qa.scorecard.title')} data-testid="qa-scorecard">
      <Flex justify="space-between" align="center" wrap gap={8}>
        <Typography.Title level={3} style={{ fontSize: 14, margin: 0 }}>
          {definition.name[language]}
        </Typography.Title>
        <Typography.Text strong data-testid="qa-total" data-total={result.total ?? ''} role="status">
          {t('qa.scorecard.total', { total: totalText(result.total) })}
        </Typography.Text>
      </Flex>
      {result.fatal && <Alert type="error" showIcon style={{ marginTop: 8 }} title={t('qa.scorecard.fatalFailed')} />}
      {definition.sections.map((section) => (
        <fieldset key={section.id} style={{ border: 'none', padding: 0, margin: '12px 0 0' }}>
          <legend style={{ fontWeight: 600, fontSize: 13 }}>{section.label[language]}</legend>
          <Flex vertical gap={8}>
            {section.items.map((item) => (
              <ItemRow key={item.id} item={item} value={scores[item.id]} scored={Object.hasOwn(scores, item.id)} readOnly={readOnly} onScore={onScore} />
            ))}
          </Flex>
        </fieldset>
      ))}
    </section>
  );
}

function ItemRow({ item, value, scored, readOnly, onScore }: { item: ScorecardItem; value: number | null | undefined; scored: boolean; readOnly: boolean; onScore: ((itemId: string, value: number | null) => void) | undefined }) {
  const { t } = useTranslation();
  const language = useConsoleStore((s) => s.ui.language);
  const labelId = useId();
  const guideId = useId();
  const label = item.label[language];
  return (
    <Flex gap={12} align="center" justify="space-between" wrap data-testid="qa-score-item" data-item-id={item.id}>
      <Flex vertical style={{ flex: '1 1 200px', minWidth: 0 }}>
        <span id={labelId}>
          {label}
          {item.fatal ? (
            // Red, and the word itself: the colour alone would say nothing to some.
            <Tag color="error" style={{ ...TAG_TEXT.error, marginInlineStart: 8 }}>
              {t('qa.scorecard.fatalTag')}
            </Tag>
          ) : (
            <Typography.Text type="secondary" style={{ marginInlineStart: 8, fontSize: 12 }}>
              {t('qa.scorecard.weight', { weight: item.weight })}
            </Typography.Text>
          )}
        </span>
        {item.guide && (
          <Typography.Text id={guideId} type="secondary" style={{ fontSize: 12 }}>
            {item.guide[language]}
          </Typography.Text>
        )}
      </Flex>
      {item.fatal ? (
        <Radio.Group
          aria-labelledby={labelId}
          disabled={readOnly}
          value={scored ? (value === null ? NA : String(value)) : undefined}
          onChange={(event) => onScore?.(item.id, event.target.value === NA ? null : Number(event.target.value))}
          options={[
            { value: '1', label: t('qa.scorecard.pass') },
            { value: '0', label: t('qa.scorecard.fail') },
            { value: NA, label: t('qa.scorecard.na') },
          ]}
        />
      ) : (
        <Select<string>
          aria-labelledby={labelId}
          {...(item.guide ? { 'aria-describedby': guideId } : {})}
          disabled={readOnly}
          placeholder={t('qa.scorecard.unscored')}
          value={scored ? (value === null || value === undefined ? NA : String(value)) : undefined}
          onChange={(next) => onScore?.(item.id, next === NA ? null : Number(next))}
          options={[
            { value: NA, label: t('qa.scorecard.na') },
            ...Array.from({ length: item.weight + 1 }, (_, points) => ({ value: String(item.weight - points), label: t('qa.scorecard.points', { points: item.weight - points }) })),
          ]}
          virtual={false}
          style={{ width: 120 }}
        />
      )}
    </Flex>
  );
}
