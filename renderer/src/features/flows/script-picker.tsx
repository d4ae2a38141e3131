import { PlayCircleOutlined, ReloadOutlined } from '@ant-design/icons';
import { Alert, Button, Flex, Select, Typography, type RefSelectProps } from 'antd';
import { useEffect, useId, useRef, useState, type Ref } from 'react';
import { useTranslation } from 'react-i18next';
import type { Language } from '../../../../shared/domain/i18n';
import { useConsoleStore } from '../../store';
import type { ContextTicket, FlowCatalogEntry } from '../../store/flow-slice-state';
import { errorText } from '../common/error-text';
import { FieldError } from '../customer/field-error';
import { caseDecision, caseQuestion, casesToLoad, caseText, type CaseDecision, type CaseQuestion } from './case-choice';
import { catalogGroups, suggestedFlows } from './flow-model';

export interface ScriptSelectProps {
  id: string;
  catalog: readonly FlowCatalogEntry[];
  language: Language;
  ivrChoice: string | null;
  value: string | undefined;
  onChange: (flowId: string) => void;
  disabled?: boolean;
}

/** The catalog in a searchable Select: the IVR's scripts first, then by category. */
export function ScriptSelect({ id, catalog, language, ivrChoice, value, onChange, disabled }: ScriptSelectProps) {
  const { t } = useTranslation();
  const groups = catalogGroups(catalog, language, ivrChoice);
  return (
    <Select<string>
      id={id}
      virtual={false}
      disabled={disabled}
      showSearch={{ optionFilterProp: 'label' }}
      value={value}
      onChange={onChange}
      popupMatchSelectWidth={false}
      style={{ width: '100%' }}
      options={groups.map((group) => ({
        label: t(`flows.groups.${group.key}`),
        title: t(`flows.groups.${group.key}`),
        options: group.entries.map((entry) => ({ value: entry.id, label: entry.title[language] })),
      }))}
    />
  );
}

/** How a script is started: with the case the call is about, when the script needs one and there is one. */
export interface ScriptStartOptions {
  contextTicket: ContextTicket | null;
}

/**
 * The case question of a call for a script that does (or does not) need one, the caller's cases
 * read by the store when first needed; `retry` reads them again after a failure.
 */
export function useCaseQuestion(callId: string, needed: boolean): { question: CaseQuestion; retry: () => void } {
  const pop = useConsoleStore((s) => s.customers.pops[callId]);
  const cases = useConsoleStore((s) => s.flows.callerCases[callId]);
  const loadCallerCases = useConsoleStore((s) => s.loadCallerCases);
  const load = casesToLoad(needed, pop, cases);
  useEffect(() => {
    if (load) void loadCallerCases(callId);
  }, [load, callId, loadCallerCases]);
  return { question: caseQuestion(needed, pop, cases), retry: () => void loadCallerCases(callId, { again: true }) };
}

/**
 * The case being chosen for a script, with Start's decision: `attempt()` gives the options to start
 * with, or marks the case missing (and focuses its field) and gives null.
 */
export function useCaseChoice(callId: string, needed: boolean) {
  const { question, retry } = useCaseQuestion(callId, needed);
  const [ticketId, setTicketId] = useState<string | undefined>(undefined);
  const [missing, setMissing] = useState(false);
  const selectRef = useRef<RefSelectProps>(null);
  const decision: CaseDecision = caseDecision(question, ticketId);
  const choose = (id: string) => {
    setTicketId(id);
    setMissing(false);
  };
  const attempt = (): ScriptStartOptions | null => {
    if (decision.start) return { contextTicket: decision.contextTicket };
    if (decision.reason === 'required') {
      setMissing(true);
      selectRef.current?.focus();
    }
    return null;
  };
  return { question, retry, ticketId, choose, missing, selectRef, waiting: !decision.start && decision.reason === 'loading', attempt };
}

export interface CaseFieldProps {
  /** The Select's id, for its label. */
  id: string;
  /** Not `none`: the script needs a case. */
  question: CaseQuestion;
  value: string | undefined;
  onChange: (ticketId: string) => void;
  /** Start was pressed with no case chosen. */
  missing: boolean;
  onRetry: () => void;
  language: Language;
  selectRef?: Ref<RefSelectProps>;
}

/**
 * "Which case is this call about?": the caller's cases, open ones first, to choose from (required);
 * or why there is none to choose, and that the script may start without one.
 */
/** The case field bound to the choice `useCaseChoice` keeps: the picker's and the switch dialog's. */
export function CaseChoiceField({ id, choice, language }: { id: string; choice: ReturnType<typeof useCaseChoice>; language: Language }) {
  return (
    <CaseField
      id={id}
      question={choice.question}
      value={choice.ticketId}
      onChange={choice.choose}
      missing={choice.missing}
      onRetry={choice.retry}
      language={language}
      selectRef={choice.selectRef}
    />
  );
}

