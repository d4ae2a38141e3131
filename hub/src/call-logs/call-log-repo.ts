import { z } from 'zod';
import type { CallLogRecord, StoredCallLog } from '../../../shared/api/call-logs';
import { decideMerge, newestPerId, type MergeDecision, type StoredVersion } from '../../../shared/call-logs/merge';
import type { Db, Queryable } from '../db/db';
import { isStorableTime, type IncomingCallLog } from './call-log-check';

/** What became of one incoming record; a conflict is refused and changes nothing. */
export type IngestOutcome =
  | { outcome: 'created' | 'updated' | 'unchanged' | 'stale'; storedVersion: number }
  | { outcome: 'conflict'; reason: 'other_agent' | 'same_version_other_content' };

const LOCK_STORED = `select id, agent_id, version, content_hash from call_logs where id = any($1::uuid[]) order by id for update`;

/*
 * One statement writes every create and update of a batch. The columns beside `record` are taken
 * from it here, so they cannot disagree with it; sending them alongside costs PostgreSQL a fifth
 * more JSON to parse (measured: bench/call-log-ingest.ts). Rows go in id order, as LOCK_STORED
 * locks them, so that two hubs writing overlapping batches wait for each other instead of
 * deadlocking.
 *
 * The `where` is the merge rule again, for the one case the lock above cannot cover: an id that did
 * not exist yet, inserted by another hub after our select. Such a row is either updated here (ours
 * is newer) or skipped and left out of `returning`. `xmax = 0` holds only for a row this statement
 * inserted, which tells a real create from one that met a concurrent insert and updated it.
 */
const UPSERT = `insert into call_logs as stored (id, agent_id, version, status, direction, remote_number, customer_id,
    started_at, answered_at, ended_at, disposition_code, flow_id, flow_version, record, content_hash, received_at, updated_at)
  select r.id, $2::uuid, (r.record->>'version')::int, r.record->>'status', r.record->>'direction',
    r.record->'remote'->>'number', r.record->>'customerId', (r.record->>'startedAt')::timestamptz,
    (r.record->>'answeredAt')::timestamptz, (r.record->>'endedAt')::timestamptz, r.record->'wrapUp'->>'dispositionCode',
    r.record->'script'->>'flowId', (r.record->'script'->>'flowVersion')::int, r.record, r.content_hash,
    $3::timestamptz, $3::timestamptz
  from jsonb_to_recordset($1::jsonb) as r (id uuid, content_hash text, record jsonb)
  order by r.id
  on conflict (id) do update set
    version = excluded.version, status = excluded.status, direction = excluded.direction,
    remote_number = excluded.remote_number, customer_id = excluded.customer_id, started_at = excluded.started_at,
    answered_at = excluded.answered_at, ended_at = excluded.ended_at, disposition_code = excluded.disposition_code,
    flow_id = excluded.flow_id, flow_version = excluded.flow_version, record = excluded.record,
    content_hash = excluded.content_hash, updated_at = excluded.updated_at
  where stored.version < excluded.version and stored.agent_id = excluded.agent_id
  returning id, xmax = 0 as inserted`;

/** A row the guard skipped is read again and decided once more; a third round would mean the rule and the SQL disagree. */
const MAX_WRITE_ROUNDS = 3;

/** One element of UPSERT's recordset; the record's canonical JSON goes in as it is, not stringified again. */
const recordsetRow = ({ record, json, contentHash }: IncomingCallLog): string =>
  `{"id":${JSON.stringify(record.id)},"content_hash":"${contentHash}","record":${json}}`;

async function lockStored(tx: Queryable, ids: readonly string[]): Promise<Map<string, StoredVersion>> {
  const { rows } = await tx.query<{ id: string; agent_id: string; version: number; content_hash: string }>(LOCK_STORED, [ids]);
  return new Map(rows.map((row) => [row.id, { agentId: row.agent_id, version: row.version, contentHash: row.content_hash }]));
}

/**
 * Writes the rows; answers, for each one written, whether it was inserted (else it updated a row).
 * Without the merge decision around it only for records nobody else writes (the demo seed).
 */
export async function upsert(tx: Queryable, agentId: string, items: readonly IncomingCallLog[], now: Date): Promise<Map<string, boolean>> {
  const { rows } = await tx.query<{ id: string; inserted: boolean }>(UPSERT, [`[${items.map(recordsetRow).join(',')}]`, agentId, now]);
  return new Map(rows.map((row) => [row.id, row.inserted]));
}

function outcomeOf(decision: MergeDecision, stored: StoredVersion): IngestOutcome {
  switch (decision.kind) {
    case 'create':
      return { outcome: 'created', storedVersion: stored.version };
    case 'update':
      return { outcome: 'updated', storedVersion: stored.version };
    case 'unchanged':
      return { outcome: 'unchanged', storedVersion: stored.version };
    case 'stale':
      return { outcome: 'stale', storedVersion: stored.version };
    case 'conflict':
      return { outcome: 'conflict', reason: decision.reason };
  }
}

/**
 * What follows from stored calls (the after-sales rule), run in the batch's transaction with every
 * record the batch created or updated, so that a call log and what it makes commit together.
 */
export type AfterIngest = (tx: Queryable, written: readonly CallLogRecord[]) => Promise<void>;

/**
 * Merges one agent's batch into the store (shared/call-logs/merge.ts) in one transaction: lock what
 * is stored for the batch's ids, decide in code, write every create and update in one statement.
 * Of several versions of one id in the batch only the newest is merged; the others are answered as
 * if they had arrived right after it. Answers are in the order of `items`.
 */
