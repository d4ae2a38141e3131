import { CheckOutlined, CloseCircleFilled, IdcardOutlined, QuestionCircleOutlined, UserAddOutlined, WarningFilled } from '@ant-design/icons';
import { Alert, App, Button, Card, Flex, Input, Select, Spin, Typography, type InputRef } from 'antd';
import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { CUSTOMER_CLASSES, CUSTOMER_NAME_MAX, type CustomerCard } from '../../../../shared/api/customers';
import { mark, SCREEN_POP_MARK } from '../../services/perf-marks';
import { useConsoleStore, type UserFacingError } from '../../store';
import type { ScreenPop } from '../../store/customer-slice-state';
import { errorText } from '../common/error-text';
import { hashForPane } from '../workspace/panes';
import { CustomerFlags, CustomerHeader, PhoneList } from './customer-flags';
import { canEditCustomers, chosenCustomer, emptyQuickCreate, hasCustomerPane, rejectedInput, userFacing, validateQuickCreate, type QuickCreateProblems } from './customer-model';
import { customerClassText, formatPhone, formatPhoneInternational, freshnessText } from './customer-text';
import { FieldError } from './field-error';
import { forgetKept, useKeptState } from './use-kept-state';

type Pop<S extends ScreenPop['status']> = Extract<ScreenPop, { status: S }>;

/**
 * Who is calling, beside the ringing call's card: rendered from the store's pop at once, with no
 * fetching of its own, so it is there before the agent answers. Nothing while there is no pop.
 */
export function ScreenPopCard({ callId }: { callId: string }) {
  const { t } = useTranslation();
  const pop = useConsoleStore((s) => s.customers.pops[callId]);
  if (!pop) return null;
  switch (pop.status) {
    case 'unknown':
      return <UnknownCaller pop={pop} />;
    case 'internal':
      return <Typography.Text type="secondary">{t('customer.pop.internal', { extension: pop.extension })}</Typography.Text>;
    case 'looking-up':
      return (
        <Flex role="status" aria-busy="true" gap={8} align="center">
          <span aria-hidden>
            <Spin size="small" />
          </span>
          <Typography.Text>{t('customer.pop.lookingUp', { number: formatPhoneInternational(pop.e164) })}</Typography.Text>
        </Flex>
      );
    case 'found': {
      const customer = chosenCustomer(pop);
      return customer ? <CallerCard pop={pop} customer={customer} /> : <CallerChooser pop={pop} />;
    }
    case 'not-found':
      return <QuickCreate key={pop.callId} pop={pop} />;
  }
}

function UnknownCaller({ pop }: { pop: Pop<'unknown'> }) {
  const { t } = useTranslation();
  const headingId = useId();
  return (
    <Card size="small" role="region" aria-labelledby={headingId}>
      <Typography.Title level={3} id={headingId} style={{ fontSize: 16, margin: 0 }}>
        <QuestionCircleOutlined aria-hidden /> {t('customer.pop.unknownTitle')}
      </Typography.Title>
      <Typography.Paragraph type="secondary" style={{ margin: '4px 0 0' }}>
        {t(`customer.pop.unknownReason.${pop.reason}`)}
      </Typography.Paragraph>
    </Card>
  );
}

function Freshness({ pop }: { pop: Pop<'found'> }) {
  const { t } = useTranslation();
  const language = useConsoleStore((s) => s.ui.language);
  // Only the day matters (today's time or a date), so the moment of the first render is enough.
  const [now] = useState(() => Date.now());
  return (
    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
      {freshnessText(t, pop, language, now)}
    </Typography.Text>
  );
}

/** Calls whose caller has been on screen: the benchmark's end mark is made once per call. */
const painted = new Set<string>();

/**
 * Marks the frame in which the caller first showed (card or chooser): the requestAnimationFrame
 * callback runs just before that frame is painted. Read by `npm run bench` (screen-pop).
 */
function usePaintedMark(pop: Pop<'found'>): void {
  // Where the caller first came from: the hub's confirmation of a pop from the copy may re-render
  // the card before that frame is painted, and must not move the mark.
  const firstSource = useRef(pop.source);
  useEffect(() => {
    if (painted.has(pop.callId)) return;
    const source = firstSource.current;
    const frame = requestAnimationFrame(() => {
      painted.add(pop.callId);
      mark(SCREEN_POP_MARK.painted(pop.callId, source));
    });
    return () => cancelAnimationFrame(frame);
  }, [pop.callId]);
}

