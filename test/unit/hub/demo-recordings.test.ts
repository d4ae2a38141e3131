import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Recording, RecordingLevels, ReplayTicket } from '../../../shared/api/recordings';
import { DEMO_PAUSE_REASON, seedDemoRecordings } from '../../../hub/src/seed/demo-recordings';
import { stableUuid } from '../../../hub/src/seed/prng';
import { diskRecordingStore, readBytes, type RecordingStore } from '../../../hub/src/recordings/recording-store';
import { bearer, startTestHub, type TestHub } from '../../support/hub-app';
import { describeEachBackend } from '../../support/hub-db';

describeEachBackend('demo recordings', (backend) => {
  let hub: TestHub;
  let dir: string;
  let store: RecordingStore;
  let qa1: string;
  let added: number;
  /** The demo's reviews (demo-qa.ts): their calls and the calls' agents and answers. */
  let demoCalls: { call_id: string; agent_id: string; answered_at: Date }[];
  /** An answered demo floor call sampled by hand (a random review id): not the demo's to fill. */
  let sampledCallId: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'demo-recordings-test-'));
    store = diskRecordingStore(dir);
    hub = await startTestHub(backend, { recordings: store });
    qa1 = await hub.login('qa1');
    demoCalls = (
      await hub.db.query<{ call_id: string; agent_id: string; answered_at: Date }>(
        `select r.call_id, l.agent_id, l.answered_at from qa_reviews r join call_logs l on l.id = r.call_id order by r.call_id`,
      )
    ).rows;
    const { rows } = await hub.db.query<{ id: string; agent_id: string }>(
      `select id, agent_id from call_logs where answered_at is not null and id not in (select call_id from qa_reviews) order by id limit 1`,
    );
    const other = rows[0]!;
    sampledCallId = other.id;
    await hub.db.query(
      `insert into qa_reviews (id, call_id, agent_id, assessor_id, reasons, scorecard_id, scorecard_version, sampled_at)
       select $1, $2, $3, u.id, array['manual'], s.id, s.version, $4 from users u, qa_scorecards s
        where u.username = 'qa1' and s.id = 'call-quality' order by s.version desc limit 1`,
      [stableUuid(`a hand-picked review of ${other.id}`), other.id, other.agent_id, hub.clock.now()],
    );
    added = await seedDemoRecordings(hub.db, store, hub.clock);
  });

  afterAll(async () => {
    await hub?.close();
    await rm(dir, { recursive: true, force: true });
  });

  const read = async (callId: string) =>
    (await hub.app.inject({ method: 'GET', url: `/api/v1/recordings/${callId}`, headers: bearer(qa1) })).json<Recording>();

  it("gives every demo review's call a ready recording from the call's answer, paused for the card number, when the demo is seeded", async () => {
    expect(demoCalls.length).toBeGreaterThan(0);
    expect(added).toBe(demoCalls.length);
    for (const call of demoCalls) {
      const recording = await read(call.call_id);
      expect(recording.status).toBe('ready');
      expect(recording.agentId).toBe(call.agent_id);
      expect(recording.startedAt).toBe(new Date(call.answered_at).toISOString());
      expect(recording.durationMs).toBeGreaterThan(70_000);
      expect(recording.durationMs).toBeLessThan(80_000);
      expect(recording.bytes).toBe(await store.size(call.call_id, 'recording'));
      expect(recording.pauses).toEqual([
        { startMs: 50_000, endMs: 58_000, source: 'script', byUserId: call.agent_id, byName: recording.agentName, reason: DEMO_PAUSE_REASON },
      ]);
    }
  });

  it('leaves a call without a recording when its review is not one the demo made', async () => {
    const response = await hub.app.inject({ method: 'GET', url: `/api/v1/recordings/${sampledCallId}`, headers: bearer(qa1) });
    expect(response.statusCode).toBe(404);
  });

  it('hands qa1 a ticket and answers a byte range with 206 when a demo recording is replayed', async () => {
    const callId = demoCalls[0]!.call_id;
    const replay = await hub.app.inject({ method: 'POST', url: `/api/v1/recordings/${callId}/replays`, headers: bearer(qa1), payload: { purpose: 'review' } });
    expect(replay.statusCode).toBe(201);
    const ticket = replay.json<ReplayTicket>();
    expect(ticket.url).toMatch(new RegExp(`^/api/v1/recordings/${callId}/audio\\?ticket=`));
    const size = (await read(callId)).bytes;
    const audio = await hub.app.inject({ method: 'GET', url: ticket.url, headers: { range: 'bytes=1000-1999' } });
    expect(audio.statusCode).toBe(206);
    expect(audio.headers['content-range']).toBe(`bytes 1000-1999/${size}`);
    expect(audio.rawPayload.equals(Buffer.from(await readBytes(store, callId, 'recording', 1000, 2000)))).toBe(true);
  });

  it('measures talk on both sides, an overtalk and a silence of at least 5 s when a demo recording is read', async () => {
    for (const call of demoCalls) {
      const { measures } = await read(call.call_id);
      expect(measures).not.toBeNull();
      expect(measures!.agentTalkMs).toBeGreaterThan(0);
      expect(measures!.customerTalkMs).toBeGreaterThan(0);
      expect(measures!.overtalkMs).toBeGreaterThan(0);
      expect(measures!.longestSilenceMs).toBeGreaterThanOrEqual(5_000);
    }
    const levels = (
      await hub.app.inject({ method: 'GET', url: `/api/v1/recordings/${demoCalls[0]!.call_id}/levels`, headers: bearer(qa1) })
    ).json<RecordingLevels>();
    // The pause is digital silence in both channels: nothing of the card number is in the file.
    expect(levels.agent.slice(500, 580).every((level) => level === 0)).toBe(true);
    expect(levels.customer.slice(500, 580).every((level) => level === 0)).toBe(true);
  });

  it('adds nothing when the demo recordings are seeded again', async () => {
    const count = async () => (await hub.db.query<{ n: number }>(`select (select count(*) from recordings) + (select count(*) from recording_analyses) as n`)).rows[0]!.n;
    const before = Number(await count());
    expect(await seedDemoRecordings(hub.db, store, hub.clock)).toBe(0);
    expect(Number(await count())).toBe(before);
  });
});
