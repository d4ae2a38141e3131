import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { COMPLAINT_CATEGORIES, INTAKE_STATUSES } from '../../../../shared/api/tickets';
import {
  COMPLAINT_ACTION_TYPES,
  COMPLAINT_LEVELS,
  RESPONSIBILITIES,
  type ComplaintAction,
  type ComplaintActionType,
} from '../../../../shared/complaints/complaint-actions';
import { COMPLAINT_STATUSES, type ComplaintStatus } from '../../../../shared/complaints/complaint-config';
import {
  applyAction,
  availableActions,
  openedCase,
  waitingOn,
  type Actor,
  type Applied,
  type ComplaintCase,
  type Refusal,
} from '../../../../shared/complaints/complaint-machine';
import { act, CHAIN_TOP, CONFIG, CTX, EVERYONE, INVESTIGATION_FORM, type ActionInput } from './complaint-fixtures';

/*
 * Random walks through the procedure: people of every role and department take actions with valid
 * forms, from each status a case can be opened in. Most steps follow what `availableActions`
 * offers someone (so the walks reach the deep statuses); the rest are any action by anyone (so
 * refusals are exercised too).
 */

const UNKNOWN_REQUEST_ID = '0190a1b2-0000-7000-8000-00000000dead';
/** Ids need only be unique within one case. */
const requestIdOf = (step: number) => `0190a1b2-0000-7000-8000-${String(step).padStart(12, '0')}`;

const department = fc.constantFrom('production', 'sales', 'logistics', 'quality-management', 'tech-service', 'market-service', 'gm-office', 'nowhere');
const note = fc.constantFrom('', 'Spoke to the customer');
const reason = fc.constantFrom('Severe: animals died', 'The customer insists');
const isoTime = fc.constantFrom('2025-03-05T10:00:00+08:00', '2025-03-06T16:30:00Z');

const proposal = fc
  .record({
    category: fc.constantFrom(...COMPLAINT_CATEGORIES),
    responsibility: fc.constantFrom(...RESPONSIBILITIES),
    departmentCode: fc.option(department, { nil: null }),
    measure: fc.constant('Replace the caked bags'),
    // Around every limit of the default configuration: ¥500 (supervisor), ¥5 000 (manager), none (gm).
    compensationFen: fc.constantFrom(0, 10_000, 50_000, 50_001, 500_000, 500_001, 800_000, 1_000_000_000_00),
    multiDepartment: fc.boolean(),
  })
  .map((p) => (p.responsibility === 'company' && p.departmentCode === null ? { ...p, departmentCode: 'production' } : p));

const PAYLOADS: { [K in ComplaintActionType]: fc.Arbitrary<ActionInput<K>> } = {
  answer_at_once: fc.record({ type: fc.constant('answer_at_once'), note: reason }),
  escalate: fc.record({ type: fc.constant('escalate'), level: fc.option(fc.integer({ min: 1, max: CHAIN_TOP + 1 }), { nil: null }), note: reason }),
  dispatch_investigation: fc.record({ type: fc.constant('dispatch_investigation'), departmentCode: fc.option(department, { nil: null }), note }),
  record_investigation: fc.record({
    type: fc.constant('record_investigation'),
    form: fc.boolean().map((signed) => (signed ? INVESTIGATION_FORM : { ...INVESTIGATION_FORM, customerSigned: false, refusalReason: 'Disputes the findings', witness: '村委会 李主任' })),
    note,
  }),
  request_assistance: fc.record({
    type: fc.constant('request_assistance'),
    form: fc.record({ departmentCode: department, subject: fc.constant('Batch analysis'), request: fc.constant('Analyse the retained sample') }),
    note,
  }),
  // The request is chosen among the case's own when the step is taken (see `materialise`).
  answer_assistance: fc.record({ type: fc.constant('answer_assistance'), requestId: fc.constant(UNKNOWN_REQUEST_ID), answer: fc.constant('Within specification'), note }),
  resolve_on_site: fc.record({ type: fc.constant('resolve_on_site'), note: reason }),
  propose: fc.record({ type: fc.constant('propose'), proposal, note }),
  sign_off: fc.record({ type: fc.constant('sign_off'), note }),
  reject_proposal: fc.record({ type: fc.constant('reject_proposal'), note: reason }),
  send_memo: fc.record({ type: fc.constant('send_memo'), proposal, note }),
  accept: fc.record({ type: fc.constant('accept'), note }),
  query: fc.record({ type: fc.constant('query'), note: reason }),
  uphold_query: fc.record({ type: fc.constant('uphold_query'), note: reason }),
  dismiss_query: fc.record({ type: fc.constant('dismiss_query'), note: reason }),
  approve: fc.record({ type: fc.constant('approve'), note }),
  refuse_approval: fc.record({ type: fc.constant('refuse_approval'), note: reason }),
  complete_measure: fc.record({ type: fc.constant('complete_measure'), result: fc.constant('Done'), note }),
  record_tracking: fc.record({ type: fc.constant('record_tracking'), note: reason }),
  request_callback: fc.record({ type: fc.constant('request_callback'), dueAt: fc.option(isoTime, { nil: null }), note }),
  callback_result: fc.record({ type: fc.constant('callback_result'), satisfied: fc.boolean(), words: fc.constant('满意'), callId: fc.constant(null) }),
  archive: fc.record({ type: fc.constant('archive'), note }),
  reopen: fc.record({ type: fc.constant('reopen'), note: reason }),
  raise_level: fc.oneof(
    fc.record({ type: fc.constant('raise_level'), to: fc.constant('superior'), aboutDepartmentCode: department, aboutStaff: fc.constant('司机 老王'), note: reason }),
    fc.record({ type: fc.constant('raise_level'), to: fc.constant('leadership'), aboutDepartmentCode: fc.option(department, { nil: null }), note: reason }),
  ),
};

