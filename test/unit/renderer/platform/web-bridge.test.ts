import { describe, expect, it } from 'vitest';
import type { ConsoleApi } from '../../../../shared/ipc/contract';
import { createWebBridge, type WebNotifications } from '../../../../renderer/src/platform/web-bridge';
import { BridgeError, unwrap } from '../../../../renderer/src/platform/ipc-result';
import { memoryStorage } from '../support/memory-storage';

function makeBridge(options: { local?: Record<string, string>; notifications?: WebNotifications | null } = {}) {
  const local = memoryStorage(options.local);
  const session = memoryStorage();
  const bridge = createWebBridge({
    localStorage: local,
    sessionStorage: session,
    notifications: options.notifications ?? null,
    appName: 'callcenter-console',
    appVersion: '0.1.0',
    platform: 'test',
  });
  return { bridge, local, session };
}

// Calls with the wrong shape on purpose: what a buggy caller or a hand-typed console call would send.
const untyped = (bridge: ConsoleApi) => bridge as unknown as Record<string, (request?: unknown) => Promise<unknown>>;

describe('createWebBridge', () => {
  it('reports web mode in the app info', async () => {
    const { bridge } = makeBridge();
    await expect(unwrap(bridge.getAppInfo())).resolves.toEqual({
      name: 'callcenter-console',
      version: '0.1.0',
      mode: 'web',
      platform: 'test',
    });
  });

  it('starts with same-origin hub and zh-CN when nothing is stored', async () => {
    const { bridge } = makeBridge();
    await expect(unwrap(bridge.getSettings())).resolves.toEqual({ hubUrl: '', language: 'zh-CN' });
  });

  it('round-trips settings through localStorage when a patch is applied', async () => {
    const { bridge, local } = makeBridge();
    await expect(unwrap(bridge.updateSettings({ language: 'en-US' }))).resolves.toEqual({ hubUrl: '', language: 'en-US' });

    const reopened = createWebBridge({
      localStorage: local,
      sessionStorage: memoryStorage(),
      notifications: null,
      appName: 'x',
      appVersion: '0',
      platform: 'test',
    });
    await expect(unwrap(reopened.getSettings())).resolves.toEqual({ hubUrl: '', language: 'en-US' });
  });

  it('keeps the valid fields when stored settings are partly corrupt', async () => {
    const { bridge } = makeBridge({
      local: { 'callcenter-console.settings': JSON.stringify({ hubUrl: 'http://hub:8790', language: 'fr-FR' }) },
    });
    await expect(unwrap(bridge.getSettings())).resolves.toEqual({ hubUrl: 'http://hub:8790', language: 'zh-CN' });
  });

  it('falls back to defaults when stored settings are not JSON', async () => {
    const { bridge } = makeBridge({ local: { 'callcenter-console.settings': '{oops' } });
    await expect(unwrap(bridge.getSettings())).resolves.toEqual({ hubUrl: '', language: 'zh-CN' });
  });

  it('refuses with invalid_request when a settings patch has an unknown language', async () => {
    const { bridge, local } = makeBridge();
    const result = await untyped(bridge).updateSettings!({ language: 'fr-FR' });
    expect(result).toMatchObject({ ok: false, error: { code: 'invalid_request' } });
    expect(local.values.size).toBe(0);
  });

  it('refuses with invalid_request when a patch carries an unknown key', async () => {
    const { bridge } = makeBridge();
    await expect(untyped(bridge).updateSettings!({ theme: 'dark' })).resolves.toMatchObject({
      ok: false,
      error: { code: 'invalid_request' },
    });
  });

  it('refuses with invalid_request when a method without a request is given one', async () => {
    const { bridge } = makeBridge();
    await expect(untyped(bridge).getSettings!({})).resolves.toMatchObject({ ok: false, error: { code: 'invalid_request' } });
  });

  it('refuses with invalid_request when a secret key is not in the contract', async () => {
    const { bridge, session } = makeBridge();
    await expect(untyped(bridge).setSecret!({ key: 'apiKey', value: 'x' })).resolves.toMatchObject({
      ok: false,
      error: { code: 'invalid_request' },
    });
    expect(session.values.size).toBe(0);
  });

  it('throws a BridgeError with the code when unwrap meets a refused request', async () => {
    const { bridge } = makeBridge();
    const call = untyped(bridge).getSecret!({ key: 'nope' }) as ReturnType<ConsoleApi['getSecret']>;
    await expect(unwrap(call)).rejects.toSatisfy((e) => e instanceof BridgeError && e.code === 'invalid_request');
  });

  it('keeps secrets in sessionStorage only, reported as browser-session', async () => {
    const { bridge, local, session } = makeBridge();
    await expect(unwrap(bridge.setSecret({ key: 'hubToken', value: 'tok-1' }))).resolves.toEqual({ protection: 'browser-session' });
    await expect(unwrap(bridge.getSecret({ key: 'hubToken' }))).resolves.toEqual({ value: 'tok-1' });
    expect(local.values.size).toBe(0);
    expect([...session.values.values()]).toEqual(['tok-1']);

    await expect(unwrap(bridge.deleteSecret({ key: 'hubToken' }))).resolves.toEqual({ deleted: true });
    await expect(unwrap(bridge.deleteSecret({ key: 'hubToken' }))).resolves.toEqual({ deleted: false });
    await expect(unwrap(bridge.getSecret({ key: 'hubToken' }))).resolves.toEqual({ value: null });
  });

  it('reports failed when storage throws', async () => {
    const { bridge, session } = makeBridge();
    session.setItem = () => {
      throw new Error('QuotaExceededError');
    };
    await expect(bridge.setSecret({ key: 'hubToken', value: 'tok' })).resolves.toMatchObject({
      ok: false,
      error: { code: 'failed', message: expect.stringContaining('QuotaExceededError') },
    });
  });

  it('shows a notification only when the browser grants permission', async () => {
    const shown: string[] = [];
    const notifications = (permission: NotificationPermission, afterRequest: NotificationPermission): WebNotifications => ({
      permission: () => permission,
      requestPermission: async () => afterRequest,
      show: (title, body) => void shown.push(`${title}: ${body}`),
    });

    const granted = makeBridge({ notifications: notifications('granted', 'granted') }).bridge;
    await expect(unwrap(granted.showNotification({ title: 'Call', body: '1001' }))).resolves.toEqual({ shown: true });
    const denied = makeBridge({ notifications: notifications('denied', 'denied') }).bridge;
    await expect(unwrap(denied.showNotification({ title: 'Call', body: '1002' }))).resolves.toEqual({ shown: false });
    const asked = makeBridge({ notifications: notifications('default', 'granted') }).bridge;
    await expect(unwrap(asked.showNotification({ title: 'Call', body: '1003' }))).resolves.toEqual({ shown: true });
    const absent = makeBridge({ notifications: null }).bridge;
    await expect(unwrap(absent.showNotification({ title: 'Call', body: '1004' }))).resolves.toEqual({ shown: false });

    expect(shown).toEqual(['Call: 1001', 'Call: 1003']);
  });

  it('refuses an empty notification title with invalid_request', async () => {
    const { bridge } = makeBridge();
    await expect(bridge.showNotification({ title: '', body: 'x' })).resolves.toMatchObject({
      ok: false,
      error: { code: 'invalid_request' },
    });
  });
});
