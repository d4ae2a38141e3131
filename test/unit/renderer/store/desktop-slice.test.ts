import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { User } from '../../../../shared/api/auth';
import { DEFAULT_HOTKEYS, type ConsoleApi, type Settings } from '../../../../shared/ipc/contract';
import { unwrap } from '../../../../renderer/src/platform/ipc-result';
import { configureStoreDeps, refusedSettingFields, resetStore, useConsoleStore, type StoreDeps } from '../../../../renderer/src/store';
import { fakeClock, settle } from '../support/fake-clock';
import { fakeHub } from '../support/fake-hub';
import { fakeSipPhone } from '../support/fake-sip-phone';
import { AGENT_PHONE_CONFIG } from '../support/phone-config';
import { fakeMediaDevices, quietConsole, storeTestDeps } from '../support/store-test-deps';

const HUB = 'http://127.0.0.1:8790';
const agent: User = { id: 'u1', username: 'agent1', role: 'agent', displayName: '张敏', departmentCode: 'acceptance' };

let hub: ReturnType<typeof fakeHub>;
let sip: ReturnType<typeof fakeSipPhone>;
let deps: StoreDeps;
let bridge: ConsoleApi;

const state = () => useConsoleStore.getState();

beforeEach(() => {
  resetStore();
  hub = fakeHub();
  const clock = fakeClock();
  sip = fakeSipPhone({ now: clock.clock.now });
  const media = fakeMediaDevices([{ kind: 'audiooutput', deviceId: 'usb-ring', label: 'USB 音箱' }]);
  deps = storeTestDeps({ hub, phone: () => sip.phone, clock: clock.clock, mediaDevices: media.service }).deps;
  bridge = deps.bridge;
  configureStoreDeps(deps);
  hub.handlers.login = async () => ({ token: 'tok-1', user: agent, expiresAt: '2026-11-24T09:00:00.000Z' });
  hub.handlers.phoneConfig = async () => AGENT_PHONE_CONFIG;
  hub.handlers.org = async () => ({ departments: [], queues: [], transferTargets: [], escalationChain: [] });
  quietConsole();
});

afterEach(() => {
  resetStore();
  vi.restoreAllMocks();
});

async function startWithSettings(): Promise<Settings> {
  const settings = await unwrap(bridge.getSettings());
  state().initSettings(settings);
  await state().restoreSession(HUB);
  return settings;
}

async function logIn(): Promise<void> {
  await state().login({ username: 'agent1', password: 'demo1234' });
  await settle();
}

describe('desktop slice: audio devices', () => {
  it('applies the saved devices to the phone at login', async () => {
    await unwrap(bridge.updateSettings({ audio: { microphoneId: null, speakerId: null, ringerId: 'usb-ring' } }));
    await startWithSettings();
    expect(state().phone.devices).toEqual({ microphoneId: null, speakerId: null, ringerId: 'usb-ring' });
    await logIn();
    expect(sip.commands).toEqual(['start 1001', 'setDevices {"microphoneId":null,"speakerId":null,"ringerId":"usb-ring"}']);
  });

  it('saves a device chosen before login, and lists the devices without a phone', async () => {
    await startWithSettings();
    await state().refreshAudioDevices();
    expect(state().phone.deviceOptions).toEqual([{ kind: 'audiooutput', deviceId: 'usb-ring', label: 'USB 音箱' }]);
    await state().selectAudioDevices({ ringerId: 'usb-ring' });
    await expect(unwrap(bridge.getSettings())).resolves.toMatchObject({ audio: { microphoneId: null, speakerId: null, ringerId: 'usb-ring' } });
    expect(state().desktop.settings?.audio.ringerId).toBe('usb-ring');
  });

  it('switches the running phone and saves the choice when a device is picked during a login', async () => {
    await startWithSettings();
    await logIn();
    await state().selectAudioDevices({ speakerId: 'usb-ring' });
    expect(sip.commands).toContain('setDevices {"speakerId":"usb-ring"}');
    await expect(unwrap(bridge.getSettings())).resolves.toMatchObject({ audio: { speakerId: 'usb-ring' } });
  });
});

describe('desktop slice: saving settings', () => {
  it('writes the change and reads the status again', async () => {
    await startWithSettings();
    const result = await state().saveSettings({ hotkeys: { ...DEFAULT_HOTKEYS, answer: 'F9' } });
    expect(result).toMatchObject({ ok: true, settings: { hotkeys: { answer: 'F9' } } });
    expect(state().desktop.settings?.hotkeys.answer).toBe('F9');
    expect(state().desktop.status?.hotkeys.answer).toEqual({ accelerator: 'F9', status: 'unsupported' });
  });

  it('keeps the saved settings and names the refused field when the platform refuses', async () => {
    const saved = await startWithSettings();
    const result = await state().saveSettings({ hotkeys: { ...DEFAULT_HOTKEYS, mute: 'Ctrl+Banana' } });
    expect(result).toMatchObject({ ok: false, error: { code: 'invalid_request', fields: ['hotkeys.mute'] } });
    expect(state().desktop.settings).toEqual(saved);
    await expect(unwrap(bridge.getSettings())).resolves.toEqual(saved);
  });

  it('logs out and points at the new hub when the hub address changes during a login', async () => {
    await startWithSettings();
    await logIn();
    const result = await state().saveSettings({ hubUrl: 'http://hub.example.cn:8790' });
    expect(result.ok).toBe(true);
    expect(state().session).toMatchObject({ status: 'signed-out', hubUrl: 'http://hub.example.cn:8790', user: null });
    // The old hub hears the logout: the session was its.
    expect(hub.calls.filter((c) => c.includes('logout'))).toEqual([`${HUB} logout tok-1`]);
  });

  it('only changes where the login form goes when the hub address changes before login', async () => {
    await startWithSettings();
    await state().saveSettings({ hubUrl: 'http://hub.example.cn:8790' });
    expect(state().session).toMatchObject({ status: 'signed-out', hubUrl: 'http://hub.example.cn:8790' });
    expect(hub.calls.filter((c) => c.includes('logout'))).toEqual([]);
  });

  it('keeps the login when something other than the hub address changes', async () => {
    await startWithSettings();
    await logIn();
    await state().saveSettings({ bringToFrontOnRing: true });
    expect(state().session.status).toBe('signed-in');
  });
});

describe('desktop slice: tel: links in the browser', () => {
  it('asks the browser through the platform and reads the status again', async () => {
    let asked = 0;
    configureStoreDeps({ ...deps, registerTelHandler: () => ((asked += 1), true) });
    expect(state().canRegisterTelHandler()).toBe(true);
    await expect(state().registerTelHandler()).resolves.toBe(true);
    expect(asked).toBe(1);
    expect(state().desktop.status).not.toBeNull();
  });

  it('cannot ask where the platform offers no way to', async () => {
    expect(state().canRegisterTelHandler()).toBe(false);
    await expect(state().registerTelHandler()).resolves.toBe(false);
  });
});

describe('refusedSettingFields', () => {
  it('reads the fields out of the main process’s and the web bridge’s wording', () => {
    expect(refusedSettingFields('hotkeys.answer: not a valid key combination; launchAtLogin: expected boolean')).toEqual(['hotkeys.answer', 'launchAtLogin']);
    expect(refusedSettingFields('updateSettings: hubUrl: too long')).toEqual(['hubUrl']);
  });

  it('names nothing for a failure that is not about a field', () => {
    expect(refusedSettingFields('EACCES: permission denied, open settings.json')).toEqual([]);
  });
});
