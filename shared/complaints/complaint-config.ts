import { z } from 'zod';
import { RoleSchema, type Role } from '../domain/roles';

/*
 * How a center runs its complaint procedure (DOMAIN.md §3), as data the hub keeps and enforces:
 * which departments a case waits on at each stage, how much each person may grant on their own
 * authority, how long each stage may take, and how the org design's departments map onto the
 * six columns of the complaint section's report. Another business changes this, not code.
 */

/** Statuses of a complaint case (complaint-machine.ts), listed here so the SLA table can name them. */
export const COMPLAINT_STATUSES = [
  'registered',
  'answered_at_once',
  'escalated',
  'investigation_dispatched',
  'investigated',
  'proposal_pending_signoff',
  'with_department',
  'queried',
  'awaiting_approval',
  'measure_in_progress',
  'tracking',
  'callback_due',
  'returned',
  'closed',
] as const;
export const ComplaintStatusSchema = z.enum(COMPLAINT_STATUSES);
export type ComplaintStatus = z.infer<typeof ComplaintStatusSchema>;

/** The complaint section's company-attributable columns (DOMAIN.md §3 statistics). */
export const REPORT_DEPARTMENT_GROUPS = ['production', 'qc', 'sales', 'transport', 'service', 'other'] as const;
export const ReportDepartmentGroupSchema = z.enum(REPORT_DEPARTMENT_GROUPS);
export type ReportDepartmentGroup = z.infer<typeof ReportDepartmentGroupSchema>;

const code = z.string().trim().min(1).max(40);
/** Money is in fen (分), whole numbers; null means no limit. */
const limitFen = z.number().int().min(0).max(1_000_000_000_00).nullable();
const hours = z.number().positive().max(24 * 365);

export const ComplaintConfigSchema = z
  .object({
    routing: z
      .object({
        /** The department that registers, investigates, proposes and tracks (技术服务部 / 客服部). */
        serviceDepartment: code,
        /** Where an on-site investigation goes unless the dispatcher names another (市场服务人员). */
        fieldDepartment: code,
        /** Who approves measures beyond a proposer's authority (总经理). */
        approvalDepartment: code,
        /** Who calls the customer back (回访调查组). */
        callbackDepartment: code,
        /** Company leadership, for complaints raised to it (多级投诉制). */
        leadershipDepartment: code,
      })
      .strict(),
    authority: z
      .object({
        /** What a role may grant without approval; a role not listed may grant nothing. */
        roles: z.partialRecord(RoleSchema, limitFen),
        /** Per-person overrides by username (the general manager: null, no limit). */
        users: z.record(z.string().min(1).max(80), limitFen),
      })
      .strict(),
    sla: z
      .object({
        /** How long a case may stay in a status before it is overdue; a status not listed has no limit. */
        stepHours: z.partialRecord(ComplaintStatusSchema, hours),
        /** The callback promised at intake, when the script did not schedule one (DOMAIN.md §2.3). */
        callbackPromiseHours: hours,
      })
      .strict(),
    /** Org-design department code → the report's column; a department not listed counts as 其它. */
    reportDepartments: z.record(code, ReportDepartmentGroupSchema),
  })
  .strict();
export type ComplaintConfig = z.infer<typeof ComplaintConfigSchema>;

/**
 * The demo center's procedure (hub/src/seed/demo-org.ts). Amounts: a supervisor may grant ¥500, the
 * customer-service manager ¥5 000; beyond that the general manager (`gm`) approves.
 */
export const DEFAULT_COMPLAINT_CONFIG: ComplaintConfig = {
  routing: {
    serviceDepartment: 'service',
    fieldDepartment: 'market-service',
    approvalDepartment: 'gm-office',
    callbackDepartment: 'callback',
    leadershipDepartment: 'gm-office',
  },
  authority: {
    roles: { supervisor: 50_000, manager: 500_000 },
    users: { gm: null },
  },
  sla: {
    stepHours: {
      registered: 4,
      escalated: 4,
      investigation_dispatched: 48,
      investigated: 24,
      proposal_pending_signoff: 24,
      with_department: 72,
      queried: 24,
      awaiting_approval: 24,
      measure_in_progress: 168,
      tracking: 72,
      callback_due: 24,
      returned: 48,
      answered_at_once: 72,
    },
    callbackPromiseHours: 24,
  },
  reportDepartments: {
    production: 'production',
    'quality-management': 'qc',
    sales: 'sales',
    logistics: 'transport',
    service: 'service',
    'tech-service': 'service',
    'market-service': 'service',
    acceptance: 'service',
    callback: 'service',
  },
};

export interface Authority {
  username: string;
  role: Role;
}

/** What this person may grant on their own: fen, or null for no limit. A person's own entry wins over the role's. */
export function authorityLimitFen(config: ComplaintConfig, who: Authority): number | null {
  if (Object.hasOwn(config.authority.users, who.username)) return config.authority.users[who.username] ?? null;
  const byRole = config.authority.roles[who.role];
  return byRole === undefined ? 0 : byRole;
}

export const withinAuthority = (limit: number | null, amountFen: number): boolean => limit === null || amountFen <= limit;

/** When a case entering `status` at `now` becomes overdue; null when the status has no time limit. */
export function stepDueAt(config: ComplaintConfig, status: ComplaintStatus, now: Date): Date | null {
  const limit = config.sla.stepHours[status];
  return limit === undefined || status === 'closed' ? null : new Date(now.getTime() + limit * 3_600_000);
}

export const reportDepartmentGroup = (config: ComplaintConfig, departmentCode: string): ReportDepartmentGroup =>
  (Object.hasOwn(config.reportDepartments, departmentCode) ? config.reportDepartments[departmentCode] : undefined) ?? 'other';
