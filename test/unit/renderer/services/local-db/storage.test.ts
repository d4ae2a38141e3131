import Dexie from 'dexie';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createCallLog } from '../../../../../renderer/src/services/call-log/call-log-model';
import type { AppDb, FlowActionStatus, LocalCallLog, LocalFlowAction, LocalFlowRun } from '../../../../../renderer/src/services/local-db/app-db';
import {
  DAY_MS,
  isQuotaError,
  pruneUploaded,
  requestPersistence,
  storageInfo,
  wrapUpDraftKey,
  type StorageManagerLike,
} from '../../../../../renderer/src/services/local-db/storage';
import { T0, callId, callSnapshot, freshAppDb } from '../../support/call-log-builders';

const NOW = T0 + 40 * DAY_MS;
const RETENTION_DAYS = 30;
const OLD = T0; // 40 days before NOW
const RECENT = NOW - 2 * DAY_MS;

let db: AppDb;

beforeEach(async () => {
  db = freshAppDb().db;
  await db.open();
});

afterEach(() => db.close());

/** A call record started at `startedAt`, with its sync bookkeeping patched. */
function record(n: number, startedAt: number, patch: Partial<LocalCallLog> = {}): LocalCallLog {
  const ended = createCallLog(
    callSnapshot({ id: callId(n), startedAt, state: 'ended', endedAt: startedAt + 60_000, endedBy: 'remote', endCause: 'BYE' }),
    startedAt + 60_000,
  );
  return { ...ended, status: 'completed', syncState: 'uploaded', uploadedVersion: ended.version, ...patch };
}

async function seed(records: LocalCallLog[]): Promise<void> {
  await db.callLogs.bulkPut(records);
  await db.drafts.bulkPut(records.map((r) => ({ key: wrapUpDraftKey(r.id), value: { notes: r.id }, updatedAt: OLD })));
}

describe('pruneUploaded', () => {
  it('deletes old records the hub has in their current version, with their wrap-up drafts', async () => {
    await seed([record(1, OLD), record(2, OLD, { status: 'interrupted' }), record(3, OLD, { status: 'ended' })]);
    await db.drafts.put({ key: 'script:other', value: {}, updatedAt: OLD });

    await expect(pruneUploaded(db, RETENTION_DAYS, NOW)).resolves.toBe(3);
    expect(await db.callLogs.count()).toBe(0);
    expect(await db.drafts.toCollection().primaryKeys()).toEqual(['script:other']);
  });

  it('keeps records started within the retention', async () => {
    await seed([record(1, RECENT), record(2, NOW - RETENTION_DAYS * DAY_MS + 1)]);
    await expect(pruneUploaded(db, RETENTION_DAYS, NOW)).resolves.toBe(0);
    expect(await db.callLogs.count()).toBe(2);
  });

  it('never deletes what the hub does not have: pending, rejected, changed since upload, queued or live', async () => {
    const keep = [
      record(1, OLD, { syncState: 'pending', uploadedVersion: 0 }),
      record(2, OLD, {
        syncState: 'rejected',
        rejection: { status: 400, code: 'validation', message: 'bad code', field: 'wrapUp.dispositionCode', at: OLD },
      }),
      // Uploaded once, changed since (a late correction): the newer version is not on the hub yet.
      record(3, OLD, { version: 4, uploadedVersion: 3 }),
      record(5, OLD, { status: 'live' }),
    ];
    // Marked uploaded, but a newer write queued it again.
    const queued = record(4, OLD);
    await seed([...keep, queued, record(6, OLD)]);
    await db.outbox.put({ kind: 'call-log', key: queued.id, version: queued.version, enqueuedAt: NOW });

    await expect(pruneUploaded(db, RETENTION_DAYS, NOW)).resolves.toBe(1);
    expect((await db.callLogs.toCollection().primaryKeys()).sort()).toEqual([...keep.map((r) => r.id), queued.id].sort());
    expect(await db.drafts.get(wrapUpDraftKey(callId(6)))).toBeUndefined();
    for (const r of [...keep, queued]) expect(await db.drafts.get(wrapUpDraftKey(r.id))).toBeDefined();
  });
});

/** A script run of the call `n`, and its actions in the given states. */
async function seedRun(n: number, status: LocalFlowRun['status'], actions: FlowActionStatus[]): Promise<string> {
  const runId = `run-${n}`;
  await db.flowRuns.put({ runId, callId: callId(n), status, run: { status } as LocalFlowRun['run'], contextTicket: null, updatedAt: OLD });
  await db.flowActions.bulkPut(
    actions.map((actionStatus, seq) => ({ id: `${runId}-a${seq}`, runId, callId: callId(n), key: `step.${seq}`, seq, status: actionStatus }) as LocalFlowAction),
  );
  return runId;
}

