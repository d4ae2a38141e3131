import { WarningFilled } from '@ant-design/icons';
import { Collapse, Flex, Input, Select, Table, Tag, Typography, type TableColumnsType } from 'antd';
import type { TFunction } from 'i18next';
import { useId, useMemo, useState, type CSSProperties } from 'react';
import { useTranslation } from 'react-i18next';
import type { Board, BoardAgent } from '../../../../shared/api/board';
import type { ReasonCode } from '../../../../shared/api/phone';
import type { Language } from '../../../../shared/domain/i18n';
import { AGENT_STATES } from '../../../../shared/telephony/agent-state';
import { TAG_TEXT } from '../common/tag-style';
import { Elapsed, Ticking, useOverrunClock } from './board-clock';
import { boardRows, isOverrun, NO_BOARD_FILTER, reasonText, STATE_TAG, type BoardFilter, type BoardStateFilter } from './board-model';

export interface BoardTableProps {
  board: Board;
  clockOffsetMs: number;
  reasonCodes: readonly ReasonCode[];
  language: Language;
}

/** Red ground and a red bar at the start of the row; the 超时 tag says it in words. */
const OVERRUN_ROW: CSSProperties = { background: '#fff1f0' };
const OVERRUN_FIRST_CELL: CSSProperties = { boxShadow: 'inset 4px 0 0 #cf1322' };
/** Dark enough on white to pass WCAG AA, light enough to read as "not here". */
const LOGGED_OUT_ROW: CSSProperties = { color: '#595959' };

interface RowView {
  agent: BoardAgent;
  overrun: boolean;
}

/** The agents: filters, those signed in, and those who are not in a group of their own, closed. */
export function BoardTable({ board, clockOffsetMs, reasonCodes, language }: BoardTableProps) {
  const { t } = useTranslation();
  const ids = { heading: useId(), state: useId(), text: useId() };
  const [filter, setFilter] = useState<BoardFilter>(NO_BOARD_FILTER);
  const hubNow = useOverrunClock(board.agents, board.wrapUpSeconds, clockOffsetMs);
  const rows = useMemo(() => boardRows(board.agents, filter, board.wrapUpSeconds, hubNow), [board, filter, hubNow]);
  const view = (agents: BoardAgent[]): RowView[] => agents.map((agent) => ({ agent, overrun: isOverrun(agent, board.wrapUpSeconds, hubNow) }));
  const columns = useMemo(() => boardColumns(t, { clockOffsetMs, reasonCodes, language }), [t, clockOffsetMs, reasonCodes, language]);
  const stateOptions = [
    ...AGENT_STATES.map((state) => ({ value: state as BoardStateFilter, label: t(`workspace.agentState.${state}`) })),
    { value: 'overrun' as BoardStateFilter, label: t('board.filters.overrun') },
  ];
  const nothing = board.agents.length === 0 ? t('board.agents.empty') : t('board.agents.noMatch');

  return (
    <section aria-labelledby={ids.heading}>
      <Typography.Title level={2} id={ids.heading} style={{ fontSize: 15, marginTop: 0 }}>
        {t('board.agents.title')}
      </Typography.Title>
      <Flex gap={12} wrap align="flex-end" style={{ marginBottom: 12 }}>
        <Flex vertical gap={4}>
          <label htmlFor={ids.state}>{t('board.filters.state')}</label>
          <Select<BoardStateFilter>
            id={ids.state}
            allowClear
            placeholder={t('board.filters.allStates')}
            value={filter.state ?? undefined}
            onChange={(state) => setFilter((f) => ({ ...f, state: state ?? null }))}
            options={stateOptions}
            // Not virtual: rc-select then puts role=option on the visible items instead of on hidden copies.
            virtual={false}
            style={{ width: 180 }}
          />
        </Flex>
        <Flex vertical gap={4}>
          <label htmlFor={ids.text}>{t('board.filters.text')}</label>
          <Input
            id={ids.text}
            type="search"
            allowClear
            placeholder={t('board.filters.textPlaceholder')}
            value={filter.text}
            onChange={(e) => setFilter((f) => ({ ...f, text: e.target.value }))}
            style={{ width: 260 }}
          />
        </Flex>
      </Flex>
      <Ticking>
        <AgentRows rows={view(rows.present)} columns={columns} empty={nothing} label={t('board.agents.title')} />
        {rows.loggedOut.length > 0 && (
          <Collapse
            style={{ marginTop: 12 }}
            items={[
              {
                key: 'loggedOut',
                label: t('board.agents.loggedOut', { count: rows.loggedOut.length }),
                children: <AgentRows rows={view(rows.loggedOut)} columns={columns} empty={nothing} label={t('board.agents.loggedOutLabel')} />,
              },
            ]}
          />
        )}
      </Ticking>
    </section>
  );
}

