import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { User } from '../../../../shared/api/auth';
import type { CallLogRecord } from '../../../../shared/api/call-logs';
import type { OrgDesign } from '../../../../shared/api/org';
import type { PhoneConfig } from '../../../../shared/api/phone';
import type { AppDb, LocalCallLog } from '../../../../renderer/src/services/local-db/app-db';
import { configureStoreDeps, resetStore, useConsoleStore } from '../../../../renderer/src/store';
import { callId, freshAppDb } from '../support/call-log-builders';
import { fakeCallLogHub } from '../support/fake-call-log-hub';
import { fakeClock, settle, until } from '../support/fake-clock';
import { fakeHub } from '../support/fake-hub';
import { fakeSipPhone } from '../support/fake-sip-phone';
import { AGENT_PHONE_CONFIG } from '../support/phone-config';
import { quietConsole, storeTestDeps } from '../support/store-test-deps';

const HUB = 'http://127.0.0.1:8790';
const agent: User = { id: '0193a1b2-0000-7000-8000-000000000001', username: 'agent1', role: 'agent', displayName: '张敏', departmentCode: 'acceptance' };
const config: PhoneConfig = { ...AGENT_PHONE_CONFIG, dispositionCodes: [{ code: 'resolved', label: { 'zh-CN': '已解决', 'en-US': 'Resolved' } }] };
const org: OrgDesign = { departments: [], queues: [], transferTargets: [], escalationChain: [] };

let hub: ReturnType<typeof fakeHub>;
let hubSide: ReturnType<typeof fakeCallLogHub>;
let uploads: CallLogRecord[][];
let clock: ReturnType<typeof fakeClock>;
let sip: ReturnType<typeof fakeSipPhone>;
/** Every database the store opened, by user: one IndexedDB per user, found again at the next login. */
let databases: Map<string, ReturnType<typeof freshAppDb>>;
let opens: number;

const state = () => useConsoleStore.getState();


const db = (): AppDb => {
  const open = state().callLogDb();
  if (!open) throw new Error('no call log database is open');
  return open;
};
const record = async (id: string): Promise<LocalCallLog | undefined> => db().callLogs.get(id);

beforeEach(() => {
  resetStore();
  logins = 0;
  hub = fakeHub();
  hubSide = fakeCallLogHub(agent.id);
  uploads = [];
  clock = fakeClock();
  sip = fakeSipPhone({ now: clock.clock.now });
  const test = storeTestDeps({ hub, phone: () => sip.phone, clock: clock.clock });
  databases = new Map();
  opens = 0;
  test.deps.openAppDb = (userId) => {
    opens += 1;
    const known = databases.get(userId);
    const opened = known ? { ...known, db: known.reopen() } : freshAppDb(undefined, `callcenter-console.${userId}`);
    databases.set(userId, opened);
    return opened.db;
  };
  configureStoreDeps(test.deps);
  hub.handlers.login = async () => ({ token: 'tok-1', user: agent, expiresAt: '2026-11-24T09:00:00.000Z' });
  hub.handlers.phoneConfig = async () => config;
  hub.handlers.org = async () => org;
  hub.handlers.uploadCallLogs = async (_token, batch) => {
    uploads.push(batch.records);
    return hubSide.receive(batch.records);
  };
  quietConsole();
});

afterEach(() => {
  resetStore();
  vi.restoreAllMocks();
});

let logins = 0;

async function logIn(user: User = agent, options: { waitForCallLog?: boolean } = {}): Promise<void> {
  const token = `tok-${(logins += 1)}`;
  hub.handlers.login = async () => ({ token, user, expiresAt: '2026-11-24T09:00:00.000Z' });
  // The login form after a logout; the app's start looks for a remembered login first.
  if (state().session.status === 'starting') await state().restoreSession(HUB);
  await state().login({ username: user.username, password: 'demo1234' });
  await settle();
  if (user.role === 'agent' && options.waitForCallLog !== false) await until(() => state().callLog.status === 'ready', 'the call log is ready');
}

/** Ringing, answered and hung up by the customer: the agent is in wrap-up for it. */
async function callEndedByCustomer(id: string): Promise<void> {
  state().setReady();
  sip.ring({ number: '13800138000', displayName: '王先生' }, 'consult', id);
  await until(async () => (await record(id)) !== undefined, 'the ringing call is written');
  await clock.advance(3_000);
  await state().answer(id);
  await clock.advance(20_000);
  sip.remoteHangUp(id);
  await until(async () => (await record(id))?.status === 'ended', 'the hang-up is written');
}

