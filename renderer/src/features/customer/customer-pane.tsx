import { CloseCircleFilled, IdcardOutlined, PhoneOutlined, SearchOutlined } from '@ant-design/icons';
import { Alert, Button, Flex, Input, Spin, Tag, Typography, type InputRef } from 'antd';
import { useId, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { CustomerSearchHit } from '../../../../shared/api/customers';
import { useConsoleStore, type UserFacingError } from '../../store';
import { errorText } from '../common/error-text';
import { visibleCalls } from '../phone/call-format';
import { CustomerFlags } from './customer-flags';
import { currentCaller, userFacing } from './customer-model';
import { CustomerRecord } from './customer-record';
import { formatCount, formatPhone, matchedText } from './customer-text';
import { FieldError } from './field-error';
import { LocalCopyStatus } from './local-copy-status';
import { useKeptState } from './use-kept-state';

/** The schema's limit on a search (shared/api/customers.ts): more would be refused by the hub. */
const SEARCH_MAX = 100;

/**
 * The customer workspace: one search box for any key a caller may give (phone, name, order,
 * waybill, serial), and the open customer's whole record.
 */
export function CustomerPane() {
  const openId = useConsoleStore((s) => s.customers.openId);
  if (openId) return <CustomerRecord key={openId} id={openId} />;
  return (
    <Flex vertical gap={16}>
      <LocalCopyStatus />
      <CurrentCallerShortcut />
      <CustomerSearch />
    </Flex>
  );
}

/** The caller on the line is the customer the agent most likely wants: one click away. */
function CurrentCallerShortcut() {
  const { t } = useTranslation();
  const snapshotCalls = useConsoleStore((s) => s.phone.snapshot?.calls);
  const refused = useConsoleStore((s) => s.phone.refusedCallIds);
  const pops = useConsoleStore((s) => s.customers.pops);
  const openCustomer = useConsoleStore((s) => s.openCustomer);
  const caller = currentCaller(visibleCalls(snapshotCalls ?? [], refused), pops);
  if (!caller) return null;
  const { customer } = caller;
  return (
    <Alert
      type="info"
      showIcon
      icon={<PhoneOutlined aria-hidden />}
      role="note"
      title={t('customer.current.caller', { name: customer.name })}
      action={
        <Button size="small" type="primary" icon={<IdcardOutlined aria-hidden />} aria-label={t('customer.search.openName', { name: customer.name })} onClick={() => openCustomer(customer.id)}>
          {t('customer.search.open')}
        </Button>
      }
    />
  );
}

/** What the search shows when the agent comes back to it from a record: the last query and its answer. */
interface KeptSearch {
  typed: string;
  result: { q: string; hits: CustomerSearchHit[] } | null;
}

function CustomerSearch() {
  const { t } = useTranslation();
  const inputId = useId();
  const emptyId = useId();
  const resultsId = useId();
  const language = useConsoleStore((s) => s.ui.language);
  const searchCustomers = useConsoleStore((s) => s.searchCustomers);
  const [kept, setKept] = useKeptState<KeptSearch>('customer-search', () => ({ typed: '', result: null }));
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<{ q: string; error: UserFacingError } | null>(null);
  const [empty, setEmpty] = useState(false);
  const inputRef = useRef<InputRef>(null);
  // Only the newest search may answer: an older, slower one must not replace its results.
  const latest = useRef(0);

  const run = async (typed: string) => {
    const q = typed.trim();
    if (q === '') {
      setEmpty(true);
      inputRef.current?.focus();
      return;
    }
    const seq = ++latest.current;
    setBusy(true);
    setFailure(null);
    try {
      const hits = await searchCustomers(q);
      if (seq !== latest.current) return;
      setKept((current) => ({ ...current, result: { q, hits } }));
    } catch (caught) {
      if (seq !== latest.current) return;
      setFailure({ q, error: userFacing(caught) });
    } finally {
      if (seq === latest.current) setBusy(false);
    }
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    void run(kept.typed);
  };

  const result = kept.result;
  const status = (): string | null => {
    if (busy) return t('customer.search.searching');
    if (failure || result === null) return null;
    if (result.hits.length === 0) return t('customer.search.noMatch', { q: result.q });
    if (result.hits.length === 1) return t('customer.search.countOne');
    return t('customer.search.count', { count: formatCount(result.hits.length, language) });
  };

  return (
    <Flex vertical gap={12}>
      <form role="search" aria-label={t('customer.search.region')} noValidate onSubmit={submit} style={{ maxWidth: 640 }}>
        <label htmlFor={inputId} style={{ display: 'block', marginBottom: 4 }}>
          {t('customer.search.label')}
        </label>
        <Flex gap={8}>
          <Input
            id={inputId}
            ref={inputRef}
            type="search"
            allowClear
            autoComplete="off"
            maxLength={SEARCH_MAX}
            placeholder={t('customer.search.placeholder')}
            value={kept.typed}
            aria-invalid={empty}
            aria-describedby={empty ? emptyId : undefined}
            onChange={(e) => {
              const typed = e.target.value;
              setKept((current) => ({ ...current, typed }));
              if (typed.trim() !== '') setEmpty(false);
            }}
          />
          <Button type="primary" htmlType="submit" icon={<SearchOutlined aria-hidden />} loading={busy}>
            {t('customer.search.submit')}
          </Button>
        </Flex>
        {empty && <FieldError id={emptyId}>{t('customer.search.empty')}</FieldError>}
      </form>

      {/* Announced politely: what a screen-reader user hears after searching. */}
      <Typography.Text role="status">{status()}</Typography.Text>

      {busy && result === null && (
        <Flex justify="center" style={{ padding: 24 }}>
          <Spin />
        </Flex>
      )}
      {failure && !busy && (
        <Alert
          type="error"
          showIcon
          icon={<CloseCircleFilled aria-hidden />}
          title={t('customer.search.failed')}
          description={errorText(t, failure.error)}
          action={
            <Button size="small" onClick={() => void run(failure.q)}>
              {t('customer.retry')}
            </Button>
          }
        />
      )}
      {result !== null && result.hits.length > 0 && !failure && (
        <section aria-labelledby={resultsId} aria-busy={busy}>
          <Typography.Title level={2} id={resultsId} style={{ fontSize: 15, marginTop: 0 }}>
            {t('customer.search.results', { q: result.q })}
          </Typography.Title>
          <ul style={{ margin: 0, padding: 0, listStyle: 'none', opacity: busy ? 0.6 : 1 }}>
            {result.hits.map((hit) => (
              <SearchResult key={hit.card.id} hit={hit} />
            ))}
          </ul>
        </section>
      )}
    </Flex>
  );
}

function SearchResult({ hit }: { hit: CustomerSearchHit }) {
  const { t } = useTranslation();
  const openCustomer = useConsoleStore((s) => s.openCustomer);
  const { card } = hit;
  const firstPhone = card.phones[0];
  return (
    <li style={{ padding: '10px 12px', borderBottom: '1px solid #f0f0f0', background: '#fff' }}>
      <Flex justify="space-between" align="center" gap={12} wrap>
        <Flex vertical gap={4} style={{ minWidth: 0 }}>
          <div>
            <Typography.Text strong style={{ fontSize: 15 }}>
              {card.name}
            </Typography.Text>
            {firstPhone && <Typography.Text type="secondary"> · {formatPhone(firstPhone.e164)}</Typography.Text>}
          </div>
          <Flex gap={4} wrap align="center">
            <Tag color="blue" style={{ marginInlineEnd: 0, color: '#002c8c' }}>
              {matchedText(t, hit)}
            </Tag>
            <CustomerFlags card={card} />
          </Flex>
        </Flex>
        <Button icon={<IdcardOutlined aria-hidden />} aria-label={t('customer.search.openName', { name: card.name })} onClick={() => openCustomer(card.id)}>
          {t('customer.search.open')}
        </Button>
      </Flex>
    </li>
  );
}
