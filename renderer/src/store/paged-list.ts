import { toUserFacingError, type UserFacingError } from './user-facing-error';

/*
 * A list the hub pages with a cursor, as a pane shows it (the Cases pane, the callback worklist):
 * the first page for the filters, "load more", and refreshes that keep the rows on screen. Answers
 * that arrive after the filters changed (or another person signed in) are dropped, and a burst of
 * refreshes (push events) is one more read after the one running, not one each.
 */

export interface PagedListState<F, I> {
  status: 'idle' | 'loading' | 'ready' | 'error';
  filters: F;
  /** The filters the rows were loaded for: rows for other filters are never shown as these. */
  loadedKey: string | null;
  items: I[];
  nextCursor: string | null;
  loadingMore: boolean;
  /** The first page could not be had: the pane says so with a retry. */
  error: UserFacingError | null;
  /** A later page could not be had: the rows so far stay. */
  moreError: UserFacingError | null;
  /** A refresh could not be had: the rows shown are what was last known. */
  refreshError: UserFacingError | null;
}

/** A list never loaded, for these filters. */
export const idlePagedList = <F, I>(filters: F): PagedListState<F, I> => ({
  status: 'idle',
  filters,
  loadedKey: null,
  items: [],
  nextCursor: null,
  loadingMore: false,
  error: null,
  moreError: null,
  refreshError: null,
});

export interface PageOf<I> {
  items: I[];
  nextCursor: string | null;
}

export interface PagedListSource<F, I, P extends PageOf<I>> {
  read(): PagedListState<F, I>;
  /** Writes a change; `page` is the answer it came from, for what else a page carries (counts). */
  write(update: Partial<PagedListState<F, I>>, page?: P): void;
  fetch(filters: F, page: { limit?: number; cursor?: string }): Promise<P>;
  key(filters: F): string;
  id(item: I): string;
  pageSize: number;
  /** A refresh also loads a list that was never loaded (its pane asks for it before it is shown). */
  refreshesIdle: boolean;
  /** For the log: "the case list". */
  what: string;
  log: { warn(message: string, error: unknown): void };
}

export interface PagedList {
  /** The first page for the current filters; `quiet` keeps the rows on screen while it loads (a refresh). */
  load(quiet: boolean): Promise<void>;
  /** One read at a time, the rows kept; a list in error is loaded afresh. */
  refresh(): Promise<void>;
  loadMore(): void;
  /** Answers still on their way are dropped (another person signed in). */
  forget(): void;
}

/** The most rows a refresh reads again: as many as are shown, so "load more" pages are not lost to it. */
const MAX_REFRESH_ROWS = 200;

export function createPagedList<F, I, P extends PageOf<I>>(source: PagedListSource<F, I, P>): PagedList {
  let seq = 0;
  let refreshing: Promise<void> | null = null;
  let refreshAgain = false;

  async function load(quiet: boolean): Promise<void> {
    const mine = (seq += 1);
    const { filters, items } = source.read();
    const key = source.key(filters);
    const limit = quiet ? Math.min(MAX_REFRESH_ROWS, Math.max(source.pageSize, items.length)) : source.pageSize;
    if (!quiet) source.write({ status: 'loading', error: null, moreError: null, refreshError: null, items: [], nextCursor: null, loadedKey: null, loadingMore: false });
    try {
      const page = await source.fetch(filters, { limit });
      if (mine !== seq) return;
      source.write({ status: 'ready', items: page.items, nextCursor: page.nextCursor, loadedKey: key, error: null, moreError: null, refreshError: null, loadingMore: false }, page);
    } catch (error) {
      if (mine !== seq) return;
      source.log.warn(`could not load ${source.what}`, error);
      // A refresh that fails keeps the rows: they are still what was last known.
      if (quiet && source.read().loadedKey === key) source.write({ refreshError: toUserFacingError(error) });
      else source.write({ status: 'error', error: toUserFacingError(error), loadingMore: false });
    }
  }

  function refresh(): Promise<void> {
    if (refreshing) {
      refreshAgain = true;
      return refreshing;
    }
    const run = async () => {
      do {
        refreshAgain = false;
        const list = source.read();
        if (list.status === 'ready' && list.loadedKey === source.key(list.filters)) await load(true);
        else if (list.status === 'error' || (list.status === 'idle' && source.refreshesIdle)) await load(false);
      } while (refreshAgain);
    };
    refreshing = run().finally(() => {
      refreshing = null;
    });
    return refreshing;
  }

  function loadMore(): void {
    const list = source.read();
    if (list.status !== 'ready' || list.loadingMore || list.nextCursor === null) return;
    const mine = seq;
    source.write({ loadingMore: true, moreError: null });
    source.fetch(list.filters, { cursor: list.nextCursor }).then(
      (page) => {
        if (mine !== seq) return;
        // A row that moved up between pages (a refresh ran) is not listed twice.
        const current = source.read().items;
        const known = new Set(current.map(source.id));
        source.write({ items: [...current, ...page.items.filter((item) => !known.has(source.id(item)))], nextCursor: page.nextCursor, loadingMore: false }, page);
      },
      (error: unknown) => {
        if (mine !== seq) return;
        source.log.warn(`could not load more of ${source.what}`, error);
        source.write({ loadingMore: false, moreError: toUserFacingError(error) });
      },
    );
  }

  return {
    load,
    refresh,
    loadMore,
    forget: () => {
      seq += 1;
    },
  };
}
