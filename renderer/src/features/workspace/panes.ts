import type { Role } from '../../../../shared/domain/roles';
import { takesCalls } from '../../store';

export const PANES = ['phone', 'history', 'customer', 'script', 'worklist', 'reviewQueue', 'evaluations', 'board', 'cases', 'reports', 'quality', 'orgDesign'] as const;
export type Pane = (typeof PANES)[number];

/** Each role's workspace, first pane first: what the role opens on after login. */
export const PANES_BY_ROLE: Record<Role, readonly Pane[]> = {
  // Complaint cases (4-1) for everyone who takes part in the procedure: agents register them,
  // callback staff report the result, the service department and the departments handle them.
  // 我的质检: the evaluations of their own calls (issue 9), for everyone whose calls are sampled.
  agent: ['phone', 'history', 'customer', 'script', 'cases', 'evaluations'],
  // The script library for everyone who follows the procedures (callback staff run the surveys),
  // assesses calls against them (QA), or changes them (they publish new versions there).
  // Callback staff also read their own figures (回访统计), though not the complaint statistics.
  callback: ['worklist', 'history', 'customer', 'cases', 'reports', 'script', 'evaluations'],
  // The quality control room (DOMAIN.md §1) scores its queue first, and samples calls, calibrates and
  // reads the rules and scorecards in 质检管理 (without everyone's reviews, which are the leads').
  qa: ['reviewQueue', 'quality', 'script'],
  // The customer pane for the roles that answer for complaints and confidentiality (its access log).
  // 质检管理 for those who run the center: every review, sampling runs, calibration, corrections.
  supervisor: ['board', 'cases', 'reports', 'script', 'quality', 'customer'],
  manager: ['board', 'cases', 'reports', 'script', 'quality', 'customer'],
  // Admins keep the sampling rules and the scorecards (质检管理 shows them only those).
  admin: ['board', 'cases', 'reports', 'script', 'quality', 'customer', 'orgDesign'],
  // Staff of a specialist department: the cases that wait on it, and the procedures they follow.
  department: ['cases', 'script'],
};

/** Where a role's phone is: its own pane for agents, under the worklist for callback staff; null without one. */
export function phonePaneOf(role: Role): Pane | null {
  const panes = PANES_BY_ROLE[role];
  if (panes.includes('phone')) return 'phone';
  return takesCalls(role) && panes.includes('worklist') ? 'worklist' : null;
}

/** Roles that take calls, and so have an agent state to show and change. */
export const hasAgentState = (role: Role): boolean => takesCalls(role);

const paneToSlug = (pane: Pane): string => pane.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

/** `#/review-queue` ↔ `reviewQueue`: the pane lives in the URL hash so a reload keeps it. */
export function hashForPane(pane: Pane): string {
  return `#/${paneToSlug(pane)}`;
}

export function paneFromHash(hash: string, allowed: readonly Pane[]): Pane | null {
  // A pane may have places of its own after its slug (`#/cases/<ticketId>`).
  const slug = hash.replace(/^#\/?/, '').split(/[/?]/, 1)[0] ?? '';
  return allowed.find((pane) => paneToSlug(pane) === slug) ?? null;
}

/** `#/cases/<ticketId>`: one case's page, which a notification or a colleague's link can open directly. */
export function hashForCase(ticketId: string): string {
  return `${hashForPane('cases')}/${encodeURIComponent(ticketId)}`;
}

/** The case a hash opens; null on the case list and on every other pane. */
export function caseIdFromHash(hash: string): string | null {
  const match = /^#\/?cases\/([^/?]+)/.exec(hash);
  if (!match) return null;
  try {
    return decodeURIComponent(match[1]!);
  } catch {
    return null;
  }
}
