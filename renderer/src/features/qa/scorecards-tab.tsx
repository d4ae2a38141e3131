import { CheckCircleOutlined, DownloadOutlined, EditOutlined, StopOutlined } from '@ant-design/icons';
import { App, Button, Card, Empty, Flex, Popconfirm, Radio, Spin, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ScorecardList } from '../../../../shared/api/qa';
import type { Scorecard, ScorecardItem } from '../../../../shared/qa/scorecard';
import { createLogger } from '../../logger';
import { isHubError, type HubClient } from '../../services/hub';
import { toUserFacingError, useConsoleStore } from '../../store';
import { errorText } from '../common/error-text';
import { saveBlob } from '../common/save-blob';
import { qaDateTime } from './qa-text';
import { ScorecardUpload, type UploadDraft } from './scorecard-upload';
import { scorecardPoints, scorecardYaml, sectionPoints, withSaved } from './scorecard-source';
import { useHubLoad } from './use-hub-load';
import { TAG_TEXT } from '../common/tag-style';
import { LoadFailed } from './load-states';

const log = createLogger('qa/scorecards');

// Retired cards too: they are still what older evaluations were scored on, and an admin reactivates them here.
const readScorecards = (hub: HubClient, token: string, signal: AbortSignal) => hub.qaScorecards(token, { include: 'all' }, { signal });

/** Where a card stands: the one new reviews are scored on, another active one, or retired. */
export type CardStanding = 'in-use' | 'active' | 'retired';

const standingOf = (card: Scorecard, list: ScorecardList | null): CardStanding =>
  !card.active ? 'retired' : list?.inUse?.id === card.id ? 'in-use' : 'active';

/** What an admin may do to a card: switch new reviews to it, or retire it (never the last active one). */
interface CardActions {
  busy: boolean;
  onlyActive: boolean;
  onUse: () => void;
  onRetire: () => void;
}

/**
 * 评分表: the scorecards as configuration — each version's sections, items, points and red-line
 * items — to read, to download as YAML, and (for admins, the only role the hub lets change them) to
 * upload as a new version, to switch new reviews to another card, and to retire one.
 */
