import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { User } from '../../../../shared/api/auth';
import type { CustomerCard, CustomerDetail, CustomerLookupQuery, CustomerLookupResponse } from '../../../../shared/api/customers';
import type { AppDb } from '../../../../renderer/src/services/local-db/app-db';
import { HubError } from '../../../../renderer/src/services/hub';
import { configureStoreDeps, resetStore, useConsoleStore, type ScreenPop } from '../../../../renderer/src/store';
import { callId, freshAppDb } from '../support/call-log-builders';
import { customerCard, deferred, fakeCustomerFeed, mobile } from '../support/customer-builders';
import { fakeClock, settle, until } from '../support/fake-clock';
import { fakeHub } from '../support/fake-hub';
import { fakeSipPhone } from '../support/fake-sip-phone';
import { AGENT_PHONE_CONFIG } from '../support/phone-config';
import { quietConsole, storeTestDeps } from '../support/store-test-deps';

const HUB = 'http://127.0.0.1:8790';
const agent: User = { id: '0193a1b2-0000-7000-8000-000000000001', username: 'agent1', role: 'agent', displayName: '张敏', departmentCode: 'acceptance' };

let hub: ReturnType<typeof fakeHub>;
let feed: ReturnType<typeof fakeCustomerFeed>;
let lookups: CustomerLookupQuery[];
let clock: ReturnType<typeof fakeClock>;
let sip: ReturnType<typeof fakeSipPhone>;
let databases: AppDb[];

const state = () => useConsoleStore.getState();
const pop = (id: string): ScreenPop | undefined => state().customers.pops[id];
type FoundPop = Extract<ScreenPop, { status: 'found' }>;


/** The call-log database the store opened for this login. */
const callLogDb = (): AppDb => {
  const open = state().callLogDb();
  if (!open) throw new Error('no call log database is open');
  return open;
};

function detailOf(card: CustomerCard): CustomerDetail {
  return { card, contact: { email: null, address: null, notes: null }, createdAt: card.updatedAt, orders: [], products: [], tickets: [], timeline: [] };
}

beforeEach(() => {
  resetStore();
  hub = fakeHub();
  feed = fakeCustomerFeed();
  lookups = [];
  clock = fakeClock();
  sip = fakeSipPhone({ now: clock.clock.now });
  databases = [];
  const test = storeTestDeps({ hub, phone: () => sip.phone, clock: clock.clock });
  // The customer slice and the call log share the user's database, as they do in the browser.
  const shared = freshAppDb(undefined, `callcenter-console.${agent.id}`);
  test.deps.openAppDb = () => {
    const db = shared.reopen();
    databases.push(db);
    return db;
  };
  configureStoreDeps(test.deps);
  hub.handlers.login = async () => ({ token: 'tok-1', user: agent, expiresAt: '2026-11-24T09:00:00.000Z' });
  hub.handlers.phoneConfig = async () => AGENT_PHONE_CONFIG;
  hub.handlers.org = async () => ({ departments: [], queues: [], transferTargets: [], escalationChain: [] });
  hub.handlers.customerChanges = async (_token, query) => feed.page(query.after, Number(query.limit ?? 2000));
  hub.handlers.lookupCustomers = async (_token, query) => {
    lookups.push(query);
    const cards = [...feed.cards().values()].filter((c) => c.phones.some((p) => p.e164 === query.phone));
    return { e164: query.phone, items: cards };
  };
  quietConsole();
});

afterEach(() => {
  resetStore();
  vi.restoreAllMocks();
});

async function logIn(): Promise<void> {
  if (state().session.status === 'starting') await state().restoreSession(HUB);
  await state().login({ username: agent.username, password: 'demo1234' });
  await until(() => state().callLog.status === 'ready', 'the call log is ready');
  await until(() => state().customers.sync.state === 'idle', 'the customer copy caught up');
  state().setReady();
}