describe('pruneUploaded and the scripts of the calls', () => {
  it("deletes the scripts of pruned calls, once the hub has everything they asked for", async () => {
    await seed([record(1, OLD), record(2, OLD), record(3, OLD), record(4, RECENT)]);
    await seedRun(1, 'completed', ['done', 'done']);
    await seedRun(2, 'completed', ['done', 'pending']);
    await seedRun(3, 'abandoned', ['failed']);
    await seedRun(4, 'completed', ['done']);

    await expect(pruneUploaded(db, RETENTION_DAYS, NOW)).resolves.toBe(3);
    // Call 2's ticket has not reached the hub, call 3's was refused and waits for a retry: both stay whole.
    expect((await db.flowRuns.toCollection().primaryKeys()).sort()).toEqual(['run-2', 'run-3', 'run-4']);
    expect((await db.flowActions.toCollection().primaryKeys()).sort()).toEqual(['run-2-a0', 'run-2-a1', 'run-3-a0', 'run-4-a0']);
  });

  it('keeps a script still running, and the scripts of calls that are kept', async () => {
    await seed([record(1, OLD), record(2, OLD, { syncState: 'pending', uploadedVersion: 0 })]);
    await seedRun(1, 'running', []);
    await seedRun(2, 'completed', ['done']);
    await expect(pruneUploaded(db, RETENTION_DAYS, NOW)).resolves.toBe(1);
    expect((await db.flowRuns.toCollection().primaryKeys()).sort()).toEqual(['run-1', 'run-2']);
  });
});

describe('isQuotaError', () => {
  it('recognises a DOMException named QuotaExceededError', () => {
    expect(isQuotaError(new DOMException('The quota has been exceeded.', 'QuotaExceededError'))).toBe(true);
  });

  it("recognises Dexie's own quota error and one wrapped in a failed transaction", () => {
    const inner = new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    expect(isQuotaError(new Dexie.QuotaExceededError('disk full'))).toBe(true);
    expect(isQuotaError(new Dexie.AbortError('Transaction aborted', inner))).toBe(true);
  });

  it('says no for other errors and non-errors', () => {
    expect(isQuotaError(new Dexie.ConstraintError('key exists'))).toBe(false);
    expect(isQuotaError(new Dexie.AbortError('aborted', new Error('other')))).toBe(false);
    expect(isQuotaError(null)).toBe(false);
    expect(isQuotaError('QuotaExceededError')).toBe(false);
  });
});

describe('requestPersistence', () => {
  it('answers null when the browser has no storage manager or no persist()', async () => {
    await expect(requestPersistence(undefined)).resolves.toBeNull();
    await expect(requestPersistence({})).resolves.toBeNull();
  });

  it('does not ask again when storage is already persistent', async () => {
    let asked = 0;
    const storage: StorageManagerLike = {
      persisted: async () => true,
      persist: async () => {
        asked += 1;
        return true;
      },
    };
    await expect(requestPersistence(storage)).resolves.toBe(true);
    expect(asked).toBe(0);
  });

  it("asks and reports the browser's answer, granted or not", async () => {
    await expect(requestPersistence({ persisted: async () => false, persist: async () => true })).resolves.toBe(true);
    await expect(requestPersistence({ persisted: async () => false, persist: async () => false })).resolves.toBe(false);
    await expect(requestPersistence({ persist: async () => true })).resolves.toBe(true);
  });

  it('answers null when the storage manager throws', async () => {
    const failing: StorageManagerLike = {
      persisted: async () => Promise.reject(new Error('SecurityError')),
      persist: async () => true,
    };
    await expect(requestPersistence(failing)).resolves.toBeNull();
    await expect(requestPersistence({ persist: async () => Promise.reject(new Error('denied')) })).resolves.toBeNull();
  });
});

describe('storageInfo', () => {
  it('reports usage and quota with the persistence answer', async () => {
    const storage: StorageManagerLike = { estimate: async () => ({ usage: 1_024, quota: 10_000_000 }) };
    await expect(storageInfo(storage, true)).resolves.toEqual({ persisted: true, usageBytes: 1_024, quotaBytes: 10_000_000 });
  });

  it('reports unknown usage when there is no estimate, an empty one or a failing one', async () => {
    const unknown = { persisted: null, usageBytes: null, quotaBytes: null };
    await expect(storageInfo(undefined, null)).resolves.toEqual(unknown);
    await expect(storageInfo({}, null)).resolves.toEqual(unknown);
    await expect(storageInfo({ estimate: async () => ({}) }, null)).resolves.toEqual(unknown);
    await expect(storageInfo({ estimate: async () => Promise.reject(new Error('nope')) }, false)).resolves.toEqual({ ...unknown, persisted: false });
  });
});
