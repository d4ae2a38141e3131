import { afterEach, describe, expect, it } from 'vitest';
import type Dexie from 'dexie';
import type { RecordingAnalysis } from '../../../../../shared/api/recordings';
import { HubError } from '../../../../../renderer/src/services/hub';
import type { AppDb } from '../../../../../renderer/src/services/local-db/app-db';
import { beginRecording, appendChunk, finishRecording, recoverInterrupted } from '../../../../../renderer/src/services/recording/recording-store';
import {
  createRecordingUploader,
  type RecordingUploadStatus,
  type TusOptions,
  type TusUploadLike,
} from '../../../../../renderer/src/services/recording/recording-uploader';
import { freshAppDb } from '../../support/call-log-builders';
import { fakeClock, until } from '../../support/fake-clock';

const CALL = '0190f3a0-0000-7000-8000-000000000001';
const CALL_2 = '0190f3a0-0000-7000-8000-000000000002';
const STARTED = '2026-11-24T01:00:00.000Z';
const ENDPOINT = 'http://hub.test/api/v1/recordings/uploads';

const opened: Dexie[] = [];
afterEach(() => {
  for (const db of opened.splice(0)) db.close();
});

async function recorded(db: AppDb, callId = CALL, parts = ['abc', 'de'], finish = true): Promise<void> {
  await beginRecording(db, { callId, startedAt: STARTED, mimeType: 'audio/webm;codecs=opus' }, 0);
  for (const [i, part] of parts.entries()) await appendChunk(db, callId, { blob: new Blob([part]), agent: [i + 1], customer: [i + 10], durationMs: (i + 1) * 1000 }, 0);
  if (finish) await finishRecording(db, callId, { durationMs: parts.length * 1000, pauses: [] }, 0);
}

/** A scripted tus: each Upload made is kept with its options and file; the test settles it. */
function fakeTus() {
  const uploads: { file: Blob; options: TusOptions; upload: TusUploadLike & { started: boolean; aborted: boolean } }[] = [];
  const create = (file: Blob, options: TusOptions) => {
    const upload = {
      url: null as string | null,
      started: false,
      aborted: false,
      start() {
        upload.started = true;
      },
      async abort() {
        upload.aborted = true;
      },
    };
    uploads.push({ file, options, upload });
    return upload;
  };
  const last = () => uploads.at(-1)!;
  const response = (status: number, body: string) => ({ getStatus: () => status, getBody: () => body });
  return {
    create,
    uploads,
    last,
    created(url: string) {
      last().upload.url = url;
      last().options.onUploadUrlAvailable();
    },
    succeed: () => last().options.onSuccess(),
    fail(status: number, body = '') {
      last().options.onError(Object.assign(new Error(`tus: ${status}`), { originalResponse: status === 0 ? null : response(status, body) }));
    },
    shouldRetry: (status: number, body = '') => last().options.onShouldRetry(Object.assign(new Error('x'), { originalResponse: response(status, body) }), 0),
  };
}

function setUp(options: { putAnalysis?: (callId: string, analysis: RecordingAnalysis) => Promise<void> } = {}) {
  const { db } = freshAppDb();
  opened.push(db);
  const time = fakeClock();
  const clock = time.clock;
  const tus = fakeTus();
  const analyses: [string, RecordingAnalysis][] = [];
  const statuses: RecordingUploadStatus[] = [];
  const start = () =>
    createRecordingUploader({
      db,
      clock,
      random: () => 0.5,
      endpoint: () => ENDPOINT,
      token: () => 'tok-1',
      createUpload: tus.create,
      putAnalysis:
        options.putAnalysis ??
        (async (callId, analysis) => {
          analyses.push([callId, analysis]);
        }),
      onStatus: (status) => statuses.push(status),
    });
  return { db, clock: time, tus, analyses, statuses, start, status: () => statuses.at(-1)! };
}