export function CaseField({ id, question, value, onChange, missing, onRetry, language, selectRef }: CaseFieldProps) {
  const { t } = useTranslation();
  const hintId = useId();
  const errorId = useId();
  if (question.kind === 'none') return null;
  if (question.kind === 'cases' || question.kind === 'loading') {
    const loading = question.kind === 'loading';
    const groups =
      question.kind === 'cases'
        ? [
            { key: 'open', tickets: question.open },
            { key: 'closed', tickets: question.closed },
          ].filter((g) => g.tickets.length > 0)
        : [];
    return (
      <div data-case-field={question.kind}>
        <label htmlFor={id} style={{ display: 'block', marginBottom: 4 }}>
          {t('flows.context.label')}
        </label>
        <Select<string>
          id={id}
          ref={selectRef}
          virtual={false}
          loading={loading}
          disabled={loading}
          showSearch={{ optionFilterProp: 'label' }}
          value={loading ? undefined : value}
          placeholder={loading ? t('flows.context.loading') : t('flows.context.placeholder')}
          onChange={onChange}
          popupMatchSelectWidth={false}
          status={missing ? 'error' : undefined}
          style={{ width: '100%' }}
          aria-required
          aria-invalid={missing || undefined}
          aria-describedby={missing ? errorId : hintId}
          options={groups.map((group) => ({
            label: t(`flows.context.groups.${group.key}`),
            title: t(`flows.context.groups.${group.key}`),
            options: group.tickets.map((ticket) => ({ value: ticket.id, label: caseText(t, ticket, language) })),
          }))}
        />
        {missing ? (
          <FieldError id={errorId}>{t('flows.context.required')}</FieldError>
        ) : (
          <Typography.Text type="secondary" id={hintId} style={{ display: 'block', marginTop: 4, fontSize: 12 }}>
            {t('flows.context.hint')}
          </Typography.Text>
        )}
      </div>
    );
  }
  const title =
    question.kind === 'error'
      ? t('flows.context.failed', { reason: errorText(t, question.error) })
      : question.kind === 'no-cases'
        ? t('flows.context.noCases')
        : question.kind === 'choose-caller'
          ? t('flows.context.chooseCaller')
          : t('flows.context.noCaller');
  return (
    <Alert
      data-case-field={question.kind}
      type={question.kind === 'error' ? 'warning' : 'info'}
      showIcon
      title={title}
      description={t('flows.context.withoutCase')}
      action={
        question.kind === 'error' ? (
          <Button size="small" icon={<ReloadOutlined aria-hidden />} onClick={onRetry}>
            {t('flows.context.retry')}
          </Button>
        ) : undefined
      }
    />
  );
}

export interface ScriptChooserProps {
  callId: string;
  catalog: readonly FlowCatalogEntry[];
  language: Language;
  ivrChoice: string | null;
  onStart: (flowId: string, options: ScriptStartOptions) => Promise<void>;
}

/**
 * A live call without a script yet: pick one (the IVR's suggestion is chosen already) and start it;
 * for a callback, with the case the call is about. With no scripts on this PC yet, says so rather
 * than showing an empty list.
 */
export function ScriptChooser({ callId, catalog, language, ivrChoice, onStart }: ScriptChooserProps) {
  const { t } = useTranslation();
  const selectId = useId();
  const caseId = useId();
  const suggested = suggestedFlows(catalog, ivrChoice)[0]?.id;
  const [picked, setPicked] = useState<string | undefined>(undefined);
  const [busy, setBusy] = useState(false);
  const chosen = picked ?? suggested;
  const needsCase = catalog.find((entry) => entry.id === chosen)?.needsContextTicket ?? false;
  const choice = useCaseChoice(callId, needsCase);
  if (catalog.length === 0) return <Typography.Text type="secondary">{t('flows.picker.empty')}</Typography.Text>;
  const start = async () => {
    if (!chosen) return;
    const options = choice.attempt();
    if (!options) return;
    setBusy(true);
    try {
      await onStart(chosen, options);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Flex gap={8} align="flex-end" wrap>
      <div style={{ flex: '1 1 200px', minWidth: 0 }}>
        <label htmlFor={selectId} style={{ display: 'block', marginBottom: 4 }}>
          {t('flows.picker.label')}
        </label>
        <ScriptSelect id={selectId} catalog={catalog} language={language} ivrChoice={ivrChoice} value={chosen} onChange={setPicked} />
      </div>
      {needsCase && (
        <div style={{ flex: '1 1 100%', minWidth: 0 }}>
          <CaseChoiceField id={caseId} choice={choice} language={language} />
        </div>
      )}
      <Button
        type="primary"
        icon={<PlayCircleOutlined aria-hidden />}
        disabled={!chosen || choice.waiting}
        loading={busy}
        onClick={() => void start()}
      >
        {t('flows.picker.start')}
      </Button>
    </Flex>
  );
}
