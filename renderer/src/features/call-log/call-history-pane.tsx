import { ArrowDownOutlined, ArrowUpOutlined, CloseCircleFilled } from '@ant-design/icons';
import { useVirtualizer } from '@tanstack/react-virtual';
import { Alert, Empty, Flex, Input, Spin, Typography } from 'antd';
import { useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { callLogsById, historyIds } from '../../services/call-log/call-log-queries';
import type { AppDb, LocalCallLog } from '../../services/local-db/app-db';
import { useConsoleStore } from '../../store';
import { callLength, dispositionLabel, formatCount, formatDateTime } from './call-log-format';
import { StatusBadge, SyncTag } from './call-log-tags';
import { callerText, lengthText } from './call-log-text';
import { CallDetailsDrawer } from './call-details-drawer';
import { UploadStatusBar } from './upload-status-bar';
import { useCallLogDb, useCallLogQuery } from './use-call-log-query';

/** Fixed: the virtualiser then never measures, and 100 000 rows cost what 20 do. */
const ROW_HEIGHT = 44;
/** Rows read beyond the visible ones, so a short scroll shows records rather than placeholders. */
const OVERSCAN = 8;
/** A search waits for a pause in typing: each keystroke would otherwise scan the index. */
const SEARCH_DELAY_MS = 250;


/**
 * The agent's own calls on this PC, newest first, with where each stands with the hub. Reads go
 * straight to IndexedDB: the id list for the search, then only the records of the rows in view.
 */
export function CallHistoryPane() {
  const { t } = useTranslation();
  const status = useConsoleStore((s) => s.callLog.status);
  const db = useCallLogDb();
  const [openId, setOpenId] = useState<string | null>(null);

  return (
    <Flex vertical gap={12}>
      <UploadStatusBar />
      {status === 'failed' ? (
        <Alert type="error" showIcon icon={<CloseCircleFilled aria-hidden />} title={t('callLog.history.unavailable')} />
      ) : db ? (
        <History db={db} onOpen={setOpenId} />
      ) : (
        <Flex justify="center" style={{ padding: 48 }}>
          <Spin description={t('callLog.history.opening')} />
        </Flex>
      )}
      <CallDetailsDrawer id={openId} onClose={() => setOpenId(null)} />
    </Flex>
  );
}

function History({ db, onOpen }: { db: AppDb; onOpen: (id: string) => void }) {
  const { t } = useTranslation();
  const searchId = useId();
  const headingId = useId();
  const language = useConsoleStore((s) => s.ui.language);
  const [typed, setTyped] = useState('');
  const [search, setSearch] = useState('');
  const ids = useCallLogQuery(db, (d) => historyIds(d, search), [search]);

  useEffect(() => {
    const timer = setTimeout(() => setSearch(typed), SEARCH_DELAY_MS);
    return () => clearTimeout(timer);
  }, [typed]);

  const count = ids.state === 'ready' ? ids.value.length : null;
  const countText = count === null ? t('callLog.history.loading') : count === 1 ? t('callLog.history.countOne') : t('callLog.history.count', { count: formatCount(count, language) });

  return (
    <section aria-labelledby={headingId}>
      <Flex justify="space-between" align="flex-end" gap={12} wrap style={{ marginBottom: 8 }}>
        <Typography.Title level={2} id={headingId} style={{ fontSize: 15, margin: 0 }}>
          {t('callLog.history.title')}
        </Typography.Title>
        {/* Announced politely: the count is what a screen-reader user hears after searching. */}
        <Typography.Text role="status">{countText}</Typography.Text>
      </Flex>
      <div style={{ marginBottom: 8, maxWidth: 360 }}>
        <label htmlFor={searchId} style={{ display: 'block', marginBottom: 4 }}>
          {t('callLog.history.search')}
        </label>
        <Input id={searchId} type="search" allowClear autoComplete="off" maxLength={120} value={typed} onChange={(e) => setTyped(e.target.value)} />
      </div>
      {ids.state === 'failed' ? (
        <Alert type="error" showIcon icon={<CloseCircleFilled aria-hidden />} title={t('callLog.history.readFailed')} />
      ) : ids.state === 'loading' ? (
        <Flex justify="center" style={{ padding: 24 }}>
          <Spin description={t('callLog.history.loading')} />
        </Flex>
      ) : ids.value.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={search.trim() ? t('callLog.history.noMatch', { search: search.trim() }) : t('callLog.history.empty')} />
      ) : (
        <HistoryList db={db} ids={ids.value} labelId={headingId} onOpen={onOpen} />
      )}
    </section>
  );
}

