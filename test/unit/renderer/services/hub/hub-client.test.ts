import { afterEach, describe, expect, it, vi } from 'vitest';
import { createHubClient, HubError } from '../../../../../renderer/src/services/hub';
import { fakeFetch } from '../../support/fake-fetch';
import { AGENT_PHONE_CONFIG } from '../../support/phone-config';
import { customerCard, customerId, mobile } from '../../support/customer-builders';
import { flow, step } from '../../../../support/flow-builders';

const user = { id: 'u1', username: 'agent1', role: 'agent', displayName: '张敏', departmentCode: 'acceptance' };
const loginAnswer = { token: 'tok-1', user, expiresAt: '2026-11-24T02:00:00.000Z' };
const org = {
  departments: [
    { id: 'd1', code: 'acceptance', name: { 'zh-CN': '业务受理组', 'en-US': 'Business Acceptance Group' }, parentId: null, kind: 'acceptance' },
  ],
  queues: [
    { id: 'q1', code: 'consult', name: { 'zh-CN': '业务咨询', 'en-US': 'Consultation' }, departmentId: 'd1', ivrChoice: 'consult' },
  ],
  transferTargets: [],
  escalationChain: [{ level: 1, title: { 'zh-CN': '总经理', 'en-US': 'General Manager' }, userId: null, extension: '2099' }],
};

/** The shared agent config, with what this suite checks the parse of: a STUN server and a longer wrap-up. */
const phoneConfig = {
  ...AGENT_PHONE_CONFIG,
  sip: { ...AGENT_PHONE_CONFIG.sip!, iceServers: [{ urls: 'stun:stun.callcenter.local' }] },
  wrapUp: { seconds: 60, autoReady: false, dispositionRequired: true },
};
const stateReport = { state: 'wrap_up', reasonCode: null, at: '2026-11-24T01:02:03.456Z', callId: '0193a1b2-0000-7000-8000-000000000001' } as const;

const card = customerCard(1);
const detail = {
  card,
  contact: { email: null, address: '上海市徐汇区', notes: null },
  createdAt: '2026-01-02T03:04:05.000Z',
  orders: [],
  products: [],
  tickets: [],
  timeline: [],
};
const callUuid = '0193a1b2-0000-7000-8000-000000000001';

async function caught(promise: Promise<unknown>): Promise<HubError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(HubError);
    return error as HubError;
  }
  throw new Error('expected the call to fail');
}

