import type { StateCreator } from 'zustand';
import type { Attachment, ComplaintActionRequest, ComplaintDetail, ComplaintSummary } from '../../../shared/api/complaints';
import type { ComplaintConfig } from '../../../shared/complaints/complaint-config';
import { createLogger } from '../logger';
import { CASE_PAGE_SIZE, defaultFilters, filtersKey, filtersToQuery, type CaseFilters } from '../services/cases/case-filters';
import { deleteView, listViews, renameView, saveView, type CaseView, type RenameOutcome } from '../services/cases/saved-views';
import { isHubError } from '../services/hub';
import type { AppDb } from '../services/local-db/app-db';
import type { ConsoleStore } from './console-store-types';
import { createPagedList, idlePagedList, type PagedListState } from './paged-list';
import { clockOf, getStoreDeps } from './store-deps';
import { toUserFacingError, type UserFacingError } from './user-facing-error';

const log = createLogger('store/cases');

/*
 * The Cases pane's data (投诉案件): the list with its filters and pages, the case open on its page,
 * the center's procedure settings, and the person's saved views. Nothing here is durable but the
 * views (IndexedDB); the rest is read from the hub when shown, and again on `refreshCases`, which
 * the hub's push events (`ticket.changed`) call so a list on screen follows what others do.
 */

export type CaseListState = PagedListState<CaseFilters, ComplaintSummary>;

export interface OpenCaseState {
  id: string | null;
  status: 'idle' | 'loading' | 'ready' | 'error';
  detail: ComplaintDetail | null;
  error: UserFacingError | null;
}

export interface CaseSliceState {
  cases: {
    /** For whom the filters were set up: a new login starts on its own role's default. */
    userId: string | null;
    list: CaseListState;
    open: OpenCaseState;
    /** Null until the hub has answered (authority hints wait for it; nothing else does). */
    config: ComplaintConfig | null;
    views: CaseView[];
  };
}

/** A refused or failed action: the code picks the words; `field` names the input the hub objected to. */
export interface CaseActionError extends UserFacingError {
  field: string | null;
}

export interface CaseSliceActions {
  /** The pane is shown: the role's default filters on first use, the list, the views and the settings. */
  showCases(): void;
  /** The pane was left: announced changes no longer read the list (showing it again does). */
  hideCases(): void;
  setCaseFilters(filters: CaseFilters): void;
  loadMoreCases(): void;
  /** The list and the open case read again: after the hub announced a change, or a retry. */
  refreshCases(change?: { ticketId: string; version?: number }): Promise<void>;
  openCase(id: string): void;
  closeCase(): void;
  reloadCase(): Promise<void>;
  /**
   * One step of the procedure. Resolves with the case as it now is; throws CaseActionError. On
   * `stale_version` the case is read again before the error is thrown, so the page shows what the
   * other person did while the form keeps what this person typed.
   */
  actOnCase(ticketId: string, request: ComplaintActionRequest): Promise<ComplaintDetail>;
  uploadCaseEvidence(ticketId: string, upload: { id: string; file: File }, onProgress: (sent: number, total: number) => void, signal?: AbortSignal): Promise<Attachment>;
  downloadCaseEvidence(ticketId: string, attachmentId: string): Promise<Blob>;
  /** Saves the list's current filters under a name; throws UserFacingError when IndexedDB refuses. */
  saveCaseView(name: string): Promise<CaseView>;
  renameCaseView(id: string, name: string): Promise<RenameOutcome>;
  deleteCaseView(id: string): Promise<void>;
}

export type CaseSlice = CaseSliceState & CaseSliceActions;

const idleList = (filters: CaseFilters): CaseListState => idlePagedList(filters);
const idleCase = (): OpenCaseState => ({ id: null, status: 'idle', detail: null, error: null });

export const initialCaseState = (): CaseSliceState => ({
  cases: { userId: null, list: idleList(defaultFilters({ role: 'agent', departmentCode: null })), open: idleCase(), config: null, views: [] },
});