const step = fc.record({
  /** Follow what someone is offered, or take any action as anyone. */
  guided: fc.integer({ min: 0, max: 9 }).map((n) => n < 7),
  pick: fc.nat(),
  actor: fc.nat({ max: EVERYONE.length - 1 }),
  type: fc.nat({ max: COMPLAINT_ACTION_TYPES.length - 1 }),
  /** Which of the case's assistance requests an answer names; null: one it does not have. */
  request: fc.option(fc.nat(), { nil: null, freq: 8 }),
  payloads: fc.record(PAYLOADS),
});
type Step = typeof step extends fc.Arbitrary<infer S> ? S : never;

const opening = fc.record({
  status: fc.constantFrom(...Object.values(INTAKE_STATUSES)),
  departmentCode: fc.option(fc.constantFrom('production', 'sales', 'logistics'), { nil: null }),
});

const walk = fc.record({ opening, steps: fc.array(step, { maxLength: 30 }) });

function materialise(input: ActionInput<ComplaintActionType>, c: ComplaintCase, request: number | null): ComplaintAction {
  if (input.type !== 'answer_assistance' || request === null || c.assistance.length === 0) return act(input);
  // Mostly the open requests, so that answers happen; sometimes any, answered ones included.
  const open = c.assistance.filter((a) => !a.answered);
  const pool = open.length > 0 && request % 4 !== 0 ? open : c.assistance;
  return act({ ...input, requestId: pool[request % pool.length]!.id });
}

function choose(c: ComplaintCase, s: Step): { actor: Actor; type: ComplaintActionType } {
  if (s.guided) {
    const offered = EVERYONE.flatMap((actor) => availableActions(c, actor, CTX).map((type) => ({ actor, type })));
    if (offered.length > 0) return offered[s.pick % offered.length]!;
  }
  return { actor: EVERYONE[s.actor]!, type: COMPLAINT_ACTION_TYPES[s.type]! };
}

/** Walks the case through the steps, handing each attempt (refused or not) to `check`. */
function walkThrough(
  { opening: o, steps }: { opening: { status: ComplaintStatus; departmentCode: string | null }; steps: Step[] },
  check: (c: ComplaintCase, s: Step, actor: Actor, action: ComplaintAction, result: Applied | Refusal) => void,
) {
  let c = openedCase(o.status, o.departmentCode, CONFIG);
  for (const [i, s] of steps.entries()) {
    const { actor, type } = choose(c, s);
    const action = materialise(s.payloads[type], c, s.request);
    const before = structuredClone(c);
    const result = applyAction(c, action, actor, CTX, requestIdOf(i));
    // Neither a refusal nor a success may touch the case it was given: the hub stores only `next`.
    expect(c).toEqual(before);
    check(c, s, actor, action, result);
    if (result.ok) c = result.next;
  }
}

const LEVEL_ORDER = Object.fromEntries(COMPLAINT_LEVELS.map((level, i) => [level, i])) as Record<ComplaintCase['level'], number>;
const NEEDS_PROPOSAL: readonly ComplaintStatus[] = ['proposal_pending_signoff', 'with_department', 'queried', 'awaiting_approval'];

