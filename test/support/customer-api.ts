import { randomUUID } from 'node:crypto';
import type { LightMyRequestResponse } from 'fastify';
import { expect } from 'vitest';
import {
  CustomerAccessLogSchema,
  CustomerChangesPageSchema,
  CustomerDetailSchema,
  CustomerLookupResponseSchema,
  CustomerSearchResponseSchema,
  type CustomerCreateRequest,
  type CustomerUpdateRequest,
} from '../../shared/api/customers';
import { bearer, type TestHub } from './hub-app';

export const DEMO_USERNAMES = ['agent1', 'agent2', 'callback1', 'qa1', 'supervisor1', 'manager1', 'admin'] as const;
export type DemoUsername = (typeof DEMO_USERNAMES)[number];

type Query = Record<string, string | number | undefined>;

/** The customer routes of a test hub, as each demo user calls them; `ok.*` also checks status and schema. */
export async function customerApi(hub: TestHub) {
  const tokens = {} as Record<DemoUsername, string>;
  for (const username of DEMO_USERNAMES) tokens[username] = await hub.login(username);
  const send = (method: 'GET' | 'POST' | 'PATCH', url: string, as: DemoUsername, query: Query = {}, payload?: object) =>
    hub.app.inject({
      method,
      url,
      headers: bearer(tokens[as]),
      query: Object.fromEntries(Object.entries(query).flatMap(([key, value]) => (value === undefined ? [] : [[key, String(value)]]))),
      ...(payload === undefined ? {} : { payload }),
    });
  const expectStatus = (response: LightMyRequestResponse, status: number) => {
    expect(response.statusCode, response.body).toBe(status);
    return response.json<unknown>();
  };
  const raw = {
    lookup: (query: Query, as: DemoUsername = 'agent1') => send('GET', '/api/v1/customers/lookup', as, query),
    search: (query: Query, as: DemoUsername = 'agent1') => send('GET', '/api/v1/customers', as, query),
    detail: (id: string, query: Query = {}, as: DemoUsername = 'agent1') => send('GET', `/api/v1/customers/${id}`, as, query),
    create: (body: Partial<CustomerCreateRequest>, as: DemoUsername = 'agent1') => send('POST', '/api/v1/customers', as, {}, body),
    patch: (id: string, body: Partial<CustomerUpdateRequest>, as: DemoUsername = 'agent1') => send('PATCH', `/api/v1/customers/${id}`, as, {}, body),
    changes: (query: Query = {}, as: DemoUsername = 'agent1') => send('GET', '/api/v1/customers/changes', as, query),
    accessLog: (id: string, as: DemoUsername = 'supervisor1') => send('GET', `/api/v1/customers/${id}/access-log`, as),
  };
  return {
    tokens,
    raw,
    ok: {
      lookup: async (query: Query, as?: DemoUsername) => CustomerLookupResponseSchema.parse(expectStatus(await raw.lookup(query, as), 200)),
      search: async (query: Query, as?: DemoUsername) => CustomerSearchResponseSchema.parse(expectStatus(await raw.search(query, as), 200)),
      detail: async (id: string, query?: Query, as?: DemoUsername) => CustomerDetailSchema.parse(expectStatus(await raw.detail(id, query, as), 200)),
      create: async (body: Partial<CustomerCreateRequest>, as?: DemoUsername) => CustomerDetailSchema.parse(expectStatus(await raw.create(body, as), 201)),
      patch: async (id: string, body: Partial<CustomerUpdateRequest>, as?: DemoUsername) =>
        CustomerDetailSchema.parse(expectStatus(await raw.patch(id, body, as), 200)),
      changes: async (query?: Query, as?: DemoUsername) => CustomerChangesPageSchema.parse(expectStatus(await raw.changes(query, as), 200)),
      accessLog: async (id: string, as?: DemoUsername) => CustomerAccessLogSchema.parse(expectStatus(await raw.accessLog(id, as), 200)),
    },
  };
}

export type CustomerApi = Awaited<ReturnType<typeof customerApi>>;

/** A quick-create request with a fresh id; tests patch what they are about. */
export const newCustomer = (patch: Partial<CustomerCreateRequest> = {}): CustomerCreateRequest => ({
  id: randomUUID(),
  name: '赵新客户',
  phones: ['135 1234 5678'],
  ...patch,
});
