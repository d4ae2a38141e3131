import type { StateCreator } from 'zustand';
import type { CallbackWorkItem, CallbackWorklistResponse } from '../../../shared/api/callbacks';
import type { CallbackType } from '../../../shared/api/tickets';
import type { CallbackConfig } from '../../../shared/callbacks/callback-config';
import type { AttemptOutcome } from '../../../shared/callbacks/callback-rules';
import { dialTarget } from '../../../shared/telephony/phone-number';
import { createLogger } from '../logger';
import { isHubError } from '../services/hub';
import {
  defaultWorklistFilters,
  FALLBACK_CENTER_TIME_ZONE,
  prefillOutcome,
  scriptForType,
  WORKLIST_PAGE_SIZE,
  worklistFiltersKey,
  worklistQuery,
  type WorklistFilters,
} from '../services/worklist/worklist-model';
import type { ConsoleStore } from './console-store-types';
import type { InvalidNumberReason } from './phone-slice';
import { createPagedList, idlePagedList, type PagedListState } from './paged-list';
import { clockOf, getStoreDeps } from './store-deps';
import { toUserFacingError, type UserFacingError } from './user-facing-error';

const log = createLogger('store/worklist');

/*
 * The callback worklist (回访任务): the list of tasks with its tabs, filters and pages, the row
 * actions (claim, release, call), and the calls made from a task until their attempt is recorded.
 * Nothing here is durable: the tasks live on the hub; a call's link to its task is kept in memory
 * (a reload mid-call loses the panel, and the row's "record result" action records the attempt).
 */

export type WorklistCounts = CallbackWorklistResponse['counts'];

export interface WorklistListState extends PagedListState<WorklistFilters, CallbackWorkItem> {
  /** From the last answer: the tab labels' figures. */
  counts: WorklistCounts | null;
}

/** What a row says after one of its actions did not go through. */
export type RowNotice =
  | { kind: 'no_number' }
  | { kind: 'invalid_number'; reason: InvalidNumberReason; phone: string }
  | { kind: 'already_claimed'; by: string | null }
  | { kind: 'dial_failed' }
  | { kind: 'failed'; error: UserFacingError };

/** A call made from a task: on the phone, then waiting for its attempt to be recorded. */
export interface ActiveCallbackCall {
  callId: string;
  task: CallbackWorkItem;
  /** live: on the phone; checking: ended, the task is read again; record: the attempt is to be recorded. */
  phase: 'live' | 'checking' | 'record';
  /** The call reached the phone's snapshot at least once (a dial's first snapshot can come after its id). */
  seen: boolean;
  answered: boolean;
  endCause: string | null;
  /** What the form starts with, from how the call ended and where its script stopped. */
  prefill: AttemptOutcome | null;
  /** No script in the catalog for the task's type: the call goes on without one. */
  noScript: boolean;
  /** Made when the call started: a retried send records the attempt once. */
  attemptId: string;
}

export interface CallbackSettingsState {
  config: CallbackConfig;
  timeZone: string;
}

export interface WorklistSliceState {
  worklist: {
    list: WorklistListState;
    rowNotices: Record<string, RowNotice>;
    /** Tasks with an action on its way: their buttons wait. */
    busy: Record<string, 'claim' | 'release' | 'call'>;
    /** Loaded once per login; null until the hub answered. */
    settings: CallbackSettingsState | null;
    /** By call id. */
    active: Record<string, ActiveCallbackCall>;
  };
}

export type CallTaskOutcome = { ok: true; callId: string; script: 'started' | 'none' } | { ok: false; notice: RowNotice };

export interface AttemptInput {
  /** The form's id: the same for every retry of one attempt. */
  id: string;
  outcome: AttemptOutcome;
  callLaterAt: string | null;
  note: string;
  callId: string | null;
}

/** A refused or failed send; `field` names the input the hub objected to. */
export interface WorklistActionError extends UserFacingError {
  field: string | null;
}

export interface ManualTaskInput {
  id: string;
  type: CallbackType;
  customerId: string | null;
  phone: string | null;
  dueAt: string;
  /** null: the hub decides from the customer (VIPs and key accounts high). */
  priority: 'normal' | 'high' | null;
  note: string;
}

