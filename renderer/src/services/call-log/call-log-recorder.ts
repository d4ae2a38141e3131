import type { AppDb, LocalCallLog, OutboxEntry } from '../local-db/app-db';
import type { CallSnapshot, PhoneSnapshot } from '../sip/phone-types';
import {
  applyCallSnapshot,
  applyScript,
  applyWrapUp,
  createCallLog,
  finishWrapUp,
  linkCustomer,
  markInterrupted,
  type ScriptPatch,
  type WrapUpPatch,
} from './call-log-model';

/** How often a live call's record notes that it is still up: what an interrupted record can tell. */
export const HEARTBEAT_MS = 15_000;

export interface RecorderClock {
  now(): number;
  setInterval(callback: () => void, ms: number): unknown;
  clearInterval(handle: unknown): void;
}

export interface CallLogRecorderOptions {
  db: AppDb;
  clock: RecorderClock;
  /** A write failed (the disk is full, the database was deleted); the record is written again at the next change. */
  onError(error: unknown): void;
  /** A record changed and waits for upload: the uploader's "new data" trigger. */
  onWritten(): void;
}

export interface CallLogRecorder {
  /** Finds calls left live by a console that died and marks them interrupted. Runs before any new call is written. */
  readonly recovered: Promise<number>;
  observe(snapshot: PhoneSnapshot): void;
  setWrapUp(callId: string, patch: WrapUpPatch): Promise<LocalCallLog | null>;
  finishWrapUp(callId: string, patch: WrapUpPatch): Promise<LocalCallLog | null>;
  /** Links the call to the customer the screen pop found; waits for the call's record if it is not written yet. */
  linkCustomer(callId: string, customerId: string): Promise<LocalCallLog | null>;
  /**
   * The call's script: flow and version, answers, tickets, `script_*` / `recording_*` events, in the
   * same write-ahead queue as the phone's changes. Null when nothing was written: nothing changed, or
   * the call has no record (a script only starts on a call the phone reported, so none to attach to).
   */
  recordScript(callId: string, patch: ScriptPatch): Promise<LocalCallLog | null>;
  /** Resolves when every write asked for so far has settled. */
  flush(): Promise<void>;
  stop(): void;
}

/**
 * The write-ahead call log. Every phone snapshot that changes a call is written to IndexedDB, in
 * one transaction with its outbox entry, before anything else is done with it; writes run one after
 * another, in the order the phone reported them.
 */
