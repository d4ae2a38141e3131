import { CloseCircleFilled, WarningFilled } from '@ant-design/icons';
import { Alert, App, Flex, Modal, Typography } from 'antd';
import type { TFunction } from 'i18next';
import { useId, useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { ComplaintDetail } from '../../../../shared/api/complaints';
import type { OrgDesign } from '../../../../shared/api/org';
import type { ComplaintActionType } from '../../../../shared/complaints/complaint-actions';
import { authorityLimitFen, withinAuthority } from '../../../../shared/complaints/complaint-config';
import { mayHaveReachedHub, requestFor, type SentRequest } from '../../services/cases/action-request';
import { formatYuan, parseYuan } from '../../services/cases/money';
import { useConsoleStore, type CaseActionError } from '../../store';
import { errorText } from '../common/error-text';
import { forgetKept, useKeptState } from '../customer/use-kept-state';
import { ACTION_FORMS, checkForm, fieldOfPath, fieldState, initialValues, type FieldProblem, type FormValue, type FormValues } from './action-form-model';
import { ActionField, fieldLabel, type FieldContext } from './action-field';
import { actionText } from './case-text';

/** What the person typed, and the last request sent with it (its id is reused when the same request is sent again). */
interface ActionDraft {
  values: FormValues;
  sent: SentRequest | null;
}

export const actionDraftKey = (ticketId: string, type: ComplaintActionType): string => `case-action:${ticketId}:${type}`;

type Failure =
  /** Someone acted first: the case was read again, the input is kept. */
  | { kind: 'stale' }
  /** No answer, or none that arrived whole: the same request may be sent again. */
  | { kind: 'unsent'; text: string }
  /** The hub refused: its reason. */
  | { kind: 'refused'; text: string }
  /** The form's own check found problems. */
  | { kind: 'form'; other: string[] };

/** The hub's own words for a refusal: they say which rule, which status, whose authority. */
function refusalText(t: TFunction, error: CaseActionError): string {
  switch (error.code) {
    case 'illegal_transition':
    case 'authority_exceeded':
    case 'forbidden':
    case 'conflict':
    case 'validation':
    case 'not_found':
      return t('errors.refused', { detail: error.message });
    default:
      return errorText(t, error);
  }
}

/**
 * The form of one action on a case, in a dialog. It is checked with the hub's own schema before it
 * is sent, on the case version shown. What was typed is kept when the dialog closes, the hub is
 * away, or someone else acted first; it is forgotten once the action is done.
 */
export function ActionDialog({ type, detail, org, onClose }: { type: ComplaintActionType; detail: ComplaintDetail; org: OrgDesign | null; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const language = useConsoleStore((s) => s.ui.language);
  const user = useConsoleStore((s) => s.session.user);
  const config = useConsoleStore((s) => s.cases.config);
  const actOnCase = useConsoleStore((s) => s.actOnCase);
  const key = actionDraftKey(detail.id, type);
  const [draft, setDraft] = useKeptState<ActionDraft>(key, () => ({ values: initialValues(type, detail, new Date()), sent: null }));
  const [problems, setProblems] = useState<Record<string, FieldProblem>>({});
  const [rejected, setRejected] = useState<{ field: string; text: string } | null>(null);
  const [failure, setFailure] = useState<Failure | null>(null);
  const [busy, setBusy] = useState(false);
  const baseId = useId();
  const idOf = (name: string) => `${baseId}-${name}`;
  const version = detail.case.version;
  const available = detail.case.availableActions.includes(type);
  const context: FieldContext = { type, detail, org, config, user, language };
  const fields = ACTION_FORMS[type].fields;

  const change = (name: string, value: FormValue) => {
    setDraft((current) => ({ ...current, values: { ...current.values, [name]: value } }));
    setProblems((current) => {
      if (current[name] === undefined) return current;
      const rest = { ...current };
      delete rest[name];
      return rest;
    });
    if (rejected?.field === name) setRejected(null);
  };

  const focusField = (name: string) => document.getElementById(idOf(name))?.focus();

  const submit = async (event?: FormEvent) => {
    event?.preventDefault();
    if (busy || !available) return;
    const checked = checkForm(type, draft.values);
    if (!checked.ok) {
      setProblems(checked.problems);
      setFailure({ kind: 'form', other: checked.other });
      const first = fields.find((field) => checked.problems[field.name] !== undefined);
      if (first) focusField(first.name);
      return;
    }
    setProblems({});
    setRejected(null);
    setFailure(null);
    const { request, sent } = requestFor(draft.sent, version, checked.action, () => crypto.randomUUID());
    setDraft((current) => ({ ...current, sent }));
    setBusy(true);
    try {
      await actOnCase(detail.id, request);
      forgetKept(key);
      void message.success(t('cases.form.done', { action: actionText(t, type) }));
      onClose();
    } catch (caught) {
      const error = caught as CaseActionError;
      // A refusal stored nothing: the next submission is a new request.
      if (!mayHaveReachedHub(error.code)) setDraft((current) => ({ ...current, sent: null }));
      if (error.code === 'stale_version') {
        setFailure({ kind: 'stale' });
      } else if (mayHaveReachedHub(error.code)) {
        setFailure({ kind: 'unsent', text: errorText(t, error) });
      } else {
        const field = error.field === null ? null : fieldOfPath(type, error.field.replace(/^action\./, ''));
        if (field !== null) {
          setRejected({ field, text: error.message });
          focusField(field);
        }
        setFailure({ kind: 'refused', text: refusalText(t, error) });
      }
    } finally {
      setBusy(false);
    }
  };

  const hintFor = (name: string): ReactNode => {
    if (name !== 'amount' || type !== 'send_memo' || config === null || user === null) return undefined;
    // A memo is signed by its sender: beyond their authority, the general manager approves.
    const limit = authorityLimitFen(config, user);
    const amount = parseYuan(typeof draft.values.amount === 'string' ? draft.values.amount : '');
    const own = limit === null ? t('cases.form.authorityUnlimited') : t('cases.form.authority', { amount: formatYuan(limit, language) });
    return amount !== null && !withinAuthority(limit, amount) ? `${own}. ${t('cases.form.beyondAuthority')}` : own;
  };

  const signOffNote = (): string | null => {
    // The head signs: an amount beyond the signer's authority goes on to the general manager.
    if (type !== 'sign_off' || config === null || user === null || detail.case.proposal === null) return null;
    const limit = authorityLimitFen(config, user);
    const amount = detail.case.proposal.compensationFen;
    const own = limit === null ? t('cases.form.authorityUnlimited') : t('cases.form.authority', { amount: formatYuan(limit, language) });
    return withinAuthority(limit, amount) ? `${t('cases.proposal.amount')} ${formatYuan(amount, language)} · ${own}` : `${t('cases.proposal.amount')} ${formatYuan(amount, language)} · ${t('cases.form.beyondAuthority')}`;
  };
  const signOff = signOffNote();

  return (
    <Modal
      open
      title={`${actionText(t, type)} · ${detail.ticketNo}`}
      okText={busy ? t('cases.form.sending') : t('cases.form.submit')}
      cancelText={t('cases.form.cancel')}
      okButtonProps={{ loading: busy, disabled: !available }}
      onOk={() => void submit()}
      onCancel={onClose}
      maskClosable={false}
      destroyOnHidden
      width={640}
    >
      <form noValidate aria-label={actionText(t, type)} onSubmit={(e) => void submit(e)}>
        <Flex vertical gap={12}>
          {!available && <Alert type="warning" showIcon icon={<WarningFilled aria-hidden />} title={t('cases.form.noLongerAvailable')} />}
          {failure?.kind === 'stale' && <Alert type="warning" showIcon icon={<WarningFilled aria-hidden />} title={t('errors.staleVersion')} description={t('cases.form.stale')} />}
          {failure?.kind === 'unsent' && <Alert type="error" showIcon icon={<CloseCircleFilled aria-hidden />} title={failure.text} description={t('cases.form.networkKept')} />}
          {failure?.kind === 'refused' && (
            <Alert
              type="error"
              showIcon
              icon={<CloseCircleFilled aria-hidden />}
              title={t('cases.form.failed')}
              description={
                rejected !== null
                  ? t('cases.form.fieldRejected', { field: fieldLabel(t, type, fields.find((f) => f.name === rejected.field)!, false), detail: failure.text })
                  : failure.text
              }
            />
          )}
          {failure?.kind === 'form' && (
            <Alert type="error" showIcon icon={<CloseCircleFilled aria-hidden />} title={t('cases.form.fixProblems')} description={failure.other.length > 0 ? failure.other.join('; ') : undefined} />
          )}
          {signOff !== null && <Typography.Text>{signOff}</Typography.Text>}
          {/* Disabled while sending: what is sent is what the person sees. */}
          <fieldset disabled={busy} style={{ border: 0, margin: 0, padding: 0, minWidth: 0 }}>
            <Flex vertical gap={12}>
              {fields.map((field) => {
                const state = fieldState(field, draft.values);
                if (!state.shown) return null;
                return (
                  <ActionField
                    key={field.name}
                    id={idOf(field.name)}
                    field={field}
                    value={draft.values[field.name] ?? ''}
                    required={state.required}
                    problem={problems[field.name]}
                    rejected={rejected?.field === field.name ? rejected.text : null}
                    onChange={(value) => change(field.name, value)}
                    context={context}
                    hint={hintFor(field.name)}
                  />
                );
              })}
            </Flex>
          </fieldset>
          <Typography.Text type="secondary" role="status" style={{ fontSize: 12 }}>
            {busy ? t('cases.form.sending') : t('cases.form.version', { version })}
          </Typography.Text>
        </Flex>
      </form>
    </Modal>
  );
}
