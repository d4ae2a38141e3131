import { CallLogBatchResponseSchema, type CallLogRecord } from '../../../shared/api/call-logs';
import { RECORDING_UPLOAD_PATH, RecordingSchema, ReplayTicketSchema, type Recording, type RecordingAnalysis, type ReplayTicket } from '../../../shared/api/recordings';

/**
 * The hub's recording API as a console would use it, over plain HTTP (Node's fetch): for tests and
 * benchmarks that need recordings on the hub without recording a call first. The upload speaks tus
 * 1.0.0 by hand, so a test sees each request the protocol makes.
 */

const auth = (token: string) => ({ authorization: `Bearer ${token}` });

async function expectStatus(response: Response, wanted: number[], what: string): Promise<Response> {
  if (!wanted.includes(response.status)) throw new Error(`${what}: ${response.status} ${await response.text()}`);
  return response;
}

export async function login(hubUrl: string, username: string, password = 'demo1234'): Promise<string> {
  const response = await expectStatus(
    await fetch(`${hubUrl}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) }),
    [200],
    `login ${username}`,
  );
  return ((await response.json()) as { token: string }).token;
}

/** The console's call-log upload; the recording is filed under the call log's id. */
export async function uploadCallLogs(hubUrl: string, token: string, records: CallLogRecord[]): Promise<void> {
  const response = await expectStatus(
    await fetch(`${hubUrl}/api/v1/call-logs/batch`, { method: 'POST', headers: { ...auth(token), 'content-type': 'application/json' }, body: JSON.stringify({ records }) }),
    [200],
    'call-log batch',
  );
  const rejected = CallLogBatchResponseSchema.parse(await response.json()).results.filter((r) => r.outcome === 'rejected');
  if (rejected.length > 0) throw new Error(`call-log batch rejected: ${JSON.stringify(rejected)}`);
}

export async function putAnalysis(hubUrl: string, token: string, callId: string, analysis: RecordingAnalysis): Promise<void> {
  await expectStatus(
    await fetch(`${hubUrl}/api/v1/recordings/${callId}/analysis`, { method: 'PUT', headers: { ...auth(token), 'content-type': 'application/json' }, body: JSON.stringify(analysis) }),
    [200, 201, 204],
    'recording analysis',
  );
}

/** tus creation + PATCHes of `chunkBytes`; returns the upload's URL. */
export async function tusUpload(hubUrl: string, token: string, callId: string, bytes: Uint8Array, { chunkBytes = 8 * 1024 * 1024 } = {}): Promise<string> {
  const created = await expectStatus(
    await fetch(`${hubUrl}${RECORDING_UPLOAD_PATH}`, {
      method: 'POST',
      headers: {
        ...auth(token),
        'tus-resumable': '1.0.0',
        'upload-length': String(bytes.byteLength),
        'upload-metadata': `callId ${Buffer.from(callId).toString('base64')},filetype ${Buffer.from('audio/webm').toString('base64')}`,
      },
    }),
    [201],
    'tus creation',
  );
  const location = created.headers.get('location');
  if (!location) throw new Error('tus creation: no Location');
  const uploadUrl = new URL(location, hubUrl).toString();
  for (let offset = 0; offset < bytes.byteLength; offset += chunkBytes) {
    const chunk = bytes.subarray(offset, Math.min(bytes.byteLength, offset + chunkBytes));
    await expectStatus(
      await fetch(uploadUrl, {
        method: 'PATCH',
        headers: { ...auth(token), 'tus-resumable': '1.0.0', 'upload-offset': String(offset), 'content-type': 'application/offset+octet-stream' },
        // A copy in an ArrayBuffer of its own: the DOM typing of fetch takes no view of a shared buffer.
        body: new Blob([new Uint8Array(chunk)]),
      }),
      [204],
      `tus PATCH at ${offset}`,
    );
  }
  return uploadUrl;
}

export async function getRecording(hubUrl: string, token: string, callId: string): Promise<Recording | null> {
  const response = await fetch(`${hubUrl}/api/v1/recordings/${callId}`, { headers: auth(token) });
  if (response.status === 404) return null;
  await expectStatus(response, [200], 'recording');
  return RecordingSchema.parse(await response.json());
}

/** Polls until the hub has the whole file, made seekable. */
export async function waitRecordingReady(hubUrl: string, token: string, callId: string, timeoutMs = 60_000): Promise<Recording> {
  const deadline = Date.now() + timeoutMs;
  let last: Recording | null = null;
  while (Date.now() < deadline) {
    last = await getRecording(hubUrl, token, callId);
    if (last?.status === 'ready') return last;
    if (last?.status === 'unreadable') throw new Error(`recording ${callId} is unreadable`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`recording ${callId} not ready after ${timeoutMs} ms: ${JSON.stringify(last)}`);
}

export async function replayTicket(hubUrl: string, token: string, callId: string, purpose: 'review' | 'calibration' | 'own_call' | 'supervision' = 'review'): Promise<ReplayTicket> {
  const response = await expectStatus(
    await fetch(`${hubUrl}/api/v1/recordings/${callId}/replays`, { method: 'POST', headers: { ...auth(token), 'content-type': 'application/json' }, body: JSON.stringify({ purpose }) }),
    [200, 201],
    'replay ticket',
  );
  return ReplayTicketSchema.parse(await response.json());
}

/** Flat levels for an analysis: `level` in every frame of both channels. */
export function flatAnalysis(startedAt: string, durationMs: number, level = 120): RecordingAnalysis {
  const frames = Math.ceil(durationMs / 100);
  return { startedAt, durationMs, frameMs: 100, agent: new Array<number>(frames).fill(level), customer: new Array<number>(frames).fill(level), pauses: [] };
}