export interface WorklistSliceActions {
  /** The pane is shown: the list (again, quietly, if it was loaded) and the settings once. */
  showWorklist(): void;
  hideWorklist(): void;
  setWorklistFilters(filters: WorklistFilters): void;
  loadMoreWorklist(): void;
  /** The list read again (the Refresh button, a push), and any active call's task that changed. */
  refreshWorklist(change?: { callbackId: string }): Promise<void>;
  /** Resolves with the task as claimed; a refusal becomes the row's notice (and the list is read again). */
  claimTask(taskId: string): Promise<CallbackWorkItem | null>;
  releaseTask(taskId: string): Promise<CallbackWorkItem | null>;
  /** Claims (if needed), dials the task's number, pops the customer and starts the survey script. */
  callTask(taskId: string): Promise<CallTaskOutcome>;
  /** Records one attempt; throws WorklistActionError. The call's panel closes when it is recorded. */
  recordAttempt(taskId: string, input: AttemptInput): Promise<CallbackWorkItem>;
  /** Throws WorklistActionError; the form keeps what was typed. */
  createManualTask(input: ManualTaskInput): Promise<CallbackWorkItem>;
  dismissRowNotice(taskId: string): void;
  /** The panel of a call closes without recording (the person records from the row later). */
  dismissActiveCall(callId: string): void;
}

export type WorklistSlice = WorklistSliceState & WorklistSliceActions;

const idleList = (): WorklistListState => ({ ...idlePagedList<WorklistFilters, CallbackWorkItem>(defaultWorklistFilters()), counts: null });

export const initialWorklistState = (): WorklistSliceState => ({
  worklist: { list: idleList(), rowNotices: {}, busy: {}, settings: null, active: {} },
});

const actionError = (error: unknown): WorklistActionError => ({ ...toUserFacingError(error), field: isHubError(error) ? (error.field ?? null) : null });

const contextTicketOf = (task: CallbackWorkItem) =>
  task.ticketId !== null ? { id: task.ticketId, ticketNo: task.ticketNo ?? '', title: task.ticketTitle ?? '', status: task.ticketStatus ?? '' } : null;

