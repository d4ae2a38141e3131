import type { CallLogEvent } from '../../../shared/api/call-logs';
import {
  RECORDING_MEDIA_TYPE,
  type Recording,
  type RecordingAnalysis,
  type RecordingLevels,
  type RecordingPause,
  type RecordingStatus,
} from '../../../shared/api/recordings';
import { holdsFromEvents, measureSpeech } from '../../../shared/recordings/speech-measures';
import type { Queryable } from '../db/db';

/** What the hub knows of a recording's upload and file (table `recordings`). */
export interface RecordingRow {
  call_id: string;
  agent_id: string;
  status: RecordingStatus;
  media_type: string;
  length: number;
  received_bytes: number;
  bytes: number;
  duration_ms: number | null;
  created_at: Date;
  completed_at: Date | null;
}

// bigint comes back as a string from pg: the casts keep numbers numbers on both drivers.
const columns = (t = '') =>
  `${t}call_id, ${t}agent_id, ${t}status, ${t}media_type, ${t}length::float8 as length, ${t}received_bytes::float8 as received_bytes,
   ${t}bytes::float8 as bytes, ${t}duration_ms, ${t}created_at, ${t}completed_at`;

export async function findRecording(db: Queryable, callId: string): Promise<RecordingRow | null> {
  const { rows } = await db.query<RecordingRow>(`select ${columns()} from recordings where call_id = $1`, [callId]);
  return rows[0] ?? null;
}

/** The agent a call id belongs to, by whatever the hub already has of it: call log, recording, analysis. */
export async function ownerOfCall(db: Queryable, callId: string): Promise<string | null> {
  const { rows } = await db.query<{ agent_id: string }>(
    `select agent_id from call_logs where id = $1
     union all select agent_id from recordings where call_id = $1
     union all select agent_id from recording_analyses where call_id = $1
     limit 1`,
    [callId],
  );
  return rows[0]?.agent_id ?? null;
}

/** Creates the row of a new upload; false when the call id has a recording already (a race lost). */
export async function insertUpload(db: Queryable, row: { callId: string; agentId: string; length: number; now: Date }): Promise<boolean> {
  const { rowCount } = await db.query(
    `insert into recordings (call_id, agent_id, status, media_type, length, created_at)
     values ($1, $2, 'uploading', $3, $4, $5) on conflict (call_id) do nothing`,
    [row.callId, row.agentId, RECORDING_MEDIA_TYPE, row.length, row.now],
  );
  return rowCount === 1;
}

/** Counts bytes the store now holds; false when someone else moved the offset first. */
export async function advanceUpload(db: Queryable, callId: string, from: number, to: number): Promise<boolean> {
  const { rowCount } = await db.query(
    `update recordings set received_bytes = $3 where call_id = $1 and received_bytes = $2 and status = 'uploading' and $3 <= length`,
    [callId, from, to],
  );
  return rowCount === 1;
}

export async function completeUpload(
  db: Queryable,
  callId: string,
  done: { status: 'ready' | 'unreadable'; bytes: number; durationMs: number | null; channels: number | null; now: Date },
): Promise<boolean> {
  const { rowCount } = await db.query(
    `update recordings set status = $2, bytes = $3, duration_ms = $4, channels = $5, completed_at = $6
     where call_id = $1 and status = 'uploading'`,
    [callId, done.status, done.bytes, done.durationMs, done.channels, done.now],
  );
  return rowCount === 1;
}

/** Stores the analysis, replacing an earlier one of the same call (a console retrying). */
export async function saveAnalysis(db: Queryable, callId: string, agentId: string, analysis: RecordingAnalysis, now: Date): Promise<void> {
  await db.query(
    `insert into recording_analyses (call_id, agent_id, started_at, duration_ms, frame_ms, levels, pauses, received_at)
     values ($1, $2, $3, $4, $5, $6::jsonb, $7::jsonb, $8)
     on conflict (call_id) do update set started_at = excluded.started_at, duration_ms = excluded.duration_ms,
       frame_ms = excluded.frame_ms, levels = excluded.levels, pauses = excluded.pauses, received_at = excluded.received_at
     where recording_analyses.agent_id = excluded.agent_id`,
    [
      callId,
      agentId,
      analysis.startedAt,
      analysis.durationMs,
      analysis.frameMs,
      JSON.stringify({ agent: analysis.agent, customer: analysis.customer }),
      JSON.stringify(analysis.pauses),
      now,
    ],
  );
}

