import { describe, expect, it } from 'vitest';
import { COMPLAINT_ACTION_TYPES, type ComplaintActionType } from '../../../../../shared/complaints/complaint-actions';
import {
  ACTION_FORMS,
  checkForm,
  fieldOfPath,
  fieldState,
  initialValues,
  isoFromLocalInput,
  localInputFrom,
  type FormValues,
} from '../../../../../renderer/src/features/cases/action-form-model';
import { attachment, detail, fileId, NOW } from './case-fixtures';

const fieldsOf = (type: ComplaintActionType) => ACTION_FORMS[type].fields.map((f) => f.name);
const fresh = (type: ComplaintActionType, patch: FormValues = {}) => ({ ...initialValues(type, detail(1), new Date(NOW)), ...patch });

describe('which form each action opens', () => {
  it('has a form for every action of the procedure', () => {
    expect(Object.keys(ACTION_FORMS).sort()).toEqual([...COMPLAINT_ACTION_TYPES].sort());
  });

  it('asks for the 表1.2 record when the investigation is recorded', () => {
    expect(fieldsOf('record_investigation')).toEqual([
      'visitedAt',
      'place',
      'findings',
      'customerRecords',
      'technicalMeasures',
      'customerSigned',
      'refusalReason',
      'witness',
      'attachmentIds',
      'note',
    ]);
  });

  it('asks for the 表1.3 request, the proposal with its amount, and the callback verdict', () => {
    expect(fieldsOf('request_assistance')).toEqual(['departmentCode', 'subject', 'request', 'note']);
    expect(fieldsOf('propose')).toEqual(['category', 'responsibility', 'departmentCode', 'measure', 'amount', 'multiDepartment', 'note']);
    expect(fieldsOf('send_memo')).toEqual(fieldsOf('propose'));
    expect(fieldsOf('callback_result')).toEqual(['satisfied', 'words']);
  });

  it('marks the reason required exactly where the procedure demands one', () => {
    const reasonRequired = COMPLAINT_ACTION_TYPES.filter((type) => ACTION_FORMS[type].fields.some((f) => f.name === 'note' && f.required));
    expect(reasonRequired.sort()).toEqual(
      ['answer_at_once', 'escalate', 'raise_level', 'resolve_on_site', 'reject_proposal', 'query', 'uphold_query', 'dismiss_query', 'refuse_approval', 'record_tracking', 'reopen'].sort(),
    );
  });

  it('marks as required exactly the fields whose emptiness the hub would refuse', () => {
    for (const type of COMPLAINT_ACTION_TYPES) {
      const values = fresh(type);
      // Blank every text field; keep the choices a fresh form starts with.
      for (const field of ACTION_FORMS[type].fields) if (typeof values[field.name] === 'string') values[field.name] = '';
      const checked = checkForm(type, values);
      const required = ACTION_FORMS[type].fields.filter((f) => fieldState(f, values).required).map((f) => f.name);
      const refused = checked.ok ? [] : Object.keys(checked.problems);
      expect(refused.sort(), type).toEqual(required.sort());
    }
  });
});

describe('fieldState', () => {
  it('asks why the customer refused to sign, and for a witness, only when they refused', () => {
    const [reason] = ACTION_FORMS.record_investigation.fields.filter((f) => f.name === 'refusalReason');
    expect(fieldState(reason!, { customerSigned: true })).toEqual({ shown: false, required: false });
    expect(fieldState(reason!, { customerSigned: false })).toEqual({ shown: true, required: true });
  });

  it('requires the department complained about when the company is responsible, and always for a memo', () => {
    const proposeDept = ACTION_FORMS.propose.fields.find((f) => f.name === 'departmentCode')!;
    const memoDept = ACTION_FORMS.send_memo.fields.find((f) => f.name === 'departmentCode')!;
    expect(fieldState(proposeDept, { responsibility: 'user' }).required).toBe(false);
    expect(fieldState(proposeDept, { responsibility: 'company' }).required).toBe(true);
    expect(fieldState(memoDept, { responsibility: 'user' }).required).toBe(true);
  });
});

