import type { Role } from '../domain/roles';
import type { ComplaintAction, ComplaintActionType, ComplaintLevel, Proposal } from './complaint-actions';
import { COMPLAINT_ACTION_TYPES } from './complaint-actions';
import { authorityLimitFen, withinAuthority, type ComplaintConfig, type ComplaintStatus } from './complaint-config';

/*
 * The complaint procedure of 4-1 (DOMAIN.md §3) as a pure state machine: given a case, an action
 * and who takes it, either the next case and the line its history gets, or a refusal that says why.
 * The hub runs it inside the transaction that stores the result, and with `availableActions` tells
 * each reader of a case what they may do now, which is all the console offers. Nothing here reads
 * a clock or a database.
 *
 *   registered ─answer_at_once→ answered_at_once ─archive→ closed
 *      │  ├─escalate→ escalated (severe: up the chain; the head decides as from registered)
 *      │  ├─send_memo (备忘函)→ with_department
 *      │  └─dispatch_investigation→ investigation_dispatched ─record_investigation (表1.2)→ investigated
 *   investigated ─request/answer_assistance (表1.3)─ ; ─resolve_on_site→ tracking
 *   investigated ─propose→ proposal_pending_signoff ─sign_off (the head)→ with_department
 *   with_department ─accept→ measure_in_progress, or awaiting_approval when beyond the signer's authority
 *   with_department ─query (质询)→ queried ─uphold_query→ investigation_dispatched (again) | ─dismiss_query→ with_department
 *   awaiting_approval ─approve (within the approver's authority)→ measure_in_progress | ─refuse_approval→ investigated
 *   measure_in_progress ─complete_measure→ tracking ─request_callback→ callback_due
 *   tracking | callback_due | answered_at_once ─callback_result: satisfied→ closed | not satisfied→ returned
 *   returned: the responsible department acts again (accept / query), or the service department starts over
 *   closed ─reopen→ returned
 *
 * Escalating and raising the level (多级投诉制) are possible in every open status; they change who is
 * told and who handles the case, not where it stands, except that an escalated registration is
 * `escalated`.
 */

export interface AssistanceState {
  id: string;
  departmentCode: string;
  answered: boolean;
}

export interface ProposalState extends Proposal {
  memo: boolean;
  proposedBy: string;
  /** Who signed it: the head for a proposal, the sender for a memo. */
  signedBy: string | null;
  /** Beyond the signer's authority, or multi-department: the general manager approves. */
  needsApproval: boolean;
  approvedBy: string | null;
}

/** What the machine needs of a case; the hub stores more (the intake form, the customer …). */
export interface ComplaintCase {
  status: ComplaintStatus;
  level: ComplaintLevel;
  /** The staff member's department when the complaint was raised to their superior. */
  aboutDepartmentCode: string | null;
  /** 0: never escalated; otherwise the chain's level reached. */
  escalationLevel: number;
  /** The department complained about, once known (the intake's guess, then the proposal's). */
  departmentCode: string | null;
  /** Where the current on-site investigation was sent. */
  investigationDepartmentCode: string | null;
  investigations: number;
  assistance: AssistanceState[];
  proposal: ProposalState | null;
  /** How often the customer was not satisfied and the case went back. */
  returns: number;
}

export interface Actor {
  username: string;
  role: Role;
  /** The person's department in the org design; department staff act for it. */
  departmentCode: string | null;
}

export interface MachineContext {
  config: ComplaintConfig;
  /** The top of the org design's escalation chain (0: no chain). */
  chainTop: number;
  /** Every department code of the org design, so a proposal cannot name a department that is not there. */
  departments: ReadonlySet<string>;
}

/** What the hub must do besides storing the case: tell people, plan the callback. */
export type Effect =
  | { type: 'notify_department'; departmentCode: string; urgent: boolean }
  | { type: 'notify_escalation_level'; level: number }
  | { type: 'schedule_callback'; dueAt: string | null };