export const createWorklistSlice: StateCreator<ConsoleStore, [], [], WorklistSlice> = (set, get, api) => {
  let settingsRequested = false;
  let shown = false;
  /** Calls whose caller was chosen already: the pop is set once, and the person may change it. */
  const chosen = new Set<string>();

  const patch = (update: Partial<WorklistSliceState['worklist']>) => set({ worklist: { ...get().worklist, ...update } });
  const patchList = (update: Partial<WorklistListState>) => patch({ list: { ...get().worklist.list, ...update } });
  const now = () => clockOf(getStoreDeps()).now();
  const timeZone = () => get().worklist.settings?.timeZone ?? FALLBACK_CENTER_TIME_ZONE;
  const list = createPagedList({
    read: () => get().worklist.list,
    write: (update, page?: CallbackWorklistResponse) => patchList(page === undefined ? update : { ...update, counts: page.counts }),
    fetch: (filters: WorklistFilters, page) => get().callHub((hub, token) => hub.callbackWorklist(token, worklistQuery(filters, { now: now(), timeZone: timeZone(), ...page }))),
    key: worklistFiltersKey,
    id: (item: CallbackWorkItem) => item.id,
    pageSize: WORKLIST_PAGE_SIZE,
    refreshesIdle: true,
    what: 'the worklist',
    log,
  });

  function setNotice(taskId: string, notice: RowNotice | null): void {
    const { [taskId]: _old, ...others } = get().worklist.rowNotices;
    patch({ rowNotices: notice === null ? others : { ...others, [taskId]: notice } });
  }
  function setBusy(taskId: string, what: 'claim' | 'release' | 'call' | null): void {
    const { [taskId]: _old, ...others } = get().worklist.busy;
    patch({ busy: what === null ? others : { ...others, [taskId]: what } });
  }
  function setActive(callId: string, entry: ActiveCallbackCall | null): void {
    const { [callId]: _old, ...others } = get().worklist.active;
    patch({ active: entry === null ? others : { ...others, [callId]: entry } });
  }

  /** A task as an action left it: its row and any call's panel show it at once. */
  function adopt(task: CallbackWorkItem): void {
    const { list, active } = get().worklist;
    if (list.items.some((item) => item.id === task.id)) {
      patchList({ items: list.items.map((item) => (item.id === task.id && item.version <= task.version ? task : item)) });
    }
    const calls = Object.values(active).filter((a) => a.task.id === task.id && a.task.version <= task.version);
    if (calls.length > 0) patch({ active: { ...active, ...Object.fromEntries(calls.map((a) => [a.callId, { ...a, task }])) } });
  }

  // Another login starts afresh: the tasks and calls were the last person's.
  api.subscribe((state, previous) => {
    if (state.session.user?.id === previous.session.user?.id) return;
    list.forget();
    settingsRequested = false;
    shown = false;
    chosen.clear();
    set(initialWorklistState());
  });

  // The calls made from tasks follow the phone: the pop settles on the task's customer, and the end
  // of the call opens the attempt's form.
  api.subscribe((state, previous) => {
    const active = Object.values(state.worklist.active);
    if (active.length === 0) return;
    if (state.phone.snapshot === previous.phone.snapshot && state.customers.pops === previous.customers.pops) return;
    for (const entry of active) {
      choosePopCustomer(entry);
      if (entry.phase === 'live') followCall(entry);
    }
  });

  function choosePopCustomer(entry: ActiveCallbackCall): void {
    const customerId = entry.task.customerId;
    if (customerId === null || chosen.has(entry.callId)) return;
    const pop = get().customers.pops[entry.callId];
    if (pop?.status !== 'found') return;
    chosen.add(entry.callId);
    if (pop.chosenId !== customerId && pop.customers.some((c) => c.id === customerId)) get().chooseCaller(entry.callId, customerId);
  }

  function followCall(entry: ActiveCallbackCall): void {
    const snapshot = get().phone.snapshot;
    const call = snapshot?.calls.find((c) => c.id === entry.callId);
    if (call && call.state !== 'ended') {
      const answered = call.answeredAt !== null;
      if (!entry.seen || answered !== entry.answered) setActive(entry.callId, { ...entry, seen: true, answered });
      return;
    }
    // Not yet in the snapshot: the dial's first snapshot is on its way.
    if (!call && !entry.seen && snapshot !== null) return;
    const end = { answered: call ? call.answeredAt !== null : entry.answered, endCause: call?.endCause ?? entry.endCause };
    setActive(entry.callId, { ...entry, seen: true, ...end, phase: 'checking' });
    void afterCall(entry.callId);
  }

  /** The call is over: did the survey end the task? If not, the attempt is to be recorded. */
  async function afterCall(callId: string): Promise<void> {
    const entry = get().worklist.active[callId];
    if (!entry) return;
    const run = get().flows.runs[callId]?.run;
    const endStep = run?.status === 'completed' ? run.stepId : null;
    let task = entry.task;
    try {
      task = await get().callHub((hub, token) => hub.getCallback(token, entry.task.id));
      adopt(task);
    } catch (error) {
      // The form still works: the hub refuses an attempt on a task that has ended, and says so.
      log.warn(`could not read callback ${entry.task.id} after its call`, error);
    }
    const current = get().worklist.active[callId];
    if (!current) return;
    if (task.status !== 'pending') {
      setActive(callId, null);
      void list.refresh();
      return;
    }
    setActive(callId, { ...current, task, phase: 'record', prefill: prefillOutcome({ answered: current.answered, endCause: current.endCause }, endStep) });
  }

  function loadSettings(): void {
    if (settingsRequested) return;
    settingsRequested = true;
    get()
      .callHub((hub, token) => hub.callbackSettings(token))
      .then(
        (answer) => patch({ settings: answer }),
        (error: unknown) => {
          settingsRequested = false;
          log.warn('could not read the callback configuration', error);
        },
      );
  }

  const findTask = (taskId: string): CallbackWorkItem | undefined =>
    get().worklist.list.items.find((item) => item.id === taskId) ?? Object.values(get().worklist.active).find((a) => a.task.id === taskId)?.task;

  /** Claimed by someone else: say who, from the task as it now is, and show the list as it now is. */
  async function claimedByOther(taskId: string, error: unknown): Promise<RowNotice> {
    let by: string | null;
    try {
      const task = await get().callHub((hub, token) => hub.getCallback(token, taskId));
      by = task.assigneeName ?? task.assignee;
    } catch (readError) {
      log.info(`could not read callback ${taskId} to say who claimed it`, readError);
      by = isHubError(error) ? error.message : null;
    }
    void list.refresh();
    return { kind: 'already_claimed', by };
  }

  async function claim(taskId: string): Promise<{ ok: true; task: CallbackWorkItem } | { ok: false; notice: RowNotice }> {
    try {
      const task = await get().callHub((hub, token) => hub.claimCallback(token, taskId));
      adopt(task);
      return { ok: true, task };
    } catch (error) {
      if (isHubError(error) && error.code === 'already_claimed') return { ok: false, notice: await claimedByOther(taskId, error) };
      log.warn(`could not claim callback ${taskId}`, error);
      return { ok: false, notice: { kind: 'failed', error: toUserFacingError(error) } };
    }
  }

  return {
    ...initialWorklistState(),

    showWorklist: () => {
      if (!get().session.user) return;
      shown = true;
      loadSettings();
      void list.refresh();
    },

    hideWorklist: () => {
      shown = false;
    },

    setWorklistFilters: (filters) => {
      patchList({ filters });
      void list.load(false);
    },

    loadMoreWorklist: () => list.loadMore(),

    refreshWorklist: async (change) => {
      if (!get().session.token) return;
      const reads: Promise<unknown>[] = [];
      if (shown || change === undefined) reads.push(list.refresh());
      // A survey delivered after the call ended closes the call's form.
      for (const entry of Object.values(get().worklist.active)) {
        if (change !== undefined && entry.task.id === change.callbackId && entry.phase === 'record') reads.push(afterCall(entry.callId));
      }
      await Promise.all(reads);
    },

    claimTask: async (taskId) => {
      setNotice(taskId, null);
      setBusy(taskId, 'claim');
      const result = await claim(taskId);
      setBusy(taskId, null);
      if (!result.ok) {
        setNotice(taskId, result.notice);
        return null;
      }
      void list.refresh();
      return result.task;
    },

    releaseTask: async (taskId) => {
      setNotice(taskId, null);
      setBusy(taskId, 'release');
      try {
        const task = await get().callHub((hub, token) => hub.releaseCallback(token, taskId));
        adopt(task);
        void list.refresh();
        return task;
      } catch (error) {
        log.warn(`could not release callback ${taskId}`, error);
        setNotice(taskId, { kind: 'failed', error: toUserFacingError(error) });
        return null;
      } finally {
        setBusy(taskId, null);
      }
    },

    callTask: async (taskId) => {
      const fail = (notice: RowNotice): CallTaskOutcome => {
        setNotice(taskId, notice);
        return { ok: false, notice };
      };
      setNotice(taskId, null);
      let task = findTask(taskId);
      const me = get().session.user?.username;
      if (!task || !me) return fail({ kind: 'failed', error: { code: 'unexpected', message: `callback ${taskId} is not in the list`, retryAfterSeconds: null } });
      // The number first: a task that cannot be dialled is neither claimed nor dialled.
      if (task.phone === null || task.phone.trim() === '') return fail({ kind: 'no_number' });
      const target = dialTarget(task.phone);
      if (target.kind === 'invalid') return fail({ kind: 'invalid_number', reason: target.reason, phone: task.phone });

      setBusy(taskId, 'call');
      try {
        if (task.assignee !== me) {
          const claimed = await claim(taskId);
          if (!claimed.ok) return fail(claimed.notice);
          task = claimed.task;
        }
        const dialled = await get().dial(task.phone ?? '');
        if (!dialled.ok) {
          return fail(dialled.invalid !== null ? { kind: 'invalid_number', reason: dialled.invalid, phone: task.phone ?? '' } : { kind: 'dial_failed' });
        }
        const { callId } = dialled;
        const script = scriptForType(get().flows.catalog, task.type);
        setActive(callId, {
          callId,
          task,
          phase: 'live',
          seen: false,
          answered: false,
          endCause: null,
          prefill: null,
          noScript: script === null,
          attemptId: crypto.randomUUID(),
        });
        // The call's record names its task from the first moment, so the survey can be kept with it.
        get()
          .recordCallScript(callId, { callback: { taskId: task.id, type: task.type, survey: null } })
          .catch((error: unknown) => log.warn('could not link the call log to its callback task', error));
        if (task.customerId !== null) {
          get().chooseCaller(callId, task.customerId);
          choosePopCustomer(get().worklist.active[callId]!);
        }
        if (script !== null) {
          // The survey script records the customer's verdict on this task.
          await get().startFlow(callId, script.id, { contextTicket: contextTicketOf(task), callbackTaskId: task.id });
        }
        void list.refresh();
        return { ok: true, callId, script: script === null ? 'none' : 'started' };
      } finally {
        setBusy(taskId, null);
      }
    },

    recordAttempt: async (taskId, input) => {
      let task: CallbackWorkItem;
      try {
        task = await get().callHub((hub, token) =>
          hub.recordCallbackAttempt(token, taskId, { id: input.id, outcome: input.outcome, callId: input.callId, callLaterAt: input.callLaterAt, note: input.note }),
        );
      } catch (error) {
        throw actionError(error);
      }
      adopt(task);
      for (const entry of Object.values(get().worklist.active)) if (entry.task.id === taskId) setActive(entry.callId, null);
      void list.refresh();
      return task;
    },

    createManualTask: async (input) => {
      let task: CallbackWorkItem;
      try {
        task = await get().callHub((hub, token) =>
          hub.createManualCallback(token, {
            id: input.id,
            type: input.type,
            customerId: input.customerId,
            phone: input.phone,
            dueAt: input.dueAt,
            ...(input.priority !== null ? { priority: input.priority } : {}),
            note: input.note,
          }),
        );
      } catch (error) {
        throw actionError(error);
      }
      void list.refresh();
      return task;
    },

    dismissRowNotice: (taskId) => setNotice(taskId, null),

    dismissActiveCall: (callId) => {
      chosen.delete(callId);
      setActive(callId, null);
    },
  };
};
