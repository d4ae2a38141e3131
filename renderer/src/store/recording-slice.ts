import type { StateCreator, StoreApi } from 'zustand';
import type { RecordingPause } from '../../../shared/api/recordings';
import { createLogger } from '../logger';
import { initialRecordingUploadStatus, pruneUploadedRecordings, type RecordingUploadStatus } from '../services/recording';
import type { ConsoleStore } from './console-store-types';
import { takesCalls } from './phone-slice';
import { startRecordingController, type CallRecordingView, type RecordingController } from './recording-controller';
import { clockOf, getStoreDeps, randomOf } from './store-deps';

export type { CallRecordingView } from './recording-controller';

const log = createLogger('store/recording');

export interface RecordingSliceState {
  recording: {
    /** `off`: signed out, a role that takes no calls, or no recording in this browser. */
    status: 'off' | 'ready';
    /** Per call being recorded (or whose recording could not start), by call id. */
    calls: Record<string, CallRecordingView>;
    upload: RecordingUploadStatus;
    /** Recordings cut off by a crash at the last run, found at start-up and uploaded as they are. */
    recovered: number;
    /** A chunk could not be saved: `quota` (the disk is full) or `write_failed`. */
    error: 'quota' | 'write_failed' | null;
  };
}

export interface RecordingSliceActions {
  /** Once the user's database is open (the call log slice calls it); for roles that take calls. */
  startRecording(): Promise<void>;
  /** Ends every recording (last chunks written) and the upload in flight, before the database closes. */
  stopRecording(): Promise<void>;
  /**
   * Silences the call's recording from now on, for `reason` (银行卡号…), and writes `recording_paused`
   * into its call log. True when a recorder was silenced; false when already paused or not recorded
   * (the event is still written then, unless already paused).
   */
  pauseRecording(callId: string, reason: string, source?: RecordingPause['source']): Promise<boolean>;
  /** Sound again, and `recording_resumed` in the call log. */
  resumeRecording(callId: string, source?: RecordingPause['source']): Promise<boolean>;
  /** A failed upload (refused by the hub) queued again. */
  retryRecordingUpload(callId: string): Promise<void>;
  uploadRecordingsNow(): void;
}

export type RecordingSlice = RecordingSliceState & RecordingSliceActions;

export const initialRecordingState = (): RecordingSliceState => ({
  recording: { status: 'off', calls: {}, upload: initialRecordingUploadStatus(), recovered: 0, error: null },
});

export const createRecordingSlice: StateCreator<ConsoleStore, [], [], RecordingSlice> = (set, get, api: StoreApi<ConsoleStore>) => {
  let controller: RecordingController | null = null;
  let closing: Promise<void> | null = null;
  let generation = 0;

  const patch = (p: Partial<RecordingSliceState['recording']>) => set({ recording: { ...get().recording, ...p } });

  return {
    ...initialRecordingState(),

    startRecording: async () => {
      const deps = getStoreDeps();
      const db = get().callLogDb();
      const user = get().session.user;
      if (!deps.recording || !db || !user || !takesCalls(user.role)) return;
      if (controller || closing) await get().stopRecording();
      generation += 1;
      const mine = generation;
      const clock = clockOf(deps);
      let started: RecordingController;
      try {
        started = await startRecordingController({
          get,
          subscribe: (listener) => api.subscribe(listener),
          setCall: (callId, view) => {
            if (mine !== generation) return;
            const calls = { ...get().recording.calls };
            if (view) calls[callId] = view;
            else delete calls[callId];
            patch({ calls });
          },
          setUpload: (upload) => {
            if (mine === generation) patch({ upload });
          },
          setError: (error) => {
            if (mine === generation) patch({ error: error as RecordingSliceState['recording']['error'] });
          },
          deps: deps.recording,
          db,
          clock,
          random: randomOf(deps),
          user,
        });
      } catch (error) {
        log.error('call recording did not start', error);
        return;
      }
      if (mine !== generation) {
        await started.stop();
        return;
      }
      controller = started;
      patch({ status: 'ready', recovered: started.recovered });
      try {
        await pruneUploadedRecordings(db, get().callLog.retentionDays, clock.now());
      } catch (error) {
        log.warn('could not prune old recordings', error);
      }
    },

    stopRecording: async () => {
      generation += 1;
      const stopping = controller;
      controller = null;
      set(initialRecordingState());
      if (stopping) closing = stopping.stop().finally(() => (closing = null));
      await closing;
    },

    pauseRecording: async (callId, reason, source = 'manual') => (controller ? controller.pause(callId, reason, source) : legacyEvent(callId, 'recording_paused', reason, source)),

    resumeRecording: async (callId, source = 'manual') => (controller ? controller.resume(callId, source) : legacyEvent(callId, 'recording_resumed', null, source)),

    retryRecordingUpload: async (callId) => {
      await controller?.retry(callId);
    },

    uploadRecordingsNow: () => controller?.uploadNow(),
  };

  /** Without recording (no MediaRecorder here, or not started yet) a script's pause is still noted on the call. */
  async function legacyEvent(callId: string, type: 'recording_paused' | 'recording_resumed', reason: string | null, source: RecordingPause['source']): Promise<boolean> {
    const at = clockOf(getStoreDeps()).now();
    await get().recordCallScript(callId, { events: [{ type, at, detail: { ...(reason !== null ? { reason } : {}), source } }] });
    return false;
  }
};
