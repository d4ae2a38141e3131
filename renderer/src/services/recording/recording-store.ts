import Dexie from 'dexie';
import {
  RECORDING_FRAME_MS,
  RECORDING_MAX_FRAMES,
  type RecordingAnalysis,
  type RecordingPause,
} from '../../../../shared/api/recordings';
import type { AppDb, LocalRecording, LocalRecordingChunk } from '../local-db/app-db';
import { DAY_MS } from '../local-db/storage';

/*
 * The recordings and their chunks in the user's database. Every write that belongs together is one
 * transaction (a chunk and the row's byte count), so a crash between them cannot leave a row that
 * claims audio it does not have.
 */

const chunkRange = (db: AppDb, callId: string) =>
  db.recordingChunks.where('[callId+seq]').between([callId, Dexie.minKey], [callId, Dexie.maxKey]);

/** A new recording, unless the call already has one (one recording per call): false then. */
export async function beginRecording(db: AppDb, row: { callId: string; startedAt: string; mimeType: string }, now: number): Promise<boolean> {
  return db.transaction('rw', db.recordings, async () => {
    if (await db.recordings.get(row.callId)) return false;
    await db.recordings.add({
      ...row,
      status: 'recording',
      durationMs: 0,
      pauses: [],
      bytes: 0,
      chunkCount: 0,
      uploadUrl: null,
      uploadedBytes: 0,
      analysisSent: false,
      attempts: 0,
      lastError: null,
      updatedAt: now,
    });
    return true;
  });
}

/** When the recorder actually started: the recording's time 0 (beginRecording's is a first guess, taken before the set-up). */
export async function setRecordingStart(db: AppDb, callId: string, startedAt: string, now: number): Promise<void> {
  await db.recordings.update(callId, { startedAt, updatedAt: now });
}

/** One piece of audio with the levels measured since the previous one, and how long the recording now is. */
export async function appendChunk(
  db: AppDb,
  callId: string,
  piece: { blob: Blob; agent: number[]; customer: number[]; durationMs: number },
  now: number,
): Promise<void> {
  await db.transaction('rw', db.recordings, db.recordingChunks, async () => {
    const row = await db.recordings.get(callId);
    if (!row) throw new Error(`no recording for call ${callId}`);
    await db.recordingChunks.add({ callId, seq: row.chunkCount, blob: piece.blob, agent: piece.agent, customer: piece.customer });
    await db.recordings.put({
      ...row,
      chunkCount: row.chunkCount + 1,
      bytes: row.bytes + piece.blob.size,
      durationMs: Math.max(row.durationMs, piece.durationMs),
      updatedAt: now,
    });
  });
}

export async function savePauses(db: AppDb, callId: string, pauses: readonly RecordingPause[], now: number): Promise<void> {
  await db.recordings.update(callId, { pauses: [...pauses], updatedAt: now });
}

export async function finishRecording(db: AppDb, callId: string, end: { durationMs: number; pauses: readonly RecordingPause[] }, now: number): Promise<void> {
  await db.transaction('rw', db.recordings, async () => {
    const row = await db.recordings.get(callId);
    if (!row || row.status !== 'recording') return;
    await db.recordings.put({ ...row, status: 'finished', durationMs: Math.max(row.durationMs, end.durationMs), pauses: [...end.pauses], updatedAt: now });
  });
}

/**
 * Recordings still `recording` when the console starts were cut off (crash, reload, a laptop shut):
 * they end with what was written, a pause still open ends with them, and they queue for upload.
 */
export async function recoverInterrupted(db: AppDb, now: number): Promise<string[]> {
  return db.transaction('rw', db.recordings, db.recordingChunks, async () => {
    const rows = await db.recordings.where('status').equals('recording').toArray();
    for (const row of rows) {
      let frames = 0;
      await chunkRange(db, row.callId).each((chunk) => {
        frames += chunk.agent.length;
      });
      await db.recordings.put({ ...row, status: 'finished', durationMs: Math.max(row.durationMs, frames * RECORDING_FRAME_MS), updatedAt: now });
    }
    return rows.map((r) => r.callId);
  });
}