export async function findLevels(db: Queryable, callId: string): Promise<RecordingLevels | null> {
  const { rows } = await db.query<{ frame_ms: number; levels: { agent: number[]; customer: number[] } }>(
    `select frame_ms, levels from recording_analyses where call_id = $1`,
    [callId],
  );
  const row = rows[0];
  if (row === undefined) return null;
  return { frameMs: 100, agent: row.levels.agent, customer: row.levels.customer };
}

interface ReadRow extends RecordingRow {
  agent_name: string;
  started_at: Date | null;
  frame_ms: number | null;
  levels: { agent: number[]; customer: number[] } | null;
  pauses: RecordingPause[] | null;
  events: CallLogEvent[] | null;
}

/** The recording as GET /api/v1/recordings/:callId answers it, measures included. */
export async function readRecording(db: Queryable, callId: string): Promise<Recording | null> {
  const { rows } = await db.query<ReadRow>(
    `select ${columns('r.')},
       u.display_name as agent_name, a.started_at, a.frame_ms, a.levels, a.pauses, c.record->'events' as events
     from recordings r
     join users u on u.id = r.agent_id
     left join recording_analyses a on a.call_id = r.call_id
     left join call_logs c on c.id = r.call_id
     where r.call_id = $1`,
    [callId],
  );
  const row = rows[0];
  if (row === undefined) return null;
  const startedAt = row.started_at === null ? null : new Date(row.started_at).toISOString();
  const pauses = row.pauses ?? [];
  const measures =
    row.levels === null || row.frame_ms === null || startedAt === null
      ? null
      : measureSpeech({
          levels: row.levels,
          frameMs: row.frame_ms,
          pauses,
          holds: holdsFromEvents(row.events ?? [], startedAt),
        });
  return {
    callId: row.call_id,
    agentId: row.agent_id,
    agentName: row.agent_name,
    status: row.status,
    mediaType: row.media_type,
    bytes: Number(row.bytes),
    receivedBytes: Number(row.received_bytes),
    durationMs: row.duration_ms,
    startedAt,
    pauses,
    measures,
    createdAt: new Date(row.created_at).toISOString(),
    completedAt: row.completed_at === null ? null : new Date(row.completed_at).toISOString(),
  };
}

export interface ReplayRow {
  id: string;
  ticketHash: string;
  callId: string;
  userId: string;
  role: string;
  purpose: string;
  at: Date;
  expiresAt: Date;
}

export async function insertReplay(db: Queryable, replay: ReplayRow): Promise<void> {
  await db.query(
    `insert into recording_replays (id, ticket_hash, call_id, user_id, role, purpose, at, expires_at) values ($1, $2, $3, $4, $5, $6, $7, $8)`,
    [replay.id, replay.ticketHash, replay.callId, replay.userId, replay.role, replay.purpose, replay.at, replay.expiresAt],
  );
}

export async function findTicket(db: Queryable, ticketHash: string): Promise<{ call_id: string; expires_at: Date } | null> {
  const { rows } = await db.query<{ call_id: string; expires_at: Date }>(
    `select call_id, expires_at from recording_replays where ticket_hash = $1`,
    [ticketHash],
  );
  return rows[0] ?? null;
}

export async function listReplays(db: Queryable, callId: string) {
  const { rows } = await db.query<{ user_id: string; user_name: string; role: string; purpose: string; at: Date }>(
    `select r.user_id, u.display_name as user_name, r.role, r.purpose, r.at
     from recording_replays r join users u on u.id = r.user_id where r.call_id = $1 order by r.at, r.id`,
    [callId],
  );
  return rows;
}