export function ScorecardsTab({ canUpload }: { canUpload: boolean }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const callHub = useConsoleStore((s) => s.callHub);
  const [load, reload] = useHubLoad('qa scorecards', readScorecards);
  // The last list the hub answered, kept while a reload after a change runs so the page does not blank.
  const [list, setList] = useState<ScorecardList | null>(null);
  if (load.status === 'ready' && load.value !== list) setList(load.value);
  // The hub's answer to an upload is the stored card: shown at once, without a reload that would blank the list.
  const [saved, setSaved] = useState<Scorecard[]>([]);
  const [selected, setSelected] = useState<string | null>(null);
  const [draft, setDraft] = useState<UploadDraft>({ id: '', text: '' });
  const [changing, setChanging] = useState<string | null>(null);

  const cards = withSaved(list?.scorecards ?? [], saved);
  const shown = cards.find((card) => card.id === selected) ?? cards.find((card) => card.id === list?.inUse?.id) ?? cards[0] ?? null;
  const activeCount = cards.filter((card) => card.active).length;

  const setActive = async (card: Scorecard, active: boolean) => {
    setChanging(card.id);
    try {
      await callHub((hub, token) => hub.setScorecardActive(token, card.id, active));
      void message.success(active ? t('qa.cards.activated', { id: card.id }) : t('qa.cards.retired', { id: card.id }));
      reload();
    } catch (error) {
      log.warn(`could not ${active ? 'activate' : 'retire'} scorecard ${card.id}`, error);
      if (isHubError(error) && error.code === 'conflict') {
        // The hub's one refusal here: the last active card. Another admin may have just retired the
        // other, so the list is read again to show why.
        void message.error(t('qa.cards.lastActive'));
        reload();
      } else {
        void message.error(errorText(t, toUserFacingError(error)));
      }
    } finally {
      setChanging(null);
    }
  };

  return (
    <Flex vertical gap={16} data-testid="qa-scorecards">
      {load.status === 'loading' && cards.length === 0 && <Spin />}
      {load.status === 'error' && (
        <LoadFailed title={t('qa.cards.loadFailed')} error={load.error} onRetry={reload} />
      )}
      {list !== null && cards.length === 0 && <Empty description={t('qa.cards.none')} />}
      {list !== null && cards.length > 0 && list.inUse === null && <Typography.Text type="danger">{t('qa.cards.noneInUse')}</Typography.Text>}
      {cards.length > 1 && (
        <Radio.Group
          aria-label={t('qa.cards.choose')}
          optionType="button"
          value={shown?.id}
          onChange={(event) => setSelected(event.target.value as string)}
          options={cards.map((card) => ({ value: card.id, label: card.active ? card.id : t('qa.cards.retiredOption', { id: card.id }) }))}
        />
      )}
      {shown && (
        <ScorecardView
          card={shown}
          standing={standingOf(shown, list)}
          onEdit={canUpload ? () => setDraft({ id: shown.id, text: scorecardYaml(shown).text }) : null}
          actions={
            canUpload
              ? {
                  busy: changing !== null,
                  onlyActive: shown.active && activeCount === 1,
                  onUse: () => void setActive(shown, true),
                  onRetire: () => void setActive(shown, false),
                }
              : null
          }
        />
      )}
      {canUpload && (
        <ScorecardUpload
          draft={draft}
          onDraft={setDraft}
          knownIds={cards.map((card) => card.id)}
          onSaved={(card) => {
            setSaved((all) => [...all, card]);
            setSelected(card.id);
            // A stored version is active and, being edited last, now the card new reviews use.
            reload();
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
function ScorecardView({ card, standing, onEdit, actions }: { card: Scorecard; standing: CardStanding; onEdit: (() => void) | null; actions: CardActions | null }) {
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
    <Card size="small" data-testid="qa-scorecard-card" data-scorecard-id={card.id} data-version={card.version} data-standing={standing}>
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
              <StandingTag standing={standing} />
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
            {actions && standing !== 'in-use' && (
              <Button icon={<CheckCircleOutlined aria-hidden />} onClick={actions.onUse} disabled={actions.busy}>
                {standing === 'retired' ? t('qa.cards.activateAndUse') : t('qa.cards.use')}
              </Button>
            )}
            {actions && standing !== 'retired' && (
              <Popconfirm
                title={t('qa.cards.retireConfirm')}
                okText={t('qa.cards.retire')}
                cancelText={t('qa.cancel')}
                onConfirm={actions.onRetire}
                disabled={actions.busy || actions.onlyActive}
              >
                <Button danger icon={<StopOutlined aria-hidden />} disabled={actions.busy || actions.onlyActive}>
                  {t('qa.cards.retire')}
                </Button>
              </Popconfirm>
            )}
          </Flex>
        </Flex>
        {actions?.onlyActive && <Typography.Text type="secondary">{t('qa.cards.lastActive')}</Typography.Text>}
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

function StandingTag({ standing }: { standing: CardStanding }) {
  const { t } = useTranslation();
  // Words, not colour alone.
  switch (standing) {
    case 'in-use':
      return (
        <Tag color="success" style={TAG_TEXT.success} data-testid="qa-scorecard-standing">
          {t('qa.cards.inUse')}
        </Tag>
      );
    case 'active':
      return (
        <Tag color="processing" style={TAG_TEXT.processing} data-testid="qa-scorecard-standing">
          {t('qa.cards.activeTag')}
        </Tag>
      );
    case 'retired':
      return (
        <Tag style={TAG_TEXT.default} data-testid="qa-scorecard-standing">
          {t('qa.cards.retiredTag')}
        </Tag>
      );
  }
}
