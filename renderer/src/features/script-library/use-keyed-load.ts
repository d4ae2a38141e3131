import { useCallback, useEffect, useState } from 'react';
import { createLogger } from '../../logger';
import type { UserFacingError } from '../../store';
import { userFacing } from '../customer/customer-model';

const log = createLogger('script-library/load');

export type KeyedLoad<T> = { status: 'idle' } | { status: 'loading' } | { status: 'ready'; value: T } | { status: 'error'; error: UserFacingError };

type Settled<T> = { key: string; attempt: number } & ({ ok: true; value: T } | { ok: false; error: UserFacingError });

/**
 * Loads what `key` names (a flow's versions, one version) when it changes, and again on `reload`.
 * The state is derived from which key the last answer was for, so an answer for a flow no longer
 * selected is never shown, and nothing is set while rendering or synchronously in the effect.
 * `load` must be stable for a key (a store action, or useCallback).
 */
export function useKeyedLoad<T>(key: string | null, load: () => Promise<T>): [KeyedLoad<T>, () => void] {
  const [attempt, setAttempt] = useState(0);
  const [settled, setSettled] = useState<Settled<T> | null>(null);

  useEffect(() => {
    if (key === null) return;
    let current = true;
    load().then(
      (value) => {
        if (current) setSettled({ key, attempt, ok: true, value });
      },
      (error: unknown) => {
        if (!current) return;
        log.warn(`could not load ${key}`, error);
        setSettled({ key, attempt, ok: false, error: userFacing(error) });
      },
    );
    return () => {
      current = false;
    };
  }, [key, load, attempt]);

  const reload = useCallback(() => setAttempt((n) => n + 1), []);
  if (key === null) return [{ status: 'idle' }, reload];
  if (!settled || settled.key !== key || settled.attempt !== attempt) return [{ status: 'loading' }, reload];
  return [settled.ok ? { status: 'ready', value: settled.value } : { status: 'error', error: settled.error }, reload];
}
