import { afterEach, describe, expect, it } from 'vitest';
import type Dexie from 'dexie';
import { startCallRecorder, RECORDING_TIMESLICE_MS } from '../../../../../renderer/src/services/recording/call-recorder';
import { chunksOf } from '../../../../../renderer/src/services/recording/recording-store';
import { freshAppDb } from '../../support/call-log-builders';
import { until } from '../../support/fake-clock';
import { fakeCallMedia, fakeRecorderMedia, fakeStream } from './support/fake-recorder-media';
import { quietLog, recorderClock, T0 } from './support/recording-clock';

const CALL = '0190f3a0-0000-7000-8000-000000000001';
const agent = { userId: '0190f3a0-0000-7000-8000-0000000000aa', name: '李娜' };

const opened: Dexie[] = [];
afterEach(() => {
  for (const db of opened.splice(0)) db.close();
});

async function setUp(options: { levelsFail?: boolean; now?: () => number } = {}) {
  const { db } = freshAppDb();
  opened.push(db);
  await db.open();
  const media = fakeRecorderMedia(options);
  const errors: unknown[] = [];
  const recorder = await startCallRecorder({
    callId: CALL,
    media: fakeCallMedia(),
    db,
    deps: media.deps,
    clock: recorderClock(options.now),
    log: quietLog,
    onWriteError: (error) => errors.push(error),
  });
  return { db, media, recorder, errors };
}

