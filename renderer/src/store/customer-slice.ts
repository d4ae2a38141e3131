import type { StateCreator, StoreApi } from 'zustand';
import type { CustomerCard } from '../../../shared/api/customers';
import { callerKey } from '../../../shared/customers/caller';
import { createLogger } from '../logger';
import type { HubClient } from '../services/hub';
import { findCachedByPhone, putCachedCustomers } from '../services/customers/customer-cache';
import { createCustomerSync, type CustomerSync } from '../services/customers/customer-sync';
import { initialCustomerSyncStatus } from '../services/customers/customer-sync-status';
import { lookUpCaller } from '../services/customers/screen-pop-lookup';
import type { AppDb } from '../services/local-db/app-db';
import type { CallSnapshot, PhoneSnapshot } from '../services/sip/phone-types';
import type { ConsoleStore } from './console-store-types';
import type { CustomerSlice, CustomerSliceState, ScreenPop } from './customer-slice-state';
import { takesCalls } from './phone-slice';
import { clockOf, getStoreDeps, randomOf } from './store-deps';
import { toUserFacingError } from './user-facing-error';

export type { CustomerSlice, CustomerSliceState, NewCustomer, ScreenPop } from './customer-slice-state';

const log = createLogger('store/customers');

/** Pops of calls that have left the phone stay a while (the wrap-up still shows who it was), up to this many. */
export const MAX_KEPT_POPS = 12;

export const initialCustomerState = (): CustomerSliceState => ({
  customers: { sync: initialCustomerSyncStatus(), pops: {}, openId: null },
});

interface Running {
  token: string | null;
  db: AppDb | null;
  sync: CustomerSync | null;
  stop(): Promise<void>;
}

/**
 * The screen pop and the customer workspace. Each call the phone reports gets a pop as soon as its
 * first snapshot arrives; the look-up (local cache, then the hub) runs beside the call and never
 * holds up the phone. Roles that take calls keep a local copy of the customer cards, kept fresh by
 * the hub's change feed, so that the pop works with the hub down.
 */
