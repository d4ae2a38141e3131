import type { User } from '../../../shared/api/auth';
import type { RecordingPause } from '../../../shared/api/recordings';
import { createLogger } from '../logger';
import type { AppDb } from '../services/local-db/app-db';
import { isQuotaError } from '../services/local-db/storage';
import {
  createRecordingUploader,
  planRecordings,
  putRecordingAnalysis,
  recordingUploadEndpoint,
  recoverInterrupted,
  startCallRecorder,
  type CallRecorder,
  type RecordingUploader,
  type RecordingUploadStatus,
} from '../services/recording';
import type { PhoneSnapshot } from '../services/sip/phone-types';
import type { ConsoleStore } from './console-store-types';
import type { Clock, RecordingStoreDeps } from './store-deps';

const log = createLogger('store/recording');

/** A call's recording as the call card shows it. */
export interface CallRecordingView {
  state: 'starting' | 'recording' | 'paused' | 'failed';
  /** ms since epoch of the last change. */
  since: number;
  /** While paused: why, and who asked (the agent, or the call's script). */
  reason: string | null;
  source: RecordingPause['source'] | null;
  /** While failed: what went wrong, for the tooltip and the log. */
  error: string | null;
}

export interface RecordingControllerHost {
  get(): ConsoleStore;
  subscribe(listener: (state: ConsoleStore) => void): () => void;
  setCall(callId: string, view: CallRecordingView | null): void;
  setUpload(status: RecordingUploadStatus): void;
  setError(message: string | null): void;
  deps: RecordingStoreDeps;
  db: AppDb;
  clock: Clock;
  random: () => number;
  user: User;
}

export interface RecordingController {
  /** Recordings cut off by a crash at the last run, now finished and queued. */
  readonly recovered: number;
  pause(callId: string, reason: string, source: RecordingPause['source']): Promise<boolean>;
  resume(callId: string, source: RecordingPause['source']): Promise<boolean>;
  retry(callId: string): Promise<void>;
  uploadNow(): void;
  /** Ends every recording (the last chunks written) and the upload in flight; the database stays open. */
  stop(): Promise<void>;
}

/**
 * One login's call recording, outside React: the phone's snapshots say which calls are connected
 * (recording-policy.ts); each gets a recorder on the phone's streams, ended when the call ends; the
 * uploader sends what is finished. Pauses silence the recorder and go into the call log as events.
 */
