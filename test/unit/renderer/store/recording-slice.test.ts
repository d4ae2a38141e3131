import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { User } from '../../../../shared/api/auth';
import type { OrgDesign } from '../../../../shared/api/org';
import type { AppDb } from '../../../../renderer/src/services/local-db/app-db';
import { beginRecording, appendChunk } from '../../../../renderer/src/services/recording/recording-store';
import type { TusOptions } from '../../../../renderer/src/services/recording/recording-uploader';
import { configureStoreDeps, resetStore, useConsoleStore } from '../../../../renderer/src/store';
import { callId, freshAppDb } from '../support/call-log-builders';
import { fakeClock, settle, until } from '../support/fake-clock';
import { fakeHub } from '../support/fake-hub';
import { fakeSipPhone } from '../support/fake-sip-phone';
import { AGENT_PHONE_CONFIG } from '../support/phone-config';
import { quietConsole, storeTestDeps } from '../support/store-test-deps';
import { fakeCallMedia, fakeRecorderMedia } from '../services/recording/support/fake-recorder-media';

const HUB = 'http://127.0.0.1:8790';
const agent: User = { id: '0193a1b2-0000-7000-8000-000000000001', username: 'agent1', role: 'agent', displayName: '张敏', departmentCode: 'acceptance' };
const org: OrgDesign = { departments: [], queues: [], transferTargets: [], escalationChain: [] };

let clock: ReturnType<typeof fakeClock>;
let sip: ReturnType<typeof fakeSipPhone>;
let media: ReturnType<typeof fakeRecorderMedia>;
let tusUploads: { file: Blob; options: TusOptions }[];
let analysisPuts: string[];
let databases: Map<string, ReturnType<typeof freshAppDb>>;

const state = () => useConsoleStore.getState();
const db = (): AppDb => {
  const open = state().callLogDb();
  if (!open) throw new Error('no database is open');
  return open;
};

beforeEach(() => {
  resetStore();
  const hub = fakeHub();
  clock = fakeClock();
  sip = fakeSipPhone({ now: clock.clock.now });
  media = fakeRecorderMedia();
  tusUploads = [];
  analysisPuts = [];
  databases = new Map();
  const test = storeTestDeps({ hub, phone: () => sip.phone, clock: clock.clock });
  test.deps.openAppDb = (userId) => {
    const known = databases.get(userId);
    const opened = known ? { ...known, db: known.reopen() } : freshAppDb(undefined, `callcenter-console.${userId}`);
    databases.set(userId, opened);
    return opened.db;
  };
  test.deps.recording = {
    media: media.deps,
    createUpload: (file, options) => {
      tusUploads.push({ file, options });
      return { url: null, start: () => undefined, abort: async () => undefined };
    },
    fetch: (async (input: RequestInfo | URL) => {
      analysisPuts.push(String(input));
      return new Response(null, { status: 204 });
    }) as typeof fetch,
  };
  configureStoreDeps(test.deps);
  hub.handlers.login = async () => ({ token: 'tok-1', user: agent, expiresAt: '2026-11-24T09:00:00.000Z' });
  hub.handlers.phoneConfig = async () => AGENT_PHONE_CONFIG;
  hub.handlers.org = async () => org;
  hub.handlers.uploadCallLogs = async (_token, batch) => ({ results: batch.records.map((r, index) => ({ index, id: r.id, outcome: 'created' as const })) });
  quietConsole();
});

afterEach(() => {
  resetStore();
  vi.restoreAllMocks();
});

async function logIn(): Promise<void> {
  await state().restoreSession(HUB);
  await state().login({ username: agent.username, password: 'demo1234' });
  await settle();
  await until(() => state().recording.status === 'ready', 'recording is ready');
}

async function answeredCall(id: string): Promise<void> {
  sip.setCallMedia(id, fakeCallMedia());
  sip.ring({ number: '13800138000' }, 'consult', id);
  await until(() => state().phone.snapshot?.calls.some((c) => c.id === id) === true, 'the call rings');
  await state().answer(id);
  await until(() => state().recording.calls[id]?.state === 'recording', 'the call is recorded');
}

