import type { Migration } from './migration';

/*
 * Call logs as the consoles upload them (shared/api/call-logs.ts), and the center's disposition
 * codes. As in 0001 and 0002, enumerations are spelled out here rather than imported.
 */
export const callLogs: Migration = {
  version: 3,
  name: 'call-logs',
  statements: [
    // Like reason_codes: deactivated, never deleted, so that stored call logs keep meaning what they said.
    `create table disposition_codes (
      code text primary key check (code ~ '^[a-z0-9_-]{1,32}$'),
      label_zh text not null,
      label_en text not null,
      position int not null default 0,
      active boolean not null default true
    )`,
    // record is the whole validated upload and what reads return; the other columns are copies of
    // its fields for filtering and ordering only. received_at and updated_at come from the hub's
    // clock, started_at and the other call times from the console's. A call log is a business
    // record: deleting its agent must fail rather than take the calls with it (no cascade).
    // disposition_code has no foreign key: codes are never deleted and the hub checks them before
    // it writes, while the per-row check would cost a tenth of every batch's insert.
    `create table call_logs (
      id uuid primary key,
      agent_id uuid not null references users (id),
      version int not null check (version > 0),
      status text not null check (status in ('live', 'ended', 'completed', 'interrupted')),
      direction text not null check (direction in ('inbound', 'outbound')),
      remote_number text,
      customer_id text,
      started_at timestamptz not null,
      answered_at timestamptz,
      ended_at timestamptz,
      disposition_code text,
      flow_id text,
      flow_version int,
      record jsonb not null,
      content_hash text not null check (content_hash ~ '^[0-9a-f]{64}$'),
      received_at timestamptz not null,
      updated_at timestamptz not null
    )`,
    // The reads are newest first by (started_at, id) for one agent, one customer or everyone; the
    // id descends too so that the keyset condition (started_at, id) < (…) walks one index range.
    `create index call_logs_agent_started_idx on call_logs (agent_id, started_at desc, id desc)`,
    `create index call_logs_customer_started_idx on call_logs (customer_id, started_at desc, id desc)`,
    `create index call_logs_started_idx on call_logs (started_at desc, id desc)`,
  ],
};
