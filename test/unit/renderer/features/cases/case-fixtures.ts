import type { User } from '../../../../../shared/api/auth';
import type { Attachment, ComplaintDetail, ComplaintSummary } from '../../../../../shared/api/complaints';
import type { OrgDesign } from '../../../../../shared/api/org';
import type { TicketEvent } from '../../../../../shared/api/tickets';
import { DEFAULT_COMPLAINT_CONFIG } from '../../../../../shared/complaints/complaint-config';

/** Cases, as the hub's contract shapes them, for the Cases pane's tests. */

export const NOW = Date.parse('2026-11-05T08:00:00.000Z');
export const HOUR = 3_600_000;
export const iso = (ms: number) => new Date(ms).toISOString();

export const caseId = (n: number) => `0193a1b2-0000-7000-8000-${String(n).padStart(12, '0')}`;
export const fileId = (n: number) => `0193a1b2-0000-7000-9000-${String(n).padStart(12, '0')}`;

export const org: OrgDesign = {
  departments: [
    { id: 'd1', code: 'service', name: { 'zh-CN': '客服部', 'en-US': 'Customer Service' }, parentId: null, kind: 'management' },
    { id: 'd2', code: 'logistics', name: { 'zh-CN': '运输调度/物流部', 'en-US': 'Logistics' }, parentId: null, kind: 'specialist' },
    { id: 'd3', code: 'market-service', name: { 'zh-CN': '市场服务科', 'en-US': 'Field Service' }, parentId: null, kind: 'specialist' },
    { id: 'd4', code: 'quality-management', name: { 'zh-CN': '品管部', 'en-US': 'Quality Management' }, parentId: null, kind: 'specialist' },
  ],
  queues: [],
  transferTargets: [],
  escalationChain: [
    { level: 1, title: { 'zh-CN': '客服部经理', 'en-US': 'Service manager' }, userId: null, extension: null },
    { level: 2, title: { 'zh-CN': '总经理', 'en-US': 'General manager' }, userId: null, extension: null },
  ],
};

export const config = DEFAULT_COMPLAINT_CONFIG;

export function user(role: User['role'], departmentCode: string | null = null, username = `${role}1`): User {
  return { id: `user-${username}`, username, role, displayName: username, departmentCode };
}

export function summary(n: number, overrides: Partial<ComplaintSummary> = {}): ComplaintSummary {
  return {
    id: caseId(n),
    ticketNo: `TS-2026-${String(n).padStart(6, '0')}`,
    title: `投诉 ${n}`,
    customerId: null,
    customerName: `客户 ${n}`,
    channel: 'phone',
    category: 'transport',
    severity: 'normal',
    status: 'with_department',
    level: 'service',
    escalationLevel: 0,
    departmentCode: 'logistics',
    waitingOn: 'logistics',
    openedAt: iso(NOW - 48 * HOUR),
    openedBy: 'agent1',
    updatedAt: iso(NOW - 2 * HOUR),
    stepDueAt: iso(NOW + 24 * HOUR),
    callbackDueAt: null,
    overdue: false,
    version: 3,
    ...overrides,
  };
}

export function attachment(n: number, fileName: string, ticket = caseId(1)): Attachment {
  return { id: fileId(n), ticketId: ticket, fileName, mediaType: 'image/jpeg', size: 120_000, sha256: 'a'.repeat(64), uploadedAt: iso(NOW - 3 * HOUR), uploadedBy: 'field1' };
}

export function event(n: number, overrides: Partial<TicketEvent>): TicketEvent {
  return { id: `0193a1b2-0000-7000-a000-${String(n).padStart(12, '0')}`, type: 'note', at: iso(NOW - (10 - n) * HOUR), by: 'agent1', text: '', fromStatus: null, toStatus: null, ...overrides };
}

type CaseOverrides = Partial<ComplaintDetail['case']>;

export function detail(n: number, caseOverrides: CaseOverrides = {}, ticketOverrides: Partial<Omit<ComplaintDetail, 'case'>> = {}): ComplaintDetail {
  return {
    id: caseId(n),
    ticketNo: `TS-2026-${String(n).padStart(6, '0')}`,
    kind: 'complaint',
    status: caseOverrides.status ?? 'investigated',
    open: true,
    customerId: null,
    customerName: null,
    callId: null,
    title: `投诉 ${n}`,
    channel: 'phone',
    category: 'transport',
    severity: 'normal',
    triage: 'on_site',
    departmentCode: null,
    escalationLevel: 0,
    answers: [{ stepId: 'intake', questionId: 'what', label: '投诉内容', display: '货物在运输中损坏' }],
    flow: { flowId: 'complaint-intake', flowVersion: 2 },
    openedAt: iso(NOW - 48 * HOUR),
    openedBy: 'agent1',
    updatedAt: iso(NOW - 2 * HOUR),
    closedAt: null,
    events: [
      event(1, { type: 'opened', text: '客户来电投诉', toStatus: 'investigation_dispatched' }),
      event(2, { type: 'record_investigation', by: 'field1', text: '现场查看', fromStatus: 'investigation_dispatched', toStatus: 'investigated' }),
    ],
    ...ticketOverrides,
    case: {
      version: 3,
      status: 'investigated',
      level: 'service',
      aboutDepartmentCode: null,
      aboutStaff: null,
      waitingOn: 'service',
      stepDueAt: iso(NOW + 20 * HOUR),
      callbackDueAt: null,
      overdue: false,
      investigationDepartmentCode: 'market-service',
      returns: 0,
      proposal: null,
      investigations: [],
      assistance: [],
      attachments: [],
      availableActions: ['propose', 'send_memo', 'request_assistance', 'dispatch_investigation', 'escalate'],
      ...caseOverrides,
    },
  };
}