export type Refusal = {
  ok: false;
  /** illegal_transition: not from this status; forbidden: not this person; authority_exceeded: beyond their limit; invalid: the content. */
  code: 'illegal_transition' | 'forbidden' | 'authority_exceeded' | 'invalid';
  reason: string;
  field?: string;
};

export type Applied = {
  ok: true;
  next: ComplaintCase;
  from: ComplaintStatus;
  to: ComplaintStatus;
  effects: Effect[];
};

const SERVICE_ROLES: readonly Role[] = ['supervisor', 'manager'];
const INTAKE_ROLES: readonly Role[] = ['agent', 'callback', 'supervisor', 'manager'];
const OPEN_STATUSES_EXCEPT_CLOSED = (status: ComplaintStatus): boolean => status !== 'closed';

/** Who handles the service department's steps: it, the staff member's superior, or leadership. */
export function handlingDepartment(c: ComplaintCase, config: ComplaintConfig): string {
  if (c.level === 'leadership') return config.routing.leadershipDepartment;
  if (c.level === 'superior' && c.aboutDepartmentCode !== null) return c.aboutDepartmentCode;
  return config.routing.serviceDepartment;
}

/** The department whose queue the case is in: whose move it is. Null once closed. */
export function waitingOn(c: ComplaintCase, config: ComplaintConfig): string | null {
  switch (c.status) {
    case 'closed':
      return null;
    case 'investigation_dispatched':
      return c.investigationDepartmentCode ?? config.routing.fieldDepartment;
    case 'with_department':
    case 'measure_in_progress':
      return c.departmentCode ?? handlingDepartment(c, config);
    case 'returned':
      return c.departmentCode ?? handlingDepartment(c, config);
    case 'awaiting_approval':
      return config.routing.approvalDepartment;
    case 'callback_due':
      return config.routing.callbackDepartment;
    default:
      return handlingDepartment(c, config);
  }
}

type Who = 'intake' | 'triage' | 'service' | 'waiting' | 'approver' | 'callback' | 'assisted';

/** Which status each action may be taken from, and who may take it. */
const RULES: Record<ComplaintActionType, { from: (status: ComplaintStatus) => boolean; who: Who }> = {
  answer_at_once: { from: (s) => ['registered', 'escalated', 'returned'].includes(s), who: 'triage' },
  escalate: { from: OPEN_STATUSES_EXCEPT_CLOSED, who: 'intake' },
  raise_level: { from: OPEN_STATUSES_EXCEPT_CLOSED, who: 'intake' },
  dispatch_investigation: { from: (s) => ['registered', 'escalated', 'investigated', 'returned'].includes(s), who: 'triage' },
  record_investigation: { from: (s) => s === 'investigation_dispatched' || s === 'investigated', who: 'waiting' },
  request_assistance: { from: (s) => s === 'investigation_dispatched' || s === 'investigated', who: 'service' },
  answer_assistance: { from: OPEN_STATUSES_EXCEPT_CLOSED, who: 'assisted' },
  resolve_on_site: { from: (s) => s === 'investigated', who: 'service' },
  propose: { from: (s) => ['escalated', 'investigated', 'returned'].includes(s), who: 'service' },
  sign_off: { from: (s) => s === 'proposal_pending_signoff', who: 'service' },
  reject_proposal: { from: (s) => s === 'proposal_pending_signoff', who: 'service' },
  send_memo: { from: (s) => ['registered', 'escalated', 'investigated', 'returned'].includes(s), who: 'service' },
  accept: { from: (s) => s === 'with_department' || s === 'returned', who: 'waiting' },
  query: { from: (s) => s === 'with_department' || s === 'returned', who: 'waiting' },
  uphold_query: { from: (s) => s === 'queried', who: 'service' },
  dismiss_query: { from: (s) => s === 'queried', who: 'service' },
  approve: { from: (s) => s === 'awaiting_approval', who: 'approver' },
  refuse_approval: { from: (s) => s === 'awaiting_approval', who: 'approver' },
  complete_measure: { from: (s) => s === 'measure_in_progress', who: 'waiting' },
  record_tracking: { from: (s) => s === 'tracking' || s === 'callback_due', who: 'service' },
  request_callback: { from: (s) => s === 'tracking' || s === 'answered_at_once', who: 'service' },
  callback_result: { from: (s) => ['tracking', 'callback_due', 'answered_at_once'].includes(s), who: 'callback' },
  archive: { from: (s) => s === 'answered_at_once', who: 'service' },
  reopen: { from: (s) => s === 'closed', who: 'service' },
};

