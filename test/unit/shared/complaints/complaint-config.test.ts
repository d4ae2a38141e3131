import { describe, expect, it } from 'vitest';
import {
  authorityLimitFen,
  ComplaintConfigSchema,
  DEFAULT_COMPLAINT_CONFIG,
  reportDepartmentGroup,
  stepDueAt,
  withinAuthority,
  type ComplaintConfig,
} from '../../../../shared/complaints/complaint-config';
import { ROLES } from '../../../../shared/domain/roles';

const config = DEFAULT_COMPLAINT_CONFIG;
const withUsers = (users: ComplaintConfig['authority']['users']): ComplaintConfig => ({ ...config, authority: { ...config.authority, users } });

describe('complaint config: authority limits', () => {
  it('gives each listed role its limit', () => {
    expect(authorityLimitFen(config, { username: 'supervisor1', role: 'supervisor' })).toBe(50_000);
    expect(authorityLimitFen(config, { username: 'manager1', role: 'manager' })).toBe(500_000);
  });

  it('lets a person’s own entry win over their role’s, whether higher, lower or unlimited', () => {
    expect(authorityLimitFen(config, { username: 'gm', role: 'manager' })).toBeNull();
    expect(authorityLimitFen(withUsers({ supervisor1: 200_000 }), { username: 'supervisor1', role: 'supervisor' })).toBe(200_000);
    expect(authorityLimitFen(withUsers({ manager1: 0 }), { username: 'manager1', role: 'manager' })).toBe(0);
  });

  it('lets a role that is not listed grant nothing', () => {
    for (const role of ROLES.filter((r) => r !== 'supervisor' && r !== 'manager')) {
      expect({ role, limit: authorityLimitFen(config, { username: 'someone', role }) }).toEqual({ role, limit: 0 });
    }
  });

  it('does not take a username that names an object property (toString, constructor) for a personal entry', () => {
    expect(authorityLimitFen(config, { username: 'toString', role: 'supervisor' })).toBe(50_000);
    expect(authorityLimitFen(config, { username: 'constructor', role: 'agent' })).toBe(0);
  });

  it('allows an amount up to and including the limit, and any amount without one', () => {
    expect(withinAuthority(50_000, 50_000)).toBe(true);
    expect(withinAuthority(50_000, 50_001)).toBe(false);
    expect(withinAuthority(0, 1)).toBe(false);
    expect(withinAuthority(null, 1_000_000_000_00)).toBe(true);
  });
});

describe('complaint config: step time limits', () => {
  const now = new Date('2025-03-04T01:00:00Z');

  it('makes a step overdue its configured hours after the case entered it', () => {
    expect(stepDueAt(config, 'registered', now)?.toISOString()).toBe('2025-03-04T05:00:00.000Z');
    expect(stepDueAt(config, 'measure_in_progress', now)?.toISOString()).toBe('2025-03-11T01:00:00.000Z');
    const halfHour: ComplaintConfig = { ...config, sla: { ...config.sla, stepHours: { queried: 0.5 } } };
    expect(stepDueAt(halfHour, 'queried', now)?.toISOString()).toBe('2025-03-04T01:30:00.000Z');
  });

  it('gives a status without a configured limit no due time', () => {
    const onlyIntake: ComplaintConfig = { ...config, sla: { ...config.sla, stepHours: { registered: 4 } } };
    expect(stepDueAt(onlyIntake, 'with_department', now)).toBeNull();
  });

  it('never makes a closed case overdue, even when the configuration lists closed', () => {
    const listsClosed: ComplaintConfig = { ...config, sla: { ...config.sla, stepHours: { ...config.sla.stepHours, closed: 1 } } };
    expect(stepDueAt(listsClosed, 'closed', now)).toBeNull();
  });
});

describe('complaint config: report columns', () => {
  it('maps the org design’s departments onto the report’s company-attributable columns', () => {
    expect(reportDepartmentGroup(config, 'production')).toBe('production');
    expect(reportDepartmentGroup(config, 'quality-management')).toBe('qc');
    expect(reportDepartmentGroup(config, 'logistics')).toBe('transport');
    expect(reportDepartmentGroup(config, 'tech-service')).toBe('service');
  });

  it('counts a department the configuration does not list as 其它 (other)', () => {
    expect(reportDepartmentGroup(config, 'gm-office')).toBe('other');
    expect(reportDepartmentGroup(config, 'toString')).toBe('other');
  });
});

describe('ComplaintConfigSchema', () => {
  it('accepts the default configuration as it is', () => {
    expect(ComplaintConfigSchema.parse(DEFAULT_COMPLAINT_CONFIG)).toEqual(DEFAULT_COMPLAINT_CONFIG);
  });

  const broken: [string, unknown, (string | number)[]][] = [
    ['a routing entry it does not know', { ...config, routing: { ...config.routing, escalationDepartment: 'gm-office' } }, ['routing']],
    ['a missing routing entry', { ...config, routing: { ...config.routing, callbackDepartment: undefined } }, ['routing', 'callbackDepartment']],
    ['an empty department code', { ...config, routing: { ...config.routing, fieldDepartment: '  ' } }, ['routing', 'fieldDepartment']],
    ['a negative limit', { ...config, authority: { ...config.authority, roles: { supervisor: -1 } } }, ['authority', 'roles', 'supervisor']],
    ['a limit in fractions of a fen', { ...config, authority: { ...config.authority, users: { gm: 10.5 } } }, ['authority', 'users', 'gm']],
    ['a role that does not exist', { ...config, authority: { ...config.authority, roles: { ceo: null } } }, ['authority', 'roles']],
    ['a time limit for a status that does not exist', { ...config, sla: { ...config.sla, stepHours: { archived: 4 } } }, ['sla', 'stepHours']],
    ['a time limit of no time', { ...config, sla: { ...config.sla, stepHours: { registered: 0 } } }, ['sla', 'stepHours', 'registered']],
    ['a callback promised more than a year ahead', { ...config, sla: { ...config.sla, callbackPromiseHours: 24 * 366 } }, ['sla', 'callbackPromiseHours']],
    ['a report column that does not exist', { ...config, reportDepartments: { finance: 'finance' } }, ['reportDepartments', 'finance']],
    ['a section it does not know', { ...config, escalation: { top: 2 } }, []],
  ];

  it.each(broken)('refuses %s, naming where', (_, value, path) => {
    const result = ComplaintConfigSchema.safeParse(value);
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path).toEqual(path);
  });
});
