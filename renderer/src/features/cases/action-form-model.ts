import type { z } from 'zod';
import type { ComplaintDetail } from '../../../../shared/api/complaints';
import {
  ComplaintActionSchema,
  type ComplaintActionInput,
  type ComplaintActionType,
} from '../../../../shared/complaints/complaint-actions';
import { fenToYuanText, parseYuan } from '../../services/cases/money';

/*
 * The form each action of the procedure opens (shared/complaints/complaint-actions.ts): which
 * fields, which of them must be filled, how the typed values become the action, and which field
 * a problem belongs to. Checked with the very schema the hub checks with, so the person sees a
 * problem at its field before anything is sent.
 */

export type FieldKind =
  /** Free text on several lines. */
  | 'textarea'
  | 'text'
  /** A department of the org design, by code. */
  | 'department'
  /** A level of the org design's escalation chain (1 …); blank is the next one up. */
  | 'escalationLevel'
  /** 多级投诉制: the staff member's superior or company leadership. */
  | 'raiseTo'
  /** A moment, typed in the person's own time zone. */
  | 'datetime'
  /** 表1.2: the customer signed the record, or refused. */
  | 'signed'
  | 'checkbox'
  /** Evidence files of this case. */
  | 'attachments'
  /** One of the case's open 表1.3 requests. */
  | 'assistanceRequest'
  | 'category'
  | 'responsibility'
  /** Yuan with two decimals, sent as fen. */
  | 'yuan'
  /** The customer's verdict after the callback. */
  | 'satisfied';

export interface FieldSpec {
  name: string;
  kind: FieldKind;
  /** Marked required; `requiredWhen` for fields that become required with another field's value. */
  required: boolean;
  requiredWhen?: (values: FormValues) => boolean;
  /** Shown only when this says so (a refusal's reason only when the customer refused). */
  shownWhen?: (values: FormValues) => boolean;
  maxLength?: number;
}

export type FormValue = string | boolean | string[];
export type FormValues = Record<string, FormValue>;

export type FieldProblem = 'required' | 'invalid' | 'tooLong' | 'amount';

const str = (values: FormValues, name: string): string => {
  const value = values[name];
  return typeof value === 'string' ? value : '';
};
const nullable = (values: FormValues, name: string): string | null => (str(values, name).trim() === '' ? null : str(values, name));
const bool = (values: FormValues, name: string): boolean => values[name] === true;
const list = (values: FormValues, name: string): string[] => {
  const value = values[name];
  return Array.isArray(value) ? value : [];
};

/** `2026-11-05T14:30` in the browser's zone → ISO; '' stays '' for the schema to call missing. */
export function isoFromLocalInput(value: string): string {
  if (value.trim() === '') return '';
  const at = new Date(value);
  return Number.isNaN(at.getTime()) ? value : at.toISOString();
}

