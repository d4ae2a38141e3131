import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { CallLogRecordSchema } from '../../../../../shared/api/call-logs';
import { toUploadRecord } from '../../../../../renderer/src/services/call-log/call-log-model';
import { HEARTBEAT_MS, createCallLogRecorder, type CallLogRecorder } from '../../../../../renderer/src/services/call-log/call-log-recorder';
import type { AppDb, LocalCallLog } from '../../../../../renderer/src/services/local-db/app-db';
import { isQuotaError } from '../../../../../renderer/src/services/local-db/storage';
import type { CallSnapshot } from '../../../../../renderer/src/services/sip/phone-types';
import { fakeClock } from '../../support/fake-clock';
import { callId, callSnapshot, freshAppDb, phoneSnapshot } from '../../support/call-log-builders';

const iso = (ms: number) => new Date(ms).toISOString();
const ID = callId(1);
const quotaError = () => new DOMException('The quota has been exceeded.', 'QuotaExceededError');

let clock: ReturnType<typeof fakeClock>;
let opened: ReturnType<typeof freshAppDb>;
let db: AppDb;
let errors: unknown[];
let writes: number;
let recorders: CallLogRecorder[];

function startRecorder(on: AppDb = db, onWritten: () => void = () => void (writes += 1)): CallLogRecorder {
  const recorder = createCallLogRecorder({ db: on, clock: clock.clock, onError: (e) => void errors.push(e), onWritten });
  recorders.push(recorder);
  return recorder;
}

/** The call as the phone would report it next: a new object with the change. */
const step = (call: CallSnapshot, patch: Partial<CallSnapshot>): CallSnapshot => ({ ...call, ...patch });

const stored = async (id = ID): Promise<LocalCallLog | undefined> => db.callLogs.get(id);
const outboxOf = async (id = ID) => db.outbox.get(['call-log', id]);

beforeEach(async () => {
  clock = fakeClock();
  opened = freshAppDb();
  db = opened.db;
  await db.open();
  errors = [];
  writes = 0;
  recorders = [];
});

afterEach(() => {
  for (const recorder of recorders) recorder.stop();
  db.close();
  vi.restoreAllMocks();
});

