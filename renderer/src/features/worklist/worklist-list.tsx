import { CloseCircleFilled, ReloadOutlined, WarningFilled } from '@ant-design/icons';
import { Alert, Button, Checkbox, Flex, Input, Select, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CallbackWorkItem } from '../../../../shared/api/callbacks';
import { CALLBACK_TYPES, type CallbackType } from '../../../../shared/api/tickets';
import type { Language } from '../../../../shared/domain/i18n';
import { attemptsText, isTaskOverdue, WORKLIST_TABS, type WorklistFilters, type WorklistTab } from '../../services/worklist/worklist-model';
import { useConsoleStore, type WorklistCounts } from '../../store';
import { formatDateTime } from '../call-log/call-log-format';
import { PagedListView } from '../common/paged-list-view';
import { useNow } from '../phone/use-now';
import { hashForCase } from '../workspace/panes';
import { assigneeText, noticeText, relativeTime, taskName } from './worklist-text';
import { TAG_TEXT } from '../common/tag-style';

const tabCount = (tab: WorklistTab, counts: WorklistCounts | null): number | null => {
  if (counts === null) return null;
  if (tab === 'today') return counts.dueNow;
  if (tab === 'mine') return counts.mine;
  if (tab === 'pool') return counts.pool;
  return null;
};

/** Today, mine, pool, ended: toggle buttons (one pressed), each with its count from the hub. */
function TabsBar({ filters, counts, onChange }: { filters: WorklistFilters; counts: WorklistCounts | null; onChange: (f: WorklistFilters) => void }) {
  const { t } = useTranslation();
  return (
    <Flex gap={8} wrap role="group" aria-label={t('worklist.tabs.label')}>
      {WORKLIST_TABS.map((tab) => {
        const count = tabCount(tab, counts);
        const label = t(`worklist.tabs.${tab}`);
        return (
          <Button key={tab} type={filters.tab === tab ? 'primary' : 'default'} aria-pressed={filters.tab === tab} onClick={() => onChange({ ...filters, tab })}>
            {count === null ? label : t('worklist.tabs.withCount', { label, count })}
          </Button>
        );
      })}
    </Flex>
  );
}

function FiltersBar({ filters, onChange }: { filters: WorklistFilters; onChange: (f: WorklistFilters) => void }) {
  const { t } = useTranslation();
  const typeId = useId();
  const [q, setQ] = useState(filters.q);
  return (
    <Flex gap={12} wrap align="center" role="search" aria-label={t('worklist.filters.label')}>
      <Flex gap={6} align="center">
        <label htmlFor={typeId}>{t('worklist.filters.type')}</label>
        <Select<CallbackType | ''>
          id={typeId}
          style={{ minWidth: 140 }}
          value={filters.type ?? ''}
          onChange={(value) => onChange({ ...filters, type: value === '' ? null : value })}
          options={[{ value: '', label: t('worklist.filters.anyType') }, ...CALLBACK_TYPES.map((type) => ({ value: type, label: t(`worklist.types.${type}`) }))]}
        />
      </Flex>
      <Checkbox checked={filters.overdueOnly} disabled={filters.tab === 'ended'} onChange={(e) => onChange({ ...filters, overdueOnly: e.target.checked })}>
        {t('worklist.filters.overdue')}
      </Checkbox>
      <Input.Search
        aria-label={t('worklist.filters.q')}
        placeholder={t('worklist.filters.qPlaceholder')}
        style={{ maxWidth: 320 }}
        value={q}
        maxLength={100}
        allowClear
        enterButton={t('worklist.filters.search')}
        onChange={(e) => setQ(e.target.value)}
        onSearch={(value) => onChange({ ...filters, q: value })}
      />
    </Flex>
  );
}

/** When a task is due: absolute and relative, and 超时 in words beside the red. */
function DueCell({ task, now, language }: { task: CallbackWorkItem; now: number; language: Language }) {
  const { t } = useTranslation();
  const late = isTaskOverdue(task, now);
  const text = `${formatDateTime(task.dueAt, language)} · ${relativeTime(task.dueAt, now, language)}`;
  if (!late) return <span style={{ whiteSpace: 'nowrap' }}>{text}</span>;
  return (
    <span style={{ color: '#cf1322', whiteSpace: 'nowrap' }}>
      <WarningFilled aria-hidden /> {text}{' '}
      <Tag color="error" style={TAG_TEXT.error}>
        {t('worklist.overdue')}
      </Tag>
    </span>
  );
}

