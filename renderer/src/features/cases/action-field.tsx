import { Checkbox, Input, Radio, Select, Typography } from 'antd';
import type { TFunction } from 'i18next';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { ComplaintDetail } from '../../../../shared/api/complaints';
import type { OrgDesign } from '../../../../shared/api/org';
import { COMPLAINT_CATEGORIES } from '../../../../shared/api/tickets';
import type { User } from '../../../../shared/api/auth';
import { RESPONSIBILITIES, type ComplaintActionType } from '../../../../shared/complaints/complaint-actions';
import type { ComplaintConfig } from '../../../../shared/complaints/complaint-config';
import type { Language } from '../../../../shared/domain/i18n';
import { FieldError } from '../customer/field-error';
import type { FieldProblem, FieldSpec, FormValue } from './action-form-model';
import { departmentName } from './case-model';
import { codeText } from './case-text';

/** What a field needs to know about the case and the person beyond its own value. */
export interface FieldContext {
  type: ComplaintActionType;
  detail: ComplaintDetail;
  org: OrgDesign | null;
  config: ComplaintConfig | null;
  user: User | null;
  language: Language;
}

/** A field's label: a department field is named for what the department is in that action; a required note is the reason. */
export function fieldLabel(t: TFunction, type: ComplaintActionType, field: FieldSpec, required: boolean): string {
  if (field.name === 'note') return t(required ? 'cases.form.fields.reason' : 'cases.form.fields.note');
  if (field.name === 'departmentCode') {
    if (type === 'dispatch_investigation') return t('cases.form.fields.investigationDepartment');
    if (type === 'request_assistance') return t('cases.form.fields.assistanceDepartment');
    if (type === 'propose' || type === 'send_memo') return t('cases.form.fields.complainedDepartment');
  }
  return t(`cases.form.fields.${field.name}`);
}

interface ActionFieldProps {
  id: string;
  field: FieldSpec;
  value: FormValue;
  required: boolean;
  problem: FieldProblem | undefined;
  /** The hub's words when it refused this field. */
  rejected: string | null;
  onChange: (value: FormValue) => void;
  context: FieldContext;
  /** Said under the control: an authority limit, a default. */
  hint?: ReactNode;
}

/**
 * One field of an action's form: its label (required ones say so in words), the control, and its
 * problem underneath, named by the control's aria-describedby and announced when it appears.
 */
