import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { User } from '../../../../shared/api/auth';
import { HubError } from '../../../../renderer/src/services/hub';
import { configureStoreDeps, resetStore, useConsoleStore } from '../../../../renderer/src/store';
import { fakeHub, networkDown, unauthorized } from '../support/fake-hub';
import type { memoryStorage } from '../support/memory-storage';
import { storeTestDeps } from '../support/store-test-deps';

const agent: User = { id: 'u1', username: 'agent1', role: 'agent', displayName: '张敏', departmentCode: 'acceptance' };
const HUB = 'http://127.0.0.1:8790';

let hub: ReturnType<typeof fakeHub>;
let session: ReturnType<typeof memoryStorage>;
let local: ReturnType<typeof memoryStorage>;

const state = () => useConsoleStore.getState();

beforeEach(() => {
  resetStore();
  hub = fakeHub();
  const test = storeTestDeps({ hub });
  session = test.session;
  local = test.local;
  configureStoreDeps(test.deps);
});

// An agent's login starts the phone controller (its tests are in phone-controller.test.ts): stop it.
afterEach(() => {
  resetStore();
});

const storedToken = () => session.getItem('callcenter-console.secret.hubToken');


// The store and start-up log what they recover from; the tests provoke exactly that, so keep it quiet.
beforeEach(() => {
  vi.spyOn(console, 'warn').mockImplementation(() => undefined);
  vi.spyOn(console, 'error').mockImplementation(() => undefined);
});
afterEach(() => {
  vi.restoreAllMocks();
});

