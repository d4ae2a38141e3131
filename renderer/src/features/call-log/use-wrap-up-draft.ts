import { useCallback, useEffect, useRef, useState } from 'react';
import { createLogger } from '../../logger';
import { loadWrapUpDraft, type WrapUpDraft } from '../../services/call-log/call-log-queries';
import { useConsoleStore } from '../../store';
import { useCallLogDb } from './use-call-log-query';

const log = createLogger('call-log/wrap-up-draft');

/** Typing pauses this long before the draft is written; a blur or leaving the screen writes at once. */
export const DRAFT_SAVE_DELAY_MS = 300;

const EMPTY: WrapUpDraft = { dispositionCode: null, notes: '' };

export interface WrapUpDraftState {
  draft: WrapUpDraft;
  /** The stored draft has been read (or there was none): what is shown is what is kept. */
  loaded: boolean;
  update(patch: Partial<WrapUpDraft>): void;
  /** Writes a change still waiting for the pause (on blur). */
  flush(): void;
  /** Wrap-up is being finished: no more draft writes, which would outlive the finished record. */
  seal(): void;
  /** Finishing failed: the draft is the agent's work again, and is written. */
  unseal(): void;
}

/**
 * A call's notes and disposition as the agent types them, kept as a draft in IndexedDB so that a
 * reload (or a crash) loses nothing. The same draft serves the notes typed during the call and the
 * wrap-up after it: the card that shows them stays mounted across the call's end.
 */
export function useWrapUpDraft(callId: string, fallback: WrapUpDraft | null): WrapUpDraftState {
  const db = useCallLogDb();
  const save = useConsoleStore((s) => s.saveWrapUpDraft);
  const [draft, setDraft] = useState<WrapUpDraft>(EMPTY);
  const [loaded, setLoaded] = useState(false);
  const latest = useRef(draft);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const dirty = useRef(false);
  const edited = useRef(false);
  const sealed = useRef(false);
  const fallbackCode = fallback?.dispositionCode ?? null;
  const fallbackNotes = fallback?.notes ?? '';

  useEffect(() => {
    if (!db || loaded) return;
    let cancelled = false;
    loadWrapUpDraft(db, callId).then(
      (stored) => {
        if (cancelled) return;
        // Typing that began before the read wins: it is newer than anything stored.
        if (!edited.current) {
          const initial = stored ?? { dispositionCode: fallbackCode, notes: fallbackNotes };
          latest.current = initial;
          setDraft(initial);
        }
        setLoaded(true);
      },
      (error: unknown) => {
        if (cancelled) return;
        log.warn('could not read the wrap-up draft', error);
        setLoaded(true);
      },
    );
    return () => {
      cancelled = true;
    };
  }, [db, callId, loaded, fallbackCode, fallbackNotes]);

  const flush = useCallback(() => {
    if (timer.current !== null) {
      clearTimeout(timer.current);
      timer.current = null;
    }
    if (!dirty.current || sealed.current) return;
    dirty.current = false;
    void save(callId, latest.current);
  }, [callId, save]);

  const update = useCallback(
    (patch: Partial<WrapUpDraft>) => {
      const next = { ...latest.current, ...patch };
      latest.current = next;
      edited.current = true;
      dirty.current = true;
      setDraft(next);
      if (timer.current !== null) clearTimeout(timer.current);
      timer.current = setTimeout(flush, DRAFT_SAVE_DELAY_MS);
    },
    [flush],
  );

  // Leaving the pane or the call's card going away must not drop the last keystrokes.
  useEffect(() => () => flush(), [flush]);

  const seal = useCallback(() => {
    sealed.current = true;
    if (timer.current !== null) clearTimeout(timer.current);
    timer.current = null;
  }, []);

  const unseal = useCallback(() => {
    sealed.current = false;
    dirty.current = true;
    flush();
  }, [flush]);

  return { draft, loaded, update, flush, seal, unseal };
}
