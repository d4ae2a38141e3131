import { describe, expect, it } from 'vitest';
import type { CallSnapshot } from '../../../../renderer/src/services/sip/phone-types';
import { callEvents } from '../../../../renderer/src/store/call-events';
import { callSnapshot } from '../support/phone-snapshots';

const call = (id: string, state: CallSnapshot['state'], direction: CallSnapshot['direction'] = 'inbound'): CallSnapshot =>
  callSnapshot({ id, direction, state, remote: { number: '13800138000', displayName: '' }, ivrChoice: null, startedAt: 0 });

describe('callEvents', () => {
  it('offers a new ringing call and dials a new outbound one', () => {
    const { events } = callEvents(new Map(), [call('a', 'ringing'), call('b', 'dialing', 'outbound')]);
    expect(events).toEqual([
      { type: 'call_offered', callId: 'a' },
      { type: 'call_dialing', callId: 'b' },
    ]);
  });

  it('answers, holds, resumes and ends a known call as its state changes', () => {
    let seen = callEvents(new Map(), [call('a', 'ringing')]).seen;
    const steps: CallSnapshot['state'][] = ['talking', 'held', 'talking', 'ended'];
    const out = steps.map((state) => {
      const step = callEvents(seen, [call('a', state)]);
      seen = step.seen;
      return step.events.map((e) => e.type);
    });
    expect(out).toEqual([['call_answered'], ['call_held'], ['call_resumed'], ['call_ended']]);
  });

  it('fills in the steps a snapshot skipped', () => {
    expect(callEvents(new Map(), [call('a', 'held', 'outbound')]).events.map((e) => e.type)).toEqual([
      'call_dialing',
      'call_answered',
      'call_held',
    ]);
    expect(callEvents(new Map([['a', 'ringing']]), [call('a', 'held')]).events.map((e) => e.type)).toEqual([
      'call_answered',
      'call_held',
    ]);
  });

  it('ends a call that left the snapshot without showing it ended, once', () => {
    const step = callEvents(new Map([['a', 'talking']]), []);
    expect(step.events).toEqual([{ type: 'call_ended', callId: 'a' }]);
    expect(callEvents(new Map([['a', 'ended']]), []).events).toEqual([]);
  });

  it('says nothing for a repeated snapshot, a call first seen ended or a call seen again after its end', () => {
    expect(callEvents(new Map([['a', 'talking']]), [call('a', 'talking')]).events).toEqual([]);
    expect(callEvents(new Map(), [call('a', 'ended')]).events).toEqual([]);
    expect(callEvents(new Map([['a', 'ended']]), [call('a', 'talking')]).events).toEqual([]);
  });
});
