import { beforeAll, describe, expect, it, vi } from 'vitest';
import { IPC_METHODS, ipcChannel } from '../../../../shared/ipc/methods';
import { contextBridge, ipcRenderer, resetFakeElectron } from '../../../support/fake-electron';

vi.mock('electron', () => import('../../../support/fake-electron'));

type ExposedApi = Record<string, (request?: unknown) => Promise<unknown>>;

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

  it('exposes exactly the contract methods, all functions, when loaded', () => {
    const api = exposedApi();
    expect(Object.keys(api).sort()).toEqual([...IPC_METHODS].sort());
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
});
