import { ApiErrorSchema } from '../../../../shared/api/errors';
import type { RecordingAnalysis } from '../../../../shared/api/recordings';
import type { BackoffPolicy } from '../../../../shared/sync/backoff';
import { isHubError } from '../hub';
import type { AppDb, LocalRecording } from '../local-db/app-db';
import { createDeliveryLoop, type DeliveryLoopClock } from '../sync/delivery-loop';
import { analysisOf, assembleBlob, chunksOf, failedRecordings, markUploaded, updateRecording, uploadQueue } from './recording-store';

/** tus PATCH size: small enough that a cut-off costs little, large enough not to be all round-trips. */
export const RECORDING_CHUNK_BYTES = 1024 * 1024;
/** tus-js-client's own retries within one attempt, before the loop's backoff takes over. */
export const RECORDING_RETRY_DELAYS_MS = [0, 1_000, 3_000, 10_000];
export const RECORDING_UPLOAD_BACKOFF: BackoffPolicy = { baseMs: 2_000, maxMs: 60_000 };
export const RECORDING_UPLOAD_POLL_MS = 60_000;

/** The part of tus-js-client's Upload the uploader uses; tests hand in a scripted one. */
export interface TusUploadLike {
  url: string | null;
  start(): void;
  abort(shouldTerminate?: boolean): Promise<void>;
}

export interface TusResponseLike {
  getStatus(): number;
  getBody(): string;
}

export interface TusErrorLike extends Error {
  originalResponse?: TusResponseLike | null;
}

/** The tus-js-client options the uploader sets (a subset of its UploadOptions). */
export interface TusOptions {
  endpoint: string;
  uploadUrl: string | null;
  uploadSize: number;
  chunkSize: number;
  retryDelays: number[];
  metadata: Record<string, string>;
  headers: Record<string, string>;
  /** Off: the upload URL lives in the recordings row, not in tus-js-client's localStorage. */
  storeFingerprintForResuming: boolean;
  onUploadUrlAvailable: () => void;
  onProgress: (bytesSent: number, bytesTotal: number) => void;
  onChunkComplete: (chunkSize: number, bytesAccepted: number, bytesTotal: number) => void;
  onSuccess: () => void;
  onError: (error: Error) => void;
  onShouldRetry: (error: TusErrorLike, retryAttempt: number) => boolean;
}

export type CreateTusUpload = (file: Blob, options: TusOptions) => TusUploadLike;

export interface RecordingUploadProgress {
  /** This run: recordings uploaded, and how many there were to upload. */
  done: number;
  total: number;
  callId: string;
  sentBytes: number;
  totalBytes: number;
}

export interface RecordingUploadFailure {
  callId: string;
  status: number;
  message: string;
}

export interface RecordingUploadStatus {
  /** `waiting`: the last attempt failed, the next is at `nextAttemptAt`; `stopped`: the session ended (401). */
  state: 'idle' | 'uploading' | 'waiting' | 'stopped';
  /** Recordings waiting for the hub (finished, or cut off mid-upload). */
  pending: number;
  pendingBytes: number;
  progress: RecordingUploadProgress | null;
  failed: RecordingUploadFailure[];
  lastError: string | null;
  nextAttemptAt: number | null;
}

export const initialRecordingUploadStatus = (): RecordingUploadStatus => ({
  state: 'idle',
  pending: 0,
  pendingBytes: 0,
  progress: null,
  failed: [],
  lastError: null,
  nextAttemptAt: null,
});

export interface RecordingUploaderOptions {
  db: AppDb;
  clock: DeliveryLoopClock;
  random: () => number;
  /** The tus endpoint on the hub (RECORDING_UPLOAD_PATH); null when signed out. */
  endpoint(): string | null;
  token(): string | null;
  createUpload: CreateTusUpload;
  /** `PUT /api/v1/recordings/:callId/analysis`; throws the hub client's HubError. */
  putAnalysis(callId: string, analysis: RecordingAnalysis): Promise<void>;
  onStatus(status: RecordingUploadStatus): void;
}

export interface RecordingUploader {
  /** A recording finished (or the network is back): upload what waits. */
  trigger(): void;
  retryNow(): void;
  /** A failed recording (409, 413…) is queued again, e.g. after an admin fixed what the hub refused. */
  retry(callId: string): Promise<void>;
  idle(): Promise<void>;
  /** Stops the upload in flight where it is (the hub keeps what it got; the next login resumes there). */
  stop(): Promise<void>;
}

