import {
  CALL_LOG_BATCH_MAX_BYTES,
  CALL_LOG_BATCH_MAX_RECORDS,
  type CallLogBatchResponse,
  type CallLogRecord,
} from '../../../../shared/api/call-logs';
import type { BackoffPolicy } from '../../../../shared/sync/backoff';
import { isHubError } from '../hub';
import type { AppDb, LocalCallLog, OutboxEntry, OutboxKind } from '../local-db/app-db';
import { createDeliveryLoop, type DeliveryLoopClock } from '../sync/delivery-loop';
import { toUploadRecord } from './call-log-model';

/** Capped at 30 s: a hub back from a restart should not wait a minute for the records of a whole floor. */
export const UPLOAD_BACKOFF: BackoffPolicy = { baseMs: 1_000, maxMs: 30_000 };
/** New records wait this long for company (the ended call's wrap-up follows within seconds). */
export const UPLOAD_DEBOUNCE_MS = 300;
/** Even with no trigger, pending records are tried this often (a hub that came back says nothing). */
export const UPLOAD_POLL_MS = 30_000;

export type UploaderClock = DeliveryLoopClock;

export interface UploadStatus {
  /** `waiting`: the last attempt failed; the next is at `nextAttemptAt`. */
  state: 'idle' | 'uploading' | 'waiting' | 'stopped';
  pending: number;
  rejected: number;
  /** This run's records sent so far and how many were waiting when it began. */
  progress: { done: number; total: number } | null;
  lastError: string | null;
  nextAttemptAt: number | null;
  lastUploadAt: number | null;
}

export interface CallLogUploaderOptions {
  db: AppDb;
  clock: UploaderClock;
  random: () => number;
  send(records: CallLogRecord[]): Promise<CallLogBatchResponse>;
  onStatus(status: UploadStatus): void;
  maxRecords?: number;
  maxBytes?: number;
}

export interface CallLogUploader {
  /** New data was written: upload soon (debounced), unless the hub is being waited out. */
  trigger(): void;
  /** Upload now, ignoring the backoff (the network is back, the user asked). */
  retryNow(): void;
  /** Queues a rejected record again, e.g. after the center fixed a disposition code. */
  requeue(id: string): Promise<void>;
  /** Resolves when no run is in progress. */
  idle(): Promise<void>;
  stop(): void;
}

const ACCEPTED = new Set(['created', 'updated', 'unchanged', 'stale']);

const encoder = new TextEncoder();
const utf8Length = (text: string): number => encoder.encode(text).length;

/**
 * Moves the outbox to the hub: oldest first, in batches within the hub's limits, the record ids
 * being the idempotency keys (so a batch that reached the hub but whose answer was lost is simply
 * answered `unchanged` the next time). A failure backs off with full jitter; a 413 halves the batch.
 * Nothing leaves the local database here: a record only changes its sync state.
 */
