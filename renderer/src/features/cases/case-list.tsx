import { WarningFilled } from '@ant-design/icons';
import { Flex, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import type { ComplaintSummary } from '../../../../shared/api/complaints';
import type { OrgDesign } from '../../../../shared/api/org';
import type { Language } from '../../../../shared/domain/i18n';
import { useConsoleStore } from '../../store';
import { formatDateTime } from '../call-log/call-log-format';
import { PagedListView } from '../common/paged-list-view';
import { useNow } from '../phone/use-now';
import { hashForCase } from '../workspace/panes';
import { CaseFiltersBar } from './case-filters-bar';
import { departmentName, dueState } from './case-model';
import { codeText, statusText } from './case-text';
import { TAG_TEXT } from '../common/tag-style';
import { SavedViewsBar } from './saved-views-bar';

/** A time limit with its state in words: 超时 beside the time, the colour only repeating it. */
export function DueTime({ at, now, language, none, overdue = false }: { at: string | null; now: number; language: Language; none: string; overdue?: boolean }) {
  const { t } = useTranslation();
  const state = overdue ? 'overdue' : dueState(at, now);
  if (state === 'none') return <Typography.Text type="secondary">{none}</Typography.Text>;
  if (state === 'pending') return <span>{at !== null && formatDateTime(at, language)}</span>;
  return (
    <span style={{ color: '#cf1322', whiteSpace: 'nowrap' }}>
      <WarningFilled aria-hidden /> {at !== null && `${formatDateTime(at, language)} `}
      <Tag color="error" style={{ marginInlineEnd: 0 }}>
        {t('cases.overdue')}
      </Tag>
    </span>
  );
}

/**
 * Which of a row's limits to mark: each by this PC's clock, and the step's when the hub says the
 * case is overdue though neither has passed here (clocks differ), so a red row always says why.
 */
export function rowOverdue(row: Pick<ComplaintSummary, 'stepDueAt' | 'callbackDueAt' | 'overdue'>, now: number): { step: boolean; callback: boolean } {
  const step = dueState(row.stepDueAt, now) === 'overdue';
  const callback = dueState(row.callbackDueAt, now) === 'overdue';
  return { step: step || (row.overdue && !callback), callback };
}

export function StatusTag({ status }: { status: string }) {
  const { t } = useTranslation();
  const color = status === 'closed' ? 'default' : status === 'returned' || status === 'queried' ? 'warning' : status === 'registered' ? 'blue' : 'processing';
  return (
    <Tag color={color} style={TAG_TEXT[color]}>
      {statusText(t, status)}
    </Tag>
  );
}

/**
 * The case list (#/cases): filters, views, and the cases newest first, more on request. Each case
 * number is a link to its page; the filters stay as they were when the person comes back.
 */
export function CaseList({ org }: { org: OrgDesign | null }) {
  const { t } = useTranslation();
  const language = useConsoleStore((s) => s.ui.language);
  const list = useConsoleStore((s) => s.cases.list);
  const showCases = useConsoleStore((s) => s.showCases);
  const setCaseFilters = useConsoleStore((s) => s.setCaseFilters);
  const loadMoreCases = useConsoleStore((s) => s.loadMoreCases);
  const refreshCases = useConsoleStore((s) => s.refreshCases);
  // Whether a limit has passed changes with time, not only with the hub's answers.
  const now = useNow(30_000);

  useEffect(() => {
    showCases();
  }, [showCases]);

  const none = t('cases.none');
  const columns: TableColumnsType<ComplaintSummary> = [
    {
      key: 'ticketNo',
      title: t('cases.list.columns.ticketNo'),
      render: (_, row) => (
        <a href={hashForCase(row.id)} style={{ fontFamily: 'monospace', whiteSpace: 'nowrap' }}>
          {row.ticketNo}
        </a>
      ),
    },
    {
      key: 'title',
      title: t('cases.list.columns.titleCustomer'),
      render: (_, row) => (
        <div style={{ minWidth: 160 }}>
          <div>{row.title}</div>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {row.customerName ?? t('cases.list.noCustomer')}
          </Typography.Text>
        </div>
      ),
    },
    { key: 'status', title: t('cases.list.columns.status'), render: (_, row) => <StatusTag status={row.status} /> },
    { key: 'waitingOn', title: t('cases.list.columns.waitingOn'), render: (_, row) => departmentName(org, row.waitingOn, language) ?? none },
    { key: 'category', title: t('cases.list.columns.category'), render: (_, row) => codeText(t, 'categories', row.category) },
    {
      key: 'level',
      title: t('cases.list.columns.level'),
      render: (_, row) => (
        <>
          <div>{codeText(t, 'levels', row.level)}</div>
          {row.escalationLevel > 0 && (
            <Tag color="volcano" style={{ marginInlineEnd: 0 }}>
              {t('cases.list.escalatedTo', { level: row.escalationLevel })}
            </Tag>
          )}
        </>
      ),
    },
    { key: 'openedAt', title: t('cases.list.columns.openedAt'), render: (_, row) => <span style={{ whiteSpace: 'nowrap' }}>{formatDateTime(row.openedAt, language)}</span> },
    {
      key: 'stepDue',
      title: t('cases.list.columns.stepDue'),
      render: (_, row) => <DueTime at={row.stepDueAt} now={now} language={language} none={none} overdue={rowOverdue(row, now).step} />,
    },
    {
      key: 'callbackDue',
      title: t('cases.list.columns.callbackDue'),
      render: (_, row) => <DueTime at={row.callbackDueAt} now={now} language={language} none={none} overdue={rowOverdue(row, now).callback} />,
    },
  ];

  return (
    <Flex vertical gap={12}>
      <SavedViewsBar filters={list.filters} onApply={setCaseFilters} />
      <CaseFiltersBar filters={list.filters} onChange={setCaseFilters} org={org} language={language} />
      <PagedListView list={list} ns="cases.list" label={t('cases.list.label')} onRetry={() => void refreshCases()} onLoadMore={loadMoreCases}>
        <Table<ComplaintSummary>
          rowKey="id"
          size="small"
          columns={columns}
          dataSource={list.items}
          pagination={false}
          scroll={{ x: 'max-content' }}
          locale={{ emptyText: <Typography.Text type="secondary">{t('cases.list.empty')}</Typography.Text> }}
          onRow={(row) => {
            const late = rowOverdue(row, now);
            return late.step || late.callback ? { style: { background: '#fff1f0' } } : {};
          }}
        />
      </PagedListView>
    </Flex>
  );
}
