import {
  CloseCircleFilled,
  CustomerServiceOutlined,
  EyeOutlined,
  PhoneOutlined,
  ProfileOutlined,
  RedoOutlined,
  SmileOutlined,
} from '@ant-design/icons';
import { Alert, Badge, Button, Card, Flex, Spin, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { useId, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { CustomerAccessEntry, CustomerDetail, Order, ProductUnit, ShippingState, TicketSummary, TimelineItem } from '../../../../shared/api/customers';
import { useConsoleStore, type UserFacingError } from '../../store';
import { formatDateTime } from '../call-log/call-log-format';
import { errorText } from '../common/error-text';
import { userFacing } from './customer-model';
import {
  accessActionText,
  accessReasonText,
  changedFieldsText,
  formatDate,
  formatMoneyFen,
  itemsSummary,
  localIsoDate,
  shippingText,
  ticketKindText,
  timelineKindText,
  timelineOutcomeText,
  timelineSubtypeText,
  waybillText,
  warrantyStatus,
} from './customer-text';

// Long histories page rather than scroll the record away; ten rows fit beside a call.
const PAGINATION = { pageSize: 10, hideOnSinglePage: true, showSizeChanger: false } as const;

/** One part of the record, under its own heading, so a screen reader can jump between them. */
export function Section({ title, extra, children }: { title: string; extra?: ReactNode; children: ReactNode }) {
  const headingId = useId();
  return (
    <Card size="small" role="region" aria-labelledby={headingId}>
      <Flex justify="space-between" align="center" gap={8} wrap style={{ marginBottom: 8 }}>
        <Typography.Title level={3} id={headingId} style={{ fontSize: 15, margin: 0 }}>
          {title}
        </Typography.Title>
        {extra}
      </Flex>
      {children}
    </Card>
  );
}


function SectionTable<Row extends object>({ title, columns, rows, rowKey, empty }: { title: string; columns: TableColumnsType<Row>; rows: Row[]; rowKey: (row: Row) => string; empty: string }) {
  return (
    <Section title={title}>
      {/* A sentence rather than an empty table: antd greys a scrolling table's placeholder below readable contrast. */}
      {rows.length === 0 ? (
        <Typography.Paragraph style={{ margin: 0 }}>{empty}</Typography.Paragraph>
      ) : (
        <Table<Row> size="small" pagination={PAGINATION} rowKey={rowKey} columns={columns} dataSource={rows} scroll={{ x: 'max-content' }} />
      )}
    </Section>
  );
}

const TIMELINE_ICONS: Record<TimelineItem['kind'], ReactNode> = {
  call: <PhoneOutlined aria-hidden />,
  ticket: <ProfileOutlined aria-hidden />,
  callback: <CustomerServiceOutlined aria-hidden />,
  survey: <SmileOutlined aria-hidden />,
};

export function TimelineSection({ detail }: { detail: CustomerDetail }) {
  const { t } = useTranslation();
  const language = useConsoleStore((s) => s.ui.language);
  const none = t('customer.none');
  const columns: TableColumnsType<TimelineItem> = [
    { title: t('customer.timeline.at'), key: 'at', render: (_, item) => formatDateTime(item.at, language), width: 150 },
    {
      title: t('customer.timeline.kind'),
      key: 'kind',
      render: (_, item) => (
        <>
          {TIMELINE_ICONS[item.kind]} {timelineKindText(t, item.kind)}
        </>
      ),
    },
    {
      title: t('customer.timeline.title'),
      key: 'title',
      render: (_, item) => {
        const subtype = timelineSubtypeText(t, item);
        return (
          <>
            {item.title}
            {subtype && <Typography.Text type="secondary"> · {subtype}</Typography.Text>}
          </>
        );
      },
    },
    { title: t('customer.timeline.outcome'), key: 'outcome', render: (_, item) => timelineOutcomeText(t, item) ?? none },
    { title: t('customer.timeline.by'), key: 'by', render: (_, item) => item.by ?? none },
  ];
  return (
    <SectionTable title={t('customer.timeline.heading')} columns={columns} rows={detail.timeline} rowKey={(item) => `${item.kind}:${item.id}`} empty={t('customer.timeline.empty')} />
  );
}

// The dot adds colour to the words; the words are the state.
const SHIPPING_BADGE: Record<ShippingState, 'default' | 'processing' | 'warning' | 'success'> = {
  not_printed: 'default',
  printed: 'processing',
  collected: 'warning',
  delivered: 'success',
};

export function OrdersSection({ detail }: { detail: CustomerDetail }) {
  const { t } = useTranslation();
  const language = useConsoleStore((s) => s.ui.language);
  const none = t('customer.none');
  const columns: TableColumnsType<Order> = [
    { title: t('customer.orders.orderNo'), dataIndex: 'orderNo' },
    { title: t('customer.orders.placedAt'), key: 'placedAt', render: (_, order) => formatDateTime(order.placedAt, language), width: 150 },
    { title: t('customer.orders.items'), key: 'items', render: (_, order) => itemsSummary(order.items, language) || none },
    { title: t('customer.orders.amount'), key: 'amount', align: 'right', render: (_, order) => <span style={{ fontVariantNumeric: 'tabular-nums' }}>{formatMoneyFen(order.amountFen, language)}</span> },
    {
      title: t('customer.orders.shipping'),
      key: 'shipping',
      render: (_, order) => (
        <>
          <Badge status={SHIPPING_BADGE[order.shippingState]} aria-hidden /> {shippingText(t, order.shippingState)}
        </>
      ),
    },
    { title: t('customer.orders.waybill'), key: 'waybill', render: (_, order) => waybillText(order) ?? none },
  ];
  return <SectionTable title={t('customer.orders.heading')} columns={columns} rows={detail.orders} rowKey={(order) => order.orderNo} empty={t('customer.orders.empty')} />;
}

export function ProductsSection({ detail }: { detail: CustomerDetail }) {
  const { t } = useTranslation();
  const language = useConsoleStore((s) => s.ui.language);
  // The day is what matters; the record is re-read often enough for it to be today's.
  const [today] = useState(() => localIsoDate(Date.now()));
  const none = t('customer.none');
  const columns: TableColumnsType<ProductUnit> = [
    { title: t('customer.products.serialNo'), dataIndex: 'serialNo' },
    { title: t('customer.products.model'), dataIndex: 'model' },
    { title: t('customer.products.purchaseDate'), key: 'purchaseDate', render: (_, unit) => formatDate(unit.purchaseDate, language) },
    {
      title: t('customer.products.warrantyUntil'),
      key: 'warrantyUntil',
      render: (_, unit) => {
        const status = warrantyStatus(unit.warrantyUntil, today);
        if (status === 'none' || unit.warrantyUntil === null) return t('customer.products.noWarranty');
        return (
          <>
            {formatDate(unit.warrantyUntil, language)}
            {status === 'expired' && (
              <Tag color="red" style={{ marginInlineStart: 8, marginInlineEnd: 0 }}>
                {t('customer.products.expired')}
              </Tag>
            )}
          </>
        );
      },
    },
    { title: t('customer.products.orderNo'), key: 'orderNo', render: (_, unit) => unit.orderNo ?? none },
  ];
  return <SectionTable title={t('customer.products.heading')} columns={columns} rows={detail.products} rowKey={(unit) => unit.serialNo} empty={t('customer.products.empty')} />;
}

export function TicketsSection({ detail }: { detail: CustomerDetail }) {
  const { t } = useTranslation();
  const language = useConsoleStore((s) => s.ui.language);
  const columns: TableColumnsType<TicketSummary> = [
    { title: t('customer.tickets.ticketNo'), dataIndex: 'ticketNo' },
    { title: t('customer.tickets.kind'), key: 'kind', render: (_, ticket) => ticketKindText(t, ticket.kind) },
    { title: t('customer.tickets.title'), dataIndex: 'title' },
    { title: t('customer.tickets.status'), dataIndex: 'status' },
    {
      title: t('customer.tickets.state'),
      key: 'open',
      render: (_, ticket) =>
        ticket.open ? (
          <Tag color="red" style={{ marginInlineEnd: 0 }}>
            {t('customer.tickets.open')}
          </Tag>
        ) : (
          <Tag style={{ marginInlineEnd: 0 }}>{t('customer.tickets.closed')}</Tag>
        ),
    },
    { title: t('customer.tickets.openedAt'), key: 'openedAt', render: (_, ticket) => formatDateTime(ticket.openedAt, language), width: 150 },
  ];
  return <SectionTable title={t('customer.tickets.heading')} columns={columns} rows={detail.tickets} rowKey={(ticket) => ticket.id} empty={t('customer.tickets.empty')} />;
}

// The log has no ids, and one person may read a record twice in a second: rows are keyed by position.
type AccessRow = CustomerAccessEntry & { key: number };
type AccessLogLoad = { status: 'idle' } | { status: 'loading' } | { status: 'ready'; rows: AccessRow[] } | { status: 'error'; error: UserFacingError };

/** Who read or changed the record, for the people answerable for its confidentiality; read only when asked for. */
export function AccessLogSection({ customerId }: { customerId: string }) {
  const { t } = useTranslation();
  const language = useConsoleStore((s) => s.ui.language);
  const customerAccessLog = useConsoleStore((s) => s.customerAccessLog);
  const [load, setLoad] = useState<AccessLogLoad>({ status: 'idle' });
  const none = t('customer.none');

  const fetchLog = async () => {
    setLoad({ status: 'loading' });
    try {
      const log = await customerAccessLog(customerId);
      setLoad({ status: 'ready', rows: log.items.map((entry, key) => ({ ...entry, key })) });
    } catch (error) {
      setLoad({ status: 'error', error: userFacing(error) });
    }
  };

  const columns: TableColumnsType<AccessRow> = [
    { title: t('customer.access.at'), key: 'at', render: (_, entry) => formatDateTime(entry.at, language), width: 150 },
    {
      title: t('customer.access.who'),
      key: 'who',
      render: (_, entry) => (
        <>
          {entry.displayName} <Typography.Text type="secondary">({entry.username})</Typography.Text>
        </>
      ),
    },
    { title: t('customer.access.action'), key: 'action', render: (_, entry) => accessActionText(t, entry.action) },
    { title: t('customer.access.reason'), key: 'reason', render: (_, entry) => accessReasonText(t, entry.reason) ?? none },
    { title: t('customer.access.changes'), key: 'changes', render: (_, entry) => changedFieldsText(t, entry.changes, language) ?? none },
  ];

  const action =
    load.status === 'idle' ? (
      <Button size="small" icon={<EyeOutlined aria-hidden />} onClick={() => void fetchLog()}>
        {t('customer.access.show')}
      </Button>
    ) : load.status === 'ready' ? (
      <Button size="small" icon={<RedoOutlined aria-hidden />} onClick={() => void fetchLog()}>
        {t('customer.access.refresh')}
      </Button>
    ) : null;

  return (
    <Section title={t('customer.access.heading')} extra={action}>
      <Typography.Paragraph type="secondary" style={{ margin: '0 0 8px' }}>
        {t('customer.access.hint')}
      </Typography.Paragraph>
      {load.status === 'loading' && (
        <Flex justify="center" style={{ padding: 16 }}>
          <Spin description={t('customer.access.loading')} />
        </Flex>
      )}
      {load.status === 'error' && (
        <Alert
          type="error"
          showIcon
          icon={<CloseCircleFilled aria-hidden />}
          title={t('customer.access.failed')}
          description={errorText(t, load.error)}
          action={
            <Button size="small" onClick={() => void fetchLog()}>
              {t('customer.retry')}
            </Button>
          }
        />
      )}
      {load.status === 'ready' && (
        <Table<AccessRow>
          size="small"
          pagination={PAGINATION}
          columns={columns}
          dataSource={load.rows}
          locale={{ emptyText: <Typography.Text type="secondary">{t('customer.access.empty')}</Typography.Text> }}
          scroll={{ x: 'max-content' }}
        />
      )}
    </Section>
  );
}
