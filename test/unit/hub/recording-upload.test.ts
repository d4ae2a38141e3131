import { mkdtemp, rm } from 'node:fs/promises';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Upload } from 'tus-js-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RECORDING_MAX_BYTES, RECORDING_UPLOAD_PATH, type Recording } from '../../../shared/api/recordings';
import { diskRecordingStore, readBytes, type RecordingStore } from '../../../hub/src/recordings/recording-store';
import { probeRecording } from '../../../hub/src/recordings/remux';
import { callLogId, callLogRecord } from '../../support/call-log-records';
import { bearer, loginAs, startTestHub, type TestHub } from '../../support/hub-app';
import { describeEachBackend } from '../../support/hub-db';
import { recordingFixture } from '../../support/long-recording';
import { createUpload, headUpload, listen, patchUpload, uploadWhole } from '../../support/recording-uploads';

const fixture = recordingFixture();

describeEachBackend('recording uploads (tus)', (backend) => {
  let hub: TestHub;
  let dir: string;
  let store: RecordingStore;
  let base: string;
  let agent1: string;
  let agent2: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'recording-upload-test-'));
    store = diskRecordingStore(dir);
    hub = await startTestHub(backend, { recordings: store });
    base = await listen(hub.app);
    agent1 = await hub.login('agent1');
    agent2 = await hub.login('agent2');
  });

  afterAll(async () => {
    await hub.close();
    await rm(dir, { recursive: true, force: true });
  });

  const getRecording = async (callId: string, token = agent1) =>
    hub.app.inject({ method: 'GET', url: `/api/v1/recordings/${callId}`, headers: bearer(token) });

  it('makes a seekable two-channel file with Duration and Cues when tus-js-client uploads a MediaRecorder file', async () => {
    const callId = callLogId();
    await new Promise<void>((resolve, reject) => {
      const upload = new Upload(Buffer.from(fixture), {
        endpoint: `${base}${RECORDING_UPLOAD_PATH}`,
        headers: { authorization: `Bearer ${agent1}` },
        metadata: { callId, filetype: 'audio/webm' },
        // Three PATCHes, so the offsets move as they do for a long file.
        chunkSize: 16 * 1024,
        retryDelays: [],
        onSuccess: () => resolve(),
        onError: reject,
      });
      upload.start();
    });

    const recording = (await getRecording(callId)).json<Recording>();
    expect(recording).toMatchObject({ callId, status: 'ready', receivedBytes: fixture.byteLength, mediaType: 'audio/webm' });
    expect(recording.durationMs).toBeGreaterThan(5_500);
    expect(recording.durationMs).toBeLessThan(6_500);
    const stored = await readBytes(store, callId, 'recording', 0, recording.bytes);
    expect(stored.byteLength).toBe(recording.bytes);
    const probe = await probeRecording(stored);
    expect(probe.numberOfChannels).toBe(2);
    expect(probe.hasCues).toBe(true);
    expect(Math.abs(probe.durationMs - (recording.durationMs ?? 0))).toBeLessThan(50);
    // The upload's partial file is gone once the recording replaced it.
    expect(await store.size(callId, 'partial')).toBeNull();
  });

  it('serves a Range of the middle as 206 with exactly the stored bytes when a replay ticket is used', async () => {
    const callId = callLogId();
    await uploadWhole(base, agent1, callId, fixture);
    const qa = await hub.login('qa1');
    const ticket = (await hub.app.inject({ method: 'POST', url: `/api/v1/recordings/${callId}/replays`, headers: bearer(qa), payload: { purpose: 'review' } })).json<{
      url: string;
    }>();
    const size = (await getRecording(callId)).json<Recording>().bytes;
    const start = Math.floor(size / 3);
    const end = start + 999;
    const response = await fetch(new URL(ticket.url, base), { headers: { range: `bytes=${start}-${end}` } });
    expect(response.status).toBe(206);
    expect(response.headers.get('content-range')).toBe(`bytes ${start}-${end}/${size}`);
    expect(response.headers.get('accept-ranges')).toBe('bytes');
    expect(response.headers.get('content-type')).toBe('audio/webm');
    expect(response.headers.get('cache-control')).toBe('private');
    const body = new Uint8Array(await response.arrayBuffer());
    expect(Buffer.from(body).equals(Buffer.from(await readBytes(store, callId, 'recording', start, end + 1)))).toBe(true);
  });

  it('resumes from the offset the hub kept without the first part again when a PATCH was cut off', async () => {
    const callId = callLogId();
    const created = await createUpload(base, agent1, { callId, length: fixture.byteLength });
    expect(created.status).toBe(201);
    const location = created.headers.get('location') ?? '';
    expect(location).toBe(`${RECORDING_UPLOAD_PATH}/${callId}`);

    // Declares the whole file, sends 10 000 bytes, and the connection dies.
    const sent = 10_000;
    await new Promise<void>((resolve) => {
      const url = new URL(location, base);
      const req = httpRequest(url, {
        method: 'PATCH',
        headers: {
          authorization: `Bearer ${agent1}`,
          'tus-resumable': '1.0.0',
          'upload-offset': '0',
          'content-type': 'application/offset+octet-stream',
          'content-length': String(fixture.byteLength),
        },
      });
      req.on('error', () => resolve());
      req.write(Buffer.from(fixture.subarray(0, sent)), () => setTimeout(() => {
        req.destroy();
        resolve();
      }, 200));
    });

    // HEAD waits for the cut request's lock, then tells what arrived.
    let offset = -1;
    for (let i = 0; i < 50 && offset !== sent; i += 1) {
      const head = await headUpload(base, agent1, location);
      expect(head.status).toBe(200);
      offset = Number(head.headers.get('upload-offset'));
      if (offset !== sent) await new Promise((r) => setTimeout(r, 100));
    }
    expect(offset).toBe(sent);
    expect((await getRecording(callId)).json<Recording>()).toMatchObject({ status: 'uploading', receivedBytes: sent });

    // Sending from 0 again is refused: the hub has those bytes.
    expect((await patchUpload(base, agent1, location, 0, fixture)).status).toBe(409);
    const rest = await patchUpload(base, agent1, location, sent, fixture.subarray(sent));
    expect(rest.status).toBe(204);
    expect(rest.headers.get('upload-offset')).toBe(String(fixture.byteLength));
    const recording = (await getRecording(callId)).json<Recording>();
    expect(recording.status).toBe('ready');
    expect((await probeRecording(await readBytes(store, callId, 'recording', 0, recording.bytes))).numberOfChannels).toBe(2);
  });

  it('continues the same upload when the console creates it again after losing its address', async () => {
    const callId = callLogId();
    const first = await createUpload(base, agent1, { callId, length: fixture.byteLength });
    await patchUpload(base, agent1, first.headers.get('location') ?? '', 0, fixture.subarray(0, 5_000));
    const again = await createUpload(base, agent1, { callId, length: fixture.byteLength });
    expect(again.status).toBe(201);
    expect(again.headers.get('location')).toBe(first.headers.get('location'));
    expect(again.headers.get('upload-offset')).toBe('5000');
  });

  it('refuses a second upload with 409 when the call has a recording already', async () => {
    const callId = callLogId();
    await uploadWhole(base, agent1, callId, fixture);
    const again = await createUpload(base, agent1, { callId, length: fixture.byteLength });
    expect(again.status).toBe(409);
    expect(await again.json()).toMatchObject({ error: 'conflict', field: 'Upload-Metadata.callId' });
  });

  it('answers 413 without creating anything when Upload-Length is over the limit', async () => {
    const callId = callLogId();
    const response = await createUpload(base, agent1, { callId, length: RECORDING_MAX_BYTES + 1 });
    expect(response.status).toBe(413);
    expect(await response.json()).toMatchObject({ error: 'payload_too_large', field: 'Upload-Length' });
    expect((await getRecording(callId)).statusCode).toBe(404);
  });

  it.each([
    ['no callId', `filetype ${Buffer.from('audio/webm').toString('base64')}`],
    ['a callId that is no UUID', `callId ${Buffer.from('../../etc/passwd').toString('base64')}`],
    ['unparseable metadata', 'callId !!!not base64!!!'],
  ])('answers 400 naming Upload-Metadata when the metadata has %s', async (_what, metadata) => {
    const response = await createUpload(base, agent1, { length: 100, metadata });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { field: string }).field).toMatch(/^Upload-Metadata/);
  });

  it("answers 409 when the call id is another agent's call log", async () => {
    const record = callLogRecord({ id: callLogId() });
    const batch = await hub.app.inject({ method: 'POST', url: '/api/v1/call-logs/batch', headers: bearer(agent2), payload: { records: [record] } });
    expect(batch.json<{ results: { outcome: string }[] }>().results[0]?.outcome).toBe('created');
    const response = await createUpload(base, agent1, { callId: record.id, length: fixture.byteLength });
    expect(response.status).toBe(409);
    expect((await getRecording(record.id, agent2)).statusCode).toBe(404);
  });

  it("answers 403 when an agent sends bytes to another agent's upload", async () => {
    const callId = callLogId();
    const created = await createUpload(base, agent1, { callId, length: fixture.byteLength });
    const location = created.headers.get('location') ?? '';
    expect((await patchUpload(base, agent2, location, 0, fixture)).status).toBe(403);
    expect((await headUpload(base, agent1, location)).headers.get('upload-offset')).toBe('0');
  });

  it('answers 403 when a role that does not record calls creates an upload', async () => {
    const qa = await hub.login('qa1');
    const response = await createUpload(base, qa, { callId: callLogId(), length: 100 });
    expect(response.status).toBe(403);
  });

  it('keeps the bytes as they came and marks the recording unreadable when they are not WebM/Opus', async () => {
    const callId = callLogId();
    const junk = new Uint8Array(4_000).map((_, i) => (i * 7) % 251);
    await uploadWhole(base, agent1, callId, junk);
    const recording = (await getRecording(callId)).json<Recording>();
    expect(recording).toMatchObject({ status: 'unreadable', bytes: junk.byteLength, durationMs: null });
    expect(Buffer.from(await readBytes(store, callId, 'recording', 0, junk.byteLength)).equals(Buffer.from(junk))).toBe(true);
  });

  it('takes the PATCH on a second hub when the upload was created on the first', async () => {
    const other = await hub.another({ recordings: store });
    const otherBase = await listen(other);
    const token = await loginAs(other, 'agent1');
    const callId = callLogId();
    const created = await createUpload(base, agent1, { callId, length: fixture.byteLength });
    const location = created.headers.get('location') ?? '';
    const half = Math.floor(fixture.byteLength / 2);
    expect((await patchUpload(base, agent1, location, 0, fixture.subarray(0, half))).status).toBe(204);
    const head = await headUpload(otherBase, token, location);
    expect(head.headers.get('upload-offset')).toBe(String(half));
    const rest = await patchUpload(otherBase, token, location, half, fixture.subarray(half));
    expect(rest.status).toBe(204);
    expect((await getRecording(callId)).json<Recording>().status).toBe('ready');
  });
});

describe('createHub without a recording store', () => {
  it('accepts and serves uploads from a temporary directory when none is given', async () => {
    const hub = await startTestHub('pglite');
    try {
      const base = await listen(hub.app);
      const token = await hub.login('agent1');
      const callId = callLogId();
      await uploadWhole(base, token, callId, fixture);
      const response = await hub.app.inject({ method: 'GET', url: `/api/v1/recordings/${callId}`, headers: bearer(token) });
      expect(response.json<Recording>().status).toBe('ready');
    } finally {
      await hub.close();
    }
  });
});
