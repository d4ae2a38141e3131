import type { Migration } from './migration';

/*
 * The complaint procedure (issue 7, DOMAIN.md §3): a complaint ticket becomes a case that moves
 * through the states of shared/complaints/complaint-machine.ts, with its forms, evidence files and
 * a version for optimistic concurrency; staff of specialist departments sign in to work the cases
 * that wait on them; notifications can name a person and remember who read them. As before,
 * enumerations are spelled out rather than imported.
 */
export const complaints: Migration = {
  version: 6,
  name: 'complaints',
  statements: [
    // Department staff (生产, 品管, 物流 …) sign in too; everyone may belong to a department.
    `alter table users drop constraint users_role_check`,
    `alter table users add constraint users_role_check
      check (role in ('agent', 'callback', 'qa', 'supervisor', 'manager', 'admin', 'department'))`,
    `alter table users add column department_code text`,
    `alter table users add constraint users_department_staff_check check (role <> 'department' or department_code is not null)`,
    // The case. version rises with every action, so a person acting on what they saw is told when
    // someone else acted first. waiting_on and step_due_at are derived from the status and the
    // center's configuration (routing, SLA) and stored so that lists filter and sort on them; the
    // hub recomputes them when the configuration changes. proposal and assistance hold the
    // machine's view of the handling proposal and the 表1.3 requests; the forms themselves are
    // in ticket_events.detail.
    `alter table tickets
      add column version int not null default 1 check (version > 0),
      add column level text not null default 'service' check (level in ('service', 'superior', 'leadership')),
      add column about_department_code text,
      add column about_staff text,
      add column investigation_department_code text,
      add column investigations int not null default 0 check (investigations >= 0),
      add column returns int not null default 0 check (returns >= 0),
      add column proposal jsonb,
      add column assistance jsonb not null default '[]',
      add column waiting_on text,
      add column step_due_at timestamptz`,
    // Complaints imported or seeded before the procedure had free-text statuses: open ones are
    // registered, waiting for the service department to triage them.
    `update tickets set status = case
        when closed_at is not null then 'closed'
        when status in ('registered', 'answered_at_once', 'escalated', 'investigation_dispatched', 'returned') then status
        else 'registered' end
      where kind = 'complaint'`,
    `create index tickets_complaint_queue_idx on tickets (waiting_on, step_due_at) where kind = 'complaint' and closed_at is null`,
    `create index tickets_complaint_opened_idx on tickets (opened_at desc, id) where kind = 'complaint'`,
    // Every action of the procedure is a line of the history, with the status before and after.
    `alter table ticket_events drop constraint ticket_events_type_check`,
    `alter table ticket_events add constraint ticket_events_type_check check (type in (
      'opened', 'note', 'escalated', 'callback_scheduled', 'notified', 'satisfied', 'not_satisfied', 'attachment_added',
      'answer_at_once', 'escalate', 'raise_level', 'dispatch_investigation', 'record_investigation', 'request_assistance',
      'answer_assistance', 'resolve_on_site', 'propose', 'sign_off', 'reject_proposal', 'send_memo', 'accept', 'query',
      'uphold_query', 'dismiss_query', 'approve', 'refuse_approval', 'complete_measure', 'record_tracking',
      'request_callback', 'callback_result', 'archive', 'reopen'))`,
    `alter table ticket_events add column from_status text, add column to_status text`,
    `create index ticket_events_type_at_idx on ticket_events (type, at)`,
    // Evidence (photos, video, documents; 表1.2). In the database rather than on disk: a file and the
    // line that records it commit together, and every hub process of a scaled-out center sees it.
    // The size limit (20 MiB) keeps this reasonable; recordings (issue 9) are a different matter.
    `create table ticket_attachments (
      id uuid primary key,
      ticket_id uuid not null references tickets (id),
      file_name text not null check (length(file_name) between 1 and 255),
      media_type text not null,
      size int not null check (size > 0),
      sha256 text not null check (sha256 ~ '^[0-9a-f]{64}$'),
      data bytea not null,
      uploaded_at timestamptz not null,
      uploaded_by text not null
    )`,
    `create index ticket_attachments_ticket_idx on ticket_attachments (ticket_id, uploaded_at)`,
    // A notification may name one person (the escalation chain's level holder) besides a department.
    `alter table notifications add column username text`,
    `alter table notifications alter column request_hash drop not null`,
    `create index notifications_username_idx on notifications (username, created_at desc) where username is not null`,
    `create table notification_reads (
      notification_id uuid not null references notifications (id),
      username text not null,
      read_at timestamptz not null,
      primary key (notification_id, username)
    )`,
  ],
};
