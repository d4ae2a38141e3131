import { describe, expect, it } from 'vitest';
import { CallLogRecordSchema } from '../../../../../shared/api/call-logs';
import {
  applyCallSnapshot,
  applyScript,
  applyWrapUp,
  callEventsBetween,
  createCallLog,
  finishWrapUp,
  holdSecondsOf,
  markInterrupted,
  searchKeysOf,
  toUploadRecord,
} from '../../../../../renderer/src/services/call-log/call-log-model';
import type { LocalCallLog } from '../../../../../renderer/src/services/local-db/app-db';
import type { CallSnapshot } from '../../../../../renderer/src/services/sip/phone-types';
import { T0, callSnapshot } from '../../support/call-log-builders';

const iso = (ms: number) => new Date(ms).toISOString();

interface Step {
  at: number;
  patch: Partial<CallSnapshot>;
}

/** Writes the first snapshot, then applies each step as the recorder would; every record along the way. */
function play(first: CallSnapshot, steps: Step[], firstAt = first.startedAt) {
  const records: LocalCallLog[] = [createCallLog(first, firstAt)];
  let before = first;
  for (const step of steps) {
    const after = { ...before, ...step.patch };
    const { record, changed } = applyCallSnapshot(records.at(-1)!, before, after, step.at);
    expect(changed).toBe(true);
    records.push(record);
    before = after;
  }
  return { records, last: records.at(-1)!, snapshot: before };
}

/** The hub's own schema takes it, and keeps every field (nothing unknown is stripped at any depth). */
function expectHubAccepts(local: LocalCallLog): void {
  const upload = toUploadRecord(local);
  const parsed = CallLogRecordSchema.safeParse(upload);
  expect(parsed.error).toBeUndefined();
  expect(parsed.data).toStrictEqual(upload);
}

const eventsOf = (record: LocalCallLog) => record.events.map((e) => [e.seq, e.type, e.at]);

function inboundCallHeldOnce() {
  return play(callSnapshot(), [
    { at: T0 + 3_000, patch: { state: 'talking', answeredAt: T0 + 3_000 } },
    { at: T0 + 10_000, patch: { state: 'held' } },
    { at: T0 + 25_000, patch: { state: 'talking' } },
    { at: T0 + 40_000, patch: { state: 'ended', endedAt: T0 + 40_000, endedBy: 'remote', endCause: 'BYE' } },
  ]);
}

describe('createCallLog', () => {
  it('writes a ringing inbound call as live, version 1, with one ringing event at the start time', () => {
    const record = createCallLog(callSnapshot(), T0 + 50);
    expect(record).toMatchObject({
      version: 1,
      status: 'live',
      direction: 'inbound',
      remote: { number: '13800138000', displayName: '王先生' },
      ivrChoice: 'consult',
      startedAt: iso(T0),
      answeredAt: null,
      endedAt: null,
      endedBy: null,
      endCause: null,
      syncState: 'pending',
      uploadedVersion: 0,
      lastSeenAt: T0 + 50,
    });
    expect(eventsOf(record)).toEqual([[0, 'ringing', iso(T0)]]);
    expectHubAccepts(record);
  });

  it('still records the answer when the call is first seen already talking', () => {
    const record = createCallLog(callSnapshot({ state: 'talking', answeredAt: T0 + 2_000 }), T0 + 2_500);
    expect(record.version).toBe(1);
    expect(record.status).toBe('live');
    expect(record.answeredAt).toBe(iso(T0 + 2_000));
    expect(eventsOf(record)).toEqual([
      [0, 'ringing', iso(T0)],
      [1, 'answered', iso(T0 + 2_000)],
    ]);
    expectHubAccepts(record);
  });

  it('records the whole story of a call first seen after it ended, complete since it was never answered', () => {
    const record = createCallLog(
      callSnapshot({ direction: 'outbound', state: 'ended', endedAt: T0 + 900, endedBy: 'remote', endCause: '404 Not Found' }),
      T0 + 1_000,
    );
    expect(record).toMatchObject({ version: 1, status: 'completed', endedAt: iso(T0 + 900), endedBy: 'remote', endCause: '404 Not Found' });
    expect(record.events.map((e) => e.type)).toEqual(['dialing', 'ended']);
  });
});

