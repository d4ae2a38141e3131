import { Input, InputNumber, Radio, Select, Typography } from 'antd';
import type { TFunction } from 'i18next';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { Language } from '../../../../shared/domain/i18n';
import { SATISFACTION_MAX, SATISFACTION_MIN, type FlowQuestion } from '../../../../shared/flows/flow-schema';
import type { AnswerError, AnswerValue } from '../../../../shared/flows/flow-run';
import { TEXT_MAX_DEFAULT } from '../../../../shared/flows/flow-engine';
import { FieldError } from '../customer/field-error';
import { choiceControl } from './flow-model';
import { answerErrorText } from './flow-text';
import { useAnswerDraft } from './use-answer-draft';

export interface QuestionFieldProps {
  question: FlowQuestion;
  /** The saved answer, undefined when there is none. */
  value: AnswerValue | undefined;
  /** Filled in from the call's facts and not changed since: said under the field. */
  prefilled: boolean;
  error: AnswerError | undefined;
  language: Language;
  /** The input's id; the label, help and error ids derive from it. */
  inputId: string;
  /** Renders a template of the flow (the help text may name the call's facts). */
  renderText: (text: string) => ReactNode;
  /** Saves the answer (null clears it); resolves when saved or refused. */
  onAnswer: (value: AnswerValue | null) => Promise<void>;
}

const SCORES = Array.from({ length: SATISFACTION_MAX - SATISFACTION_MIN + 1 }, (_, i) => SATISFACTION_MIN + i);

/**
 * One question of a step, by its type, with its label tied to the control, the required mark, the
 * help text and the problem under it. Choices are saved as they are picked; typed answers through
 * `useAnswerDraft`. There is no <form> around the step, so Enter in a field never submits it.
 */
export function QuestionField(props: QuestionFieldProps) {
  const { t } = useTranslation();
  const { question, error, language, inputId, renderText, prefilled } = props;
  const labelId = `${inputId}-label`;
  const helpId = `${inputId}-help`;
  const errorId = `${inputId}-error`;
  const help = question.help?.[language];
  const range = rangeHint(t, question);
  const rangeId = `${inputId}-range`;
  const describedBy = [help ? helpId : null, range ? rangeId : null, prefilled ? `${inputId}-prefilled` : null, error ? errorId : null].filter(Boolean).join(' ') || undefined;
  const isGroup = question.type === 'yes_no' || question.type === 'satisfaction' || (question.type === 'choice' && choiceControl(question) === 'radio');
  const a11y = {
    'aria-required': question.required,
    'aria-invalid': error ? true : undefined,
    'aria-describedby': describedBy,
  } as const;

  const labelText = (
    <>
      {question.label[language]}
      {question.required ? (
        <span aria-hidden style={{ color: '#cf1322', marginInlineStart: 4 }}>
          *
        </span>
      ) : (
        <Typography.Text type="secondary"> {t('flows.questions.optional')}</Typography.Text>
      )}
    </>
  );

  return (
    <div data-question={question.id}>
      {isGroup ? (
        <div id={labelId} style={{ marginBottom: 4, fontWeight: 500 }}>
          {labelText}
        </div>
      ) : (
        <label htmlFor={inputId} id={labelId} style={{ display: 'block', marginBottom: 4, fontWeight: 500 }}>
          {labelText}
        </label>
      )}
      <Control {...props} a11y={a11y} labelId={labelId} />
      {help && (
        <Typography.Text type="secondary" id={helpId} style={{ display: 'block', marginTop: 4 }}>
          {renderText(help)}
        </Typography.Text>
      )}
      {range && (
        <Typography.Text type="secondary" id={rangeId} style={{ display: 'block', marginTop: 4, fontSize: 12 }}>
          {range}
        </Typography.Text>
      )}
      {prefilled && (
        <Typography.Text type="secondary" id={`${inputId}-prefilled`} style={{ display: 'block', marginTop: 4, fontSize: 12 }}>
          {t('flows.questions.prefilled')}
        </Typography.Text>
      )}
      {error && <FieldError id={errorId}>{answerErrorText(t, error)}</FieldError>}
    </div>
  );
}

/** A number's range (or a text's minimum length), said before the agent runs into it. */
function rangeHint(t: TFunction, question: FlowQuestion): string | null {
  const { min, max } = question;
  if (question.type === 'number') {
    if (min !== undefined && max !== undefined) return t('flows.questions.range', { min, max });
    if (min !== undefined) return t('flows.questions.atLeast', { min });
    if (max !== undefined) return t('flows.questions.atMost', { max });
  }
  if (question.type === 'text' && min !== undefined && min > 1) return t('flows.questions.minLength', { min });
  return null;
}

