import { describe, expect, it } from 'vitest';
import { createHubClient, HubError } from '../../../../renderer/src/services/hub';
import { fakeFetch } from '../support/fake-fetch';
import { board, callReport } from './board-fixtures';

describe('hub client: the board and the call report', () => {
  it('reads the board with the token and returns it parsed', async () => {
    const { fetch, requests } = fakeFetch({ status: 200, body: board() });
    expect(await createHubClient({ baseUrl: 'http://127.0.0.1:8790', fetch }).board('tok-1')).toEqual(board());
    expect(requests).toEqual([expect.objectContaining({ method: 'GET', url: 'http://127.0.0.1:8790/api/v1/board', headers: expect.objectContaining({ authorization: 'Bearer tok-1' }) })]);
  });

  it('refuses a board whose agent has a state the console does not know', async () => {
    const wrong = board();
    const { fetch } = fakeFetch({ status: 200, body: { ...wrong, agents: [{ ...wrong.agents[0], state: 'lunch' }] } });
    const error = await createHubClient({ baseUrl: '', fetch }).board('tok-1').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HubError);
    expect((error as HubError).code).toBe('bad_response');
  });

  it('asks for the call report of a period, and of a department only when one is chosen', async () => {
    const { fetch, requests } = fakeFetch({ status: 200, body: callReport() }, { status: 200, body: callReport() });
    const hub = createHubClient({ baseUrl: '', fetch });
    await hub.callReport('tok-1', { from: '2026-03-01', to: '2026-03-03' });
    await hub.callReport('tok-1', { from: '2026-03-01', to: '2026-03-03', department: 'acceptance' });
    expect(requests.map((r) => r.url)).toEqual(['/api/v1/reports/calls?from=2026-03-01&to=2026-03-03', '/api/v1/reports/calls?from=2026-03-01&to=2026-03-03&department=acceptance']);
  });
});
