import type { Migration } from './migration';

/*
 * Scale-out (issue 11): what one hub process kept in its memory and every process must share.
 * Rate limits: one row per limited key (route, client address, username), counted by one upsert
 * (http/rate-limit-store.ts). Unlogged: a count is worth nothing after a crash, and skipping the
 * write-ahead log keeps a login burst at shift start cheap. expires_at rather than the window's
 * start, so that clearing old rows needs no knowledge of each route's window.
 */
export const scaleOut: Migration = {
  version: 8,
  name: 'scale-out',
  statements: [
    `create unlogged table rate_limits (
      key text primary key,
      expires_at timestamptz not null,
      count int not null check (count > 0)
    )`,
    `create index rate_limits_expires_idx on rate_limits (expires_at)`,
  ],
};
