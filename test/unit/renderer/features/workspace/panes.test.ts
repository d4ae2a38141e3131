import { describe, expect, it } from 'vitest';
import { ROLES } from '../../../../../shared/domain/roles';
import {
  caseIdFromHash,
  hasAgentState,
  hashForCase,
  hashForPane,
  paneFromHash,
  PANES,
  PANES_BY_ROLE,
} from '../../../../../renderer/src/features/workspace/panes';

describe('workspace panes', () => {
  it('gives every role at least one pane, each known', () => {
    for (const role of ROLES) {
      expect(PANES_BY_ROLE[role].length, role).toBeGreaterThan(0);
      for (const pane of PANES_BY_ROLE[role]) expect(PANES).toContain(pane);
    }
  });

  it('gives only the admin the org design', () => {
    expect(ROLES.filter((role) => PANES_BY_ROLE[role].includes('orgDesign'))).toEqual(['admin']);
  });

  it('gives the call history to the roles that take calls, after their first pane', () => {
    expect(ROLES.filter((role) => PANES_BY_ROLE[role].includes('history'))).toEqual(['agent', 'callback']);
    expect(PANES_BY_ROLE.agent.indexOf('history')).toBe(1);
    expect(PANES_BY_ROLE.callback.indexOf('history')).toBe(1);
  });

  it('gives the customer workspace to those who talk to customers and to those who answer for the records', () => {
    expect(ROLES.filter((role) => PANES_BY_ROLE[role].includes('customer'))).toEqual(['agent', 'callback', 'supervisor', 'manager', 'admin']);
  });

  it('gives the script library to every role, and to those who publish procedures right after their reports', () => {
    expect(ROLES.filter((role) => PANES_BY_ROLE[role].includes('script'))).toEqual(['agent', 'callback', 'qa', 'supervisor', 'manager', 'admin', 'department']);
    for (const role of ['supervisor', 'manager', 'admin'] as const) {
      expect(PANES_BY_ROLE[role].indexOf('script'), role).toBe(PANES_BY_ROLE[role].indexOf('reports') + 1);
    }
  });

  it('gives the reports to those who run the center and to the callback staff, who read their own figures there', () => {
    expect(ROLES.filter((role) => PANES_BY_ROLE[role].includes('reports'))).toEqual(['callback', 'supervisor', 'manager', 'admin']);
  });

  it('shows an agent state only to roles that take calls', () => {
    expect(ROLES.filter(hasAgentState)).toEqual(['agent', 'callback']);
  });

  it('round-trips every pane through the URL hash', () => {
    for (const pane of PANES) expect(paneFromHash(hashForPane(pane), PANES)).toBe(pane);
    expect(hashForPane('reviewQueue')).toBe('#/review-queue');
  });

  it("keeps a pane's own places after its slug: one case's page is the cases pane", () => {
    const id = '0193a1b2-0000-7000-8000-000000000001';
    expect(hashForCase(id)).toBe(`#/cases/${id}`);
    expect(paneFromHash(hashForCase(id), PANES_BY_ROLE.department)).toBe('cases');
    expect(caseIdFromHash(hashForCase(id))).toBe(id);
    expect(caseIdFromHash('#/cases')).toBeNull();
    expect(caseIdFromHash('#/customer')).toBeNull();
    expect(paneFromHash('#/cases-archive/1', PANES)).toBeNull();
  });

  it('returns null when the hash names a pane the role does not have', () => {
    expect(paneFromHash('#/org-design', PANES_BY_ROLE.agent)).toBeNull();
    expect(paneFromHash('', PANES_BY_ROLE.agent)).toBeNull();
    expect(paneFromHash('#/nonsense', PANES)).toBeNull();
  });
});
