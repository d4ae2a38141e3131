import Dexie from 'dexie';
import type { AppDb } from './app-db';

/** `navigator.storage` as far as the console needs it; absent in some embedded browsers. */
export interface StorageManagerLike {
  persist?(): Promise<boolean>;
  persisted?(): Promise<boolean>;
  estimate?(): Promise<{ usage?: number; quota?: number }>;
}

export interface StorageInfo {
  /** The browser promised not to evict this origin's data under storage pressure. */
  persisted: boolean | null;
  usageBytes: number | null;
  quotaBytes: number | null;
}

/**
 * Asks for persistent storage: without it, a browser short of disk may evict IndexedDB, pending call
 * logs included. Chromium grants it silently to an installed app or one the user engages with; the
 * answer is shown, not assumed.
 */
export async function requestPersistence(storage: StorageManagerLike | undefined): Promise<boolean | null> {
  if (!storage?.persist) return null;
  try {
    if (storage.persisted && (await storage.persisted())) return true;
    return await storage.persist();
  } catch {
    return null;
  }
}

export async function storageInfo(storage: StorageManagerLike | undefined, persisted: boolean | null): Promise<StorageInfo> {
  if (!storage?.estimate) return { persisted, usageBytes: null, quotaBytes: null };
  try {
    const estimate = await storage.estimate();
    return { persisted, usageBytes: estimate.usage ?? null, quotaBytes: estimate.quota ?? null };
  } catch {
    return { persisted, usageBytes: null, quotaBytes: null };
  }
}

/**
 * The disk (or the browser's share of it) is full. Dexie reports it as its own QuotaExceededError
 * or wraps the DOMException in `inner`, depending on where the transaction failed.
 */
export function isQuotaError(error: unknown): boolean {
  for (let e: unknown = error, depth = 0; e && depth < 4; depth += 1) {
    const named = e as { name?: unknown; inner?: unknown };
    if (named.name === 'QuotaExceededError') return true;
    e = named.inner;
  }
  return false;
}

export const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Deletes uploaded call logs that started before `retentionDays` ago, with their drafts. A record the
 * hub does not have in its current version (pending, rejected, or changed since) is never pruned.
 * Returns how many went.
 */
export async function pruneUploaded(db: AppDb, retentionDays: number, now: number): Promise<number> {
  const cutoff = new Date(now - retentionDays * DAY_MS).toISOString();
  return db.transaction('rw', [db.callLogs, db.outbox, db.drafts, db.flowRuns, db.flowActions], async () => {
    const ids = await db.callLogs
      .where('startedAt')
      .below(cutoff)
      .filter((r) => r.syncState === 'uploaded' && r.uploadedVersion === r.version && r.status !== 'live')
      .primaryKeys();
    if (ids.length === 0) return 0;
    const queued = await db.outbox.bulkGet(ids.map((id) => ['call-log', id] as ['call-log', string]));
    const prunable = ids.filter((_, i) => queued[i] === undefined);
    await db.callLogs.bulkDelete(prunable);
    await db.drafts.bulkDelete(prunable.map((id) => wrapUpDraftKey(id)));
    await pruneScriptRuns(db, prunable);
    return prunable.length;
  });
}

/**
 * The scripts followed on pruned calls go with them (their answers are in the uploaded call log),
 * unless the hub still lacks something of theirs: a run still open, or an action not delivered
 * (waiting, or refused and waiting for someone to send it again) keeps the run and all its actions.
 */
async function pruneScriptRuns(db: AppDb, callIds: readonly string[]): Promise<void> {
  if (callIds.length === 0) return;
  const runs = await db.flowRuns.where('callId').anyOf(callIds).toArray();
  for (const run of runs) {
    if (run.status === 'running') continue;
    const actions = db.flowActions.where('[runId+seq]').between([run.runId, Dexie.minKey], [run.runId, Dexie.maxKey]);
    if ((await actions.clone().filter((a) => a.status !== 'done').count()) > 0) continue;
    await actions.delete();
    await db.flowRuns.delete(run.runId);
  }
}

export const wrapUpDraftKey = (callId: string): string => `wrap-up:${callId}`;