type Outcome = { kind: 'done' } | { kind: 'failed' } | { kind: 'retry'; message: string } | { kind: 'halt'; message: string } | { kind: 'stopped' };

/** The hub's refusal as one line: its own words when the body is the hub's error shape. */
function hubWords(status: number, body: string): { message: string; fromHub: boolean } {
  try {
    const parsed = ApiErrorSchema.safeParse(JSON.parse(body));
    if (parsed.success) return { message: parsed.data.message, fromHub: true };
  } catch {
    // Not JSON: a tus-level answer or a proxy's page.
  }
  return { message: `HTTP ${status}${body ? `: ${body.slice(0, 200)}` : ''}`, fromHub: false };
}

/** Answers that will not change by sending the same file again: the recording is kept and marked. */
const isRefusal = (status: number, fromHub: boolean): boolean =>
  status === 400 || status === 403 || status === 413 || status === 415 || (status === 409 && fromHub);

/**
 * Uploads finished recordings to the hub, one at a time, oldest first: the analysis (levels and
 * pauses) by PUT, then the audio by tus. The tus upload URL is saved in the recording's row as soon
 * as the hub makes it, so an upload cut off (network, reload, logout) resumes at the offset the hub
 * reports, never from 0. Transient failures back off with full jitter; a refusal (another agent's
 * call, too large) marks the recording failed and keeps its chunks.
 */