export async function ingestCallLogs(
  db: Db,
  agentId: string,
  items: readonly IncomingCallLog[],
  now: Date,
  afterIngest?: AfterIngest,
): Promise<IngestOutcome[]> {
  if (items.length === 0) return [];
  const incoming = items.map((item) => ({ id: item.record.id, version: item.record.version, agentId, contentHash: item.contentHash }));
  const keep = newestPerId(incoming);
  return db.transaction(async (tx) => {
    const stored = await lockStored(tx, [...keep.keys()]);
    const decisions = new Map<string, MergeDecision>();
    let pending = [...keep.values()];
    for (let round = 0; pending.length > 0; round += 1) {
      if (round === MAX_WRITE_ROUNDS) throw new Error(`call-log merge did not settle after ${MAX_WRITE_ROUNDS} rounds`);
      const writes: number[] = [];
      for (const index of pending) {
        const { id } = incoming[index]!;
        const decision = decideMerge(stored.get(id) ?? null, incoming[index]!);
        decisions.set(id, decision);
        if (decision.kind === 'create' || decision.kind === 'update') writes.push(index);
      }
      if (writes.length === 0) break;
      const written = await upsert(tx, agentId, writes.map((index) => items[index]!), now);
      pending = [];
      for (const index of writes) {
        const { id } = incoming[index]!;
        const inserted = written.get(id);
        if (inserted === undefined) {
          pending.push(index);
          continue;
        }
        decisions.set(id, { kind: inserted ? 'create' : 'update' });
        stored.set(id, incoming[index]!);
      }
      // Skipped by the guard: another hub stored this id meanwhile. Its row is locked now (the
      // conflict locked it), so reading it again gives what the next round decides against.
      if (pending.length > 0) {
        const again = await lockStored(tx, pending.map((index) => incoming[index]!.id));
        for (const [id, version] of again) stored.set(id, version);
      }
    }
    if (afterIngest !== undefined) {
      const written = [...keep].filter(([id]) => {
        const kind = decisions.get(id)?.kind;
        return kind === 'create' || kind === 'update';
      });
      if (written.length > 0) await afterIngest(tx, written.map(([, index]) => items[index]!.record));
    }
    return incoming.map((item, index) => {
      // Something is stored for every kept id by now: either it was there, or it was just written.
      const final = stored.get(item.id)!;
      if (keep.get(item.id) === index) return outcomeOf(decisions.get(item.id)!, final);
      // Never lower than `final` nor newer than the kept one: stale, unchanged or a conflict.
      return outcomeOf(decideMerge(final, item), final);
    });
  });
}

export interface CallLogFilter {
  agentId?: string;
  customerId?: string;
  /** startedAt at or after. */
  from?: string;
  /** startedAt before. */
  to?: string;
}

/** Where a page ended: the (started_at, id) of its last row, to microseconds as stored. */
export interface CallLogCursor {
  startedAt: string;
  id: string;
}

const CursorSchema = z.object({ startedAt: z.iso.datetime(), id: z.uuid() });

export const encodeCursor = (cursor: CallLogCursor): string => Buffer.from(JSON.stringify(cursor)).toString('base64url');

/** null for anything this hub did not make. */
export function decodeCursor(text: string): CallLogCursor | null {
  try {
    const parsed = CursorSchema.safeParse(JSON.parse(Buffer.from(text, 'base64url').toString('utf8')));
    return parsed.success && isStorableTime(parsed.data.startedAt) ? parsed.data : null;
  } catch {
    return null;
  }
}

// Each condition drops out when its parameter is null; the statement is planned with the values
// bound (unnamed statements on both backends), so this still walks the matching index.
const FIND = `select c.agent_id, u.display_name as agent_name, c.record, c.received_at, c.updated_at, c.id,
    to_char(c.started_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as started_key
  from call_logs c join users u on u.id = c.agent_id
  where ($1::uuid is null or c.agent_id = $1::uuid)
    and ($2::text is null or c.customer_id = $2::text)
    and ($3::timestamptz is null or c.started_at >= $3::timestamptz)
    and ($4::timestamptz is null or c.started_at < $4::timestamptz)
    and ($5::timestamptz is null or (c.started_at, c.id) < ($5::timestamptz, $6::uuid))
  order by c.started_at desc, c.id desc
  limit $7`;

interface FoundRow {
  agent_id: string;
  agent_name: string;
  record: CallLogRecord;
  received_at: Date;
  updated_at: Date;
  id: string;
  started_key: string;
}

/** A page of call logs, newest first, and the cursor of the next one if there is one. */
export async function findCallLogs(
  db: Queryable,
  filter: CallLogFilter,
  after: CallLogCursor | null,
  limit: number,
): Promise<{ items: StoredCallLog[]; next: CallLogCursor | null }> {
  const { rows } = await db.query<FoundRow>(FIND, [
    filter.agentId ?? null,
    filter.customerId ?? null,
    filter.from ?? null,
    filter.to ?? null,
    after?.startedAt ?? null,
    after?.id ?? null,
    limit + 1,
  ]);
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return {
    items: page.map((row) => ({
      ...row.record,
      // Rows stored before the worklist have none.
      callback: row.record.callback ?? null,
      agentId: row.agent_id,
      agentName: row.agent_name,
      receivedAt: new Date(row.received_at).toISOString(),
      updatedAt: new Date(row.updated_at).toISOString(),
    })),
    next: rows.length > limit && last !== undefined ? { startedAt: last.started_key, id: last.id } : null,
  };
}