describe('applyCallSnapshot', () => {
  it('records ringing, answer, hold, resume and a remote hang-up in order, with the times and hold seconds', () => {
    const { records, last } = inboundCallHeldOnce();
    expect(eventsOf(last)).toEqual([
      [0, 'ringing', iso(T0)],
      [1, 'answered', iso(T0 + 3_000)],
      [2, 'held', iso(T0 + 10_000)],
      [3, 'resumed', iso(T0 + 25_000)],
      [4, 'ended', iso(T0 + 40_000)],
    ]);
    expect(last.events[4]!.detail).toEqual({ by: 'remote', cause: 'BYE' });
    expect(last).toMatchObject({
      status: 'ended',
      answeredAt: iso(T0 + 3_000),
      endedAt: iso(T0 + 40_000),
      endedBy: 'remote',
      endCause: 'BYE',
      holdSeconds: 15,
      interruption: null,
    });
    for (const record of records) expectHubAccepts(record);
  });

  it('raises the version by exactly one at every change', () => {
    const { records } = inboundCallHeldOnce();
    expect(records.map((r) => r.version)).toEqual([1, 2, 3, 4, 5]);
  });

  it('counts the hold so far while the call is still held', () => {
    const { last } = play(callSnapshot(), [
      { at: T0 + 1_000, patch: { state: 'talking', answeredAt: T0 + 1_000 } },
      { at: T0 + 5_000, patch: { state: 'held' } },
      { at: T0 + 12_000, patch: { muted: true } },
    ]);
    expect(last.status).toBe('live');
    expect(last.holdSeconds).toBe(7);
  });

  it('closes a hold when the call ends while held', () => {
    const { last } = play(callSnapshot(), [
      { at: T0 + 1_000, patch: { state: 'talking', answeredAt: T0 + 1_000 } },
      { at: T0 + 5_000, patch: { state: 'held' } },
      { at: T0 + 9_000, patch: { state: 'ended', endedAt: T0 + 9_000, endedBy: 'local', endCause: 'BYE' } },
    ]);
    expect(last.events.map((e) => e.type)).toEqual(['ringing', 'answered', 'held', 'resumed', 'ended']);
    expect(last.events[3]!.detail).toEqual({ implied: true });
    expect(last.holdSeconds).toBe(4);
  });

  it('records an outbound call refused with 486 as dialled and ended, never answered', () => {
    const { last } = play(callSnapshot({ direction: 'outbound', remote: { number: '2001', displayName: '' } }), [
      { at: T0 + 4_000, patch: { state: 'ended', endedAt: T0 + 4_000, endedBy: 'remote', endCause: '486 Busy Here' } },
    ]);
    expect(eventsOf(last)).toEqual([
      [0, 'dialing', iso(T0)],
      [1, 'ended', iso(T0 + 4_000)],
    ]);
    expect(last.events[1]!.detail).toEqual({ by: 'remote', cause: '486 Busy Here' });
    // Nothing to wrap up after a call nobody answered: it is complete as it ends.
    expect(last).toMatchObject({ direction: 'outbound', status: 'completed', answeredAt: null, endedBy: 'remote', endCause: '486 Busy Here', holdSeconds: 0 });
    expectHubAccepts(last);
  });

  it('records a blind transfer that was accepted in transfers and events', () => {
    const { last, records } = play(callSnapshot(), [
      { at: T0 + 1_000, patch: { state: 'talking', answeredAt: T0 + 1_000 } },
      { at: T0 + 8_000, patch: { transfer: { kind: 'blind', target: '2001', state: 'pending', error: null } } },
      { at: T0 + 9_000, patch: { transfer: { kind: 'blind', target: '2001', state: 'accepted', error: null } } },
      { at: T0 + 9_500, patch: { state: 'ended', endedAt: T0 + 9_500, endedBy: 'remote', endCause: 'transferred' } },
    ]);
    expect(records[2]!.transfers).toEqual([{ kind: 'blind', target: '2001', at: iso(T0 + 8_000), outcome: 'pending' }]);
    expect(last.transfers).toEqual([{ kind: 'blind', target: '2001', at: iso(T0 + 8_000), outcome: 'accepted' }]);
    expect(last.events.map((e) => [e.type, e.detail])).toEqual([
      ['ringing', undefined],
      ['answered', undefined],
      ['transfer_requested', { kind: 'blind', target: '2001' }],
      ['transferred', { kind: 'blind', target: '2001' }],
      ['ended', { by: 'remote', cause: 'transferred' }],
    ]);
    expect(last.endCause).toBe('transferred');
    for (const record of records) expectHubAccepts(record);
  });

  it('records an attended transfer that failed, and the call goes on', () => {
    const { last } = play(callSnapshot(), [
      { at: T0 + 1_000, patch: { state: 'talking', answeredAt: T0 + 1_000 } },
      { at: T0 + 8_000, patch: { transfer: { kind: 'attended', target: '2002', state: 'pending', error: null } } },
      { at: T0 + 9_000, patch: { transfer: { kind: 'attended', target: '2002', state: 'failed', error: '486 Busy Here' } } },
    ]);
    expect(last.status).toBe('live');
    expect(last.transfers).toEqual([{ kind: 'attended', target: '2002', at: iso(T0 + 8_000), outcome: 'failed' }]);
    expect(last.events.slice(2).map((e) => [e.type, e.at, e.detail])).toEqual([
      ['transfer_requested', iso(T0 + 8_000), { kind: 'attended', target: '2002' }],
      ['transfer_failed', iso(T0 + 9_000), { kind: 'attended', target: '2002', error: '486 Busy Here' }],
    ]);
    expectHubAccepts(last);
  });

  it('records a second try to the same target after a failed transfer as a new transfer', () => {
    const { last } = play(callSnapshot(), [
      { at: T0 + 1_000, patch: { state: 'talking', answeredAt: T0 + 1_000 } },
      { at: T0 + 2_000, patch: { transfer: { kind: 'blind', target: '2001', state: 'pending', error: null } } },
      { at: T0 + 3_000, patch: { transfer: { kind: 'blind', target: '2001', state: 'failed', error: '480 Temporarily Unavailable' } } },
      { at: T0 + 4_000, patch: { transfer: { kind: 'blind', target: '2001', state: 'pending', error: null } } },
      { at: T0 + 5_000, patch: { transfer: { kind: 'blind', target: '2001', state: 'accepted', error: null } } },
    ]);
    expect(last.events.slice(2).map((e) => e.type)).toEqual(['transfer_requested', 'transfer_failed', 'transfer_requested', 'transferred']);
    expect(last.transfers).toEqual([
      { kind: 'blind', target: '2001', at: iso(T0 + 2_000), outcome: 'failed' },
      { kind: 'blind', target: '2001', at: iso(T0 + 4_000), outcome: 'accepted' },
    ]);
  });

  it('records mute toggles and the remote side holding, but no unmute when the call ends muted', () => {
    const { last } = play(callSnapshot(), [
      { at: T0 + 1_000, patch: { state: 'talking', answeredAt: T0 + 1_000 } },
      { at: T0 + 2_000, patch: { muted: true } },
      { at: T0 + 3_000, patch: { muted: false } },
      { at: T0 + 4_000, patch: { remoteHold: true } },
      { at: T0 + 5_000, patch: { remoteHold: false } },
      { at: T0 + 6_000, patch: { muted: true } },
      { at: T0 + 7_000, patch: { state: 'ended', muted: false, endedAt: T0 + 7_000, endedBy: 'local', endCause: 'BYE' } },
    ]);
    expect(last.events.map((e) => [e.type, e.at])).toEqual([
      ['ringing', iso(T0)],
      ['answered', iso(T0 + 1_000)],
      ['muted', iso(T0 + 2_000)],
      ['unmuted', iso(T0 + 3_000)],
      ['remote_hold', iso(T0 + 4_000)],
      ['remote_resume', iso(T0 + 5_000)],
      ['muted', iso(T0 + 6_000)],
      ['ended', iso(T0 + 7_000)],
    ]);
    // The remote side's hold is theirs, not the agent's.
    expect(last.holdSeconds).toBe(0);
  });

  it('changes nothing for a repeated snapshot: same record, same version', () => {
    const first = callSnapshot();
    const talking = { ...first, state: 'talking' as const, answeredAt: T0 + 1_000 };
    const record = applyCallSnapshot(createCallLog(first, T0), first, talking, T0 + 1_000).record;
    const again = applyCallSnapshot(record, talking, { ...talking }, T0 + 60_000);
    expect(again.changed).toBe(false);
    expect(again.record).toBe(record);
    expect(again.record.version).toBe(2);
  });

  it('records a new caller name as a change of its own', () => {
    const first = callSnapshot({ remote: { number: '13800138000', displayName: '' } });
    const named = { ...first, remote: { number: '13800138000', displayName: '李女士' } };
    const { record, changed } = applyCallSnapshot(createCallLog(first, T0), first, named, T0 + 500);
    expect(changed).toBe(true);
    expect(record.version).toBe(2);
    expect(record.remote.displayName).toBe('李女士');
    expect(record.searchKeys).toContain('女士');
  });

  it('ignores snapshots of a call whose record is no longer live', () => {
    const { last, snapshot } = inboundCallHeldOnce();
    const after = applyCallSnapshot(last, snapshot, { ...snapshot, muted: true }, T0 + 90_000);
    expect(after).toEqual({ record: last, changed: false });
  });

  it('keeps every text within the hub limits, even a long transfer error or end cause', () => {
    const long = 'x'.repeat(500);
    const { last, records } = play(callSnapshot(), [
      { at: T0 + 1_000, patch: { state: 'talking', answeredAt: T0 + 1_000 } },
      { at: T0 + 2_000, patch: { transfer: { kind: 'blind', target: '9'.repeat(120), state: 'pending', error: null } } },
      { at: T0 + 3_000, patch: { transfer: { kind: 'blind', target: '9'.repeat(120), state: 'failed', error: long } } },
      { at: T0 + 4_000, patch: { state: 'ended', endedAt: T0 + 4_000, endedBy: 'system', endCause: long } },
    ]);
    for (const record of records) expectHubAccepts(record);
    expect(last.endCause!.startsWith('xxx')).toBe(true);
  });
});

