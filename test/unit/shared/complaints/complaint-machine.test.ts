import { describe, expect, it } from 'vitest';
import { COMPLAINT_ACTION_TYPES, type ComplaintActionInput, type ComplaintActionType } from '../../../../shared/complaints/complaint-actions';
import { COMPLAINT_STATUSES, type ComplaintStatus } from '../../../../shared/complaints/complaint-config';
import {
  applyAction,
  availableActions,
  openedCase,
  reportStatus,
  waitingOn,
  type Actor,
  type ComplaintCase,
  type ReportStatus,
} from '../../../../shared/complaints/complaint-machine';
import {
  act,
  caseIn,
  CONFIG,
  CTX,
  EVERYONE,
  expectApplied,
  expectRefused,
  INVESTIGATION_FORM,
  OTHER_REQUEST_ID,
  PAYLOAD,
  PEOPLE,
  PROPOSAL_INPUT,
  proposalState,
  REQUEST_ID,
  run,
  stepRequestId,
  withOpenRequest,
} from './complaint-fixtures';

const { agent1, callback1, qa1, admin, supervisor1, supervisor2, manager1, gm, field1, production1, sales1, qm1, logistics1, tech1 } = PEOPLE;

// ─── the transition table ────────────────────────────────────────────────────────────────────────

const __ = 'illegal';
const REG = 'registered' as const;
const ANS = 'answered_at_once' as const;
const ESC = 'escalated' as const;
const DSP = 'investigation_dispatched' as const;
const INV = 'investigated' as const;
const PEN = 'proposal_pending_signoff' as const;
const DEP = 'with_department' as const;
const QRY = 'queried' as const;
const APR = 'awaiting_approval' as const;
const MEA = 'measure_in_progress' as const;
const TRK = 'tracking' as const;
const CBD = 'callback_due' as const;
const RET = 'returned' as const;
const CLO = 'closed' as const;
type Outcome = ComplaintStatus | typeof __;

const COLUMNS: readonly ComplaintStatus[] = [REG, ANS, ESC, DSP, INV, PEN, DEP, QRY, APR, MEA, TRK, CBD, RET, CLO];

/**
 * Where each action takes a case standing in each status (the cases of `caseIn`, the forms of
 * `PAYLOAD`, a person allowed to take the action), or `__` when the status does not allow it.
 */
const TABLE: Record<ComplaintActionType, readonly Outcome[]> = {
  //                       REG  ANS  ESC  DSP  INV  PEN  DEP  QRY  APR  MEA  TRK  CBD  RET  CLO
  answer_at_once:         [ANS, __,  ANS, __,  __,  __,  __,  __,  __,  __,  __,  __,  ANS, __ ],
  escalate:               [ESC, ANS, ESC, DSP, INV, PEN, DEP, QRY, APR, MEA, TRK, CBD, RET, __ ],
  dispatch_investigation: [DSP, __,  DSP, __,  DSP, __,  __,  __,  __,  __,  __,  __,  DSP, __ ],
  record_investigation:   [__,  __,  __,  INV, INV, __,  __,  __,  __,  __,  __,  __,  __,  __ ],
  request_assistance:     [__,  __,  __,  DSP, INV, __,  __,  __,  __,  __,  __,  __,  __,  __ ],
  answer_assistance:      [REG, ANS, ESC, DSP, INV, PEN, DEP, QRY, APR, MEA, TRK, CBD, RET, __ ],
  resolve_on_site:        [__,  __,  __,  __,  TRK, __,  __,  __,  __,  __,  __,  __,  __,  __ ],
  propose:                [__,  __,  PEN, __,  PEN, __,  __,  __,  __,  __,  __,  __,  PEN, __ ],
  sign_off:               [__,  __,  __,  __,  __,  DEP, __,  __,  __,  __,  __,  __,  __,  __ ],
  reject_proposal:        [__,  __,  __,  __,  __,  INV, __,  __,  __,  __,  __,  __,  __,  __ ],
  send_memo:              [DEP, __,  DEP, __,  DEP, __,  __,  __,  __,  __,  __,  __,  DEP, __ ],
  accept:                 [__,  __,  __,  __,  __,  __,  MEA, __,  __,  __,  __,  __,  MEA, __ ],
  query:                  [__,  __,  __,  __,  __,  __,  QRY, __,  __,  __,  __,  __,  QRY, __ ],
  uphold_query:           [__,  __,  __,  __,  __,  __,  __,  DSP, __,  __,  __,  __,  __,  __ ],
  dismiss_query:          [__,  __,  __,  __,  __,  __,  __,  DEP, __,  __,  __,  __,  __,  __ ],
  approve:                [__,  __,  __,  __,  __,  __,  __,  __,  MEA, __,  __,  __,  __,  __ ],
  refuse_approval:        [__,  __,  __,  __,  __,  __,  __,  __,  INV, __,  __,  __,  __,  __ ],
  complete_measure:       [__,  __,  __,  __,  __,  __,  __,  __,  __,  TRK, __,  __,  __,  __ ],
  record_tracking:        [__,  __,  __,  __,  __,  __,  __,  __,  __,  __,  TRK, CBD, __,  __ ],
  request_callback:       [__,  CBD, __,  __,  __,  __,  __,  __,  __,  __,  CBD, __,  __,  __ ],
  callback_result:        [__,  CLO, __,  __,  __,  __,  __,  __,  __,  __,  CLO, CLO, __,  __ ],
  archive:                [__,  CLO, __,  __,  __,  __,  __,  __,  __,  __,  __,  __,  __,  __ ],
  reopen:                 [__,  __,  __,  __,  __,  __,  __,  __,  __,  __,  __,  __,  __,  RET],
  raise_level:            [REG, ANS, ESC, DSP, INV, PEN, DEP, QRY, APR, MEA, TRK, CBD, RET, __ ],
};

