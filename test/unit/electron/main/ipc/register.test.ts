import { describe, expect, it, vi } from 'vitest';
import { IPC_METHODS, ipcChannel, type IpcMethod, type Settings } from '../../../../../shared/ipc/contract';
import { defaultSettings } from '../../../../../electron/main/ipc/settings';
import { isTrustedUrl, trustedOrigins } from '../../../../../electron/main/app-origin';
import { registerIpc, type Handlers } from '../../../../../electron/main/ipc/register';
import { invokeEventFrom, ipcMain, resetFakeElectron } from '../../../../support/fake-electron';
import { recordingLogger } from '../../recording-logger';

const APP_FRAME = 'app://console/index.html';

const SETTINGS: Settings = defaultSettings({});
const off = { accelerator: '', status: 'off' as const };

function stubHandlers(): Handlers & { [M in IpcMethod]: ReturnType<typeof vi.fn> } {
  return {
    getAppInfo: vi.fn(() => ({ name: 'console', version: '1.0.0', mode: 'desktop' as const, platform: 'linux' })),
    getSettings: vi.fn(() => SETTINGS),
    updateSettings: vi.fn((patch) => ({ ...SETTINGS, ...patch })),
    getSecret: vi.fn(() => ({ value: null })),
    setSecret: vi.fn(() => ({ protection: 'os-encrypted' as const })),
    deleteSecret: vi.fn(() => ({ deleted: true })),
    showNotification: vi.fn(() => ({ shown: true })),
    getDesktopStatus: vi.fn(() => ({
      hotkeys: { answer: off, hangUp: off, hold: off, mute: off },
      launchAtLogin: 'unsupported' as const,
      secretProtection: 'os-encrypted' as const,
      linkHandlers: { tel: false, app: false },
    })),
    setPresence: vi.fn(() => ({ shown: true })),
    showIncomingCall: vi.fn(() => ({ shown: true, broughtToFront: false })),
    dismissIncomingCall: vi.fn(() => ({ dismissed: true })),
    eventsReady: vi.fn(() => ({ delivered: 0 })),
  };
}

function setup(env = { isPackaged: true, rendererUrl: undefined as string | undefined }) {
  resetFakeElectron();
  const handlers = stubHandlers();
  const log = recordingLogger();
  const origins = trustedOrigins(env);
  const unregister = registerIpc(ipcMain, handlers, { isTrustedSender: (url) => isTrustedUrl(url, origins), log });
  const call = (method: IpcMethod, request?: unknown, frameUrl: string | null = APP_FRAME) =>
    ipcMain.invoke(ipcChannel(method), invokeEventFrom(frameUrl), request);
  return { handlers, log, unregister, call };
}