function HistoryList({ db, ids, labelId, onOpen }: { db: AppDb; ids: readonly string[]; labelId: string; onOpen: (id: string) => void }) {
  const scrollRef = useRef<HTMLDivElement>(null);
  // eslint-disable-next-line react-hooks/incompatible-library -- no React Compiler here; the virtualiser re-renders through its own state.
  const virtualizer = useVirtualizer({
    count: ids.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: OVERSCAN,
    getItemKey: (index) => ids[index] ?? index,
  });
  const rows = virtualizer.getVirtualItems();
  const windowIds = rows.map((row) => ids[row.index]).filter((id): id is string => id !== undefined);
  const records = useCallLogQuery(db, (d) => callLogsById(d, windowIds), [windowIds.join(',')]);
  const byId = new Map<string, LocalCallLog>();
  if (records.state === 'ready') for (const record of records.value) if (record) byId.set(record.id, record);

  return (
    <div ref={scrollRef} style={{ height: 'max(240px, calc(100vh - 400px))', overflow: 'auto', background: '#fff', border: '1px solid #f0f0f0', borderRadius: 6 }}>
      {/* A list with each item's position and the list's size: a screen reader says "call 3 of 100 000". */}
      <div role="list" aria-labelledby={labelId} style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
        {rows.map((row) => {
          const id = ids[row.index];
          const record = id ? byId.get(id) : undefined;
          return (
            <div
              key={row.key}
              role="listitem"
              aria-setsize={ids.length}
              aria-posinset={row.index + 1}
              style={{ position: 'absolute', top: 0, left: 0, width: '100%', height: ROW_HEIGHT, transform: `translateY(${row.start}px)` }}
            >
              {record ? <HistoryRow record={record} onOpen={onOpen} /> : <PlaceholderRow />}
            </div>
          );
        })}
      </div>
    </div>
  );
}

function PlaceholderRow() {
  const { t } = useTranslation();
  return (
    <div style={{ height: ROW_HEIGHT, display: 'flex', alignItems: 'center', padding: '0 12px', borderBottom: '1px solid #f0f0f0' }}>
      <Typography.Text type="secondary">{t('callLog.history.loading')}</Typography.Text>
    </div>
  );
}

function HistoryRow({ record, onOpen }: { record: LocalCallLog; onOpen: (id: string) => void }) {
  const { t } = useTranslation();
  const language = useConsoleStore((s) => s.ui.language);
  const codes = useConsoleStore((s) => s.phone.dispositionCodes);
  const name = record.remote.number && record.remote.displayName ? record.remote.displayName : null;
  const disposition = dispositionLabel(codes, record.wrapUp.dispositionCode, language);
  const DirectionIcon = record.direction === 'inbound' ? ArrowDownOutlined : ArrowUpOutlined;

  // One button per row: the whole row opens the details, and its text is what a screen reader reads.
  return (
    <button type="button" className="call-history-row" onClick={() => onOpen(record.id)}>
      <span>{formatDateTime(record.startedAt, language)}</span>{' '}
      <span>
        <DirectionIcon aria-hidden style={{ transform: 'rotate(45deg)', color: record.direction === 'inbound' ? '#0958d9' : '#389e0d' }} />
        <span className="visually-hidden">{t(`phone.call.direction.${record.direction}`)}</span>
      </span>{' '}
      <span className="call-history-cell">
        <Typography.Text strong>{callerText(t, record.remote)}</Typography.Text>
        {name && <Typography.Text type="secondary"> {name}</Typography.Text>}
      </span>{' '}
      <span style={{ fontVariantNumeric: 'tabular-nums' }}>{lengthText(t, callLength(record))}</span>{' '}
      <span className="call-history-cell">
        <StatusBadge status={record.status} />
      </span>{' '}
      <span className="call-history-cell">
        {disposition ?? (
          <Typography.Text type="secondary">
            <span aria-hidden>—</span>
            <span className="visually-hidden">{t('callLog.details.noDisposition')}</span>
          </Typography.Text>
        )}
      </span>{' '}
      <span className="call-history-sync">
        <SyncTag record={record} />
      </span>
    </button>
  );
}
