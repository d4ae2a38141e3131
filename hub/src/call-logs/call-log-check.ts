import { CallLogIdSchema, CallLogRecordSchema, type CallLogRecord } from '../../../shared/api/call-logs';
import { MAX_CLOCK_AHEAD_MS } from '../agent/routes';
import { MAYBE_UNSTORABLE, unstorablePath } from '../db/storable';
import { canonicalJson, sha256Hex } from './canonical-json';

/** A record that passed every check that needs no database, ready to be merged. */
export interface IncomingCallLog {
  /** As validated (unknown keys dropped), the id in lower case. */
  record: CallLogRecord;
  /** canonicalJson(record): sent to the database as is (and hashed, but for a null callback: see checkCallLog). */
  json: string;
  contentHash: string;
}

export interface CallLogProblem {
  /** The record's id if it had a readable one. */
  id: string | null;
  /** Dotted path inside the record; empty for the record itself. */
  path: string;
  message: string;
}

export type CheckedCallLog = { ok: true; value: IncomingCallLog } | { ok: false; problem: CallLogProblem };

function readableId(raw: unknown): string | null {
  if (raw === null || typeof raw !== 'object' || !('id' in raw)) return null;
  const parsed = CallLogIdSchema.safeParse(raw.id);
  return parsed.success ? parsed.data.toLowerCase() : null;
}

/**
 * Whether PostgreSQL takes the time as it is. The schema accepts two things it refuses, year 0000
 * and offsets beyond ±15:59 (`+23:00`, which no time zone has); either would fail the statement of
 * the whole batch.
 */
export const isStorableTime = (iso: string): boolean => !iso.startsWith('0000') && !/[+-](?:1[6-9]|2\d):\d\d$/.test(iso);

/**
 * Everything about one uploaded record that can be decided without the database: the schema, the
 * console's clock, and what PostgreSQL could not store. Unknown disposition codes need the
 * database and are checked by the caller.
 */
export function checkCallLog(raw: unknown, now: Date): CheckedCallLog {
  const parsed = CallLogRecordSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const path = issue?.path.map(String).join('.') ?? '';
    return { ok: false, problem: { id: readableId(raw), path, message: issue?.message ?? 'invalid' } };
  }
  // Ids are compared as text (in a batch, against what the database answers), and PostgreSQL
  // writes uuids in lower case: an upper-case id would otherwise never match itself.
  const id = parsed.data.id.toLowerCase();
  const record = id === parsed.data.id ? parsed.data : { ...parsed.data, id };
  const reject = (path: string, message: string): CheckedCallLog => ({ ok: false, problem: { id: record.id, path, message } });

  const json = canonicalJson(record);
  // A record without a callback hashes as consoles older than the worklist sent it, so
  // re-uploading one of theirs at the same version is not taken for other content.
  const { callback, ...withoutCallback } = record;
  const contentHash = callback === null ? sha256Hex(canonicalJson(withoutCallback)) : sha256Hex(json);
  // What PostgreSQL cannot store would fail the statement of the whole batch: the one record is refused instead.
  const unstorable = MAYBE_UNSTORABLE.test(json) ? unstorablePath(record, '') : null;
  if (unstorable !== null) return reject(unstorable, 'contains U+0000 or an unpaired surrogate, which cannot be stored');
  for (const name of ['startedAt', 'answeredAt', 'endedAt'] as const) {
    const iso = record[name];
    if (iso !== null && !isStorableTime(iso)) return reject(name, `${iso} is not a time the hub can store`);
  }
  // As for agent-state reports: a console clock far ahead would put this call above every real
  // one in the newest-first lists until that time arrives.
  if (Date.parse(record.startedAt) > now.getTime() + MAX_CLOCK_AHEAD_MS) {
    return reject('startedAt', `${record.startedAt} is more than 5 minutes ahead of the hub's clock (${now.toISOString()})`);
  }
  return { ok: true, value: { record, json, contentHash } };
}
