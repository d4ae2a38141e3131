import type { Attachment } from '../../../../shared/api/complaints';
import type { OrgDesign } from '../../../../shared/api/org';
import type { TicketEvent } from '../../../../shared/api/tickets';
import { COMPLAINT_ACTION_TYPES, type ComplaintActionType } from '../../../../shared/complaints/complaint-actions';
import { COMPLAINT_STATUSES, type ComplaintStatus } from '../../../../shared/complaints/complaint-config';
import type { Language } from '../../../../shared/domain/i18n';

/** What the case pages show, worked out from the hub's records; words are chosen by the components. */

export type DueState = 'none' | 'pending' | 'overdue';

/** A time limit against now: none set, still to come, or passed (shown with the word 超时, never by colour alone). */
export function dueState(dueAt: string | null, now: number): DueState {
  if (dueAt === null) return 'none';
  return Date.parse(dueAt) < now ? 'overdue' : 'pending';
}

/** A department's name in the reader's language; its code when the org design does not (or not yet) say. */
export function departmentName(org: OrgDesign | null, code: string | null, language: Language): string | null {
  if (code === null) return null;
  return org?.departments.find((d) => d.code === code)?.name[language] ?? code;
}

export const isComplaintStatus = (value: string | null): value is ComplaintStatus => value !== null && (COMPLAINT_STATUSES as readonly string[]).includes(value);
export const isActionType = (value: string): value is ComplaintActionType => (COMPLAINT_ACTION_TYPES as readonly string[]).includes(value);

export interface TimelineLine {
  id: string;
  at: string;
  by: string;
  /** An action of the procedure, or one of the ticket's own lines (opened, note, evidence added …). */
  what: { kind: 'action'; type: ComplaintActionType } | { kind: 'event'; type: string };
  /** The status before and after; `moved` false when the line left it where it was. */
  status: { from: string; to: string; moved: boolean } | null;
  /** Why, in the words of the person who acted; empty when they gave none. */
  text: string;
}

/** The case's history, oldest first: how it came to where it is, read top to bottom. */
export function timelineLines(events: readonly TicketEvent[]): TimelineLine[] {
  return [...events]
    .sort((a, b) => Date.parse(a.at) - Date.parse(b.at))
    .map((event) => {
      const from = event.fromStatus ?? null;
      const to = event.toStatus ?? null;
      return {
        id: event.id,
        at: event.at,
        by: event.by,
        what: isActionType(event.type) ? { kind: 'action', type: event.type } : { kind: 'event', type: event.type },
        status: from !== null && to !== null ? { from, to, moved: from !== to } : to !== null ? { from: to, to, moved: false } : null,
        text: event.text.trim(),
      };
    });
}

/** The evidence a 表1.2 record names, in its order; an id the case does not list (yet) is kept as the id. */
export function evidenceOf(attachmentIds: readonly string[], attachments: readonly Attachment[]): (Attachment | { id: string; missing: true })[] {
  return attachmentIds.map((id) => attachments.find((a) => a.id === id) ?? { id, missing: true as const });
}