/** Someone the procedure lets take this action on this case, had its status allowed it. */
function permittedActor(type: ComplaintActionType, c: ComplaintCase): Actor {
  switch (type) {
    case 'answer_at_once':
    case 'escalate':
    case 'dispatch_investigation':
    case 'raise_level':
      return agent1;
    case 'record_investigation':
      return c.status === DSP ? field1 : supervisor1;
    case 'answer_assistance':
      return qm1;
    // The proposals of `caseIn` are supervisor1's: the head who signs or rejects is someone else.
    case 'sign_off':
    case 'reject_proposal':
      return manager1;
    case 'accept':
    case 'query':
    case 'complete_measure':
      return production1;
    case 'approve':
    case 'refuse_approval':
      return gm;
    case 'callback_result':
      return callback1;
    default:
      return supervisor1;
  }
}

function outcome(type: ComplaintActionType, status: ComplaintStatus): string {
  const c = type === 'answer_assistance' ? withOpenRequest(caseIn(status)) : caseIn(status);
  const result = applyAction(c, act(PAYLOAD[type]), permittedActor(type, c), CTX, OTHER_REQUEST_ID);
  if (!result.ok) return result.code === 'illegal_transition' ? __ : `refused ${result.code}: ${result.reason}`;
  expect(result.from).toBe(status);
  expect(result.next.status).toBe(result.to);
  return result.to;
}

describe('complaint machine: the transition table', () => {
  it('has a row for every action and a column for every status', () => {
    expect(COLUMNS).toEqual(COMPLAINT_STATUSES);
    expect(Object.keys(TABLE).sort()).toEqual([...COMPLAINT_ACTION_TYPES].sort());
    for (const row of Object.values(TABLE)) expect(row).toHaveLength(COLUMNS.length);
  });

  it.each(COMPLAINT_ACTION_TYPES)('%s goes where the table says from every status', (type) => {
    expect(COLUMNS.map((status) => outcome(type, status))).toEqual(TABLE[type]);
  });

  it('sends an accepted proposal beyond the signer’s authority for approval instead of to the measure', () => {
    const c = { ...caseIn(DEP), proposal: proposalState({ compensationFen: 800_000, needsApproval: true }) };
    expect(expectApplied(applyAction(c, act({ type: 'accept' }), production1, CTX, REQUEST_ID)).to).toBe(APR);
  });

  it('returns a case whose callback found the customer not satisfied, from every status a callback result is taken in', () => {
    const unsatisfied = act({ type: 'callback_result', satisfied: false, words: '还是不行' });
    for (const status of [ANS, TRK, CBD] as const) {
      const applied = expectApplied(applyAction(caseIn(status), unsatisfied, callback1, CTX, REQUEST_ID));
      expect(applied.to).toBe(RET);
      expect(applied.next.returns).toBe(caseIn(status).returns + 1);
    }
  });

  it('takes a signed proposal naming no department straight to the measure, or to approval beyond the signer’s authority', () => {
    const userFault = { ...PROPOSAL_INPUT, responsibility: 'user', departmentCode: null } as const;
    const within = { ...caseIn(PEN), departmentCode: null, proposal: proposalState({ ...userFault, signedBy: null }) };
    const beyond = { ...within, proposal: proposalState({ ...userFault, signedBy: null, compensationFen: 800_000 }) };

    expect(expectApplied(applyAction(within, act({ type: 'sign_off' }), manager1, CTX, REQUEST_ID)).to).toBe(MEA);
    expect(expectApplied(applyAction(beyond, act({ type: 'sign_off' }), manager1, CTX, REQUEST_ID)).to).toBe(APR);
  });
});

// ─── every legal path, end to end ────────────────────────────────────────────────────────────────

const waits = (cases: readonly ComplaintCase[]) => cases.map((c) => waitingOn(c, CONFIG));

