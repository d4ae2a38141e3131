import type { Page } from '@playwright/test';

/**
 * The console's IndexedDB as the page holds it, read with the browser's own API: the tests look at
 * what was stored without a hook in the product. Every database of the console
 * (`callcenter-console.<userId>`) is read; a test logs in one user per context.
 */

export type Json = Record<string, unknown>;

/** The console's bookkeeping beside the upload shape (renderer/src/services/local-db/app-db.ts). */
export const LOCAL_FIELDS = ['syncState', 'uploadedVersion', 'rejection', 'lastSeenAt', 'updatedAt', 'searchKeys'];

/** The record as the hub should receive it: the local bookkeeping left out. */
export const uploadShape = (stored: Json): Json => Object.fromEntries(Object.entries(stored).filter(([key]) => !LOCAL_FIELDS.includes(key)));

interface Read {
  store: string;
  /** Only these keys, in this order; a key in none of the databases fails the read. All rows when absent. */
  keys?: string[];
  countOnly?: boolean;
}

function readInPage(page: Page, read: Read): Promise<{ rows: Json[]; count: number }> {
  return page.evaluate(async ({ store, keys, countOnly }) => {
    const request = <T,>(r: IDBRequest<T>) =>
      new Promise<T>((resolve, reject) => {
        r.onsuccess = () => resolve(r.result);
        r.onerror = () => reject(r.error);
      });
    const names = (await indexedDB.databases()).map((d) => d.name ?? '').filter((n) => n.startsWith('callcenter-console.'));
    const rows: Record<string, unknown>[] = [];
    const byKey = new Map<string, Record<string, unknown>>();
    let count = 0;
    for (const name of names) {
      const db = await request(indexedDB.open(name));
      if (db.objectStoreNames.contains(store)) {
        const objects = db.transaction(store).objectStore(store);
        if (countOnly) count += await request(objects.count());
        else if (keys) {
          for (const key of keys) {
            const row = (await request(objects.get(key))) as Record<string, unknown> | undefined;
            if (row) byKey.set(key, row);
          }
        } else rows.push(...((await request(objects.getAll())) as Record<string, unknown>[]));
      }
      db.close();
    }
    if (keys && !countOnly) {
      const missing = keys.filter((key) => !byKey.has(key));
      if (missing.length > 0) throw new Error(`${store} has no ${missing.join(', ')}`);
      rows.push(...keys.map((key) => byKey.get(key)!));
    }
    return { rows, count: countOnly ? count : rows.length };
  }, read);
}

export async function readConsoleStore(page: Page, store: string, keys?: string[]): Promise<Json[]> {
  return (await readInPage(page, { store, ...(keys ? { keys } : {}) })).rows;
}

export async function countConsoleStore(page: Page, store: string): Promise<number> {
  return (await readInPage(page, { store, countOnly: true })).count;
}
