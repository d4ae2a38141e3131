import { useCallback, useEffect, useState } from 'react';
import { useConsoleStore } from '../../store';

/*
 * Half-typed customer forms outlive their component: an agent who looks at another pane mid-call
 * comes back to what they typed. Memory only, never disk (customer data is confidential), and
 * dropped when the signed-in user changes, so the next agent on a shared PC never sees it.
 */
const kept = new Map<string, unknown>();

useConsoleStore.subscribe((state, previous) => {
  if (state.session.user?.id !== previous.session.user?.id) kept.clear();
});

/** useState whose value is kept under `key` while the component is away. Give the component `key={key}`. */
export function useKeptState<T>(key: string, initial: () => T): [T, (next: T | ((previous: T) => T)) => void] {
  const [value, setValue] = useState<T>(() => (kept.has(key) ? (kept.get(key) as T) : initial()));
  useEffect(() => {
    kept.set(key, value);
  }, [key, value]);
  const set = useCallback((next: T | ((previous: T) => T)) => setValue(next), []);
  return [value, set];
}

/** Done with the form (saved, or cancelled on purpose): nothing to bring back. */
export function forgetKept(key: string): void {
  kept.delete(key);
}