export function createCallLogRecorder(options: CallLogRecorderOptions): CallLogRecorder {
  const { db, clock } = options;
  /** The snapshot of each call as last written: the next write records the difference from it. */
  const written = new Map<string, CallSnapshot>();
  /**
   * Calls whose newest write failed (a full disk), with that snapshot. The next snapshot of the call
   * would carry the difference, but the hang-up is often a call's last one: the heartbeat tries again.
   */
  const owed = new Map<string, CallSnapshot>();
  /** Customers named for calls whose record is not written yet (the pop answered before the first write). */
  const customerFor = new Map<string, string>();
  /** Worklist tasks named for calls whose record is not written yet (linked as the dial returns). */
  const callbackFor = new Map<string, NonNullable<ScriptPatch['callback']>>();
  let chain: Promise<unknown> = Promise.resolve();
  let stopped = false;

  function enqueue<T>(task: () => Promise<T>): Promise<T | null> {
    const run = chain.then(async () => {
      if (stopped) return null;
      try {
        return await task();
      } catch (error) {
        options.onError(error);
        return null;
      }
    });
    chain = run;
    return run;
  }

  /**
   * The entry needs nothing of the one it replaces, so it is written blind, and both writes go out
   * together: every request awaited inside the transaction is a round trip on the write path.
   */
  async function putWithOutbox(record: LocalCallLog): Promise<void> {
    const entry: OutboxEntry = { kind: 'call-log', key: record.id, version: record.version, enqueuedAt: Date.parse(record.startedAt) };
    await Promise.all([db.callLogs.put(record), db.outbox.put(entry)]);
  }

  const recovered = enqueue(async () => {
    const now = clock.now();
    return db.transaction('rw', db.callLogs, db.outbox, async () => {
      const orphans = await db.callLogs.where('status').equals('live').toArray();
      for (const orphan of orphans) await putWithOutbox(markInterrupted(orphan, now));
      return orphans.length;
    });
  }).then((count) => {
    if (count) options.onWritten();
    return count ?? 0;
  });

  async function writeCall(call: CallSnapshot): Promise<void> {
    const now = clock.now();
    const before = written.get(call.id);
    const changed = await db.transaction('rw', db.callLogs, db.outbox, async () => {
      const stored = await db.callLogs.get(call.id);
      if (!stored) {
        const created = createCallLog(call, now);
        const customerId = customerFor.get(call.id);
        const callback = callbackFor.get(call.id);
        await putWithOutbox({ ...created, ...(customerId === undefined ? {} : { customerId }), ...(callback === undefined ? {} : { callback }) });
        return true;
      }
      const next = applyCallSnapshot(stored, before, call, now);
      if (next.changed) await putWithOutbox(next.record);
      return next.changed;
    });
    written.set(call.id, call);
    customerFor.delete(call.id);
    callbackFor.delete(call.id);
    if (call.state === 'ended') written.delete(call.id);
    if (changed) options.onWritten();
  }

  async function writeOrOwe(call: CallSnapshot): Promise<void> {
    try {
      await writeCall(call);
      owed.delete(call.id);
    } catch (error) {
      owed.set(call.id, call);
      throw error;
    }
  }

  const heartbeat = clock.setInterval(() => {
    // Read when the task runs, not now: a snapshot queued meanwhile may settle the debt first, and
    // an older snapshot written after a newer one would record its steps backwards.
    if (owed.size > 0) {
      void enqueue(async () => {
        for (const call of [...owed.values()]) await writeOrOwe(call);
      });
    }
    const live = [...written.values()].filter((c) => c.state !== 'ended').map((c) => c.id);
    if (live.length === 0) return;
    // Local only: the hub does not need a new version every 15 s, only a crash needs to know.
    void enqueue(() => db.callLogs.where('id').anyOf(live).modify({ lastSeenAt: clock.now() }));
  }, HEARTBEAT_MS);

  async function updateRecord(callId: string, change: (record: LocalCallLog, now: number) => LocalCallLog): Promise<LocalCallLog | null> {
    const result = await enqueue(async () => {
      const now = clock.now();
      return db.transaction('rw', db.callLogs, db.outbox, async () => {
        const stored = await db.callLogs.get(callId);
        if (!stored) throw new Error(`no call log ${callId}`);
        const next = change(stored, now);
        if (next !== stored) await putWithOutbox(next);
        return next;
      });
    });
    if (result) options.onWritten();
    return result;
  }

  return {
    recovered,
    observe(snapshot) {
      if (stopped) return;
      for (const call of snapshot.calls) {
        // The phone hands out a new snapshot object only for a call that changed.
        if (written.get(call.id) === call) continue;
        void enqueue(() => writeOrOwe(call));
      }
    },
    setWrapUp: (callId, patch) => updateRecord(callId, (record, now) => applyWrapUp(record, patch, now)),
    finishWrapUp: (callId, patch) => updateRecord(callId, (record, now) => finishWrapUp(record, patch, now)),
    linkCustomer: async (callId, customerId) => {
      const result = await enqueue(async () => {
        const now = clock.now();
        return db.transaction('rw', db.callLogs, db.outbox, async () => {
          const stored = await db.callLogs.get(callId);
          if (!stored) {
            customerFor.set(callId, customerId);
            return null;
          }
          const next = linkCustomer(stored, customerId, now);
          if (next !== stored) await putWithOutbox(next);
          return next;
        });
      });
      if (result) options.onWritten();
      return result;
    },
    recordScript: async (callId, patch) => {
      const result = await enqueue(async () => {
        const now = clock.now();
        return db.transaction('rw', db.callLogs, db.outbox, async () => {
          const stored = await db.callLogs.get(callId);
          if (!stored) {
            if (patch.callback !== undefined) callbackFor.set(callId, patch.callback);
            return null;
          }
          const next = applyScript(stored, patch, now);
          if (next === stored) return null;
          await putWithOutbox(next);
          return next;
        });
      });
      if (result) options.onWritten();
      return result;
    },
    flush: async () => {
      await chain;
    },
    stop() {
      stopped = true;
      clock.clearInterval(heartbeat);
    },
  };
}
