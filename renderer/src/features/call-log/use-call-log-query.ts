import { useLiveQuery } from 'dexie-react-hooks';
import { createLogger } from '../../logger';
import type { AppDb } from '../../services/local-db/app-db';
import { useConsoleStore } from '../../store';

const log = createLogger('call-log/query');

/** The signed-in agent's open database, or null until the call log is ready (or when it failed). */
export function useCallLogDb(): AppDb | null {
  const status = useConsoleStore((s) => s.callLog.status);
  const callLogDb = useConsoleStore((s) => s.callLogDb);
  return status === 'ready' ? callLogDb() : null;
}

export type LiveResult<T> = { state: 'loading' } | { state: 'ready'; value: T } | { state: 'failed' };

/**
 * One of the call-log queries (services/call-log/call-log-queries.ts), re-run by Dexie whenever what
 * it read changes. A failing read (the database closing at logout, a corrupt record) becomes
 * `failed` instead of an exception thrown during render, which would blank the whole console.
 * While new arguments are being read, the previous answer stays: a list does not flash empty.
 */
export function useCallLogQuery<T>(db: AppDb | null, query: (db: AppDb) => Promise<T>, deps: readonly unknown[]): LiveResult<T> {
  const result = useLiveQuery(
    async (): Promise<LiveResult<T>> => {
      if (!db) return { state: 'loading' };
      try {
        return { state: 'ready', value: await query(db) };
      } catch (error) {
        log.warn('a call log query failed', error);
        return { state: 'failed' };
      }
    },
    [db, ...deps],
  );
  return result ?? { state: 'loading' };
}