export async function startRecordingController(host: RecordingControllerHost): Promise<RecordingController> {
  const { db, clock, deps, user } = host;
  const recorders = new Map<string, CallRecorder>();
  /** Calls whose recorder is being started, with a pause asked for meanwhile (a script's, at once). */
  const starting = new Map<string, { reason: string; source: RecordingPause['source'] } | null>();
  const seen = new Set<string>();
  const stopping = new Set<Promise<void>>();
  const startups = new Set<Promise<void>>();
  let stopped = false;

  const recovered = (await recoverInterrupted(db, clock.now())).length;
  if (recovered > 0) log.warn(`${recovered} recording(s) were cut off when the console last stopped; they are uploaded as they are`);

  const uploader: RecordingUploader = createRecordingUploader({
    db,
    clock,
    random: host.random,
    endpoint: () => (host.get().session.token ? recordingUploadEndpoint(host.get().session.hubUrl) : null),
    token: () => host.get().session.token,
    createUpload: deps.createUpload,
    putAnalysis: async (callId, analysis) => {
      const { token, hubUrl } = host.get().session;
      if (!token) throw new Error('Not signed in.');
      await putRecordingAnalysis(deps.fetch, hubUrl, token, callId, analysis);
    },
    onStatus: (status) => {
      if (!stopped) host.setUpload(status);
    },
  });

  const by = () => ({ userId: user.id, name: user.displayName || user.username });
  const view = (state: CallRecordingView['state'], patch: Partial<CallRecordingView> = {}): CallRecordingView => ({
    state,
    since: clock.now(),
    reason: null,
    source: null,
    error: null,
    ...patch,
  });

  function onWriteError(error: unknown): void {
    host.setError(isQuotaError(error) ? 'quota' : 'write_failed');
  }

  async function startFor(callId: string): Promise<void> {
    seen.add(callId);
    starting.set(callId, null);
    host.setCall(callId, view('starting'));
    const media = host.get().phoneCallMedia(callId);
    if (!media) {
      starting.delete(callId);
      host.setCall(callId, view('failed', { error: 'The call has no audio to record.' }));
      return;
    }
    let recorder: CallRecorder;
    try {
      recorder = await startCallRecorder({ callId, media, db, deps: deps.media, clock, log, onWriteError });
    } catch (error) {
      starting.delete(callId);
      log.error(`the recording of call ${callId} did not start`, error);
      if (!stopped) host.setCall(callId, view('failed', { error: error instanceof Error ? error.message : String(error) }));
      return;
    }
    const pending = starting.get(callId) ?? null;
    starting.delete(callId);
    recorders.set(callId, recorder);
    if (!stopped) host.setCall(callId, view('recording'));
    if (pending) await pauseRecorder(recorder, pending.reason, pending.source);
    // The call may have ended while the recorder was starting.
    if (stopped || planRecordings(host.get().phone.snapshot, new Set([callId]), seen).stop.includes(callId)) stopFor(callId);
  }

  function stopFor(callId: string): void {
    const recorder = recorders.get(callId);
    if (!recorder) return;
    recorders.delete(callId);
    const done = recorder
      .stop()
      .catch((error: unknown) => log.error(`the recording of call ${callId} did not end cleanly`, error))
      .then(() => {
        stopping.delete(done);
        if (!stopped) {
          host.setCall(callId, null);
          uploader.trigger();
        }
      });
    stopping.add(done);
  }

  async function pauseRecorder(recorder: CallRecorder, reason: string, source: RecordingPause['source']): Promise<boolean> {
    const pause = await recorder.pause(reason, source, by());
    if (!pause) return false;
    if (!stopped) host.setCall(recorder.callId, view('paused', { reason: pause.reason, source }));
    return true;
  }

  let lastSnapshot: PhoneSnapshot | null | undefined;
  let online = true;
  function observe(state: ConsoleStore): void {
    const snapshot = state.phone.snapshot;
    if (stopped || snapshot === lastSnapshot) return;
    lastSnapshot = snapshot;
    if (snapshot && snapshot.online && !online) uploader.retryNow();
    online = snapshot?.online ?? online;
    const active = new Set([...recorders.keys(), ...starting.keys()]);
    const plan = planRecordings(snapshot, active, seen);
    for (const callId of plan.stop) if (recorders.has(callId)) stopFor(callId);
    for (const callId of plan.start) {
      const startup: Promise<void> = startFor(callId).finally(() => startups.delete(startup));
      startups.add(startup);
    }
  }

  const unsubscribeStore = host.subscribe(observe);
  const unsubscribeMedia = host.get().subscribeCallMedia((callId) => {
    const recorder = recorders.get(callId);
    const media = host.get().phoneCallMedia(callId);
    if (recorder && media) recorder.rewire(media);
  });
  observe(host.get());

  const logEvent = (callId: string, type: 'recording_paused' | 'recording_resumed', detail: Record<string, string>) =>
    host
      .get()
      .recordCallScript(callId, { events: [{ type, at: clock.now(), detail }] })
      .catch((error: unknown) => log.warn(`the ${type} event of call ${callId} was not written`, error));

  return {
    recovered,

    async pause(callId, reason, source) {
      const words = reason.trim().slice(0, 200) || '—';
      const recorder = recorders.get(callId);
      let silenced = false;
      if (recorder) {
        silenced = await pauseRecorder(recorder, words, source);
        // Already paused: the first pause's reason stands, and the call log has it.
        if (!silenced) return false;
      } else if (starting.has(callId)) {
        if (starting.get(callId)) return false;
        starting.set(callId, { reason: words, source });
        silenced = true;
      }
      // Logged even without a recorder (none for this call, or it failed): the timeline says what was meant.
      await logEvent(callId, 'recording_paused', { reason: words, source, by: by().name });
      return silenced;
    },

    async resume(callId, source) {
      const recorder = recorders.get(callId);
      let resumed = false;
      if (recorder) {
        resumed = (await recorder.resume()) !== null;
        if (!resumed) return false;
        host.setCall(callId, view('recording'));
      } else if (starting.get(callId)) {
        starting.set(callId, null);
        resumed = true;
      }
      await logEvent(callId, 'recording_resumed', { source, by: by().name });
      return resumed;
    },

    retry: (callId) => uploader.retry(callId),
    uploadNow: () => uploader.retryNow(),

    async stop() {
      stopped = true;
      unsubscribeStore();
      unsubscribeMedia();
      // A recorder still starting finishes its start, sees `stopped`, and is stopped in turn.
      await Promise.all([...startups]);
      for (const callId of [...recorders.keys()]) stopFor(callId);
      await Promise.all([...stopping]);
      await uploader.stop();
    },
  };
}