describe('callEventsBetween', () => {
  it('finds no event between two equal snapshots', () => {
    const talking = callSnapshot({ state: 'talking', answeredAt: T0 });
    expect(callEventsBetween(talking, { ...talking, mediaRecovering: true }, T0 + 1)).toEqual([]);
  });
});

describe('holdSecondsOf', () => {
  it('sums each hold until its resume, and an open hold until the given time', () => {
    const at = (s: number) => iso(T0 + s * 1_000);
    const events = [
      { seq: 0, type: 'held' as const, at: at(0) },
      { seq: 1, type: 'resumed' as const, at: at(10) },
      { seq: 2, type: 'held' as const, at: at(20) },
    ];
    expect(holdSecondsOf(events, T0 + 25_000)).toBe(15);
  });
});

describe('markInterrupted', () => {
  const heldThenLost = () => {
    const { last } = play(callSnapshot(), [
      { at: T0 + 1_000, patch: { state: 'talking', answeredAt: T0 + 1_000 } },
      { at: T0 + 10_000, patch: { state: 'held' } },
    ]);
    // The heartbeat's last word before the console died.
    return { ...last, lastSeenAt: T0 + 30_000 };
  };

  it('keeps what is known, says interrupted with the last moment seen and invents no end', () => {
    const before = heldThenLost();
    const detectedAt = T0 + 3_600_000;
    const record = markInterrupted(before, detectedAt);
    expect(record).toMatchObject({
      version: before.version + 1,
      status: 'interrupted',
      answeredAt: iso(T0 + 1_000),
      endedAt: null,
      interruption: { lastSeenAt: iso(T0 + 30_000), detectedAt: iso(detectedAt) },
      syncState: 'pending',
    });
    expect(record.events.slice(0, -1)).toEqual(before.events);
    expect(record.events.at(-1)).toMatchObject({ seq: before.events.length, type: 'interrupted', detail: { lastSeenAt: iso(T0 + 30_000) } });
    expectHubAccepts(record);
  });

  it('counts a hold only up to the last moment the call was seen, not until the console came back', () => {
    const record = markInterrupted(heldThenLost(), T0 + 3_600_000);
    expect(record.holdSeconds).toBe(20);
  });

  it('uses the start of the call when no heartbeat came after it', () => {
    const record = markInterrupted({ ...createCallLog(callSnapshot(), T0), lastSeenAt: 0 }, T0 + 60_000);
    expect(record.interruption?.lastSeenAt).toBe(iso(T0));
  });
});

