import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { User } from '../../../../shared/api/auth';
import type { OrgDesign } from '../../../../shared/api/org';
import type { PhoneConfig } from '../../../../shared/api/phone';
import { configureStoreDeps, resetStore, useConsoleStore } from '../../../../renderer/src/store';
import { customerCard, deferred } from '../support/customer-builders';
import { fakeClock, settle } from '../support/fake-clock';
import { fakeDesktopBridge } from '../support/fake-desktop-bridge';
import { fakeHub } from '../support/fake-hub';
import { fakeSipPhone } from '../support/fake-sip-phone';
import { AGENT_PHONE_CONFIG } from '../support/phone-config';
import { quietConsole, storeTestDeps } from '../support/store-test-deps';

const HUB = 'http://127.0.0.1:8790';
const agent: User = { id: 'u1', username: 'agent1', role: 'agent', displayName: '张敏', departmentCode: 'acceptance' };
const qa: User = { id: 'u2', username: 'qa1', role: 'qa', displayName: '李静', departmentCode: 'quality' };
const org: OrgDesign = {
  departments: [],
  queues: [{ id: 'q1', code: 'consult', name: { 'zh-CN': '业务咨询', 'en-US': 'Consultation' }, departmentId: 'd1', ivrChoice: 'consult' }],
  transferTargets: [],
  escalationChain: [],
};

let hub: ReturnType<typeof fakeHub>;
let clock: ReturnType<typeof fakeClock>;
let sip: ReturnType<typeof fakeSipPhone>;
let desktop: ReturnType<typeof fakeDesktopBridge>;
let phonePaneShown: number;

const state = () => useConsoleStore.getState();

beforeEach(() => {
  resetStore();
  hub = fakeHub();
  clock = fakeClock();
  sip = fakeSipPhone({ now: clock.clock.now });
  const test = storeTestDeps({ hub, phone: () => sip.phone, clock: clock.clock });
  desktop = fakeDesktopBridge(test.deps.bridge);
  phonePaneShown = 0;
  configureStoreDeps({ ...test.deps, bridge: desktop.bridge, showPhonePane: () => void (phonePaneShown += 1) });
  hub.handlers.login = async () => ({ token: 'tok-1', user: agent, expiresAt: '2026-11-24T09:00:00.000Z' });
  hub.handlers.phoneConfig = async () => AGENT_PHONE_CONFIG;
  hub.handlers.org = async () => org;
  quietConsole();
});

afterEach(() => {
  resetStore();
  vi.restoreAllMocks();
});

/** The console as main.tsx starts it: the desktop side first, then the remembered session (none here). */
async function start(): Promise<void> {
  await state().startDesktop();
  await state().restoreSession(HUB);
  await settle();
}

async function logIn(user: User = agent): Promise<void> {
  hub.handlers.login = async () => ({ token: 'tok-1', user, expiresAt: '2026-11-24T09:00:00.000Z' });
  await state().login({ username: user.username, password: 'demo1234' });
  await settle();
}

async function startLoggedIn(user: User = agent): Promise<void> {
  await start();
  await logIn(user);
}

const dial = (number: string) => ({ type: 'dial', number, source: 'tel' });
const noticeKey = () => state().desktop.notice?.key ?? null;

describe('desktop controller: events', () => {
  it('subscribes before it says the console listens, so a held link is not lost', async () => {
    desktop.hold({ type: 'linkRefused', link: 'javascript:alert(1)', reason: 'unsupported' });
    await start();
    expect(desktop.record.eventsReady).toBe(1);
    expect(state().desktop.notice).toMatchObject({ tone: 'error', key: 'desktop.linkRefused.unsupported' });
  });

  it('reads the desktop status when it starts, for the hotkeys the window must leave alone', async () => {
    await start();
    expect(state().desktop.status?.hotkeys.answer.status).toBe('registered');
  });

  it('ignores events that are not in the contract and says so in the log', async () => {
    await startLoggedIn();
    state().setReady();
    const id = sip.ring();
    await settle();
    const warn = vi.mocked(console.warn);
    warn.mockClear();
    for (const event of [null, 'answer', { type: 'hotkey', action: 'format_disk' }, { type: 'dial', number: '1'.repeat(41), source: 'tel' }, { type: 'eval', code: 'x' }]) {
      desktop.emit(event);
    }
    await settle();
    expect(sip.commands).toEqual(['start 1001']);
    expect(state().phone.snapshot?.calls.find((c) => c.id === id)?.state).toBe('ringing');
    expect(state().desktop.notice).toBeNull();
    expect(warn.mock.calls.filter((call) => String(call[1]).startsWith('ignored an event'))).toHaveLength(5);
  });

  it('stops listening when stopped', async () => {
    await start();
    expect(desktop.listenerCount()).toBe(1);
    state().stopDesktop();
    expect(desktop.listenerCount()).toBe(0);
  });
});

