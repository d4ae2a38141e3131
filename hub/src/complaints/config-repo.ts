import type { HubEvent } from '../../../shared/api/events';
import { ComplaintConfigSchema, DEFAULT_COMPLAINT_CONFIG, stepDueAt, type ComplaintConfig } from '../../../shared/complaints/complaint-config';
import { waitingOn } from '../../../shared/complaints/complaint-machine';
import { lockCustomerWrites } from '../customers/customer-write';
import type { Queryable } from '../db/db';
import { HubError } from '../http/hub-error';
import { readSetting, writeSetting } from '../settings/settings-repo';
import { CASE_COLUMNS, caseOf, type CaseRow } from './case-row';

/*
 * The center's complaint procedure (shared/complaints/complaint-config.ts) as the hub keeps it: one
 * setting, the demo center's procedure until an administrator stores another. The derived columns
 * of open cases (waiting_on, step_due_at) follow it: they are recomputed whenever it changes and
 * whenever a hub starts, so a list filtered on them never disagrees with the machine.
 */

export const COMPLAINT_CONFIG_KEY = 'complaint-config';

export async function readComplaintConfig(db: Queryable): Promise<ComplaintConfig> {
  const stored = await readSetting(db, COMPLAINT_CONFIG_KEY);
  if (stored === undefined) return DEFAULT_COMPLAINT_CONFIG;
  const parsed = ComplaintConfigSchema.safeParse(stored);
  // Only this module writes the setting, always checked: a value that does not parse was edited by
  // hand in the database, and guessing what it meant would enforce the wrong procedure.
  if (!parsed.success) throw new Error(`the stored setting ${COMPLAINT_CONFIG_KEY} is not a complaint configuration: ${parsed.error.message}`);
  return parsed.data;
}

const invalid = (field: string, message: string): HubError => new HubError('validation', 400, `${field}: ${message}`, field);

/**
 * What the schema cannot know: every department the configuration names is one of the org
 * design, and every person given an authority of their own is a user. The first problem is
 * refused, naming its field.
 */
export async function checkComplaintConfig(db: Queryable, config: ComplaintConfig): Promise<void> {
  const departments = new Set((await db.query<{ code: string }>('select code from departments')).rows.map((row) => row.code));
  for (const [role, code] of Object.entries(config.routing)) {
    if (!departments.has(code)) throw invalid(`routing.${role}`, `"${code}" is no department of the org design`);
  }
  for (const code of Object.keys(config.reportDepartments)) {
    if (!departments.has(code)) throw invalid(`reportDepartments.${code}`, `"${code}" is no department of the org design`);
  }
  const named = Object.keys(config.authority.users);
  if (named.length > 0) {
    const { rows } = await db.query<{ username: string }>('select username from users where username = any($1::text[])', [named]);
    const known = new Set(rows.map((row) => row.username));
    const unknown = named.find((username) => !known.has(username));
    if (unknown !== undefined) throw invalid(`authority.users.${unknown}`, `there is no user "${unknown}"`);
  }
}

interface DerivedRow extends CaseRow {
  id: string;
  ticket_no: string;
  kind: 'complaint';
  version: number;
  waiting_on: string | null;
  step_due_at: Date | null;
  updated_at: Date;
}

/**
 * Sets waiting_on of every open case from the machine, and step_due_at where a case has none yet
 * (a limit already running is not moved). Under the customer change lock, which every case writer
 * takes first: no action can read the old configuration and store its result after this ran.
 * Returns a ticket.changed event for each case whose queue changed.
 */
export async function recomputeOpenCases(tx: Queryable, config: ComplaintConfig, at: Date): Promise<HubEvent[]> {
  await lockCustomerWrites(tx);
  const { rows } = await tx.query<DerivedRow>(
    `select id, ticket_no, kind, version, waiting_on, step_due_at, updated_at, ${CASE_COLUMNS}
       from tickets where kind = 'complaint' and closed_at is null for update`,
  );
  const changes: { id: string; waiting_on: string | null; step_due_at: string | null }[] = [];
  const events: HubEvent[] = [];
  for (const row of rows) {
    const c = caseOf(row);
    const waiting = waitingOn(c, config);
    const due = row.step_due_at ?? stepDueAt(config, c.status, new Date(row.updated_at));
    if (waiting === row.waiting_on && (due === null ? null : due.getTime()) === (row.step_due_at === null ? null : new Date(row.step_due_at).getTime())) continue;
    changes.push({ id: row.id, waiting_on: waiting, step_due_at: due === null ? null : new Date(due).toISOString() });
    if (waiting !== row.waiting_on) {
      events.push({
        type: 'ticket.changed',
        ticketId: row.id,
        ticketNo: row.ticket_no,
        kind: row.kind,
        status: c.status,
        waitingOn: waiting,
        previousWaitingOn: row.waiting_on,
        version: row.version,
        at: at.toISOString(),
        by: 'system',
      });
    }
  }
  if (changes.length > 0) {
    await tx.query(
      `update tickets t set waiting_on = r.waiting_on, step_due_at = r.step_due_at
         from jsonb_to_recordset($1::jsonb) as r(id uuid, waiting_on text, step_due_at timestamptz)
        where t.id = r.id`,
      [JSON.stringify(changes)],
    );
  }
  return events;
}

/** recomputeOpenCases with the stored configuration, read under the lock: what a starting hub runs. */
export async function recomputeWithStoredConfig(tx: Queryable, at: Date): Promise<HubEvent[]> {
  await lockCustomerWrites(tx);
  return recomputeOpenCases(tx, await readComplaintConfig(tx), at);
}

/** Stores a checked configuration and brings the open cases in line with it, in the caller's transaction. */
export async function writeComplaintConfig(tx: Queryable, config: ComplaintConfig, at: Date): Promise<HubEvent[]> {
  await lockCustomerWrites(tx);
  await checkComplaintConfig(tx, config);
  await writeSetting(tx, COMPLAINT_CONFIG_KEY, config);
  return recomputeOpenCases(tx, config, at);
}
