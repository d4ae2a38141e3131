import { randomUUID } from 'node:crypto';
import type { HubEvent } from '../../../shared/api/events';
import type { ComplaintStatus } from '../../../shared/complaints/complaint-config';
import type { Queryable } from '../db/db';

/*
 * Telling a department (or one person in it) that a complaint case waits on them: a row of
 * notifications, which the bell and the department's inbox read, and an event to push once the
 * transaction has committed. Messages are in zh-CN, the center's language; they name the ticket
 * and what it waits for, so the line makes sense without opening the case.
 */

/** What a case in this status waits for, as the department receiving it reads it. */
const WAITING_FOR: Readonly<Record<ComplaintStatus, string>> = {
  registered: '受理分类',
  answered_at_once: '建档或投诉回访',
  escalated: '上报后的处理决定',
  investigation_dispatched: '现场调查（表1.2）',
  investigated: '提出处理意见',
  proposal_pending_signoff: '主管签署处理意见',
  with_department: '被投诉部门确认处理意见（接受或质询）',
  queried: '答复部门质询',
  awaiting_approval: '总经理审批处理措施',
  measure_in_progress: '落实处理措施',
  tracking: '追踪处理结果',
  callback_due: '投诉回访',
  returned: '客户不满意，重新处理',
  closed: '结案',
};

export interface CaseRef {
  ticketId: string;
  ticketNo: string;
  title: string;
}

export const waitingMessage = (ref: CaseRef, status: ComplaintStatus): string => `投诉 ${ref.ticketNo}「${ref.title}」待${WAITING_FOR[status]}`;

export const assistanceMessage = (ref: CaseRef, subject: string): string => `投诉 ${ref.ticketNo}「${ref.title}」请求业务协查（表1.3）：${subject}`;

export const escalationMessage = (ref: CaseRef, levelTitle: string, note: string): string =>
  `投诉 ${ref.ticketNo}「${ref.title}」已上报${levelTitle}${note === '' ? '' : `：${note}`}`;

export interface CaseNotification {
  departmentCode: string;
  /** One person of the department (the escalation chain's level holder); null for all its staff. */
  username: string | null;
  message: string;
  urgent: boolean;
  callId?: string | null;
}

/**
 * Stores the notification and queues its event. Ids are new: the action that caused it is
 * idempotent by its own id, so a retried action never reaches this a second time.
 */
export async function insertCaseNotification(
  tx: Queryable,
  ref: CaseRef,
  notice: CaseNotification,
  actor: { username: string; now: Date },
  events: HubEvent[],
): Promise<string> {
  const id = randomUUID();
  await tx.query(
    `insert into notifications (id, department_code, username, message, urgent, ticket_id, call_id, created_at, created_by, request_hash)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, null)`,
    [id, notice.departmentCode, notice.username, notice.message, notice.urgent, ref.ticketId, notice.callId ?? null, actor.now, actor.username],
  );
  events.push({
    type: 'notification.created',
    notificationId: id,
    departmentCode: notice.departmentCode,
    username: notice.username,
    ticketId: ref.ticketId,
    urgent: notice.urgent,
    at: actor.now.toISOString(),
  });
  return id;
}