describe('complaint machine: paths through the procedure', () => {
  it('answers a complaint at once and archives it without a callback', () => {
    const { statuses, final } = run(openedCase(REG, null, CONFIG), [
      [agent1, { type: 'answer_at_once', note: 'Explained the storage instructions' }],
      [supervisor1, { type: 'archive' }],
    ]);
    expect(statuses).toEqual([ANS, CLO]);
    expect(waitingOn(final, CONFIG)).toBeNull();
  });

  it('closes a complaint answered at once when the callback finds the customer satisfied', () => {
    const dueAt = '2025-03-05T10:00:00+08:00';
    const { statuses, results } = run(openedCase(ANS, null, CONFIG), [
      [supervisor1, { type: 'request_callback', dueAt }],
      [callback1, { type: 'callback_result', satisfied: true, words: '明白了，谢谢' }],
    ]);
    expect(statuses).toEqual([CBD, CLO]);
    expect(results[0]?.effects).toEqual([
      { type: 'notify_department', departmentCode: 'callback', urgent: false },
      { type: 'schedule_callback', dueAt },
    ]);
  });

  it('escalates a severe complaint up to the general manager, who has it investigated on site', () => {
    const { statuses, results, final } = run(openedCase(REG, null, CONFIG), [
      [agent1, { type: 'escalate', note: 'Forty piglets died after feeding' }],
      [manager1, { type: 'escalate', note: 'Loss beyond what the department can settle' }],
      [gm, { type: 'dispatch_investigation', departmentCode: 'tech-service', note: 'Send an engineer today' }],
      [tech1, { type: 'record_investigation', form: INVESTIGATION_FORM }],
    ]);
    expect(statuses).toEqual([ESC, ESC, DSP, INV]);
    expect(results.map((r) => r.next.escalationLevel)).toEqual([1, 2, 2, 2]);
    expect(waits(results.map((r) => r.next))).toEqual(['service', 'service', 'tech-service', 'service']);
    expect(final.investigations).toBe(1);
  });

  it('sends a clear-cut case to the department as a memo (备忘函), which acts on it until the customer is satisfied', () => {
    const memo = { category: 'transport', responsibility: 'company', departmentCode: 'logistics', measure: 'Redeliver at the promised time', compensationFen: 20_000 } as const;
    const { statuses, results } = run(openedCase(REG, null, CONFIG), [
      [supervisor1, { type: 'send_memo', proposal: memo }],
      [logistics1, { type: 'accept' }],
      [logistics1, { type: 'complete_measure', result: 'Redelivered on Thursday morning' }],
      [supervisor1, { type: 'request_callback' }],
      [callback1, { type: 'callback_result', satisfied: true, words: '收到了' }],
    ]);
    expect(statuses).toEqual([DEP, MEA, TRK, CBD, CLO]);
    expect(waits(results.map((r) => r.next))).toEqual(['logistics', 'logistics', 'service', 'callback', null]);
    expect(results[0]?.next.proposal).toMatchObject({ memo: true, proposedBy: 'supervisor1', signedBy: 'supervisor1', needsApproval: false });
  });

  it('runs a full investigation: assistance (表1.3), proposal, sign-off, acceptance within authority, measure, tracking, satisfied callback', () => {
    const { statuses, results, final } = run(openedCase(DSP, null, CONFIG), [
      [supervisor1, PAYLOAD.request_assistance],
      [field1, { type: 'record_investigation', form: INVESTIGATION_FORM }],
      [qm1, { type: 'answer_assistance', requestId: stepRequestId(0), answer: 'Moisture 14.8 %: above specification' }],
      [supervisor1, { type: 'propose', proposal: PROPOSAL_INPUT }],
      [manager1, { type: 'sign_off' }],
      [production1, { type: 'accept', note: 'Storage at the plant was damp in February' }],
      [production1, { type: 'complete_measure', result: 'Seven bags replaced' }],
      [supervisor1, { type: 'record_tracking', note: 'No new caking after a week' }],
      [supervisor1, { type: 'request_callback' }],
      [callback1, { type: 'callback_result', satisfied: true, words: '换了新的，很好' }],
    ]);
    expect(statuses).toEqual([DSP, INV, INV, PEN, DEP, MEA, TRK, TRK, CBD, CLO]);
    expect(waits(results.map((r) => r.next))).toEqual([
      'market-service',
      'service',
      'service',
      'service',
      'production',
      'production',
      'service',
      'service',
      'callback',
      null,
    ]);
    expect(final.assistance).toEqual([{ id: stepRequestId(0), departmentCode: 'quality-management', answered: true }]);
    expect(final.proposal).toMatchObject({ proposedBy: 'supervisor1', signedBy: 'manager1', needsApproval: false, approvedBy: null });
    expect(final.departmentCode).toBe('production');
  });

  it('sends a measure beyond the signer’s authority to the general manager once the department accepts', () => {
    const { statuses, results, final } = run(caseIn(INV), [
      [supervisor1, { type: 'propose', proposal: { ...PROPOSAL_INPUT, compensationFen: 800_000 } }],
      [manager1, { type: 'sign_off' }],
      [production1, { type: 'accept' }],
      [gm, { type: 'approve', note: 'Approved: ¥8 000' }],
    ]);
    expect(statuses).toEqual([PEN, DEP, APR, MEA]);
    expect(results[1]?.next.proposal?.needsApproval).toBe(true);
    expect(waitingOn(results[2]!.next, CONFIG)).toBe('gm-office');
    expect(final.proposal).toMatchObject({ signedBy: 'manager1', approvedBy: 'gm' });
    expect(waitingOn(final, CONFIG)).toBe('production');
  });

  it('sends a multi-department proposal to the general manager whatever the amount, even nothing', () => {
    const { statuses, results } = run(caseIn(INV), [
      [supervisor1, { type: 'propose', proposal: { ...PROPOSAL_INPUT, compensationFen: 0, multiDepartment: true } }],
      [manager1, { type: 'sign_off' }],
      [production1, { type: 'accept' }],
      [gm, { type: 'approve' }],
    ]);
    expect(statuses).toEqual([PEN, DEP, APR, MEA]);
    expect(results[1]?.next.proposal?.needsApproval).toBe(true);
  });

  it('investigates again when the department’s query (质询) is upheld', () => {
    const { statuses, results, final } = run(caseIn(DEP), [
      [production1, { type: 'query', note: 'Batch 2403 passed release testing' }],
      [supervisor1, { type: 'uphold_query', note: 'Look at the storage again' }],
      [field1, { type: 'record_investigation', form: { ...INVESTIGATION_FORM, findings: 'The customer stores the bags beside the heater' } }],
    ]);
    expect(statuses).toEqual([QRY, DSP, INV]);
    expect(waits(results.map((r) => r.next))).toEqual(['service', 'market-service', 'service']);
    expect(results[1]?.next.proposal).toBeNull();
    expect(final.investigations).toBe(2);
  });

  it('returns the case to the department when its query is dismissed, and the department then acts', () => {
    const { statuses, final } = run(caseIn(DEP), [
      [production1, { type: 'query', note: 'Batch 2403 passed release testing' }],
      [supervisor1, { type: 'dismiss_query', note: 'Sealed bags are caked too' }],
      [production1, { type: 'accept' }],
    ]);
    expect(statuses).toEqual([QRY, DEP, MEA]);
    expect(final.proposal).toEqual(caseIn(DEP).proposal);
  });

  it('drops a proposal the general manager refuses, so that a new one is made and signed', () => {
    const { statuses, results, final } = run(caseIn(APR), [
      [gm, { type: 'refuse_approval', note: 'A refund of the delivery is not warranted' }],
      [supervisor1, { type: 'propose', proposal: { ...PROPOSAL_INPUT, measure: 'Replace the caked bags only', compensationFen: 20_000 } }],
      [manager1, { type: 'sign_off' }],
    ]);
    expect(statuses).toEqual([INV, PEN, DEP]);
    expect(results[0]?.next.proposal).toBeNull();
    expect(final.proposal).toMatchObject({ measure: 'Replace the caked bags only', needsApproval: false });
  });

  it('drops a proposal the head rejects and goes back to investigated', () => {
    const { statuses, final } = run(caseIn(PEN), [[manager1, { type: 'reject_proposal', note: 'Responsibility is not shown' }]]);
    expect(statuses).toEqual([INV]);
    expect(final.proposal).toBeNull();
  });

  it('returns an unsatisfied customer’s case to the department, which acts again until the customer is satisfied', () => {
    const { statuses, results, final } = run(caseIn(CBD), [
      [callback1, { type: 'callback_result', satisfied: false, words: '新换的饲料也结块', callId: '0190a1b2-0000-7000-8000-0000000000ca' }],
      [production1, { type: 'accept', note: 'Replace the whole delivery' }],
      [production1, { type: 'complete_measure', result: 'Whole delivery replaced' }],
      [supervisor1, { type: 'request_callback' }],
      [callback1, { type: 'callback_result', satisfied: true, words: '这次没问题了' }],
    ]);
    expect(statuses).toEqual([RET, MEA, TRK, CBD, CLO]);
    expect(waitingOn(results[0]!.next, CONFIG)).toBe('production');
    expect(final.returns).toBe(1);
  });

  it('reopens a closed case as returned, back in the responsible department’s queue', () => {
    const { statuses, results } = run(caseIn(CLO), [[manager1, { type: 'reopen', note: 'New caking in the replaced bags' }]]);
    expect(statuses).toEqual([RET]);
    expect(results[0]?.effects).toEqual([{ type: 'notify_department', departmentCode: 'production', urgent: false }]);
  });

  it('tracks what the technical measures solved on site without a proposal, then closes on a satisfied callback', () => {
    const { statuses, final } = run(openedCase(DSP, null, CONFIG), [
      [field1, { type: 'record_investigation', form: { ...INVESTIGATION_FORM, technicalMeasures: 'Moved the bags; ventilated the store' } }],
      [supervisor1, { type: 'resolve_on_site', note: 'Storage fixed on site' }],
      [callback1, { type: 'callback_result', satisfied: true, words: '好了' }],
    ]);
    expect(statuses).toEqual([INV, TRK, CLO]);
    expect(final.proposal).toBeNull();
  });

  it('raises a complaint to the staff member’s superior and then to leadership, and its queue follows (多级投诉制)', () => {
    const { statuses, results } = run(openedCase(REG, null, CONFIG), [
      [agent1, { type: 'raise_level', to: 'superior', aboutDepartmentCode: 'logistics', aboutStaff: '司机 老王', note: 'Rude driver' }],
      [agent1, { type: 'raise_level', to: 'leadership', note: 'The customer wrote to the general manager' }],
    ]);
    expect(statuses).toEqual([REG, REG]);
    expect(results.map((r) => r.next.level)).toEqual(['superior', 'leadership']);
    expect(waits(results.map((r) => r.next))).toEqual(['logistics', 'gm-office']);
    expect(results.map((r) => r.effects)).toEqual([
      [{ type: 'notify_department', departmentCode: 'logistics', urgent: false }],
      [{ type: 'notify_department', departmentCode: 'gm-office', urgent: false }],
    ]);
    expect(results[1]?.next.aboutDepartmentCode).toBe('logistics');
  });

  it('lets the superior’s department handle the service department’s steps once a complaint is raised to it', () => {
    const raised: ComplaintCase = { ...caseIn(INV), level: 'superior', aboutDepartmentCode: 'logistics' };
    const { statuses } = run(raised, [
      [logistics1, { type: 'send_memo', proposal: { ...PROPOSAL_INPUT, category: 'staff', departmentCode: 'logistics', compensationFen: 0 } }],
      [logistics1, { type: 'accept' }],
    ]);
    expect(statuses).toEqual([DEP, MEA]);
  });
});

