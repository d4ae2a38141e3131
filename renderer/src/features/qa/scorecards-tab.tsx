import { DownloadOutlined, EditOutlined, StopOutlined } from '@ant-design/icons';
import { Button, Card, Empty, Flex, Radio, Spin, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Scorecard, ScorecardItem } from '../../../../shared/qa/scorecard';
import type { HubClient } from '../../services/hub';
import { useConsoleStore } from '../../store';
import { saveBlob } from '../common/save-blob';
import { qaDateTime } from './qa-text';
import { ScorecardUpload, type UploadDraft } from './scorecard-upload';
import { scorecardPoints, scorecardYaml, sectionPoints, withSaved } from './scorecard-source';
import { useHubLoad } from './use-hub-load';
import { TAG_TEXT } from '../common/tag-style';
import { LoadFailed } from './load-states';

const readScorecards = (hub: HubClient, token: string, signal: AbortSignal) => hub.qaScorecards(token, { signal });

/**
 * 评分表: the active scorecards as configuration — each version's sections, items, points and red-line
 * items — to read, to download as YAML, and (for admins, the only role the hub lets store one) to
 * upload as a new version.
 */
export function ScorecardsTab({ canUpload }: { canUpload: boolean }) {
  const { t } = useTranslation();
  const [load, reload] = useHubLoad('qa scorecards', readScorecards);
  // The hub's answer to an upload is the stored card: shown at once, without a reload that would blank the list.
  const [saved, setSaved] = useState<Scorecard[]>([]);
  const [selected, setSelected] = useState<string | null>(null);
  const [draft, setDraft] = useState<UploadDraft>({ id: '', text: '' });

  const cards = load.status === 'ready' ? withSaved(load.value.scorecards, saved) : withSaved([], saved);
  const shown = cards.find((card) => card.id === selected) ?? cards[0] ?? null;

  return (
    <Flex vertical gap={16} data-testid="qa-scorecards">
      {load.status === 'loading' && cards.length === 0 && <Spin />}
      {load.status === 'error' && (
        <LoadFailed title={t('qa.cards.loadFailed')} error={load.error} onRetry={reload} />
      )}
      {load.status === 'ready' && cards.length === 0 && <Empty description={t('qa.cards.none')} />}
      {cards.length > 1 && (
        <Radio.Group
          aria-label={t('qa.cards.choose')}
          optionType="button"
          value={shown?.id}
          onChange={(event) => setSelected(event.target.value as string)}
          options={cards.map((card) => ({ value: card.id, label: card.id }))}
        />
      )}
      {shown && <ScorecardView card={shown} onEdit={canUpload ? () => setDraft({ id: shown.id, text: scorecardYaml(shown).text }) : null} />}
      {canUpload && (
        <ScorecardUpload
          draft={draft}
          onDraft={setDraft}
          knownIds={cards.map((card) => card.id)}
          onSaved={(card) => {
            setSaved((all) => [...all, card]);
            setSelected(card.id);
          }}
        />
      )}
    </Flex>
  );
}

interface ItemRow extends ScorecardItem {
  key: string;
}

/** One version of a card: what each item is worth, the red lines marked in words and an icon, and the full score. */
function ScorecardView({ card, onEdit }: { card: Scorecard; onEdit: (() => void) | null }) {
  const { t } = useTranslation();
  const language = useConsoleStore((s) => s.ui.language);
  const points = scorecardPoints(card.definition);
  const columns: TableColumnsType<ItemRow> = [
    {
      title: t('qa.cards.item'),
      key: 'label',
      render: (_, item) => (
        <>
          <div>{item.label[language]}</div>
          {item.guide && item.guide[language] !== '' && <Typography.Text type="secondary">{item.guide[language]}</Typography.Text>}
        </>
      ),
    },
    { title: t('qa.cards.itemId'), key: 'id', width: 160, render: (_, item) => <Typography.Text code>{item.id}</Typography.Text> },
    {
      title: t('qa.cards.points'),
      key: 'points',
      width: 140,
      align: 'right',
      render: (_, item) =>
        item.fatal ? (
          <Tag color="error" style={TAG_TEXT.error} icon={<StopOutlined aria-hidden />} data-testid="qa-fatal-tag" title={t('qa.cards.fatalHint')}>
            {t('qa.cards.fatal')}
          </Tag>
        ) : (
          t('qa.scorecard.points', { points: item.weight })
        ),
    },
  ];
  const download = () => {
    const { fileName, text } = scorecardYaml(card);
    saveBlob(new Blob([text], { type: 'application/yaml' }), fileName);
  };
  const hasFatal = card.definition.sections.some((section) => section.items.some((item) => item.fatal));

  return (
    <Card size="small" data-testid="qa-scorecard-card" data-scorecard-id={card.id} data-version={card.version}>
      <Flex vertical gap={12}>
        <Flex justify="space-between" align="flex-start" wrap gap={8}>
          <Flex vertical gap={4}>
            <Typography.Title level={3} style={{ fontSize: 16, margin: 0 }}>
              {card.definition.name[language]}
            </Typography.Title>
            <Flex gap={8} wrap align="center">
              <Tag style={TAG_TEXT.default}>{t('qa.cards.id', { id: card.id })}</Tag>
              <Tag color="blue" style={TAG_TEXT.blue} data-testid="qa-scorecard-version">
                {t('qa.cards.version', { version: card.version })}
              </Tag>
              <Typography.Text type="secondary">{t('qa.cards.updatedAt', { time: qaDateTime(card.updatedAt, language) })}</Typography.Text>
              <Typography.Text strong data-testid="qa-scorecard-points">
                {t('qa.cards.totalPoints', { points })}
              </Typography.Text>
            </Flex>
          </Flex>
          <Flex gap={8} wrap>
            <Button icon={<DownloadOutlined aria-hidden />} onClick={download}>
              {t('qa.cards.download')}
            </Button>
            {onEdit && (
              <Button icon={<EditOutlined aria-hidden />} onClick={onEdit}>
                {t('qa.cards.useAsStart')}
              </Button>
            )}
          </Flex>
        </Flex>
        {card.definition.sections.map((section) => (
          <section key={section.id} aria-label={section.label[language]} data-testid="qa-scorecard-section" data-section-id={section.id}>
            <Typography.Title level={4} style={{ fontSize: 14, margin: '0 0 4px' }}>
              {t('qa.cards.section', { label: section.label[language], points: sectionPoints(section) })}
            </Typography.Title>
            <Table<ItemRow> size="small" bordered pagination={false} rowKey="key" columns={columns} dataSource={section.items.map((item) => ({ ...item, key: item.id }))} />
          </section>
        ))}
        {hasFatal && <Typography.Text type="secondary">{t('qa.cards.fatalHint')}</Typography.Text>}
      </Flex>
    </Card>
  );
}
