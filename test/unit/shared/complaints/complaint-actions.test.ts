import { describe, expect, it } from 'vitest';
import { COMPLAINT_ACTION_TYPES, ComplaintActionSchema, type ComplaintActionType } from '../../../../shared/complaints/complaint-actions';
import { INVESTIGATION_FORM, PAYLOAD, PROPOSAL_INPUT } from './complaint-fixtures';

const issuesOf = (value: unknown) => ComplaintActionSchema.safeParse(value).error?.issues ?? [];

describe('ComplaintActionSchema', () => {
  it('knows each of the procedure’s actions once', () => {
    expect(COMPLAINT_ACTION_TYPES).toHaveLength(24);
    expect(new Set(COMPLAINT_ACTION_TYPES).size).toBe(COMPLAINT_ACTION_TYPES.length);
  });

  it('accepts a valid form for every action', () => {
    for (const type of COMPLAINT_ACTION_TYPES) expect({ type, issues: issuesOf(PAYLOAD[type]) }).toEqual({ type, issues: [] });
  });

  it('refuses an action it does not know, and a field an action does not have', () => {
    expect(issuesOf({ type: 'delete', note: 'x' })).not.toEqual([]);
    expect(issuesOf({ type: 'approve', amountFen: 100 })[0]?.code).toBe('unrecognized_keys');
  });

  describe('表1.2 the investigation record', () => {
    it('requires the reason when the customer did not sign', () => {
      const unsigned = { type: 'record_investigation', form: { ...INVESTIGATION_FORM, customerSigned: false } };
      expect(issuesOf(unsigned)).toEqual([expect.objectContaining({ path: ['form', 'refusalReason'], message: 'the customer did not sign: give the reason they refused' })]);
      expect(issuesOf({ ...unsigned, form: { ...unsigned.form, refusalReason: '   ' } })[0]?.path).toEqual(['form', 'refusalReason']);
    });

    it('accepts an unsigned record that says why, with a witness instead', () => {
      const form = { ...INVESTIGATION_FORM, customerSigned: false, refusalReason: 'Disputes the findings', witness: '村委会 李主任' };
      expect(issuesOf({ type: 'record_investigation', form })).toEqual([]);
    });

    it('needs no reason when the customer signed, and fills in what was left out', () => {
      const parsed = ComplaintActionSchema.parse({ type: 'record_investigation', form: INVESTIGATION_FORM });
      expect(parsed).toMatchObject({
        note: '',
        form: { customerRecords: '', technicalMeasures: '', refusalReason: null, witness: null, attachmentIds: [] },
      });
    });
  });

  describe('the proposal', () => {
    it('requires the department complained about when the company is responsible', () => {
      const proposal = { ...PROPOSAL_INPUT, departmentCode: null };
      for (const type of ['propose', 'send_memo'] as const) {
        expect(issuesOf({ type, proposal })).toEqual([
          expect.objectContaining({ path: ['proposal', 'departmentCode'], message: 'the company is responsible: name the department complained about' }),
        ]);
      }
    });

    it('needs no department when the user or the dealer is responsible', () => {
      expect(issuesOf({ type: 'propose', proposal: { ...PROPOSAL_INPUT, responsibility: 'user', departmentCode: null } })).toEqual([]);
      expect(issuesOf({ type: 'propose', proposal: { ...PROPOSAL_INPUT, responsibility: 'dealer', departmentCode: null } })).toEqual([]);
    });

    it('takes amounts in whole fen, not negative, and is single-department unless said', () => {
      expect(issuesOf({ type: 'propose', proposal: { ...PROPOSAL_INPUT, compensationFen: -1 } })[0]?.path).toEqual(['proposal', 'compensationFen']);
      expect(issuesOf({ type: 'propose', proposal: { ...PROPOSAL_INPUT, compensationFen: 12.5 } })[0]?.path).toEqual(['proposal', 'compensationFen']);
      expect(ComplaintActionSchema.parse({ type: 'propose', proposal: PROPOSAL_INPUT })).toMatchObject({ proposal: { multiDepartment: false } });
    });
  });

  describe('多级投诉制 raising the level', () => {
    it("requires the staff member's department to reach their superior", () => {
      expect(issuesOf({ type: 'raise_level', to: 'superior', note: 'Rude driver' })).toEqual([
        expect.objectContaining({ path: ['aboutDepartmentCode'], message: "name the staff member's department, whose head is their superior" }),
      ]);
      expect(issuesOf({ type: 'raise_level', to: 'superior', aboutDepartmentCode: 'logistics', note: 'Rude driver' })).toEqual([]);
    });

    it('needs no department to reach leadership', () => {
      expect(issuesOf({ type: 'raise_level', to: 'leadership', note: 'Wrote to the general manager' })).toEqual([]);
    });
  });

  describe('reasons', () => {
    const NEEDS_REASON: readonly ComplaintActionType[] = [
      'answer_at_once',
      'escalate',
      'resolve_on_site',
      'reject_proposal',
      'query',
      'uphold_query',
      'dismiss_query',
      'refuse_approval',
      'record_tracking',
      'reopen',
      'raise_level',
    ];

    it.each(NEEDS_REASON)('refuses %s without a reason, or with only spaces', (type) => {
      expect(issuesOf({ ...PAYLOAD[type], note: undefined })[0]?.path).toEqual(['note']);
      expect(issuesOf({ ...PAYLOAD[type], note: '   ' })[0]).toMatchObject({ path: ['note'], message: 'say why' });
    });

    it('lets every other action leave its note empty', () => {
      for (const type of COMPLAINT_ACTION_TYPES.filter((t) => !NEEDS_REASON.includes(t) && t !== 'callback_result')) {
        const { note: _, ...withoutNote } = { note: '', ...PAYLOAD[type] };
        expect({ type, parsed: ComplaintActionSchema.parse(withoutNote) }).toMatchObject({ type, parsed: { note: '' } });
      }
    });

    it("requires the customer's words with a callback's result", () => {
      expect(issuesOf({ type: 'callback_result', satisfied: true, words: ' ' })[0]?.path).toEqual(['words']);
    });
  });

  it('escalates to the next level unless one from 1 to 10 is named', () => {
    expect(ComplaintActionSchema.parse({ type: 'escalate', note: 'Severe' })).toMatchObject({ level: null });
    expect(issuesOf({ type: 'escalate', level: 0, note: 'Severe' })[0]?.path).toEqual(['level']);
    expect(issuesOf({ type: 'escalate', level: 11, note: 'Severe' })[0]?.path).toEqual(['level']);
  });
});