describe('applyWrapUp', () => {
  const ended = () => inboundCallHeldOnce().last;

  it('adds a disposition_set event only when the code changes, and raises the version at each change', () => {
    const start = ended();
    const coded = applyWrapUp(start, { dispositionCode: 'resolved' }, T0 + 50_000);
    expect(coded.version).toBe(start.version + 1);
    expect(coded.events.at(-1)).toMatchObject({ seq: start.events.length, type: 'disposition_set', at: iso(T0 + 50_000), detail: { code: 'resolved' } });

    const noted = applyWrapUp(coded, { dispositionCode: 'resolved', notes: 'Explained the bill' }, T0 + 51_000);
    expect(noted.version).toBe(coded.version + 1);
    expect(noted.events).toEqual(coded.events);
    expect(noted.wrapUp).toEqual({ dispositionCode: 'resolved', notes: 'Explained the bill', doneAt: null });
    expectHubAccepts(noted);
  });

  it('returns the same record when nothing changes', () => {
    const coded = applyWrapUp(ended(), { dispositionCode: 'resolved', notes: 'n' }, T0 + 50_000);
    expect(applyWrapUp(coded, { dispositionCode: 'resolved', notes: 'n' }, T0 + 60_000)).toBe(coded);
    expect(applyWrapUp(coded, {}, T0 + 60_000)).toBe(coded);
  });

  it('leaves a field alone when the patch names it without a value', () => {
    const coded = applyWrapUp(ended(), { dispositionCode: 'resolved' }, T0 + 50_000);
    const noted = applyWrapUp(coded, { dispositionCode: undefined, notes: 'called back' }, T0 + 51_000);
    expect(noted.wrapUp.dispositionCode).toBe('resolved');
    expectHubAccepts(noted);
  });
});