describe('call log slice', () => {
  it('writes a ringing call to the local database as soon as it rings, queued for the hub', async () => {
    // Unreachable, so that the queue entry stays to be seen.
    hub.handlers.uploadCallLogs = async () => Promise.reject(new Error('hub down'));
    await logIn();
    state().setReady();
    const id = callId(1);
    sip.ring({ number: '13800138000', displayName: '王先生' }, 'consult', id);
    await until(async () => (await record(id)) !== undefined, 'the ringing call is written');

    expect(await record(id)).toMatchObject({
      status: 'live',
      version: 1,
      direction: 'inbound',
      ivrChoice: 'consult',
      remote: { number: '13800138000', displayName: '王先生' },
      syncState: 'pending',
    });
    expect(await db().outbox.get(['call-log', id])).toMatchObject({ version: 1 });
  });

  it('uploads the call to the hub once it ended and its wrap-up is finished, and the agent is ready again', async () => {
    await logIn();
    const id = callId(1);
    await callEndedByCustomer(id);
    expect(state().agent.state).toBe('wrap_up');

    const done = await state().finishWrapUp(id, { dispositionCode: 'resolved', notes: '解释了账单' });
    expect(done).toMatchObject({ status: 'completed', wrapUp: { dispositionCode: 'resolved', notes: '解释了账单' } });
    expect(state().agent.state).toBe('ready');

    await clock.advance(1_000);
    await until(async () => (await record(id))?.syncState === 'uploaded', 'the call is uploaded');
    const local = (await record(id))!;
    expect(local.uploadedVersion).toBe(local.version);
    expect(hubSide.stored.get(id)?.record).toMatchObject({
      id,
      version: local.version,
      status: 'completed',
      answeredAt: expect.any(String),
      endedBy: 'remote',
      wrapUp: { dispositionCode: 'resolved', notes: '解释了账单' },
    });
    expect(hub.calls.filter((c) => c.includes('uploadCallLogs')).every((c) => c.includes(state().session.token!))).toBe(true);
    expect(state().callLog.upload).toMatchObject({ state: 'idle', pending: 0, rejected: 0 });
  });

  it('leaves the agent where they are when the wrap-up finished is not the current one', async () => {
    await logIn();
    const first = callId(1);
    await callEndedByCustomer(first);
    state().setNotReady('break');
    await expect(state().finishWrapUp(first, { dispositionCode: 'resolved' })).resolves.toMatchObject({ status: 'completed' });
    expect(state().agent.state).toBe('not_ready');
  });

  it('opens no database for a role that takes no calls', async () => {
    await logIn({ ...agent, role: 'qa', username: 'qa1' });
    expect(opens).toBe(0);
    expect(state().callLog.status).toBe('off');
    expect(state().callLogDb()).toBeNull();
  });

  it('writes the hang-up of a call live at logout before the database closes, as ended by the agent', async () => {
    await logIn();
    state().setReady();
    const id = callId(1);
    sip.ring({ number: '13800138000' }, 'consult', id);
    await state().answer(id);
    await until(async () => (await record(id))?.answeredAt !== null, 'the answer is written');
    const open = db();

    await state().logout();
    await until(() => !open.isOpen(), 'the database is closed');
    expect(sip.commands).toContain(`hangUp ${id}`);
    expect(state().callLogDb()).toBeNull();

    const after = databases.get(agent.id)!.reopen();
    await after.open();
    const stored = await after.callLogs.get(id);
    after.close();
    expect(stored).toMatchObject({ status: 'ended', endedBy: 'local', endCause: 'BYE', interruption: null, syncState: 'pending' });
    expect(stored!.events.map((e) => e.type)).toEqual(['ringing', 'answered', 'ended']);
  });

  it('uploads at the next login what was still pending at logout, without marking it interrupted', async () => {
    hub.handlers.uploadCallLogs = async () => Promise.reject(new Error('hub down'));
    await logIn();
    const id = callId(1);
    await callEndedByCustomer(id);
    const open = db();
    await state().logout();
    await until(() => !open.isOpen(), 'the database is closed');

    hub.handlers.uploadCallLogs = async (_token, batch) => {
      uploads.push(batch.records);
      return hubSide.receive(batch.records);
    };
    await logIn();
    expect(state().callLog.recovered).toBe(0);
    await until(async () => (await record(id))?.syncState === 'uploaded', 'the call is uploaded');
    expect(hubSide.stored.get(id)?.record).toMatchObject({ status: 'ended', endedBy: 'remote' });
  });

  it('gives a login made while the previous logout is still hanging up its own call log, opened after the old one closed', async () => {
    await logIn();
    state().setReady();
    const first = callId(1);
    sip.ring({ number: '13800138000' }, 'consult', first);
    await state().answer(first);
    await until(async () => (await record(first))?.answeredAt !== null, 'the answer is written');
    const oldDb = db();
    // The phone takes its time to stop (a PBX that does not answer): the logout waits for it.
    const stopPhone = sip.phone.stop;
    let release = () => undefined as void;
    sip.phone.stop = () => new Promise<void>((resolve) => (release = resolve)).then(stopPhone);

    await state().logout();
    await settle();
    await logIn(agent, { waitForCallLog: false });
    expect(state().callLog.status).toBe('opening');
    expect(oldDb.isOpen()).toBe(true);
    // Nothing of the previous login is offered to this one meanwhile.
    expect(state().callLogDb()).toBeNull();

    release();
    await until(() => state().callLog.status === 'ready', 'the new call log is ready');
    expect(oldDb.isOpen()).toBe(false);
    expect(state().callLog.recovered).toBe(0);
    expect(await record(first)).toMatchObject({ status: 'ended', endedBy: 'local', interruption: null });

    state().setReady();
    const second = callId(2);
    sip.ring({ number: '13900139000' }, 'consult', second);
    await until(async () => (await record(second)) !== undefined, 'the new login writes its calls');
  });

  it('shows a full disk, and clears it when a later write goes through', async () => {
    await logIn();
    state().setReady();
    const id = callId(1);
    sip.ring({ number: '13800138000' }, 'consult', id);
    await until(async () => (await record(id)) !== undefined, 'the ringing call is written');

    vi.spyOn(db().callLogs, 'put').mockRejectedValueOnce(new DOMException('The quota has been exceeded.', 'QuotaExceededError'));
    await state().answer(id);
    await until(() => state().callLog.error !== null, 'the error is shown');
    expect(state().callLog.error).toMatchObject({ code: 'quota' });

    await state().hold(id);
    await until(() => state().callLog.error === null, 'the error is cleared');
    expect((await record(id))!.events.map((e) => e.type)).toEqual(['ringing', 'answered', 'held']);
  });
});
