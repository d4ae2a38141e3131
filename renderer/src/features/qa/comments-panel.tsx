import { DeleteOutlined } from '@ant-design/icons';
import { Button, Flex, Input, List, Select, Typography } from 'antd';
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { EvaluationComment } from '../../../../shared/api/qa';
import type { ScorecardDefinition } from '../../../../shared/qa/scorecard';
import { scorecardItems } from '../../../../shared/qa/scoring';
import { useConsoleStore } from '../../store';
import { sortComments } from './scorecard-model';
import { clockText } from './timeline';

export interface CommentsPanelProps {
  definition: ScorecardDefinition;
  comments: readonly EvaluationComment[];
  onSeek: (ms: number) => void;
  /** Absent: read-only (a submitted evaluation, the agent's view). */
  editing?: {
    /** The player's time now, read when the comment is added. */
    currentMs: () => number;
    onAdd: (comment: EvaluationComment) => void;
    onRemove: (id: string) => void;
  };
}

/** Comments pinned to moments of the recording (and optionally to an item), in the recording's order; each jumps there. */
export function CommentsPanel({ definition, comments, onSeek, editing }: CommentsPanelProps) {
  const { t } = useTranslation();
  const language = useConsoleStore((s) => s.ui.language);
  const items = scorecardItems(definition);
  const itemLabel = (id: string | null) => (id === null ? null : (items.find((item) => item.id === id)?.label[language] ?? id));
  return (
    <section aria-label={t('qa.comments.title')} data-testid="qa-comments">
      <Typography.Title level={3} style={{ fontSize: 14, marginTop: 0 }}>
        {t('qa.comments.title')}
      </Typography.Title>
      <List
        size="small"
        dataSource={sortComments(comments)}
        locale={{ emptyText: t('qa.comments.none') }}
        renderItem={(comment) => (
          <List.Item
            data-testid="qa-comment"
            data-at-ms={comment.atMs}
            actions={
              editing
                ? [
                    <Button key="remove" size="small" type="text" icon={<DeleteOutlined aria-hidden />} aria-label={t('qa.comments.remove', { time: clockText(comment.atMs) })} onClick={() => editing.onRemove(comment.id)} />,
                  ]
                : []
            }
          >
            <Flex gap={8} align="baseline" wrap>
              <Button size="small" onClick={() => onSeek(comment.atMs)} aria-label={t('qa.comments.jump', { time: clockText(comment.atMs) })}>
                {clockText(comment.atMs)}
              </Button>
              {comment.itemId !== null && <Typography.Text type="secondary">{itemLabel(comment.itemId)}</Typography.Text>}
              <Typography.Text style={{ whiteSpace: 'pre-wrap' }}>{comment.text}</Typography.Text>
            </Flex>
          </List.Item>
        )}
      />
      {editing && <AddComment items={items.map((item) => ({ value: item.id, label: item.label[language] }))} editing={editing} />}
    </section>
  );
}

function AddComment({ items, editing }: { items: { value: string; label: string }[]; editing: NonNullable<CommentsPanelProps['editing']> }) {
  const { t } = useTranslation();
  const textId = useId();
  const itemId = useId();
  const [text, setText] = useState('');
  const [item, setItem] = useState<string | null>(null);
  const add = () => {
    const trimmed = text.trim();
    if (trimmed === '') return;
    editing.onAdd({ id: crypto.randomUUID(), atMs: Math.max(0, Math.round(editing.currentMs())), itemId: item, text: trimmed });
    setText('');
  };
  return (
    <Flex vertical gap={4} style={{ marginTop: 8 }}>
      <label htmlFor={textId}>{t('qa.comments.text')}</label>
      <Input.TextArea id={textId} value={text} onChange={(event) => setText(event.target.value)} maxLength={2000} autoSize={{ minRows: 2, maxRows: 6 }} />
      <Flex gap={8} align="center" wrap>
        <label htmlFor={itemId}>{t('qa.comments.item')}</label>
        <Select<string>
          id={itemId}
          allowClear
          value={item ?? undefined}
          placeholder={t('qa.comments.noItem')}
          onChange={(value) => setItem(value ?? null)}
          options={items}
          virtual={false}
          style={{ minWidth: 180 }}
        />
        <Button onClick={add} disabled={text.trim() === ''}>
          {t('qa.comments.add')}
        </Button>
      </Flex>
    </Flex>
  );
}
