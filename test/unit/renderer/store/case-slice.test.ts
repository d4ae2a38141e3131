import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { User } from '../../../../shared/api/auth';
import type { ComplaintListResponse } from '../../../../shared/api/complaints';
import { NO_FILTERS } from '../../../../renderer/src/services/cases/case-filters';
import { HubError } from '../../../../renderer/src/services/hub';
import { configureStoreDeps, resetStore, useConsoleStore } from '../../../../renderer/src/store';
import { caseId, config, detail, summary, user } from '../features/cases/case-fixtures';
import { fakeHub, networkDown } from '../support/fake-hub';
import { quietConsole, storeTestDeps } from '../support/store-test-deps';

let hub: ReturnType<typeof fakeHub>;
const state = () => useConsoleStore.getState();
const cases = () => state().cases;

function signIn(who: User): void {
  useConsoleStore.setState((s) => ({ session: { ...s.session, status: 'signed-in', user: who, token: `tok-${who.username}` } }));
}

function deferred<T>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

const listQueries = () => hub.calls.filter((c) => c.includes('listComplaints')).map((c) => c.split(' ').at(-1));
const caseReads = () => hub.calls.filter((c) => c.includes('getComplaint')).length;

beforeEach(() => {
  quietConsole();
  hub = fakeHub();
  hub.handlers.complaintConfig = async () => config;
  configureStoreDeps(storeTestDeps({ hub }).deps);
});

afterEach(() => {
  resetStore();
  vi.restoreAllMocks();
});