export function createRecordingUploader(options: RecordingUploaderOptions): RecordingUploader {
  const { db, clock } = options;
  let status = initialRecordingUploadStatus();
  let inFlight: { upload: TusUploadLike; settle: (outcome: Outcome) => void } | null = null;

  const publish = (patch: Partial<RecordingUploadStatus>) => {
    status = { ...status, ...patch };
    if (!loop.stopped) options.onStatus(status);
  };

  async function counts(): Promise<Pick<RecordingUploadStatus, 'pending' | 'pendingBytes' | 'failed'>> {
    const [queue, failed] = await Promise.all([uploadQueue(db), failedRecordings(db)]);
    return {
      pending: queue.length,
      pendingBytes: queue.reduce((sum, r) => sum + Math.max(0, r.bytes - r.uploadedBytes), 0),
      failed: failed.map((r) => ({ callId: r.callId, status: r.lastError?.status ?? 0, message: r.lastError?.message ?? '' })),
    };
  }

  async function fail(row: LocalRecording, statusCode: number, message: string): Promise<Outcome> {
    await updateRecording(db, row.callId, { status: 'failed', lastError: { status: statusCode, message, at: clock.now() }, updatedAt: clock.now() });
    return { kind: 'failed' };
  }

  async function sendAnalysis(row: LocalRecording, analysis: RecordingAnalysis): Promise<Outcome | null> {
    try {
      await options.putAnalysis(row.callId, analysis);
    } catch (error) {
      if (isHubError(error)) {
        if (error.code === 'unauthorized') return { kind: 'halt', message: error.message };
        if (error.status !== 0 && isRefusal(error.status, true)) return fail(row, error.status, error.message);
      }
      return { kind: 'retry', message: error instanceof Error ? error.message : String(error) };
    }
    await updateRecording(db, row.callId, { analysisSent: true, updatedAt: clock.now() });
    return null;
  }

  function sendAudio(row: LocalRecording, blob: Blob, progress: Omit<RecordingUploadProgress, 'sentBytes'>): Promise<Outcome> {
    const endpoint = options.endpoint();
    const token = options.token();
    if (!endpoint || !token) return Promise.resolve({ kind: 'halt', message: 'Not signed in.' });
    return new Promise<Outcome>((resolve) => {
      let settled = false;
      const settle = (outcome: Outcome) => {
        if (settled) return;
        settled = true;
        inFlight = null;
        resolve(outcome);
      };
      const upload: TusUploadLike = options.createUpload(blob, {
        endpoint,
        uploadUrl: row.uploadUrl,
        uploadSize: blob.size,
        chunkSize: RECORDING_CHUNK_BYTES,
        retryDelays: RECORDING_RETRY_DELAYS_MS,
        metadata: { callId: row.callId, filetype: row.mimeType },
        headers: { Authorization: `Bearer ${token}` },
        storeFingerprintForResuming: false,
        onUploadUrlAvailable: () => {
          const url = upload.url;
          if (url && url !== row.uploadUrl) {
            void updateRecording(db, row.callId, { uploadUrl: url, updatedAt: clock.now() }).catch(() => undefined);
          }
        },
        onProgress: (sentBytes) => publish({ progress: { ...progress, sentBytes } }),
        onChunkComplete: (_size, accepted) => void updateRecording(db, row.callId, { uploadedBytes: accepted }).catch(() => undefined),
        onSuccess: () => settle({ kind: 'done' }),
        onError: (error) => {
          const response = (error as TusErrorLike).originalResponse;
          const code = response?.getStatus() ?? 0;
          if (code === 401) return settle({ kind: 'halt', message: 'The session has ended.' });
          const { message, fromHub } = hubWords(code, response?.getBody() ?? '');
          if (isRefusal(code, fromHub)) {
            void fail(row, code, message).then(settle, () => settle({ kind: 'retry', message }));
            return;
          }
          settle({ kind: 'retry', message: code === 0 ? error.message : message });
        },
        onShouldRetry: (error) => {
          const response = error.originalResponse;
          const code = response?.getStatus() ?? 0;
          if (code === 0 || code >= 500 || code === 408 || code === 423 || code === 429) return true;
          // tus's own 409 (the offset moved, e.g. a chunk that did arrive): ask the hub where it is.
          return code === 409 && !hubWords(code, response?.getBody() ?? '').fromHub;
        },
      });
      inFlight = { upload, settle };
      upload.start();
    });
  }

  async function uploadOne(row: LocalRecording, done: number, total: number): Promise<Outcome> {
    const chunks = await chunksOf(db, row.callId);
    const blob = assembleBlob(row, chunks);
    await updateRecording(db, row.callId, { status: 'uploading', attempts: row.attempts + 1, updatedAt: clock.now() });
    publish({ state: 'uploading', progress: { done, total, callId: row.callId, sentBytes: row.uploadedBytes, totalBytes: blob.size } });
    if (!row.analysisSent) {
      const refused = await sendAnalysis(row, analysisOf(row, chunks));
      if (refused) return refused;
    }
    if (loop.stopped) return { kind: 'stopped' };
    const outcome = await sendAudio({ ...row, uploadUrl: (await db.recordings.get(row.callId))?.uploadUrl ?? row.uploadUrl }, blob, {
      done,
      total,
      callId: row.callId,
      totalBytes: blob.size,
    });
    if (outcome.kind === 'done') await markUploaded(db, row.callId, clock.now());
    return outcome;
  }

  async function round(): Promise<void> {
    let done = 0;
    const first = await counts();
    publish({ ...first, state: first.pending > 0 ? 'uploading' : 'idle', nextAttemptAt: null, progress: null });
    // Each recording is tried once a round: a refused one leaves the queue, a failing one ends the round.
    const tried = new Set<string>();
    while (!loop.stopped) {
      const row = (await uploadQueue(db)).find((r) => !tried.has(r.callId));
      if (!row) break;
      tried.add(row.callId);
      const outcome = await uploadOne(row, done, done + (await uploadQueue(db)).length);
      if (outcome.kind === 'stopped' || loop.stopped) return;
      if (outcome.kind === 'halt') {
        loop.halt();
        publish({ ...(await counts()), state: 'stopped', lastError: outcome.message, progress: null });
        return;
      }
      if (outcome.kind === 'retry') {
        loop.retryLater(outcome.message);
        publish({ ...(await counts()), progress: null });
        return;
      }
      loop.succeeded();
      if (outcome.kind === 'done') done += 1;
      publish({ ...(await counts()), lastError: null });
    }
    publish({ ...(await counts()), state: 'idle', progress: null });
  }

  const loop = createDeliveryLoop({
    clock,
    random: options.random,
    backoff: RECORDING_UPLOAD_BACKOFF,
    pollMs: RECORDING_UPLOAD_POLL_MS,
    round,
    onRetryScheduled: (message, nextAttemptAt) => publish({ state: 'waiting', lastError: message, nextAttemptAt, progress: null }),
  });
  loop.start();

  return {
    trigger: () => loop.start(),
    retryNow: () => loop.retryNow(),
    async retry(callId) {
      const row = await db.recordings.get(callId);
      if (!row || row.status !== 'failed') return;
      await updateRecording(db, callId, { status: 'finished', lastError: null, updatedAt: clock.now() });
      loop.retryNow();
    },
    idle: () => loop.idle(),
    async stop() {
      loop.stop();
      const flight = inFlight;
      if (flight) {
        // Not terminated: the hub keeps the part it has, and the stored URL resumes it.
        await flight.upload.abort(false).catch(() => undefined);
        flight.settle({ kind: 'stopped' });
      }
      await loop.idle();
    },
  };
}