describe('screen pop', () => {
  it('pops the caller from the local copy at once, whatever the format of the number, then has the hub confirm it', async () => {
    const card = feed.put(customerCard(1, { name: '王建国', vipLevel: 3, phones: [{ e164: '+8613800138000', kind: 'mobile' }] }));
    await logIn();
    expect(state().customers.sync.cached).toBe(1);
    const answer = deferred<CustomerLookupResponse>();
    hub.handlers.lookupCustomers = async (_token, query) => {
      lookups.push(query);
      return answer.promise;
    };

    const id = callId(1);
    sip.ring({ number: '008613800138000', displayName: '' }, 'consult', id);
    await until(() => pop(id)?.status === 'found', 'the pop found the caller');
    // On screen from the copy while the hub has not answered yet.
    expect(pop(id)).toMatchObject({ status: 'found', source: 'cache', e164: '+8613800138000', chosenId: card.id });
    await until(async () => (await callLogDb().callLogs.get(id))?.customerId === card.id, 'the call log names the customer');

    // The hub, asked beside the call (which logs the read), knows of a complaint opened since the last sync.
    expect(lookups).toEqual([{ phone: '+8613800138000', callId: id }]);
    answer.resolve({ e164: '+8613800138000', items: [{ ...card, openComplaints: 1, openTickets: 1 }] });
    await until(() => pop(id)?.status === 'found' && (pop(id) as FoundPop).source === 'hub', 'the hub confirmed');
    expect((pop(id) as FoundPop).customers[0]).toMatchObject({ openComplaints: 1 });
    await until(async () => (await callLogDb().customers.get(card.id))?.value.openComplaints === 1, 'the copy has the fresher card');
  });

  it('keeps the pop from the local copy when the hub is down', async () => {
    const card = feed.put(customerCard(1, { name: '王建国' }));
    await logIn();
    hub.handlers.lookupCustomers = async () => Promise.reject(new HubError({ status: 0, code: 'network', message: 'hub down' }));

    const id = callId(1);
    sip.ring({ number: mobile(1), displayName: '' }, 'consult', id);
    await until(() => pop(id)?.status === 'found', 'the pop');
    await settle(10);
    expect(pop(id)).toMatchObject({ source: 'cache', chosenId: card.id, customers: [card] });
  });

  it('asks the hub on a cache miss and keeps the answer, so the next call from the number pops from the copy', async () => {
    await logIn();
    // Created on the hub after the copy caught up.
    const late = feed.put(customerCard(7, { name: '新客户' }));

    const first = callId(1);
    sip.ring({ number: mobile(7), displayName: '' }, 'consult', first);
    await until(() => pop(first)?.status === 'found', 'the hub answered');
    expect(pop(first)).toMatchObject({ source: 'hub', chosenId: late.id });
    expect(lookups).toEqual([{ phone: mobile(7), callId: first }]);
    sip.remoteHangUp(first);

    const second = callId(2);
    await until(async () => (await callLogDb().customers.get(late.id)) !== undefined, 'the card is kept');
    // From now on the hub is slow: whatever shows meanwhile came from the copy.
    hub.handlers.lookupCustomers = async (_token, query) => {
      lookups.push(query);
      return new Promise(() => undefined);
    };
    sip.ring({ number: mobile(7), displayName: '' }, 'consult', second);
    await until(() => pop(second)?.status === 'found', 'the second pop');
    expect(pop(second)).toMatchObject({ source: 'cache', chosenId: late.id });
    // The hub is asked only afterwards, to confirm it.
    await until(() => lookups.length === 2, 'the confirmation');
  });

  it('lets the agent choose between customers who share the number, and links only the chosen one', async () => {
    const shared = '+8675588886666';
    const wei = feed.put(customerCard(1, { name: '张伟', phones: [{ e164: shared, kind: 'landline' }] }));
    const li = feed.put(customerCard(2, { name: '张丽', phones: [{ e164: shared, kind: 'landline' }] }));
    await logIn();

    const id = callId(1);
    sip.ring({ number: '075588886666', displayName: '' }, 'consult', id);
    await until(() => pop(id)?.status === 'found', 'the pop');
    expect(pop(id)).toMatchObject({ chosenId: null });
    expect((pop(id) as Extract<ScreenPop, { status: 'found' }>).customers.map((c) => c.name).sort()).toEqual([wei.name, li.name].sort());
    await until(async () => (await callLogDb().callLogs.get(id)) !== undefined, 'the call is written');
    expect((await callLogDb().callLogs.get(id))?.customerId).toBeNull();

    state().chooseCaller(id, li.id);
    expect(pop(id)).toMatchObject({ chosenId: li.id });
    await until(async () => (await callLogDb().callLogs.get(id))?.customerId === li.id, 'the chosen customer is linked');
  });

  it('pops the customer of an outbound call (a callback) as well', async () => {
    const card = feed.put(customerCard(3, { name: '回访客户' }));
    await logIn();
    await state().dial(mobile(3));
    const id = state().phone.snapshot!.calls[0]!.id;
    await until(() => pop(id)?.status === 'found', 'the pop of the dialled customer');
    expect(pop(id)).toMatchObject({ chosenId: card.id });
  });

  it('shows withheld, malformed and internal callers without looking anything up', async () => {
    await logIn();
    const cases: [string | null, ScreenPop['status']][] = [
      [null, 'unknown'],
      ['1'.repeat(40), 'unknown'],
      ['123456', 'unknown'],
      ['1002', 'internal'],
    ];
    for (const [i, [number, status]] of cases.entries()) {
      const id = callId(i + 1);
      sip.ring({ number, displayName: '' }, 'consult', id);
      await until(() => pop(id) !== undefined, 'the pop');
      expect(pop(id)?.status).toBe(status);
      sip.remoteHangUp(id);
    }
    await settle(5);
    expect(lookups).toEqual([]);
  });

  it('offers quick-create with the reason when the copy has nobody and the hub cannot be asked', async () => {
    await logIn();
    hub.handlers.lookupCustomers = async () => Promise.reject(new HubError({ status: 0, code: 'network', message: 'hub down' }));
    const id = callId(1);
    sip.ring({ number: '13512345678', displayName: '' }, 'consult', id);
    await until(() => pop(id)?.status === 'not-found', 'the pop');
    expect(pop(id)).toMatchObject({ status: 'not-found', e164: '+8613512345678', hubError: { code: 'network' } });
  });

  it('makes a quick-created customer the caller, and a retry after a failure cannot create them twice', async () => {
    await logIn();
    const id = callId(1);
    sip.ring({ number: '13512345678', displayName: '' }, 'consult', id);
    await until(() => pop(id)?.status === 'not-found', 'the pop');

    const ids: string[] = [];
    hub.handlers.createCustomer = async (_token, body) => {
      ids.push(body.id);
      if (ids.length === 1) throw new HubError({ status: 0, code: 'timeout', message: 'no answer' });
      return detailOf(feed.put(customerCard(9, { id: body.id, name: body.name, phones: [{ e164: '+8613512345678', kind: 'mobile' }] })));
    };
    await expect(state().createCustomer({ name: '赵新客户', phones: ['13512345678'] }, id)).rejects.toMatchObject({ code: 'timeout' });
    expect(pop(id)?.status).toBe('not-found');
    const created = await state().createCustomer({ name: '赵新客户', phones: ['13512345678'] }, id);

    expect(ids[1]).toBe(ids[0]);
    expect(pop(id)).toMatchObject({ status: 'found', chosenId: created.card.id });
    await until(async () => (await callLogDb().callLogs.get(id))?.customerId === created.card.id, 'the call log names the new customer');
    expect(await callLogDb().customers.get(created.card.id)).toMatchObject({ name: '赵新客户' });
  });

  it('shows an edited card in the pops that show the customer', async () => {
    const card = feed.put(customerCard(1, { name: '王建国' }));
    await logIn();
    const id = callId(1);
    sip.ring({ number: mobile(1), displayName: '' }, 'consult', id);
    await until(() => pop(id)?.status === 'found', 'the pop');

    hub.handlers.updateCustomer = async (_token, _id, body) => detailOf({ ...card, name: body.name ?? card.name, version: card.version + 1 });
    await state().updateCustomer(card.id, { version: card.version, name: '王建国先生' });
    expect((pop(id) as Extract<ScreenPop, { status: 'found' }>).customers[0]!.name).toBe('王建国先生');
  });

  it('forgets the pops and stops syncing at logout', async () => {
    feed.put(customerCard(1));
    await logIn();
    const id = callId(1);
    sip.ring({ number: mobile(1), displayName: '' }, 'consult', id);
    await until(() => pop(id)?.status === 'found', 'the pop');

    await state().logout();
    await until(() => state().customers.sync.state === 'off', 'the sync stopped');
    expect(state().customers.pops).toEqual({});
  });
});
