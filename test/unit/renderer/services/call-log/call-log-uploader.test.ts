import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CallLogBatchResponse, CallLogRecord } from '../../../../../shared/api/call-logs';
import { toUploadRecord } from '../../../../../renderer/src/services/call-log/call-log-model';
import { createCallLogRecorder, type CallLogRecorder } from '../../../../../renderer/src/services/call-log/call-log-recorder';
import {
  UPLOAD_BACKOFF,
  UPLOAD_POLL_MS,
  createCallLogUploader,
  type CallLogUploader,
  type CallLogUploaderOptions,
  type UploadStatus,
} from '../../../../../renderer/src/services/call-log/call-log-uploader';
import { HubError } from '../../../../../renderer/src/services/hub';
import type { AppDb, LocalCallLog } from '../../../../../renderer/src/services/local-db/app-db';
import type { CallSnapshot } from '../../../../../renderer/src/services/sip/phone-types';
import { callId, callSnapshot, freshAppDb, phoneSnapshot } from '../../support/call-log-builders';
import { fakeCallLogHub } from '../../support/fake-call-log-hub';
import { fakeClock } from '../../support/fake-clock';
import { networkDown, unauthorized } from '../../support/fake-hub';

const tooLarge = () => new HubError({ status: 413, code: 'payload_too_large', message: 'Request body is too large' });
const encoder = new TextEncoder();
const batchBytes = (records: CallLogRecord[]) => encoder.encode(JSON.stringify({ records })).length;

let clock: ReturnType<typeof fakeClock>;
let db: AppDb;
let hub: ReturnType<typeof fakeCallLogHub>;
let recorder: CallLogRecorder;
let uploaders: CallLogUploader[];
let sent: CallLogRecord[][];
let statuses: UploadStatus[];
let recorderErrors: unknown[];
/** What the hub does with the next request; the fake hub's answer by default. */
let answer: (records: CallLogRecord[]) => Promise<CallLogBatchResponse>;

beforeEach(async () => {
  clock = fakeClock();
  db = freshAppDb().db;
  await db.open();
  hub = fakeCallLogHub();
  recorderErrors = [];
  recorder = createCallLogRecorder({ db, clock: clock.clock, onError: (e) => void recorderErrors.push(e), onWritten: () => undefined });
  uploaders = [];
  sent = [];
  statuses = [];
  answer = async (records) => hub.receive(records);
});

afterEach(() => {
  expect(recorderErrors).toEqual([]);
  recorder.stop();
  for (const uploader of uploaders) uploader.stop();
  db.close();
});

function startUploader(options: Partial<CallLogUploaderOptions> = {}): CallLogUploader {
  const uploader = createCallLogUploader({
    db,
    clock: clock.clock,
    random: () => 0.5,
    send: async (records) => {
      sent.push(records);
      return answer(records);
    },
    onStatus: (status) => void statuses.push(status),
    ...options,
  });
  uploaders.push(uploader);
  return uploader;
}

/** Calls that rang and ended, written by the recorder one second apart, in the order given. */
async function endedCalls(ns: number[], patch: Partial<CallSnapshot> = {}): Promise<string[]> {
  for (const n of ns) {
    recorder.observe(
      phoneSnapshot([callSnapshot({ id: callId(n), startedAt: clock.now(), state: 'ended', endedAt: clock.now(), endedBy: 'remote', endCause: 'BYE', ...patch })]),
    );
    await recorder.flush();
    await clock.advance(1_000);
  }
  return ns.map(callId);
}

async function local(id: string | undefined): Promise<LocalCallLog> {
  const found = id === undefined ? undefined : await db.callLogs.get(id);
  if (!found) throw new Error(`no call log ${id}`);
  return found;
}
const sentIds = () => sent.map((batch) => batch.map((r) => r.id));
const lastStatus = () => statuses.at(-1)!;