function CallerCard({ pop, customer }: { pop: Pop<'found'>; customer: CustomerCard }) {
  const { t } = useTranslation();
  usePaintedMark(pop);
  const role = useConsoleStore((s) => s.session.user?.role);
  const openCustomer = useConsoleStore((s) => s.openCustomer);
  const open = () => {
    openCustomer(customer.id);
    window.location.hash = hashForPane('customer');
  };
  return (
    <Card size="small" role="region" aria-label={t('customer.pop.regionFound', { name: customer.name })} style={{ borderColor: customer.openComplaints > 0 ? '#cf1322' : undefined }}>
      <Flex vertical gap={8}>
        <CustomerHeader card={customer} level={3} />
        <PhoneList phones={customer.phones} />
        <Flex justify="space-between" align="center" gap={8} wrap>
          <Freshness pop={pop} />
          {hasCustomerPane(role) && (
            <Button size="small" icon={<IdcardOutlined aria-hidden />} onClick={open}>
              {t('customer.pop.openRecord')}
            </Button>
          )}
        </Flex>
      </Flex>
    </Card>
  );
}

/** Several customers share the number (a family landline, a company switchboard): the agent says who it is. */
function CallerChooser({ pop }: { pop: Pop<'found'> }) {
  const { t } = useTranslation();
  usePaintedMark(pop);
  const headingId = useId();
  const chooseCaller = useConsoleStore((s) => s.chooseCaller);
  const count = pop.customers.length;
  return (
    <Card size="small" role="region" aria-label={t('customer.pop.regionChoose')}>
      <Flex vertical gap={8}>
        <div>
          <Typography.Title level={3} id={headingId} style={{ fontSize: 16, margin: 0 }}>
            {count === 1 ? t('customer.pop.chooseTitleOne') : t('customer.pop.chooseTitle', { count })}
          </Typography.Title>
          <Typography.Text type="secondary">{formatPhone(pop.e164)}</Typography.Text>
        </div>
        <ul aria-labelledby={headingId} style={{ margin: 0, padding: 0, listStyle: 'none' }}>
          {pop.customers.map((customer) => (
            <li key={customer.id} style={{ padding: '8px 0', borderTop: '1px solid #f0f0f0' }}>
              <Flex justify="space-between" align="center" gap={8} wrap>
                <Flex vertical gap={4} style={{ minWidth: 0 }}>
                  <Typography.Text strong style={{ fontSize: 15 }}>
                    {customer.name}
                  </Typography.Text>
                  <CustomerFlags card={customer} />
                </Flex>
                <Button
                  size="small"
                  icon={<CheckOutlined aria-hidden />}
                  aria-label={t('customer.pop.chooseButtonName', { name: customer.name })}
                  onClick={() => chooseCaller(pop.callId, customer.id)}
                >
                  {t('customer.pop.chooseButton')}
                </Button>
              </Flex>
            </li>
          ))}
        </ul>
        <Freshness pop={pop} />
      </Flex>
    </Card>
  );
}

/** Nobody has the number: create the customer while they are on the line, prefilled with it. */
function QuickCreate({ pop }: { pop: Pop<'not-found'> }) {
  const { t } = useTranslation();
  const headingId = useId();
  const role = useConsoleStore((s) => s.session.user?.role);
  const number = formatPhone(pop.e164);
  return (
    <Card size="small" role="region" aria-label={t('customer.pop.regionNew')}>
      <Flex vertical gap={8}>
        <Typography.Title level={3} id={headingId} style={{ fontSize: 16, margin: 0 }}>
          <UserAddOutlined aria-hidden /> {canEditCustomers(role) ? t('customer.quickCreate.title') : t('customer.quickCreate.notFound')}
        </Typography.Title>
        <Typography.Text>
          {t('customer.quickCreate.callerNumber')} <Typography.Text strong>{number}</Typography.Text>
        </Typography.Text>
        {pop.hubError && <HubErrorWarning error={pop.hubError} />}
        {canEditCustomers(role) && <QuickCreateForm pop={pop} />}
      </Flex>
    </Card>
  );
}

function HubErrorWarning({ error }: { error: UserFacingError }) {
  const { t } = useTranslation();
  return (
    <Alert
      type="warning"
      showIcon
      icon={<WarningFilled aria-hidden />}
      role="note"
      title={t('customer.quickCreate.hubError')}
      description={t('customer.quickCreate.hubErrorHint', { error: errorText(t, error) })}
    />
  );
}

