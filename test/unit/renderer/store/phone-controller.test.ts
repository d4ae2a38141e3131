import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { User } from '../../../../shared/api/auth';
import type { OrgDesign } from '../../../../shared/api/org';
import type { AgentStateReport } from '../../../../shared/api/phone';
import { HubError } from '../../../../renderer/src/services/hub';
import { configureStoreDeps, resetStore, useConsoleStore } from '../../../../renderer/src/store';
import { fakeClock, settle } from '../support/fake-clock';
import { fakeHub, networkDown } from '../support/fake-hub';
import { fakeSipPhone } from '../support/fake-sip-phone';
import { AGENT_PHONE_CONFIG } from '../support/phone-config';
import { fakeMediaDevices, quietConsole, storeTestDeps } from '../support/store-test-deps';

const HUB = 'http://127.0.0.1:8790';
const agent: User = { id: 'u1', username: 'agent1', role: 'agent', displayName: '张敏', departmentCode: 'acceptance' };
const config = AGENT_PHONE_CONFIG;
const org: OrgDesign = {
  departments: [],
  queues: [{ id: 'q1', code: 'consult', name: { 'zh-CN': '业务咨询', 'en-US': 'Consultation' }, departmentId: 'd1', ivrChoice: 'consult' }],
  transferTargets: [{ id: 't1', name: { 'zh-CN': '技术服务部', 'en-US': 'Technical Service' }, departmentId: 'd2', extension: '2001', kind: 'department' }],
  escalationChain: [],
};

let hub: ReturnType<typeof fakeHub>;
let clock: ReturnType<typeof fakeClock>;
let sip: ReturnType<typeof fakeSipPhone>;
let test: ReturnType<typeof storeTestDeps>;
let reports: AgentStateReport[];

const state = () => useConsoleStore.getState();
const iso = (ms: number) => new Date(ms).toISOString();

beforeEach(() => {
  resetStore();
  hub = fakeHub();
  clock = fakeClock();
  sip = fakeSipPhone({ now: clock.clock.now });
  test = storeTestDeps({ hub, phone: () => sip.phone, clock: clock.clock });
  configureStoreDeps(test.deps);
  reports = [];
  hub.handlers.login = async () => ({ token: 'tok-1', user: agent, expiresAt: '2026-11-24T09:00:00.000Z' });
  hub.handlers.phoneConfig = async () => config;
  hub.handlers.org = async () => org;
  hub.handlers.reportAgentState = async (_token, report) => {
    reports.push(report);
    return { applied: true };
  };
  quietConsole();
});

afterEach(() => {
  resetStore();
  vi.restoreAllMocks();
});

async function logIn(user: User = agent): Promise<void> {
  hub.handlers.login = async () => ({ token: 'tok-1', user, expiresAt: '2026-11-24T09:00:00.000Z' });
  await state().restoreSession(HUB);
  await state().login({ username: user.username, password: 'demo1234' });
  await settle();
}

