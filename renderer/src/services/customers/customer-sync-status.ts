/** What the customer sync tells the UI: how fresh the local cache is and whether it is catching up. */
export interface CustomerSyncStatus {
  /** `off`: signed out or no cache for this role; `syncing`: fetching changes; `idle`: caught up; `failed`: last attempt failed, retrying later. */
  state: 'off' | 'syncing' | 'idle' | 'failed';
  /** During a catch-up of more than one page (first sync of a large book): cards applied of those known to be waiting. */
  progress: { done: number; total: number } | null;
  /** Cards in the local cache. */
  cached: number;
  /** ms since epoch: the last time the cache was known to hold every change the hub had. */
  syncedAt: number | null;
  lastError: string | null;
  /** ms since epoch of the next retry after a failure. */
  nextAttemptAt: number | null;
}

export const initialCustomerSyncStatus = (): CustomerSyncStatus => ({
  state: 'off',
  progress: null,
  cached: 0,
  syncedAt: null,
  lastError: null,
  nextAttemptAt: null,
});