function RowActions({ task, me, onRecord }: { task: CallbackWorkItem; me: string | null; onRecord: (task: CallbackWorkItem) => void }) {
  const { t } = useTranslation();
  const busy = useConsoleStore((s) => s.worklist.busy[task.id]);
  const notice = useConsoleStore((s) => s.worklist.rowNotices[task.id]);
  const claimTask = useConsoleStore((s) => s.claimTask);
  const releaseTask = useConsoleStore((s) => s.releaseTask);
  const callTask = useConsoleStore((s) => s.callTask);
  const dismiss = useConsoleStore((s) => s.dismissRowNotice);
  const name = taskName(t, task);
  const open = task.status === 'pending';
  const mine = task.assignee !== null && task.assignee === me;
  return (
    <Flex vertical gap={4} style={{ minWidth: 160 }}>
      {open && (
        <Flex gap={4} wrap>
          <Button size="small" type="primary" loading={busy === 'call'} disabled={busy !== undefined} aria-label={t('worklist.actions.callTask', { name })} onClick={() => void callTask(task.id)}>
            {t('worklist.actions.call')}
          </Button>
          {task.assignee === null && (
            <Button size="small" loading={busy === 'claim'} disabled={busy !== undefined} aria-label={t('worklist.actions.claimTask', { name })} onClick={() => void claimTask(task.id)}>
              {t('worklist.actions.claim')}
            </Button>
          )}
          {mine && (
            <>
              <Button size="small" loading={busy === 'release'} disabled={busy !== undefined} aria-label={t('worklist.actions.releaseTask', { name })} onClick={() => void releaseTask(task.id)}>
                {t('worklist.actions.release')}
              </Button>
              <Button size="small" disabled={busy !== undefined} aria-label={t('worklist.actions.recordTask', { name })} onClick={() => onRecord(task)}>
                {t('worklist.actions.record')}
              </Button>
            </>
          )}
        </Flex>
      )}
      {notice && (
        <Alert
          type="error"
          showIcon
          icon={<CloseCircleFilled aria-hidden />}
          role="alert"
          style={{ padding: '2px 8px', maxWidth: 320 }}
          title={noticeText(t, notice)}
          closable={{ onClose: () => dismiss(task.id), 'aria-label': t('worklist.notices.dismiss') }}
        />
      )}
    </Flex>
  );
}

/**
 * Notices of tasks the list no longer shows: a claim someone else won moves the task out of the
 * pool, and its row with it, but the person must still learn why their click did nothing.
 */
function GoneTaskNotices({ shown }: { shown: readonly CallbackWorkItem[] }) {
  const { t } = useTranslation();
  const notices = useConsoleStore((s) => s.worklist.rowNotices);
  const dismiss = useConsoleStore((s) => s.dismissRowNotice);
  const gone = Object.entries(notices).filter(([taskId]) => !shown.some((task) => task.id === taskId));
  if (gone.length === 0) return null;
  return (
    <Flex vertical gap={8} style={{ marginBottom: 8 }}>
      {gone.map(([taskId, notice]) => (
        <Alert
          key={taskId}
          type="error"
          showIcon
          icon={<CloseCircleFilled aria-hidden />}
          role="alert"
          title={noticeText(t, notice)}
          closable={{ onClose: () => dismiss(taskId), 'aria-label': t('worklist.notices.dismiss') }}
        />
      ))}
    </Flex>
  );
}

