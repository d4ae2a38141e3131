import type { Migration } from './migration';

/*
 * The softphone: Not-ready reasons, each agent's current state and its history, and center-wide
 * settings. As in 0001, the state list is spelled out here rather than imported: a later state
 * gets its own migration.
 */
export const softphone: Migration = {
  version: 2,
  name: 'softphone',
  statements: [
    // Codes are deactivated, never deleted, so that the state log keeps meaning what it said.
    `create table reason_codes (
      code text primary key check (code ~ '^[a-z0-9_-]{1,32}$'),
      label_zh text not null,
      label_en text not null,
      position int not null default 0,
      active boolean not null default true
    )`,
    // since is the console's clock (when the change happened), updated_at the hub's (when it
    // arrived): agents' PCs drift, and the board must be able to tell the two apart.
    `create table agent_states (
      user_id uuid primary key references users (id) on delete cascade,
      state text not null check (state in ('not_ready', 'ready', 'ringing', 'dialing', 'talking', 'held', 'wrap_up')),
      reason_code text references reason_codes (code),
      since timestamptz not null,
      call_id text,
      updated_at timestamptz not null
    )`,
    `create table agent_state_log (
      id bigserial primary key,
      user_id uuid not null references users (id) on delete cascade,
      state text not null check (state in ('not_ready', 'ready', 'ringing', 'dialing', 'talking', 'held', 'wrap_up')),
      reason_code text references reason_codes (code),
      at timestamptz not null,
      call_id text,
      received_at timestamptz not null
    )`,
    // One agent's day, and the whole floor over a period: the two questions the board asks.
    `create index agent_state_log_user_at_idx on agent_state_log (user_id, at)`,
    `create index agent_state_log_at_idx on agent_state_log (at)`,
    `create table settings (
      key text primary key,
      value jsonb not null
    )`,
  ],
};