describe('createHubClient', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('posts the credentials as JSON and returns the parsed login when the hub accepts them', async () => {
    const { fetch, requests } = fakeFetch({ status: 200, body: loginAnswer });
    const hub = createHubClient({ baseUrl: 'http://127.0.0.1:8790/', fetch });

    await expect(hub.login({ username: 'agent1', password: 'demo1234' })).resolves.toEqual(loginAnswer);
    expect(requests[0]).toMatchObject({
      url: 'http://127.0.0.1:8790/api/v1/auth/login',
      method: 'POST',
      body: JSON.stringify({ username: 'agent1', password: 'demo1234' }),
    });
    expect(requests[0]?.headers['content-type']).toBe('application/json');
    expect(requests[0]?.headers.authorization).toBeUndefined();
  });

  it('uses paths relative to the page when the base URL is empty (web mode)', async () => {
    const { fetch, requests } = fakeFetch({ status: 200, body: { user, extension: '1001' } });
    await createHubClient({ baseUrl: '', fetch }).me('tok-1');
    expect(requests[0]?.url).toBe('/api/v1/me');
  });

  it('sends the token as a bearer header when it calls an authenticated route', async () => {
    const { fetch, requests } = fakeFetch({ status: 200, body: org });
    await expect(createHubClient({ baseUrl: '', fetch }).org('tok-1')).resolves.toEqual(org);
    expect(requests[0]?.headers.authorization).toBe('Bearer tok-1');
  });

  it('maps a 401 body to HubError unauthorized with the hub message when the password is wrong', async () => {
    const { fetch } = fakeFetch({ status: 401, body: { error: 'unauthorized', message: 'Wrong username or password' } });
    const error = await caught(createHubClient({ baseUrl: '', fetch }).login({ username: 'agent1', password: 'x' }));
    expect(error).toMatchObject({ status: 401, code: 'unauthorized', message: 'Wrong username or password' });
  });

  it('keeps the field of a validation error when the hub names one', async () => {
    const { fetch } = fakeFetch({ status: 400, body: { error: 'validation', message: 'Too long', field: 'username' } });
    const error = await caught(createHubClient({ baseUrl: '', fetch }).login({ username: 'a', password: 'b' }));
    expect(error).toMatchObject({ status: 400, code: 'validation', field: 'username' });
  });

  it('maps a 429 to rate_limited with Retry-After when the body carries a generic error name', async () => {
    const { fetch } = fakeFetch({
      status: 429,
      body: { statusCode: 429, error: 'Too Many Requests', message: 'Rate limit exceeded, retry in 1 minute' },
      headers: { 'retry-after': '42' },
    });
    const error = await caught(createHubClient({ baseUrl: '', fetch }).login({ username: 'a', password: 'b' }));
    expect(error).toMatchObject({ status: 429, code: 'rate_limited', retryAfterSeconds: 42 });
  });

  it('falls back to the status when an error body is not JSON', async () => {
    const { fetch } = fakeFetch({ status: 502, rawBody: '<html>Bad gateway</html>', headers: { 'content-type': 'text/html' } });
    const error = await caught(createHubClient({ baseUrl: '', fetch }).me('tok'));
    expect(error).toMatchObject({ status: 502, code: 'internal' });
  });

  it('rejects a success body that does not match the schema as bad_response', async () => {
    const { fetch } = fakeFetch({ status: 200, body: { token: 'tok-1', user: { ...user, role: 'janitor' }, expiresAt: 'x' } });
    const error = await caught(createHubClient({ baseUrl: '', fetch }).login({ username: 'a', password: 'b' }));
    expect(error.code).toBe('bad_response');
    expect(error.message).toContain('user.role');
  });

  it('rejects a success body that is not JSON as bad_response', async () => {
    const { fetch } = fakeFetch({ status: 200, rawBody: '<!doctype html><html></html>' });
    const error = await caught(createHubClient({ baseUrl: '', fetch }).org('tok'));
    expect(error).toMatchObject({ status: 200, code: 'bad_response' });
  });

  it('reports network with the hub address when the connection fails', async () => {
    const { fetch } = fakeFetch({ error: new TypeError('fetch failed') });
    const error = await caught(createHubClient({ baseUrl: 'http://127.0.0.1:1', fetch }).me('tok'));
    expect(error).toMatchObject({ status: 0, code: 'network' });
    expect(error.message).toContain('http://127.0.0.1:1');
  });

  it('gives up with timeout when the hub does not answer in time', async () => {
    vi.useFakeTimers();
    const { fetch } = fakeFetch({ hang: true });
    const pending = caught(createHubClient({ baseUrl: '', fetch, timeoutMs: 10_000 }).me('tok'));
    await vi.advanceTimersByTimeAsync(10_000);
    await expect(pending).resolves.toMatchObject({ status: 0, code: 'timeout' });
  });

  it('reports aborted, not timeout, when the caller cancels', async () => {
    const { fetch } = fakeFetch({ hang: true });
    const controller = new AbortController();
    const pending = caught(createHubClient({ baseUrl: '', fetch }).org('tok', { signal: controller.signal }));
    controller.abort();
    await expect(pending).resolves.toMatchObject({ code: 'aborted' });
  });

  it('posts logout without a JSON content type when there is no body', async () => {
    const { fetch, requests } = fakeFetch({ status: 204 });
    await createHubClient({ baseUrl: '', fetch }).logout('tok-1');
    expect(requests[0]).toMatchObject({ url: '/api/v1/auth/logout', method: 'POST', body: null });
    expect(requests[0]?.headers['content-type']).toBeUndefined();
  });

  it('returns the parsed phone config when the hub answers with one', async () => {
    const { fetch, requests } = fakeFetch({ status: 200, body: phoneConfig });
    await expect(createHubClient({ baseUrl: '', fetch }).phoneConfig('tok-1')).resolves.toEqual(phoneConfig);
    expect(requests[0]).toMatchObject({ url: '/api/v1/phone/config', method: 'GET' });
    expect(requests[0]?.headers.authorization).toBe('Bearer tok-1');
  });

  it('accepts a phone config without a SIP account for a role without a phone', async () => {
    const { fetch } = fakeFetch({ status: 200, body: { ...phoneConfig, sip: null } });
    await expect(createHubClient({ baseUrl: '', fetch }).phoneConfig('tok-1')).resolves.toMatchObject({ sip: null });
  });

  it('rejects a malformed phone config as bad_response naming the field', async () => {
    const { fetch } = fakeFetch({ status: 200, body: { ...phoneConfig, sip: { ...phoneConfig.sip, ha1: 'sip-1001-demo' } } });
    const error = await caught(createHubClient({ baseUrl: '', fetch }).phoneConfig('tok-1'));
    expect(error.code).toBe('bad_response');
    expect(error.message).toContain('sip.ha1');
  });

  it('rejects a phone config without the wrap-up settings as bad_response', async () => {
    const { fetch } = fakeFetch({ status: 200, body: { sip: null, reasonCodes: [] } });
    await expect(caught(createHubClient({ baseUrl: '', fetch }).phoneConfig('tok-1'))).resolves.toMatchObject({ code: 'bad_response' });
  });

  it('posts an agent state report as JSON and returns whether the hub applied it', async () => {
    const { fetch, requests } = fakeFetch({ status: 200, body: { applied: false } });
    await expect(createHubClient({ baseUrl: '', fetch }).reportAgentState('tok-1', stateReport)).resolves.toEqual({ applied: false });
    expect(requests[0]).toMatchObject({ url: '/api/v1/agent/state', method: 'POST', body: JSON.stringify(stateReport) });
    expect(requests[0]?.headers['content-type']).toBe('application/json');
  });

  it('refuses to send an agent state report that does not match the schema', async () => {
    const { fetch, requests } = fakeFetch();
    const error = await caught(
      createHubClient({ baseUrl: '', fetch }).reportAgentState('tok-1', { ...stateReport, at: 'yesterday' }),
    );
    expect(error).toMatchObject({ status: 0, code: 'validation' });
    expect(requests).toEqual([]);
  });

  describe('customers', () => {
    it('looks a number up with the call it is for and returns the cards', async () => {
      const { fetch, requests } = fakeFetch({ status: 200, body: { e164: mobile(1), items: [card] } });
      await expect(createHubClient({ baseUrl: '', fetch }).lookupCustomers('tok-1', { phone: '+86 138-0000 0001', callId: callUuid })).resolves.toEqual({
        e164: mobile(1),
        items: [card],
      });
      expect(requests[0]).toMatchObject({ method: 'GET', url: `/api/v1/customers/lookup?phone=%2B86+138-0000+0001&callId=${callUuid}` });
      expect(requests[0]?.headers.authorization).toBe('Bearer tok-1');
    });

    it('leaves out what the caller did not give rather than sending "undefined"', async () => {
      const { fetch, requests } = fakeFetch({ status: 200, body: { e164: null, items: [] } }, { status: 200, body: { items: [], cursor: '0', more: false, remaining: 0 } });
      const hub = createHubClient({ baseUrl: '', fetch });
      await hub.lookupCustomers('tok', { phone: 'anonymous', callId: undefined });
      await hub.customerChanges('tok', { after: undefined, limit: 500 });
      expect(requests.map((r) => r.url)).toEqual(['/api/v1/customers/lookup?phone=anonymous', '/api/v1/customers/changes?limit=500']);
    });

    it('searches with the query escaped and returns the hits', async () => {
      const hit = { card, matchedBy: 'order', matchedValue: 'SO-2026&1' };
      const { fetch, requests } = fakeFetch({ status: 200, body: { items: [hit] } });
      await expect(createHubClient({ baseUrl: '', fetch }).searchCustomers('tok', { q: 'SO-2026&1', limit: 5 })).resolves.toEqual({ items: [hit] });
      expect(requests[0]?.url).toBe('/api/v1/customers?q=SO-2026%261&limit=5');
    });

    it('reads a whole record with the reason for the access log', async () => {
      const { fetch, requests } = fakeFetch({ status: 200, body: detail }, { status: 200, body: detail });
      const hub = createHubClient({ baseUrl: '', fetch });
      await expect(hub.getCustomer('tok', card.id, { reason: 'screen-pop', callId: callUuid })).resolves.toEqual(detail);
      await hub.getCustomer('tok', card.id, { reason: 'search' });
      expect(requests.map((r) => [r.method, r.url])).toEqual([
        ['GET', `/api/v1/customers/${card.id}?reason=screen-pop&callId=${callUuid}`],
        ['GET', `/api/v1/customers/${card.id}?reason=search`],
      ]);
    });

    it('escapes an id so that it cannot reach another route', async () => {
      const { fetch, requests } = fakeFetch({ status: 404, body: { error: 'not_found', message: 'No such customer' } }, { status: 200, body: { items: [] } });
      const hub = createHubClient({ baseUrl: '', fetch });
      await expect(caught(hub.getCustomer('tok', '../changes?x=', { reason: 'workspace' }))).resolves.toMatchObject({ code: 'not_found' });
      await hub.customerAccessLog('tok', 'a/b');
      expect(requests.map((r) => r.url)).toEqual(['/api/v1/customers/..%2Fchanges%3Fx%3D?reason=workspace', '/api/v1/customers/a%2Fb/access-log']);
    });

    it('posts a new customer checked and normalised by the contract, and returns the record', async () => {
      const { fetch, requests } = fakeFetch({ status: 201, body: detail });
      const created = createHubClient({ baseUrl: '', fetch }).createCustomer('tok', { id: card.id, name: '  王先生 ', phones: ['13800000001'], email: '' });
      await expect(created).resolves.toEqual(detail);
      expect(requests[0]).toMatchObject({ method: 'POST', url: '/api/v1/customers' });
      expect(requests[0]?.headers['content-type']).toBe('application/json');
      expect(JSON.parse(requests[0]?.body ?? '')).toEqual({ id: card.id, name: '王先生', phones: ['13800000001'], customerClass: 'individual', email: null });
    });

    it('refuses to send a new customer the hub would refuse, naming the field', async () => {
      const { fetch, requests } = fakeFetch();
      const error = await caught(createHubClient({ baseUrl: '', fetch }).createCustomer('tok', { id: 'not-a-uuid', name: '王', phones: ['13800000001'] }));
      expect(error).toMatchObject({ status: 0, code: 'validation', field: 'id' });
      expect(requests).toEqual([]);
    });

    it('patches contact details on the version seen and maps a 409 to conflict', async () => {
      const { fetch, requests } = fakeFetch(
        { status: 200, body: { ...detail, card: { ...card, version: 2 } } },
        { status: 409, body: { error: 'conflict', message: 'The record changed since version 1' } },
      );
      const hub = createHubClient({ baseUrl: '', fetch });
      await expect(hub.updateCustomer('tok', card.id, { version: 1, notes: '改约周五' })).resolves.toMatchObject({ card: { version: 2 } });
      expect(requests[0]).toMatchObject({ method: 'PATCH', url: `/api/v1/customers/${card.id}` });
      expect(JSON.parse(requests[0]?.body ?? '')).toEqual({ version: 1, notes: '改约周五' });

      await expect(caught(hub.updateCustomer('tok', card.id, { version: 1, notes: 'x' }))).resolves.toMatchObject({ status: 409, code: 'conflict' });
    });

    it('refuses to send a change without the version it was made on', async () => {
      const { fetch, requests } = fakeFetch();
      const error = await caught(createHubClient({ baseUrl: '', fetch }).updateCustomer('tok', card.id, { version: 0 }));
      expect(error).toMatchObject({ code: 'validation', field: 'version' });
      expect(requests).toEqual([]);
    });

    it('returns a page of the change feed with cards and removals', async () => {
      const page = { items: [card, { id: customerId(2), removed: true }], cursor: '42', more: true, remaining: 1_000 };
      const { fetch, requests } = fakeFetch({ status: 200, body: page });
      await expect(createHubClient({ baseUrl: '', fetch }).customerChanges('tok', { after: '40', limit: 2_000 })).resolves.toEqual(page);
      expect(requests[0]?.url).toBe('/api/v1/customers/changes?after=40&limit=2000');
    });

    it('rejects a change page with a malformed card as bad_response naming where', async () => {
      const { fetch } = fakeFetch({ status: 200, body: { items: [{ ...card, vipLevel: 9 }], cursor: '1', more: false, remaining: 0 } });
      const error = await caught(createHubClient({ baseUrl: '', fetch }).customerChanges('tok', {}));
      expect(error.code).toBe('bad_response');
      expect(error.message).toContain('items.0');
    });

    it('waits longer than an ordinary request for a page of the change feed', async () => {
      vi.useFakeTimers();
      const { fetch } = fakeFetch({ hang: true }, { hang: true });
      const hub = createHubClient({ baseUrl: '', fetch, timeoutMs: 10_000 });
      const page = caught(hub.customerChanges('tok', {}));
      const lookup = caught(hub.lookupCustomers('tok', { phone: mobile(1) }));
      await vi.advanceTimersByTimeAsync(10_000);
      await expect(lookup).resolves.toMatchObject({ code: 'timeout' });
      await vi.advanceTimersByTimeAsync(20_000);
      await expect(page).resolves.toMatchObject({ code: 'timeout' });
    });

    it('returns the access log of a record', async () => {
      const entry = { at: '2026-11-24T01:00:00.000Z', username: 'agent1', displayName: '张敏', action: 'update', reason: null, changes: { notes: { before: null, after: 'x' } } };
      const { fetch } = fakeFetch({ status: 200, body: { items: [entry] } });
      await expect(createHubClient({ baseUrl: '', fetch }).customerAccessLog('tok', card.id)).resolves.toEqual({ items: [entry] });
    });
  });

  describe('flows', () => {
    const definition = flow([step('greet', { next: 'close' }), step('close', { end: { outcome: 'resolved' } })], { id: 'consultation' });
    const stored = {
      id: 'consultation',
      version: 2,
      title: definition.title,
      category: definition.category,
      triggers: {},
      definition,
      publishedAt: '2026-11-24T01:00:00.000Z',
      publishedBy: 'manager1',
    };
    const problems = [
      { code: 'unreachable', stepId: 'orphan', path: 'steps.2', message: 'step "orphan": no step leads here (line 30)' },
      { code: 'unknown_field', stepId: 'greet', path: 'steps.0.say.zh-CN', message: 'step "greet": "{{order.colour}}" is not a field (line 12)' },
    ];

    it('lists the versions of a flow, the id escaped, newest first as the hub sent them', async () => {
      const versions = {
        id: 'consultation',
        versions: [
          { version: 2, publishedAt: '2026-11-24T01:00:00.000Z', publishedBy: 'manager1' },
          { version: 1, publishedAt: '2026-11-01T01:00:00.000Z', publishedBy: 'seed' },
        ],
      };
      const { fetch, requests } = fakeFetch({ status: 200, body: versions });
      await expect(createHubClient({ baseUrl: '', fetch }).listFlowVersions('tok', 'a/b')).resolves.toEqual(versions);
      expect(requests[0]).toMatchObject({ method: 'GET', url: '/api/v1/flows/a%2Fb/versions' });
    });

    it('posts a flow file as its text and format and returns the stored version when the hub publishes it', async () => {
      const { fetch, requests } = fakeFetch({ status: 201, body: stored });
      const source = 'format: 1\nid: consultation\n';
      await expect(createHubClient({ baseUrl: '', fetch }).uploadFlow('tok', { source, format: 'yaml' })).resolves.toEqual(stored);
      expect(requests[0]).toMatchObject({ method: 'POST', url: '/api/v1/flows' });
      expect(requests[0]?.headers.authorization).toBe('Bearer tok');
      expect(JSON.parse(requests[0]!.body!)).toEqual({ source, format: 'yaml' });
    });

    it('gives every problem of a refused flow, not just the message, when the hub answers invalid_flow', async () => {
      const { fetch } = fakeFetch({ status: 400, body: { error: 'invalid_flow', message: 'The flow was not published: 2 problems, first: …', problems } });
      const error = await caught(createHubClient({ baseUrl: '', fetch }).uploadFlow('tok', { source: 'x: 1', format: 'yaml' }));
      expect(error).toMatchObject({ status: 400, code: 'validation', message: 'The flow was not published: 2 problems, first: …' });
      expect(error.problems).toEqual(problems);
    });

    it('gives no problems when a 400 is an ordinary validation error', async () => {
      const { fetch } = fakeFetch({ status: 400, body: { error: 'validation', message: 'body/format must be yaml or json', field: 'format' } });
      const error = await caught(createHubClient({ baseUrl: '', fetch }).uploadFlow('tok', { source: 'x: 1', format: 'yaml' }));
      expect(error).toMatchObject({ code: 'validation', field: 'format', problems: undefined });
    });

    it('maps a publication that raced another one to conflict', async () => {
      const { fetch } = fakeFetch({ status: 409, body: { error: 'conflict', message: 'Another version of this flow was published at the same moment' } });
      await expect(caught(createHubClient({ baseUrl: '', fetch }).uploadFlow('tok', { source: 'x: 1', format: 'json' }))).resolves.toMatchObject({ status: 409, code: 'conflict' });
    });

    it('refuses to send an empty flow file', async () => {
      const { fetch, requests } = fakeFetch();
      await expect(caught(createHubClient({ baseUrl: '', fetch }).uploadFlow('tok', { source: '', format: 'yaml' }))).resolves.toMatchObject({ status: 0, code: 'validation' });
      expect(requests).toEqual([]);
    });

    it('rejects a published flow whose definition does not match the format as bad_response', async () => {
      const { fetch } = fakeFetch({ status: 201, body: { ...stored, definition: { ...definition, steps: [] } } });
      await expect(caught(createHubClient({ baseUrl: '', fetch }).uploadFlow('tok', { source: 'x: 1', format: 'yaml' }))).resolves.toMatchObject({ code: 'bad_response' });
    });
  });
});