const STATUS_WORDS: Record<ComplaintStatus, string> = {
  registered: 'registered, not yet triaged',
  answered_at_once: 'answered at once',
  escalated: 'escalated',
  investigation_dispatched: 'waiting for the on-site investigation',
  investigated: 'investigated',
  proposal_pending_signoff: "waiting for the head's sign-off",
  with_department: 'with the department complained about',
  queried: "queried by the department",
  awaiting_approval: "waiting for the general manager's approval",
  measure_in_progress: 'having its measure carried out',
  tracking: 'being tracked',
  callback_due: 'waiting for its callback',
  returned: 'returned after an unsatisfied callback',
  closed: 'closed',
};

const refuse = (code: Refusal['code'], reason: string, field?: string): Refusal => (field === undefined ? { ok: false, code, reason } : { ok: false, code, reason, field });

const isService = (actor: Actor): boolean => SERVICE_ROLES.includes(actor.role);

/** The general manager: of the approving department, or with no limit to their authority. */
const isGeneralManager = (actor: Actor, ctx: MachineContext): boolean =>
  actor.departmentCode === ctx.config.routing.approvalDepartment || authorityLimitFen(ctx.config, actor) === null;

function permitted(c: ComplaintCase, type: ComplaintActionType, actor: Actor, ctx: MachineContext): Refusal | null {
  const rule = RULES[type];
  const waiting = waitingOn(c, ctx.config);
  const handling = handlingDepartment(c, ctx.config);
  const ofDepartment = (code: string | null) => actor.role === 'department' && actor.departmentCode !== null && actor.departmentCode === code;
  const forDepartment = ofDepartment(waiting);
  // A complaint raised to a staff member's superior is handled by that department as the service
  // department would handle it; the department complained about never handles its own case.
  const forHandling = ofDepartment(handling) && waiting === handling;
  switch (rule.who) {
    case 'intake':
      if (INTAKE_ROLES.includes(actor.role) || forDepartment || forHandling) return null;
      return refuse('forbidden', `A ${actor.role} may not ${type.replaceAll('_', ' ')} a case`);
    case 'triage':
      if (INTAKE_ROLES.includes(actor.role) || forHandling) return null;
      return refuse('forbidden', `A ${actor.role} may not ${type.replaceAll('_', ' ')} a case: the service department decides`);
    case 'service':
      if (isService(actor) || forHandling) return null;
      return refuse('forbidden', `Only the service department's supervisors and managers, or the department handling the case (${handling}), may ${type.replaceAll('_', ' ')}`);
    case 'waiting':
      if (forDepartment) return null;
      // The service department records its own investigations when it went itself, and carries
      // out the measures nobody else is responsible for (the user's or a dealer's fault).
      if (isService(actor) && (type === 'record_investigation' || waiting === handlingDepartment(c, ctx.config))) return null;
      return refuse('forbidden', `The case waits on the department "${waiting}": only its staff may ${type.replaceAll('_', ' ')}`);
    case 'approver':
      if (isService(actor) || forDepartment) return null;
      return refuse('forbidden', `A ${actor.role} may not approve measures`);
    case 'callback':
      if (actor.role === 'callback' || isService(actor)) return null;
      return refuse('forbidden', `Only callback staff, supervisors and managers record a callback's result`);
    case 'assisted':
      if (isService(actor) || (actor.role === 'department' && c.assistance.some((a) => !a.answered && a.departmentCode === actor.departmentCode))) return null;
      return refuse('forbidden', 'Only the department asked for assistance, or the service department, may answer it');
  }
}