describe('call log recorder', () => {
  it('writes a ringing call as live, version 1, with its outbox entry, before telling anyone', async () => {
    const seenAtNotice: Promise<LocalCallLog | undefined>[] = [];
    const recorder = startRecorder(db, () => void seenAtNotice.push(stored()));
    await expect(recorder.recovered).resolves.toBe(0);
    const ringing = callSnapshot({ id: ID, startedAt: clock.now() });

    recorder.observe(phoneSnapshot([ringing]));
    await recorder.flush();

    const record = await stored();
    expect(record).toMatchObject({ id: ID, status: 'live', version: 1, syncState: 'pending', startedAt: iso(clock.now()) });
    expect(record!.events.map((e) => e.type)).toEqual(['ringing']);
    expect(await outboxOf()).toEqual({ kind: 'call-log', key: ID, version: 1, enqueuedAt: clock.now() });
    // The notice (the uploader's trigger) came after the record was in the database.
    expect(seenAtNotice).toHaveLength(1);
    await expect(seenAtNotice[0]).resolves.toMatchObject({ version: 1 });
    expect(errors).toEqual([]);
  });

  it('writes each change in the order the phone reported it, even when they come faster than the disk', async () => {
    const recorder = startRecorder();
    const t0 = clock.now();
    const ringing = callSnapshot({ id: ID, startedAt: t0 });
    const talking = step(ringing, { state: 'talking', answeredAt: t0 + 1_000 });
    const held = step(talking, { state: 'held' });
    const resumed = step(held, { state: 'talking' });
    const ended = step(resumed, { state: 'ended', endedAt: t0 + 9_000, endedBy: 'remote', endCause: 'BYE' });

    for (const call of [ringing, talking, held, resumed, ended]) recorder.observe(phoneSnapshot([call]));
    await recorder.flush();

    const record = await stored();
    expect(record!.events.map((e) => [e.seq, e.type])).toEqual([
      [0, 'ringing'],
      [1, 'answered'],
      [2, 'held'],
      [3, 'resumed'],
      [4, 'ended'],
    ]);
    expect(record).toMatchObject({ version: 5, status: 'ended', endedBy: 'remote', endCause: 'BYE' });
    expect(writes).toBe(5);
    expect(CallLogRecordSchema.safeParse(toUploadRecord(record!)).success).toBe(true);
  });

  it('skips a snapshot in which the call did not change', async () => {
    const recorder = startRecorder();
    const ringing = callSnapshot({ id: ID, startedAt: clock.now() });
    recorder.observe(phoneSnapshot([ringing]));
    await recorder.flush();
    recorder.observe({ ...phoneSnapshot([ringing]), online: false });
    recorder.observe(phoneSnapshot([{ ...ringing }]));
    await recorder.flush();
    expect((await stored())!.version).toBe(1);
    expect(writes).toBe(1);
  });

  it('keeps one outbox entry per call, naming its newest version and its first queueing time', async () => {
    const recorder = startRecorder();
    const t0 = clock.now();
    const ringing = callSnapshot({ id: ID, startedAt: t0 });
    recorder.observe(phoneSnapshot([ringing]));
    await recorder.flush();
    await clock.advance(2_000);
    const talking = step(ringing, { state: 'talking', answeredAt: clock.now() });
    recorder.observe(phoneSnapshot([talking]));
    await clock.advance(2_000);
    recorder.observe(phoneSnapshot([step(talking, { muted: true })]));
    await recorder.flush();

    expect(await db.outbox.toArray()).toEqual([{ kind: 'call-log', key: ID, version: 3, enqueuedAt: t0 }]);
  });

  it('writes two calls side by side, each to its own record', async () => {
    const recorder = startRecorder();
    const first = callSnapshot({ id: callId(1), state: 'talking', answeredAt: clock.now() });
    const second = callSnapshot({ id: callId(2), remote: { number: '13900139000', displayName: '' } });
    recorder.observe(phoneSnapshot([first, second]));
    recorder.observe(phoneSnapshot([step(first, { state: 'held' }), step(second, { state: 'talking', answeredAt: clock.now() })]));
    await recorder.flush();
    expect((await stored(callId(1)))!.events.map((e) => e.type)).toEqual(['ringing', 'answered', 'held']);
    expect((await stored(callId(2)))!.events.map((e) => e.type)).toEqual(['ringing', 'answered']);
    expect(await db.outbox.count()).toBe(2);
  });

  it('notes that a live call is still up at each heartbeat, locally, without a new version', async () => {
    const recorder = startRecorder();
    const talking = callSnapshot({ id: ID, state: 'talking', answeredAt: clock.now() });
    recorder.observe(phoneSnapshot([talking]));
    await recorder.flush();
    const start = clock.now();

    await clock.advance(2 * HEARTBEAT_MS + 1_000);
    await recorder.flush();

    expect(await stored()).toMatchObject({ version: 1, lastSeenAt: start + 2 * HEARTBEAT_MS });
    expect((await outboxOf())!.version).toBe(1);
  });

  it('marks a call left live by a console that died as interrupted, with the heartbeat as its last sign of life', async () => {
    const before = startRecorder();
    const heartbeatsFrom = clock.now();
    const ringing = callSnapshot({ id: ID, startedAt: clock.now() });
    await clock.advance(3_000);
    const talking = step(ringing, { state: 'talking', answeredAt: clock.now() });
    before.observe(phoneSnapshot([ringing]));
    before.observe(phoneSnapshot([talking]));
    await before.flush();
    const answeredAt = clock.now();
    // Heartbeats at 15 s and 30 s; the console dies at 43 s, before the next.
    await clock.advance(40_000);
    await before.flush();
    // The page reloads mid-call: nothing more is written, the database is opened again.
    before.stop();
    db.close();
    await clock.advance(600_000);
    db = opened.reopen();
    await db.open();

    const after = startRecorder();
    await expect(after.recovered).resolves.toBe(1);

    const record = await stored();
    expect(record).toMatchObject({
      version: 3,
      status: 'interrupted',
      answeredAt: iso(answeredAt),
      endedAt: null,
      interruption: { lastSeenAt: iso(heartbeatsFrom + 2 * HEARTBEAT_MS), detectedAt: iso(clock.now()) },
      syncState: 'pending',
    });
    expect(record!.events.map((e) => e.type)).toEqual(['ringing', 'answered', 'interrupted']);
    expect((await outboxOf())!.version).toBe(3);
    expect(writes).toBe(3);
    expect(CallLogRecordSchema.safeParse(toUploadRecord(record!)).success).toBe(true);
  });

  it('leaves ended and completed calls alone when it starts again', async () => {
    const before = startRecorder();
    before.observe(phoneSnapshot([callSnapshot({ id: ID, state: 'ended', endedAt: clock.now(), endedBy: 'remote', endCause: 'CANCEL' })]));
    await before.flush();
    before.stop();
    const after = startRecorder();
    await expect(after.recovered).resolves.toBe(0);
    expect(await stored()).toMatchObject({ version: 1, status: 'completed' });
  });

  it('reports a write that fails, keeps the record as it was, and writes the missed steps with the next snapshot', async () => {
    const recorder = startRecorder();
    const t0 = clock.now();
    const ringing = callSnapshot({ id: ID, startedAt: t0 });
    recorder.observe(phoneSnapshot([ringing]));
    await recorder.flush();
    const intact = await stored();

    vi.spyOn(db.callLogs, 'put').mockRejectedValueOnce(quotaError());
    const talking = step(ringing, { state: 'talking', answeredAt: t0 + 1_000 });
    recorder.observe(phoneSnapshot([talking]));
    await recorder.flush();

    expect(errors).toHaveLength(1);
    expect(isQuotaError(errors[0])).toBe(true);
    expect(await stored()).toEqual(intact);
    expect((await outboxOf())!.version).toBe(1);

    recorder.observe(phoneSnapshot([step(talking, { state: 'held' })]));
    await recorder.flush();
    const record = await stored();
    expect(record!.events.map((e) => [e.seq, e.type])).toEqual([
      [0, 'ringing'],
      [1, 'answered'],
      [2, 'held'],
    ]);
    expect(record!.version).toBe(2);
    expect((await outboxOf())!.version).toBe(2);
    expect(errors).toHaveLength(1);
  });

  it('tries a failed hang-up again at the next heartbeat when the phone has nothing more to say', async () => {
    const recorder = startRecorder();
    const talking = callSnapshot({ id: ID, state: 'talking', answeredAt: clock.now() });
    recorder.observe(phoneSnapshot([talking]));
    await recorder.flush();

    vi.spyOn(db.callLogs, 'put').mockRejectedValueOnce(quotaError());
    recorder.observe(phoneSnapshot([step(talking, { state: 'ended', endedAt: clock.now(), endedBy: 'local', endCause: 'BYE' })]));
    await recorder.flush();
    expect((await stored())!.status).toBe('live');

    await clock.advance(HEARTBEAT_MS);
    await recorder.flush();
    expect(await stored()).toMatchObject({ status: 'ended', endedBy: 'local', version: 2 });
    expect(errors).toHaveLength(1);
  });

  it('saves wrap-up changes and finishes the wrap-up as new versions of the record', async () => {
    const recorder = startRecorder();
    recorder.observe(phoneSnapshot([callSnapshot({ id: ID, state: 'ended', answeredAt: clock.now(), endedAt: clock.now(), endedBy: 'remote', endCause: 'BYE' })]));
    await recorder.flush();

    await expect(recorder.setWrapUp(ID, { notes: 'asked about the bill' })).resolves.toMatchObject({ version: 2, status: 'ended' });
    await clock.advance(5_000);
    const done = await recorder.finishWrapUp(ID, { dispositionCode: 'resolved' });

    expect(done).toMatchObject({
      version: 3,
      status: 'completed',
      wrapUp: { dispositionCode: 'resolved', notes: 'asked about the bill', doneAt: iso(clock.now()) },
    });
    expect(await stored()).toEqual(done);
    expect((await outboxOf())!.version).toBe(3);
    expect(writes).toBe(3);
    expect(CallLogRecordSchema.safeParse(toUploadRecord(done!)).success).toBe(true);
  });

  it('refuses to finish the wrap-up of a live or unknown call, and says why', async () => {
    const recorder = startRecorder();
    recorder.observe(phoneSnapshot([callSnapshot({ id: ID })]));
    await recorder.flush();

    await expect(recorder.finishWrapUp(ID, { dispositionCode: 'resolved' })).resolves.toBeNull();
    await expect(recorder.finishWrapUp(callId(9), {})).resolves.toBeNull();
    expect(errors.map(String)).toEqual([expect.stringMatching(/still live/), expect.stringMatching(/no call log/)]);
    expect(await stored()).toMatchObject({ version: 1, status: 'live' });
  });

  it('records a script on its call in the write-ahead queue, with its outbox entry, and nothing for a call it has no record of', async () => {
    const recorder = startRecorder();
    recorder.observe(phoneSnapshot([callSnapshot({ id: ID, state: 'talking', answeredAt: clock.now() })]));
    const written = recorder.recordScript(ID, {
      script: { flowId: 'complaint.intake', flowVersion: 2 },
      answers: [{ stepId: 'greet', questionId: 'what', value: '漏发', answeredAt: iso(clock.now()) }],
      events: [{ type: 'recording_paused', at: clock.now(), detail: { reason: '银行卡号' } }],
    });
    // Queued behind the ringing write: the record exists by the time the script reaches it.
    await expect(written).resolves.toMatchObject({ version: 2, script: { flowId: 'complaint.intake', flowVersion: 2 } });
    expect((await stored())!.events.map((e) => e.type)).toEqual(['ringing', 'answered', 'recording_paused']);
    expect((await outboxOf())!.version).toBe(2);

    await expect(recorder.recordScript(callId(9), { ticketIds: ['x'] })).resolves.toBeNull();
    expect(errors).toEqual([]);
    expect(await stored(callId(9))).toBeUndefined();
  });

  it('writes nothing and leaves no timer once stopped', async () => {
    const recorder = startRecorder();
    await recorder.recovered;
    recorder.stop();
    recorder.observe(phoneSnapshot([callSnapshot({ id: ID })]));
    await recorder.flush();
    expect(await db.callLogs.count()).toBe(0);
    expect(clock.pendingTimers()).toBe(0);
  });
  describe('customer link', () => {
    const CUSTOMER = '0193a1b2-0000-7000-8000-0000000000c1';

    it('names the customer in the record as a new version waiting for upload', async () => {
      const recorder = startRecorder();
      recorder.observe(phoneSnapshot([callSnapshot({ id: ID, startedAt: clock.now() })]));
      await recorder.flush();

      await recorder.linkCustomer(ID, CUSTOMER);

      expect(await stored()).toMatchObject({ customerId: CUSTOMER, version: 2, syncState: 'pending' });
      expect(await outboxOf()).toMatchObject({ version: 2 });
    });

    it('keeps a link that came before the call was first written, and writes it with the call', async () => {
      const recorder = startRecorder();
      await recorder.linkCustomer(ID, CUSTOMER);
      expect(await stored()).toBeUndefined();

      recorder.observe(phoneSnapshot([callSnapshot({ id: ID, startedAt: clock.now() })]));
      await recorder.flush();

      expect(await stored()).toMatchObject({ customerId: CUSTOMER, version: 1 });
    });

    it('keeps a worklist task named before the call was first written, and writes it with the call', async () => {
      const recorder = startRecorder();
      const callback = { taskId: '0193a1b2-0000-7000-8000-0000000000d1', type: 'after_sales' as const, survey: null };
      await recorder.recordScript(ID, { callback });
      expect(await stored()).toBeUndefined();

      recorder.observe(phoneSnapshot([callSnapshot({ id: ID, startedAt: clock.now() })]));
      await recorder.flush();

      expect(await stored()).toMatchObject({ callback, version: 1 });
    });

    it('does not raise the version when the same customer is linked again', async () => {
      const recorder = startRecorder();
      recorder.observe(phoneSnapshot([callSnapshot({ id: ID, startedAt: clock.now() })]));
      await recorder.linkCustomer(ID, CUSTOMER);
      await recorder.linkCustomer(ID, CUSTOMER);

      expect((await stored())?.version).toBe(2);
    });
  });
});