describe('call log uploader', () => {
  it('uploads pending records oldest first and marks them uploaded', async () => {
    const [c3, c1, c2] = await endedCalls([3, 1, 2]);
    const uploader = startUploader();
    await uploader.idle();

    expect(sentIds()).toEqual([[c3, c1, c2]]);
    for (const id of [c1, c2, c3]) expect(await local(id)).toMatchObject({ syncState: 'uploaded', uploadedVersion: 1, rejection: null });
    expect(await db.outbox.count()).toBe(0);
    expect([...hub.stored.keys()].sort()).toEqual([c1, c2, c3].sort());
    expect(lastStatus()).toMatchObject({ state: 'idle', pending: 0, rejected: 0, progress: null, lastError: null, lastUploadAt: clock.now() });
  });

  it('keeps everything queued when the hub cannot be reached and tries again after the backoff', async () => {
    const [id] = await endedCalls([1]);
    answer = async () => Promise.reject(networkDown());
    const uploader = startUploader();
    await uploader.idle();

    // Full jitter with random() = 0.5: half of the first step (1 s).
    expect(lastStatus()).toMatchObject({ state: 'waiting', pending: 1, nextAttemptAt: clock.now() + 500, lastError: 'Cannot reach the hub' });
    expect(await local(id)).toMatchObject({ syncState: 'pending', uploadedVersion: 0 });
    expect(await db.outbox.count()).toBe(1);

    answer = async (records) => hub.receive(records);
    uploader.trigger();
    await clock.advance(499);
    await uploader.idle();
    expect(sent).toHaveLength(1);

    await clock.advance(1);
    await uploader.idle();
    expect(sent).toHaveLength(2);
    expect(await local(id)).toMatchObject({ syncState: 'uploaded', uploadedVersion: 1 });
  });

  it('waits longer after each failure in a row, up to the limit', async () => {
    await endedCalls([1]);
    answer = async () => Promise.reject(networkDown());
    const uploader = startUploader();
    await uploader.idle();
    const waits: number[] = [];
    for (let i = 0; i < 8; i += 1) {
      const status = lastStatus();
      waits.push(status.nextAttemptAt! - clock.now());
      await clock.advance(status.nextAttemptAt! - clock.now());
      await uploader.idle();
    }
    // random() = 0.5: half of each step, doubling from the base until the cap.
    const { baseMs, maxMs } = UPLOAD_BACKOFF;
    expect(waits).toEqual(waits.map((_, n) => Math.min(maxMs, baseMs * 2 ** n) / 2));
    expect(waits.at(-1)).toBe(maxMs / 2);
    expect(waits.at(-2)).toBe(maxMs / 2);
  });

  it('sends at once on retryNow, without waiting out the backoff', async () => {
    const [id] = await endedCalls([1]);
    answer = async () => Promise.reject(networkDown());
    const uploader = startUploader();
    await uploader.idle();
    expect(lastStatus().state).toBe('waiting');

    answer = async (records) => hub.receive(records);
    uploader.retryNow();
    await uploader.idle();
    expect(sent).toHaveLength(2);
    expect(await local(id)).toMatchObject({ syncState: 'uploaded' });
    expect(lastStatus()).toMatchObject({ state: 'idle', nextAttemptAt: null });
  });

  it('splits a batch the hub finds too large into halves until every record arrives', async () => {
    const ids = await endedCalls([1, 2, 3, 4, 5]);
    answer = async (records) => (records.length > 2 ? Promise.reject(tooLarge()) : hub.receive(records));
    const uploader = startUploader();
    await uploader.idle();

    expect(sent.map((b) => b.length)).toEqual([5, 2, 3, 1, 2]);
    expect([...hub.stored.keys()].sort()).toEqual(ids.sort());
    expect(await db.callLogs.where('syncState').equals('uploaded').count()).toBe(5);
    expect(await db.outbox.count()).toBe(0);
  });

  it('rejects locally, with the reason, a single record too large for the hub, and uploads the others', async () => {
    const [a, big, c] = await endedCalls([1, 2, 3]);
    answer = async (records) => (records.some((r) => r.id === big) ? Promise.reject(tooLarge()) : hub.receive(records));
    const uploader = startUploader();
    await uploader.idle();

    expect(await local(big)).toMatchObject({
      syncState: 'rejected',
      rejection: { status: 413, code: 'payload_too_large', message: 'Request body is too large', at: clock.now() },
    });
    for (const id of [a, c]) expect(await local(id)).toMatchObject({ syncState: 'uploaded' });
    expect(await db.outbox.count()).toBe(0);
    expect(lastStatus()).toMatchObject({ state: 'idle', pending: 0, rejected: 1 });
  });

  it('keeps a record the hub refuses as rejected with the reason and field, does not retry it, and sends it again when requeued', async () => {
    const [good, bad] = await endedCalls([1, 2]);
    // A code longer than the contract allows: the hub's schema refuses it.
    await recorder.setWrapUp(bad!, { dispositionCode: 'x'.repeat(40) });
    const uploader = startUploader();
    await uploader.idle();

    expect(await local(good)).toMatchObject({ syncState: 'uploaded' });
    expect(await local(bad)).toMatchObject({
      syncState: 'rejected',
      version: 2,
      uploadedVersion: 0,
      rejection: { status: 400, code: 'validation', field: 'wrapUp.dispositionCode' },
    });
    expect(await db.outbox.count()).toBe(0);
    expect(lastStatus()).toMatchObject({ rejected: 1, pending: 0 });

    await clock.advance(3 * UPLOAD_POLL_MS);
    uploader.trigger();
    await clock.advance(1_000);
    await uploader.idle();
    expect(sent).toHaveLength(1);

    // The center changed its codes: the same version is now welcome.
    answer = async (records) => ({ results: records.map((r, index) => ({ index, id: r.id, outcome: 'created' as const, storedVersion: r.version })) });
    await uploader.requeue(bad!);
    await uploader.idle();
    expect(sentIds().at(-1)).toEqual([bad]);
    expect(await local(bad)).toMatchObject({ syncState: 'uploaded', uploadedVersion: 2, rejection: null });
  });

  it('keeps a record changed while its upload was in flight pending at the newer version, and uploads that next', async () => {
    const [id] = await endedCalls([1]);
    let first = true;
    answer = async (records) => {
      if (first) {
        first = false;
        await recorder.setWrapUp(id!, { notes: 'written while the upload was on its way' });
      }
      return hub.receive(records);
    };
    const uploader = startUploader();
    await uploader.idle();

    expect(sent.map((b) => b.map((r) => r.version))).toEqual([[1], [2]]);
    expect(await local(id)).toMatchObject({ version: 2, uploadedVersion: 2, syncState: 'uploaded' });
    expect(hub.stored.get(id!)?.record.wrapUp.notes).toBe('written while the upload was on its way');
  });

  it("counts 'unchanged' and 'stale' as uploaded", async () => {
    const [a, b] = await endedCalls([1, 2]);
    answer = async (records) => ({
      results: records.map((r, index) => ({ index, id: r.id, outcome: r.id === a ? ('unchanged' as const) : ('stale' as const), storedVersion: 1 })),
    });
    const uploader = startUploader();
    await uploader.idle();
    for (const id of [a, b]) expect(await local(id)).toMatchObject({ syncState: 'uploaded', uploadedVersion: 1 });
    expect(await db.outbox.count()).toBe(0);
  });

  it('stops on a 401 without losing anything, and sends nothing more', async () => {
    const [id] = await endedCalls([1]);
    answer = async () => Promise.reject(unauthorized());
    const uploader = startUploader();
    await uploader.idle();

    expect(lastStatus()).toMatchObject({ state: 'stopped', pending: 1, lastError: 'Invalid token' });
    expect(await local(id)).toMatchObject({ syncState: 'pending' });
    expect(await db.outbox.count()).toBe(1);

    uploader.trigger();
    await clock.advance(3 * UPLOAD_POLL_MS);
    await uploader.idle();
    expect(sent).toHaveLength(1);
  });

  it('keeps each batch within maxRecords', async () => {
    await endedCalls([1, 2, 3, 4, 5]);
    const uploader = startUploader({ maxRecords: 2 });
    await uploader.idle();
    expect(sent.map((b) => b.length)).toEqual([2, 2, 1]);
  });

  it('keeps each batch within maxBytes as UTF-8, oldest first', async () => {
    const ids = await endedCalls([1, 2, 3, 4, 5]);
    // Three bytes a character in UTF-8: counting characters would put more in a batch than fits.
    for (const id of ids) await recorder.setWrapUp(id, { notes: '客户询问账单'.repeat(50) });
    const two = [toUploadRecord(await local(ids[0])), toUploadRecord(await local(ids[1]))];
    const maxBytes = batchBytes(two);
    const uploader = startUploader({ maxBytes });
    await uploader.idle();

    expect(sent.map((b) => b.length)).toEqual([2, 2, 1]);
    for (const batch of sent) expect(batchBytes(batch)).toBeLessThanOrEqual(maxBytes);
    expect(sentIds().flat()).toEqual(ids);
  });

  it('keeps the oldest first when a big record does not fit behind smaller ones', async () => {
    const ids = await endedCalls([1, 2, 3]);
    await recorder.setWrapUp(ids[1]!, { notes: 'n'.repeat(4_000) });
    const small = toUploadRecord(await local(ids[0]));
    const uploader = startUploader({ maxBytes: batchBytes([small, small, small]) });
    await uploader.idle();
    expect(sentIds()).toEqual([[ids[0]], [ids[1]], [ids[2]]]);
  });

  it('drops outbox entries whose record is gone and uploads the rest in the same run', async () => {
    const [id] = await endedCalls([5]);
    for (const n of [1, 2, 3]) await db.outbox.put({ kind: 'call-log', key: callId(n), version: 1, enqueuedAt: 0 });
    const uploader = startUploader({ maxRecords: 2 });
    await uploader.idle();
    expect(sentIds()).toEqual([[id]]);
    expect(await db.outbox.count()).toBe(0);
  });

  it('publishes progress as batches go', async () => {
    await endedCalls([1, 2, 3, 4, 5]);
    const uploader = startUploader({ maxRecords: 2 });
    await uploader.idle();
    expect(statuses.map((s) => s.progress)).toEqual([{ done: 0, total: 5 }, { done: 2, total: 5 }, { done: 4, total: 5 }, { done: 5, total: 5 }, null]);
    expect(statuses[0]).toMatchObject({ state: 'uploading', pending: 5 });
  });

  it('leaves no timer behind when stopped while waiting to retry', async () => {
    await endedCalls([1]);
    answer = async () => Promise.reject(networkDown());
    const uploader = startUploader();
    await uploader.idle();
    recorder.stop();
    uploader.stop();
    expect(clock.pendingTimers()).toBe(0);
  });

  it('leaves no timer behind when stopped while a batch is in flight', async () => {
    await endedCalls([1]);
    let reply: (response: CallLogBatchResponse) => void = () => undefined;
    let inFlight: () => void = () => undefined;
    const sending = new Promise<void>((resolve) => (inFlight = resolve));
    answer = async () =>
      new Promise((resolve) => {
        reply = resolve;
        inFlight();
      });
    const uploader = startUploader();
    await sending;
    recorder.stop();
    uploader.stop();
    // An answer that settles nothing would otherwise schedule a retry.
    reply({ results: [] });
    await uploader.idle();
    expect(clock.pendingTimers()).toBe(0);
  });
});