describe('finishWrapUp', () => {
  it('refuses to finish a call that is still live', () => {
    expect(() => finishWrapUp(createCallLog(callSnapshot(), T0), { dispositionCode: 'resolved' }, T0 + 1)).toThrow(/still live/);
  });

  it('completes the record with the patch, one wrap_up_done event and one version step', () => {
    const ended = inboundCallHeldOnce().last;
    const done = finishWrapUp(ended, { dispositionCode: 'resolved', notes: 'ok' }, T0 + 70_000);
    expect(done).toMatchObject({
      version: ended.version + 1,
      status: 'completed',
      wrapUp: { dispositionCode: 'resolved', notes: 'ok', doneAt: iso(T0 + 70_000) },
      syncState: 'pending',
    });
    expect(done.events.slice(ended.events.length).map((e) => [e.seq, e.type])).toEqual([
      [5, 'disposition_set'],
      [6, 'wrap_up_done'],
    ]);
    expectHubAccepts(done);
  });

  it('keeps the first doneAt when finished twice, taking a correction as an ordinary change', () => {
    const done = finishWrapUp(inboundCallHeldOnce().last, { dispositionCode: 'resolved' }, T0 + 70_000);
    const again = finishWrapUp(done, { notes: 'correction' }, T0 + 90_000);
    expect(again.wrapUp).toEqual({ dispositionCode: 'resolved', notes: 'correction', doneAt: iso(T0 + 70_000) });
    expect(again.version).toBe(done.version + 1);
    expect(again.events.filter((e) => e.type === 'wrap_up_done')).toHaveLength(1);
    expect(finishWrapUp(again, {}, T0 + 95_000)).toBe(again);
  });

  it('completes an interrupted call, which the hub accepts without an end time', () => {
    const interrupted = markInterrupted(createCallLog(callSnapshot({ state: 'talking', answeredAt: T0 + 1_000 }), T0 + 1_000), T0 + 600_000);
    const done = finishWrapUp(interrupted, { dispositionCode: 'callback', notes: 'line dropped' }, T0 + 700_000);
    expect(done).toMatchObject({ status: 'completed', endedAt: null, interruption: interrupted.interruption });
    expectHubAccepts(done);
  });
});