describe('the cases slice', () => {
  it('reads the open case again for a change announced for it, but not for an older or another one', async () => {
    signIn(user('supervisor', 'service'));
    hub.handlers.getComplaint = async () => detail(1, { version: 3 });
    state().openCase(caseId(1));
    await vi.waitFor(() => expect(cases().open.status).toBe('ready'));
    expect(caseReads()).toBe(1);

    await state().refreshCases({ ticketId: caseId(2), version: 9 });
    await state().refreshCases({ ticketId: caseId(1), version: 2 });
    expect(caseReads()).toBe(1);

    hub.handlers.getComplaint = async () => detail(1, { version: 4, status: 'proposal_pending_signoff' });
    await state().refreshCases({ ticketId: caseId(1), version: 4 });
    expect(caseReads()).toBe(2);
    expect(cases().open.detail?.case.version).toBe(4);
  });

  it('reads the open case again for a change at the version shown: a colleague\'s note keeps the version', async () => {
    signIn(user('supervisor', 'service'));
    hub.handlers.getComplaint = async () => detail(1, { version: 3 });
    state().openCase(caseId(1));
    await vi.waitFor(() => expect(cases().open.status).toBe('ready'));

    await state().refreshCases({ ticketId: caseId(1), version: 3 });

    expect(caseReads()).toBe(2);
  });

  it('refreshes the list with as many rows as are shown, and runs a burst of changes as one more read', async () => {
    signIn(user('supervisor', 'service'));
    const pages: ComplaintListResponse[] = [
      { items: Array.from({ length: 50 }, (_, i) => summary(100 - i)), nextCursor: 'p2' },
      { items: [summary(1), summary(2)], nextCursor: null },
    ];
    hub.handlers.listComplaints = async () => pages.shift() ?? { items: [], nextCursor: null };
    state().showCases();
    await vi.waitFor(() => expect(cases().list.status).toBe('ready'));
    state().loadMoreCases();
    await vi.waitFor(() => expect(cases().list.items).toHaveLength(52));

    const slow = deferred<ComplaintListResponse>();
    hub.handlers.listComplaints = () => slow.promise;
    const first = state().refreshCases({ ticketId: caseId(5) });
    const burst = [state().refreshCases({ ticketId: caseId(6) }), state().refreshCases({ ticketId: caseId(7) }), state().refreshCases({ ticketId: caseId(8) })];
    hub.handlers.listComplaints = async () => ({ items: [summary(7)], nextCursor: null });
    slow.resolve({ items: [summary(5)], nextCursor: null });
    await Promise.all([first, ...burst]);

    // The first refresh reads the 52 rows shown; it left one row, so the one after it reads a page.
    expect(listQueries()).toEqual(['limit=50&open=true', 'limit=50&open=true&cursor=p2', 'limit=52&open=true', 'limit=50&open=true']);
    expect(cases().list.items.map((i) => i.id)).toEqual([caseId(7)]);
  });

  it('leaves the list alone while the pane is not shown, and reads it again when it is', async () => {
    signIn(user('supervisor', 'service'));
    hub.handlers.listComplaints = async () => ({ items: [summary(1)], nextCursor: null });
    state().showCases();
    await vi.waitFor(() => expect(cases().list.status).toBe('ready'));
    state().hideCases();
    await state().refreshCases({ ticketId: caseId(1), version: 9 });
    expect(listQueries()).toHaveLength(1);
    state().showCases();
    await vi.waitFor(() => expect(listQueries()).toHaveLength(2));
  });

  it('keeps the rows shown when a refresh cannot reach the hub, and says so', async () => {
    signIn(user('supervisor', 'service'));
    hub.handlers.listComplaints = async () => ({ items: [summary(1)], nextCursor: null });
    state().showCases();
    await vi.waitFor(() => expect(cases().list.status).toBe('ready'));
    hub.handlers.listComplaints = async () => Promise.reject(networkDown());
    await state().refreshCases();
    expect(cases().list).toMatchObject({ status: 'ready', refreshError: { code: 'network' } });
    expect(cases().list.items.map((i) => i.id)).toEqual([caseId(1)]);
  });

  it('drops a page that answers after the filters changed', async () => {
    signIn(user('supervisor', 'service'));
    const late = deferred<ComplaintListResponse>();
    hub.handlers.listComplaints = () => late.promise;
    state().showCases();
    hub.handlers.listComplaints = async () => ({ items: [summary(2)], nextCursor: null });
    state().setCaseFilters({ ...NO_FILTERS, overdue: true });
    await vi.waitFor(() => expect(cases().list.status).toBe('ready'));
    late.resolve({ items: [summary(1)], nextCursor: null });
    await Promise.resolve();
    expect(cases().list.items.map((i) => i.id)).toEqual([caseId(2)]);
  });

  it('reads the case again before it reports that someone else acted first', async () => {
    signIn(user('department', 'logistics', 'logistics1'));
    let version = 3;
    hub.handlers.getComplaint = async () => detail(1, { version });
    state().openCase(caseId(1));
    await vi.waitFor(() => expect(cases().open.status).toBe('ready'));
    hub.handlers.complaintAction = async () => {
      version = 4;
      throw new HubError({ status: 409, code: 'stale_version', message: 'changed by supervisor1' });
    };
    const error = await state()
      .actOnCase(caseId(1), { id: caseId(99), expectedVersion: 3, action: { type: 'accept', note: '' } })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'stale_version', field: null });
    expect(cases().open.detail?.case.version).toBe(4);
  });

  it('shows the case an action left, in its page and in its list row', async () => {
    signIn(user('supervisor', 'service'));
    hub.handlers.listComplaints = async () => ({ items: [summary(1, { status: 'investigated', version: 3 })], nextCursor: null });
    hub.handlers.getComplaint = async () => detail(1, { version: 3 });
    state().showCases();
    state().openCase(caseId(1));
    await vi.waitFor(() => expect(cases().open.status).toBe('ready'));
    await vi.waitFor(() => expect(cases().list.status).toBe('ready'));
    hub.handlers.complaintAction = async () => detail(1, { version: 4, status: 'proposal_pending_signoff', waitingOn: 'service' });
    await state().actOnCase(caseId(1), { id: caseId(99), expectedVersion: 3, action: { type: 'sign_off', note: '' } });
    expect(cases().open.detail?.case.status).toBe('proposal_pending_signoff');
    expect(cases().list.items[0]).toMatchObject({ status: 'proposal_pending_signoff', version: 4 });
  });

  it("starts another login afresh: its own role's filters, no rows, no open case, no views of the last person", async () => {
    signIn(user('supervisor', 'service'));
    hub.handlers.listComplaints = async () => ({ items: [summary(1)], nextCursor: null });
    state().showCases();
    await vi.waitFor(() => expect(cases().list.status).toBe('ready'));
    await state().saveCaseView('我的视图');
    expect(cases().views).toHaveLength(1);

    signIn(user('department', 'logistics', 'logistics1'));
    expect(cases().list.items).toEqual([]);
    expect(cases().views).toEqual([]);
    state().showCases();
    expect(cases().list.filters).toEqual({ ...NO_FILTERS, waitingOn: 'logistics', open: true });
    await vi.waitFor(() => expect(cases().list.status).toBe('ready'));
  });
});
