import type { StateCreator, StoreApi } from 'zustand';
import { createLogger } from '../logger';
import { createCallLogRecorder, type CallLogRecorder } from '../services/call-log/call-log-recorder';
import { createCallLogUploader, type CallLogUploader, type UploadStatus } from '../services/call-log/call-log-uploader';
import { deleteWrapUpDraft, saveWrapUpDraft, setDraftDisposition, type WrapUpDraft } from '../services/call-log/call-log-queries';
import type { ScriptPatch, WrapUpPatch } from '../services/call-log/call-log-model';
import { dispositionOptions, wrapUpGaps, type WrapUpGap } from '../services/call-log/wrap-up-gate';
import { currentRunOfCall } from '../services/flows/flow-run-store';
import type { AppDb, LocalCallLog } from '../services/local-db/app-db';
import type { PhoneSnapshot } from '../services/sip/phone-types';
import { isQuotaError, pruneUploaded, requestPersistence, storageInfo, type StorageInfo } from '../services/local-db/storage';
import { pruneUploadedRecordings } from '../services/recording';
import type { ConsoleStore } from './console-store-types';
import { takesCalls } from './phone-slice';
import { clockOf, getStoreDeps, randomOf } from './store-deps';
import { wrapUpIncomplete, type WrapUpIncomplete } from './user-facing-error';

const log = createLogger('store/call-log');

/** Uploaded records are kept this long on the PC for the agent's history; the hub keeps them for good. */
export const DEFAULT_LOCAL_RETENTION_DAYS = 30;
const PRUNE_EVERY_MS = 6 * 60 * 60 * 1000;
const STORAGE_INFO_EVERY_MS = 60_000;

/**
 * `quota`: the disk is full, new changes are not being saved; `unavailable`: IndexedDB cannot be
 * opened at all (private window, blocked by policy); `write_failed`: some other write error.
 */
export type CallLogErrorCode = 'quota' | 'unavailable' | 'write_failed';

export interface CallLogSliceState {
  callLog: {
    status: 'off' | 'opening' | 'ready' | 'failed';
    error: { code: CallLogErrorCode; detail: string } | null;
    upload: UploadStatus;
    storage: StorageInfo | null;
    /** Calls found still live at start-up (the console died mid-call), now marked interrupted. */
    recovered: number;
    /** How many days uploaded records stay on this PC. */
    retentionDays: number;
    /** The last Finish or Ready refused because a call's wrap-up is incomplete; cleared when it goes through. */
    wrapUpError: WrapUpIncomplete | null;
  };
}

export interface CallLogSliceActions {
  /** After login, for a role that takes calls; called by the session slice. */
  startCallLog(): Promise<void>;
  stopCallLog(): Promise<void>;
  /** The phone's last word at logout (calls it hung up), which no longer reaches the store. */
  recordFinalSnapshot(snapshot: PhoneSnapshot): void;
  /** The open database, for the screens' live queries; null when signed out or not opened. */
  callLogDb(): AppDb | null;
  saveWrapUpDraft(callId: string, draft: WrapUpDraft): Promise<void>;
  /**
   * Saves disposition and notes and marks the call wrapped up; the agent becomes ready if they were
   * wrapping it up. Refused (null, with `wrapUpError` saying what is missing) while the disposition
   * is required and not chosen, or the call's script is still running.
   */
  finishWrapUp(callId: string, patch: WrapUpPatch): Promise<LocalCallLog | null>;
  /**
   * What a call's wrap-up still lacks, from what is saved on this PC (with `patch` as if saved): the
   * disposition (when the center requires one) and a script still running. Empty when it may end.
   */
  checkWrapUp(callId: string, patch?: WrapUpPatch): Promise<WrapUpGap[]>;
  /** Records a refusal of the wrap-up's end (Ready refused), or clears it (null). */
  setWrapUpError(error: WrapUpIncomplete | null): void;
  /** The call's script on its record: flow, answers, tickets, `script_*` / `recording_*` events. */
  recordCallScript(callId: string, patch: ScriptPatch): Promise<void>;
  /** The disposition chosen for the agent (a script's `set_disposition`), notes kept; false when it could not be saved. */
  setCallDisposition(callId: string, dispositionCode: string): Promise<boolean>;
  /** The screen pop settled on a customer for this call: the call log says who the caller was. */
  linkCallCustomer(callId: string, customerId: string): Promise<void>;
  uploadCallLogsNow(): void;
  requeueCallLog(id: string): Promise<void>;
  dismissCallLogError(): void;
}

export type CallLogSlice = CallLogSliceState & CallLogSliceActions;

export const initialUploadStatus = (): UploadStatus => ({
  state: 'idle',
  pending: 0,
  rejected: 0,
  progress: null,
  lastError: null,
  nextAttemptAt: null,
  lastUploadAt: null,
});

