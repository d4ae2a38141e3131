import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { RecordingAnalysis, Recording, ReplayLog, ReplayTicket } from '../../../shared/api/recordings';
import { REPLAY_TICKET_TTL_MS } from '../../../hub/src/recordings/routes';
import { diskRecordingStore, readBytes, type RecordingStore } from '../../../hub/src/recordings/recording-store';
import { callLogId, callLogRecord } from '../../support/call-log-records';
import { bearer, startTestHub, type TestHub } from '../../support/hub-app';
import { describeEachBackend } from '../../support/hub-db';
import { recordingFixture } from '../../support/long-recording';
import { createUpload, listen, uploadWhole } from '../../support/recording-uploads';

const fixture = recordingFixture();

/** 60 frames: agent talks 0–2 s, nobody 2–4 s, customer 4–6 s. */
function analysis(startedAt: string, patch: Partial<RecordingAnalysis> = {}): RecordingAnalysis {
  const frames = 60;
  return {
    startedAt,
    durationMs: frames * 100,
    frameMs: 100,
    agent: Array.from({ length: frames }, (_, i) => (i < 20 ? 200 : 0)),
    customer: Array.from({ length: frames }, (_, i) => (i >= 40 ? 200 : 0)),
    pauses: [],
    ...patch,
  };
}

