import { randomBytes } from 'node:crypto';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Queryable } from '../db/db';

/**
 * Provisions the dev PBX (pbx/kamailio/kamailio.cfg): Kamailio's auth_db reads SIP accounts from a
 * db_text directory, and the hub, which owns the accounts, writes it. Same format as the PBX test
 * harness writes (pbx/README.md):
 *
 *   subscriber:  `id(int,auto) username(string) domain(string) ha1(string)`, then `id:user:domain:ha1`
 *   version:     auth_db 5.6 wants the subscriber table at version 7
 *
 * db_text treats an empty field as NULL and then refuses the whole table, and `:` separates
 * fields; hence no password column at all and strict checks on every value.
 */
export const SUBSCRIBER_HEADER = 'id(int,auto) username(string) domain(string) ha1(string)';
export const VERSION_TABLE = 'id(int,auto) table_name(string) table_version(int) \n1:subscriber:7\n';

export interface SubscriberRow {
  username: string;
  ha1: string;
}

export interface SubscriberSummary {
  /** Rows written, extra rows included. */
  written: number;
  /** Users with an extension that could not be written, and why; their phones cannot register. */
  skipped: { username: string; reason: string }[];
}

const SIP_USER = /^[A-Za-z0-9._+-]{1,64}$/;
const HA1 = /^[0-9a-f]{32}$/;
const DOMAIN = /^[A-Za-z0-9.-]+$/;

function problem(row: SubscriberRow): string | null {
  if (!SIP_USER.test(row.username)) return `extension ${JSON.stringify(row.username)} is not a plain SIP user`;
  if (!HA1.test(row.ha1)) return 'its SIP HA1 is not 32 hex digits';
  return null;
}

export function subscriberTable(realm: string, rows: readonly SubscriberRow[]): string {
  return [SUBSCRIBER_HEADER, ...rows.map((row, i) => `${i + 1}:${row.username}:${realm}:${row.ha1}`), ''].join('\n');
}

// A reader sees the old file or the new one, never half of one: rename() within a directory is atomic.
async function replaceFile(dir: string, name: string, content: string, mode: number): Promise<void> {
  const tmp = join(dir, `.${name}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    await writeFile(tmp, content, { mode });
    await rename(tmp, join(dir, name));
  } catch (error) {
    await rm(tmp, { force: true });
    throw error;
  }
}

/**
 * Writes `subscriber` and `version` into `dir` for every user with an extension (username =
 * extension, domain = realm), then `extra` rows (test phones, a desk phone of the IVR). A user
 * whose row would corrupt the table is left out and reported; a bad extra row or a username that
 * appears twice is the caller's mistake and throws before anything is written.
 */
export async function writeKamailioSubscribers(
  db: Queryable,
  dir: string,
  realm: string,
  extra: readonly SubscriberRow[] = [],
): Promise<SubscriberSummary> {
  if (!DOMAIN.test(realm)) throw new Error(`realm ${JSON.stringify(realm)} is not a domain name`);
  const { rows } = await db.query<{ username: string; sip_extension: string; sip_ha1: string | null }>(
    'select username, sip_extension, sip_ha1 from users where sip_extension is not null order by sip_extension',
  );
  const skipped: SubscriberSummary['skipped'] = [];
  const table: SubscriberRow[] = [];
  for (const row of rows) {
    const candidate = { username: row.sip_extension, ha1: (row.sip_ha1 ?? '').toLowerCase() };
    const why = row.sip_ha1 === null ? 'it has no SIP HA1' : problem(candidate);
    if (why === null) table.push(candidate);
    else skipped.push({ username: row.username, reason: why });
  }
  for (const row of extra) {
    const normalized = { username: row.username, ha1: row.ha1.toLowerCase() };
    const why = problem(normalized);
    if (why !== null) throw new Error(`extra subscriber ${JSON.stringify(row.username)}: ${why}`);
    // auth_db would take whichever row it finds first: two passwords for one extension.
    if (table.some((r) => r.username === normalized.username)) throw new Error(`extra subscriber ${row.username} is already an extension of a user`);
    table.push(normalized);
  }

  await mkdir(dir, { recursive: true });
  await replaceFile(dir, 'version', VERSION_TABLE, 0o644);
  // HA1 is a password equivalent for this realm: owner and group (Kamailio's) only.
  await replaceFile(dir, 'subscriber', subscriberTable(realm, table), 0o640);
  return { written: table.length, skipped };
}
