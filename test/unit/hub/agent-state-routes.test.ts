import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import { ApiErrorSchema } from '../../../shared/api/errors';
import type { AgentStateReport } from '../../../shared/api/phone';
import { bearer, startTestHub, type TestHub } from '../../support/hub-app';
import { describeEachBackend } from '../../support/hub-db';

describeEachBackend('agent state routes', (backend) => {
  let hub: TestHub;
  const tokens: Record<string, string> = {};
  beforeAll(async () => {
    hub = await startTestHub(backend, { customers: 0 });
    for (const username of ['agent1', 'agent2', 'callback1', 'qa1', 'supervisor1']) tokens[username] = await hub.login(username);
  });
  afterAll(() => hub.close());
  beforeEach(async () => {
    await hub.db.query('delete from agent_state_log');
    await hub.db.query('delete from agent_states');
  });

  /** `secondsAgo` before the hub's clock, as the console stamps it. */
  const at = (secondsAgo: number) => new Date(hub.clock.now().getTime() - secondsAgo * 1000).toISOString();
  const report = (username: string, body: Partial<AgentStateReport> | Record<string, unknown>) =>
    hub.app.inject({
      method: 'POST',
      url: '/api/v1/agent/state',
      headers: bearer(tokens[username] ?? ''),
      payload: { state: 'ready', reasonCode: null, at: at(0), callId: null, ...body },
    });
  const current = (username: string) => hub.app.inject({ method: 'GET', url: '/api/v1/agent/state', headers: bearer(tokens[username] ?? '') });
  const logOf = async (username: string) =>
    (
      await hub.db.query<{ state: string; reason_code: string | null; at: Date; call_id: string | null; received_at: Date }>(
        `select l.state, l.reason_code, l.at, l.call_id, l.received_at from agent_state_log l join users u on u.id = l.user_id
          where u.username = $1 order by l.id`,
        [username],
      )
    ).rows.map((row) => ({ ...row, at: new Date(row.at).toISOString(), received_at: new Date(row.received_at).toISOString() }));

  it('stores and returns the state and logs it when an agent reports Not ready with a reason', async () => {
    const response = await report('agent1', { state: 'not_ready', reasonCode: 'break', at: at(3) });

    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ applied: true });
    const stored = await current('agent1');
    expect(stored.statusCode).toBe(200);
    expect(stored.json()).toEqual({ state: 'not_ready', reasonCode: 'break', since: at(3), callId: null });
    expect(await logOf('agent1')).toEqual([
      { state: 'not_ready', reason_code: 'break', at: at(3), call_id: null, received_at: hub.clock.now().toISOString() },
    ]);
  });

  it('replaces the state and keeps the history when later changes arrive', async () => {
    await report('agent1', { state: 'ready', at: at(30) });
    await report('agent1', { state: 'ringing', at: at(20), callId: 'call-1' });
    const last = await report('agent1', { state: 'talking', at: at(10), callId: 'call-1' });

    expect(last.json()).toEqual({ applied: true });
    expect((await current('agent1')).json()).toEqual({ state: 'talking', reasonCode: null, since: at(10), callId: 'call-1' });
    expect((await logOf('agent1')).map((row) => row.state)).toEqual(['ready', 'ringing', 'talking']);
  });

  it('ignores a report older than the current state when a retry arrives out of order', async () => {
    await report('agent1', { state: 'wrap_up', at: at(5), callId: 'call-2' });

    const stale = await report('agent1', { state: 'talking', at: at(60), callId: 'call-2' });

    expect(stale.statusCode).toBe(200);
    expect(stale.json()).toEqual({ applied: false });
    expect((await current('agent1')).json()).toMatchObject({ state: 'wrap_up', since: at(5) });
    expect((await logOf('agent1')).map((row) => row.state)).toEqual(['wrap_up']);
  });

  it('logs a change once when the same report is retried', async () => {
    const body = { state: 'not_ready' as const, reasonCode: 'meal', at: at(8) };
    const first = await report('agent2', body);
    hub.clock.advance(1000);

    const retry = await report('agent2', body);

    expect([first.json(), retry.json()]).toEqual([{ applied: true }, { applied: false }]);
    expect(await logOf('agent2')).toHaveLength(1);
  });

  it('applies the later arrival when two different changes carry the same time', async () => {
    await report('agent2', { state: 'ready', at: at(4) });

    const second = await report('agent2', { state: 'ringing', at: at(4), callId: 'call-3' });

    expect(second.json()).toEqual({ applied: true });
    expect((await current('agent2')).json()).toMatchObject({ state: 'ringing', callId: 'call-3' });
  });

  it('ends with the newest state whatever order concurrent reports arrive in', async () => {
    const states = ['ready', 'ringing', 'talking', 'held', 'talking', 'wrap_up', 'ready', 'dialing'] as const;
    const reports = states.map((state, i) => ({ state, at: at(100 - i * 10), callId: state === 'ready' ? null : 'call-4' }));
    const shuffled = [reports[5], reports[0], reports[7], reports[2], reports[1], reports[6], reports[3], reports[4]];

    const answers = await Promise.all(shuffled.map((body) => report('callback1', body ?? {})));

    expect(answers.map((a) => a.statusCode)).toEqual(shuffled.map(() => 200));
    expect((await current('callback1')).json()).toEqual({ state: 'dialing', reasonCode: null, since: at(30), callId: 'call-4' });
    const applied = answers.filter((a) => a.json<{ applied: boolean }>().applied).length;
    expect(await logOf('callback1')).toHaveLength(applied);
  });

  it('accepts a report up to 5 minutes ahead of the hub when the console clock runs fast', async () => {
    const response = await report('agent1', { at: at(-299) });

    expect(response.json()).toEqual({ applied: true });
  });

  it('answers 400 naming at and stores nothing when the report is more than 5 minutes in the future', async () => {
    const response = await report('agent1', { at: at(-301) });

    expect(response.statusCode).toBe(400);
    expect(ApiErrorSchema.parse(response.json())).toMatchObject({ error: 'validation', field: 'at' });
    expect(response.json<{ message: string }>().message).toMatch(/^at: /);
    expect((await current('agent1')).statusCode).toBe(404);
    expect(await logOf('agent1')).toEqual([]);
  });

  it('answers 400 naming reasonCode and stores nothing when the reason is unknown', async () => {
    const response = await report('agent1', { state: 'not_ready', reasonCode: 'nap' });

    expect(response.statusCode).toBe(400);
    expect(ApiErrorSchema.parse(response.json())).toMatchObject({ error: 'validation', field: 'reasonCode' });
    expect(response.json<{ message: string }>().message).toContain('nap');
    expect(await logOf('agent1')).toEqual([]);
  });

  it('accepts a retired reason when a console still sends it', async () => {
    await hub.db.query("update reason_codes set active = false where code = 'training'");
    try {
      const response = await report('agent1', { state: 'not_ready', reasonCode: 'training' });

      expect(response.json()).toEqual({ applied: true });
    } finally {
      await hub.db.query("update reason_codes set active = true where code = 'training'");
    }
  });

  it('accepts Not ready without a reason', async () => {
    const response = await report('agent1', { state: 'not_ready', reasonCode: null });

    expect(response.json()).toEqual({ applied: true });
  });

  it.each([
    ['state', { state: 'lunch' }],
    ['at', { at: 'yesterday' }],
    ['at', { at: '2026-03-02T09:00:00+08:00' }],
    ['reasonCode', { reasonCode: 'x'.repeat(33) }],
    ['callId', { callId: 42 }],
  ])('answers 400 naming %s when it is invalid', async (field, body) => {
    const response = await report('agent1', body);

    expect(response.statusCode).toBe(400);
    expect(ApiErrorSchema.parse(response.json())).toMatchObject({ error: 'validation', field });
  });

  it.each(['qa1', 'supervisor1'])('answers 403 to %s, whose role has no phone, even for an invalid body', async (username) => {
    const valid = await report(username, { state: 'ready' });
    const invalid = await report(username, { state: 'lunch' });
    const read = await current(username);

    expect([valid.statusCode, invalid.statusCode, read.statusCode]).toEqual([403, 403, 403]);
    expect(ApiErrorSchema.parse(valid.json()).error).toBe('forbidden');
    expect(await hub.db.query('select 1 from agent_state_log')).toMatchObject({ rows: [] });
  });

  it('answers 404 when the agent has not reported a state yet', async () => {
    const response = await current('agent2');

    expect(response.statusCode).toBe(404);
    expect(ApiErrorSchema.parse(response.json()).error).toBe('not_found');
  });

  it('answers 401 when the request has no token', async () => {
    const post = await hub.app.inject({ method: 'POST', url: '/api/v1/agent/state', payload: { state: 'ready', reasonCode: null, at: at(0), callId: null } });
    const get = await hub.app.inject({ method: 'GET', url: '/api/v1/agent/state' });

    expect([post.statusCode, get.statusCode]).toEqual([401, 401]);
  });
});