describeEachBackend('recording routes', (backend) => {
  let hub: TestHub;
  let dir: string;
  let store: RecordingStore;
  let base: string;
  const tokens: Record<string, string> = {};
  /** agent1's call with a call log (a hold from 2.5 s to 3.5 s), its recording and analysis. */
  let callId: string;
  const startedAt = '2026-03-02T08:50:06.000Z';

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'recording-routes-test-'));
    store = diskRecordingStore(dir);
    hub = await startTestHub(backend, { recordings: store });
    base = await listen(hub.app);
    for (const name of ['agent1', 'agent2', 'callback1', 'qa1', 'supervisor1', 'manager1', 'admin', 'field1']) tokens[name] = await hub.login(name);
    const record = callLogRecord({
      id: callLogId(),
      events: [
        { seq: 0, type: 'ringing', at: '2026-03-02T08:50:00.000Z' },
        { seq: 1, type: 'answered', at: startedAt },
        { seq: 2, type: 'held', at: '2026-03-02T08:50:08.500Z' },
        { seq: 3, type: 'resumed', at: '2026-03-02T08:50:09.500Z' },
        { seq: 4, type: 'ended', at: '2026-03-02T08:50:12.000Z' },
      ],
    });
    callId = record.id;
    await hub.app.inject({ method: 'POST', url: '/api/v1/call-logs/batch', headers: bearer(tokens.agent1!), payload: { records: [record] } });
    const put = await putAnalysis(callId, 'agent1', analysis(startedAt));
    expect(put.statusCode).toBe(204);
    await uploadWhole(base, tokens.agent1!, callId, fixture);
  });

  afterAll(async () => {
    await hub.close();
    await rm(dir, { recursive: true, force: true });
  });

  const putAnalysis = (id: string, who: string, body: unknown) =>
    hub.app.inject({ method: 'PUT', url: `/api/v1/recordings/${id}/analysis`, headers: bearer(tokens[who]!), payload: body as object });
  const get = (url: string, who: string) => hub.app.inject({ method: 'GET', url, headers: bearer(tokens[who]!) });
  const replay = (id: string, who: string, purpose = 'review') =>
    hub.app.inject({ method: 'POST', url: `/api/v1/recordings/${id}/replays`, headers: bearer(tokens[who]!), payload: { purpose } });

  it('computes the measures from the analysis and the call log when the recording is read', async () => {
    const recording = (await get(`/api/v1/recordings/${callId}`, 'qa1')).json<Recording>();
    expect(recording.startedAt).toBe(startedAt);
    expect(recording.agentName).toBe('张敏');
    expect(recording.measures).toEqual({
      agentTalkMs: 2000,
      customerTalkMs: 2000,
      agentTalkRatio: 0.5,
      overtalkMs: 0,
      overtalkCount: 0,
      // 2–4 s is silent, but the hold (2.5–3.5 s) splits it: 2.0–2.5 and 3.5–4.0.
      longestSilenceMs: 500,
      longestSilenceAtMs: 2000,
      holdMs: 1000,
    });
  });

  it('replaces the analysis when the console sends it again', async () => {
    const id = callLogId();
    expect((await putAnalysis(id, 'agent2', analysis(startedAt))).statusCode).toBe(204);
    const louder = analysis(startedAt, { agent: Array.from({ length: 60 }, () => 500) });
    expect((await putAnalysis(id, 'agent2', louder)).statusCode).toBe(204);
    await uploadWhole(base, tokens.agent2!, id, fixture);
    const levels = (await get(`/api/v1/recordings/${id}/levels`, 'agent2')).json<{ agent: number[] }>();
    expect(levels.agent.every((level) => level === 500)).toBe(true);
  });

  it.each([
    ['frameMs', { frameMs: 50 }],
    ['agent.3', { agent: [1, 2, 3, 2000] }],
    ['pauses.0.reason', { pauses: [{ startMs: 0, endMs: 10, source: 'manual', byUserId: callLogId(), byName: 'x', reason: '' }] }],
  ])('answers 400 naming %s and keeps the stored analysis when the analysis is bad', async (field, patch) => {
    const response = await putAnalysis(callId, 'agent1', analysis(startedAt, patch as Partial<RecordingAnalysis>));
    expect(response.statusCode).toBe(400);
    expect(response.json<{ field: string }>().field).toBe(field);
    expect((await get(`/api/v1/recordings/${callId}/levels`, 'agent1')).json<{ agent: number[] }>().agent[0]).toBe(200);
  });

  it('answers 400 naming customer when the channels have different numbers of frames', async () => {
    const response = await putAnalysis(callId, 'agent1', analysis(startedAt, { customer: [1, 2] }));
    expect(response.statusCode).toBe(400);
    expect(response.json<{ field: string }>().field).toBe('customer');
  });

  it("answers 409 when an agent sends the analysis of another agent's call", async () => {
    expect((await putAnalysis(callId, 'agent2', analysis(startedAt))).statusCode).toBe(409);
  });

  it('answers 403 when a role that does not record sends an analysis', async () => {
    expect((await putAnalysis(callLogId(), 'qa1', analysis(startedAt))).statusCode).toBe(403);
  });

  it.each(['qa1', 'supervisor1', 'manager1', 'admin', 'agent1'])('lets %s read the recording and its levels', async (who) => {
    expect((await get(`/api/v1/recordings/${callId}`, who)).statusCode).toBe(200);
    expect((await get(`/api/v1/recordings/${callId}/levels`, who)).json<{ agent: number[] }>().agent).toHaveLength(60);
  });

  it.each(['agent2', 'callback1', 'field1'])('answers 403 when %s reads or replays the recording', async (who) => {
    expect((await get(`/api/v1/recordings/${callId}`, who)).statusCode).toBe(403);
    expect((await get(`/api/v1/recordings/${callId}/levels`, who)).statusCode).toBe(403);
    expect((await replay(callId, who, 'own_call')).statusCode).toBe(403);
  });

  it('answers 403 to department staff even for a call that has no recording', async () => {
    expect((await get(`/api/v1/recordings/${callLogId()}`, 'field1')).statusCode).toBe(403);
  });

  it('logs one row per replay with who, role and purpose', async () => {
    const id = callLogId();
    await uploadWhole(base, tokens.agent1!, id, fixture);
    for (const [who, purpose] of [['qa1', 'review'], ['qa1', 'review'], ['agent1', 'own_call']] as const) {
      expect((await replay(id, who, purpose)).statusCode).toBe(201);
      hub.clock.advance(1_000);
    }
    const log = (await get(`/api/v1/recordings/${id}/replays`, 'supervisor1')).json<ReplayLog>();
    expect(log.replays.map((r) => [r.userName, r.role, r.purpose])).toEqual([
      ['刘洋', 'qa', 'review'],
      ['刘洋', 'qa', 'review'],
      ['张敏', 'agent', 'own_call'],
    ]);
  });

  it('answers 403 when an agent reads the replay log', async () => {
    expect((await get(`/api/v1/recordings/${callId}/replays`, 'agent1')).statusCode).toBe(403);
  });

  it('answers 409 recording_not_ready when the recording is still uploading', async () => {
    const id = callLogId();
    await createUpload(base, tokens.agent1!, { callId: id, length: fixture.byteLength });
    const response = await replay(id, 'qa1');
    expect(response.statusCode).toBe(409);
    expect(response.json<{ error: string }>().error).toBe('recording_not_ready');
  });

  it('serves the whole file with 200 and a ticket expiring in 15 minutes when no Range is asked', async () => {
    const ticket = (await replay(callId, 'qa1')).json<ReplayTicket>();
    expect(Date.parse(ticket.expiresAt) - hub.clock.now().getTime()).toBe(REPLAY_TICKET_TTL_MS);
    const response = await fetch(new URL(ticket.url, base));
    expect(response.status).toBe(200);
    const body = Buffer.from(await response.arrayBuffer());
    const size = (await get(`/api/v1/recordings/${callId}`, 'qa1')).json<Recording>().bytes;
    expect(body.equals(Buffer.from(await readBytes(store, callId, 'recording', 0, size)))).toBe(true);
  });

  it('answers 416 with the size when the Range is outside the file', async () => {
    const ticket = (await replay(callId, 'qa1')).json<ReplayTicket>();
    const size = (await get(`/api/v1/recordings/${callId}`, 'qa1')).json<Recording>().bytes;
    const response = await fetch(new URL(ticket.url, base), { headers: { range: `bytes=${size}-` } });
    expect(response.status).toBe(416);
    expect(response.headers.get('content-range')).toBe(`bytes */${size}`);
  });

  it('answers 401 when the ticket is missing, wrong or expired, and 403 when it is for another call', async () => {
    const url = new URL((await replay(callId, 'qa1')).json<ReplayTicket>().url, base);
    const noTicket = new URL(url);
    noTicket.search = '';
    expect((await fetch(noTicket)).status).toBe(401);
    const wrong = new URL(url);
    wrong.searchParams.set('ticket', 'x'.repeat(43));
    expect((await fetch(wrong)).status).toBe(401);
    const other = callLogId();
    await uploadWhole(base, tokens.agent1!, other, fixture);
    const elsewhere = new URL(url);
    elsewhere.pathname = `/api/v1/recordings/${other}/audio`;
    expect((await fetch(elsewhere)).status).toBe(403);
    expect((await fetch(url, { headers: { range: 'bytes=0-0' } })).status).toBe(206);
    hub.clock.advance(REPLAY_TICKET_TTL_MS + 1);
    expect((await fetch(url)).status).toBe(401);
  });
});
