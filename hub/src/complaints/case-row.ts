import type { AssistanceRequest, ComplaintLevel } from '../../../shared/complaints/complaint-actions';
import { ComplaintStatusSchema } from '../../../shared/complaints/complaint-config';
import type { ComplaintCase, ProposalState } from '../../../shared/complaints/complaint-machine';

/*
 * A complaint ticket's row as the machine sees it (shared/complaints/complaint-machine.ts). The
 * machine's assistance entries are {id, departmentCode, answered}; the row keeps beside them what
 * the case page shows of each 表1.3 request, so one jsonb holds both and they cannot drift apart.
 */

export interface StoredAssistance {
  id: string;
  departmentCode: string;
  answered: boolean;
  form: AssistanceRequest;
  requestedAt: string;
  requestedBy: string;
  answer: string | null;
  answeredAt: string | null;
  answeredBy: string | null;
}

export interface CaseRow {
  status: string;
  level: ComplaintLevel;
  about_department_code: string | null;
  escalation_level: number;
  department_code: string | null;
  investigation_department_code: string | null;
  investigations: number;
  assistance: StoredAssistance[];
  proposal: ProposalState | null;
  returns: number;
}

export const CASE_COLUMNS =
  'status, level, about_department_code, escalation_level, department_code, investigation_department_code, investigations, assistance, proposal, returns';

export function caseOf(row: CaseRow): ComplaintCase {
  const status = ComplaintStatusSchema.safeParse(row.status);
  // Migration 0006 and the seed give every complaint a status of the procedure; anything else was
  // written past the hub, and acting on a guess would be worse than failing.
  if (!status.success) throw new Error(`a complaint has the status "${row.status}", which the procedure does not know`);
  return {
    status: status.data,
    level: row.level,
    aboutDepartmentCode: row.about_department_code,
    escalationLevel: row.escalation_level,
    departmentCode: row.department_code,
    investigationDepartmentCode: row.investigation_department_code,
    investigations: row.investigations,
    assistance: row.assistance.map((a) => ({ id: a.id, departmentCode: a.departmentCode, answered: a.answered })),
    proposal: row.proposal,
    returns: row.returns,
  };
}
