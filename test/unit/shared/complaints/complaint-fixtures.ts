import {
  ComplaintActionSchema,
  type ComplaintAction,
  type ComplaintActionInput,
  type ComplaintActionType,
} from '../../../../shared/complaints/complaint-actions';
import { DEFAULT_COMPLAINT_CONFIG, type ComplaintStatus } from '../../../../shared/complaints/complaint-config';
import {
  applyAction,
  openedCase,
  type Actor,
  type Applied,
  type ComplaintCase,
  type MachineContext,
  type ProposalState,
  type Refusal,
} from '../../../../shared/complaints/complaint-machine';

/*
 * A center shaped like the demo one (hub/src/seed/demo-org.ts), written out here so that a change
 * to the seed does not silently change what these tests mean.
 */

export const CONFIG = DEFAULT_COMPLAINT_CONFIG;

export const DEPARTMENTS = [
  'service',
  'acceptance',
  'callback',
  'quality',
  'evaluation',
  'tech-service',
  'market-service',
  'production',
  'quality-management',
  'sales',
  'logistics',
  'gm-office',
] as const;

/** Level 1 客服部经理, level 2 总经理. */
export const CHAIN_TOP = 2;

export const CTX: MachineContext = { config: CONFIG, chainTop: CHAIN_TOP, departments: new Set(DEPARTMENTS) };

const person = (username: string, role: Actor['role'], departmentCode: string | null): Actor => ({ username, role, departmentCode });

/** One person of every role, two supervisors (so one proposes and another signs), the GM and department staff. */
export const PEOPLE = {
  agent1: person('agent1', 'agent', 'acceptance'),
  callback1: person('callback1', 'callback', 'callback'),
  qa1: person('qa1', 'qa', 'quality'),
  admin: person('admin', 'admin', null),
  supervisor1: person('supervisor1', 'supervisor', 'service'),
  supervisor2: person('supervisor2', 'supervisor', 'service'),
  manager1: person('manager1', 'manager', 'service'),
  gm: person('gm', 'manager', 'gm-office'),
  field1: person('field1', 'department', 'market-service'),
  production1: person('production1', 'department', 'production'),
  sales1: person('sales1', 'department', 'sales'),
  qm1: person('qm1', 'department', 'quality-management'),
  logistics1: person('logistics1', 'department', 'logistics'),
  tech1: person('tech1', 'department', 'tech-service'),
} satisfies Record<string, Actor>;

export const EVERYONE: readonly Actor[] = Object.values(PEOPLE);

export const act = (input: ComplaintActionInput): ComplaintAction => ComplaintActionSchema.parse(input);

/** The id the hub would give an assistance request opened by this action. */
export const REQUEST_ID = '0190a1b2-0000-7000-8000-000000000001';
export const OTHER_REQUEST_ID = '0190a1b2-0000-7000-8000-000000000002';

export const INVESTIGATION_FORM = {
  visitedAt: '2025-03-04T09:00:00+08:00',
  place: '平谷区 王家庄 养殖场 3 号棚',
  findings: 'Feed bags of batch 2403 stored open beside the heater; caking in 7 of 20 bags',
  customerSigned: true,
};

export const PROPOSAL_INPUT = {
  category: 'quality',
  responsibility: 'company',
  departmentCode: 'production',
  measure: 'Replace the 7 caked bags and refund the delivery',
  compensationFen: 30_000,
} as const;

export const proposalState = (over: Partial<ProposalState> = {}): ProposalState => ({
  ...PROPOSAL_INPUT,
  multiDepartment: false,
  memo: false,
  proposedBy: 'supervisor1',
  signedBy: 'manager1',
  needsApproval: false,
  approvedBy: null,
  ...over,
});

/**
 * A typical case standing in each status: the production department complained about, a proposal
 * by supervisor1 (signed by manager1 once past sign-off, beyond manager1's authority while it
 * waits for approval).
 */
export function caseIn(status: ComplaintStatus): ComplaintCase {
  const base = openedCase(status, 'production', CONFIG);
  switch (status) {
    case 'registered':
    case 'answered_at_once':
    case 'escalated':
      return base;
    case 'investigation_dispatched':
      return { ...base, investigationDepartmentCode: 'market-service' };
    case 'investigated':
      return { ...base, investigationDepartmentCode: 'market-service', investigations: 1 };
    case 'proposal_pending_signoff':
      return { ...base, investigationDepartmentCode: 'market-service', investigations: 1, proposal: proposalState({ signedBy: null }) };
    case 'awaiting_approval':
      return {
        ...base,
        investigationDepartmentCode: 'market-service',
        investigations: 1,
        proposal: proposalState({ compensationFen: 800_000, needsApproval: true }),
      };
    case 'returned':
      return { ...base, investigationDepartmentCode: 'market-service', investigations: 1, proposal: proposalState(), returns: 1 };
    default:
      return { ...base, investigationDepartmentCode: 'market-service', investigations: 1, proposal: proposalState() };
  }
}