describe('toUploadRecord', () => {
  it('strips the local bookkeeping and keeps exactly the fields of the upload contract', () => {
    const local = finishWrapUp(inboundCallHeldOnce().last, { dispositionCode: 'resolved', notes: '' }, T0 + 70_000);
    const upload = toUploadRecord(local);
    expect(Object.keys(upload).sort()).toEqual(Object.keys(CallLogRecordSchema.shape).sort());
    for (const field of ['syncState', 'uploadedVersion', 'rejection', 'lastSeenAt', 'updatedAt', 'searchKeys']) expect(upload).not.toHaveProperty(field);
    expectHubAccepts(local);
  });

  it('never carries a DTMF field, whatever the call went through', () => {
    const { last } = play(callSnapshot(), [
      { at: T0 + 1_000, patch: { state: 'talking', answeredAt: T0 + 1_000 } },
      { at: T0 + 2_000, patch: { muted: true } },
      { at: T0 + 3_000, patch: { state: 'held', muted: false } },
      { at: T0 + 4_000, patch: { state: 'talking', remoteHold: true } },
      { at: T0 + 5_000, patch: { remoteHold: false, transfer: { kind: 'blind', target: '2001', state: 'pending', error: null } } },
      { at: T0 + 6_000, patch: { transfer: { kind: 'blind', target: '2001', state: 'failed', error: '486 Busy Here' } } },
      { at: T0 + 7_000, patch: { state: 'ended', endedAt: T0 + 7_000, endedBy: 'local', endCause: 'BYE' } },
    ]);
    const done = finishWrapUp(last, { dispositionCode: 'resolved', notes: 'card verified' }, T0 + 8_000);
    const keys: string[] = [];
    JSON.parse(JSON.stringify(toUploadRecord(done)), (key: string, value: unknown) => {
      keys.push(key);
      return value;
    });
    expect(keys.filter((k) => /dtmf|digit/i.test(k))).toEqual([]);
    expectHubAccepts(done);
  });
});

describe('searchKeysOf', () => {
  const matches = (keys: string[], query: string) => keys.some((k) => k.startsWith(query));

  it('finds every substring of the number and of the lower-cased name', () => {
    const keys = searchKeysOf('13800138000', '王先生 Wang');
    for (const query of ['138', '0013', '8000', '13800138000', '先生', '王', 'wang', 'ang', '先生wang']) expect(matches(keys, query)).toBe(true);
    expect(matches(keys, '139')).toBe(false);
    expect(matches(keys, 'li')).toBe(false);
  });

  it('has no keys for an unknown caller without a name', () => {
    expect(searchKeysOf(null, '  ')).toEqual([]);
  });
});

