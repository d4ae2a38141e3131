import type { StateCreator } from 'zustand';
import type { Board } from '../../../shared/api/board';
import type { AgentStateChangedEvent, HubEvent } from '../../../shared/api/events';
import type { ReasonCode } from '../../../shared/api/phone';
import { createLogger } from '../logger';
import { applyAgentState, clockOffsetMs, reconcileBoard } from '../services/board/board-patch';
import type { ConsoleStore } from './console-store-types';
import { clockOf, getStoreDeps } from './store-deps';
import { toUserFacingError, type UserFacingError } from './user-facing-error';

const log = createLogger('store/board');

/*
 * The supervisor board (看板): every agent's state and today's totals, kept live by the hub's push
 * events while the pane is shown. An `agent.state` patches its row; `board.figures` reads the board
 * again (the totals, and what the hub has learnt of the calls on it); a reconnection reads it again,
 * since changes made while the stream was down were never sent. Nothing is durable.
 */

export interface BoardSliceState {
  board: {
    /** `loading`/`error`: the first read of this login has not succeeded yet; later failures keep the data and set `error`. */
    status: 'idle' | 'loading' | 'ready' | 'error';
    data: Board | null;
    /** The last read's failure; null once one succeeds. */
    error: UserFacingError | null;
    /** This PC's time when the hub last told what is shown (a read, or a pushed change). */
    updatedAt: number | null;
    /** The hub's clock minus this PC's: times in state are counted on the hub's clock. */
    clockOffsetMs: number;
    /** The center's Not-ready reasons with their labels (phone config); empty until read. */
    reasonCodes: ReasonCode[];
  };
}

export interface BoardSliceActions {
  /** The pane is shown: the board is read (again, quietly, if it was) and kept live by push. */
  showBoard(): void;
  hideBoard(): void;
  /** Reads the board now (Retry, Refresh); one read at a time, one more if asked meanwhile. */
  reloadBoard(): Promise<void>;
}

export type BoardSlice = BoardSliceState & BoardSliceActions;

export const initialBoardState = (): BoardSliceState => ({
  board: { status: 'idle', data: null, error: null, updatedAt: null, clockOffsetMs: 0, reasonCodes: [] },
});

export const createBoardSlice: StateCreator<ConsoleStore, [], [], BoardSlice> = (set, get, api) => {
  let shown = false;
  let unsubscribe: (() => void) | null = null;
  /** Rises at each login: an answer for an earlier one is dropped. */
  let generation = 0;
  let reading: { generation: number; done: Promise<void> } | null = null;
  let again = false;
  /** The changes heard while a read is on its way, laid over its answer; null when none is. */
  let heard: AgentStateChangedEvent[] | null = null;
  let reasonsRequested = false;
  /**
   * Agents a change was heard about who were not on the board, and were still not on it when it was
   * read again after: the hub does not show them (a role the board leaves out), so their changes
   * do not send for the board again and again.
   */
  const unlisted = new Set<string>();
  /** Agents not on the board a change was heard about, by the number of reads sent before it. */
  const asked = new Map<string, number>();
  let readsSent = 0;

  const patch = (update: Partial<BoardSliceState['board']>) => set({ board: { ...get().board, ...update } });
  const now = () => clockOf(getStoreDeps()).now();

  async function readOnce(mine: number): Promise<void> {
    heard = [];
    const seq = (readsSent += 1);
    if (get().board.data === null) patch({ status: 'loading', error: null });
    try {
      const read = await get().callHub((hub, token) => hub.board(token));
      if (mine !== generation) return;
      const receivedAt = now();
      const { board, unknown } = reconcileBoard(read, heard);
      // Only a read sent after the change was heard can tell that its agent is not on the board.
      for (const [userId, sentBefore] of asked) {
        if (seq <= sentBefore) continue;
        asked.delete(userId);
        if (!board.agents.some((agent) => agent.userId === userId)) unlisted.add(userId);
      }
      patch({ status: 'ready', data: board, error: null, updatedAt: receivedAt, clockOffsetMs: clockOffsetMs(read.asOf, receivedAt) });
      if (unknown) again = true;
    } catch (error) {
      if (mine !== generation) return;
      log.warn('could not read the board', error);
      // What was shown stays: a failed refresh must not empty the board.
      patch({ status: get().board.data === null ? 'error' : 'ready', error: toUserFacingError(error) });
    } finally {
      if (mine === generation) heard = null;
    }
  }

  function read(): Promise<void> {
    if (!get().session.token) return Promise.resolve();
    if (reading !== null && reading.generation === generation) {
      again = true;
      return reading.done;
    }
    const mine = generation;
    again = false;
    const done: Promise<void> = (async () => {
      do {
        again = false;
        await readOnce(mine);
      } while (again && mine === generation);
    })().finally(() => {
      if (reading?.done === done) reading = null;
    });
    reading = { generation: mine, done };
    return done;
  }

  function onAgentState(event: AgentStateChangedEvent): void {
    if (unlisted.has(event.userId)) return;
    heard?.push(event);
    const data = get().board.data;
    if (data === null) return;
    const result = applyAgentState(data, event);
    if (result.kind === 'patched') patch({ data: result.board, updatedAt: now() });
    else if (result.kind === 'unknown') {
      // Someone new (an account made today): the board as the hub now has it.
      if (!asked.has(event.userId)) asked.set(event.userId, readsSent);
      void read();
    }
  }

  function onHubEvent(event: HubEvent): void {
    if (!shown) return;
    if (event.type === 'agent.state') onAgentState(event);
    // Coalesced by read(): a burst of figures while one read is out costs one more read, not one each.
    else if (event.type === 'board.figures') void read();
  }

  function loadReasons(): void {
    if (reasonsRequested) return;
    reasonsRequested = true;
    const mine = generation;
    get()
      .callHub((hub, token) => hub.phoneConfig(token))
      .then(
        (config) => {
          if (mine === generation) patch({ reasonCodes: config.reasonCodes });
        },
        (error: unknown) => {
          if (mine === generation) reasonsRequested = false;
          // The reason column shows the codes themselves meanwhile.
          log.warn('could not read the Not-ready reasons', error);
        },
      );
  }

  // Another login starts afresh: the board was the last person's.
  api.subscribe((state, previous) => {
    if (state.session.user?.id === previous.session.user?.id) return;
    generation += 1;
    reading = null;
    again = false;
    heard = null;
    reasonsRequested = false;
    unlisted.clear();
    asked.clear();
    set(initialBoardState());
    if (shown && state.session.user) {
      loadReasons();
      void read();
    }
  });

  // The stream (re)connected: what changed while it was down was never pushed.
  api.subscribe((state, previous) => {
    if (shown && state.notifications.push === 'connected' && previous.notifications.push !== 'connected') void read();
  });

  return {
    ...initialBoardState(),

    showBoard: () => {
      shown = true;
      unsubscribe ??= get().subscribeHubEvents(onHubEvent);
      if (!get().session.user) return;
      loadReasons();
      void read();
    },

    hideBoard: () => {
      shown = false;
      unsubscribe?.();
      unsubscribe = null;
    },

    reloadBoard: () => read(),
  };
};