export function ActionField({ id, field, value, required, problem, rejected, onChange, context, hint }: ActionFieldProps) {
  const { t } = useTranslation();
  const label = fieldLabel(t, context.type, field, required);
  const errorId = `${id}-error`;
  const hintId = `${id}-hint`;
  const invalid = problem !== undefined || rejected !== null;
  const describedBy = [invalid ? errorId : null, hint ? hintId : null].filter(Boolean).join(' ') || undefined;
  const aria = { 'aria-required': required || undefined, 'aria-invalid': invalid || undefined, 'aria-describedby': describedBy };
  const status = invalid ? ('error' as const) : undefined;
  const text = typeof value === 'string' ? value : '';
  const labelText = (
    <>
      {label}
      {required && <span>{t('cases.form.requiredMark')}</span>}
    </>
  );
  const footer = (
    <>
      {hint && (
        <Typography.Text id={hintId} type="secondary" style={{ display: 'block', fontSize: 12, marginTop: 2 }}>
          {hint}
        </Typography.Text>
      )}
      {invalid && <FieldError id={errorId}>{rejected ?? t(`cases.form.problems.${problem}`)}</FieldError>}
    </>
  );

  // Choices among a few options: a group with a legend, so each option is read with its question.
  const group = (control: ReactNode) => (
    <fieldset id={id} tabIndex={-1} style={{ border: 0, margin: 0, padding: 0, minWidth: 0 }} aria-describedby={describedBy}>
      <legend style={{ fontSize: 14, marginBottom: 4 }}>{labelText}</legend>
      {control}
      {footer}
    </fieldset>
  );
  const labelled = (control: ReactNode) => (
    <div>
      <label htmlFor={id} style={{ display: 'block', marginBottom: 4 }}>
        {labelText}
      </label>
      {control}
      {footer}
    </div>
  );

  switch (field.kind) {
    case 'textarea':
      return labelled(<Input.TextArea id={id} value={text} maxLength={field.maxLength} autoSize={{ minRows: 2, maxRows: 8 }} status={status} {...aria} onChange={(e) => onChange(e.target.value)} />);
    case 'text':
      return labelled(<Input id={id} value={text} maxLength={field.maxLength} status={status} {...aria} onChange={(e) => onChange(e.target.value)} />);
    case 'datetime':
      return labelled(<Input id={id} type="datetime-local" value={text} status={status} {...aria} onChange={(e) => onChange(e.target.value)} />);
    case 'yuan':
      return labelled(<Input id={id} value={text} prefix="¥" inputMode="decimal" autoComplete="off" status={status} {...aria} onChange={(e) => onChange(e.target.value)} style={{ maxWidth: 220 }} />);
    case 'department': {
      const departments = context.org?.departments ?? [];
      const placeholder =
        context.type === 'dispatch_investigation' && context.config
          ? t('cases.form.defaultDepartment', { name: departmentName(context.org, context.config.routing.fieldDepartment, context.language) })
          : t('cases.form.choose');
      return labelled(
        <Select<string>
          id={id}
          showSearch
          allowClear={!required}
          placeholder={placeholder}
          value={text === '' ? undefined : text}
          status={status}
          {...aria}
          onChange={(code) => onChange(code ?? '')}
          options={[
            ...departments.map((d) => ({ value: d.code, label: d.name[context.language] })),
            ...(text !== '' && !departments.some((d) => d.code === text) ? [{ value: text, label: text }] : []),
          ]}
          optionFilterProp="label"
          style={{ width: '100%' }}
        />,
      );
    }
    case 'escalationLevel': {
      const levels = (context.org?.escalationChain ?? []).filter((level) => level.level > context.detail.escalationLevel);
      return labelled(
        <Select<string>
          id={id}
          allowClear
          placeholder={t('cases.form.levelNext')}
          value={text === '' ? undefined : text}
          status={status}
          {...aria}
          onChange={(level) => onChange(level ?? '')}
          options={levels.map((level) => ({ value: String(level.level), label: `${level.level} · ${level.title[context.language]}` }))}
          style={{ width: '100%' }}
        />,
      );
    }
    case 'category':
      return labelled(
        <Select<string>
          id={id}
          placeholder={t('cases.form.choose')}
          value={text === '' ? undefined : text}
          status={status}
          {...aria}
          onChange={(category) => onChange(category ?? '')}
          options={COMPLAINT_CATEGORIES.map((c) => ({ value: c, label: codeText(t, 'categories', c) }))}
          style={{ width: '100%' }}
        />,
      );
    case 'assistanceRequest': {
      const user = context.user;
      const open = context.detail.case.assistance.filter((a) => !a.answered && (user?.role !== 'department' || a.departmentCode === user.departmentCode));
      if (open.length === 0) return group(<Typography.Text type="secondary">{t('cases.form.noOpenRequests')}</Typography.Text>);
      return group(
        <Radio.Group value={text} onChange={(e) => onChange(e.target.value as string)} style={{ display: 'flex', flexDirection: 'column', gap: 4 }}>
          {open.map((request) => (
            <Radio key={request.id} value={request.id}>
              {request.form.subject} · {departmentName(context.org, request.departmentCode, context.language)}
            </Radio>
          ))}
        </Radio.Group>,
      );
    }
    case 'raiseTo': {
      const options = context.detail.case.level === 'superior' ? (['leadership'] as const) : (['superior', 'leadership'] as const);
      return group(
        <Radio.Group value={text} onChange={(e) => onChange(e.target.value as string)}>
          {options.map((to) => (
            <Radio key={to} value={to}>
              {t(`cases.form.raiseTo.${to}`)}
            </Radio>
          ))}
        </Radio.Group>,
      );
    }
    case 'responsibility':
      return group(
        <Radio.Group value={text} onChange={(e) => onChange(e.target.value as string)}>
          {RESPONSIBILITIES.map((r) => (
            <Radio key={r} value={r}>
              {codeText(t, 'responsibilities', r)}
            </Radio>
          ))}
        </Radio.Group>,
      );
    case 'signed':
      return group(
        <Radio.Group value={value === true ? 'yes' : 'no'} onChange={(e) => onChange(e.target.value === 'yes')}>
          <Radio value="yes">{t('cases.form.signedYes')}</Radio>
          <Radio value="no">{t('cases.form.signedNo')}</Radio>
        </Radio.Group>,
      );
    case 'satisfied':
      return group(
        <Radio.Group value={text} onChange={(e) => onChange(e.target.value as string)}>
          <Radio value="yes">{t('cases.form.satisfiedYes')}</Radio>
          <Radio value="no">{t('cases.form.satisfiedNo')}</Radio>
        </Radio.Group>,
      );
    case 'checkbox':
      return (
        <div>
          <Checkbox id={id} checked={value === true} {...aria} onChange={(e) => onChange(e.target.checked)}>
            {labelText}
          </Checkbox>
          {footer}
        </div>
      );
    case 'attachments': {
      const files = context.detail.case.attachments;
      const chosen = Array.isArray(value) ? value : [];
      return group(
        files.length === 0 ? (
          <Typography.Text type="secondary">{t('cases.form.noEvidence')}</Typography.Text>
        ) : (
          <Checkbox.Group value={chosen} onChange={(ids) => onChange(ids.map(String))} style={{ display: 'flex', flexDirection: 'column', gap: 4 }}>
            {files.map((file) => (
              <Checkbox key={file.id} value={file.id}>
                {file.fileName}
              </Checkbox>
            ))}
          </Checkbox.Group>
        ),
      );
    }
  }
}
