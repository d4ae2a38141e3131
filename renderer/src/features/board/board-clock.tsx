import { createContext, useContext, useEffect, useState, type ReactNode } from 'react';
import type { BoardAgent } from '../../../../shared/api/board';
import { useNow } from '../phone/use-now';
import { elapsedText, nextOverrunAt } from './board-model';

/*
 * Two clocks for the board. The times shown tick every second, but only the cells that show one
 * re-render (they read the time from a context); the table itself re-renders when a wrap-up runs
 * over, the one moment its rows change with time alone.
 */

/** This PC's time; the cells add the hub's offset. */
const NowContext = createContext<number | null>(null);

/** Gives the time to the ticking cells below, once a second; its children are not re-rendered by it. */
export function Ticking({ children }: { children: ReactNode }) {
  const now = useNow(1000);
  return <NowContext.Provider value={now}>{children}</NowContext.Provider>;
}

/** How long since `since`, on the hub's clock, ticking. */
export function Elapsed({ since, offsetMs }: { since: string | null; offsetMs: number }) {
  const now = useContext(NowContext);
  if (now === null) throw new Error('<Elapsed> needs a <Ticking> above it.');
  return <>{elapsedText(since, now + offsetMs)}</>;
}

/**
 * The hub's time as the rows' overrun rule needs it: read again when the board changes and when
 * the next wrap-up on it reaches the limit, not every second. A wrap-up that ran over while this
 * was not read again is still caught, since running over only ever becomes true.
 */
export function useOverrunClock(agents: readonly BoardAgent[], wrapUpSeconds: number | null, offsetMs: number): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const next = nextOverrunAt(agents, wrapUpSeconds, now + offsetMs);
    if (next === null) return;
    // Just past the limit: the rule counts a wrap-up as over once it is longer than allowed.
    const timer = setTimeout(() => setNow(Date.now()), Math.max(0, next - offsetMs - Date.now()) + 50);
    return () => clearTimeout(timer);
  }, [agents, wrapUpSeconds, offsetMs, now]);
  return now + offsetMs;
}