// ─── who may do what ─────────────────────────────────────────────────────────────────────────────

const INTAKE_ACTIONS: readonly ComplaintActionType[] = ['answer_at_once', 'escalate', 'dispatch_investigation', 'raise_level'];
const apply = (c: ComplaintCase, input: ComplaintActionInput, actor: Actor) => applyAction(c, act(input), actor, CTX, OTHER_REQUEST_ID);

describe('complaint machine: roles', () => {
  it('does not let an agent approve, sign off, reject a proposal or accept for a department', () => {
    expect(expectRefused(apply(caseIn(APR), PAYLOAD.approve, agent1)).code).toBe('forbidden');
    expect(expectRefused(apply(caseIn(PEN), PAYLOAD.sign_off, agent1)).code).toBe('forbidden');
    expect(expectRefused(apply(caseIn(PEN), PAYLOAD.reject_proposal, agent1)).code).toBe('forbidden');
    expect(expectRefused(apply(caseIn(DEP), PAYLOAD.accept, agent1)).code).toBe('forbidden');
  });

  it('offers an agent only the intake steps, in every status', () => {
    for (const status of COMPLAINT_STATUSES) {
      expect(INTAKE_ACTIONS).toEqual(expect.arrayContaining(availableActions(caseIn(status), agent1, CTX)));
    }
  });

  it('lets department staff act only while the case waits on their department', () => {
    const refusal = expectRefused(apply(caseIn(DEP), PAYLOAD.accept, sales1));
    expect(refusal.code).toBe('forbidden');
    expect(refusal.reason).toContain('"production"');
    expect(expectRefused(apply(caseIn(MEA), PAYLOAD.complete_measure, sales1)).code).toBe('forbidden');
    expect(expectRefused(apply(caseIn(REG), PAYLOAD.escalate, production1)).code).toBe('forbidden');
    expect(expectApplied(apply(caseIn(DEP), PAYLOAD.accept, production1)).to).toBe(MEA);

    const departmentStaff = EVERYONE.filter((p) => p.role === 'department');
    for (const status of COMPLAINT_STATUSES) {
      const c = caseIn(status);
      for (const person of departmentStaff.filter((p) => p.departmentCode !== waitingOn(c, CONFIG))) {
        expect({ status, person: person.username, actions: availableActions(c, person, CTX) }).toEqual({ status, person: person.username, actions: [] });
      }
    }
  });

  it('lets a department answer only the assistance requests (表1.3) made of it', () => {
    const c = withOpenRequest(withOpenRequest(caseIn(INV), 'quality-management', REQUEST_ID), 'logistics', OTHER_REQUEST_ID);
    const answer = (requestId: string) => ({ type: 'answer_assistance', requestId, answer: 'Checked' }) as const;

    const wrongDepartment = expectRefused(apply(c, answer(REQUEST_ID), logistics1));
    expect(wrongDepartment).toMatchObject({ code: 'forbidden', reason: expect.stringContaining('"quality-management"') });
    expect(expectRefused(apply(c, answer(REQUEST_ID), sales1)).code).toBe('forbidden');

    const answered = expectApplied(apply(c, answer(REQUEST_ID), qm1));
    expect(answered.next.assistance).toEqual([
      { id: REQUEST_ID, departmentCode: 'quality-management', answered: true },
      { id: OTHER_REQUEST_ID, departmentCode: 'logistics', answered: false },
    ]);
    expect(availableActions(answered.next, qm1, CTX)).toEqual([]);
    expect(availableActions(answered.next, logistics1, CTX)).toEqual(['answer_assistance']);
  });

  it('does not let the proposer sign their own proposal', () => {
    const c = caseIn(PEN);
    expect(c.proposal?.proposedBy).toBe('supervisor1');
    expect(expectRefused(apply(c, PAYLOAD.sign_off, supervisor1))).toMatchObject({ code: 'forbidden', reason: expect.stringContaining('not the person who proposed it') });
    expect(availableActions(c, supervisor1, CTX)).not.toContain('sign_off');
    expect(availableActions(c, supervisor2, CTX)).toContain('sign_off');
  });

  it('does not let the signer approve, even within their own authority', () => {
    const c = { ...caseIn(APR), proposal: proposalState({ compensationFen: 10_000, multiDepartment: true, needsApproval: true }) };
    expect(expectRefused(apply(c, PAYLOAD.approve, manager1))).toMatchObject({ code: 'forbidden', reason: expect.stringContaining('not the one who signed') });
    expect(availableActions(c, manager1, CTX)).not.toContain('approve');
  });

  it('refuses an approval beyond the approver’s authority as authority_exceeded, naming both amounts', () => {
    const c = { ...caseIn(APR), proposal: proposalState({ compensationFen: 800_000, signedBy: 'supervisor2', needsApproval: true }) };
    expect(expectRefused(apply(c, PAYLOAD.approve, manager1))).toMatchObject({
      code: 'authority_exceeded',
      reason: 'The measure costs ¥8000.00; manager1 may approve up to ¥5000.00',
    });
    expect(expectRefused(apply(c, PAYLOAD.approve, supervisor1)).reason).toContain('¥500.00');
    expect(availableActions(c, manager1, CTX)).not.toContain('approve');
  });

  it('lets the general manager approve any amount', () => {
    const c = { ...caseIn(APR), proposal: proposalState({ compensationFen: 1_000_000_000_00, needsApproval: true }) };
    expect(expectApplied(apply(c, PAYLOAD.approve, gm)).next.proposal?.approvedBy).toBe('gm');
    expect(availableActions(c, gm, CTX)).toContain('approve');
  });

  it('lets callback staff record callback results, and otherwise only the intake steps an agent may take', () => {
    for (const status of COMPLAINT_STATUSES) {
      const actions = availableActions(caseIn(status), callback1, CTX);
      expect([...INTAKE_ACTIONS, 'callback_result']).toEqual(expect.arrayContaining(actions));
      expect(actions.includes('callback_result')).toBe(status === ANS || status === TRK || status === CBD);
    }
    expect(expectRefused(apply(caseIn(CBD), PAYLOAD.callback_result, agent1)).code).toBe('forbidden');
    expect(expectRefused(apply(caseIn(TRK), PAYLOAD.request_callback, callback1)).code).toBe('forbidden');
    expect(expectRefused(apply(caseIn(ANS), PAYLOAD.archive, callback1)).code).toBe('forbidden');
  });

  it('gives quality control and the administrator no part in a case', () => {
    for (const person of [qa1, admin]) {
      for (const status of COMPLAINT_STATUSES) {
        expect(availableActions(withOpenRequest(caseIn(status)), person, CTX)).toEqual([]);
      }
      for (const type of COMPLAINT_ACTION_TYPES) {
        const status = COLUMNS[TABLE[type].findIndex((next) => next !== __)]!;
        const c = type === 'answer_assistance' ? withOpenRequest(caseIn(status)) : caseIn(status);
        expect({ type, code: expectRefused(apply(c, PAYLOAD[type], person)).code }).toEqual({ type, code: 'forbidden' });
      }
    }
  });
});