function checkDepartment(ctx: MachineContext, code: string | null, field: string): Refusal | null {
  if (code === null || ctx.departments.has(code)) return null;
  return refuse('invalid', `"${code}" is no department of the org design`, field);
}

function openAssistance(c: ComplaintCase): AssistanceState[] {
  return c.assistance.filter((a) => !a.answered);
}

/** A returned case goes back to a department only if one was given a measure; otherwise the service department starts over. */
const departmentMayActAgain = (c: ComplaintCase): boolean => c.departmentCode !== null && c.proposal !== null;

/** The actions this person may take on the case now, ignoring what a form would still have to say. */
export function availableActions(c: ComplaintCase, actor: Actor, ctx: MachineContext): ComplaintActionType[] {
  return COMPLAINT_ACTION_TYPES.filter((type) => {
    if (!RULES[type].from(c.status)) return false;
    if (permitted(c, type, actor, ctx) !== null) return false;
    if (type === 'approve' && c.proposal !== null) {
      if (c.proposal.signedBy === actor.username) return false;
      if (c.proposal.multiDepartment && !isGeneralManager(actor, ctx)) return false;
      return withinAuthority(authorityLimitFen(ctx.config, actor), c.proposal.compensationFen);
    }
    if (type === 'sign_off') return c.proposal !== null && c.proposal.proposedBy !== actor.username;
    if (type === 'escalate') return c.escalationLevel < ctx.chainTop;
    if (type === 'raise_level') return c.level !== 'leadership';
    if ((type === 'propose' || type === 'send_memo' || type === 'resolve_on_site') && openAssistance(c).length > 0) return false;
    if (type === 'answer_assistance') return openAssistance(c).length > 0;
    if ((type === 'accept' || type === 'query') && c.status === 'returned') return departmentMayActAgain(c);
    return true;
  });
}

/**
 * Applies one action. A refusal leaves the case as it was and says why; the caller stores nothing.
 * `requestId` names assistance requests this action opens.
 */
