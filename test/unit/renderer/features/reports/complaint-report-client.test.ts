import { describe, expect, it } from 'vitest';
import { createHubClient, HubError } from '../../../../../renderer/src/services/hub';
import { fakeFetch } from '../../support/fake-fetch';
import { complaintReport } from './report-fixture';

async function caught(promise: Promise<unknown>): Promise<HubError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(HubError);
    return error as HubError;
  }
  throw new Error('expected the call to fail');
}

describe('hub client complaintReport', () => {
  it('asks for the period with the token and returns the parsed report', async () => {
    const { fetch, requests } = fakeFetch({ status: 200, body: complaintReport() });
    const report = await createHubClient({ baseUrl: 'http://127.0.0.1:8790', fetch }).complaintReport('tok-1', { from: '2026-03-01', to: '2026-03-15' });
    expect(report).toEqual(complaintReport());
    expect(requests).toEqual([
      expect.objectContaining({
        method: 'GET',
        url: 'http://127.0.0.1:8790/api/v1/reports/complaints?from=2026-03-01&to=2026-03-15',
        headers: expect.objectContaining({ authorization: 'Bearer tok-1' }),
        body: null,
      }),
    ]);
  });

  it('passes on the hub refusing a period with the field it names', async () => {
    const { fetch } = fakeFetch({ status: 400, body: { error: 'validation', message: 'the period starts after it ends', field: 'from' } });
    const error = await caught(createHubClient({ baseUrl: '', fetch }).complaintReport('tok-1', { from: '2026-03-16', to: '2026-03-15' }));
    expect(error).toMatchObject({ status: 400, code: 'validation', field: 'from', message: 'the period starts after it ends' });
  });

  it('refuses an answer that misses a breakdown rather than show a half report', async () => {
    const { byLevel: _dropped, ...partial } = complaintReport();
    const { fetch } = fakeFetch({ status: 200, body: partial });
    const error = await caught(createHubClient({ baseUrl: '', fetch }).complaintReport('tok-1', { from: '2026-03-01', to: '2026-03-15' }));
    expect(error.code).toBe('bad_response');
  });
});