describe('checkForm', () => {
  it('turns the amount typed in yuan into fen', () => {
    const checked = checkForm('propose', fresh('propose', { category: 'transport', responsibility: 'company', departmentCode: 'logistics', measure: '赔偿运费', amount: '8000.50' }));
    expect(checked).toEqual({
      ok: true,
      action: {
        type: 'propose',
        proposal: { category: 'transport', responsibility: 'company', departmentCode: 'logistics', measure: '赔偿运费', compensationFen: 800_050, multiDepartment: false },
        note: '',
      },
    });
  });

  it('says an amount with three decimals is not an amount instead of sending 0', () => {
    const checked = checkForm('propose', fresh('propose', { category: 'transport', responsibility: 'user', measure: '解释', amount: '12.345' }));
    expect(checked).toEqual({ ok: false, problems: { amount: 'amount' }, other: [] });
  });

  it('puts the refusal reason at its field when the customer did not sign', () => {
    const values = fresh('record_investigation', { place: '客户仓库', findings: '外箱破损', customerSigned: false });
    expect(checkForm('record_investigation', values)).toEqual({ ok: false, problems: { refusalReason: 'required' }, other: [] });
  });

  it('records the visit with its evidence in the person’s own time, and drops a refusal typed before "signed" was picked', () => {
    const values = fresh('record_investigation', {
      visitedAt: '2026-11-04T15:30',
      place: '客户仓库',
      findings: '外箱破损',
      customerSigned: true,
      refusalReason: '不同意结论',
      attachmentIds: [fileId(1)],
    });
    const checked = checkForm('record_investigation', values);
    expect(checked.ok).toBe(true);
    if (!checked.ok) return;
    expect(checked.action).toMatchObject({
      type: 'record_investigation',
      form: { visitedAt: new Date(2026, 10, 4, 15, 30).toISOString(), customerSigned: true, refusalReason: null, witness: null, attachmentIds: [fileId(1)] },
    });
  });

  it('reads the callback verdict from the radio choice', () => {
    expect(checkForm('callback_result', { satisfied: '', words: '满意' })).toEqual({ ok: false, problems: { satisfied: 'required' }, other: [] });
    expect(checkForm('callback_result', { satisfied: 'no', words: '还没收到赔偿' })).toEqual({
      ok: true,
      action: { type: 'callback_result', satisfied: false, words: '还没收到赔偿', callId: null },
    });
  });

  it('sends blank optional choices as "not named" (the field staff, the next level up)', () => {
    expect(checkForm('dispatch_investigation', { departmentCode: '', note: '' })).toEqual({ ok: true, action: { type: 'dispatch_investigation', departmentCode: null, note: '' } });
    expect(checkForm('escalate', { level: '', note: '后果严重' })).toEqual({ ok: true, action: { type: 'escalate', level: null, note: '后果严重' } });
    expect(checkForm('escalate', { level: '2', note: '后果严重' })).toEqual({ ok: true, action: { type: 'escalate', level: 2, note: '后果严重' } });
  });
});

describe('initialValues', () => {
  it('starts a proposal from the one the case has, the amount in yuan', () => {
    const withProposal = detail(1, {
      proposal: {
        category: 'quality',
        responsibility: 'company',
        departmentCode: 'quality-management',
        measure: '更换产品',
        compensationFen: 123_450,
        multiDepartment: false,
        memo: false,
        proposedBy: 'supervisor1',
        signedBy: null,
        needsApproval: false,
        approvedBy: null,
      },
    });
    expect(initialValues('propose', withProposal, new Date(NOW))).toMatchObject({ category: 'quality', departmentCode: 'quality-management', measure: '更换产品', amount: '1234.50' });
  });

  it('picks the only open assistance request to answer, and the visit time now', () => {
    const asked = detail(1, {
      assistance: [
        {
          id: '0193a1b2-0000-7000-b000-000000000001',
          departmentCode: 'quality-management',
          answered: false,
          form: { departmentCode: 'quality-management', subject: '质量分析', request: '请分析样品' },
          requestedAt: new Date(NOW).toISOString(),
          requestedBy: 'supervisor1',
          answer: null,
          answeredAt: null,
          answeredBy: null,
        },
      ],
      attachments: [attachment(1, 'photo.jpg')],
    });
    expect(initialValues('answer_assistance', asked, new Date(NOW)).requestId).toBe('0193a1b2-0000-7000-b000-000000000001');
    expect(initialValues('record_investigation', asked, new Date(NOW))).toMatchObject({ visitedAt: localInputFrom(new Date(NOW)), customerSigned: true, attachmentIds: [] });
  });
});

describe('fieldOfPath', () => {
  it("finds the form's field for a path the hub or the schema names", () => {
    expect(fieldOfPath('record_investigation', 'action.form.attachmentIds')).toBe('attachmentIds');
    expect(fieldOfPath('record_investigation', ['form', 'attachmentIds', 0])).toBe('attachmentIds');
    expect(fieldOfPath('propose', 'proposal.compensationFen')).toBe('amount');
    expect(fieldOfPath('propose', 'proposal.departmentCode')).toBe('departmentCode');
    expect(fieldOfPath('accept', 'expectedVersion')).toBeNull();
  });
});

describe('local date-time inputs', () => {
  it('round-trip a moment to the minute in the browser’s zone', () => {
    const at = new Date(2026, 10, 5, 9, 7);
    expect(isoFromLocalInput(localInputFrom(at))).toBe(at.toISOString());
    expect(isoFromLocalInput('  ')).toBe('');
  });
});
