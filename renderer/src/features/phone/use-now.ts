import { useEffect, useState } from 'react';

/**
 * The current time, re-read every second while the component is mounted: for call timers and the
 * wrap-up countdown. Components that need it are only mounted while something is being timed.
 */
export function useNow(intervalMs = 1000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(timer);
  }, [intervalMs]);
  return now;
}
