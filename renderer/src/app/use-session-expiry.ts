import { useEffect } from 'react';
import { useConsoleStore } from '../store';

// setTimeout overflows past ~24.8 days and would fire at once.
const MAX_TIMER_MS = 2_147_483_647;

/** Returns to the login form when the hub's stated expiry passes, instead of waiting for a 401. */
export function useSessionExpiry(): void {
  const expiresAt = useConsoleStore((s) => s.session.expiresAt);
  const expireSession = useConsoleStore((s) => s.expireSession);

  useEffect(() => {
    if (!expiresAt) return;
    const at = Date.parse(expiresAt);
    if (Number.isNaN(at)) return;
    const timer = setTimeout(expireSession, Math.min(Math.max(at - Date.now(), 0), MAX_TIMER_MS));
    return () => clearTimeout(timer);
  }, [expiresAt, expireSession]);
}
