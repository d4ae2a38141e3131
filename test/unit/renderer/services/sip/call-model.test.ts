import { describe, expect, it } from 'vitest';
import {
  ENDED_CALL_RETENTION_MS,
  nextPruneAt,
  reduceCalls,
  type CallEvent,
} from '../../../../../renderer/src/services/sip/call-model';
import type { CallSnapshot } from '../../../../../renderer/src/services/sip/phone-types';

const caller = { number: '13800138000', displayName: '张敏' };

function fold(events: CallEvent[], start: readonly CallSnapshot[] = []): readonly CallSnapshot[] {
  return events.reduce<readonly CallSnapshot[]>((calls, event) => reduceCalls(calls, event), start);
}

const ringing = (id = 'a', at = 1_000): CallEvent => ({ type: 'incoming', id, at, remote: caller, ivrChoice: 'consult' });
const dialing = (id = 'b', at = 1_000): CallEvent => ({ type: 'outgoing', id, at, remote: { number: '1002', displayName: '' } });
const talking = (id = 'a', at = 2_000): CallEvent => ({ type: 'established', id, at });
const ended = (id = 'a', at = 3_000, endCause = 'BYE', endedBy: 'local' | 'remote' | 'system' = 'remote'): CallEvent => ({
  type: 'ended',
  id,
  at,
  endedBy,
  endCause,
});

