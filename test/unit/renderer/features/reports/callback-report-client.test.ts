import { describe, expect, it } from 'vitest';
import { createHubClient, HubError } from '../../../../../renderer/src/services/hub';
import { fakeFetch } from '../../support/fake-fetch';
import { callbackReport } from './callback-report-fixture';

describe('hub client callbackReport', () => {
  it('asks for the period with the token and returns the parsed figures', async () => {
    const { fetch, requests } = fakeFetch({ status: 200, body: callbackReport() });
    const report = await createHubClient({ baseUrl: 'http://127.0.0.1:8790', fetch }).callbackReport('tok-1', { from: '2026-03-01', to: '2026-03-15' });
    expect(report).toEqual(callbackReport());
    expect(requests).toEqual([
      expect.objectContaining({
        method: 'GET',
        url: 'http://127.0.0.1:8790/api/v1/reports/callbacks?from=2026-03-01&to=2026-03-15',
        headers: expect.objectContaining({ authorization: 'Bearer tok-1' }),
        body: null,
      }),
    ]);
  });

  it('refuses an answer without the daily figures rather than draw a trend from nothing', async () => {
    const { byDay: _dropped, ...partial } = callbackReport();
    const { fetch } = fakeFetch({ status: 200, body: partial });
    const error = await createHubClient({ baseUrl: '', fetch })
      .callbackReport('tok-1', { from: '2026-03-01', to: '2026-03-15' })
      .then(
        () => null,
        (e: unknown) => e,
      );
    expect(error).toBeInstanceOf(HubError);
    expect((error as HubError).code).toBe('bad_response');
  });

  it('passes on a refusal for a role the hub does not show the figures to', async () => {
    const { fetch } = fakeFetch({ status: 403, body: { error: 'forbidden', message: 'The callback statistics are not for agents' } });
    const error = await createHubClient({ baseUrl: '', fetch })
      .callbackReport('tok-1', { from: '2026-03-01', to: '2026-03-15' })
      .then(
        () => null,
        (e: unknown) => e,
      );
    expect(error).toMatchObject({ status: 403, code: 'forbidden' });
  });
});
