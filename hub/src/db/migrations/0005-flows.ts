import type { Migration } from './migration';

/*
 * Scripted flows (issue 6): the flows themselves as versioned data, tickets opened from a call with
 * the script's answers, their history, promised callbacks, notifications to departments, and the
 * wrap-up menu of each queue. As in 0001–0004, enumerations are spelled out rather than imported.
 */
export const flows: Migration = {
  version: 5,
  name: 'flows',
  statements: [
    // One row per published version; a version is never changed or deleted, because call logs and
    // tickets name the version they followed and a call in progress finishes on its own. The one in
    // force is the highest. definition is the checked flow (defaults applied), source the text as
    // uploaded, for whoever edits it next.
    `create table flows (
      id text not null check (id ~ '^[a-z][a-z0-9._-]{1,79}$'),
      version int not null check (version > 0),
      title jsonb not null,
      category text not null check (category in ('consultation', 'after_sales', 'complaint', 'callback', 'repair')),
      triggers jsonb not null default '{}',
      definition jsonb not null,
      source text not null,
      format text not null check (format in ('yaml', 'json')),
      published_at timestamptz not null,
      published_by text not null,
      primary key (id, version)
    )`,
    // Tickets opened from a call (shared/api/tickets.ts). A complaint from a caller the book does not
    // know still gets its ticket, hence a nullable customer. request_hash tells a retried request
    // (same id, same content) from another one with the same id; seeded tickets have none, so no
    // request can ever claim to be theirs. opened_by is a username; rows from before were imported.
    `alter table tickets
      alter column customer_id drop not null,
      add column call_id uuid,
      add column channel text not null default 'phone'
        check (channel in ('letter', 'phone', 'visit', 'sales_rep', 'department', 'authority', 'other')),
      add column category text check (category in ('quality', 'price', 'sales', 'transport', 'staff', 'service')),
      add column severity text check (severity in ('normal', 'severe')),
      add column triage text check (triage in ('answered', 'escalated', 'on_site')),
      add column department_code text,
      add column escalation_level int not null default 0 check (escalation_level >= 0),
      add column answers jsonb not null default '[]',
      add column flow_id text,
      add column flow_version int check (flow_version > 0),
      add column opened_by text not null default 'system',
      add column request_hash text check (request_hash ~ '^[0-9a-f]{64}$')`,
    `create index tickets_call_idx on tickets (call_id) where call_id is not null`,
    // Numbers of tickets opened through the API (TS-2026-000123). Seeded and imported tickets have
    // numbers of their own; the hub skips a number that is taken.
    `create sequence ticket_no_seq`,
    // 0004's trigger compared customer ids with <>, which says nothing when one side is null: a
    // ticket moved from no customer to one would not reach that customer's card.
    `create or replace function tickets_touch_customers() returns trigger language plpgsql as $$
    begin
      if tg_op = 'INSERT' then
        update customers set change_seq = change_seq where id in (select customer_id from new_rows);
      elsif tg_op = 'DELETE' then
        update customers set change_seq = change_seq where id in (select customer_id from old_rows);
      else
        update customers set change_seq = change_seq where id in (
          select unnest(array[n.customer_id, o.customer_id]) from new_rows n join old_rows o on o.id = n.id
            where n.customer_id is distinct from o.customer_id or n.kind <> o.kind or (n.closed_at is null) <> (o.closed_at is null));
      end if;
      return null;
    end
    $$`,
    // A ticket's history. id is the id of the request that made the line (a note, an escalation, a
    // callback, a notification; the ticket's own id for 'opened'), so a retried request adds nothing.
    // seq orders lines of the same instant.
    `create table ticket_events (
      id uuid primary key,
      seq bigint generated always as identity,
      ticket_id uuid not null references tickets (id),
      type text not null check (type in ('opened', 'note', 'escalated', 'callback_scheduled', 'notified', 'satisfied', 'not_satisfied')),
      at timestamptz not null,
      by text not null,
      text text not null,
      detail jsonb,
      request_hash text check (request_hash ~ '^[0-9a-f]{64}$')
    )`,
    `create index ticket_events_ticket_idx on ticket_events (ticket_id, at, seq)`,
    // Callbacks promised on a call (DOMAIN.md §2.3, §4); the worklist of issue 8 moves their status.
    // call_id has no foreign key: the call's log reaches the hub after the call, often much later.
    `create table callbacks (
      id uuid primary key,
      type text not null check (type in ('pre_sales', 'after_sales', 'complaint')),
      status text not null default 'pending',
      customer_id uuid references customers (id),
      ticket_id uuid references tickets (id),
      call_id uuid,
      phone text check (phone ~ '^\\+[1-9][0-9]{6,14}$'),
      due_at timestamptz not null,
      priority text not null check (priority in ('normal', 'high')),
      note text not null default '',
      flow_id text,
      flow_version int check (flow_version > 0),
      created_at timestamptz not null,
      created_by text not null,
      request_hash text not null check (request_hash ~ '^[0-9a-f]{64}$')
    )`,
    `create index callbacks_ticket_idx on callbacks (ticket_id) where ticket_id is not null`,
    `create index callbacks_customer_idx on callbacks (customer_id) where customer_id is not null`,
    `create index callbacks_call_idx on callbacks (call_id) where call_id is not null`,
    `create index callbacks_status_due_idx on callbacks (status, due_at)`,
    // department_code has no foreign key: it may be 'field-staff', and a department leaving the org
    // design must not take its history with it. The hub checks the code when it writes.
    `create table notifications (
      id uuid primary key,
      department_code text not null,
      message text not null,
      urgent boolean not null default false,
      ticket_id uuid references tickets (id),
      call_id uuid,
      created_at timestamptz not null,
      created_by text not null,
      request_hash text not null check (request_hash ~ '^[0-9a-f]{64}$')
    )`,
    `create index notifications_department_idx on notifications (department_code, created_at desc)`,
    `create index notifications_ticket_idx on notifications (ticket_id) where ticket_id is not null`,
    // The wrap-up menu of a queue, by the IVR choice its calls carry. Codes are retired, never
    // deleted (0003), so the foreign key never blocks anyone.
    `create table queue_dispositions (
      ivr_choice text not null references queues (ivr_choice),
      code text not null references disposition_codes (code),
      position int not null default 0,
      primary key (ivr_choice, code)
    )`,
  ],
};