describe('applyScript', () => {
  const ticket = (n: number) => `0193a1b2-0000-7000-9000-${n.toString(16).padStart(12, '0')}`;
  const answer = (questionId: string, value: string | number | boolean, at = T0 + 5_000) => ({ stepId: 'greet', questionId, value, answeredAt: iso(at) });

  it('records the flow, the answers on the path and the script events as a new version', () => {
    const { last } = inboundCallHeldOnce();
    const started = applyScript(last, { script: { flowId: 'complaint.intake', flowVersion: 3 }, answers: [], events: [{ type: 'script_started', at: T0 + 4_000, detail: { flowId: 'complaint.intake', version: 3 } }] }, T0 + 4_000);
    const answered = applyScript(started, { answers: [answer('what', '漏发'), answer('order_no', 'A100')] }, T0 + 5_000);

    expect(answered).toMatchObject({ version: last.version + 2, script: { flowId: 'complaint.intake', flowVersion: 3 }, syncState: 'pending' });
    expect(answered.scriptAnswers.map((a) => [a.questionId, a.value])).toEqual([['what', '漏发'], ['order_no', 'A100']]);
    expect(answered.events.at(-1)).toMatchObject({ type: 'script_started', detail: { flowId: 'complaint.intake', version: 3 } });
    expectHubAccepts(answered);
  });

  it('links each ticket once, with one ticket_linked event, whenever it is confirmed (after wrap-up too)', () => {
    const done = finishWrapUp(inboundCallHeldOnce().last, { dispositionCode: 'resolved' }, T0 + 70_000);
    const linked = applyScript(done, { ticketIds: [ticket(1)] }, T0 + 80_000);
    const again = applyScript(linked, { ticketIds: [ticket(1), ticket(2)] }, T0 + 90_000);

    expect(again.ticketIds).toEqual([ticket(1), ticket(2)]);
    expect(again.status).toBe('completed');
    expect(again.events.filter((e) => e.type === 'ticket_linked').map((e) => e.detail?.ticketId)).toEqual([ticket(1), ticket(2)]);
    expectHubAccepts(again);
  });

  it('links the worklist task and then its survey verdict as new versions the hub accepts, and nothing when told the same again', () => {
    const { last } = inboundCallHeldOnce();
    const taskId = '0193a1b2-0000-7000-9000-00000000c0b1';
    const linked = applyScript(last, { callback: { taskId, type: 'complaint', survey: null } }, T0 + 5_000);
    const surveyed = applyScript(linked, { survey: { score: 2, satisfied: false, reasons: '还在漏水' } }, T0 + 60_000);

    expect(linked).toMatchObject({ version: last.version + 1, callback: { taskId, survey: null } });
    expect(surveyed).toMatchObject({ version: last.version + 2, syncState: 'pending', callback: { taskId, type: 'complaint', survey: { score: 2, satisfied: false, reasons: '还在漏水' } } });
    expect(applyScript(surveyed, { survey: { score: 2, satisfied: false, reasons: '还在漏水' } }, T0 + 61_000)).toBe(surveyed);
    expectHubAccepts(surveyed);
  });

  it('keeps no survey on a call that no worklist task was made for', () => {
    const { last } = inboundCallHeldOnce();
    expect(applyScript(last, { survey: { score: 5, satisfied: true, reasons: '' } }, T0 + 5_000)).toBe(last);
  });

  it('writes nothing when the script says nothing new', () => {
    const { last } = inboundCallHeldOnce();
    const once = applyScript(last, { script: { flowId: 'f', flowVersion: 1 }, answers: [answer('what', 'x')], ticketIds: [ticket(1)] }, T0 + 5_000);
    expect(applyScript(once, { script: { flowId: 'f', flowVersion: 1 }, answers: [answer('what', 'x')], ticketIds: [ticket(1)] }, T0 + 6_000)).toBe(once);
  });

  it('cuts a typed answer and an event detail to what the hub takes, rather than have the record refused', () => {
    const { last } = inboundCallHeldOnce();
    const long = applyScript(last, { answers: [answer('what', '长'.repeat(5000))], events: [{ type: 'script_abandoned', at: T0 + 6_000, detail: { reason: 'x'.repeat(500) } }] }, T0 + 6_000);
    expect(String(long.scriptAnswers[0]!.value)).toHaveLength(4000);
    expectHubAccepts(long);
  });
});
