import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { MeResponseSchema } from '../../../shared/api/auth';
import { ApiErrorSchema } from '../../../shared/api/errors';
import { bearer, loginAs, startTestHub, type TestHub } from '../../support/hub-app';
import { countRows, describeEachBackend } from '../../support/hub-db';

const HOUR = 3600_000;

describeEachBackend('authentication', (backend) => {
  let hub: TestHub;
  beforeAll(async () => {
    hub = await startTestHub(backend, { customers: 0 });
  });
  afterAll(() => hub.close());

  const me = (headers: Record<string, string> = {}) => hub.app.inject({ method: 'GET', url: '/api/v1/me', headers });

  it('returns the user and their SIP extension when the token is valid', async () => {
    const response = await me(bearer(await hub.login('agent1')));

    expect(response.statusCode).toBe(200);
    expect(MeResponseSchema.parse(response.json())).toMatchObject({
      user: { username: 'agent1', role: 'agent', displayName: '张敏', departmentCode: 'acceptance' },
      extension: '1001',
    });
  });

  it('returns a null extension when the role has no phone', async () => {
    const response = await me(bearer(await hub.login('qa1')));

    expect(response.json()).toMatchObject({ user: { role: 'qa' }, extension: null });
  });

  it.each([
    ['no Authorization header', {}],
    ['a forged token', bearer(randomBytes(32).toString('base64url'))],
    ['a malformed token', bearer('not-a-token')],
    ['another scheme', { authorization: 'Basic YWdlbnQxOmRlbW8xMjM0' }],
  ])('answers 401 and writes nothing when the request has %s', async (_case, headers) => {
    const before = await countRows(hub.db, 'sessions');

    const response = await me(headers);

    expect(response.statusCode).toBe(401);
    expect(ApiErrorSchema.parse(response.json()).error).toBe('unauthorized');
    expect(response.headers['www-authenticate']).toBe('Bearer');
    expect(await countRows(hub.db, 'sessions')).toBe(before);
  });

  it('answers 401 when the clock has passed the session expiry', async () => {
    const token = await hub.login('agent2');

    hub.clock.advance(12 * HOUR - 1000);
    const stillValid = await me(bearer(token));
    hub.clock.advance(1000);
    const sessionsBefore = await countRows(hub.db, 'sessions');
    const expired = await me(bearer(token));

    expect(stillValid.statusCode).toBe(200);
    expect(expired.statusCode).toBe(401);
    expect(await countRows(hub.db, 'sessions')).toBe(sessionsBefore);
  });

  it('accepts a token from another hub process when both share the database', async () => {
    const other = await hub.another();

    const response = await other.inject({ method: 'GET', url: '/api/v1/me', headers: bearer(await loginAs(hub.app, 'callback1')) });

    expect(response.json()).toMatchObject({ user: { username: 'callback1' }, extension: '1101' });
  });

  it('removes the user’s expired sessions when they sign in again', async () => {
    await hub.login('supervisor1');
    hub.clock.advance(13 * HOUR);

    await hub.login('supervisor1');

    const { rows } = await hub.db.query<{ n: number }>(
      "select count(*)::int as n from sessions s join users u on u.id = s.user_id where u.username = 'supervisor1'",
    );
    expect(rows[0]?.n).toBe(1);
  });
});
