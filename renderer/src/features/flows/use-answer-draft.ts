import { createContext, useCallback, useContext, useEffect, useRef, useState } from 'react';

/** Typing pauses this long before a typed answer is saved; leaving the field saves at once. */
export const ANSWER_SAVE_DELAY_MS = 500;

/**
 * The runner's typed fields, so that Next can save what was typed a moment ago before it moves on:
 * each registers a `flush` that saves its pending text and resolves when the save is done.
 */
export interface DraftRegistry {
  register(flush: () => Promise<void>): () => void;
  flushAll(): Promise<void>;
}

export function createDraftRegistry(): DraftRegistry {
  const flushers = new Set<() => Promise<void>>();
  return {
    register(flush) {
      flushers.add(flush);
      return () => flushers.delete(flush);
    },
    async flushAll() {
      await Promise.all([...flushers].map((flush) => flush()));
    },
  };
}

export const DraftRegistryContext = createContext<DraftRegistry | null>(null);

export interface AnswerDraft<T> {
  value: T;
  change(next: T): void;
  focus(): void;
  /** On blur: saves a pending change now. */
  blur(): void;
}

/**
 * A typed answer (text, number, date, phone) as the agent types it: shown from local state so that
 * typing is never slowed by a save or undone by a re-render, saved after a pause and on blur. The
 * saved value replaces what is shown only while the field is not being edited — the engine trims
 * text, and adopting `"abc"` while the agent is typing `"abc "` would eat the space. An invalid value
 * is not saved by the store; the typed text stays for the agent to correct.
 */
export function useAnswerDraft<T>(saved: T, save: (value: T) => Promise<void>, delayMs = ANSWER_SAVE_DELAY_MS): AnswerDraft<T> {
  const registry = useContext(DraftRegistryContext);
  const [value, setValue] = useState<T>(saved);
  const [lastSaved, setLastSaved] = useState<T>(saved);
  const [editing, setEditing] = useState(false);
  const [pending, setPending] = useState(false);
  const latest = useRef<T>(saved);
  const dirty = useRef(false);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const inflight = useRef<Promise<void>>(Promise.resolve());
  const saveRef = useRef(save);
  useEffect(() => {
    saveRef.current = save;
  }, [save]);

  // A new saved value (a prefill that arrived, Back to this step, another window) shows when the
  // agent is not in the middle of changing it.
  if (!Object.is(saved, lastSaved)) {
    setLastSaved(saved);
    if (!editing && !pending) setValue(saved);
  }

  const flush = useCallback((): Promise<void> => {
    if (timer.current !== null) {
      clearTimeout(timer.current);
      timer.current = null;
    }
    if (!dirty.current) return inflight.current;
    dirty.current = false;
    const done = saveRef.current(latest.current).finally(() => {
      if (!dirty.current) setPending(false);
    });
    inflight.current = done.catch(() => undefined);
    return inflight.current;
  }, []);

  useEffect(() => registry?.register(flush), [registry, flush]);
  // The step going away (Next, Back, the call's card moving to wrap-up) must not drop the last keystrokes.
  useEffect(() => () => void flush(), [flush]);

  const change = useCallback(
    (next: T) => {
      latest.current = next;
      dirty.current = true;
      setValue(next);
      setPending(true);
      if (timer.current !== null) clearTimeout(timer.current);
      timer.current = setTimeout(() => void flush(), delayMs);
    },
    [flush, delayMs],
  );

  const focus = useCallback(() => setEditing(true), []);
  const blur = useCallback(() => {
    setEditing(false);
    void flush();
  }, [flush]);

  return { value, change, focus, blur };
}