type Net = { kind: 'ok' } | { kind: 'down' } | { kind: 'lost' } | { kind: 'edit_in_flight' } | { kind: 'replay'; which: number } | { kind: 'too_large' };
type Step = { kind: 'edit'; call: number } | { kind: 'answer'; call: number } | { kind: 'end'; call: number } | { kind: 'advance'; ms: number } | { kind: 'retry_now' };

const netArb: fc.Arbitrary<Net> = fc.oneof(
  fc.constant({ kind: 'ok' as const }),
  fc.constant({ kind: 'down' as const }),
  fc.constant({ kind: 'lost' as const }),
  fc.constant({ kind: 'edit_in_flight' as const }),
  fc.nat(20).map((which) => ({ kind: 'replay' as const, which })),
  fc.constant({ kind: 'too_large' as const }),
);
const stepArb = (calls: number): fc.Arbitrary<Step> =>
  fc.oneof(
    fc.nat(calls - 1).map((call) => ({ kind: 'edit' as const, call })),
    fc.nat(calls - 1).map((call) => ({ kind: 'answer' as const, call })),
    fc.nat(calls - 1).map((call) => ({ kind: 'end' as const, call })),
    fc.integer({ min: 0, max: 40_000 }).map((ms) => ({ kind: 'advance' as const, ms })),
    fc.constant({ kind: 'retry_now' as const }),
  );