describe('createRecordingUploader', () => {
  it('sends the analysis, then the assembled file by tus with the call id and the bearer token, and drops the chunks when the hub has it', async () => {
    const t = setUp();
    await t.db.open();
    await recorded(t.db);
    const uploader = t.start();
    await until(() => t.tus.uploads.length === 1, 'the upload starts');
    expect(t.analyses).toEqual([[CALL, expect.objectContaining({ startedAt: STARTED, durationMs: 2000, frameMs: 100, agent: [1, 2], customer: [10, 11], pauses: [] })]]);
    const { file, options, upload } = t.tus.last();
    expect(await file.text()).toBe('abcde');
    expect(options).toMatchObject({
      endpoint: ENDPOINT,
      uploadUrl: null,
      chunkSize: 1024 * 1024,
      metadata: { callId: CALL },
      headers: { Authorization: 'Bearer tok-1' },
      storeFingerprintForResuming: false,
    });
    expect(options.retryDelays.length).toBeGreaterThan(1);
    expect(upload.started).toBe(true);
    t.tus.created(`${ENDPOINT}/abc123`);
    await until(async () => (await t.db.recordings.get(CALL))?.uploadUrl === `${ENDPOINT}/abc123`, 'the upload URL is kept');
    t.tus.succeed();
    await until(async () => (await t.db.recordings.get(CALL))?.status === 'uploaded', 'the recording is uploaded');
    expect(await t.db.recordingChunks.count()).toBe(0);
    await until(() => t.status().state === 'idle' && t.status().pending === 0, 'nothing waits');
    await uploader.stop();
  });

  it('resumes a cut-off upload at the stored URL and does not send the analysis again', async () => {
    const t = setUp();
    await t.db.open();
    await recorded(t.db);
    await t.db.recordings.update(CALL, { status: 'uploading', uploadUrl: `${ENDPOINT}/half`, uploadedBytes: 2, analysisSent: true });
    const uploader = t.start();
    await until(() => t.tus.uploads.length === 1, 'the upload starts');
    expect(t.tus.last().options.uploadUrl).toBe(`${ENDPOINT}/half`);
    expect(t.analyses).toEqual([]);
    await uploader.stop();
    expect(t.tus.last().upload.aborted).toBe(true);
    // Stopped is not failed: the row still knows where to resume.
    expect(await t.db.recordings.get(CALL)).toMatchObject({ status: 'uploading', uploadUrl: `${ENDPOINT}/half` });
  });

  it('uploads a recording cut off by a crash once it is recovered', async () => {
    const t = setUp();
    await t.db.open();
    await recorded(t.db, CALL, ['abc'], false);
    expect(await recoverInterrupted(t.db, 0)).toEqual([CALL]);
    const uploader = t.start();
    await until(() => t.tus.uploads.length === 1, 'the upload starts');
    expect(await t.tus.last().file.text()).toBe('abc');
    expect(t.analyses[0]![1]).toMatchObject({ durationMs: 1000, agent: [1] });
    await uploader.stop();
  });

  it('marks the recording failed with the hub’s words and keeps its chunks when the hub answers 409', async () => {
    const t = setUp();
    await t.db.open();
    await recorded(t.db);
    const uploader = t.start();
    await until(() => t.tus.uploads.length === 1, 'the upload starts');
    t.tus.fail(409, JSON.stringify({ error: 'conflict', message: 'This call belongs to another agent.' }));
    await until(async () => (await t.db.recordings.get(CALL))?.status === 'failed', 'the recording is marked failed');
    expect((await t.db.recordings.get(CALL))?.lastError).toMatchObject({ status: 409, message: 'This call belongs to another agent.' });
    expect(await t.db.recordingChunks.count()).toBe(2);
    await until(() => t.status()?.failed.length === 1, 'the failure is shown');
    expect(t.status().failed[0]).toEqual({ callId: CALL, status: 409, message: 'This call belongs to another agent.' });
    await uploader.stop();
  });

  it('marks the recording failed when the hub refuses its analysis with 409', async () => {
    const t = setUp({
      putAnalysis: async () => {
        throw new HubError({ status: 409, code: 'conflict', message: 'Another agent’s call.' });
      },
    });
    await t.db.open();
    await recorded(t.db);
    const uploader = t.start();
    await until(async () => (await t.db.recordings.get(CALL))?.status === 'failed', 'the recording is marked failed');
    expect(t.tus.uploads).toEqual([]);
    await uploader.stop();
  });

  it('lets tus retry its own offset conflicts and network errors but not the hub’s refusals', async () => {
    const t = setUp();
    await t.db.open();
    await recorded(t.db);
    const uploader = t.start();
    await until(() => t.tus.uploads.length === 1, 'the upload starts');
    expect(t.tus.shouldRetry(409, 'Upload-Offset conflict')).toBe(true);
    expect(t.tus.shouldRetry(503)).toBe(true);
    expect(t.tus.shouldRetry(409, JSON.stringify({ error: 'conflict', message: 'not yours' }))).toBe(false);
    expect(t.tus.shouldRetry(403, JSON.stringify({ error: 'forbidden', message: 'no' }))).toBe(false);
    await uploader.stop();
  });

  it('keeps the recording queued and waits out a backoff when the hub cannot be reached', async () => {
    const t = setUp();
    await t.db.open();
    await recorded(t.db);
    const uploader = t.start();
    await until(() => t.tus.uploads.length === 1, 'the upload starts');
    t.tus.fail(0);
    await until(() => t.status().state === 'waiting', 'a retry is scheduled');
    expect(await t.db.recordings.get(CALL)).toMatchObject({ status: 'uploading' });
    await t.clock.advance(60_000);
    await until(() => t.tus.uploads.length === 2, 'the upload is tried again');
    await uploader.stop();
  });

  it('uploads one recording at a time, oldest first', async () => {
    const t = setUp();
    await t.db.open();
    await recorded(t.db, CALL_2);
    await t.db.recordings.update(CALL_2, { startedAt: '2026-11-24T02:00:00.000Z' });
    await recorded(t.db, CALL);
    const uploader = t.start();
    await until(() => t.tus.uploads.length === 1, 'the first upload starts');
    expect(t.tus.last().options.metadata.callId).toBe(CALL);
    await until(() => t.status().progress?.total === 2, 'the run counts both');
    t.tus.succeed();
    await until(() => t.tus.uploads.length === 2, 'the second upload starts after the first');
    expect(t.tus.last().options.metadata.callId).toBe(CALL_2);
    await uploader.stop();
  });

  it('queues a failed recording again when asked to retry it', async () => {
    const t = setUp();
    await t.db.open();
    await recorded(t.db);
    await t.db.recordings.update(CALL, { status: 'failed', lastError: { status: 413, message: 'too large', at: 0 } });
    const uploader = t.start();
    await until(() => t.status()?.failed.length === 1, 'the failure is shown');
    expect(t.tus.uploads).toEqual([]);
    await uploader.retry(CALL);
    await until(() => t.tus.uploads.length === 1, 'the upload starts again');
    expect((await t.db.recordings.get(CALL))?.lastError).toBeNull();
    await uploader.stop();
  });
});