describe('session slice', () => {
  it('starts in starting with no user and the agent not ready', () => {
    expect(state().session).toMatchObject({ status: 'starting', user: null, token: null, error: null });
    expect(state().agent.state).toBe('not_ready');
  });

  it('goes to signed-out without asking the hub when no token is stored', async () => {
    await state().restoreSession(HUB);
    expect(state().session).toMatchObject({ status: 'signed-out', hubUrl: HUB, error: null });
    expect(hub.calls).toEqual([]);
  });

  it('signs in with the stored token when the hub still accepts it', async () => {
    session.setItem('callcenter-console.secret.hubToken', 'tok-1');
    hub.handlers.me = async () => ({ user: agent, extension: '1001' });
    await state().restoreSession(HUB);
    expect(state().session).toMatchObject({ status: 'signed-in', user: agent, token: 'tok-1' });
    // What follows is the agent's phone starting with the restored token (phone-controller.test.ts).
    expect(hub.calls[0]).toBe(`${HUB} me tok-1`);
  });

  it('forgets the stored token and shows the login when the hub answers 401', async () => {
    session.setItem('callcenter-console.secret.hubToken', 'tok-old');
    hub.handlers.me = async () => Promise.reject(unauthorized());
    await state().restoreSession(HUB);
    expect(state().session).toMatchObject({ status: 'signed-out', user: null, token: null, error: null });
    expect(storedToken()).toBeNull();
  });

  it('keeps the stored token and says why when the hub cannot be reached at start', async () => {
    session.setItem('callcenter-console.secret.hubToken', 'tok-1');
    hub.handlers.me = async () => Promise.reject(networkDown());
    await state().restoreSession(HUB);
    expect(state().session).toMatchObject({ status: 'signed-out', error: { code: 'network' } });
    expect(storedToken()).toBe('tok-1');
  });

  it('stores the token and resets the agent state when the login succeeds', async () => {
    await state().restoreSession(HUB);
    useConsoleStore.setState({ agent: { ...state().agent, state: 'ready' } });
    hub.handlers.login = async () => ({ token: 'tok-2', user: agent, expiresAt: '2026-11-24T02:00:00.000Z' });

    const pending = state().login({ username: 'agent1', password: 'demo1234' });
    expect(state().session.status).toBe('signing-in');
    await pending;

    expect(state().session).toMatchObject({
      status: 'signed-in',
      user: agent,
      token: 'tok-2',
      expiresAt: '2026-11-24T02:00:00.000Z',
      tokenProtection: 'browser-session',
    });
    expect(state().agent.state).toBe('not_ready');
    expect(storedToken()).toBe('tok-2');
  });

  it('stays signed out with the error code when the login is refused', async () => {
    await state().restoreSession(HUB);
    hub.handlers.login = async () =>
      Promise.reject(new HubError({ status: 429, code: 'rate_limited', message: 'slow down', retryAfterSeconds: 60 }));
    await state().login({ username: 'agent1', password: 'x' });
    expect(state().session).toMatchObject({
      status: 'signed-out',
      error: { code: 'rate_limited', retryAfterSeconds: 60 },
    });
    expect(storedToken()).toBeNull();
  });

  it('forgets the token, tells the hub and clears the user when logging out', async () => {
    await state().restoreSession(HUB);
    hub.handlers.login = async () => ({ token: 'tok-3', user: agent, expiresAt: '2026-11-24T02:00:00.000Z' });
    await state().login({ username: 'agent1', password: 'demo1234' });

    await state().logout();
    expect(state().session).toMatchObject({ status: 'signed-out', user: null, token: null, hubUrl: HUB, error: null });
    expect(storedToken()).toBeNull();
    expect(hub.calls).toContain(`${HUB} logout tok-3`);
  });

  it('logs out locally even when the hub cannot be told', async () => {
    await state().restoreSession(HUB);
    hub.handlers.login = async () => ({ token: 'tok-4', user: agent, expiresAt: '2026-11-24T02:00:00.000Z' });
    await state().login({ username: 'agent1', password: 'demo1234' });
    hub.handlers.logout = async () => Promise.reject(networkDown());
    await state().logout();
    expect(state().session.status).toBe('signed-out');
  });

  it('ends the session with session_expired when an authenticated call gets 401', async () => {
    await state().restoreSession(HUB);
    hub.handlers.login = async () => ({ token: 'tok-5', user: agent, expiresAt: '2026-11-24T02:00:00.000Z' });
    await state().login({ username: 'agent1', password: 'demo1234' });
    hub.handlers.org = async () => Promise.reject(unauthorized());

    await expect(state().callHub((client, token) => client.org(token))).rejects.toMatchObject({ code: 'unauthorized' });
    expect(state().session).toMatchObject({ status: 'signed-out', error: { code: 'session_expired' } });
    expect(storedToken()).toBeNull();
  });

  it('keeps the session when an authenticated call fails for another reason', async () => {
    await state().restoreSession(HUB);
    hub.handlers.login = async () => ({ token: 'tok-6', user: agent, expiresAt: '2026-11-24T02:00:00.000Z' });
    await state().login({ username: 'agent1', password: 'demo1234' });
    hub.handlers.org = async () => Promise.reject(networkDown());

    await expect(state().callHub((client, token) => client.org(token))).rejects.toMatchObject({ code: 'network' });
    expect(state().session.status).toBe('signed-in');
  });
});

describe('ui slice', () => {
  it('persists the chosen language through the bridge', async () => {
    await state().setLanguage('en-US');
    expect(state().ui.language).toBe('en-US');
    expect(JSON.parse(local.getItem('callcenter-console.settings') ?? '{}')).toMatchObject({ language: 'en-US' });
  });

  it('switches the language on screen even when persisting fails', async () => {
    local.setItem = () => {
      throw new Error('storage full');
    };
    await state().setLanguage('en-US');
    expect(state().ui.language).toBe('en-US');
  });
});

describe('resetStore', () => {
  it('restores the initial state and keeps the actions', async () => {
    await state().setLanguage('en-US');
    useConsoleStore.setState({ agent: { ...state().agent, state: 'ready' } });
    resetStore();
    expect(state().ui.language).toBe('zh-CN');
    expect(state().agent.state).toBe('not_ready');
    expect(typeof state().login).toBe('function');
  });

  it('leaves only serializable data in the state', () => {
    const data = Object.fromEntries(Object.entries(state()).filter(([, v]) => typeof v !== 'function'));
    expect(JSON.parse(JSON.stringify(data))).toEqual(data);
  });
});