/** The other way, for a datetime-local input's initial value. */
export function localInputFrom(at: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${at.getFullYear()}-${pad(at.getMonth() + 1)}-${pad(at.getDate())}T${pad(at.getHours())}:${pad(at.getMinutes())}`;
}

const note = (required: boolean): FieldSpec => ({ name: 'note', kind: 'textarea', required, maxLength: 4000 });
const reasonOnly = { fields: [note(true)], build: (type: ComplaintActionType, v: FormValues) => ({ type, note: str(v, 'note') }) };
const noteOnly = { fields: [note(false)], build: (type: ComplaintActionType, v: FormValues) => ({ type, note: str(v, 'note') }) };

const proposalFields = (memo: boolean): FieldSpec[] => [
  { name: 'category', kind: 'category', required: true },
  { name: 'responsibility', kind: 'responsibility', required: true },
  {
    name: 'departmentCode',
    kind: 'department',
    required: memo,
    requiredWhen: memo ? undefined : (v) => v.responsibility === 'company',
  },
  { name: 'measure', kind: 'textarea', required: true, maxLength: 4000 },
  { name: 'amount', kind: 'yuan', required: false },
  { name: 'multiDepartment', kind: 'checkbox', required: false },
  note(false),
];

/**
 * The proposal as the action carries it. The amount is already checked (a typo must not become
 * 0 fen): `checkForm` reports it before this is reached.
 */
const proposalOf = (v: FormValues) => ({
  category: str(v, 'category'),
  responsibility: str(v, 'responsibility'),
  departmentCode: nullable(v, 'departmentCode'),
  measure: str(v, 'measure'),
  compensationFen: parseYuan(str(v, 'amount')) ?? -1,
  multiDepartment: bool(v, 'multiDepartment'),
});

interface FormSpec {
  fields: FieldSpec[];
  build(type: ComplaintActionType, values: FormValues): unknown;
}

export const ACTION_FORMS: Record<ComplaintActionType, FormSpec> = {
  answer_at_once: reasonOnly,
  escalate: {
    fields: [{ name: 'level', kind: 'escalationLevel', required: false }, note(true)],
    build: (type, v) => ({ type, level: nullable(v, 'level') === null ? null : Number(str(v, 'level')), note: str(v, 'note') }),
  },
  raise_level: {
    fields: [
      { name: 'to', kind: 'raiseTo', required: true },
      { name: 'aboutDepartmentCode', kind: 'department', required: false, requiredWhen: (v) => v.to === 'superior' },
      { name: 'aboutStaff', kind: 'text', required: false, maxLength: 200 },
      note(true),
    ],
    build: (type, v) => ({ type, to: str(v, 'to'), aboutDepartmentCode: nullable(v, 'aboutDepartmentCode'), aboutStaff: nullable(v, 'aboutStaff'), note: str(v, 'note') }),
  },
  dispatch_investigation: {
    fields: [{ name: 'departmentCode', kind: 'department', required: false }, note(false)],
    build: (type, v) => ({ type, departmentCode: nullable(v, 'departmentCode'), note: str(v, 'note') }),
  },
  record_investigation: {
    fields: [
      { name: 'visitedAt', kind: 'datetime', required: true },
      { name: 'place', kind: 'text', required: true, maxLength: 300 },
      { name: 'findings', kind: 'textarea', required: true, maxLength: 8000 },
      { name: 'customerRecords', kind: 'textarea', required: false, maxLength: 4000 },
      { name: 'technicalMeasures', kind: 'textarea', required: false, maxLength: 4000 },
      // Always one of the two, so never marked as missing.
      { name: 'customerSigned', kind: 'signed', required: false },
      { name: 'refusalReason', kind: 'textarea', required: false, requiredWhen: (v) => v.customerSigned !== true, shownWhen: (v) => v.customerSigned !== true, maxLength: 2000 },
      { name: 'witness', kind: 'text', required: false, shownWhen: (v) => v.customerSigned !== true, maxLength: 200 },
      { name: 'attachmentIds', kind: 'attachments', required: false },
      note(false),
    ],
    build: (type, v) => {
      const signed = bool(v, 'customerSigned');
      return {
        type,
        form: {
          visitedAt: isoFromLocalInput(str(v, 'visitedAt')),
          place: str(v, 'place'),
          findings: str(v, 'findings'),
          customerRecords: str(v, 'customerRecords'),
          technicalMeasures: str(v, 'technicalMeasures'),
          customerSigned: signed,
          // What was typed while "refused" was picked does not travel with a signed record.
          refusalReason: signed ? null : nullable(v, 'refusalReason'),
          witness: signed ? null : nullable(v, 'witness'),
          attachmentIds: list(v, 'attachmentIds'),
        },
        note: str(v, 'note'),
      };
    },
  },
  request_assistance: {
    fields: [
      { name: 'departmentCode', kind: 'department', required: true },
      { name: 'subject', kind: 'text', required: true, maxLength: 200 },
      { name: 'request', kind: 'textarea', required: true, maxLength: 4000 },
      note(false),
    ],
    build: (type, v) => ({ type, form: { departmentCode: str(v, 'departmentCode'), subject: str(v, 'subject'), request: str(v, 'request') }, note: str(v, 'note') }),
  },
  answer_assistance: {
    fields: [
      { name: 'requestId', kind: 'assistanceRequest', required: true },
      { name: 'answer', kind: 'textarea', required: true, maxLength: 8000 },
      note(false),
    ],
    build: (type, v) => ({ type, requestId: str(v, 'requestId'), answer: str(v, 'answer'), note: str(v, 'note') }),
  },
  resolve_on_site: reasonOnly,
  propose: { fields: proposalFields(false), build: (type, v) => ({ type, proposal: proposalOf(v), note: str(v, 'note') }) },
  sign_off: noteOnly,
  reject_proposal: reasonOnly,
  send_memo: { fields: proposalFields(true), build: (type, v) => ({ type, proposal: proposalOf(v), note: str(v, 'note') }) },
  accept: noteOnly,
  query: reasonOnly,
  uphold_query: reasonOnly,
  dismiss_query: reasonOnly,
  approve: noteOnly,
  refuse_approval: reasonOnly,
  complete_measure: {
    fields: [{ name: 'result', kind: 'textarea', required: true, maxLength: 4000 }, note(false)],
    build: (type, v) => ({ type, result: str(v, 'result'), note: str(v, 'note') }),
  },
  record_tracking: reasonOnly,
  request_callback: {
    fields: [{ name: 'dueAt', kind: 'datetime', required: false }, note(false)],
    build: (type, v) => ({ type, dueAt: nullable(v, 'dueAt') === null ? null : isoFromLocalInput(str(v, 'dueAt')), note: str(v, 'note') }),
  },
  callback_result: {
    fields: [
      { name: 'satisfied', kind: 'satisfied', required: true },
      { name: 'words', kind: 'textarea', required: true, maxLength: 4000 },
    ],
    build: (type, v) => ({ type, satisfied: v.satisfied === 'yes' ? true : v.satisfied === 'no' ? false : null, words: str(v, 'words'), callId: null }),
  },
  archive: noteOnly,
  reopen: reasonOnly,
};

/** Whether the field is shown and must be filled with the values as they are now. */
export function fieldState(field: FieldSpec, values: FormValues): { shown: boolean; required: boolean } {
  const shown = field.shownWhen ? field.shownWhen(values) : true;
  return { shown, required: shown && (field.required || (field.requiredWhen?.(values) ?? false)) };
}

/** A fresh form: sensible starting values, and what the case already knows (its category, its proposal). */
export function initialValues(type: ComplaintActionType, detail: ComplaintDetail, now: Date): FormValues {
  const values: FormValues = {};
  for (const field of ACTION_FORMS[type].fields) {
    values[field.name] = field.kind === 'attachments' ? [] : field.kind === 'checkbox' ? false : field.kind === 'signed' ? true : '';
  }
  if (type === 'record_investigation') values.visitedAt = localInputFrom(now);
  if (type === 'propose' || type === 'send_memo') {
    const proposal = detail.case.proposal;
    values.category = proposal?.category ?? detail.category ?? '';
    values.responsibility = proposal?.responsibility ?? '';
    values.departmentCode = proposal?.departmentCode ?? detail.departmentCode ?? '';
    values.measure = proposal?.measure ?? '';
    values.amount = proposal ? fenToYuanText(proposal.compensationFen) : '';
    values.multiDepartment = proposal?.multiDepartment ?? false;
  }
  if (type === 'answer_assistance') {
    const open = detail.case.assistance.filter((a) => !a.answered);
    if (open.length === 1) values.requestId = open[0]!.id;
  }
  return values;
}

/** The field a path of the action names (`form.refusalReason`, `action.proposal.compensationFen`), if the form has it. */
export function fieldOfPath(type: ComplaintActionType, path: readonly PropertyKey[] | string): string | null {
  const parts = typeof path === 'string' ? path.split('.') : path.map(String);
  const names = new Set(ACTION_FORMS[type].fields.map((f) => f.name));
  for (let i = parts.length - 1; i >= 0; i -= 1) {
    const part = parts[i]!;
    const name = part === 'compensationFen' ? 'amount' : part;
    if (names.has(name)) return name;
  }
  return null;
}

function problemOf(issue: z.core.$ZodIssue, value: FormValue | undefined): FieldProblem {
  const empty = value === undefined || value === '' || (Array.isArray(value) && value.length === 0);
  if (issue.code === 'too_big') return 'tooLong';
  // The schema's refinements all ask for something missing (a refusal's reason, a department).
  if (empty || issue.code === 'custom' || (issue.code === 'too_small' && typeof value === 'string' && value.trim() === '')) return 'required';
  return 'invalid';
}

export type CheckedForm =
  | { ok: true; action: ComplaintActionInput }
  | { ok: false; problems: Record<string, FieldProblem>; other: string[] };

/** The typed values as the action, or every problem by field (and what belongs to no field, in the schema's words). */
export function checkForm(type: ComplaintActionType, values: FormValues): CheckedForm {
  const spec = ACTION_FORMS[type];
  const problems: Record<string, FieldProblem> = {};
  const other: string[] = [];
  for (const field of spec.fields) {
    if (field.kind === 'yuan' && fieldState(field, values).shown && parseYuan(str(values, field.name)) === null) problems[field.name] = 'amount';
    // A choice the schema would take as a type error reads better as "required" at its field.
    if (field.kind === 'satisfied' && values[field.name] !== 'yes' && values[field.name] !== 'no') problems[field.name] = 'required';
    // What the form marks required is required, also where the hub's machine rather than the
    // schema would refuse it (a memo names its department).
    const value = values[field.name];
    if (fieldState(field, values).required && (value === undefined || (typeof value === 'string' && value.trim() === ''))) problems[field.name] ??= 'required';
  }
  const parsed = ComplaintActionSchema.safeParse(spec.build(type, values));
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const field = fieldOfPath(type, issue.path);
      if (field === null) other.push(issue.message);
      else problems[field] ??= problemOf(issue, values[field]);
    }
  }
  if (Object.keys(problems).length > 0 || other.length > 0) return { ok: false, problems, other };
  if (!parsed.success) return { ok: false, problems, other: [parsed.error.message] };
  // As parsed: trimmed and with the schema's defaults, exactly what the hub will check.
  return { ok: true, action: parsed.data };
}