describe('registerIpc', () => {
  it('registers one handler per contract method and no other channel when called', () => {
    setup();
    expect([...ipcMain.handlers.keys()].sort()).toEqual(IPC_METHODS.map(ipcChannel).sort());
  });

  it('removes every channel when the returned function is called', () => {
    const { unregister } = setup();
    unregister();
    expect(ipcMain.handlers.size).toBe(0);
  });

  it('throws before registering anything when a handler is missing at runtime', () => {
    resetFakeElectron();
    const { showNotification: _dropped, ...partial } = stubHandlers();
    expect(() =>
      registerIpc(ipcMain, partial as unknown as Handlers, { isTrustedSender: () => true, log: recordingLogger() }),
    ).toThrow(/showNotification/);
    expect(ipcMain.handlers.size).toBe(0);
  });

  it('replies ok with the handler value when sender and request are valid', async () => {
    const { call, handlers } = setup();
    await expect(call('setSecret', { key: 'hubToken', value: 't0ken' })).resolves.toEqual({
      ok: true,
      value: { protection: 'os-encrypted' },
    });
    expect(handlers.setSecret).toHaveBeenCalledWith({ key: 'hubToken', value: 't0ken' });
  });

  it('passes the parsed request, not the raw one, when the handler runs', async () => {
    const { call, handlers } = setup();
    await call('getAppInfo');
    expect(handlers.getAppInfo).toHaveBeenCalledWith(undefined);
  });

  describe('refuses with forbidden_sender and does not call the handler', () => {
    const cases: [string, string | null][] = [
      ['another origin', 'https://evil.example/index.html'],
      ['a look-alike app host', 'app://console.evil/index.html'],
      ['a file:// page', 'file:///tmp/index.html'],
      ['a missing senderFrame', null],
      ['an about:blank frame', 'about:blank'],
      ['the dev server in a packaged app', 'http://localhost:5173/'],
    ];
    for (const [name, frameUrl] of cases) {
      it(`refuses the call when the sender is ${name}`, async () => {
        const { call, handlers, log } = setup();
        const reply = await call('getSecret', { key: 'hubToken' }, frameUrl);
        expect(reply).toMatchObject({ ok: false, error: { code: 'forbidden_sender' } });
        expect(handlers.getSecret).not.toHaveBeenCalled();
        expect(log.at('warn')).toHaveLength(1);
      });
    }

    it('refuses the call when the event has no senderFrame property at all', async () => {
      const { handlers } = setup();
      const reply = await ipcMain.invoke(ipcChannel('getSettings'), {} as never);
      expect(reply).toMatchObject({ ok: false, error: { code: 'forbidden_sender' } });
      expect(handlers.getSettings).not.toHaveBeenCalled();
    });

    it('refuses the call when reading the disposed senderFrame throws', async () => {
      const { handlers } = setup();
      const event = {
        get senderFrame(): never {
          throw new Error('Render frame was disposed before WebFrameMain could be accessed');
        },
      };
      const reply = await ipcMain.invoke(ipcChannel('getSettings'), event);
      expect(reply).toMatchObject({ ok: false, error: { code: 'forbidden_sender' } });
      expect(handlers.getSettings).not.toHaveBeenCalled();
    });
  });

  it('accepts the dev server origin when unpackaged with ELECTRON_RENDERER_URL set', async () => {
    const { call } = setup({ isPackaged: false, rendererUrl: 'http://localhost:5173' });
    await expect(call('getSettings', undefined, 'http://localhost:5173/')).resolves.toMatchObject({ ok: true });
    await expect(call('getSettings', undefined, 'http://localhost:5174/')).resolves.toMatchObject({
      ok: false,
      error: { code: 'forbidden_sender' },
    });
  });

  describe('refuses with invalid_request and does not call the handler', () => {
    const cases: [string, IpcMethod, unknown, RegExp][] = [
      ['an unknown secret key', 'getSecret', { key: 'rootPassword' }, /^key: /],
      ['an empty secret', 'setSecret', { key: 'sipPassword', value: '' }, /^value: /],
      ['an extra field', 'setSecret', { key: 'sipPassword', value: 'x', admin: true }, /admin/],
      ['a string instead of an object', 'deleteSecret', 'hubToken', /expected object/],
      ['an argument to a method that takes none', 'getAppInfo', { please: 1 }, /expected undefined/],
      ['an unknown settings field', 'updateSettings', { theme: 'dark' }, /theme/],
      ['an unsupported language', 'updateSettings', { language: 'fr-FR' }, /^language: /],
      ['an empty notification title', 'showNotification', { title: '', body: 'x' }, /^title: /],
      ['an argument to getDesktopStatus', 'getDesktopStatus', { refresh: true }, /expected undefined/],
      ['an argument to eventsReady', 'eventsReady', [], /expected undefined/],
      ['an unknown agent state', 'setPresence', { state: 'napping', reason: null, agentName: 'A', inCall: false }, /^state: /],
      ['a presence without inCall', 'setPresence', { state: 'ready', reason: null, agentName: 'A' }, /^inCall: /],
      ['a presence with an extra field', 'setPresence', { state: 'ready', reason: null, agentName: 'A', inCall: false, x: 1 }, /x/],
      ['a reason too long', 'setPresence', { state: 'not_ready', reason: 'r'.repeat(101), agentName: 'A', inCall: false }, /^reason: /],
      ['an incoming call without a caller', 'showIncomingCall', { callId: 'c1', caller: '', detail: '' }, /^caller: /],
      ['an incoming call with markup-sized detail', 'showIncomingCall', { callId: 'c1', caller: 'A', detail: 'd'.repeat(201) }, /^detail: /],
      ['an incoming call with an extra field', 'showIncomingCall', { callId: 'c1', caller: 'A', detail: '', icon: 'file:///etc/passwd' }, /icon/],
      ['an empty call id to dismiss', 'dismissIncomingCall', { callId: '' }, /^callId: /],
      ['a hotkey that is not a key combination', 'updateSettings', { hotkeys: { ...SETTINGS.hotkeys, mute: 'Ctrl+Nope' } }, /^hotkeys\.mute: /],
      ['an empty audio device id', 'updateSettings', { audio: { microphoneId: '', speakerId: null, ringerId: null } }, /^audio\.microphoneId: /],
      ['a launch-at-login that is not a boolean', 'updateSettings', { launchAtLogin: 'true' }, /^launchAtLogin: /],
    ];
    for (const [name, method, request, message] of cases) {
      it(`refuses ${method} when the request has ${name}`, async () => {
        const { call, handlers } = setup();
        const reply = await call(method, request);
        expect(reply).toMatchObject({ ok: false, error: { code: 'invalid_request', message: expect.stringMatching(message) } });
        expect(handlers[method]).not.toHaveBeenCalled();
      });
    }

    it('does not echo the rejected value when a secret fails validation', async () => {
      const { call, log } = setup();
      const secret = 'x'.repeat(8193);
      const reply = (await call('setSecret', { key: 'sipPassword', value: secret })) as { error: { message: string } };
      expect(reply.error.message).not.toContain('xxxx');
      expect(JSON.stringify(log.entries)).not.toContain('xxxx');
    });
  });

  it('replies failed with the message and logs it when the handler throws', async () => {
    const { call, handlers, log } = setup();
    handlers.getSettings.mockImplementation(() => {
      throw new Error('disk full');
    });
    await expect(call('getSettings')).resolves.toEqual({ ok: false, error: { code: 'failed', message: 'disk full' } });
    expect(log.at('error')).toHaveLength(1);
  });

  it('replies failed when the handler rejects', async () => {
    const { call, handlers } = setup();
    handlers.deleteSecret.mockRejectedValue(new Error('locked'));
    await expect(call('deleteSecret', { key: 'hubToken' })).resolves.toEqual({
      ok: false,
      error: { code: 'failed', message: 'locked' },
    });
  });
});