function checkInvariants(c: ComplaintCase, applied: Applied, action: ComplaintAction) {
  const { next } = applied;
  const step = `${action.type}: ${applied.from} → ${applied.to}`;
  expect(COMPLAINT_STATUSES, step).toContain(next.status);
  expect(applied.from, step).toBe(c.status);
  expect(applied.to, step).toBe(next.status);
  expect(waitingOn(next, CONFIG) === null, `${step}: waits on nobody exactly when closed`).toBe(next.status === 'closed');

  expect(next.escalationLevel, `${step}: escalation level`).toBeGreaterThanOrEqual(c.escalationLevel);
  expect(next.escalationLevel, `${step}: escalation level`).toBeLessThanOrEqual(CHAIN_TOP);
  expect(LEVEL_ORDER[next.level], `${step}: complaint level`).toBeGreaterThanOrEqual(LEVEL_ORDER[c.level]);
  expect(next.investigations, step).toBeGreaterThanOrEqual(c.investigations);
  expect(next.returns, step).toBeGreaterThanOrEqual(c.returns);

  for (const request of c.assistance) {
    const after = next.assistance.find((a) => a.id === request.id);
    expect(after, `${step}: assistance request ${request.id} kept`).toBeDefined();
    if (request.answered) expect(after?.answered, `${step}: assistance request ${request.id} stays answered`).toBe(true);
  }

  if (NEEDS_PROPOSAL.includes(next.status)) expect(next.proposal, `${step}: a proposal`).not.toBeNull();
  if (applied.from === 'with_department' && applied.to === 'measure_in_progress') {
    expect(next.proposal, `${step}: a proposal`).not.toBeNull();
    expect(next.proposal?.needsApproval === false || next.proposal?.approvedBy !== null, `${step}: approved if it needs approval`).toBe(true);
  }
  if (next.proposal !== null && next.proposal.approvedBy !== null) expect(next.proposal.approvedBy, `${step}: approver is not the signer`).not.toBe(next.proposal.signedBy);
}

/**
 * Refusals of an offered action that only the form can cause, which the offer cannot foresee:
 * raising the complaint to a level it is already at, and answering an assistance request that was
 * answered already or that went to another department.
 */
function refusedForTheForm(c: ComplaintCase, action: ComplaintAction, actor: Actor, refusal: Refusal): boolean {
  switch (action.type) {
    case 'raise_level':
      return refusal.code === 'illegal_transition' && LEVEL_ORDER[action.to] <= LEVEL_ORDER[c.level];
    case 'answer_assistance': {
      const request = c.assistance.find((a) => a.id === action.requestId);
      if (request === undefined) return false;
      if (request.answered) return refusal.code === 'illegal_transition';
      return refusal.code === 'forbidden' && actor.role === 'department' && request.departmentCode !== actor.departmentCode;
    }
    default:
      return false;
  }
}

/**
 * What is taken though not offered: an escalation to a level the case has reached already, which
 * is recorded without raising it (as the ticket API always did), while escalation is no longer
 * offered once the case stands at the chain's top.
 */
function takenThoughNotOffered(c: ComplaintCase, action: ComplaintAction): boolean {
  return action.type === 'escalate' && action.level !== null && action.level <= c.escalationLevel;
}

function checkAgreement(c: ComplaintCase, action: ComplaintAction, actor: Actor, result: Applied | Refusal) {
  const offered = availableActions(c, actor, CTX).includes(action.type);
  const described = { status: c.status, actor: actor.username, type: action.type };
  if (!offered) {
    const expected = result.ok && takenThoughNotOffered(c, action);
    expect({ ...described, applied: result.ok }).toEqual({ ...described, applied: expected });
  } else if (!result.ok && (result.code === 'illegal_transition' || result.code === 'forbidden')) {
    expect({ ...described, refusal: result, forTheForm: refusedForTheForm(c, action, actor, result) }).toEqual({ ...described, refusal: result, forTheForm: true });
  }
}

const RUNS = { numRuns: 200 };

describe('complaint machine: properties', () => {
  it('keeps its invariants along any sequence of actions by anyone, from every intake status', () => {
    fc.assert(
      fc.property(walk, (w) =>
        walkThrough(w, (c, _s, _actor, action, result) => {
          if (result.ok) checkInvariants(c, result, action);
        }),
      ),
      RUNS,
    );
  });

  it('offers exactly the actions it then allows, to everyone, along any sequence', () => {
    fc.assert(
      fc.property(walk, (w) =>
        walkThrough(w, (c, s, actor, action, result) => {
          checkAgreement(c, action, actor, result);
          // Every other action, with this step's forms, by the same person and by someone else.
          for (const other of [actor, EVERYONE[s.actor]!]) {
            for (const type of COMPLAINT_ACTION_TYPES) {
              const attempt = materialise(s.payloads[type], c, s.request);
              checkAgreement(c, attempt, other, applyAction(c, attempt, other, CTX, UNKNOWN_REQUEST_ID));
            }
          }
        }),
      ),
      RUNS,
    );
  });

  it('reaches every status along the walks, so the invariants are not checked on shallow cases only', () => {
    const seen = new Set<ComplaintStatus>();
    fc.assert(
      fc.property(walk, (w) =>
        walkThrough(w, (_c, _s, _actor, _action, result) => {
          if (result.ok) seen.add(result.to);
        }),
      ),
      { ...RUNS, seed: 7 },
    );
    expect([...seen].sort()).toEqual([...COMPLAINT_STATUSES].sort());
  });
});