describe('phone controller', () => {
  it('starts the phone with the hub settings and reports Not ready when an agent logs in', async () => {
    const t0 = clock.now();
    await logIn();
    expect(sip.commands).toEqual(['start 1001']);
    expect(state().phone).toMatchObject({ status: 'on', reasonCodes: config.reasonCodes, dispositionCodes: config.dispositionCodes, configError: null });
    expect(state().phone.snapshot?.registration.state).toBe('registered');
    expect(state().phone.directory).toEqual({ queues: org.queues, transferTargets: org.transferTargets });
    expect(state().agent.config).toEqual({ wrapUpSeconds: 30, autoReadyAfterWrapUp: false });
    expect(reports).toEqual([{ state: 'not_ready', reasonCode: null, at: iso(t0), callId: null }]);
  });

  it('does not create a phone when the role takes no calls', async () => {
    await logIn({ ...agent, role: 'qa', username: 'qa1' });
    expect(test.phonesCreated()).toBe(0);
    expect(state().phone.status).toBe('off');
    expect(hub.calls.some((c) => c.includes('phoneConfig'))).toBe(false);
  });

  it('starts the phone for a callback specialist too', async () => {
    await logIn({ ...agent, role: 'callback', username: 'callback1' });
    expect(sip.commands).toEqual(['start 1001']);
  });

  it('shows no_phone and creates no phone when the hub gives the user no SIP account', async () => {
    hub.handlers.phoneConfig = async () => ({ ...config, sip: null });
    await logIn();
    expect(state().phone.status).toBe('no_phone');
    expect(test.phonesCreated()).toBe(0);
  });

  it('says why and tries again later when the phone settings cannot be loaded', async () => {
    let attempts = 0;
    hub.handlers.phoneConfig = async () => {
      attempts += 1;
      if (attempts === 1) throw networkDown();
      return config;
    };
    await logIn();
    expect(state().phone).toMatchObject({ status: 'config_failed', configError: { code: 'network' } });
    await clock.advance(60_000);
    expect(attempts).toBe(2);
    expect(state().phone.status).toBe('on');
    expect(sip.commands).toEqual(['start 1001']);
  });

  it('refuses an incoming call with 486 and stays Not ready when the agent is Not ready', async () => {
    await logIn();
    const id = sip.ring({ number: '13800138000' });
    await settle();
    expect(sip.commands).toContain(`reject ${id} 486`);
    expect(state().agent.state).toBe('not_ready');
    expect(state().phone.refusedCallIds).toEqual([id]);
    expect(reports.map((r) => r.state)).toEqual(['not_ready']);
  });

  it('follows a call from Ready to wrap-up, flags the overrun after the configured time and reports each change in order', async () => {
    await logIn();
    const t0 = clock.now();

    await clock.advance(1_000);
    state().setReady();
    expect(state().agent.state).toBe('ready');

    await clock.advance(1_000);
    const id = sip.ring({ number: '13800138000', displayName: '王先生' });
    expect(state().agent.state).toBe('ringing');

    await clock.advance(3_000);
    await state().answer(id);
    expect(state().agent.state).toBe('talking');

    await clock.advance(10_000);
    await state().hold(id);
    expect(state().agent.state).toBe('held');

    await clock.advance(5_000);
    await state().resume(id);
    expect(state().agent.state).toBe('talking');

    await clock.advance(5_000);
    sip.remoteHangUp(id);
    expect(state().agent.state).toBe('wrap_up');
    const wrapUpAt = clock.now();

    await clock.advance(29_000);
    expect(state().agent.model.availability).toMatchObject({ kind: 'wrap_up', overrun: false });
    await clock.advance(1_000);
    expect(state().agent.model.availability).toMatchObject({ kind: 'wrap_up', overrun: true, deadline: wrapUpAt + 30_000 });
    expect(state().agent.state).toBe('wrap_up');

    await clock.advance(4_000);
    state().setReady();
    expect(state().agent.state).toBe('ready');
    await settle();

    expect(reports).toEqual([
      { state: 'not_ready', reasonCode: null, at: iso(t0), callId: null },
      { state: 'ready', reasonCode: null, at: iso(t0 + 1_000), callId: null },
      { state: 'ringing', reasonCode: null, at: iso(t0 + 2_000), callId: id },
      { state: 'talking', reasonCode: null, at: iso(t0 + 5_000), callId: id },
      { state: 'held', reasonCode: null, at: iso(t0 + 15_000), callId: id },
      { state: 'talking', reasonCode: null, at: iso(t0 + 20_000), callId: id },
      { state: 'wrap_up', reasonCode: null, at: iso(t0 + 25_000), callId: id },
      { state: 'ready', reasonCode: null, at: iso(t0 + 59_000), callId: null },
    ]);
    expect(state().agent.history.map((h) => h.state)).toEqual(reports.map((r) => r.state));
    expect(state().agent.unreported).toBe(0);
  });

  it('refuses a call busy during wrap-up', async () => {
    await logIn();
    state().setReady();
    const first = sip.ring();
    await state().answer(first);
    sip.remoteHangUp(first);
    const second = sip.ring();
    await settle();
    expect(sip.commands).toContain(`reject ${second} 486`);
    expect(state().agent.state).toBe('wrap_up');
  });

  it('applies Not ready chosen during a call after its wrap-up', async () => {
    hub.handlers.phoneConfig = async () => ({ ...config, wrapUp: { seconds: 10, autoReady: true, dispositionRequired: false } });
    await logIn();
    state().setReady();
    const id = sip.ring();
    await state().answer(id);
    state().setNotReady('break');
    expect(state().agent.state).toBe('talking');
    await state().hangUp(id);
    expect(state().agent.state).toBe('wrap_up');
    await clock.advance(10_000);
    expect(state().agent.model.availability).toEqual({ kind: 'not_ready', reasonCode: 'break' });
    expect(reports.at(-1)).toMatchObject({ state: 'not_ready', reasonCode: 'break' });
  });

  it('treats a second ringing call while talking as call waiting, and answering it holds the first', async () => {
    await logIn();
    state().setReady();
    const first = sip.ring();
    await state().answer(first);
    const second = sip.ring({ number: '13900139000' });
    await settle();
    expect(sip.commands).not.toContain(`reject ${second} 486`);
    expect(state().agent.state).toBe('talking');
    await state().answer(second);
    expect(state().phone.snapshot?.calls.map((c) => c.state)).toEqual(['held', 'talking']);
    expect(state().agent.state).toBe('talking');
  });

  it('retries a report the hub did not take, later, without losing or reordering any', async () => {
    await logIn();
    let down = true;
    hub.handlers.reportAgentState = async (_token, report) => {
      if (down) throw networkDown();
      reports.push(report);
      return { applied: true };
    };
    state().setReady();
    await clock.advance(1_000);
    state().setNotReady('break');
    await clock.advance(1_000);
    state().setReady();
    await settle();
    expect(state().agent.unreported).toBe(3);
    expect(reports.map((r) => r.state)).toEqual(['not_ready']);

    // Still down at the first retries; the phone goes on meanwhile.
    await clock.advance(5_000);
    const id = sip.ring();
    expect(state().agent.state).toBe('ringing');
    expect(state().agent.unreported).toBe(4);

    down = false;
    await clock.advance(120_000);
    expect(reports.map((r) => [r.state, r.reasonCode])).toEqual([
      ['not_ready', null],
      ['ready', null],
      ['not_ready', 'break'],
      ['ready', null],
      ['ringing', null],
    ]);
    const times = reports.map((r) => Date.parse(r.at));
    expect([...times].sort((a, b) => a - b)).toEqual(times);
    expect(reports.at(-1)?.callId).toBe(id);
    expect(state().agent.unreported).toBe(0);
  });

  it('sends waiting reports at once when the network comes back', async () => {
    await logIn();
    let down = true;
    hub.handlers.reportAgentState = async (_token, report) => {
      if (down) throw networkDown();
      reports.push(report);
      return { applied: true };
    };
    state().setReady();
    await settle();
    sip.setOnline(false);
    down = false;
    sip.setOnline(true);
    await settle();
    expect(reports.map((r) => r.state)).toEqual(['not_ready', 'ready']);
  });

  it('drops a report the hub refuses and delivers the ones after it', async () => {
    await logIn();
    let refuse = true;
    hub.handlers.reportAgentState = async (_token, report) => {
      if (refuse) {
        refuse = false;
        throw new HubError({ status: 400, code: 'validation', message: 'bad state' });
      }
      reports.push(report);
      return { applied: true };
    };
    state().setReady();
    state().setNotReady('break');
    await settle();
    expect(reports.map((r) => r.state)).toEqual(['not_ready', 'not_ready']);
    expect(state().agent.unreported).toBe(0);
  });

  it('hangs up live calls, stops the phone and reports nothing more at logout', async () => {
    await logIn();
    state().setReady();
    const id = sip.ring();
    await state().answer(id);
    await settle();
    const reported = reports.length;

    await state().logout();
    await settle();
    expect(sip.commands.slice(-2)).toEqual([`hangUp ${id}`, 'stop']);
    expect(sip.listenerCount()).toBe(0);
    expect(state().phone.status).toBe('off');
    expect(state().agent.state).toBe('not_ready');
    await clock.advance(60_000);
    expect(reports).toHaveLength(reported);
    expect(clock.pendingTimers()).toBe(0);
  });

  it('stops the phone when the session expires', async () => {
    await logIn();
    state().expireSession();
    await settle();
    expect(sip.commands.at(-1)).toBe('stop');
  });
});