export function withOpenRequest(c: ComplaintCase, departmentCode = 'quality-management', id = REQUEST_ID): ComplaintCase {
  return { ...c, assistance: [...c.assistance, { id, departmentCode, answered: false }] };
}

export type ActionInput<K extends ComplaintActionType> = Extract<ComplaintActionInput, { type: K }>;

/** A valid form for every action, as the console would send it. */
export const PAYLOAD: { [K in ComplaintActionType]: ActionInput<K> } = {
  answer_at_once: { type: 'answer_at_once', note: 'Explained how to store the feed; the customer is content' },
  escalate: { type: 'escalate', note: 'Forty piglets died after feeding: severe consequences' },
  dispatch_investigation: { type: 'dispatch_investigation' },
  record_investigation: { type: 'record_investigation', form: INVESTIGATION_FORM },
  request_assistance: {
    type: 'request_assistance',
    form: { departmentCode: 'quality-management', subject: 'Batch 2403 analysis', request: 'Moisture and mould analysis of the retained sample' },
  },
  answer_assistance: { type: 'answer_assistance', requestId: REQUEST_ID, answer: 'Retained sample within specification' },
  resolve_on_site: { type: 'resolve_on_site', note: 'Moved the bags away from the heater; no further caking' },
  propose: { type: 'propose', proposal: PROPOSAL_INPUT },
  sign_off: { type: 'sign_off' },
  reject_proposal: { type: 'reject_proposal', note: 'The storage conditions point to the customer, not to production' },
  send_memo: { type: 'send_memo', proposal: PROPOSAL_INPUT },
  accept: { type: 'accept' },
  query: { type: 'query', note: 'Batch 2403 passed release testing' },
  uphold_query: { type: 'uphold_query', note: 'The release test is convincing; look at storage again' },
  dismiss_query: { type: 'dismiss_query', note: 'Caking is inside sealed bags too' },
  approve: { type: 'approve' },
  refuse_approval: { type: 'refuse_approval', note: 'A refund of the delivery is not warranted' },
  complete_measure: { type: 'complete_measure', result: 'Seven bags replaced on 6 March' },
  record_tracking: { type: 'record_tracking', note: 'No new caking reported a week later' },
  request_callback: { type: 'request_callback', dueAt: '2025-03-10T10:00:00+08:00' },
  callback_result: { type: 'callback_result', satisfied: true, words: '问题解决了，很满意' },
  archive: { type: 'archive' },
  reopen: { type: 'reopen', note: 'The customer called again: new caking in the replaced bags' },
  raise_level: { type: 'raise_level', to: 'leadership', note: 'The customer wrote to the general manager' },
};

export function expectApplied(result: Applied | Refusal): Applied {
  if (!result.ok) throw new Error(`expected the action to apply, but it was refused: ${result.code} — ${result.reason}`);
  return result;
}

export function expectRefused(result: Applied | Refusal): Refusal {
  if (result.ok) throw new Error(`expected a refusal, but the case went ${result.from} → ${result.to}`);
  return result;
}

/** The id `run` gives an assistance request opened by its step i (0-based). */
export const stepRequestId = (i: number): string => `0190a1b2-0000-7000-8000-${String(100 + i).padStart(12, '0')}`;

/** Applies the steps in order, failing on the first refusal; keeps every result for the assertions. */
export function run(start: ComplaintCase, steps: readonly [Actor, ComplaintActionInput][], ctx: MachineContext = CTX) {
  let c = start;
  const results: Applied[] = [];
  for (const [i, [actor, input]] of steps.entries()) {
    const result = applyAction(c, act(input), actor, ctx, stepRequestId(i));
    if (!result.ok) throw new Error(`step ${i + 1} (${actor.username}: ${input.type}) was refused: ${result.code} — ${result.reason}`);
    results.push(result);
    c = result.next;
  }
  return { final: c, results, statuses: results.map((r) => r.to) };
}
