import { beforeAll, describe, expect, it, vi } from 'vitest';
import { IPC_EVENT_CHANNEL, IPC_METHODS, ipcChannel } from '../../../../shared/ipc/methods';
import { contextBridge, ipcRenderer, resetFakeElectron } from '../../../support/fake-electron';

vi.mock('electron', () => import('../../../support/fake-electron'));

type ExposedApi = Record<string, (request?: unknown) => Promise<unknown>> & {
  onEvent: (listener: (event: unknown) => void) => () => void;
};

beforeAll(async () => {
  resetFakeElectron();
  await import('../../../../electron/preload/index');
});

function exposedApi(): ExposedApi {
  return contextBridge.exposed.get('api') as ExposedApi;
}

describe('preload', () => {
  it('exposes only the api key when loaded', () => {
    expect([...contextBridge.exposed.keys()]).toEqual(['api']);
  });

  it('exposes exactly the contract methods and onEvent, all functions, when loaded', () => {
    const api = exposedApi();
    expect(Object.keys(api).sort()).toEqual([...IPC_METHODS, 'onEvent'].sort());
    expect(typeof api.onEvent).toBe('function');
    for (const method of IPC_METHODS) expect(typeof api[method], method).toBe('function');
    expect(Object.isFrozen(api)).toBe(true);
  });

  it('exposes neither ipcRenderer nor a generic invoke when loaded', () => {
    const api = exposedApi() as Record<string, unknown>;
    for (const name of ['invoke', 'send', 'on', 'ipcRenderer', 'sendSync']) expect(api, name).not.toHaveProperty(name);
    expect(Object.values(api)).not.toContain(ipcRenderer);
  });

  it('invokes the method channel with the request and nothing else when a method is called', async () => {
    const api = exposedApi();
    for (const method of IPC_METHODS) {
      ipcRenderer.invocations.length = 0;
      const request = { probe: method };
      await (api[method] as (...args: unknown[]) => Promise<unknown>)(request, 'ignored extra argument');
      expect(ipcRenderer.invocations, method).toEqual([{ channel: ipcChannel(method), args: [request] }]);
    }
  });

  it('passes undefined as the request when a method takes none', async () => {
    ipcRenderer.invocations.length = 0;
    await exposedApi().getAppInfo?.();
    expect(ipcRenderer.invocations).toEqual([{ channel: 'console:getAppInfo', args: [undefined] }]);
  });

  it('hands the main process reply back untouched when the call returns', async () => {
    ipcRenderer.reply = () => ({ ok: false, error: { code: 'forbidden_sender', message: 'no' } });
    await expect(exposedApi().getSettings?.()).resolves.toEqual({ ok: false, error: { code: 'forbidden_sender', message: 'no' } });
  });

  it('hands the listener only the payload of a main-process event, never the IPC event with its sender', () => {
    const received: unknown[][] = [];
    const unsubscribe = exposedApi().onEvent((...args: unknown[]) => received.push(args));
    ipcRenderer.receive(IPC_EVENT_CHANNEL, { type: 'dial', number: '10086', source: 'tel' });
    expect(received).toEqual([[{ type: 'dial', number: '10086', source: 'tel' }]]);
    expect(JSON.stringify(received)).not.toContain('sender');
    unsubscribe();
  });

  it('stops calling the listener when unsubscribed, leaving other listeners alone', () => {
    const first: unknown[] = [];
    const second: unknown[] = [];
    const unsubscribe = exposedApi().onEvent((event) => first.push(event));
    const keep = exposedApi().onEvent((event) => second.push(event));
    unsubscribe();
    ipcRenderer.receive(IPC_EVENT_CHANNEL, { type: 'hotkey', action: 'mute' });
    expect(first).toEqual([]);
    expect(second).toEqual([{ type: 'hotkey', action: 'mute' }]);
    keep();
    expect(ipcRenderer.listenerCount(IPC_EVENT_CHANNEL)).toBe(0);
  });

  it('listens on the event channel only, so other channels never reach the page', () => {
    const received: unknown[] = [];
    const unsubscribe = exposedApi().onEvent((event) => received.push(event));
    ipcRenderer.receive('console:getSecret', { value: 'leak' });
    ipcRenderer.receive('__ELECTRON_LOG__', { data: [] });
    expect(received).toEqual([]);
    unsubscribe();
  });
});
