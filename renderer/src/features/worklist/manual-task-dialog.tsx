import { CloseCircleFilled } from '@ant-design/icons';
import { Alert, App, Flex, Input, Modal, Radio, Select, Typography } from 'antd';
import { useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CustomerCard } from '../../../../shared/api/customers';
import { CALLBACK_TYPES, type CallbackType } from '../../../../shared/api/tickets';
import { dialTarget } from '../../../../shared/telephony/phone-number';
import { checkDueTime } from '../../services/worklist/worklist-model';
import { toUserFacingError, useConsoleStore, type WorklistActionError } from '../../store';
import { errorText } from '../common/error-text';
import { CallTimeField, type TimeProblem } from './call-time-field';
import { fromLocalInput } from './worklist-text';

type Problems = Partial<Record<'customer' | 'phone', string>>;

/**
 * 新建回访: a callback made by hand, into the pool. The due time is checked against the calling
 * hours before it is sent; the hub's refusal is shown at the field it names; on a network error the
 * dialog stays with everything typed, and a retry creates the task once (the id is the dialog's).
 */
export function ManualTaskDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const ids = { type: useId(), customer: useId(), phone: useId(), priority: useId(), note: useId(), customerError: useId(), phoneError: useId() };
  const settings = useConsoleStore((s) => s.worklist.settings);
  const createManualTask = useConsoleStore((s) => s.createManualTask);
  const searchCustomers = useConsoleStore((s) => s.searchCustomers);
  const [taskId, setTaskId] = useState(() => crypto.randomUUID());
  const [type, setType] = useState<CallbackType>('after_sales');
  const [customer, setCustomer] = useState<CustomerCard | null>(null);
  const [options, setOptions] = useState<CustomerCard[]>([]);
  const [searchError, setSearchError] = useState<string | null>(null);
  const [phone, setPhone] = useState('');
  const [dueAt, setDueAt] = useState('');
  const [priority, setPriority] = useState<'auto' | 'high'>('auto');
  const [note, setNote] = useState('');
  const [problems, setProblems] = useState<Problems>({});
  const [timeProblem, setTimeProblem] = useState<TimeProblem | null>(null);
  const [failure, setFailure] = useState<WorklistActionError | null>(null);
  const [sending, setSending] = useState(false);
  const searchSeq = useRef(0);

  function reset(): void {
    setTaskId(crypto.randomUUID());
    setCustomer(null);
    setOptions([]);
    setPhone('');
    setDueAt('');
    setPriority('auto');
    setNote('');
    setProblems({});
    setTimeProblem(null);
    setFailure(null);
  }

  async function search(q: string): Promise<void> {
    const seq = (searchSeq.current += 1);
    if (q.trim().length < 2) return;
    try {
      const hits = await searchCustomers(q.trim());
      if (seq === searchSeq.current) {
        setOptions(hits.map((h) => h.card));
        setSearchError(null);
      }
    } catch (error) {
      if (seq === searchSeq.current) setSearchError(t('worklist.manual.customerSearchFailed', { detail: errorText(t, toUserFacingError(error)) }));
    }
  }

  async function submit(): Promise<void> {
    setFailure(null);
    setTimeProblem(null);
    const found: Problems = {};
    const typedPhone = phone.trim();
    if (customer === null && typedPhone === '') found.customer = t('worklist.manual.needCustomerOrPhone');
    if (typedPhone !== '' && dialTarget(typedPhone).kind === 'invalid') found.phone = t('worklist.manual.invalidPhone');
    setProblems(found);
    const at = fromLocalInput(dueAt);
    if (at === null) {
      setTimeProblem({ kind: 'required', message: t('worklist.manual.needDueAt') });
      return;
    }
    if (settings) {
      const check = checkDueTime(at, Date.now(), settings.config, settings.timeZone);
      if (!check.ok) {
        setTimeProblem({ kind: 'check', check });
        return;
      }
    }
    if (Object.keys(found).length > 0) return;
    setSending(true);
    try {
      await createManualTask({
        id: taskId,
        type,
        customerId: customer?.id ?? null,
        phone: typedPhone === '' ? null : typedPhone,
        dueAt: new Date(at).toISOString(),
        priority: priority === 'high' ? 'high' : null,
        note: note.trim(),
      });
      void message.success(t('worklist.manual.created'));
      reset();
      onClose();
    } catch (error) {
      const refused = error as WorklistActionError;
      if (refused.field === 'dueAt') setTimeProblem({ kind: 'hub', message: refused.message });
      else if (refused.field === 'phone') setProblems({ phone: refused.message });
      else if (refused.field === 'customerId') setProblems({ customer: refused.message });
      else setFailure(refused);
    } finally {
      setSending(false);
    }
  }

  return (
    <Modal
      open={open}
      title={t('worklist.manual.title')}
      okText={t('worklist.manual.submit')}
      cancelText={t('worklist.manual.cancel')}
      confirmLoading={sending}
      onOk={() => void submit()}
      onCancel={onClose}
      destroyOnHidden={false}
    >
      <Flex vertical gap={12}>
        <Flex vertical gap={4}>
          <label htmlFor={ids.type}>{t('worklist.manual.type')}</label>
          <Select<CallbackType> id={ids.type} value={type} onChange={setType} options={CALLBACK_TYPES.map((value) => ({ value, label: t(`worklist.types.${value}`) }))} />
        </Flex>
        <Flex vertical gap={4}>
          <label htmlFor={ids.customer}>{t('worklist.manual.customer')}</label>
          <Select<string>
            id={ids.customer}
            showSearch={{ filterOption: false, onSearch: (q) => void search(q) }}
            allowClear
            placeholder={t('worklist.manual.customerPlaceholder')}
            value={customer?.id}
            status={problems.customer ? 'error' : undefined}
            aria-describedby={problems.customer ? ids.customerError : undefined}
            onChange={(id) => setCustomer(options.find((c) => c.id === id) ?? null)}
            options={(customer && !options.some((c) => c.id === customer.id) ? [customer, ...options] : options).map((c) => ({
              value: c.id,
              label: `${c.name}${c.phones[0] ? ` · ${c.phones[0].e164}` : ''}`,
            }))}
          />
          {searchError !== null && <Typography.Text type="warning">{searchError}</Typography.Text>}
          {problems.customer && (
            <Typography.Text type="danger" id={ids.customerError} role="alert">
              {problems.customer}
            </Typography.Text>
          )}
        </Flex>
        <Flex vertical gap={4}>
          <label htmlFor={ids.phone}>{t('worklist.manual.phone')}</label>
          <Input
            id={ids.phone}
            value={phone}
            maxLength={40}
            inputMode="tel"
            status={problems.phone ? 'error' : undefined}
            aria-invalid={problems.phone !== undefined}
            aria-describedby={problems.phone ? ids.phoneError : undefined}
            onChange={(e) => setPhone(e.target.value)}
          />
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t('worklist.manual.phoneHint')}
          </Typography.Text>
          {problems.phone && (
            <Typography.Text type="danger" id={ids.phoneError} role="alert">
              {problems.phone}
            </Typography.Text>
          )}
        </Flex>
        <CallTimeField
          label={t('worklist.manual.dueAt')}
          value={dueAt}
          onChange={(value) => {
            setDueAt(value);
            setTimeProblem(null);
          }}
          problem={timeProblem}
        />
        <fieldset style={{ border: 0, padding: 0, margin: 0 }}>
          <legend style={{ fontSize: 14, marginBottom: 4 }}>{t('worklist.manual.priority')}</legend>
          <Radio.Group value={priority} onChange={(e) => setPriority(e.target.value as 'auto' | 'high')}>
            <Radio value="auto">{t('worklist.manual.priorities.auto')}</Radio>
            <Radio value="high">{t('worklist.manual.priorities.high')}</Radio>
          </Radio.Group>
        </fieldset>
        <Flex vertical gap={4}>
          <label htmlFor={ids.note}>{t('worklist.manual.note')}</label>
          <Input.TextArea id={ids.note} value={note} maxLength={2000} autoSize={{ minRows: 2, maxRows: 6 }} onChange={(e) => setNote(e.target.value)} />
        </Flex>
        {failure && <Alert type="error" showIcon icon={<CloseCircleFilled aria-hidden />} role="alert" title={t('worklist.manual.failed', { detail: errorText(t, failure) })} />}
      </Flex>
    </Modal>
  );
}