export function applyAction(c: ComplaintCase, action: ComplaintAction, actor: Actor, ctx: MachineContext, requestId: string): Applied | Refusal {
  const rule = RULES[action.type];
  if (!rule.from(c.status)) {
    return refuse('illegal_transition', `Cannot ${action.type.replaceAll('_', ' ')}: the case is ${STATUS_WORDS[c.status]}`);
  }
  const denied = permitted(c, action.type, actor, ctx);
  if (denied !== null) return denied;

  const from = c.status;
  const next: ComplaintCase = { ...c, assistance: c.assistance.map((a) => ({ ...a })) };
  const effects: Effect[] = [];
  const done = (to: ComplaintStatus): Applied => {
    next.status = to;
    const before = waitingOn(c, ctx.config);
    const after = waitingOn(next, ctx.config);
    if (after !== null && (after !== before || from !== to)) {
      effects.unshift({ type: 'notify_department', departmentCode: after, urgent: next.escalationLevel > c.escalationLevel });
    }
    return { ok: true, next, from, to, effects };
  };
  const proposalOf = (proposal: Proposal, memo: boolean): ProposalState => ({
    ...proposal,
    memo,
    proposedBy: actor.username,
    signedBy: memo ? actor.username : null,
    needsApproval: memo ? proposal.multiDepartment || !withinAuthority(authorityLimitFen(ctx.config, actor), proposal.compensationFen) : false,
    approvedBy: null,
  });
  const blockedByAssistance = (): Refusal | null => {
    const open = openAssistance(c);
    if (open.length === 0) return null;
    return refuse('illegal_transition', `Wait for the assistance requested of ${open.map((a) => a.departmentCode).join(', ')} (表1.3) to be answered`);
  };
  const nothingToActOnAgain = (): Refusal | null =>
    c.status !== 'returned' || departmentMayActAgain(c)
      ? null
      : refuse('illegal_transition', 'No department was given a measure for this case: the service department starts over (answer, investigate, propose or send a memo)');

  switch (action.type) {
    case 'answer_at_once':
      return done('answered_at_once');

    case 'escalate': {
      const target = action.level ?? c.escalationLevel + 1;
      if (ctx.chainTop === 0) return refuse('invalid', 'The org design has no escalation chain', 'level');
      if (target > ctx.chainTop) return refuse('invalid', `The escalation chain ends at level ${ctx.chainTop}; the case is at level ${c.escalationLevel}`, 'level');
      next.escalationLevel = Math.max(c.escalationLevel, target);
      if (next.escalationLevel > c.escalationLevel) effects.push({ type: 'notify_escalation_level', level: next.escalationLevel });
      return done(c.status === 'registered' ? 'escalated' : c.status);
    }

    case 'raise_level': {
      const order = { service: 0, superior: 1, leadership: 2 } as const;
      if (order[action.to] <= order[c.level]) return refuse('illegal_transition', `The complaint is already at the ${c.level} level; it can only be raised higher`);
      const bad = checkDepartment(ctx, action.aboutDepartmentCode, 'aboutDepartmentCode');
      if (bad !== null) return bad;
      next.level = action.to;
      if (action.aboutDepartmentCode !== null) next.aboutDepartmentCode = action.aboutDepartmentCode;
      return done(c.status);
    }

    case 'dispatch_investigation': {
      const bad = checkDepartment(ctx, action.departmentCode, 'departmentCode');
      if (bad !== null) return bad;
      next.investigationDepartmentCode = action.departmentCode ?? ctx.config.routing.fieldDepartment;
      // Investigating again means the old finding no longer stands; a new proposal follows.
      next.proposal = null;
      return done('investigation_dispatched');
    }

    case 'record_investigation':
      next.investigations = c.investigations + 1;
      return done('investigated');

    case 'request_assistance': {
      const bad = checkDepartment(ctx, action.form.departmentCode, 'form.departmentCode');
      if (bad !== null) return bad;
      next.assistance.push({ id: requestId, departmentCode: action.form.departmentCode, answered: false });
      effects.push({ type: 'notify_department', departmentCode: action.form.departmentCode, urgent: false });
      return { ok: true, next, from, to: from, effects };
    }

    case 'answer_assistance': {
      const request = next.assistance.find((a) => a.id === action.requestId);
      if (request === undefined) return refuse('invalid', 'This case has no such assistance request', 'requestId');
      if (request.answered) return refuse('illegal_transition', 'This assistance request was answered already');
      if (actor.role === 'department' && request.departmentCode !== actor.departmentCode) {
        return refuse('forbidden', `The request went to "${request.departmentCode}", not to your department`);
      }
      request.answered = true;
      return { ok: true, next, from, to: from, effects };
    }

    case 'resolve_on_site':
      return blockedByAssistance() ?? done('tracking');

    case 'propose': {
      const blocked = blockedByAssistance() ?? checkDepartment(ctx, action.proposal.departmentCode, 'proposal.departmentCode');
      if (blocked !== null) return blocked;
      next.proposal = proposalOf(action.proposal, false);
      // The proposal's finding replaces the intake's guess: a user's or dealer's fault names no
      // department, and its measure is the handling department's to carry out.
      next.departmentCode = action.proposal.departmentCode;
      return done('proposal_pending_signoff');
    }

    case 'sign_off': {
      if (c.proposal === null) return refuse('illegal_transition', 'There is no proposal to sign');
      if (c.proposal.proposedBy === actor.username) return refuse('forbidden', 'The head signs the proposal: not the person who proposed it');
      const limit = authorityLimitFen(ctx.config, actor);
      next.proposal = {
        ...c.proposal,
        signedBy: actor.username,
        needsApproval: c.proposal.multiDepartment || !withinAuthority(limit, c.proposal.compensationFen),
      };
      if (c.proposal.departmentCode !== null) return done('with_department');
      return done(next.proposal.needsApproval ? 'awaiting_approval' : 'measure_in_progress');
    }

    case 'reject_proposal':
      next.proposal = null;
      return done('investigated');

    case 'send_memo': {
      const blocked = blockedByAssistance() ?? checkDepartment(ctx, action.proposal.departmentCode, 'proposal.departmentCode');
      if (blocked !== null) return blocked;
      if (action.proposal.departmentCode === null) return refuse('invalid', 'A memo (备忘函) goes to a department: name it', 'proposal.departmentCode');
      next.proposal = proposalOf(action.proposal, true);
      next.departmentCode = action.proposal.departmentCode;
      return done('with_department');
    }

    case 'accept':
      if (c.status === 'returned') return nothingToActOnAgain() ?? done('measure_in_progress');
      return done(c.proposal?.needsApproval === true && c.proposal.approvedBy === null ? 'awaiting_approval' : 'measure_in_progress');

    case 'query':
      return nothingToActOnAgain() ?? done('queried');

    case 'uphold_query':
      next.proposal = null;
      next.investigationDepartmentCode = ctx.config.routing.fieldDepartment;
      return done('investigation_dispatched');

    case 'dismiss_query':
      return done('with_department');

    case 'approve': {
      if (c.proposal === null) return refuse('illegal_transition', 'There is no proposal to approve');
      if (c.proposal.signedBy === actor.username) return refuse('forbidden', 'A second person approves: not the one who signed the proposal');
      if (c.proposal.multiDepartment && !isGeneralManager(actor, ctx)) {
        return refuse('forbidden', 'Responsibility is unclear or shared between departments: the general manager approves the measure');
      }
      const limit = authorityLimitFen(ctx.config, actor);
      if (!withinAuthority(limit, c.proposal.compensationFen)) {
        return refuse(
          'authority_exceeded',
          `The measure costs ${fenToYuan(c.proposal.compensationFen)}; ${actor.username} may approve up to ${fenToYuan(limit ?? 0)}`,
        );
      }
      next.proposal = { ...c.proposal, approvedBy: actor.username };
      return done('measure_in_progress');
    }

    case 'refuse_approval':
      next.proposal = null;
      return done('investigated');

    case 'complete_measure':
      return done('tracking');

    case 'record_tracking':
      return { ok: true, next, from, to: from, effects };

    case 'request_callback':
      effects.push({ type: 'schedule_callback', dueAt: action.dueAt });
      return done('callback_due');

    case 'callback_result':
      if (action.satisfied) return done('closed');
      next.returns = c.returns + 1;
      return done('returned');

    case 'archive':
      return done('closed');

    case 'reopen':
      return done('returned');
  }
}

/** ¥1,234.50 from 123450 fen: how amounts read in refusals. */
export function fenToYuan(fen: number): string {
  return `¥${(fen / 100).toFixed(2)}`;
}

/** A case as it is opened: its first status follows the intake's triage (shared/api/tickets.ts). */
export function openedCase(status: ComplaintStatus, departmentCode: string | null, config: ComplaintConfig): ComplaintCase {
  return {
    status,
    level: 'service',
    aboutDepartmentCode: null,
    escalationLevel: 0,
    departmentCode,
    investigationDepartmentCode: status === 'investigation_dispatched' ? config.routing.fieldDepartment : null,
    investigations: 0,
    assistance: [],
    proposal: null,
    returns: 0,
  };
}

/** The complaint section's four status columns (DOMAIN.md §3 statistics). */
export type ReportStatus = 'done' | 'in_progress' | 'not_handled' | 'tracking';

export function reportStatus(status: ComplaintStatus): ReportStatus {
  switch (status) {
    case 'closed':
    case 'answered_at_once':
      return 'done';
    case 'registered':
      return 'not_handled';
    case 'tracking':
    case 'callback_due':
      return 'tracking';
    default:
      return 'in_progress';
  }
}