function QuickCreateForm({ pop }: { pop: Pop<'not-found'> }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const ids = { name: useId(), phone: useId(), customerClass: useId(), address: useId(), nameError: useId(), phoneError: useId(), failure: useId() };
  const createCustomer = useConsoleStore((s) => s.createCustomer);
  const draftKey = `quick-create:${pop.callId}`;
  const [form, setForm] = useKeptState(draftKey, () => emptyQuickCreate(pop.e164));
  const [problems, setProblems] = useState<QuickCreateProblems>({});
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<UserFacingError | null>(null);
  const nameRef = useRef<InputRef>(null);
  const phoneRef = useRef<InputRef>(null);
  // The hub names the input it refused (`phones.0: …`): that field is marked and points at the message.
  const rejected = error?.code === 'validation' ? rejectedInput(error.message)?.field : undefined;
  const refused = (field: 'name' | 'phones' | 'address') => (rejected === field ? { 'aria-invalid': true, 'aria-describedby': ids.failure, status: 'error' as const } : {});

  const update = (patch: Partial<typeof form>) => {
    setForm((current) => ({ ...current, ...patch }));
    // A problem goes as soon as the field is filled; a new one shows only on the next attempt.
    setProblems((current) => ({
      ...current,
      ...(patch.name !== undefined && patch.name.trim() !== '' ? { name: undefined } : {}),
      ...(patch.phone !== undefined && patch.phone.trim() !== '' ? { phone: undefined } : {}),
    }));
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (busy) return;
    const found = validateQuickCreate(form);
    setProblems(found);
    if (found.name || found.phone) {
      (found.name ? nameRef : phoneRef).current?.focus();
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const created = await createCustomer(
        { name: form.name.trim(), phones: [form.phone.trim()], customerClass: form.customerClass, address: form.address.trim() === '' ? null : form.address.trim() },
        pop.callId,
      );
      forgetKept(draftKey);
      void message.success(t('customer.quickCreate.created', { name: created.card.name }));
    } catch (caught) {
      setError(userFacing(caught));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form noValidate aria-label={t('customer.quickCreate.title')} onSubmit={(e) => void submit(e)}>
      <Flex vertical gap={8}>
        <div>
          <label htmlFor={ids.name} style={{ display: 'block', marginBottom: 4 }}>
            {t('customer.quickCreate.name')}
          </label>
          <Input
            id={ids.name}
            ref={nameRef}
            value={form.name}
            maxLength={CUSTOMER_NAME_MAX}
            autoComplete="off"
            required
            aria-required
            aria-invalid={problems.name !== undefined}
            aria-describedby={problems.name ? ids.nameError : undefined}
            status={problems.name ? 'error' : undefined}
            onChange={(e) => update({ name: e.target.value })}
            {...refused('name')}
          />
          {problems.name && <FieldError id={ids.nameError}>{t('customer.quickCreate.nameRequired')}</FieldError>}
        </div>
        <div>
          <label htmlFor={ids.phone} style={{ display: 'block', marginBottom: 4 }}>
            {t('customer.quickCreate.phone')}
          </label>
          <Input
            id={ids.phone}
            ref={phoneRef}
            value={form.phone}
            maxLength={64}
            inputMode="tel"
            autoComplete="off"
            required
            aria-required
            aria-invalid={problems.phone !== undefined}
            aria-describedby={problems.phone ? ids.phoneError : undefined}
            status={problems.phone ? 'error' : undefined}
            onChange={(e) => update({ phone: e.target.value })}
            {...refused('phones')}
          />
          {problems.phone && <FieldError id={ids.phoneError}>{t('customer.quickCreate.phoneRequired')}</FieldError>}
        </div>
        <div>
          <label htmlFor={ids.customerClass} style={{ display: 'block', marginBottom: 4 }}>
            {t('customer.quickCreate.customerClass')}
          </label>
          <Select
            id={ids.customerClass}
            virtual={false}
            value={form.customerClass}
            options={CUSTOMER_CLASSES.map((c) => ({ value: c, label: customerClassText(t, c) }))}
            onChange={(value) => update({ customerClass: value })}
            style={{ width: '100%' }}
          />
        </div>
        <div>
          <label htmlFor={ids.address} style={{ display: 'block', marginBottom: 4 }}>
            {t('customer.quickCreate.address')}
          </label>
          <Input id={ids.address} value={form.address} maxLength={300} autoComplete="off" onChange={(e) => update({ address: e.target.value })} {...refused('address')} />
        </div>
        {error && (
          <Alert type="error" showIcon icon={<CloseCircleFilled aria-hidden />} title={t('customer.quickCreate.failed')} description={<span id={ids.failure}>{errorText(t, error)}</span>} />
        )}
        <Flex justify="flex-end">
          <Button type="primary" htmlType="submit" icon={<UserAddOutlined aria-hidden />} loading={busy}>
            {t('customer.quickCreate.submit')}
          </Button>
        </Flex>
      </Flex>
    </form>
  );
}
