import { useCallback, useSyncExternalStore } from 'react';
import { hashForPane, paneFromHash, type Pane } from './panes';

const subscribe = (onChange: () => void) => {
  window.addEventListener('hashchange', onChange);
  return () => window.removeEventListener('hashchange', onChange);
};
const readHash = () => window.location.hash;

/**
 * The selected pane, kept in the URL hash (back and forward work, a reload stays put). A hash
 * naming a pane this role does not have falls back to the role's first pane.
 */
export function useHashPane(allowed: readonly Pane[]): [Pane, (pane: Pane) => void] {
  const hash = useSyncExternalStore(subscribe, readHash);
  const fallback = allowed[0];
  if (!fallback) throw new Error('A workspace needs at least one pane.');
  const pane = paneFromHash(hash, allowed) ?? fallback;
  const select = useCallback((next: Pane) => {
    window.location.hash = hashForPane(next);
  }, []);
  return [pane, select];
}

/** The whole hash, for panes with places of their own (`#/cases/<ticketId>`); re-renders when it changes. */
export function useLocationHash(): string {
  return useSyncExternalStore(subscribe, readHash);
}