describe('call log upload (property)', () => {
  it('ends with every record uploaded at its newest version, and the hub holding exactly those, whatever happened on the way', async () => {
    const scenario = fc.integer({ min: 1, max: 4 }).chain((calls) =>
      fc.record({ calls: fc.constant(calls), steps: fc.array(stepArb(calls), { maxLength: 25 }), network: fc.array(netArb, { maxLength: 20 }) }),
    );
    await fc.assert(
      fc.asyncProperty(scenario, async ({ calls, steps, network }) => {
        const time = fakeClock();
        const { db: store } = freshAppDb();
        await store.open();
        const hubSide = fakeCallLogHub();
        const requests: CallLogRecord[][] = [];
        const script = [...network];
        let good = false;
        let edits = 0;
        const writeErrors: unknown[] = [];
        const rec = createCallLogRecorder({ db: store, clock: time.clock, onError: (e) => void writeErrors.push(e), onWritten: () => up.trigger() });
        const up = createCallLogUploader({
          db: store,
          clock: time.clock,
          random: () => 0.5,
          maxRecords: 2,
          send: async (records) => {
            const net = good ? { kind: 'ok' as const } : (script.shift() ?? { kind: 'ok' as const });
            requests.push(records);
            switch (net.kind) {
              case 'down':
                throw networkDown();
              case 'lost':
                hubSide.receive(records);
                throw networkDown();
              case 'too_large':
                if (records.length > 1) throw tooLarge();
                return hubSide.receive(records);
              case 'edit_in_flight':
                await rec.setWrapUp(records[0]!.id, { notes: `edit ${(edits += 1)}` });
                return hubSide.receive(records);
              case 'replay':
                // A copy of an earlier request that a proxy delivered late.
                hubSide.receive(requests[net.which % requests.length]!);
                return hubSide.receive(records);
              case 'ok':
                return hubSide.receive(records);
            }
          },
          onStatus: () => undefined,
        });

        try {
          const phone = Array.from({ length: calls }, (_, i) => callSnapshot({ id: callId(i + 1), startedAt: time.now() }));
          rec.observe(phoneSnapshot(phone));
          for (const step of steps) {
            switch (step.kind) {
              case 'edit':
                await rec.setWrapUp(callId(step.call + 1), { notes: `edit ${(edits += 1)}` });
                break;
              case 'answer':
              case 'end': {
                const call = phone[step.call]!;
                if (call.state === 'ended' || (step.kind === 'answer' && call.state !== 'ringing')) break;
                phone[step.call] =
                  step.kind === 'answer'
                    ? { ...call, state: 'talking', answeredAt: time.now() }
                    : { ...call, state: 'ended', endedAt: time.now(), endedBy: 'remote', endCause: 'BYE' };
                rec.observe(phoneSnapshot([...phone]));
                break;
              }
              case 'advance':
                await time.advance(step.ms);
                break;
              case 'retry_now':
                up.retryNow();
                break;
            }
          }

          good = true;
          for (let round = 0; round < 10; round += 1) {
            await rec.flush();
            up.retryNow();
            await up.idle();
            await rec.flush();
            if ((await store.outbox.count()) === 0) break;
          }

          expect(writeErrors).toEqual([]);
          const locals = await store.callLogs.toArray();
          expect(locals).toHaveLength(calls);
          expect(await store.outbox.count()).toBe(0);
          for (const record of locals) {
            expect(record).toMatchObject({ syncState: 'uploaded', uploadedVersion: record.version, rejection: null });
            expect(hubSide.stored.get(record.id)?.version).toBe(record.version);
            expect(hubSide.stored.get(record.id)?.record).toStrictEqual(toUploadRecord(record));
          }
          expect([...hubSide.stored.keys()].sort()).toEqual(locals.map((r) => r.id).sort());
        } finally {
          rec.stop();
          up.stop();
          store.close();
        }
      }),
      { numRuns: 60 },
    );
  });
});