/** What waits for the hub, oldest first: finished, and uploads cut off. */
export async function uploadQueue(db: AppDb): Promise<LocalRecording[]> {
  const rows = await db.recordings.where('status').anyOf('finished', 'uploading').toArray();
  return rows.sort((a, b) => a.startedAt.localeCompare(b.startedAt));
}

export async function failedRecordings(db: AppDb): Promise<LocalRecording[]> {
  return db.recordings.where('status').equals('failed').toArray();
}

export async function chunksOf(db: AppDb, callId: string): Promise<LocalRecordingChunk[]> {
  return chunkRange(db, callId).toArray();
}

/** The file as MediaRecorder made it, pieces in order. */
export function assembleBlob(row: LocalRecording, chunks: readonly LocalRecordingChunk[]): Blob {
  return new Blob(
    chunks.map((c) => c.blob),
    { type: row.mimeType },
  );
}

const clampLevel = (value: number): number => (Number.isFinite(value) ? Math.min(1000, Math.max(0, Math.round(value))) : 0);

/** The analysis the hub takes (RecordingAnalysisSchema): both channels' levels joined in order, the pauses. */
export function analysisOf(row: LocalRecording, chunks: readonly LocalRecordingChunk[]): RecordingAnalysis {
  const agent: number[] = [];
  const customer: number[] = [];
  for (const chunk of chunks) {
    // The worklet posts both channels' frames together; a chunk never has more of one than the other.
    const frames = Math.min(chunk.agent.length, chunk.customer.length);
    for (let i = 0; i < frames; i += 1) {
      agent.push(clampLevel(chunk.agent[i]!));
      customer.push(clampLevel(chunk.customer[i]!));
    }
  }
  const frames = Math.min(agent.length, RECORDING_MAX_FRAMES);
  const durationMs = Math.min(Math.max(row.durationMs, 0), RECORDING_MAX_FRAMES * RECORDING_FRAME_MS);
  return {
    startedAt: row.startedAt,
    durationMs: Math.round(durationMs),
    frameMs: RECORDING_FRAME_MS,
    agent: agent.slice(0, frames),
    customer: customer.slice(0, frames),
    pauses: row.pauses.slice(0, 200).map((p) => ({
      ...p,
      startMs: Math.min(Math.round(p.startMs), Math.round(durationMs)),
      endMs: p.endMs === null ? null : Math.min(Math.round(p.endMs), Math.round(durationMs)),
    })),
  };
}

export async function updateRecording(db: AppDb, callId: string, patch: Partial<Omit<LocalRecording, 'callId'>>): Promise<void> {
  await db.recordings.update(callId, patch);
}

/**
 * The hub holds the whole file: the chunks go at once (the agent replays through the hub, and an
 * hour of audio is ~20 MB the PC need not keep), the row stays for the history until pruned.
 */
export async function markUploaded(db: AppDb, callId: string, now: number): Promise<void> {
  await db.transaction('rw', db.recordings, db.recordingChunks, async () => {
    const row = await db.recordings.get(callId);
    if (!row) return;
    await chunkRange(db, callId).delete();
    await db.recordings.put({ ...row, status: 'uploaded', uploadedBytes: row.bytes, lastError: null, updatedAt: now });
  });
}

/**
 * Rows of uploaded recordings older than the call logs' retention go as the call logs do
 * (storage.ts); nothing the hub lacks is ever pruned. Returns how many went.
 */
export async function pruneUploadedRecordings(db: AppDb, retentionDays: number, now: number): Promise<number> {
  const cutoff = new Date(now - retentionDays * DAY_MS).toISOString();
  return db.transaction('rw', db.recordings, db.recordingChunks, async () => {
    const ids = await db.recordings
      .where('startedAt')
      .below(cutoff)
      .filter((r) => r.status === 'uploaded')
      .primaryKeys();
    for (const id of ids) await chunkRange(db, id).delete();
    await db.recordings.bulkDelete(ids);
    return ids.length;
  });
}
