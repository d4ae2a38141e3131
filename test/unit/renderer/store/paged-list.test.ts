import { describe, expect, it, vi } from 'vitest';
import { createPagedList, idlePagedList, type PagedListState, type PageOf } from '../../../../renderer/src/store/paged-list';

/* The paged list both the Cases pane and the worklist keep: pages, refreshes and answers that come late. */

interface Row {
  id: string;
}
type Filters = { q: string };

function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

function harness(refreshesIdle = false) {
  let state: PagedListState<Filters, Row> = idlePagedList<Filters, Row>({ q: '' });
  const requests: { filters: Filters; page: { limit?: number; cursor?: string }; answer: ReturnType<typeof deferred<PageOf<Row>>> }[] = [];
  const list = createPagedList<Filters, Row, PageOf<Row>>({
    read: () => state,
    write: (update) => {
      state = { ...state, ...update };
    },
    fetch: (filters, page) => {
      const answer = deferred<PageOf<Row>>();
      requests.push({ filters, page, answer });
      return answer.promise;
    },
    key: (filters) => filters.q,
    id: (row) => row.id,
    pageSize: 2,
    refreshesIdle,
    what: 'the rows',
    log: { warn: vi.fn() },
  });
  return { list, requests, state: () => state, setFilters: (filters: Filters) => (state = { ...state, filters }) };
}

const rows = (...ids: string[]): Row[] => ids.map((id) => ({ id }));
const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('a paged list', () => {
  it('shows the answer for the filters asked last, never a late answer for earlier ones', async () => {
    const h = harness();
    void h.list.load(false);
    h.setFilters({ q: 'new' });
    void h.list.load(false);
    h.requests[1]!.answer.resolve({ items: rows('b'), nextCursor: null });
    h.requests[0]!.answer.resolve({ items: rows('a'), nextCursor: null });
    await settle();
    expect(h.state()).toMatchObject({ status: 'ready', items: rows('b'), loadedKey: 'new' });
  });

  it('appends the next page without listing a row twice, and a refresh reads as many rows as are shown', async () => {
    const h = harness();
    void h.list.load(false);
    h.requests[0]!.answer.resolve({ items: rows('a', 'b'), nextCursor: 'c1' });
    await settle();
    h.list.loadMore();
    expect(h.requests[1]!.page).toEqual({ cursor: 'c1' });
    h.requests[1]!.answer.resolve({ items: rows('b', 'c'), nextCursor: null });
    await settle();
    expect(h.state().items).toEqual(rows('a', 'b', 'c'));

    void h.list.refresh();
    expect(h.requests[2]!.page).toEqual({ limit: 3 });
  });

  it('keeps the rows with a message when a refresh fails, and runs one more read for a burst of refreshes', async () => {
    const h = harness();
    void h.list.load(false);
    h.requests[0]!.answer.resolve({ items: rows('a'), nextCursor: null });
    await settle();
    const first = h.list.refresh();
    void h.list.refresh();
    void h.list.refresh();
    h.requests[1]!.answer.reject(new Error('hub away'));
    await settle();
    expect(h.state()).toMatchObject({ status: 'ready', items: rows('a') });
    expect(h.state().refreshError).not.toBeNull();
    // The two refreshes asked while one ran are one more read, not two.
    expect(h.requests).toHaveLength(3);
    h.requests[2]!.answer.resolve({ items: rows('a', 'd'), nextCursor: null });
    await first;
    expect(h.state()).toMatchObject({ items: rows('a', 'd'), refreshError: null });
  });

  it('loads a never-loaded list on refresh only where the pane asked for that, and drops answers after forget', async () => {
    const idle = harness(false);
    await idle.list.refresh();
    expect(idle.requests).toHaveLength(0);

    const eager = harness(true);
    void eager.list.refresh();
    expect(eager.requests).toHaveLength(1);
    eager.list.forget();
    eager.requests[0]!.answer.resolve({ items: rows('x'), nextCursor: null });
    await settle();
    expect(eager.state().items).toEqual([]);
  });
});
