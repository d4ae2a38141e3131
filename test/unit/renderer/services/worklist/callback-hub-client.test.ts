import { describe, expect, it } from 'vitest';
import { DEFAULT_CALLBACK_CONFIG } from '../../../../../shared/callbacks/callback-config';
import { createHubClient, HubError } from '../../../../../renderer/src/services/hub';
import { fakeFetch } from '../../support/fake-fetch';

/* The hub client's callback routes: the settings with the center's zone, and the refusals' codes. */

const client = (fetch: typeof globalThis.fetch) => createHubClient({ baseUrl: 'http://hub.test', fetch });
const taskId = '0193a1b2-0000-7000-9000-000000000001';

describe('the callback hub client', () => {
  it('reads the callback configuration with the center’s time zone, and refuses an answer without the zone', async () => {
    const { fetch } = fakeFetch({ status: 200, body: { config: DEFAULT_CALLBACK_CONFIG, timeZone: 'Asia/Urumqi' } }, { status: 200, body: DEFAULT_CALLBACK_CONFIG });
    expect(await client(fetch).callbackSettings('tok')).toEqual({ config: DEFAULT_CALLBACK_CONFIG, timeZone: 'Asia/Urumqi' });
    expect(await client(fetch).callbackSettings('tok').catch((e: unknown) => e)).toMatchObject({ code: 'bad_response' });
  });

  it('gives a refused claim its code and the hub’s words', async () => {
    const { fetch, requests } = fakeFetch({ status: 409, body: { error: 'already_claimed', message: 'claimed by callback2 (回访专员二)' } });
    const error = await client(fetch).claimCallback('tok', taskId).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HubError);
    expect(error).toMatchObject({ code: 'already_claimed', status: 409, message: 'claimed by callback2 (回访专员二)' });
    expect(requests[0]).toMatchObject({ method: 'POST', url: `http://hub.test/api/v1/callbacks/${taskId}/claim` });
  });

  it('refuses to send an attempt its schema refuses, and names the field of an outside-hours refusal', async () => {
    const { fetch, requests } = fakeFetch({ status: 400, body: { error: 'outside_calling_hours', field: 'callLaterAt', message: 'callLaterAt: outside the calling hours' } });
    const bad = await client(fetch)
      .recordCallbackAttempt('tok', taskId, { id: 'not-a-uuid', outcome: 'busy' })
      .catch((e: unknown) => e);
    expect(bad).toMatchObject({ code: 'validation', field: 'id' });
    expect(requests).toHaveLength(0);
    const refused = await client(fetch)
      .recordCallbackAttempt('tok', taskId, { id: '0193a1b2-0000-7000-9000-0000000000aa', outcome: 'call_later', callLaterAt: '2026-11-24T14:00:00.000Z' })
      .catch((e: unknown) => e);
    expect(refused).toMatchObject({ code: 'outside_calling_hours', field: 'callLaterAt' });
    expect(JSON.parse(requests[0]!.body!)).toEqual({ id: '0193a1b2-0000-7000-9000-0000000000aa', outcome: 'call_later', callId: null, callLaterAt: '2026-11-24T14:00:00.000Z', note: '' });
  });
});