describe('desktop controller: click-to-dial', () => {
  it('dials the number and shows the phone when an agent with a free phone opens a link', async () => {
    await startLoggedIn();
    desktop.emit(dial('13800138000'));
    await settle();
    expect(sip.commands).toEqual(['start 1001', 'dial +8613800138000']);
    expect(phonePaneShown).toBe(1);
  });

  it('dials a link that started the console once the remembered login and the phone are back', async () => {
    await desktop.bridge.setSecret({ key: 'hubToken', value: 'tok-1' });
    hub.handlers.me = async () => ({ user: agent, extension: '1001' });
    const config = deferred<PhoneConfig>();
    hub.handlers.phoneConfig = () => config.promise;
    desktop.hold(dial('13800138000'));

    await state().startDesktop();
    expect(sip.commands).toEqual([]);
    await state().restoreSession(HUB);
    await settle();
    expect(state().phone.status).toBe('loading');
    expect(sip.commands).toEqual([]);

    config.resolve(AGENT_PHONE_CONFIG);
    await settle();
    expect(sip.commands).toEqual(['start 1001', 'dial +8613800138000']);
  });

  it('puts the number in the dial pad and asks to finish the call first when a call is up', async () => {
    await startLoggedIn();
    state().setReady();
    const id = sip.ring();
    await state().answer(id);
    desktop.emit(dial('13900139000'));
    await settle();
    expect(sip.commands.filter((c) => c.startsWith('dial'))).toEqual([]);
    expect(state().desktop.dialPrefill).toMatchObject({ number: '13900139000' });
    expect(state().desktop.notice).toMatchObject({ tone: 'warning', key: 'desktop.dial.busy', values: { number: '13900139000' } });
  });

  it('keeps a link opened at the login screen and only puts it in the dial pad after login', async () => {
    await start();
    desktop.emit(dial('13800138000'));
    await settle();
    expect(noticeKey()).toBe('desktop.dial.afterLogin');
    expect(state().desktop.dialPrefill).toBeNull();

    await logIn();
    expect(sip.commands).toEqual(['start 1001']);
    expect(state().desktop.dialPrefill).toMatchObject({ number: '13800138000' });
    expect(noticeKey()).toBe('desktop.dial.prefilled');
  });

  it('puts the number in the dial pad and says why when the phone cannot come up', async () => {
    hub.handlers.phoneConfig = async () => ({ ...AGENT_PHONE_CONFIG, sip: null });
    await startLoggedIn();
    desktop.emit(dial('13800138000'));
    await settle();
    expect(state().desktop.dialPrefill).toMatchObject({ number: '13800138000' });
    expect(noticeKey()).toBe('desktop.dial.phoneNotReady');
  });

  it('tells someone whose role makes no calls that the link was not dialled', async () => {
    await startLoggedIn(qa);
    desktop.emit(dial('13800138000'));
    await settle();
    expect(noticeKey()).toBe('desktop.dial.noPhone');
    expect(state().desktop.dialPrefill).toBeNull();
  });

  it('refuses a number the phone cannot dial and leaves it in the dial pad', async () => {
    await startLoggedIn();
    desktop.emit(dial('12'));
    await settle();
    expect(sip.commands).toEqual(['start 1001']);
    expect(state().desktop.notice).toMatchObject({ tone: 'error', key: 'desktop.dial.invalid' });
    expect(state().desktop.dialPrefill).toMatchObject({ number: '12' });
  });

  it('shows the reason a link was refused, for each reason', async () => {
    await start();
    for (const reason of ['malformed', 'unsupported', 'not_a_number'] as const) {
      desktop.emit({ type: 'linkRefused', link: 'tel:<script>', reason });
      expect(state().desktop.notice).toMatchObject({ tone: 'error', key: `desktop.linkRefused.${reason}` });
    }
  });
});