describe('recording slice', () => {
  it('does not record a call before it is answered', async () => {
    await logIn();
    const id = callId(1);
    sip.setCallMedia(id, fakeCallMedia());
    sip.ring({ number: '13800138000' }, 'consult', id);
    await settle(20);
    expect(state().recording.calls[id]).toBeUndefined();
    expect(media.recorder).toBeNull();
  });

  it('records an answered call through hold and finishes the recording when the call ends, then uploads it', async () => {
    await logIn();
    const id = callId(2);
    await answeredCall(id);
    expect(await db().recordings.get(id)).toMatchObject({ status: 'recording' });
    await state().hold(id);
    await settle(10);
    expect(state().recording.calls[id]?.state).toBe('recording');
    media.chunk('audio');
    sip.remoteHangUp(id);
    await until(() => tusUploads.length === 1, 'the recording is uploaded after the call');
    expect(state().recording.calls[id]).toBeUndefined();
    expect(await tusUploads[0]!.file.text()).toBe('audiotail');
    expect(tusUploads[0]!.options).toMatchObject({ endpoint: `${HUB}/api/v1/recordings/uploads`, metadata: { callId: id }, headers: { Authorization: 'Bearer tok-1' } });
    expect(analysisPuts).toEqual([`${HUB}/api/v1/recordings/${id}/analysis`]);
  });

  it('silences the recorder and writes who paused and why into the call log when the agent pauses', async () => {
    await logIn();
    const id = callId(3);
    await answeredCall(id);
    media.setTime(30);
    expect(await state().pauseRecording(id, '银行卡号', 'manual')).toBe(true);
    expect(state().recording.calls[id]).toMatchObject({ state: 'paused', reason: '银行卡号', source: 'manual' });
    expect(media.gains.map((g) => g.values.at(-1))).toEqual([
      [0, 30],
      [0, 30],
    ]);
    media.setTime(40);
    expect(await state().resumeRecording(id)).toBe(true);
    expect(state().recording.calls[id]?.state).toBe('recording');
    await until(async () => ((await db().callLogs.get(id))?.events ?? []).some((e) => e.type === 'recording_resumed'), 'the resume is in the call log');
    const events = (await db().callLogs.get(id))!.events.filter((e) => e.type.startsWith('recording_'));
    expect(events.map((e) => [e.type, e.detail])).toEqual([
      ['recording_paused', { reason: '银行卡号', source: 'manual', by: '张敏' }],
      ['recording_resumed', { source: 'manual', by: '张敏' }],
    ]);
    expect((await db().recordings.get(id))?.pauses).toEqual([
      { startMs: 17_500, endMs: 27_500, source: 'manual', byUserId: agent.id, byName: '张敏', reason: '银行卡号' },
    ]);
  });

  it('writes no second pause event when the recording is already paused', async () => {
    await logIn();
    const id = callId(4);
    await answeredCall(id);
    await state().pauseRecording(id, '银行卡号', 'script');
    expect(await state().pauseRecording(id, '身份证号', 'manual')).toBe(false);
    await settle(10);
    const events = (await db().callLogs.get(id))!.events.filter((e) => e.type === 'recording_paused');
    expect(events).toHaveLength(1);
  });

  it('finishes and uploads a recording left recording by a crash when the agent logs in again', async () => {
    const leftover = callId(5);
    const { db: early } = freshAppDb(undefined, `callcenter-console.${agent.id}`);
    databases.set(agent.id, { db: early, factory: undefined as never, name: `callcenter-console.${agent.id}`, reopen: () => early });
    await early.open();
    await beginRecording(early, { callId: leftover, startedAt: '2026-11-24T00:00:00.000Z', mimeType: 'audio/webm' }, 0);
    await appendChunk(early, leftover, { blob: new Blob(['kept']), agent: [1], customer: [2], durationMs: 100 }, 0);
    early.close();
    await logIn();
    expect(state().recording.recovered).toBe(1);
    await until(() => tusUploads.length === 1, 'the leftover is uploaded');
    expect(await tusUploads[0]!.file.text()).toBe('kept');
  });
});
