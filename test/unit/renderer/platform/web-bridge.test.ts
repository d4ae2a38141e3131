import { describe, expect, it, vi } from 'vitest';
import { DEFAULT_HOTKEYS, type ConsoleApi, type Settings } from '../../../../shared/ipc/contract';
import {
  createWebBridge,
  dialEventOfUrl,
  registerWebTelHandler,
  type WebNotifications,
  type WebPage,
} from '../../../../renderer/src/platform/web-bridge';
import { BridgeError, unwrap } from '../../../../renderer/src/platform/ipc-result';
import { memoryStorage } from '../support/memory-storage';

function makeBridge(options: { local?: Record<string, string>; notifications?: WebNotifications | null; page?: WebPage } = {}) {
  const local = memoryStorage(options.local);
  const session = memoryStorage();
  const bridge = createWebBridge({
    localStorage: local,
    sessionStorage: session,
    notifications: options.notifications ?? null,
    ...(options.page ? { page: options.page } : {}),
    appName: 'callcenter-console',
    appVersion: '0.1.0',
    platform: 'test',
  });
  return { bridge, local, session };
}

/** What a fresh browser profile holds: same-origin hub, zh-CN, system devices, the default hotkeys, no desktop switches. */
const DEFAULTS: Settings = {
  hubUrl: '',
  language: 'zh-CN',
  audio: { microphoneId: null, speakerId: null, ringerId: null },
  hotkeys: DEFAULT_HOTKEYS,
  launchAtLogin: false,
  bringToFrontOnRing: false,
};

/** A tab: its address, whether it is in sight, and what the bridge did to it. */
function fakePage(href: string, hidden = false) {
  const state = { href, hidden, focused: 0, replaced: [] as string[] };
  const page: WebPage = {
    isHidden: () => state.hidden,
    focus: () => void (state.focused += 1),
    url: () => state.href,
    replaceUrl: (url) => {
      state.replaced.push(url);
      state.href = url;
    },
  };
  return { page, state };
}