// ─── refusals ────────────────────────────────────────────────────────────────────────────────────

describe('complaint machine: refusals', () => {
  it('names the action and the case’s status when the status does not allow the action', () => {
    const reasons = COLUMNS.map((status) => {
      const type = COMPLAINT_ACTION_TYPES.find((t) => TABLE[t][COLUMNS.indexOf(status)] === __)!;
      const refusal = expectRefused(apply(caseIn(status), PAYLOAD[type], permittedActor(type, caseIn(status))));
      expect(refusal.code).toBe('illegal_transition');
      expect(refusal.reason).toMatch(new RegExp(`^Cannot ${type.replaceAll('_', ' ')}: the case is `));
      return refusal.reason;
    });
    expect(new Set(reasons).size).toBe(COLUMNS.length);
    expect(expectRefused(apply(caseIn(CLO), PAYLOAD.approve, gm)).reason).toBe('Cannot approve: the case is closed');
    expect(expectRefused(apply(caseIn(APR), PAYLOAD.reopen, supervisor1)).reason).toBe("Cannot reopen: the case is waiting for the general manager's approval");
  });

  it.each([
    ['dispatch_investigation', REG, agent1, { type: 'dispatch_investigation', departmentCode: 'nowhere' }, 'departmentCode'],
    ['request_assistance', INV, supervisor1, { type: 'request_assistance', form: { departmentCode: 'nowhere', subject: 'x', request: 'y' } }, 'form.departmentCode'],
    ['propose', INV, supervisor1, { type: 'propose', proposal: { ...PROPOSAL_INPUT, departmentCode: 'nowhere' } }, 'proposal.departmentCode'],
    ['send_memo', REG, supervisor1, { type: 'send_memo', proposal: { ...PROPOSAL_INPUT, departmentCode: 'nowhere' } }, 'proposal.departmentCode'],
    ['raise_level', REG, agent1, { type: 'raise_level', to: 'superior', aboutDepartmentCode: 'nowhere', note: 'Rude' }, 'aboutDepartmentCode'],
  ] as const)('refuses %s naming a department the org design does not have, with the field', (_, status, actor, input, field) => {
    expect(expectRefused(apply(caseIn(status), input, actor))).toEqual({
      ok: false,
      code: 'invalid',
      reason: '"nowhere" is no department of the org design',
      field,
    });
  });

  it('refuses a memo (备忘函) that names no department to send it to', () => {
    const memo = { ...PROPOSAL_INPUT, responsibility: 'user', departmentCode: null } as const;
    expect(expectRefused(apply(caseIn(REG), { type: 'send_memo', proposal: memo }, supervisor1))).toMatchObject({ code: 'invalid', field: 'proposal.departmentCode' });
  });

  it('refuses to answer an assistance request the case does not have, or one answered already', () => {
    expect(expectRefused(apply(caseIn(INV), PAYLOAD.answer_assistance, supervisor1))).toMatchObject({ code: 'invalid', field: 'requestId' });
    const answered = { ...caseIn(INV), assistance: [{ id: REQUEST_ID, departmentCode: 'quality-management', answered: true }] };
    expect(expectRefused(apply(answered, PAYLOAD.answer_assistance, supervisor1))).toMatchObject({
      code: 'illegal_transition',
      reason: 'This assistance request was answered already',
    });
  });

  it('refuses to escalate past the top of the chain, or with no chain at all', () => {
    const atTop = { ...caseIn(DEP), escalationLevel: 2 };
    expect(expectRefused(apply(atTop, PAYLOAD.escalate, agent1))).toEqual({
      ok: false,
      code: 'invalid',
      reason: 'The escalation chain ends at level 2; the case is at level 2',
      field: 'level',
    });
    expect(expectRefused(apply(caseIn(REG), { ...PAYLOAD.escalate, level: 3 }, agent1))).toMatchObject({ code: 'invalid', field: 'level' });
    const noChain = applyAction(caseIn(REG), act(PAYLOAD.escalate), agent1, { ...CTX, chainTop: 0 }, REQUEST_ID);
    expect(expectRefused(noChain)).toMatchObject({ code: 'invalid', reason: 'The org design has no escalation chain', field: 'level' });
  });

  it('records an escalation to a level already reached without lowering the case or telling that level again', () => {
    // As the ticket API always did (hub/src/tickets: "a ticket never goes down the chain"): a
    // level at or below the current one goes into the history, and nobody is told twice.
    const atTop = { ...caseIn(DEP), escalationLevel: 2 };
    const lower = expectApplied(apply(atTop, { ...PAYLOAD.escalate, level: 1 }, agent1));
    expect(lower).toMatchObject({ to: DEP, effects: [] });
    expect(lower.next.escalationLevel).toBe(2);
    expect(availableActions(atTop, agent1, CTX)).not.toContain('escalate');
    expect(expectApplied(apply(caseIn(REG), { ...PAYLOAD.escalate, level: 2 }, agent1)).next.escalationLevel).toBe(2);
  });

  it('refuses to raise a complaint to a level it is already at or above', () => {
    const atSuperior: ComplaintCase = { ...caseIn(REG), level: 'superior', aboutDepartmentCode: 'logistics' };
    const again = { type: 'raise_level', to: 'superior', aboutDepartmentCode: 'sales', note: 'Again' } as const;
    expect(expectRefused(apply(atSuperior, again, agent1))).toMatchObject({
      code: 'illegal_transition',
      reason: 'The complaint is already at the superior level; it can only be raised higher',
    });
  });

  it('holds a proposal, a memo and an on-site resolution until every assistance request (表1.3) is answered', () => {
    const c = withOpenRequest(caseIn(INV), 'quality-management');
    for (const input of [PAYLOAD.propose, PAYLOAD.send_memo, PAYLOAD.resolve_on_site]) {
      expect(expectRefused(apply(c, input, supervisor1))).toEqual({
        ok: false,
        code: 'illegal_transition',
        reason: 'Wait for the assistance requested of quality-management (表1.3) to be answered',
      });
    }
  });

  it('refuses to let a department act again on a returned case when no department’s measure was returned', () => {
    const noDepartment = { ...caseIn(RET), departmentCode: null };
    const noProposal = { ...caseIn(RET), proposal: null };
    for (const input of [PAYLOAD.accept, PAYLOAD.query]) {
      expect(expectRefused(apply(noDepartment, input, supervisor1)).code).toBe('illegal_transition');
      expect(expectRefused(apply(noProposal, input, production1)).code).toBe('illegal_transition');
    }
  });

  it('refuses to sign or approve when there is no proposal', () => {
    expect(expectRefused(apply({ ...caseIn(PEN), proposal: null }, PAYLOAD.sign_off, manager1))).toMatchObject({ code: 'illegal_transition', reason: 'There is no proposal to sign' });
    expect(expectRefused(apply({ ...caseIn(APR), proposal: null }, PAYLOAD.approve, gm))).toMatchObject({ code: 'illegal_transition', reason: 'There is no proposal to approve' });
  });
});