/** The worklist: tabs with counts, filters, the tasks as the hub orders them (due first), more on request. */
export function WorklistList({ onRecord }: { onRecord: (task: CallbackWorkItem) => void }) {
  const { t } = useTranslation();
  const language = useConsoleStore((s) => s.ui.language);
  const me = useConsoleStore((s) => s.session.user?.username ?? null);
  const list = useConsoleStore((s) => s.worklist.list);
  const setFilters = useConsoleStore((s) => s.setWorklistFilters);
  const loadMore = useConsoleStore((s) => s.loadMoreWorklist);
  const refresh = useConsoleStore((s) => s.refreshWorklist);
  // Whether a task is late changes with time, not only with the hub's answers.
  const now = useNow(30_000);
  const none = t('worklist.none');

  const columns: TableColumnsType<CallbackWorkItem> = [
    {
      key: 'priority',
      title: t('worklist.columns.priority'),
      render: (_, row) => (row.priority === 'high' ? <Tag color="gold" style={TAG_TEXT.gold}>{t('worklist.vip')}</Tag> : <Typography.Text type="secondary">{none}</Typography.Text>),
    },
    {
      key: 'type',
      title: t('worklist.columns.type'),
      render: (_, row) => (
        <>
          <div style={{ whiteSpace: 'nowrap' }}>{t(`worklist.types.${row.type}`)}</div>
          {row.status !== 'pending' && (
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {row.endReason !== null ? t(`worklist.endReasons.${row.endReason}`) : t(`worklist.statuses.${row.status}`)}
              {row.survey !== null && ` · ${row.survey.satisfied ? t('worklist.satisfied') : t('worklist.notSatisfied')}`}
            </Typography.Text>
          )}
        </>
      ),
    },
    {
      key: 'customer',
      title: t('worklist.columns.customer'),
      render: (_, row) => (
        <div style={{ minWidth: 140 }}>
          <div>{row.customerName ?? t('worklist.noCustomer')}</div>
          <Typography.Text type="secondary" style={{ fontSize: 12, fontFamily: 'monospace' }}>
            {row.phone ?? t('worklist.noPhone')}
          </Typography.Text>
        </div>
      ),
    },
    {
      key: 'case',
      title: t('worklist.columns.case'),
      render: (_, row) =>
        row.ticketId !== null ? (
          <a href={hashForCase(row.ticketId)} style={{ fontFamily: 'monospace', whiteSpace: 'nowrap' }}>
            {row.ticketNo ?? row.ticketId}
          </a>
        ) : (
          <Typography.Text type="secondary">{none}</Typography.Text>
        ),
    },
    { key: 'due', title: t('worklist.columns.due'), render: (_, row) => <DueCell task={row} now={now} language={language} /> },
    {
      key: 'attempts',
      title: t('worklist.columns.attempts'),
      render: (_, row) => {
        const last = row.attempts.at(-1);
        return (
          <div style={{ whiteSpace: 'nowrap' }}>
            <span aria-label={t('worklist.attemptsLabel', { done: row.failedAttempts, max: row.maxAttempts })}>{attemptsText(row)}</span>
            {last && (
              <div>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {t('worklist.lastOutcome', { outcome: t(`worklist.outcomes.${last.outcome}`) })}
                </Typography.Text>
              </div>
            )}
          </div>
        );
      },
    },
    { key: 'assignee', title: t('worklist.columns.assignee'), render: (_, row) => assigneeText(t, row, me) },
    {
      key: 'note',
      title: t('worklist.columns.note'),
      render: (_, row) => (row.note === '' ? <Typography.Text type="secondary">{none}</Typography.Text> : <Typography.Paragraph ellipsis={{ rows: 2, tooltip: row.note }} style={{ margin: 0, maxWidth: 240 }}>{row.note}</Typography.Paragraph>),
    },
    { key: 'actions', title: t('worklist.columns.actions'), render: (_, row) => <RowActions task={row} me={me} onRecord={onRecord} /> },
  ];

  return (
    <Flex vertical gap={12}>
      <Flex gap={12} wrap align="center" justify="space-between">
        <TabsBar filters={list.filters} counts={list.counts} onChange={setFilters} />
        <Button icon={<ReloadOutlined aria-hidden />} onClick={() => void refresh()} loading={list.status === 'loading'}>
          {t('worklist.list.refresh')}
        </Button>
      </Flex>
      <FiltersBar filters={list.filters} onChange={setFilters} />
      <PagedListView
        list={list}
        ns="worklist.list"
        label={t('worklist.label')}
        onRetry={() => void refresh()}
        onLoadMore={loadMore}
        notices={<GoneTaskNotices shown={list.items} />}
      >
        <Table<CallbackWorkItem>
          rowKey="id"
          size="small"
          columns={columns}
          dataSource={list.items}
          pagination={false}
          scroll={{ x: 'max-content' }}
          locale={{ emptyText: <Typography.Text type="secondary">{t('worklist.list.empty')}</Typography.Text> }}
          onRow={(row) => (isTaskOverdue(row, now) ? { style: { background: '#fff1f0' } } : {})}
        />
      </PagedListView>
    </Flex>
  );
}