describe('desktop controller: hotkeys, notification buttons and the tray', () => {
  it('answers the ringing call and hangs up the talking one with the hotkeys', async () => {
    await startLoggedIn();
    state().setReady();
    const id = sip.ring();
    await settle();
    desktop.emit({ type: 'hotkey', action: 'answer' });
    await settle();
    desktop.emit({ type: 'hotkey', action: 'hangUp' });
    await settle();
    expect(sip.commands).toEqual(['start 1001', `answer ${id}`, `hangUp ${id}`]);
  });

  it('holds then resumes, and mutes then unmutes, with one hotkey each', async () => {
    await startLoggedIn();
    state().setReady();
    const id = sip.ring();
    await state().answer(id);
    for (const action of ['hold', 'hold', 'mute', 'mute']) {
      desktop.emit({ type: 'hotkey', action });
      await settle();
    }
    expect(sip.commands.slice(2)).toEqual([`hold ${id}`, `resume ${id}`, `setMuted ${id} true`, `setMuted ${id} false`]);
  });

  it('ignores a hotkey when nobody with a phone is logged in', async () => {
    await start();
    desktop.emit({ type: 'hotkey', action: 'answer' });
    await settle();
    expect(sip.commands).toEqual([]);
  });

  it('answers, or refuses busy, the call whose notification button was pressed', async () => {
    await startLoggedIn();
    state().setReady();
    const first = sip.ring({ number: '13800138000' });
    await settle();
    desktop.emit({ type: 'incomingCall', callId: first, action: 'answer' });
    await settle();
    const second = sip.ring({ number: '13900139000' });
    await settle();
    desktop.emit({ type: 'incomingCall', callId: second, action: 'reject' });
    await settle();
    expect(sip.commands.slice(1)).toEqual([`answer ${first}`, `reject ${second} 486`]);
    expect(phonePaneShown).toBe(1);
  });

  it('only shows the phone when the notification itself is clicked, and ignores a button for a call no longer ringing', async () => {
    await startLoggedIn();
    state().setReady();
    const id = sip.ring();
    await settle();
    desktop.emit({ type: 'incomingCall', callId: id, action: 'show' });
    expect(phonePaneShown).toBe(1);
    sip.remoteHangUp(id);
    await settle();
    desktop.emit({ type: 'incomingCall', callId: id, action: 'answer' });
    await settle();
    expect(sip.commands).toEqual(['start 1001']);
  });

  it('changes the agent state as the tray asks', async () => {
    await startLoggedIn();
    desktop.emit({ type: 'presenceRequested', state: 'ready' });
    expect(state().agent.state).toBe('ready');
    desktop.emit({ type: 'presenceRequested', state: 'not_ready' });
    expect(state().agent.model.availability).toEqual({ kind: 'not_ready', reasonCode: null });
  });
});

describe('desktop controller: what it reports', () => {
  it('reports the presence on every change of state, reason or call, and a logged-out one at logout', async () => {
    await startLoggedIn();
    state().setReady();
    const id = sip.ring();
    await settle();
    await state().answer(id);
    await state().hangUp(id);
    state().setNotReady('break');
    await state().logout();
    await settle();
    expect(desktop.presence).toEqual([
      { state: 'not_ready', reason: null, agentName: null, inCall: false },
      { state: 'not_ready', reason: null, agentName: '张敏', inCall: false },
      { state: 'ready', reason: null, agentName: '张敏', inCall: false },
      { state: 'ringing', reason: null, agentName: '张敏', inCall: true },
      { state: 'talking', reason: null, agentName: '张敏', inCall: true },
      { state: 'wrap_up', reason: null, agentName: '张敏', inCall: false },
      { state: 'not_ready', reason: '小休', agentName: '张敏', inCall: false },
      { state: 'not_ready', reason: null, agentName: null, inCall: false },
    ]);
  });

  it('shows a ringing call with the number and queue, then with the name the screen pop found', async () => {
    const card = customerCard(1, { name: '王先生', vipLevel: 2 });
    const lookup = deferred<{ e164: string | null; items: (typeof card)[] }>();
    hub.handlers.lookupCustomers = () => lookup.promise;
    await startLoggedIn();
    state().setReady();
    const id = sip.ring({ number: '13800000001' }, 'consult');
    await settle();
    expect(desktop.shown).toEqual([{ callId: id, caller: '13800000001', detail: '业务咨询' }]);

    lookup.resolve({ e164: '+8613800000001', items: [card] });
    await settle(20);
    expect(desktop.shown.at(-1)).toEqual({
      callId: id,
      caller: '王先生',
      detail: '13800000001 · desktop.incoming.vip {"level":2} · 业务咨询',
    });
    expect(desktop.dismissed).toEqual([]);
  });

  it('takes the notification down when the call is answered, and when the caller gives up', async () => {
    await startLoggedIn();
    state().setReady();
    const answered = sip.ring();
    await settle();
    await state().answer(answered);
    await settle();
    expect(desktop.dismissed).toEqual([answered]);

    const missed = sip.ring({ number: '13900139000' });
    await settle();
    sip.remoteHangUp(missed);
    await settle();
    expect(desktop.shown.map((c) => c.callId)).toEqual([answered, missed]);
    expect(desktop.dismissed).toEqual([answered, missed]);
  });

  it('shows nothing for a call refused busy while the agent is Not ready', async () => {
    await startLoggedIn();
    const id = sip.ring();
    await settle();
    expect(sip.commands).toContain(`reject ${id} 486`);
    expect(desktop.shown).toEqual([]);
  });

  it('shows a second call ringing while the agent talks (call waiting)', async () => {
    await startLoggedIn();
    state().setReady();
    const first = sip.ring();
    await state().answer(first);
    const second = sip.ring({ number: '13900139000' });
    await settle();
    expect(desktop.shown.map((c) => c.callId)).toEqual([first, second]);
  });
});
