import type { CustomerCard } from '../../../../shared/api/customers';

export type CallerLookup =
  /** `hub` with no customers: the hub was asked and nobody has the number. */
  | { source: 'cache' | 'hub'; customers: CustomerCard[] }
  /** The cache had nobody and the hub could not be asked: the pop offers quick-create and says why. */
  | { source: 'none'; customers: []; hubError: unknown };

export interface CallerLookupSources {
  cache(e164: string): Promise<CustomerCard[]>;
  hub(e164: string): Promise<CustomerCard[]>;
  /** A broken local database is worth a log line, though the hub still answers the pop. */
  onCacheError?(error: unknown): void;
}

/**
 * Who is calling, while the phone rings: the local cache first, so that a known caller pops at
 * once and with the hub down; the hub only when the cache has nobody (a customer newer than the
 * last sync, or no cache at all). Never throws: a failure is an answer the pop can show.
 */
export async function lookUpCaller(e164: string, sources: CallerLookupSources): Promise<CallerLookup> {
  try {
    const cached = await sources.cache(e164);
    if (cached.length > 0) return { source: 'cache', customers: cached };
  } catch (error) {
    sources.onCacheError?.(error);
  }
  try {
    return { source: 'hub', customers: await sources.hub(e164) };
  } catch (hubError) {
    return { source: 'none', customers: [], hubError };
  }
}