export const createCustomerSlice: StateCreator<ConsoleStore, [], [], CustomerSlice> = (set, get, api: StoreApi<ConsoleStore>) => {
  let running: Running | null = null;
  let generation = 0;
  /** Calls that already have had their pop: a pop evicted later is not started again. */
  const popped = new Set<string>();
  /** The id a quick-create for a call used, kept after a failure so that a retry cannot create the customer twice. */
  const createIds = new Map<string, string>();

  const patch = (p: Partial<CustomerSliceState['customers']>) => set({ customers: { ...get().customers, ...p } });

  function setPop(pop: ScreenPop): void {
    patch({ pops: { ...get().customers.pops, [pop.callId]: pop } });
  }

  const popOf = (callId: string): ScreenPop | undefined => get().customers.pops[callId];

  function linkCall(callId: string, customerId: string): void {
    get()
      .linkCallCustomer(callId, customerId)
      .catch((error: unknown) => log.warn('could not note the customer in the call log', error));
  }

  /** A fresher card (an edit, a reload) replaces the stale one wherever it shows and in the cache. */
  function refreshCard(card: CustomerCard): void {
    const pops = get().customers.pops;
    let changed = false;
    const next: Record<string, ScreenPop> = {};
    for (const [id, pop] of Object.entries(pops)) {
      if (pop.status === 'found' && pop.customers.some((c) => c.id === card.id)) {
        next[id] = { ...pop, customers: pop.customers.map((c) => (c.id === card.id ? card : c)) };
        changed = true;
      } else next[id] = pop;
    }
    if (changed) patch({ pops: next });
    const db = running?.db;
    if (db) putCachedCustomers(db, [card]).catch((error: unknown) => log.warn('could not update the local customer copy', error));
  }

  async function startPop(call: CallSnapshot, mine: number): Promise<void> {
    const key = callerKey(call.remote.number);
    if (key.kind === 'unknown') return setPop({ callId: call.id, status: 'unknown', reason: key.reason });
    if (key.kind === 'internal') return setPop({ callId: call.id, status: 'internal', extension: key.extension });
    setPop({ callId: call.id, status: 'looking-up', e164: key.e164 });
    const db = running?.db ?? null;
    const result = await lookUpCaller(key.e164, {
      cache: (e164) => (db ? findCachedByPhone(db, e164) : Promise.resolve([])),
      hub: (e164) => askHub(e164, call.id),
      onCacheError: (error) => log.error('the local customer copy could not be read; asking the hub', error),
    });
    if (mine !== generation || !popOf(call.id)) return;
    if (result.source === 'none') {
      return setPop({ callId: call.id, status: 'not-found', e164: key.e164, hubError: toUserFacingError(result.hubError) });
    }
    if (result.customers.length === 0) return setPop({ callId: call.id, status: 'not-found', e164: key.e164, hubError: null });
    const chosenId = result.customers.length === 1 ? result.customers[0]!.id : null;
    setPop({
      callId: call.id,
      status: 'found',
      e164: key.e164,
      customers: result.customers,
      chosenId,
      source: result.source,
      refreshedAt: result.source === 'cache' ? get().customers.sync.syncedAt : clockOf(getStoreDeps()).now(),
    });
    if (chosenId) linkCall(call.id, chosenId);
    // The next call from this number pops from the cache, even before the change feed brings it.
    if (result.source === 'hub' && db) {
      putCachedCustomers(db, result.customers).catch((error: unknown) => log.warn('could not keep the looked-up customer locally', error));
    }
    if (result.source === 'cache') void revalidate(call.id, key.e164, mine);
  }

  const askHub = async (e164: string, callId: string): Promise<CustomerCard[]> =>
    (await get().callHub((hub, token) => hub.lookupCustomers(token, { phone: e164, callId }))).items;

  /**
   * After a pop from the local copy, the hub is asked all the same, beside the call: its answer
   * brings a complaint opened since the copy last caught up, and the hub logs the read (who saw
   * whose record, for which call), which a pop from the copy alone would leave unrecorded. With
   * the hub down the copy's card simply stays.
   */
  async function revalidate(callId: string, e164: string, mine: number): Promise<void> {
    let fresh: CustomerCard[];
    try {
      fresh = await askHub(e164, callId);
    } catch (error) {
      log.info('the hub could not confirm the pop from the local copy; it stays as it is', error);
      return;
    }
    const pop = popOf(callId);
    // Nobody has the number any more (a merge since the last sync): the agent keeps what they saw.
    if (mine !== generation || pop?.status !== 'found' || fresh.length === 0) return;
    const kept = pop.chosenId !== null && fresh.some((c) => c.id === pop.chosenId) ? pop.chosenId : null;
    const chosenId = kept ?? (fresh.length === 1 ? fresh[0]!.id : null);
    setPop({ ...pop, customers: fresh, chosenId, source: 'hub', refreshedAt: clockOf(getStoreDeps()).now() });
    if (chosenId !== null && chosenId !== pop.chosenId) linkCall(callId, chosenId);
    const db = running?.db;
    if (db) putCachedCustomers(db, fresh).catch((error: unknown) => log.warn('could not keep the refreshed customer locally', error));
  }

  function observe(snapshot: PhoneSnapshot, mine: number): void {
    for (const call of snapshot.calls) {
      if (popped.has(call.id)) continue;
      popped.add(call.id);
      startPop(call, mine).catch((error: unknown) => {
        log.error('the screen pop failed', error);
        if (mine === generation) setPop({ callId: call.id, status: 'not-found', e164: call.remote.number ?? '', hubError: toUserFacingError(error) });
      });
    }
    const pops = get().customers.pops;
    const ids = Object.keys(pops);
    if (ids.length <= MAX_KEPT_POPS) return;
    const onPhone = new Set(snapshot.calls.map((c) => c.id));
    const evictable = ids.filter((id) => !onPhone.has(id));
    const drop = new Set(evictable.slice(0, ids.length - MAX_KEPT_POPS));
    patch({ pops: Object.fromEntries(Object.entries(pops).filter(([id]) => !drop.has(id))) });
  }

  async function open(userId: string, token: string | null, withCache: boolean, mine: number): Promise<void> {
    const deps = getStoreDeps();
    let db: AppDb | null = null;
    if (withCache) {
      db = deps.openAppDb(userId);
      try {
        await db.open();
      } catch (error) {
        // Without IndexedDB the pop still works, from the hub alone.
        log.error('the local customer copy cannot be opened; pops ask the hub', error);
        db.close();
        db = null;
      }
    }
    if (mine !== generation) {
      db?.close();
      return;
    }
    const sync = db
      ? createCustomerSync({
          db,
          clock: clockOf(deps),
          random: randomOf(deps),
          fetchChanges: (after, limit) => get().callHub((hub, t) => hub.customerChanges(t, { after, limit })),
          onStatus: (status) => {
            if (mine === generation) patch({ sync: status });
          },
        })
      : null;

    let lastSnapshot: PhoneSnapshot | null = null;
    let online = true;
    const onState = (state: ConsoleStore) => {
      const snapshot = state.phone.snapshot;
      if (!snapshot || snapshot === lastSnapshot) return;
      lastSnapshot = snapshot;
      if (snapshot.online && !online) sync?.syncNow();
      online = snapshot.online;
      observe(snapshot, mine);
    };
    const unsubscribe = api.subscribe(onState);
    running = {
      token,
      db,
      sync,
      async stop() {
        unsubscribe();
        sync?.stop();
        // A page being written lands whole (or not at all) before the database closes.
        await sync?.idle().catch(() => undefined);
        db?.close();
      },
    };
    sync?.start();
    onState(get());
  }

  function requireToken(): void {
    if (!get().session.token) throw toUserFacingError(new Error('Not signed in.'));
  }

  /** The workspace's hub calls: errors become what the screens show. */
  async function hubCall<T>(call: (hub: HubClient, token: string) => Promise<T>): Promise<T> {
    requireToken();
    try {
      return await get().callHub(call);
    } catch (error) {
      throw toUserFacingError(error);
    }
  }

  return {
    ...initialCustomerState(),

    startCustomers: async () => {
      const { user, token } = get().session;
      if (!user) return;
      if (running?.token === token) return;
      const previous = running;
      running = null;
      await previous?.stop();
      generation += 1;
      popped.clear();
      createIds.clear();
      set(initialCustomerState());
      await open(user.id, token, takesCalls(user.role), generation);
    },

    stopCustomers: async () => {
      generation += 1;
      const closing = running;
      running = null;
      popped.clear();
      createIds.clear();
      set(initialCustomerState());
      await closing?.stop();
    },

    chooseCaller: (callId, customerId) => {
      const pop = popOf(callId);
      if (pop?.status !== 'found' || !pop.customers.some((c) => c.id === customerId)) return;
      setPop({ ...pop, chosenId: customerId });
      linkCall(callId, customerId);
    },

    openCustomer: (customerId) => patch({ openId: customerId }),

    searchCustomers: async (q) => (await hubCall((hub, token) => hub.searchCustomers(token, { q }))).items,

    loadCustomer: async (id, reason, callId) => {
      const detail = await hubCall((hub, token) =>
        hub.getCustomer(token, id, callId === undefined ? { reason } : { reason, callId }),
      );
      refreshCard(detail.card);
      return detail;
    },

    createCustomer: async (input, callId) => {
      const id = (callId !== undefined ? createIds.get(callId) : undefined) ?? crypto.randomUUID();
      if (callId !== undefined) createIds.set(callId, id);
      const detail = await hubCall((hub, token) => hub.createCustomer(token, { ...input, id }));
      if (callId !== undefined) createIds.delete(callId);
      const pop = callId !== undefined ? popOf(callId) : undefined;
      if (callId !== undefined && pop && (pop.status === 'not-found' || pop.status === 'found')) {
        setPop({
          callId,
          status: 'found',
          e164: pop.e164,
          customers: pop.status === 'found' ? [...pop.customers, detail.card] : [detail.card],
          chosenId: detail.card.id,
          source: 'hub',
          refreshedAt: clockOf(getStoreDeps()).now(),
        });
        linkCall(callId, detail.card.id);
      }
      refreshCard(detail.card);
      running?.sync?.syncNow();
      return detail;
    },

    updateCustomer: async (id, change) => {
      const detail = await hubCall((hub, token) => hub.updateCustomer(token, id, change));
      refreshCard(detail.card);
      running?.sync?.syncNow();
      return detail;
    },

    customerAccessLog: (id) => hubCall((hub, token) => hub.customerAccessLog(token, id)),

    syncCustomersNow: () => running?.sync?.syncNow(),
  };
};
