import { afterEach, describe, expect, it } from 'vitest';
import type Dexie from 'dexie';
import {
  analysisOf,
  appendChunk,
  beginRecording,
  chunksOf,
  finishRecording,
  markUploaded,
  pruneUploadedRecordings,
  recoverInterrupted,
} from '../../../../../renderer/src/services/recording/recording-store';
import { DAY_MS } from '../../../../../renderer/src/services/local-db/storage';
import { freshAppDb } from '../../support/call-log-builders';

const CALL = '0190f3a0-0000-7000-8000-000000000001';
const NOW = Date.parse('2026-11-24T01:00:00.000Z');

const opened: Dexie[] = [];
afterEach(() => {
  for (const db of opened.splice(0)) db.close();
});

async function openDb() {
  const { db } = freshAppDb();
  opened.push(db);
  await db.open();
  return db;
}

describe('recording store', () => {
  it('marks a recording still recording at start-up finished, as long as its levels say', async () => {
    const db = await openDb();
    await beginRecording(db, { callId: CALL, startedAt: new Date(NOW).toISOString(), mimeType: 'audio/webm' }, NOW);
    await appendChunk(db, CALL, { blob: new Blob(['x']), agent: [1, 2, 3], customer: [4, 5, 6], durationMs: 200 }, NOW);
    expect(await recoverInterrupted(db, NOW)).toEqual([CALL]);
    expect(await db.recordings.get(CALL)).toMatchObject({ status: 'finished', durationMs: 300, bytes: 1 });
    expect(await recoverInterrupted(db, NOW)).toEqual([]);
  });

  it('joins the levels of all chunks in order into the analysis, clamped to the schema', async () => {
    const db = await openDb();
    await beginRecording(db, { callId: CALL, startedAt: new Date(NOW).toISOString(), mimeType: 'audio/webm' }, NOW);
    await appendChunk(db, CALL, { blob: new Blob(['a']), agent: [1, 2000], customer: [3, -1], durationMs: 1000 }, NOW);
    await appendChunk(db, CALL, { blob: new Blob(['b']), agent: [7], customer: [8], durationMs: 1300 }, NOW);
    const pause = { startMs: 100, endMs: 5000, source: 'manual' as const, byUserId: CALL, byName: '李娜', reason: '银行卡号' };
    await finishRecording(db, CALL, { durationMs: 1300, pauses: [pause] }, NOW);
    const row = (await db.recordings.get(CALL))!;
    const analysis = analysisOf(row, await chunksOf(db, CALL));
    expect(analysis).toEqual({
      startedAt: new Date(NOW).toISOString(),
      durationMs: 1300,
      frameMs: 100,
      agent: [1, 1000, 7],
      customer: [3, 0, 8],
      pauses: [{ ...pause, endMs: 1300 }],
    });
  });

  it('deletes the chunks of an uploaded recording and keeps its row', async () => {
    const db = await openDb();
    await beginRecording(db, { callId: CALL, startedAt: new Date(NOW).toISOString(), mimeType: 'audio/webm' }, NOW);
    await appendChunk(db, CALL, { blob: new Blob(['abc']), agent: [], customer: [], durationMs: 1000 }, NOW);
    await markUploaded(db, CALL, NOW);
    expect(await db.recordingChunks.count()).toBe(0);
    expect(await db.recordings.get(CALL)).toMatchObject({ status: 'uploaded', uploadedBytes: 3 });
  });

  it('prunes only uploaded recordings older than the retention', async () => {
    const db = await openDb();
    const old = new Date(NOW - 40 * DAY_MS).toISOString();
    for (const [callId, status] of [['a', 'uploaded'], ['b', 'failed'], ['c', 'finished']] as const) {
      await beginRecording(db, { callId, startedAt: old, mimeType: 'audio/webm' }, NOW);
      await db.recordings.update(callId, { status });
    }
    await beginRecording(db, { callId: 'd', startedAt: new Date(NOW).toISOString(), mimeType: 'audio/webm' }, NOW);
    await db.recordings.update('d', { status: 'uploaded' });
    expect(await pruneUploadedRecordings(db, 30, NOW)).toBe(1);
    expect((await db.recordings.toCollection().primaryKeys()).sort()).toEqual(['b', 'c', 'd']);
  });
});
