import { isCustomerRemoval, type CustomerCard, type CustomerChange, type CustomerChangesPage } from '../../../../shared/api/customers';
import type { AppDb, CachedCustomer } from '../local-db/app-db';

/*
 * The console's copy of the customer cards, for a screen pop that works with the hub down. Plain
 * functions over the AppDb: the sync (customer-sync.ts) decides when, these decide what lands.
 *
 * Two writers feed it: the hub's change feed (applyCustomerChanges, which alone moves the cursor)
 * and single cards the console has just had from the hub (putCachedCustomers: a look-up, a create,
 * an edit). Either may hold an older copy of a card than the other already wrote (a feed page
 * fetched before an edit and applied after it), so a card never replaces a higher version of itself.
 */

/** Where the next change page starts: the hub's opaque cursor. */
export const CUSTOMER_CURSOR_KEY = 'customers.cursor';
/** ms since epoch of the last page that said nothing more was waiting. */
export const CUSTOMER_SYNCED_AT_KEY = 'customers.syncedAt';

export interface CustomerCacheState {
  /** null: the cache has never had a page and starts from the beginning of the feed. */
  cursor: string | null;
  syncedAt: number | null;
  count: number;
}

export interface AppliedChanges {
  cursor: string;
  syncedAt: number | null;
  /** Cards that were not in the cache before this page. */
  inserted: number;
  /** Cards that were in the cache and are gone. */
  removed: number;
}

/** Every cached customer with this number; a number shared by a family or a company gives several. */
export async function findCachedByPhone(db: AppDb, e164: string): Promise<CustomerCard[]> {
  const rows = await db.customers.where('phones').equals(e164).toArray();
  return rows.map((row) => row.value);
}

/**
 * Applies one page of the change feed, and moves the cursor past it, in one transaction: a page
 * whose write fails (a full disk) leaves the cursor where it was, so the next attempt fetches the
 * same page again instead of skipping it.
 */
export async function applyCustomerChanges(db: AppDb, page: CustomerChangesPage, now: number): Promise<AppliedChanges> {
  const changes = lastChangePerId(page.items);
  const cards = changes.filter((c): c is CustomerCard => !isCustomerRemoval(c));
  const removals = changes.filter(isCustomerRemoval).map((c) => c.id);
  return db.transaction('rw', db.customers, db.meta, async () => {
    const [stored, gone, syncedBefore] = await Promise.all([
      db.customers.bulkGet(cards.map((c) => c.id)),
      db.customers.bulkGet(removals),
      db.meta.get(CUSTOMER_SYNCED_AT_KEY),
    ]);
    const puts = cards.filter((card, i) => supersedes(card, stored[i]));
    await Promise.all([
      db.customers.bulkPut(puts.map(toRow)),
      db.customers.bulkDelete(removals),
      db.meta.bulkPut([
        { key: CUSTOMER_CURSOR_KEY, value: page.cursor },
        ...(page.more ? [] : [{ key: CUSTOMER_SYNCED_AT_KEY, value: now }]),
      ]),
    ]);
    return {
      cursor: page.cursor,
      syncedAt: page.more ? asNumber(syncedBefore?.value) : now,
      inserted: stored.filter((row) => row === undefined).length,
      removed: gone.filter((row) => row !== undefined).length,
    };
  });
}

/**
 * Keeps cards the console has just had from the hub, so that the next pop for their numbers is
 * answered locally even before the change feed brings them. The cursor stays: these cards say
 * nothing about the rest of the feed.
 */
export async function putCachedCustomers(db: AppDb, cards: readonly CustomerCard[]): Promise<void> {
  if (cards.length === 0) return;
  const latest = lastChangePerId(cards);
  await db.transaction('rw', db.customers, async () => {
    const stored = await db.customers.bulkGet(latest.map((c) => c.id));
    await db.customers.bulkPut(latest.filter((card, i) => supersedes(card, stored[i])).map(toRow));
  });
}

export async function customerCacheState(db: AppDb): Promise<CustomerCacheState> {
  return db.transaction('r', db.customers, db.meta, async () => {
    const [cursor, syncedAt, count] = await Promise.all([
      db.meta.get(CUSTOMER_CURSOR_KEY),
      db.meta.get(CUSTOMER_SYNCED_AT_KEY),
      db.customers.count(),
    ]);
    return { cursor: typeof cursor?.value === 'string' ? cursor.value : null, syncedAt: asNumber(syncedAt?.value), count };
  });
}

/** Drops every card and the cursor: the next sync downloads the whole book again. */
export async function clearCustomerCache(db: AppDb): Promise<void> {
  await db.transaction('rw', db.customers, db.meta, async () => {
    await Promise.all([db.customers.clear(), db.meta.bulkDelete([CUSTOMER_CURSOR_KEY, CUSTOMER_SYNCED_AT_KEY])]);
  });
}

function toRow(card: CustomerCard): CachedCustomer {
  return {
    id: card.id,
    // Distinct: the index needs each number once, however the record lists it.
    phones: [...new Set(card.phones.map((p) => p.e164))],
    name: card.name,
    updatedAt: card.updatedAt,
    value: card,
  };
}

/**
 * The newer card wins. `version` counts contact edits only (it is the edit's concurrency token), so
 * between equal versions `updatedAt`, which the hub moves on every change of the card (a ticket
 * opened or closed changes its counts), decides. A row written before the cache held whole cards
 * (schema version 1 allowed any value) has neither and gives way.
 */
function supersedes(card: CustomerCard, stored: CachedCustomer | undefined): boolean {
  const before: Partial<CustomerCard> | undefined = stored?.value;
  if (typeof before?.version !== 'number') return true;
  if (card.version !== before.version) return card.version > before.version;
  return typeof before.updatedAt !== 'string' || Date.parse(card.updatedAt) >= Date.parse(before.updatedAt);
}

/** A page may name an id twice (changed, then removed): the later change is the one that holds. */
function lastChangePerId<T extends CustomerChange>(changes: readonly T[]): T[] {
  const byId = new Map<string, T>();
  for (const change of changes) {
    byId.delete(change.id);
    byId.set(change.id, change);
  }
  return [...byId.values()];
}

const asNumber = (value: unknown): number | null => (typeof value === 'number' ? value : null);