describe('startCallRecorder', () => {
  it('wires agent to the left and customer to the right through the level meter when the call is recorded', async () => {
    const { media } = await setUp();
    expect(media.connections).toEqual(
      expect.arrayContaining(['gain0->merger:0', 'gain1->merger:1', 'merger->levels', 'levels->destination', 'source0->gain0', 'source1->gain1']),
    );
    expect(media.recorder?.timeslice).toBe(RECORDING_TIMESLICE_MS);
    expect(media.recorder?.mimeType).toBe('audio/webm;codecs=opus');
  });

  it('dates the recording from when the recorder started, not from when the set-up began, so call-log markers line up', async () => {
    // The worklet's loading (and the first IndexedDB write) can take seconds on a busy PC: the wall
    // clock moves on between entering startCallRecorder and MediaRecorder.start().
    let now = T0;
    const { db, media } = await setUp({ now: () => (now += 700) });
    // Entering took T0 + 700; the start is stamped after the set-up's own readings of the clock.
    await until(async () => Date.parse((await db.recordings.get(CALL))!.startedAt) - T0 > 700, 'the start is re-dated');
    expect(media.posted[0]).toBe('start');
  });

  it('still records the audio when the level meter cannot load', async () => {
    const { media, db } = await setUp({ levelsFail: true });
    expect(media.connections).toContain('merger->destination');
    expect(await db.recordings.get(CALL)).toMatchObject({ status: 'recording' });
  });

  it('writes each chunk to IndexedDB as MediaRecorder hands it over, with the levels that came before it', async () => {
    const { db, media } = await setUp();
    expect(await db.recordings.get(CALL)).toMatchObject({ status: 'recording', startedAt: new Date(T0).toISOString(), chunkCount: 0 });
    media.levels([10, 20], [30, 40]);
    media.setTime(13.5);
    media.chunk('one');
    await until(async () => (await db.recordingChunks.count()) === 1, 'the first chunk is written');
    media.chunk('two');
    await until(async () => (await db.recordingChunks.count()) === 2, 'the second chunk is written');
    const chunks = await chunksOf(db, CALL);
    expect(await Promise.all(chunks.map((c) => c.blob.text()))).toEqual(['one', 'two']);
    expect(chunks[0]).toMatchObject({ seq: 0, agent: [10, 20], customer: [30, 40] });
    expect(chunks[1]).toMatchObject({ seq: 1, agent: [], customer: [] });
    expect(await db.recordings.get(CALL)).toMatchObject({ bytes: 6, chunkCount: 2, durationMs: 1000 });
  });

  it('silences both channels at the audio clock time of the pause and keeps who paused and why', async () => {
    const { db, media, recorder } = await setUp();
    media.setTime(20.5);
    const pause = await recorder.pause('银行卡号', 'manual', agent);
    expect(media.gains.map((g) => g.values)).toEqual([[[0, 20.5]], [[0, 20.5]]]);
    expect(pause).toEqual({ startMs: 8000, endMs: null, source: 'manual', byUserId: agent.userId, byName: '李娜', reason: '银行卡号' });
    expect((await db.recordings.get(CALL))?.pauses).toEqual([pause]);
    expect(recorder.currentPause).toEqual(pause);
  });

  it('keeps the first reason when asked to pause while already paused', async () => {
    const { media, recorder } = await setUp();
    await recorder.pause('银行卡号', 'script', agent);
    expect(await recorder.pause('身份证号', 'manual', agent)).toBeNull();
    expect(recorder.pauses.map((p) => p.reason)).toEqual(['银行卡号']);
    expect(media.gains[0]!.values).toHaveLength(1);
  });

  it('restores the sound at the time of the resume and closes the pause', async () => {
    const { db, media, recorder } = await setUp();
    media.setTime(14.5);
    await recorder.pause('身份证号', 'script', agent);
    media.setTime(19.75);
    const ended = await recorder.resume();
    expect(media.gains.map((g) => g.values)).toEqual([
      [
        [0, 14.5],
        [1, 19.75],
      ],
      [
        [0, 14.5],
        [1, 19.75],
      ],
    ]);
    expect(ended).toMatchObject({ startMs: 2000, endMs: 7250, source: 'script', reason: '身份证号' });
    expect((await db.recordings.get(CALL))?.pauses).toEqual([ended]);
    expect(await recorder.resume()).toBeNull();
  });

  it('writes the last chunk and the last levels and marks the recording finished when stopped', async () => {
    const { db, media, recorder } = await setUp();
    media.chunk('one');
    media.holdFinalLevels([5], [6]);
    media.setLastChunk('tail');
    media.setTime(15);
    await recorder.stop();
    const row = await db.recordings.get(CALL);
    expect(row).toMatchObject({ status: 'finished', durationMs: 2500 });
    const chunks = await chunksOf(db, CALL);
    expect(await Promise.all(chunks.map((c) => c.blob.text()))).toEqual(['one', 'tail']);
    expect(chunks.flatMap((c) => c.agent)).toEqual([5]);
    expect(media.posted).toEqual(['start', 'stop']);
    expect(media.closed).toBe(true);
  });

  it('keeps an open pause open (endMs null) when the recording ends during it', async () => {
    const { db, media, recorder } = await setUp();
    media.setTime(13);
    await recorder.pause('银行卡号', 'manual', agent);
    await recorder.stop();
    expect((await db.recordings.get(CALL))?.pauses).toEqual([expect.objectContaining({ startMs: 500, endMs: null })]);
  });

  it('refuses a second recording of the same call', async () => {
    const { db } = await setUp();
    const media = fakeRecorderMedia();
    await expect(
      startCallRecorder({ callId: CALL, media: fakeCallMedia(), db, deps: media.deps, clock: recorderClock(), log: quietLog, onWriteError: () => undefined }),
    ).rejects.toThrow(/already has a recording/);
    expect(media.closed).toBe(true);
  });

  it('records the customer side alone when the microphone has no track', async () => {
    const { db } = freshAppDb();
    opened.push(db);
    const media = fakeRecorderMedia();
    await startCallRecorder({
      callId: CALL,
      media: { local: fakeStream(0), remote: fakeStream() },
      db,
      deps: media.deps,
      clock: recorderClock(),
      log: quietLog,
      onWriteError: () => undefined,
    });
    expect(media.connections.filter((c) => c.startsWith('source'))).toEqual(['source0->gain1']);
  });
});