function AgentRows({ rows, columns, empty, label }: { rows: RowView[]; columns: TableColumnsType<RowView>; empty: string; label: string }) {
  return (
    <Table<RowView>
      size="small"
      aria-label={label}
      pagination={false}
      rowKey={(row) => row.agent.userId}
      columns={columns}
      dataSource={rows}
      scroll={{ x: 'max-content' }}
      onRow={(row) => ({ style: row.overrun ? OVERRUN_ROW : row.agent.loggedOut ? LOGGED_OUT_ROW : undefined })}
      locale={{ emptyText: <Typography.Text type="secondary">{empty}</Typography.Text> }}
    />
  );
}

interface ColumnContext {
  clockOffsetMs: number;
  reasonCodes: readonly ReasonCode[];
  language: Language;
}

function StateCell({ row }: { row: RowView }) {
  const { t } = useTranslation();
  const { agent } = row;
  if (agent.loggedOut) return <Tag style={TAG_TEXT.default}>{t('board.agents.loggedOutState')}</Tag>;
  if (agent.state === null) return <Tag style={TAG_TEXT.default}>{t('board.agents.noState')}</Tag>;
  const color = STATE_TAG[agent.state];
  return (
    <Flex gap={4} wrap={false}>
      <Tag color={color} style={TAG_TEXT[color]}>
        {t(`workspace.agentState.${agent.state}`)}
      </Tag>
      {row.overrun && (
        <Tag color="error" style={TAG_TEXT.error} icon={<WarningFilled aria-hidden />}>
          {t('board.agents.overrun')}
        </Tag>
      )}
    </Flex>
  );
}

function boardColumns(t: TFunction, { clockOffsetMs, reasonCodes, language }: ColumnContext): TableColumnsType<RowView> {
  const none = <Typography.Text type="secondary">—</Typography.Text>;
  return [
    {
      key: 'agent',
      title: t('board.agents.columns.agent'),
      onCell: (row) => ({ style: row.overrun ? OVERRUN_FIRST_CELL : undefined }),
      render: (_, { agent }) => (
        <div style={{ whiteSpace: 'nowrap' }}>
          {agent.displayName}
          {agent.displayName !== agent.username && <span style={{ marginInlineStart: 6, fontSize: 12 }}>{agent.username}</span>}
        </div>
      ),
    },
    { key: 'extension', title: t('board.agents.columns.extension'), render: (_, { agent }) => agent.extension ?? none },
    { key: 'state', title: t('board.agents.columns.state'), render: (_, row) => <StateCell row={row} /> },
    {
      key: 'time',
      title: t('board.agents.columns.timeInState'),
      render: (_, row) =>
        row.agent.loggedOut || row.agent.since === null ? (
          none
        ) : (
          <span style={{ fontVariantNumeric: 'tabular-nums', fontWeight: row.overrun ? 600 : undefined }}>
            <Elapsed since={row.agent.since} offsetMs={clockOffsetMs} />
          </span>
        ),
    },
    {
      key: 'reason',
      title: t('board.agents.columns.reason'),
      render: (_, { agent }) => (agent.state === 'not_ready' && !agent.loggedOut ? (reasonText(reasonCodes, agent.reasonCode, language) ?? none) : none),
    },
    {
      key: 'number',
      title: t('board.agents.columns.number'),
      render: (_, { agent }) =>
        agent.call === null || agent.loggedOut ? (
          none
        ) : (
          <span style={{ whiteSpace: 'nowrap' }}>
            {agent.call.direction !== null && <span style={{ marginInlineEnd: 6 }}>{t(`board.agents.direction.${agent.call.direction}`)}</span>}
            <span style={{ fontFamily: 'monospace' }}>{agent.call.number ?? t('board.agents.unknownNumber')}</span>
          </span>
        ),
    },
    { key: 'customer', title: t('board.agents.columns.customer'), render: (_, { agent }) => (agent.loggedOut ? null : agent.call?.customerName) ?? none },
    {
      key: 'callTime',
      title: t('board.agents.columns.callTime'),
      render: (_, { agent }) =>
        agent.call?.startedAt && !agent.loggedOut ? (
          <span style={{ fontVariantNumeric: 'tabular-nums' }}>
            <Elapsed since={agent.call.startedAt} offsetMs={clockOffsetMs} />
          </span>
        ) : (
          none
        ),
    },
  ];
}