describe('reduceCalls', () => {
  it('adds a ringing inbound call with the caller and IVR choice when an INVITE arrives', () => {
    const [call] = fold([ringing()]);
    expect(call).toEqual({
      id: 'a',
      direction: 'inbound',
      state: 'ringing',
      remote: caller,
      ivrChoice: 'consult',
      muted: false,
      remoteHold: false,
      startedAt: 1_000,
      answeredAt: null,
      endedAt: null,
      endedBy: null,
      endCause: null,
      transfer: null,
      mediaRecovering: false,
    });
  });

  it('adds a dialing outbound call without an IVR choice when the agent dials', () => {
    expect(fold([dialing()])[0]).toMatchObject({ direction: 'outbound', state: 'dialing', ivrChoice: null, remote: { number: '1002' } });
  });

  it('ignores a second incoming event with an id it already has', () => {
    const calls = fold([ringing()]);
    expect(reduceCalls(calls, { ...ringing(), at: 5 } as CallEvent)).toBe(calls);
  });

  it('moves ringing and dialing calls to talking with the answer time when established', () => {
    expect(fold([ringing(), talking()])[0]).toMatchObject({ state: 'talking', answeredAt: 2_000 });
    expect(fold([dialing(), talking('b', 2_500)])[0]).toMatchObject({ state: 'talking', answeredAt: 2_500 });
  });

  it('ignores established for a call that is already talking, held or ended', () => {
    const talkingCalls = fold([ringing(), talking()]);
    expect(reduceCalls(talkingCalls, talking('a', 9_000))).toBe(talkingCalls);
    const endedCalls = fold([ringing(), ended()]);
    expect(reduceCalls(endedCalls, talking())).toBe(endedCalls);
  });

  it('holds a talking call and resumes a held one, and ignores hold in any other state', () => {
    const held = fold([ringing(), talking(), { type: 'hold', id: 'a', held: true }]);
    expect(held[0]!.state).toBe('held');
    expect(reduceCalls(held, { type: 'hold', id: 'a', held: true })).toBe(held);
    expect(reduceCalls(held, { type: 'hold', id: 'a', held: false })[0]!.state).toBe('talking');
    const rings = fold([ringing()]);
    expect(reduceCalls(rings, { type: 'hold', id: 'a', held: true })).toBe(rings);
    const talks = fold([ringing(), talking()]);
    expect(reduceCalls(talks, { type: 'hold', id: 'a', held: false })).toBe(talks);
  });

  it('mutes talking, held and dialing calls but not ringing or ended ones', () => {
    expect(fold([ringing(), talking(), { type: 'mute', id: 'a', muted: true }])[0]!.muted).toBe(true);
    expect(fold([ringing(), talking(), { type: 'hold', id: 'a', held: true }, { type: 'mute', id: 'a', muted: true }])[0]).toMatchObject({ state: 'held', muted: true });
    expect(fold([dialing(), { type: 'mute', id: 'b', muted: true }])[0]!.muted).toBe(true);
    const rings = fold([ringing()]);
    expect(reduceCalls(rings, { type: 'mute', id: 'a', muted: true })).toBe(rings);
    const over = fold([ringing(), talking(), ended()]);
    expect(reduceCalls(over, { type: 'mute', id: 'a', muted: true })).toBe(over);
  });

  it('records the far end holding us only while the call is connected', () => {
    const calls = fold([ringing(), talking(), { type: 'remote-hold', id: 'a', remoteHold: true }]);
    expect(calls[0]!.remoteHold).toBe(true);
    expect(reduceCalls(calls, { type: 'remote-hold', id: 'a', remoteHold: false })[0]!.remoteHold).toBe(false);
    const rings = fold([ringing()]);
    expect(reduceCalls(rings, { type: 'remote-hold', id: 'a', remoteHold: true })).toBe(rings);
  });

  it('flags media recovery on connected calls and clears it when the call ends', () => {
    const recovering = fold([ringing(), talking(), { type: 'media-recovery', id: 'a', recovering: true }]);
    expect(recovering[0]!.mediaRecovering).toBe(true);
    expect(reduceCalls(recovering, { type: 'media-recovery', id: 'a', recovering: false })[0]!.mediaRecovering).toBe(false);
    expect(reduceCalls(recovering, ended())[0]!.mediaRecovering).toBe(false);
    const rings = fold([ringing()]);
    expect(reduceCalls(rings, { type: 'media-recovery', id: 'a', recovering: true })).toBe(rings);
  });

  it('tracks a transfer from pending to accepted or failed, one at a time', () => {
    const pending = fold([ringing(), talking(), { type: 'transfer-started', id: 'a', kind: 'blind', target: '1002' }]);
    expect(pending[0]!.transfer).toEqual({ kind: 'blind', target: '1002', state: 'pending', error: null });
    expect(reduceCalls(pending, { type: 'transfer-started', id: 'a', kind: 'attended', target: '1003' })).toBe(pending);
    expect(reduceCalls(pending, { type: 'transfer-settled', id: 'a', state: 'accepted', error: null })[0]!.transfer).toMatchObject({ state: 'accepted' });
    const failed = reduceCalls(pending, { type: 'transfer-settled', id: 'a', state: 'failed', error: '486 Busy Here' });
    expect(failed[0]!.transfer).toEqual({ kind: 'blind', target: '1002', state: 'failed', error: '486 Busy Here' });
    expect(reduceCalls(failed, { type: 'transfer-settled', id: 'a', state: 'accepted', error: null })).toBe(failed);
    // A failed transfer can be retried.
    expect(reduceCalls(failed, { type: 'transfer-started', id: 'a', kind: 'blind', target: '1003' })[0]!.transfer).toMatchObject({ target: '1003', state: 'pending' });
  });

  it('does not start a transfer on a call that is not connected', () => {
    const rings = fold([ringing()]);
    expect(reduceCalls(rings, { type: 'transfer-started', id: 'a', kind: 'blind', target: '1002' })).toBe(rings);
  });

  it('ends a call with who ended it and why, once', () => {
    const calls = fold([ringing(), ended('a', 3_000, '486 Busy Here', 'local')]);
    expect(calls[0]).toMatchObject({ state: 'ended', endedAt: 3_000, endedBy: 'local', endCause: '486 Busy Here' });
    expect(reduceCalls(calls, ended('a', 4_000, 'BYE'))).toBe(calls);
  });

  it('settles a pending transfer when the call ends: accepted if transferred, failed otherwise', () => {
    const pending = fold([ringing(), talking(), { type: 'transfer-started', id: 'a', kind: 'blind', target: '1002' }]);
    expect(reduceCalls(pending, ended('a', 3_000, 'transferred', 'local'))[0]!.transfer).toMatchObject({ state: 'accepted', error: null });
    expect(reduceCalls(pending, ended('a', 3_000, 'BYE'))[0]!.transfer).toMatchObject({ state: 'failed', error: 'call ended: BYE' });
  });

  it('ignores events for unknown call ids', () => {
    const calls = fold([ringing()]);
    for (const event of [talking('x'), ended('x'), { type: 'hold', id: 'x', held: true } as CallEvent]) {
      expect(reduceCalls(calls, event)).toBe(calls);
    }
  });

  it('lists live calls first in start order, then ended ones', () => {
    const calls = fold([ringing('first', 1_000), ringing('second', 2_000), ringing('third', 3_000), ended('first', 4_000)]);
    expect(calls.map((c) => c.id)).toEqual(['second', 'third', 'first']);
  });

  it('never mutates the list or the calls it was given', () => {
    const before = fold([ringing(), talking()]);
    const frozen = Object.freeze(before.map((c) => Object.freeze({ ...c })));
    expect(() => fold([{ type: 'hold', id: 'a', held: true }, { type: 'mute', id: 'a', muted: true }, ended()], frozen)).not.toThrow();
    expect(frozen[0]!.state).toBe('talking');
  });
});

describe('pruning ended calls', () => {
  it('keeps an ended call for the retention time and drops it after', () => {
    const calls = fold([ringing('a', 1_000), ringing('b', 1_500), ended('a', 3_000)]);
    expect(nextPruneAt(calls)).toBe(3_000 + ENDED_CALL_RETENTION_MS);
    expect(reduceCalls(calls, { type: 'prune', now: 3_000 + ENDED_CALL_RETENTION_MS - 1 })).toBe(calls);
    const pruned = reduceCalls(calls, { type: 'prune', now: 3_000 + ENDED_CALL_RETENTION_MS });
    expect(pruned.map((c) => c.id)).toEqual(['b']);
    expect(nextPruneAt(pruned)).toBeNull();
  });

  it('schedules by the earliest ended call', () => {
    const calls = fold([ringing('a', 1_000), ringing('b', 1_000), ended('b', 2_000), ended('a', 2_500)]);
    expect(nextPruneAt(calls)).toBe(2_000 + ENDED_CALL_RETENTION_MS);
    expect(reduceCalls(calls, { type: 'prune', now: 7_000 }).map((c) => c.id)).toEqual(['a']);
  });
});