/** The list's row for a case, from the case as an action left it, so the list is right before the next read. */
function summaryOf(detail: ComplaintDetail, previous: ComplaintSummary): ComplaintSummary {
  return {
    ...previous,
    status: detail.case.status,
    level: detail.case.level,
    escalationLevel: detail.escalationLevel,
    departmentCode: detail.departmentCode,
    waitingOn: detail.case.waitingOn,
    updatedAt: detail.updatedAt,
    stepDueAt: detail.case.stepDueAt,
    callbackDueAt: detail.case.callbackDueAt,
    overdue: detail.case.overdue,
    version: detail.case.version,
  };
}

const actionError = (error: unknown): CaseActionError => ({ ...toUserFacingError(error), field: isHubError(error) ? (error.field ?? null) : null });

export const createCaseSlice: StateCreator<ConsoleStore, [], [], CaseSlice> = (set, get, api) => {
  // Answers to a request that a newer one replaced are dropped: another case opened.
  let caseSeq = 0;
  let db: { userId: string; db: AppDb } | null = null;
  let configRequested = false;
  // Only a list on screen follows the hub's announcements: every console reading its list at each
  // change anywhere in the center would be load for nothing.
  let shown = false;

  const patch = (update: Partial<CaseSliceState['cases']>) => set({ cases: { ...get().cases, ...update } });
  const patchList = (update: Partial<CaseListState>) => patch({ list: { ...get().cases.list, ...update } });
  const patchOpen = (update: Partial<OpenCaseState>) => patch({ open: { ...get().cases.open, ...update } });
  const list = createPagedList({
    read: () => get().cases.list,
    write: (update) => patchList(update),
    fetch: (filters: CaseFilters, page) => get().callHub((hub, token) => hub.listComplaints(token, filtersToQuery(filters, page))),
    key: filtersKey,
    id: (item: ComplaintSummary) => item.id,
    pageSize: CASE_PAGE_SIZE,
    refreshesIdle: false,
    what: 'the case list',
    log,
  });

  // The list, the case and the views are the signed-in person's: another login starts afresh.
  api.subscribe((state, previous) => {
    if (state.session.user?.id === previous.session.user?.id) return;
    list.forget();
    caseSeq += 1;
    configRequested = false;
    shown = false;
    db?.db.close();
    db = null;
    set(initialCaseState());
  });

  function userDb(): AppDb {
    const user = get().session.user;
    if (!user) throw new Error('The saved views need a signed-in user.');
    if (db?.userId !== user.id) {
      db?.db.close();
      db = { userId: user.id, db: getStoreDeps().openAppDb(user.id) };
    }
    return db.db;
  }

  async function loadViews(): Promise<void> {
    try {
      const target = userDb();
      const views = await listViews(target);
      // Another login since: its views are not these.
      if (db?.db === target) patch({ views });
    } catch (error) {
      if (db === null) return;
      // The built-in views still work; saving one will say what is wrong.
      log.warn('could not read the saved case views', error);
    }
  }

  function loadConfig(): void {
    if (configRequested) return;
    configRequested = true;
    get()
      .callHub((hub, token) => hub.complaintConfig(token))
      .then(
        (config) => patch({ config }),
        (error: unknown) => {
          configRequested = false;
          log.warn('could not read the complaint configuration', error);
        },
      );
  }

  async function loadCase(id: string, quiet: boolean): Promise<void> {
    const seq = (caseSeq += 1);
    if (!quiet) patch({ open: { id, status: 'loading', detail: null, error: null } });
    try {
      const detail = await get().callHub((hub, token) => hub.getComplaint(token, id));
      if (seq !== caseSeq || get().cases.open.id !== id) return;
      // An action's answer may have shown a newer version while this read was on its way.
      const current = get().cases.open.detail;
      if (current !== null && current.id === id && current.case.version > detail.case.version) return;
      patch({ open: { id, status: 'ready', detail, error: null } });
    } catch (error) {
      if (seq !== caseSeq || get().cases.open.id !== id) return;
      log.warn(`could not load case ${id}`, error);
      const failure = toUserFacingError(error);
      // The page keeps the case it has; only a first read that fails has nothing to show.
      if (quiet && get().cases.open.detail !== null) patchOpen({ error: failure });
      else patch({ open: { id, status: 'error', detail: null, error: failure } });
    }
  }



  /** The case as an action or a read left it, shown on its page and in its list row. */
  function adopt(detail: ComplaintDetail): void {
    const { open, list } = get().cases;
    if (open.id === detail.id && (open.detail === null || open.detail.case.version <= detail.case.version)) {
      patchOpen({ status: 'ready', detail, error: null });
    }
    if (list.items.some((item) => item.id === detail.id)) {
      patchList({ items: list.items.map((item) => (item.id === detail.id ? summaryOf(detail, item) : item)) });
    }
  }

  return {
    ...initialCaseState(),

    showCases: () => {
      const user = get().session.user;
      if (!user) return;
      shown = true;
      if (get().cases.userId !== user.id) {
        patch({ userId: user.id, list: idleList(defaultFilters(user)) });
        void loadViews();
      }
      loadConfig();
      const shownList = get().cases.list;
      if (shownList.status === 'ready' && shownList.loadedKey === filtersKey(shownList.filters)) void list.refresh();
      else if (shownList.status !== 'loading') void list.load(false);
    },

    hideCases: () => {
      shown = false;
    },

    setCaseFilters: (filters) => {
      patchList({ filters });
      void list.load(false);
    },

    loadMoreCases: () => list.loadMore(),

    refreshCases: async (change) => {
      if (!get().session.token) return;
      const { open } = get().cases;
      // The open case is read again when it is the one that changed, unless the change is older than what is shown.
      // An equal version is read too: a note or a callback on the case adds to its history without
      // raising the version the procedure's actions check.
      const readCase =
        open.id !== null &&
        (change === undefined || (change.ticketId === open.id && (change.version === undefined || open.detail === null || change.version >= open.detail.case.version)));
      await Promise.all([shown ? list.refresh() : Promise.resolve(), readCase && open.id !== null ? loadCase(open.id, open.detail !== null) : Promise.resolve()]);
    },

    openCase: (id) => {
      const { open } = get().cases;
      if (open.id === id && open.detail !== null) {
        void loadCase(id, true);
        return;
      }
      void loadCase(id, false);
    },

    closeCase: () => {
      caseSeq += 1;
      patch({ open: idleCase() });
    },

    reloadCase: async () => {
      const { open } = get().cases;
      if (open.id !== null) await loadCase(open.id, open.detail !== null);
    },

    actOnCase: async (ticketId, request) => {
      let detail: ComplaintDetail;
      try {
        detail = await get().callHub((hub, token) => hub.complaintAction(token, ticketId, request));
      } catch (error) {
        const failure = actionError(error);
        if (failure.code === 'stale_version' && get().cases.open.id === ticketId) await loadCase(ticketId, true);
        throw failure;
      }
      adopt(detail);
      return detail;
    },

    uploadCaseEvidence: async (ticketId, upload, onProgress, signal) => {
      let attachment: Attachment;
      try {
        attachment = await get().callHub((hub, token) =>
          hub.uploadAttachment(token, ticketId, { id: upload.id, fileName: upload.file.name, body: upload.file }, { onProgress, ...(signal ? { signal } : {}) }),
        );
      } catch (error) {
        throw actionError(error);
      }
      // The file is listed with the case: read it again (evidence does not change its version).
      if (get().cases.open.id === ticketId) await loadCase(ticketId, true);
      return attachment;
    },

    downloadCaseEvidence: async (ticketId, attachmentId) => {
      try {
        return await get().callHub((hub, token) => hub.downloadAttachment(token, ticketId, attachmentId));
      } catch (error) {
        throw toUserFacingError(error);
      }
    },

    saveCaseView: async (name) => {
      try {
        const view = await saveView(userDb(), name, get().cases.list.filters, { now: clockOf(getStoreDeps()).now(), newId: crypto.randomUUID() });
        await loadViews();
        return view;
      } catch (error) {
        log.warn('could not save a case view', error);
        throw toUserFacingError(error);
      }
    },

    renameCaseView: async (id, name) => {
      try {
        const outcome = await renameView(userDb(), id, name, clockOf(getStoreDeps()).now());
        await loadViews();
        return outcome;
      } catch (error) {
        log.warn('could not rename a case view', error);
        throw toUserFacingError(error);
      }
    },

    deleteCaseView: async (id) => {
      try {
        await deleteView(userDb(), id);
        await loadViews();
      } catch (error) {
        log.warn('could not delete a case view', error);
        throw toUserFacingError(error);
      }
    },
  };
};
