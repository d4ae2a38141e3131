import { useCallback, useEffect, useState } from 'react';
import { createLogger } from '../../logger';
import type { HubClient } from '../../services/hub';
import { toUserFacingError, useConsoleStore, type UserFacingError } from '../../store';

const log = createLogger('qa/load');

export type HubLoad<T> = { status: 'idle' } | { status: 'loading' } | { status: 'ready'; value: T } | { status: 'error'; error: UserFacingError };

/** One read of the hub; stable for a key (module-level, or useCallback). */
export type HubRead<T> = (hub: HubClient, token: string, signal: AbortSignal) => Promise<T>;

type Settled<T> = { key: string; attempt: number } & ({ ok: true; value: T } | { ok: false; error: UserFacingError });

/**
 * Reads what `key` names whenever it changes, and again on `reload`. The state is derived from which
 * key and attempt the last answer was for, so an answer for a review no longer open is never shown
 * (and its call is cancelled).
 */
export function useHubLoad<T>(key: string | null, read: HubRead<T>): [HubLoad<T>, () => void] {
  const callHub = useConsoleStore((s) => s.callHub);
  const [attempt, setAttempt] = useState(0);
  const [settled, setSettled] = useState<Settled<T> | null>(null);

  useEffect(() => {
    if (key === null) return;
    const controller = new AbortController();
    callHub((hub, token) => read(hub, token, controller.signal)).then(
      (value) => {
        if (!controller.signal.aborted) setSettled({ key, attempt, ok: true, value });
      },
      (error: unknown) => {
        if (controller.signal.aborted) return;
        log.warn(`could not load ${key}`, error);
        setSettled({ key, attempt, ok: false, error: toUserFacingError(error) });
      },
    );
    return () => controller.abort();
  }, [callHub, key, read, attempt]);

  const reload = useCallback(() => setAttempt((n) => n + 1), []);
  if (key === null) return [{ status: 'idle' }, reload];
  if (!settled || settled.key !== key || settled.attempt !== attempt) return [{ status: 'loading' }, reload];
  return [settled.ok ? { status: 'ready', value: settled.value } : { status: 'error', error: settled.error }, reload];
}