describe('phone commands', () => {
  it('dials an extension as it is and an outside number in E.164', async () => {
    await logIn();
    await expect(state().dial('2001')).resolves.toMatchObject({ ok: true });
    sip.remoteHangUp(sip.phone.getSnapshot().calls[0]!.id);
    await expect(state().dial('138 0013 8000')).resolves.toMatchObject({ ok: true });
    expect(sip.commands.filter((c) => c.startsWith('dial'))).toEqual(['dial 2001', 'dial +8613800138000']);
    expect(state().agent.state).toBe('dialing');
  });

  it('says why a number cannot be dialled and sends nothing', async () => {
    await logIn();
    await expect(state().dial('')).resolves.toEqual({ ok: false, invalid: 'empty' });
    await expect(state().dial('<b>1</b>')).resolves.toEqual({ ok: false, invalid: 'characters' });
    await expect(state().dial('123456789012')).resolves.toEqual({ ok: false, invalid: 'not_a_number' });
    expect(sip.commands.filter((c) => c.startsWith('dial'))).toEqual([]);
  });

  it('keeps a failed command as phone.error in the contract terms', async () => {
    await logIn();
    sip.failNext('dial', { code: 'microphone_denied', detail: 'NotAllowedError' });
    await expect(state().dial('2001')).resolves.toEqual({ ok: false, invalid: null });
    expect(state().phone.error).toEqual({ action: 'dial', code: 'microphone_denied', detail: 'NotAllowedError' });
    state().dismissPhoneError();
    expect(state().phone.error).toBeNull();
  });

  it('sends DTMF to the call and never logs the digits, even when sending fails', async () => {
    await logIn();
    state().setReady();
    const id = sip.ring();
    await state().answer(id);
    await state().sendDtmf(id, '7');
    sip.failNext('sendDtmf', { code: 'call_failed', detail: 'INFO 9 failed' });
    await state().sendDtmf(id, '9');
    expect(sip.commands).toContain(`sendDtmf ${id} 7`);
    expect(state().phone.error).toMatchObject({ action: 'dtmf', code: 'call_failed' });
    const logged = [console.info, console.warn, console.error].flatMap((fn) => vi.mocked(fn).mock.calls.flat().map(String));
    expect(logged.filter((line) => /[79]/.test(line.replace(/c\d+|\d{3}|tok-\d/g, '')))).toEqual([]);
  });

  it('toggles mute on the call', async () => {
    await logIn();
    state().setReady();
    const id = sip.ring();
    await state().answer(id);
    await state().toggleMute(id);
    await state().toggleMute(id);
    expect(sip.commands.filter((c) => c.startsWith('setMuted'))).toEqual([`setMuted ${id} true`, `setMuted ${id} false`]);
  });

  it('transfers blind to a target and closes the dialog', async () => {
    await logIn();
    state().setReady();
    const id = sip.ring();
    await state().answer(id);
    state().openTransfer(id);
    await expect(state().blindTransfer(id, '2001')).resolves.toMatchObject({ ok: true });
    expect(sip.commands.at(-1)).toBe(`blindTransfer ${id} 2001`);
    expect(state().phone.transferFor).toBeNull();
    await expect(state().blindTransfer(id, 'abc')).resolves.toEqual({ ok: false, invalid: 'characters' });
  });

  it('consults the target first, then completes the transfer', async () => {
    await logIn();
    state().setReady();
    const id = sip.ring();
    await state().answer(id);
    const outcome = await state().consultTransfer(id, '2001');
    expect(outcome.ok).toBe(true);
    const consultId = outcome.ok ? outcome.callId : '';
    expect(sip.commands.slice(-2)).toEqual([`hold ${id}`, 'dial 2001']);
    expect(state().phone.consult).toEqual({ callId: id, consultCallId: consultId, target: '2001' });
    sip.answered(consultId);
    await state().completeConsult();
    expect(sip.commands.at(-1)).toBe(`completeAttendedTransfer ${id} ${consultId}`);
    expect(state().phone.consult).toBeNull();
    expect(state().agent.state).toBe('wrap_up');
  });

  it('cancels a consultation: hangs up on the target and resumes the caller', async () => {
    await logIn();
    state().setReady();
    const id = sip.ring();
    await state().answer(id);
    const outcome = await state().consultTransfer(id, '2001');
    const consultId = outcome.ok ? outcome.callId : '';
    sip.answered(consultId);
    await state().cancelConsult();
    expect(sip.commands.slice(-2)).toEqual([`hangUp ${consultId}`, `resume ${id}`]);
    expect(state().phone.consult).toBeNull();
    expect(state().agent.state).toBe('talking');
  });

  it('forgets the consultation when the target hangs up', async () => {
    await logIn();
    state().setReady();
    const id = sip.ring();
    await state().answer(id);
    const outcome = await state().consultTransfer(id, '2001');
    sip.remoteHangUp(outcome.ok ? outcome.callId : '');
    expect(state().phone.consult).toBeNull();
    expect(state().agent.state).toBe('held');
  });

  it('keeps the audio devices chosen before the phone runs and applies them when it starts', async () => {
    const devices = fakeMediaDevices([{ kind: 'audioinput', deviceId: 'mic-1', label: 'Headset' }]);
    test = storeTestDeps({ hub, phone: () => sip.phone, clock: clock.clock, mediaDevices: devices.service });
    configureStoreDeps(test.deps);
    await state().selectAudioDevices({ microphoneId: 'mic-1' });
    await logIn();
    expect(state().phone.deviceOptions).toEqual([{ kind: 'audioinput', deviceId: 'mic-1', label: 'Headset' }]);
    expect(sip.commands).toContain('setDevices {"microphoneId":"mic-1","speakerId":null,"ringerId":null}');
    await state().selectAudioDevices({ ringerId: 'spk-2' });
    expect(sip.commands.at(-1)).toBe('setDevices {"ringerId":"spk-2"}');
    devices.plugIn({ kind: 'audiooutput', deviceId: 'spk-2', label: 'Desk speaker' });
    await settle();
    expect(state().phone.deviceOptions).toHaveLength(2);
  });

  it('leaves only serializable data in the store while a call runs', async () => {
    await logIn();
    state().setReady();
    await state().answer(sip.ring());
    const data = Object.fromEntries(Object.entries(state()).filter(([, v]) => typeof v !== 'function'));
    expect(JSON.parse(JSON.stringify(data))).toEqual(data);
  });
});