// ─── whose move it is ────────────────────────────────────────────────────────────────────────────

describe('complaint machine: waitingOn', () => {
  it('names the department whose move it is in every status', () => {
    const expected: Record<ComplaintStatus, string | null> = {
      registered: 'service',
      answered_at_once: 'service',
      escalated: 'service',
      investigation_dispatched: 'market-service',
      investigated: 'service',
      proposal_pending_signoff: 'service',
      with_department: 'production',
      queried: 'service',
      awaiting_approval: 'gm-office',
      measure_in_progress: 'production',
      tracking: 'service',
      callback_due: 'callback',
      returned: 'production',
      closed: null,
    };
    expect(Object.fromEntries(COMPLAINT_STATUSES.map((s) => [s, waitingOn(caseIn(s), CONFIG)]))).toEqual(expected);
  });

  it('falls back to the handling department when no department is known, and to the field staff for an investigation sent nowhere yet', () => {
    for (const status of [DEP, MEA, RET] as const) expect(waitingOn({ ...caseIn(status), departmentCode: null }, CONFIG)).toBe('service');
    expect(waitingOn({ ...caseIn(DSP), investigationDepartmentCode: null }, CONFIG)).toBe('market-service');
  });

  it('puts the service department’s steps in the superior’s or leadership’s queue once the complaint is raised', () => {
    const superior: ComplaintCase = { ...caseIn(INV), level: 'superior', aboutDepartmentCode: 'logistics' };
    const leadership: ComplaintCase = { ...superior, level: 'leadership' };
    expect([REG, INV, PEN, QRY, TRK].map((status) => waitingOn({ ...superior, status }, CONFIG))).toEqual(Array(5).fill('logistics'));
    expect([REG, INV, PEN, QRY, TRK].map((status) => waitingOn({ ...leadership, status }, CONFIG))).toEqual(Array(5).fill('gm-office'));
    // The department complained about, the approver and the callback staff keep their own steps.
    expect(waitingOn({ ...superior, status: DEP }, CONFIG)).toBe('production');
    expect(waitingOn({ ...leadership, status: APR }, CONFIG)).toBe('gm-office');
    expect(waitingOn({ ...leadership, status: CBD }, CONFIG)).toBe('callback');
  });
});

