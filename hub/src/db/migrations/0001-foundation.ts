import type { Migration } from './migration';

/*
 * Check constraints spell out enumerations (roles, department kinds) instead of importing them
 * from shared/: a migration is history and must keep meaning what it meant when it shipped.
 * A later change to the list gets its own migration.
 */
export const foundation: Migration = {
  version: 1,
  name: 'foundation',
  statements: [
    `create table users (
      id uuid primary key default gen_random_uuid(),
      username text not null unique,
      display_name text not null,
      role text not null check (role in ('agent', 'callback', 'qa', 'supervisor', 'manager', 'admin')),
      password_hash text not null,
      sip_extension text unique,
      sip_ha1 text,
      created_at timestamptz not null default now()
    )`,
    // created_at and expires_at come from the hub's clock, not now(), so tests can move time.
    `create table sessions (
      token_hash text primary key check (token_hash ~ '^[0-9a-f]{64}$'),
      user_id uuid not null references users (id) on delete cascade,
      created_at timestamptz not null,
      expires_at timestamptz not null
    )`,
    `create index sessions_user_id_idx on sessions (user_id)`,
    `create index sessions_expires_at_idx on sessions (expires_at)`,
    `create table departments (
      id uuid primary key default gen_random_uuid(),
      code text not null unique,
      name_zh text not null,
      name_en text not null,
      parent_id uuid references departments (id),
      kind text not null check (kind in ('acceptance', 'callback', 'quality', 'evaluation', 'management', 'specialist')),
      position int not null default 0
    )`,
    `create table queues (
      id uuid primary key default gen_random_uuid(),
      code text not null unique,
      name_zh text not null,
      name_en text not null,
      department_id uuid not null references departments (id),
      ivr_choice text not null unique,
      position int not null default 0
    )`,
    `create table transfer_targets (
      id uuid primary key default gen_random_uuid(),
      name_zh text not null,
      name_en text not null,
      department_id uuid not null references departments (id),
      extension text not null unique,
      kind text not null check (kind in ('department', 'person')),
      position int not null default 0
    )`,
    `create table escalation_levels (
      level int primary key check (level > 0),
      title_zh text not null,
      title_en text not null,
      user_id uuid references users (id) on delete set null,
      extension text
    )`,
    `create table customers (
      id uuid primary key default gen_random_uuid(),
      name text not null,
      vip_level int not null default 0 check (vip_level between 0 and 3),
      key_account boolean not null default false,
      customer_class text not null,
      tags text[] not null default '{}',
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    )`,
    // The screen pop looks customers up by the caller's number, hence the index on e164.
    `create table customer_phones (
      customer_id uuid not null references customers (id) on delete cascade,
      e164 text not null check (e164 ~ '^\\+[1-9][0-9]{6,14}$'),
      raw text not null,
      kind text not null check (kind in ('mobile', 'landline')),
      primary key (customer_id, e164)
    )`,
    `create index customer_phones_e164_idx on customer_phones (e164)`,
  ],
};
