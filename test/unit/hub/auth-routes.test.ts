import { createHash } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { LoginResponseSchema } from '../../../shared/api/auth';
import { ApiErrorSchema } from '../../../shared/api/errors';
import { DEMO_USERS } from '../../../hub/src/seed/demo-users';
import { bearer, startTestHub, type TestHub } from '../../support/hub-app';
import { countRows, describeEachBackend } from '../../support/hub-db';

const login = (hub: TestHub, payload: unknown) =>
  hub.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: payload as Record<string, unknown> });

describeEachBackend('auth routes', (backend) => {
  let hub: TestHub;
  beforeAll(async () => {
    hub = await startTestHub(backend);
  });
  afterAll(() => hub.close());

  it.each(DEMO_USERS.map((u) => [u.role, u.username] as const))('signs in a %s (%s) when the password is right', async (role, username) => {
    const response = await login(hub, { username, password: 'demo1234' });

    expect(response.statusCode).toBe(200);
    const body = LoginResponseSchema.parse(response.json());
    expect(body.user).toMatchObject({ username, role });
    expect(body.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(body.expiresAt).toBe(new Date(hub.clock.now().getTime() + 12 * 3600_000).toISOString());
  });

  it('stores only the sha256 of the token when a session is created', async () => {
    const token = await hub.login('agent2');

    const digest = createHash('sha256').update(token).digest('hex');
    const { rows } = await hub.db.query<{ token_hash: string }>('select token_hash from sessions where token_hash in ($1, $2)', [digest, token]);
    expect(rows).toEqual([{ token_hash: digest }]);
  });

  it('answers 401 without a token and writes nothing when the password is wrong', async () => {
    const before = await countRows(hub.db, 'sessions');

    const response = await login(hub, { username: 'agent1', password: 'wrong-password' });

    expect(response.statusCode).toBe(401);
    expect(ApiErrorSchema.parse(response.json())).toEqual({ error: 'unauthorized', message: 'Wrong username or password' });
    expect(response.body).not.toContain('token');
    expect(await countRows(hub.db, 'sessions')).toBe(before);
  });

  it('answers exactly as for a wrong password when the user is unknown', async () => {
    const wrongPassword = await login(hub, { username: 'agent1', password: 'nope' });
    const unknownUser = await login(hub, { username: 'nobody', password: 'nope' });

    expect(unknownUser.statusCode).toBe(401);
    expect(unknownUser.body).toBe(wrongPassword.body);
  });

  it.each([
    ['username', { password: 'demo1234' }],
    ['password', { username: 'agent1' }],
    ['username', { username: '   ', password: 'demo1234' }],
    ['password', { username: 'agent1', password: 42 }],
  ])('answers 400 naming %s when it is missing or invalid', async (field, payload) => {
    const before = await countRows(hub.db, 'sessions');

    const response = await login(hub, payload);

    expect(response.statusCode).toBe(400);
    const body = ApiErrorSchema.parse(response.json());
    expect(body).toMatchObject({ error: 'validation', field });
    expect(body.message).toContain(field);
    expect(await countRows(hub.db, 'sessions')).toBe(before);
  });

  it('answers 400 validation when the JSON is malformed', async () => {
    const before = await countRows(hub.db, 'sessions');

    const response = await hub.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      headers: { 'content-type': 'application/json' },
      payload: '{"username": "agent1", "password": ',
    });

    expect(response.statusCode).toBe(400);
    expect(ApiErrorSchema.parse(response.json()).error).toBe('validation');
    expect(await countRows(hub.db, 'sessions')).toBe(before);
  });

  it('answers 429 with an ApiError and writes nothing when one client tries too often', async () => {
    const limitedHub = await hub.another({ loginRateLimit: { max: 3, timeWindowMs: 60_000 } });
    // Counts are kept in the database for every hub on it (rate-limit-store.ts): the earlier tests' logins would count here.
    await hub.db.query('delete from rate_limits');
    const attempt = (password: string) =>
      limitedHub.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'agent1', password } });
    const statuses: number[] = [];
    for (let i = 0; i < 3; i += 1) statuses.push((await attempt('guess')).statusCode);
    const before = await countRows(hub.db, 'sessions');

    const limited = await attempt('demo1234');

    expect(statuses).toEqual([401, 401, 401]);
    expect(limited.statusCode).toBe(429);
    expect(ApiErrorSchema.parse(limited.json()).error).toBe('rate_limited');
    expect(limited.headers['retry-after']).toBeDefined();
    expect(await countRows(hub.db, 'sessions')).toBe(before);

    // The limit is per account: a colleague behind the same address still logs in.
    const colleague = await limitedHub.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'agent2', password: 'demo1234' } });
    expect(colleague.statusCode).toBe(200);
  });

  it('counts each client behind a trusted load balancer on its own, and a spoofed address from elsewhere not at all', async () => {
    const behindBalancer = await hub.another({ loginRateLimit: { max: 2, timeWindowMs: 60_000 }, trustProxy: ['127.0.0.1'] });
    const elsewhere = await hub.another({ loginRateLimit: { max: 2, timeWindowMs: 60_000 }, trustProxy: ['10.9.9.9'] });
    await hub.db.query('delete from rate_limits');
    const attempt = (app: typeof behindBalancer, client: string) =>
      app.inject({ method: 'POST', url: '/api/v1/auth/login', headers: { 'x-forwarded-for': client }, payload: { username: 'agent1', password: 'guess' } });

    const first = [await attempt(behindBalancer, '192.0.2.1'), await attempt(behindBalancer, '192.0.2.1'), await attempt(behindBalancer, '192.0.2.1')];
    const other = await attempt(behindBalancer, '192.0.2.2');
    await hub.db.query('delete from rate_limits');
    // Not from the trusted balancer (inject connects from 127.0.0.1): the header is not believed.
    const spoofed = [await attempt(elsewhere, '192.0.2.3'), await attempt(elsewhere, '192.0.2.4'), await attempt(elsewhere, '192.0.2.5')];

    expect(first.map((r) => r.statusCode)).toEqual([401, 401, 429]);
    expect(other.statusCode).toBe(401);
    expect(spoofed.map((r) => r.statusCode)).toEqual([401, 401, 429]);
  });

  it('deletes the session when the user logs out', async () => {
    const token = await hub.login('callback1');

    const logout = await hub.app.inject({ method: 'POST', url: '/api/v1/auth/logout', headers: bearer(token) });
    const me = await hub.app.inject({ method: 'GET', url: '/api/v1/me', headers: bearer(token) });

    expect(logout.statusCode).toBe(204);
    expect(logout.body).toBe('');
    expect(me.statusCode).toBe(401);
  });
});
