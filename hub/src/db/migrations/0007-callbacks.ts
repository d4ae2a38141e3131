import type { Migration } from './migration';

/*
 * The callback worklist (issue 8, DOMAIN.md §4): a callback task is claimed from a pool or assigned,
 * tried until the customer is reached or the retry rule gives up, and ends with the customer's
 * verdict when there is a survey. Each try is a row of callback_attempts; the survey's verdict is
 * kept on the task (the case and the call log keep their own copies). As before, enumerations are
 * spelled out rather than imported.
 */
export const callbacks: Migration = {
  version: 7,
  name: 'callbacks',
  statements: [
    `update callbacks set status = 'pending' where status not in ('pending', 'done', 'unreachable', 'cancelled')`,
    `alter table callbacks add constraint callbacks_status_check check (status in ('pending', 'done', 'unreachable', 'cancelled'))`,
    // source: who made it (a script's promise, the complaint procedure, the after-sales rule, a
    // person). rule_key makes the rule idempotent: one after-sales callback per triggering call.
    // assignee has no foreign key to users.username on purpose of history: a person leaving keeps
    // their tasks' record; the hub checks the name when it assigns.
    `alter table callbacks
      add column source text not null default 'script' check (source in ('script', 'complaint', 'rule', 'manual')),
      add column rule_key text unique,
      add column assignee text,
      add column claimed_at timestamptz,
      add column failed_attempts int not null default 0 check (failed_attempts >= 0),
      add column end_reason text check (end_reason in ('surveyed', 'reached', 'unreachable', 'wrong_number', 'cancelled')),
      add column ended_at timestamptz,
      add column ended_by text,
      add column survey_score int check (survey_score between 1 and 5),
      add column survey_satisfied boolean,
      add column survey_reasons text,
      add column survey_call_id uuid,
      add column survey_at timestamptz,
      add column survey_by text,
      add column version int not null default 1 check (version > 0),
      add column updated_at timestamptz`,
    `update callbacks set source = 'complaint' where type = 'complaint' and flow_id is null`,
    `update callbacks set end_reason = 'reached', ended_at = created_at where status = 'done'`,
    `alter table callbacks add constraint callbacks_ended_check check ((status = 'pending') = (end_reason is null))`,
    `create index callbacks_worklist_idx on callbacks (status, assignee, due_at)`,
    `create index callbacks_ended_idx on callbacks (ended_at) where ended_at is not null`,
    `create table callback_attempts (
      id uuid primary key,
      callback_id uuid not null references callbacks (id),
      at timestamptz not null,
      by text not null,
      outcome text not null check (outcome in ('answered', 'no_answer', 'busy', 'wrong_number', 'call_later')),
      call_id uuid,
      call_later_at timestamptz,
      note text not null default '',
      request_hash text not null check (request_hash ~ '^[0-9a-f]{64}$')
    )`,
    `create index callback_attempts_callback_idx on callback_attempts (callback_id, at)`,
    `create index callback_attempts_at_idx on callback_attempts (at)`,
  ],
};
