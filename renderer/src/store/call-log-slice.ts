import type { StateCreator, StoreApi } from 'zustand';
import { createLogger } from '../logger';
import { createCallLogRecorder, type CallLogRecorder } from '../services/call-log/call-log-recorder';
import { createCallLogUploader, type CallLogUploader, type UploadStatus } from '../services/call-log/call-log-uploader';
import { deleteWrapUpDraft, saveWrapUpDraft, type WrapUpDraft } from '../services/call-log/call-log-queries';
import type { WrapUpPatch } from '../services/call-log/call-log-model';
import type { AppDb, LocalCallLog } from '../services/local-db/app-db';
import type { PhoneSnapshot } from '../services/sip/phone-types';
import { DAY_MS, isQuotaError, pruneUploaded, requestPersistence, storageInfo, type StorageInfo } from '../services/local-db/storage';
import type { ConsoleStore } from './console-store-types';
import { takesCalls } from './phone-slice';
import { clockOf, getStoreDeps, randomOf } from './store-deps';

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
  /** Saves disposition and notes and marks the call wrapped up; the agent becomes ready if they were wrapping it up. */
  finishWrapUp(callId: string, patch: WrapUpPatch): Promise<LocalCallLog | null>;
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
  },
});

interface Running {
  db: AppDb;
  recorder: CallLogRecorder;
  uploader: CallLogUploader;
  stop(): void;
}

export const createCallLogSlice: StateCreator<ConsoleStore, [], [], CallLogSlice> = (set, get, api: StoreApi<ConsoleStore>) => {
  let running: Running | null = null;
  let generation = 0;

  const patch = (p: Partial<CallLogSliceState['callLog']>) => set({ callLog: { ...get().callLog, ...p } });

  function reportWriteError(error: unknown): void {
    const quota = isQuotaError(error);
    log.error(quota ? 'the disk is full: a call log change was not saved' : 'a call log change was not saved', error);
    patch({ error: { code: quota ? 'quota' : 'write_failed', detail: error instanceof Error ? error.message : String(error) } });
  }

  async function open(userId: string, mine: number): Promise<void> {
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
      } catch (error) {
        log.warn('could not prune old call logs', error);
      }
    };
    let persisted: boolean | null = null;
    const storageTimer = clock.setInterval(() => void refreshStorage(persisted), STORAGE_INFO_EVERY_MS);
    const pruneTimer = clock.setInterval(() => void prune(), PRUNE_EVERY_MS);

    running = {
      db,
      recorder,
      uploader,
      stop() {
        unsubscribe();
        recorder.stop();
        uploader.stop();
        clock.clearInterval(storageTimer);
        clock.clearInterval(pruneTimer);
      },
    };
    patch({ status: 'ready' });

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
      const user = get().session.user;
      if (!user || !takesCalls(user.role) || running) return;
      generation += 1;
      patch({ ...initialCallLogState().callLog, status: 'opening' });
      await open(user.id, generation);
    },

    stopCallLog: async () => {
      generation += 1;
      const current = running;
      running = null;
      set(initialCallLogState());
      if (!current) return;
      // What the recorder was writing lands before the database closes; pending records stay for the next login.
      await current.recorder.flush();
      current.stop();
      await current.uploader.idle();
      current.db.close();
    },

    recordFinalSnapshot: (snapshot) => running?.recorder.observe(snapshot),

    callLogDb: () => running?.db ?? null,

    saveWrapUpDraft: async (callId, draft) => {
      const db = running?.db;
      if (!db) return;
      try {
        await saveWrapUpDraft(db, callId, draft, clockOf(getStoreDeps()).now());
      } catch (error) {
        reportWriteError(error);
      }
    },

    finishWrapUp: async (callId, wrapUp) => {
      const current = running;
      if (!current) return null;
      const record = await current.recorder.finishWrapUp(callId, wrapUp);
      if (!record) return null;
      try {
        await deleteWrapUpDraft(current.db, callId);
      } catch (error) {
        log.warn('could not delete the wrap-up draft', error);
      }
      const availability = get().agent.model.availability;
      if (availability.kind === 'wrap_up' && availability.callId === callId) get().setReady();
      return record;
    },

    uploadCallLogsNow: () => running?.uploader.retryNow(),

    requeueCallLog: async (id) => {
      await running?.uploader.requeue(id);
    },

    dismissCallLogError: () => patch({ error: null }),
  };
};

export { DAY_MS };
