import { CloseCircleFilled, DeleteOutlined, PlusOutlined, SaveOutlined, WarningFilled } from '@ant-design/icons';
import { Alert, App, Button, Flex, Input, Typography, type InputRef } from 'antd';
import { useId, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { CUSTOMER_NAME_MAX, CUSTOMER_PHONES_MAX, type CustomerDetail } from '../../../../shared/api/customers';
import { useConsoleStore, type UserFacingError } from '../../store';
import { errorText } from '../common/error-text';
import {
  contactFormOf,
  contactPatch,
  formPhoneIndex,
  rebaseContactForm,
  rejectedInput,
  userFacing,
  validateContactForm,
  type ContactField,
  type ContactForm,
  type ContactProblems,
} from './customer-model';
import { fieldText } from './customer-text';
import { FieldError } from './field-error';
import { forgetKept, useKeptState } from './use-kept-state';

/** The form's draft: the values typed and the record as it was when they were typed on. */
interface ContactDraft {
  base: CustomerDetail;
  values: ContactForm;
}

/** After a 409: what the other person changed, and which of those the agent changed too. */
interface Conflict {
  /** False when the newer version could not be fetched: the form is still on the old one. */
  reloaded: boolean;
  theirs: ContactField[];
  both: ContactField[];
}

export const contactDraftKey = (customerId: string) => `contact-edit:${customerId}`;

/**
 * Editing a customer's contact details. Only the changed fields are sent, on the version the agent
 * saw; a 409 moves the form onto the record as it is now without losing what was typed.
 */
export function ContactEditForm({ detail, onSaved, onReloaded, onClose }: {
  detail: CustomerDetail;
  onSaved: (detail: CustomerDetail) => void;
  onReloaded: (detail: CustomerDetail) => void;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const customerId = detail.card.id;
  const draftKey = contactDraftKey(customerId);
  const updateCustomer = useConsoleStore((s) => s.updateCustomer);
  const loadCustomer = useConsoleStore((s) => s.loadCustomer);
  const [draft, setDraft] = useKeptState<ContactDraft>(draftKey, () => ({ base: detail, values: contactFormOf(detail) }));
  const [problems, setProblems] = useState<ContactProblems>({});
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<UserFacingError | null>(null);
  const [conflict, setConflict] = useState<Conflict | null>(null);
  const [focusPhone, setFocusPhone] = useState<number | null>(null);
  const nameRef = useRef<InputRef>(null);
  const firstPhoneRef = useRef<InputRef>(null);
  const ids = { name: useId(), nameError: useId(), phones: useId(), phonesError: useId(), email: useId(), address: useId(), notes: useId(), rejected: useId() };
  const { values } = draft;
  const language = useConsoleStore((s) => s.ui.language);
  const listSeparator = language === 'zh-CN' ? '、' : ', ';

  const rejected = error?.code === 'validation' ? rejectedInput(error.message) : null;
  const rejectedPhone = rejected?.field === 'phones' && rejected.index !== null ? formPhoneIndex(values.phones, rejected.index) : null;
  const isRejected = (field: ContactField, index?: number) =>
    rejected !== null && rejected.field === field && (field !== 'phones' || rejectedPhone === null || rejectedPhone === index);

  const setValues = (update: (current: ContactForm) => ContactForm) => setDraft((current) => ({ ...current, values: update(current.values) }));

  const close = () => {
    forgetKept(draftKey);
    onClose();
  };

  const save = async (event: FormEvent) => {
    event.preventDefault();
    if (busy) return;
    const found = validateContactForm(values);
    setProblems(found);
    if (found.name || found.phones) {
      (found.name ? nameRef : firstPhoneRef).current?.focus();
      return;
    }
    const patch = contactPatch(draft.base, values);
    if (!patch) {
      void message.info(t('customer.edit.noChanges'));
      close();
      return;
    }
    setBusy(true);
    setError(null);
    setConflict(null);
    try {
      const saved = await updateCustomer(customerId, patch);
      forgetKept(draftKey);
      void message.success(t('customer.edit.saved'));
      onSaved(saved);
    } catch (caught) {
      const failure = userFacing(caught);
      if (failure.code === 'conflict') await reloadAfterConflict();
      else setError(failure);
    } finally {
      setBusy(false);
    }
  };

  /** Someone saved first: fetch their version and move the agent's typing onto it. */
  const reloadAfterConflict = async () => {
    try {
      const latest = await loadCustomer(customerId, 'workspace');
      const rebased = rebaseContactForm(values, draft.base, latest);
      setDraft({ base: latest, values: rebased.form });
      setConflict({ reloaded: true, theirs: rebased.theirs, both: rebased.both });
      onReloaded(latest);
    } catch (caught) {
      // Still on the old version: saving again meets the same 409 and tries the reload again.
      setConflict({ reloaded: false, theirs: [], both: [] });
      setError(userFacing(caught));
    }
  };

  const phoneCount = values.phones.length;
  return (
    <form noValidate aria-label={t('customer.edit.title')} onSubmit={(e) => void save(e)}>
      <Flex vertical gap={12}>
        {conflict && (
          <Alert
            type="warning"
            showIcon
            icon={<WarningFilled aria-hidden />}
            title={conflict.reloaded ? t('customer.edit.conflict') : t('customer.edit.conflictNotReloaded')}
            description={
              conflict.theirs.length > 0 ? (
                <>
                  <div>{t('customer.edit.conflictFields', { fields: conflict.theirs.map((f) => fieldText(t, f)).join(listSeparator) })}</div>
                  {conflict.both.length > 0 && <div>{t('customer.edit.conflictBoth', { fields: conflict.both.map((f) => fieldText(t, f)).join(listSeparator) })}</div>}
                </>
              ) : undefined
            }
          />
        )}
        {error && (
          <Alert
            type="error"
            showIcon
            icon={<CloseCircleFilled aria-hidden />}
            title={rejected ? t('customer.edit.fieldRejected', { field: fieldText(t, rejected.field) }) : t('customer.edit.failed')}
            description={<span id={ids.rejected}>{errorText(t, error)}</span>}
          />
        )}

        <div>
          <label htmlFor={ids.name} style={{ display: 'block', marginBottom: 4 }}>
            {t('customer.fields.name')}
          </label>
          <Input
            id={ids.name}
            ref={nameRef}
            value={values.name}
            maxLength={CUSTOMER_NAME_MAX}
            autoComplete="off"
            required
            aria-required
            aria-invalid={problems.name !== undefined || isRejected('name')}
            aria-describedby={problems.name ? ids.nameError : isRejected('name') ? ids.rejected : undefined}
            status={problems.name || isRejected('name') ? 'error' : undefined}
            onChange={(e) => {
              const name = e.target.value;
              setValues((v) => ({ ...v, name }));
              if (name.trim() !== '') setProblems((p) => ({ ...p, name: undefined }));
            }}
          />
          {problems.name && <FieldError id={ids.nameError}>{t('customer.edit.nameRequired')}</FieldError>}
        </div>

        <fieldset style={{ border: 0, margin: 0, padding: 0, minWidth: 0 }} aria-describedby={problems.phones ? ids.phonesError : undefined}>
          <legend style={{ fontSize: 14, marginBottom: 4 }}>{t('customer.fields.phones')}</legend>
          <Flex vertical gap={6}>
            {values.phones.map((phone, index) => {
              const n = index + 1;
              const inputId = `${ids.phones}-${index}`;
              return (
                // Index keys: the inputs have no identity beyond their place, and an edited number is still the same row.
                <Flex key={index} gap={6} align="center">
                  <label htmlFor={inputId} className="visually-hidden">
                    {t('customer.edit.phone', { n })}
                  </label>
                  <Input
                    id={inputId}
                    ref={index === 0 ? firstPhoneRef : undefined}
                    value={phone}
                    maxLength={64}
                    inputMode="tel"
                    autoComplete="off"
                    // Only the row just added: typing goes on where the agent asked for a new number.
                    autoFocus={focusPhone === index}
                    aria-invalid={isRejected('phones', index)}
                    aria-describedby={isRejected('phones', index) ? ids.rejected : undefined}
                    status={isRejected('phones', index) ? 'error' : undefined}
                    onChange={(e) => {
                      const next = e.target.value;
                      setValues((v) => ({ ...v, phones: v.phones.map((p, i) => (i === index ? next : p)) }));
                      if (next.trim() !== '') setProblems((p) => ({ ...p, phones: undefined }));
                    }}
                    style={{ maxWidth: 280 }}
                  />
                  <Button
                    icon={<DeleteOutlined aria-hidden />}
                    aria-label={t('customer.edit.removePhone', { n })}
                    disabled={phoneCount <= 1}
                    onClick={() => {
                      setFocusPhone(null);
                      setValues((v) => ({ ...v, phones: v.phones.filter((_, i) => i !== index) }));
                    }}
                  />
                </Flex>
              );
            })}
            <div>
              <Button
                size="small"
                icon={<PlusOutlined aria-hidden />}
                disabled={phoneCount >= CUSTOMER_PHONES_MAX}
                onClick={() => {
                  setFocusPhone(phoneCount);
                  setValues((v) => ({ ...v, phones: [...v.phones, ''] }));
                }}
              >
                {t('customer.edit.addPhone')}
              </Button>
            </div>
          </Flex>
          {problems.phones && (
            <FieldError id={ids.phonesError}>{problems.phones === 'tooMany' ? t('customer.edit.phonesTooMany', { max: CUSTOMER_PHONES_MAX }) : t('customer.edit.phonesRequired')}</FieldError>
          )}
        </fieldset>

        <div>
          <label htmlFor={ids.email} style={{ display: 'block', marginBottom: 4 }}>
            {t('customer.fields.email')}
          </label>
          <Input
            id={ids.email}
            type="email"
            value={values.email}
            maxLength={200}
            autoComplete="off"
            aria-invalid={isRejected('email')}
            aria-describedby={isRejected('email') ? ids.rejected : undefined}
            status={isRejected('email') ? 'error' : undefined}
            onChange={(e) => {
              const email = e.target.value;
              setValues((v) => ({ ...v, email }));
            }}
          />
        </div>
        <div>
          <label htmlFor={ids.address} style={{ display: 'block', marginBottom: 4 }}>
            {t('customer.fields.address')}
          </label>
          <Input
            id={ids.address}
            value={values.address}
            maxLength={300}
            autoComplete="off"
            aria-invalid={isRejected('address')}
            aria-describedby={isRejected('address') ? ids.rejected : undefined}
            status={isRejected('address') ? 'error' : undefined}
            onChange={(e) => {
              const address = e.target.value;
              setValues((v) => ({ ...v, address }));
            }}
          />
        </div>
        <div>
          <label htmlFor={ids.notes} style={{ display: 'block', marginBottom: 4 }}>
            {t('customer.fields.notes')}
          </label>
          <Input.TextArea
            id={ids.notes}
            value={values.notes}
            maxLength={2000}
            autoSize={{ minRows: 2, maxRows: 8 }}
            aria-invalid={isRejected('notes')}
            aria-describedby={isRejected('notes') ? ids.rejected : undefined}
            status={isRejected('notes') ? 'error' : undefined}
            onChange={(e) => {
              const notes = e.target.value;
              setValues((v) => ({ ...v, notes }));
            }}
          />
        </div>
        <Typography.Text type="secondary">{t('customer.edit.onlyChanged')}</Typography.Text>
        <Flex gap={8} justify="flex-end">
          <Button onClick={close} disabled={busy}>
            {t('customer.edit.cancel')}
          </Button>
          <Button type="primary" htmlType="submit" icon={<SaveOutlined aria-hidden />} loading={busy}>
            {t('customer.edit.save')}
          </Button>
        </Flex>
      </Flex>
    </form>
  );
}