type A11y = { 'aria-required': boolean; 'aria-invalid': true | undefined; 'aria-describedby': string | undefined };

function Control(props: QuestionFieldProps & { a11y: A11y; labelId: string }) {
  const { t } = useTranslation();
  const { question, value, onAnswer, a11y, labelId, inputId, language, error } = props;
  const status = error ? 'error' : undefined;
  switch (question.type) {
    case 'choice': {
      const options = (question.options ?? []).map((o) => ({ value: o.value, label: o.label[language] }));
      const current = typeof value === 'string' ? value : undefined;
      if (choiceControl(question) === 'select') {
        return (
          // No placeholder: antd's placeholder grey falls short of 4.5:1; the label says what to pick.
          <Select<string>
            id={inputId}
            virtual={false}
            showSearch={{ optionFilterProp: 'label' }}
            allowClear={!question.required}
            value={current}
            options={options}
            status={status}
            onChange={(next) => void onAnswer(next ?? null)}
            style={{ width: '100%' }}
            {...a11y}
          />
        );
      }
      return (
        <Radio.Group
          id={inputId}
          aria-labelledby={labelId}
          name={inputId}
          value={current}
          options={options}
          onChange={(e) => void onAnswer(e.target.value as string)}
          {...a11y}
        />
      );
    }
    case 'yes_no':
      return (
        <Radio.Group
          id={inputId}
          aria-labelledby={labelId}
          name={inputId}
          value={value === true ? 'yes' : value === false ? 'no' : undefined}
          options={[
            { value: 'yes', label: t('flows.questions.yes') },
            { value: 'no', label: t('flows.questions.no') },
          ]}
          onChange={(e) => void onAnswer(e.target.value === 'yes')}
          {...a11y}
        />
      );
    case 'satisfaction':
      return (
        <Radio.Group
          id={inputId}
          aria-labelledby={labelId}
          name={inputId}
          value={typeof value === 'number' ? value : undefined}
          options={SCORES.map((score) => ({ value: score, label: t('flows.questions.score', { score, text: t(`flows.questions.satisfaction.${score}`) }) }))}
          onChange={(e) => void onAnswer(e.target.value as number)}
          style={{ display: 'flex', flexWrap: 'wrap', rowGap: 4 }}
          {...a11y}
        />
      );
    case 'number':
      return <NumberAnswer {...props} a11y={a11y} status={status} />;
    case 'text':
    case 'date':
    case 'phone':
      return <TypedAnswer {...props} a11y={a11y} status={status} />;
  }
}

function NumberAnswer({ value, onAnswer, inputId, a11y, status }: QuestionFieldProps & { a11y: A11y; status: 'error' | undefined }) {
  const saved = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value)) ? Number(value) : null;
  const draft = useAnswerDraft<number | null>(saved, onAnswer);
  return (
    // No min/max on the control: it would silently clamp 120 to 100 on blur; the range is checked
    // by the engine and said under the field instead.
    <InputNumber<number>
      id={inputId}
      value={draft.value}
      status={status}
      inputMode="decimal"
      // Agents type the number; the spinner's tiny buttons only add tab-less clutter.
      controls={false}
      onChange={(next) => draft.change(typeof next === 'number' ? next : null)}
      onFocus={draft.focus}
      onBlur={draft.blur}
      style={{ width: 200, maxWidth: '100%' }}
      {...a11y}
    />
  );
}

function TypedAnswer({ question, value, onAnswer, inputId, a11y, status }: QuestionFieldProps & { a11y: A11y; status: 'error' | undefined }) {
  const saved = value === undefined ? '' : String(value);
  const draft = useAnswerDraft<string>(saved, (text) => onAnswer(text.trim() === '' ? null : text));
  const common = {
    id: inputId,
    value: draft.value,
    status,
    onChange: (e: { target: { value: string } }) => draft.change(e.target.value),
    onFocus: draft.focus,
    onBlur: draft.blur,
    ...a11y,
  };
  if (question.type === 'date') return <Input {...common} type="date" max="9999-12-31" style={{ width: 200, maxWidth: '100%' }} />;
  if (question.type === 'phone') return <Input {...common} type="tel" inputMode="tel" autoComplete="off" style={{ width: 240, maxWidth: '100%' }} />;
  const max = question.max ?? TEXT_MAX_DEFAULT;
  // The count shows the limit without cutting a paste short: too long is said, never silently trimmed.
  // The count hangs below the box: the margin keeps it clear of what follows.
  if (question.multiline) return <Input.TextArea {...common} autoSize={{ minRows: 2, maxRows: 8 }} count={{ show: true, max }} style={{ marginBottom: 18 }} />;
  return <Input {...common} autoComplete="off" count={{ show: max <= 200, max }} />;
}