// ─── what the console offers ─────────────────────────────────────────────────────────────────────

describe('complaint machine: availableActions', () => {
  it('offers an agent the intake choices on a new registration', () => {
    expect(availableActions(caseIn(REG), agent1, CTX)).toEqual(['answer_at_once', 'escalate', 'dispatch_investigation', 'raise_level']);
  });

  it('offers a supervisor the memo besides the intake choices, and no assistance to answer when none was asked', () => {
    expect(availableActions(caseIn(REG), supervisor1, CTX)).toEqual(['answer_at_once', 'escalate', 'dispatch_investigation', 'send_memo', 'raise_level']);
  });

  it('offers the investigated case’s next steps to a supervisor, and holds the proposal back while assistance is open', () => {
    expect(availableActions(caseIn(INV), supervisor1, CTX)).toEqual([
      'escalate',
      'dispatch_investigation',
      'record_investigation',
      'request_assistance',
      'resolve_on_site',
      'propose',
      'send_memo',
      'raise_level',
    ]);
    expect(availableActions(withOpenRequest(caseIn(INV)), supervisor1, CTX)).toEqual([
      'escalate',
      'dispatch_investigation',
      'record_investigation',
      'request_assistance',
      'answer_assistance',
      'raise_level',
    ]);
  });

  it('offers the department complained about its answer: accept or query', () => {
    expect(availableActions(caseIn(DEP), production1, CTX)).toEqual(['escalate', 'accept', 'query', 'raise_level']);
  });

  it('offers the general manager the approval, and the signer only the refusal', () => {
    expect(availableActions(caseIn(APR), gm, CTX)).toEqual(['escalate', 'approve', 'refuse_approval', 'raise_level']);
    expect(availableActions(caseIn(APR), manager1, CTX)).toEqual(['escalate', 'refuse_approval', 'raise_level']);
  });

  it('offers only the reopening on a closed case, and only to the service department', () => {
    expect(availableActions(caseIn(CLO), supervisor1, CTX)).toEqual(['reopen']);
    for (const person of EVERYONE.filter((p) => p.role !== 'supervisor' && p.role !== 'manager')) {
      expect(availableActions(caseIn(CLO), person, CTX)).toEqual([]);
    }
  });

  it('stops offering escalation at the chain’s top and raising at leadership', () => {
    const c: ComplaintCase = { ...caseIn(REG), escalationLevel: 2, level: 'leadership' };
    expect(availableActions(c, agent1, CTX)).toEqual(['answer_at_once', 'dispatch_investigation']);
  });

  it('offers a returned case without a department’s measure only the new start', () => {
    const c = { ...caseIn(RET), departmentCode: null };
    expect(availableActions(c, supervisor1, CTX)).toEqual(['answer_at_once', 'escalate', 'dispatch_investigation', 'propose', 'send_memo', 'raise_level']);
  });
});

// ─── what the hub must do besides storing ────────────────────────────────────────────────────────

