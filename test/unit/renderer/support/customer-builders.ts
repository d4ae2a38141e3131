import type { CustomerCard, CustomerChange, CustomerChangesPage } from '../../../../shared/api/customers';

/** A valid UUID (v7 layout) per number, so cards pass the contract's schema. */
export const customerId = (n: number): string => `0193a1b2-0000-7000-8000-${n.toString(16).padStart(12, '0')}`;

/** Mobile number `n` as E.164: +8613800000000 + n. */
export const mobile = (n: number): string => `+86138${n.toString().padStart(8, '0')}`;

export function customerCard(n: number, patch: Partial<CustomerCard> = {}): CustomerCard {
  return {
    id: customerId(n),
    name: `客户${n}`,
    vipLevel: 0,
    keyAccount: false,
    customerClass: 'individual',
    tags: [],
    phones: [{ e164: mobile(n), kind: 'mobile' }],
    openComplaints: 0,
    openTickets: 0,
    version: 1,
    updatedAt: '2026-11-24T00:00:00.000Z',
    ...patch,
  };
}

/**
 * The hub's customer change feed, in memory: every change gets the next sequence number, a card
 * changed twice is listed once at its latest place, and the cursor is the last sequence number a
 * page held (as the hub's keyset does). `page` answers like `GET /api/v1/customers/changes`.
 */
export function fakeCustomerFeed() {
  let seq = 0;
  /** id → the change and where it stands in the feed. */
  const feed = new Map<string, { seq: number; change: CustomerChange }>();

  function put(card: CustomerCard): CustomerCard {
    const before = feed.get(card.id)?.change;
    const version = before && 'version' in before ? before.version + 1 : card.version;
    const stored = { ...card, version };
    feed.set(card.id, { seq: (seq += 1), change: stored });
    return stored;
  }

  function remove(id: string): void {
    feed.set(id, { seq: (seq += 1), change: { id, removed: true } });
  }

  function page(after: string | undefined, limit: number): CustomerChangesPage {
    const from = after === undefined ? 0 : Number(after);
    const waiting = [...feed.values()].filter((e) => e.seq > from).sort((a, b) => a.seq - b.seq);
    const taken = waiting.slice(0, limit);
    const last = taken[taken.length - 1];
    return {
      items: taken.map((e) => e.change),
      cursor: String(last ? last.seq : from),
      more: waiting.length > taken.length,
      remaining: waiting.length - taken.length,
    };
  }

  /** The customers the hub has now, by id: what a caught-up cache must hold. */
  function cards(): Map<string, CustomerCard> {
    const live = new Map<string, CustomerCard>();
    for (const { change } of feed.values()) if (!('removed' in change)) live.set(change.id, change);
    return live;
  }

  return { put, remove, page, cards, seq: () => seq };
}

/** A promise the test settles by hand: a request that is still in flight. */
export function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}