/** Notifications that are all allowed, recorded with their click handlers and whether they were closed. */
function recordingNotifications() {
  const sticky: { tag: string; title: string; body: string; click: () => void; closed: boolean }[] = [];
  const notifications: WebNotifications = {
    permission: () => 'granted',
    requestPermission: async () => 'granted',
    show: () => undefined,
    showSticky: ({ tag, title, body, onClick }) => {
      const entry = { tag, title, body, click: onClick, closed: false };
      sticky.push(entry);
      return () => void (entry.closed = true);
    },
  };
  return { notifications, sticky };
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
    await expect(unwrap(bridge.getSettings())).resolves.toEqual(DEFAULTS);
  });

  it('round-trips settings through localStorage when a patch is applied', async () => {
    const { bridge, local } = makeBridge();
    await expect(unwrap(bridge.updateSettings({ language: 'en-US' }))).resolves.toEqual({ ...DEFAULTS, language: 'en-US' });

    const reopened = createWebBridge({
      localStorage: local,
      sessionStorage: memoryStorage(),
      notifications: null,
      appName: 'x',
      appVersion: '0',
      platform: 'test',
    });
    await expect(unwrap(reopened.getSettings())).resolves.toEqual({ ...DEFAULTS, language: 'en-US' });
  });

  it('keeps the valid fields when stored settings are partly corrupt', async () => {
    const { bridge } = makeBridge({
      local: { 'callcenter-console.settings': JSON.stringify({ hubUrl: 'http://hub:8790', language: 'fr-FR' }) },
    });
    await expect(unwrap(bridge.getSettings())).resolves.toEqual({ ...DEFAULTS, hubUrl: 'http://hub:8790' });
  });

  it('keeps every valid device and hotkey when others in the same group are corrupt', async () => {
    const stored = {
      hubUrl: '',
      language: 'en-US',
      audio: { microphoneId: 'mic-2', speakerId: 42, ringerId: 'usb-ring' },
      hotkeys: { answer: 'F9', hangUp: 'Q', hold: 'Ctrl+Alt+P' },
      launchAtLogin: 'yes',
      bringToFrontOnRing: true,
    };
    const { bridge } = makeBridge({ local: { 'callcenter-console.settings': JSON.stringify(stored) } });
    await expect(unwrap(bridge.getSettings())).resolves.toEqual({
      hubUrl: '',
      language: 'en-US',
      audio: { microphoneId: 'mic-2', speakerId: null, ringerId: 'usb-ring' },
      // A key without a modifier is refused, a missing one comes back as its default.
      hotkeys: { answer: 'F9', hangUp: DEFAULT_HOTKEYS.hangUp, hold: 'Ctrl+Alt+P', mute: DEFAULT_HOTKEYS.mute },
      launchAtLogin: false,
      bringToFrontOnRing: true,
    });
  });

  it('falls back to the defaults for a group stored as something else than an object', async () => {
    const { bridge } = makeBridge({ local: { 'callcenter-console.settings': JSON.stringify({ audio: ['mic'], hotkeys: 'Ctrl+A', language: 'en-US' }) } });
    await expect(unwrap(bridge.getSettings())).resolves.toEqual({ ...DEFAULTS, language: 'en-US' });
  });

  it('refuses a hotkey that is no key combination with invalid_request naming the field', async () => {
    const { bridge, local } = makeBridge();
    const result = await bridge.updateSettings({ hotkeys: { ...DEFAULT_HOTKEYS, answer: 'Ctrl+Banana' } });
    expect(result).toMatchObject({ ok: false, error: { code: 'invalid_request', message: expect.stringContaining('hotkeys.answer: ') } });
    expect(local.values.size).toBe(0);
  });

  it('falls back to defaults when stored settings are not JSON', async () => {
    const { bridge } = makeBridge({ local: { 'callcenter-console.settings': '{oops' } });
    await expect(unwrap(bridge.getSettings())).resolves.toEqual(DEFAULTS);
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
      showSticky: () => () => undefined,
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

describe('createWebBridge desktop methods', () => {
  it('reports hotkeys as desktop-only, no start at login and session-kept secrets', async () => {
    const { bridge } = makeBridge();
    await unwrap(bridge.updateSettings({ hotkeys: { ...DEFAULT_HOTKEYS, mute: '' } }));
    await expect(unwrap(bridge.getDesktopStatus())).resolves.toEqual({
      hotkeys: {
        answer: { accelerator: 'Ctrl+Alt+Enter', status: 'unsupported' },
        hangUp: { accelerator: 'Ctrl+Alt+H', status: 'unsupported' },
        hold: { accelerator: 'Ctrl+Alt+P', status: 'unsupported' },
        mute: { accelerator: '', status: 'off' },
      },
      launchAtLogin: 'unsupported',
      secretProtection: 'browser-session',
      linkHandlers: { tel: false, app: false },
    });
  });

  it('reports the tel: handler once the browser was asked to take tel: links', async () => {
    const { bridge, local } = makeBridge();
    const registered: string[] = [];
    expect(registerWebTelHandler(local, (scheme, url) => void registered.push(`${scheme} ${url}`), 'http://hub:8790')).toBe(true);
    expect(registered).toEqual(['tel http://hub:8790/?dial=%s']);
    await expect(unwrap(bridge.getDesktopStatus())).resolves.toMatchObject({ linkHandlers: { tel: true, app: false } });
  });

  it('does not claim the tel: handler when the browser refuses to register it', async () => {
    const { bridge, local } = makeBridge();
    const refuse = () => {
      throw new DOMException('not allowed', 'SecurityError');
    };
    vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    expect(registerWebTelHandler(local, refuse, 'http://hub:8790')).toBe(false);
    await expect(unwrap(bridge.getDesktopStatus())).resolves.toMatchObject({ linkHandlers: { tel: false } });
    vi.restoreAllMocks();
  });

  it('has no tray: presence is accepted and not shown', async () => {
    const { bridge } = makeBridge();
    await expect(unwrap(bridge.setPresence({ state: 'ready', reason: null, agentName: '张敏', inCall: false }))).resolves.toEqual({ shown: false });
  });

  it('shows a ringing call as a notification that stays, only while the tab is hidden', async () => {
    const { notifications, sticky } = recordingNotifications();
    const tab = fakePage('http://hub/#/phone', false);
    const { bridge } = makeBridge({ notifications, page: tab.page });
    const call = { callId: 'c1', caller: '王先生', detail: '13800138000 · VIP 2' };

    await expect(unwrap(bridge.showIncomingCall(call))).resolves.toEqual({ shown: false, broughtToFront: false });
    tab.state.hidden = true;
    await expect(unwrap(bridge.showIncomingCall(call))).resolves.toEqual({ shown: true, broughtToFront: false });
    expect(sticky.map(({ tag, title, body }) => ({ tag, title, body }))).toEqual([{ tag: 'incoming-call:c1', title: '王先生', body: '13800138000 · VIP 2' }]);
  });

  it('focuses the tab and tells the console to show the call when the notification is clicked', async () => {
    const { notifications, sticky } = recordingNotifications();
    const tab = fakePage('http://hub/#/customer', true);
    const { bridge } = makeBridge({ notifications, page: tab.page });
    const events: unknown[] = [];
    bridge.onEvent((event) => events.push(event));
    await unwrap(bridge.eventsReady());
    await unwrap(bridge.showIncomingCall({ callId: 'c1', caller: '13800138000', detail: '' }));

    sticky[0]!.click();
    expect(tab.state.focused).toBe(1);
    expect(sticky[0]!.closed).toBe(true);
    expect(events).toEqual([{ type: 'incomingCall', callId: 'c1', action: 'show' }]);
  });

  it('closes the notification of a call that was answered or ended, once', async () => {
    const { notifications, sticky } = recordingNotifications();
    const { bridge } = makeBridge({ notifications, page: fakePage('http://hub/', true).page });
    await unwrap(bridge.showIncomingCall({ callId: 'c1', caller: '13800138000', detail: '' }));
    await expect(unwrap(bridge.dismissIncomingCall({ callId: 'c1' }))).resolves.toEqual({ dismissed: true });
    expect(sticky[0]!.closed).toBe(true);
    await expect(unwrap(bridge.dismissIncomingCall({ callId: 'c1' }))).resolves.toEqual({ dismissed: false });
  });

  it('shows no call notification when the browser denies notifications', async () => {
    const { bridge } = makeBridge({
      notifications: { ...recordingNotifications().notifications, permission: () => 'denied' },
      page: fakePage('http://hub/', true).page,
    });
    await expect(unwrap(bridge.showIncomingCall({ callId: 'c1', caller: 'x', detail: '' }))).resolves.toEqual({ shown: false, broughtToFront: false });
  });

  it('holds a ?dial= link until the console listens, then delivers it once and drops it from the address', async () => {
    const tab = fakePage('http://hub/?dial=tel%3A%2B86-138-0013-8000#/phone');
    const { bridge } = makeBridge({ page: tab.page });
    const events: unknown[] = [];
    bridge.onEvent((event) => events.push(event));
    expect(events).toEqual([]);

    await expect(unwrap(bridge.eventsReady())).resolves.toEqual({ delivered: 1 });
    expect(events).toEqual([{ type: 'dial', number: '+8613800138000', source: 'tel' }]);
    expect(tab.state.replaced).toEqual(['http://hub/#/phone']);
    await expect(unwrap(bridge.eventsReady())).resolves.toEqual({ delivered: 0 });
    expect(events).toHaveLength(1);
  });

  it('delivers nothing and leaves the address alone without a ?dial= link', async () => {
    const tab = fakePage('http://hub/?lang=en-US#/phone');
    const { bridge } = makeBridge({ page: tab.page });
    await expect(unwrap(bridge.eventsReady())).resolves.toEqual({ delivered: 0 });
    expect(tab.state.replaced).toEqual([]);
  });

  it('stops delivering to a listener that unsubscribed', async () => {
    const { notifications, sticky } = recordingNotifications();
    const { bridge } = makeBridge({ notifications, page: fakePage('http://hub/', true).page });
    const events: unknown[] = [];
    const unsubscribe = bridge.onEvent((event) => events.push(event));
    await unwrap(bridge.eventsReady());
    unsubscribe();
    await unwrap(bridge.showIncomingCall({ callId: 'c1', caller: 'x', detail: '' }));
    sticky[0]!.click();
    expect(events).toEqual([]);
  });
});

describe('dialEventOfUrl', () => {
  it('turns a tel: link, an app link and a bare number into a dial event', () => {
    expect(dialEventOfUrl('http://hub/?dial=tel:13800138000')).toEqual({ type: 'dial', number: '13800138000', source: 'tel' });
    expect(dialEventOfUrl('http://hub/?dial=callcenter%3A%2F%2Fdial%2F1001')).toEqual({ type: 'dial', number: '1001', source: 'app-link' });
    expect(dialEventOfUrl('http://hub/?dial=010-6552%201234')).toEqual({ type: 'dial', number: '01065521234', source: 'tel' });
  });

  it('refuses a link with script, a link that is no number and a malformed one', () => {
    expect(dialEventOfUrl('http://hub/?dial=javascript:alert(1)')).toEqual({ type: 'linkRefused', link: 'javascript:alert(1)', reason: 'unsupported' });
    expect(dialEventOfUrl('http://hub/?dial=tel:%3Cscript%3Ealert(1)%3C%2Fscript%3E')).toEqual({
      type: 'linkRefused',
      link: 'tel:<script>alert(1)</script>',
      reason: 'not_a_number',
    });
    expect(dialEventOfUrl('http://hub/?dial=tel:%25E0%25A4%25A')).toMatchObject({ type: 'linkRefused', reason: 'malformed' });
  });

  it('keeps only the start of a very long refused link', () => {
    const event = dialEventOfUrl(`http://hub/?dial=javascript:${'x'.repeat(500)}`);
    expect(event).toMatchObject({ type: 'linkRefused', reason: 'unsupported' });
    expect((event as { link: string }).link).toHaveLength(200);
  });

  it('is null without a dial parameter', () => {
    expect(dialEventOfUrl('http://hub/#/phone')).toBeNull();
  });
});