export function createCallLogUploader(options: CallLogUploaderOptions): CallLogUploader {
  const { db, clock } = options;
  const maxRecordsDefault = options.maxRecords ?? CALL_LOG_BATCH_MAX_RECORDS;
  const maxBytes = options.maxBytes ?? CALL_LOG_BATCH_MAX_BYTES;
  let maxRecords = maxRecordsDefault;
  let debounce: unknown = null;
  let status: UploadStatus = { state: 'idle', pending: 0, rejected: 0, progress: null, lastError: null, nextAttemptAt: null, lastUploadAt: null };

  const publish = (patch: Partial<UploadStatus>) => {
    status = { ...status, ...patch };
    if (!loop.stopped) options.onStatus(status);
  };

  async function counts(): Promise<Pick<UploadStatus, 'pending' | 'rejected'>> {
    const [pending, rejected] = await Promise.all([
      db.callLogs.where('syncState').equals('pending').count(),
      db.callLogs.where('syncState').equals('rejected').count(),
    ]);
    return { pending, rejected };
  }

  /**
   * The oldest entries that fit one batch, with the records as they are now. `orphans`: entries
   * whose record was gone, now dropped (there may be more behind them).
   */
  async function nextBatch(): Promise<{ entries: OutboxEntry[]; records: CallLogRecord[]; orphans: number }> {
    const entries = await db.outbox.orderBy('enqueuedAt').limit(maxRecords).toArray();
    const stored = await db.callLogs.bulkGet(entries.map((e) => e.key));
    const batch = { entries: [] as OutboxEntry[], records: [] as CallLogRecord[], orphans: 0 };
    // `{"records":[]}`, then each record and its comma, in UTF-8 bytes as the hub counts them: a
    // Chinese name or note is three bytes a character, so string length would under-count.
    let bytes = utf8Length('{"records":[]}');
    const orphans: OutboxEntry[] = [];
    for (const [i, entry] of entries.entries()) {
      const local = stored[i];
      if (!local) {
        orphans.push(entry);
        continue;
      }
      const record = toUploadRecord(local);
      const size = utf8Length(JSON.stringify(record)) + (batch.records.length > 0 ? 1 : 0);
      // Always at least one, so that a record too big for any batch gets its 413 and is dealt with.
      // Stop at the first that does not fit rather than skip it: oldest first, whatever their size.
      if (batch.records.length > 0 && bytes + size > maxBytes) break;
      bytes += size;
      batch.entries.push({ ...entry, version: local.version });
      batch.records.push(record);
    }
    // An entry whose record is gone (a database restored from elsewhere) has nothing left to send.
    if (orphans.length > 0) await db.outbox.bulkDelete(orphans.map((e) => [e.kind, e.key] as [OutboxEntry['kind'], string]));
    batch.orphans = orphans.length;
    return batch;
  }

  async function settle(records: CallLogRecord[], response: CallLogBatchResponse): Promise<number> {
    const now = clock.now();
    const byIndex = new Map(response.results.map((r) => [r.index, r]));
    let settled = 0;
    // Bulk reads and writes: a batch is hundreds of records, and one request per record made
    // settling cost more than the upload itself.
    await db.transaction('rw', db.callLogs, db.outbox, async () => {
      const stored = await db.callLogs.bulkGet(records.map((r) => r.id));
      const puts: LocalCallLog[] = [];
      const done: [OutboxKind, string][] = [];
      for (const [index, sent] of records.entries()) {
        const result = byIndex.get(index);
        const local = stored[index];
        if (!result || result.id !== sent.id || !local) continue;
        settled += 1;
        const current = local.version === sent.version;
        if (ACCEPTED.has(result.outcome)) {
          puts.push({
            ...local,
            uploadedVersion: Math.max(local.uploadedVersion, sent.version),
            syncState: current ? 'uploaded' : 'pending',
            rejection: current ? null : local.rejection,
          });
        } else {
          const error = result.error;
          // A newer version is already queued and may not have the problem: let it try.
          if (!current) continue;
          puts.push({
            ...local,
            syncState: 'rejected',
            rejection: { status: error?.status ?? 400, code: error?.code ?? 'rejected', message: error?.message ?? 'refused by the hub', ...(error?.field ? { field: error.field } : {}), at: now },
          });
        }
        if (current) done.push(['call-log', sent.id]);
      }
      await Promise.all([db.callLogs.bulkPut(puts), db.outbox.bulkDelete(done)]);
    });
    return settled;
  }

  /** A single record the hub will never take (413 alone): kept, marked, and out of the queue. */
  async function rejectLocally(record: CallLogRecord, message: string): Promise<void> {
    await db.transaction('rw', db.callLogs, db.outbox, async () => {
      const local = await db.callLogs.get(record.id);
      if (!local || local.version !== record.version) return;
      await db.callLogs.put({ ...local, syncState: 'rejected', rejection: { status: 413, code: 'payload_too_large', message, at: clock.now() } });
      await db.outbox.delete(['call-log', record.id]);
    });
  }

  async function run(): Promise<void> {
    const total = await db.outbox.count();
    let done = 0;
    publish({ ...(await counts()), state: total > 0 ? 'uploading' : 'idle', progress: total > 0 ? { done, total } : null, nextAttemptAt: null });
    while (!loop.stopped) {
      const { records, orphans } = await nextBatch();
      if (records.length === 0) {
        if (orphans > 0) continue;
        break;
      }
      let response: CallLogBatchResponse;
      try {
        response = await options.send(records);
      } catch (error) {
        if (loop.stopped) return;
        if (isHubError(error) && error.code === 'payload_too_large') {
          if (records.length === 1) {
            await rejectLocally(records[0]!, error.message);
            continue;
          }
          maxRecords = Math.max(1, Math.floor(records.length / 2));
          continue;
        }
        // The session ended: the login screen is up, and the next login's uploader takes over.
        // Until then it sends nothing more: every poll would only earn another 401.
        if (isHubError(error) && error.code === 'unauthorized') {
          loop.halt();
          publish({ ...(await counts()), state: 'stopped', lastError: error.message, progress: null });
          return;
        }
        // Anything else (hub down, overloaded, a proxy's error page, a hub too old for this API)
        // keeps the records queued: giving up on them is never right.
        loop.retryLater(error instanceof Error ? error.message : String(error));
        publish(await counts());
        return;
      }
      loop.succeeded();
      maxRecords = Math.min(maxRecordsDefault, maxRecords * 2);
      const settled = await settle(records, response);
      done += records.length;
      publish({ ...(await counts()), state: 'uploading', progress: { done: Math.min(done, Math.max(total, done)), total: Math.max(total, done) }, lastError: null, lastUploadAt: clock.now() });
      // An answer that settles none of what was sent would loop for ever: wait it out instead.
      if (settled === 0) {
        loop.retryLater('The hub answered without results for the records sent.');
        return;
      }
    }
    publish({ ...(await counts()), state: 'idle', progress: null });
  }

  const loop = createDeliveryLoop({
    clock,
    random: options.random,
    backoff: UPLOAD_BACKOFF,
    pollMs: UPLOAD_POLL_MS,
    round: run,
    onRetryScheduled: (message, nextAttemptAt) => publish({ state: 'waiting', lastError: message, nextAttemptAt, progress: null }),
  });
  loop.start();

  return {
    trigger() {
      if (loop.stopped || loop.halted || debounce !== null) return;
      debounce = clock.setTimeout(() => {
        debounce = null;
        loop.start();
      }, UPLOAD_DEBOUNCE_MS);
    },
    retryNow: () => loop.retryNow(),
    async requeue(id) {
      await db.transaction('rw', db.callLogs, db.outbox, async () => {
        const local = await db.callLogs.get(id);
        if (!local || local.syncState !== 'rejected') return;
        await db.callLogs.put({ ...local, syncState: 'pending' });
        await db.outbox.put({ kind: 'call-log', key: id, version: local.version, enqueuedAt: Date.parse(local.startedAt) });
      });
      // Not `this.retryNow()`: the method may be called detached (`const { requeue } = uploader`).
      loop.retryNow();
    },
    idle: () => loop.idle(),
    stop() {
      loop.stop();
      if (debounce !== null) clock.clearTimeout(debounce);
    },
  };
}