export const initialCallLogState = (): CallLogSliceState => ({
  callLog: {
    status: 'off',
    error: null,
    upload: initialUploadStatus(),
    storage: null,
    recovered: 0,
    retentionDays: DEFAULT_LOCAL_RETENTION_DAYS,
    wrapUpError: null,
  },
});

interface Running {
  /** The login it belongs to. */
  token: string | null;
  db: AppDb;
  recorder: CallLogRecorder;
  uploader: CallLogUploader;
  stop(): void;
  /** Resolves once stopCallLog() has closed it. */
  closed: Promise<void>;
  markClosed(): void;
}

export const createCallLogSlice: StateCreator<ConsoleStore, [], [], CallLogSlice> = (set, get, api: StoreApi<ConsoleStore>) => {
  let running: Running | null = null;
  let generation = 0;

  const patch = (p: Partial<CallLogSliceState['callLog']>) => set({ callLog: { ...get().callLog, ...p } });
  /** The running call log if it is this login's: a previous login's, still closing, is not shown or changed. */
  const current = (): Running | null => (running && running.token === get().session.token ? running : null);

  function reportWriteError(error: unknown): void {
    const quota = isQuotaError(error);
    log.error(quota ? 'the disk is full: a call log change was not saved' : 'a call log change was not saved', error);
    patch({ error: { code: quota ? 'quota' : 'write_failed', detail: error instanceof Error ? error.message : String(error) } });
  }

  async function open(userId: string, token: string | null, mine: number): Promise<void> {
    const deps = getStoreDeps();
    const clock = clockOf(deps);
    const db = deps.openAppDb(userId);
    try {
      await db.open();
    } catch (error) {
      log.error('the local database cannot be opened', error);
      if (mine === generation) patch({ status: 'failed', error: { code: isQuotaError(error) ? 'quota' : 'unavailable', detail: error instanceof Error ? error.message : String(error) } });
      db.close();
      return;
    }
    if (mine !== generation) {
      db.close();
      return;
    }

    const uploader = createCallLogUploader({
      db,
      clock,
      random: randomOf(deps),
      send: (records) => get().callHub((hub, token) => hub.uploadCallLogs(token, { records })),
      onStatus: (upload) => {
        if (mine === generation) patch({ upload });
      },
    });
    const recorder = createCallLogRecorder({
      db,
      clock,
      onError: reportWriteError,
      onWritten: () => {
        // A write went through: a full disk is no longer the story.
        if (get().callLog.error?.code === 'quota' || get().callLog.error?.code === 'write_failed') patch({ error: null });
        uploader.trigger();
      },
    });

    // Snapshots reach the recorder through the store, so the phone knows nothing of the call log.
    let lastSnapshot = get().phone.snapshot;
    let online = lastSnapshot?.online ?? true;
    if (lastSnapshot) recorder.observe(lastSnapshot);
    const unsubscribe = api.subscribe((state) => {
      const snapshot = state.phone.snapshot;
      if (!snapshot || snapshot === lastSnapshot) return;
      lastSnapshot = snapshot;
      recorder.observe(snapshot);
      if (snapshot.online && !online) uploader.retryNow();
      online = snapshot.online;
    });

    const refreshStorage = async (persisted: boolean | null) => {
      const info = await storageInfo(deps.storage, persisted);
      if (mine === generation) patch({ storage: info });
    };
    const prune = async () => {
      try {
        const removed = await pruneUploaded(db, get().callLog.retentionDays, clock.now());
        if (removed > 0) log.info(`removed ${removed} uploaded call log(s) older than ${get().callLog.retentionDays} days from this PC`);
        await pruneUploadedRecordings(db, get().callLog.retentionDays, clock.now());
      } catch (error) {
        log.warn('could not prune old call logs', error);
      }
    };
    let persisted: boolean | null = null;
    const storageTimer = clock.setInterval(() => void refreshStorage(persisted), STORAGE_INFO_EVERY_MS);
    const pruneTimer = clock.setInterval(() => void prune(), PRUNE_EVERY_MS);

    let markClosed: () => void = () => undefined;
    const closed = new Promise<void>((resolve) => (markClosed = resolve));
    running = {
      token,
      db,
      recorder,
      uploader,
      closed,
      markClosed,
      stop() {
        unsubscribe();
        recorder.stop();
        uploader.stop();
        clock.clearInterval(storageTimer);
        clock.clearInterval(pruneTimer);
      },
    };
    patch({ status: 'ready' });
    // Recording needs the database open; it stops before the database closes (stopCallLog).
    get()
      .startRecording()
      .catch((error: unknown) => log.error('call recording did not start', error));

    const recovered = await recorder.recovered;
    if (mine !== generation) return;
    if (recovered > 0) {
      log.warn(`${recovered} call(s) were still live when the console last stopped; marked interrupted`);
      patch({ recovered });
    }
    persisted = await requestPersistence(deps.storage);
    await refreshStorage(persisted);
    await prune();
  }

  return {
    ...initialCallLogState(),

    startCallLog: async () => {
      const { user, token } = get().session;
      if (!user || !takesCalls(user.role)) return;
      if (running) {
        if (running.token === token) return;
        // The call log of the previous login is still open: its logout waits for the phone to hang
        // up, then writes those hang-ups and closes it (session slice). This login's opens after
        // that, so that its start-up does not take those calls for crashed ones, and so that the
        // old login's late stopCallLog() closes the old call log, not this one.
        generation += 1;
        patch({ ...initialCallLogState().callLog, status: 'opening' });
        await running.closed;
        if (running || get().session.token !== token) return;
      }
      generation += 1;
      patch({ ...initialCallLogState().callLog, status: 'opening' });
      await open(user.id, token, generation);
    },

    stopCallLog: async () => {
      generation += 1;
      const closing = running;
      running = null;
      set(initialCallLogState());
      if (!closing) return;
      // What the recorder was writing lands before the database closes; pending records stay for the next login.
      try {
        await get()
          .stopRecording()
          .catch((error: unknown) => log.error('call recording did not stop cleanly', error));
        await closing.recorder.flush();
        closing.stop();
        await closing.uploader.idle();
      } finally {
        closing.db.close();
        closing.markClosed();
      }
    },

    // The phone's last word belongs to the login whose phone it was, even once a new one has begun.
    recordFinalSnapshot: (snapshot) => running?.recorder.observe(snapshot),

    callLogDb: () => current()?.db ?? null,

    saveWrapUpDraft: async (callId, draft) => {
      const db = current()?.db;
      if (!db) return;
      try {
        await saveWrapUpDraft(db, callId, draft, clockOf(getStoreDeps()).now());
      } catch (error) {
        reportWriteError(error);
      }
    },

    linkCallCustomer: async (callId, customerId) => {
      await current()?.recorder.linkCustomer(callId, customerId);
    },

    finishWrapUp: async (callId, wrapUp) => {
      const mine = current();
      if (!mine) return null;
      const missing = await get().checkWrapUp(callId, wrapUp);
      if (missing.length > 0) {
        log.info(`wrap-up of call ${callId} refused: ${missing.join(', ')} missing`);
        patch({ wrapUpError: wrapUpIncomplete(callId, missing) });
        return null;
      }
      const record = await mine.recorder.finishWrapUp(callId, wrapUp);
      if (!record) return null;
      if (get().callLog.wrapUpError?.callId === callId) patch({ wrapUpError: null });
      try {
        await deleteWrapUpDraft(mine.db, callId);
      } catch (error) {
        log.warn('could not delete the wrap-up draft', error);
      }
      get().closeFlowRun(callId);
      const availability = get().agent.model.availability;
      if (availability.kind === 'wrap_up' && availability.callId === callId) get().setReady();
      return record;
    },

    checkWrapUp: async (callId, wrapUp) => {
      const mine = current();
      // Without the local database nothing can be saved, so nothing can be waited for either:
      // refusing would keep the agent off the phones for a fault that is not theirs.
      if (!mine) return [];
      const [record, run] = await Promise.all([mine.db.callLogs.get(callId), currentRunOfCall(mine.db, callId)]);
      const phone = get().phone;
      const dispositionCode = wrapUp?.dispositionCode !== undefined ? wrapUp.dispositionCode : (record?.wrapUp.dispositionCode ?? null);
      return wrapUpGaps({
        // A call that never connected has nothing to dispose of.
        dispositionRequired: phone.dispositionRequired && record !== undefined && record.answeredAt !== null,
        offered: dispositionOptions(phone, record?.ivrChoice ?? null),
        dispositionCode,
        scriptStatus: run?.status ?? null,
      });
    },

    setWrapUpError: (error) => patch({ wrapUpError: error }),

    recordCallScript: async (callId, script) => {
      await current()?.recorder.recordScript(callId, script);
    },

    setCallDisposition: async (callId, dispositionCode) => {
      const mine = current();
      if (!mine) return false;
      const record = await mine.recorder.setWrapUp(callId, { dispositionCode });
      if (!record) return false;
      try {
        await setDraftDisposition(mine.db, callId, dispositionCode, clockOf(getStoreDeps()).now());
      } catch (error) {
        log.warn('could not put the disposition into the wrap-up form', error);
      }
      return true;
    },

    uploadCallLogsNow: () => current()?.uploader.retryNow(),

    requeueCallLog: async (id) => {
      await current()?.uploader.requeue(id);
    },

    dismissCallLogError: () => patch({ error: null }),
  };
};