describe('complaint machine: effects', () => {
  it('tells the department whose queue the case enters', () => {
    expect(expectApplied(apply(caseIn(PEN), PAYLOAD.sign_off, manager1)).effects).toEqual([
      { type: 'notify_department', departmentCode: 'production', urgent: false },
    ]);
  });

  it('tells the department again when the case moves to a new step in its own queue', () => {
    expect(expectApplied(apply(caseIn(INV), PAYLOAD.propose, supervisor1)).effects).toEqual([
      { type: 'notify_department', departmentCode: 'service', urgent: false },
    ]);
    expect(expectApplied(apply(caseIn(DEP), PAYLOAD.accept, production1)).effects).toEqual([
      { type: 'notify_department', departmentCode: 'production', urgent: false },
    ]);
  });

  it('tells nobody when neither the status nor the queue changes', () => {
    expect(expectApplied(apply(caseIn(TRK), PAYLOAD.record_tracking, supervisor1)).effects).toEqual([]);
    expect(expectApplied(apply(withOpenRequest(caseIn(INV)), PAYLOAD.answer_assistance, qm1)).effects).toEqual([]);
    expect(expectApplied(apply(caseIn(DEP), PAYLOAD.raise_level, agent1)).effects).toEqual([]);
  });

  it('tells nobody when a case closes', () => {
    expect(expectApplied(apply(caseIn(CBD), PAYLOAD.callback_result, callback1)).effects).toEqual([]);
    expect(expectApplied(apply(caseIn(ANS), PAYLOAD.archive, supervisor1)).effects).toEqual([]);
  });

  it('tells the department asked for assistance (表1.3)', () => {
    expect(expectApplied(apply(caseIn(INV), PAYLOAD.request_assistance, supervisor1)).effects).toEqual([
      { type: 'notify_department', departmentCode: 'quality-management', urgent: false },
    ]);
  });

  it('tells the next level of the chain, and the service department urgently when a registration is escalated', () => {
    expect(expectApplied(apply(caseIn(REG), PAYLOAD.escalate, agent1)).effects).toEqual([
      { type: 'notify_department', departmentCode: 'service', urgent: true },
      { type: 'notify_escalation_level', level: 1 },
    ]);
    expect(expectApplied(apply({ ...caseIn(DEP), escalationLevel: 1 }, PAYLOAD.escalate, agent1)).effects).toEqual([
      { type: 'notify_escalation_level', level: 2 },
    ]);
  });

  it('schedules the callback for the time asked, or for the hub to choose', () => {
    expect(expectApplied(apply(caseIn(TRK), PAYLOAD.request_callback, supervisor1)).effects).toEqual([
      { type: 'notify_department', departmentCode: 'callback', urgent: false },
      { type: 'schedule_callback', dueAt: '2025-03-10T10:00:00+08:00' },
    ]);
    expect(expectApplied(apply(caseIn(TRK), { type: 'request_callback' }, supervisor1)).effects).toContainEqual({ type: 'schedule_callback', dueAt: null });
  });
});

// ─── the report's status columns ─────────────────────────────────────────────────────────────────

describe('complaint machine: reportStatus', () => {
  it('puts every status in one of the four columns: 完成 / 正在完成 / 未处理 / 正在跟踪', () => {
    const expected: Record<ComplaintStatus, ReportStatus> = {
      registered: 'not_handled',
      answered_at_once: 'done',
      escalated: 'in_progress',
      investigation_dispatched: 'in_progress',
      investigated: 'in_progress',
      proposal_pending_signoff: 'in_progress',
      with_department: 'in_progress',
      queried: 'in_progress',
      awaiting_approval: 'in_progress',
      measure_in_progress: 'in_progress',
      tracking: 'tracking',
      callback_due: 'tracking',
      returned: 'in_progress',
      closed: 'done',
    };
    expect(Object.fromEntries(COMPLAINT_STATUSES.map((s) => [s, reportStatus(s)]))).toEqual(expected);
  });
});

describe('who handles what, as the lead settled it after the first review', () => {
  const apply = (c: ComplaintCase, input: ComplaintActionInput, actor: Actor) => applyAction(c, act(input), actor, CTX, OTHER_REQUEST_ID);

  it("lets only the general manager approve a multi-department measure, whatever another manager's authority", () => {
    const c = { ...caseIn(APR), proposal: proposalState({ compensationFen: 10_000, multiDepartment: true, signedBy: 'supervisor2', needsApproval: true }) };
    expect(expectRefused(apply(c, PAYLOAD.approve, manager1))).toMatchObject({ code: 'forbidden', reason: expect.stringContaining('general manager') });
    expect(availableActions(c, manager1, CTX)).not.toContain('approve');
    expect(expectApplied(apply(c, PAYLOAD.approve, gm)).next.proposal?.approvedBy).toBe('gm');
  });

  it("puts a measure for the user's fault in the service department's hands, not the department the intake guessed", () => {
    const guessed = openedCase('investigated', 'sales', CONFIG);
    const proposed = expectApplied(apply(guessed, { type: 'propose', proposal: { ...PROPOSAL_INPUT, responsibility: 'user', departmentCode: null } }, supervisor1));
    const signed = expectApplied(apply(proposed.next, { type: 'sign_off' }, manager1));
    expect(signed.to).toBe(MEA);
    expect(waitingOn(signed.next, CONFIG)).toBe('service');
    expect(expectRefused(apply(signed.next, PAYLOAD.complete_measure, sales1)).code).toBe('forbidden');
    expect(expectApplied(apply(signed.next, PAYLOAD.complete_measure, supervisor1)).to).toBe(TRK);
  });

  it('does not let the department complained about start its own returned case over', () => {
    const c = caseIn(RET);
    expect(waitingOn(c, CONFIG)).toBe('production');
    for (const type of ['answer_at_once', 'dispatch_investigation', 'propose', 'send_memo'] as const) {
      expect(expectRefused(apply(c, PAYLOAD[type], production1)).code, type).toBe('forbidden');
    }
    expect(availableActions(c, production1, CTX)).toEqual(expect.arrayContaining(['accept', 'query', 'escalate']));
  });

  it("drops the old finding when the case is investigated again, so a new proposal follows", () => {
    const again = expectApplied(apply(caseIn(RET), PAYLOAD.dispatch_investigation, supervisor1));
    expect(again.next.proposal).toBeNull();
  });

  it("lets the superior's department handle a complaint raised to it as the service department would", () => {
    const raised = expectApplied(apply(caseIn(INV), { type: 'raise_level', to: 'superior', aboutDepartmentCode: 'sales', note: '客户要求向销售部主管投诉' }, agent1));
    expect(waitingOn(raised.next, CONFIG)).toBe('sales');
    expect(expectApplied(apply(raised.next, { type: 'propose', proposal: { ...PROPOSAL_INPUT, departmentCode: 'logistics' } }, sales1)).to).toBe(PEN);
    expect(expectRefused(apply(raised.next, PAYLOAD.propose, production1)).code).toBe('forbidden');
  });
});
