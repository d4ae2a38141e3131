import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  deriveState,
  initialAgentModel,
  reduceAgent,
  type AgentConfig,
  type AgentEvent,
  type AgentModel,
} from '../../../../shared/telephony/agent-state';

const config: AgentConfig = { wrapUpSeconds: 60, autoReadyAfterWrapUp: false };

function run(events: AgentEvent[], cfg = config, start = initialAgentModel(0)) {
  let model: AgentModel = start;
  const effects = [];
  let t = 0;
  for (const e of events) {
    t += 1000;
    const r = reduceAgent(model, e, t, cfg);
    model = r.model;
    effects.push(...r.effects);
  }
  return { model, effects, t };
}

describe('agent state', () => {
  it('starts Not ready after login', () => {
    expect(initialAgentModel(5).state).toBe('not_ready');
  });

  it('goes Ready → Ringing → Talking → Held → Talking → Wrap-up → Ready on a normal call', () => {
    const seen: string[] = [];
    let m = initialAgentModel(0);
    const steps: AgentEvent[] = [
      { type: 'set_ready' },
      { type: 'call_offered', callId: 'a' },
      { type: 'call_answered', callId: 'a' },
      { type: 'call_held', callId: 'a' },
      { type: 'call_resumed', callId: 'a' },
      { type: 'call_ended', callId: 'a' },
      { type: 'set_ready' },
    ];
    steps.forEach((e, i) => {
      const r = reduceAgent(m, e, i * 10, config);
      expect(r.refused).toBeUndefined();
      m = r.model;
      seen.push(m.state);
    });
    expect(seen).toEqual(['ready', 'ringing', 'talking', 'held', 'talking', 'wrap_up', 'ready']);
  });

  it('refuses an offered call with busy while Not ready, and stays Not ready', () => {
    const r = reduceAgent(initialAgentModel(0, 'break'), { type: 'call_offered', callId: 'x' }, 10, config);
    expect(r.effects).toEqual([{ type: 'reject_call', callId: 'x', why: 'not_ready' }]);
    expect(r.model.state).toBe('not_ready');
    expect(r.model.calls).toEqual({});
  });

  it('refuses an offered call with busy during wrap-up', () => {
    const { model } = run([{ type: 'set_ready' }, { type: 'call_offered', callId: 'a' }, { type: 'call_answered', callId: 'a' }, { type: 'call_ended', callId: 'a' }]);
    expect(model.state).toBe('wrap_up');
    const r = reduceAgent(model, { type: 'call_offered', callId: 'b' }, 99_000, config);
    expect(r.effects).toEqual([{ type: 'reject_call', callId: 'b', why: 'wrap_up' }]);
  });

  it('keeps Talking while a second call rings, and Held-then-Talking when the agent answers it', () => {
    const { model } = run([
      { type: 'set_ready' },
      { type: 'call_offered', callId: 'a' },
      { type: 'call_answered', callId: 'a' },
      { type: 'call_offered', callId: 'b' },
    ]);
    expect(model.state).toBe('talking');
    expect(model.calls.b?.phase).toBe('ringing');
    const held = reduceAgent(model, { type: 'call_held', callId: 'a' }, 10_000, config).model;
    const both = reduceAgent(held, { type: 'call_answered', callId: 'b' }, 11_000, config).model;
    expect(both.state).toBe('talking');
    expect(both.calls.a?.phase).toBe('held');
  });

  it('applies Not ready chosen during a call only after the wrap-up', () => {
    const { model } = run([
      { type: 'set_ready' },
      { type: 'call_offered', callId: 'a' },
      { type: 'call_answered', callId: 'a' },
      { type: 'set_not_ready', reasonCode: 'lunch' },
    ]);
    expect(model.state).toBe('talking');
    const ended = reduceAgent(model, { type: 'call_ended', callId: 'a' }, 20_000, { wrapUpSeconds: 5, autoReadyAfterWrapUp: true }).model;
    expect(ended.state).toBe('wrap_up');
    const after = reduceAgent(ended, { type: 'tick' }, 25_000, { wrapUpSeconds: 5, autoReadyAfterWrapUp: true }).model;
    expect(after.state).toBe('not_ready');
    expect(after.availability).toEqual({ kind: 'not_ready', reasonCode: 'lunch' });
  });

  it('flags a wrap-up overrun once and stays in wrap-up when auto-ready is off', () => {
    const { model } = run([{ type: 'set_ready' }, { type: 'call_offered', callId: 'a' }, { type: 'call_answered', callId: 'a' }, { type: 'call_ended', callId: 'a' }]);
    const deadline = model.availability.kind === 'wrap_up' ? model.availability.deadline! : 0;
    expect(reduceAgent(model, { type: 'tick' }, deadline - 1, config).effects).toEqual([]);
    const over = reduceAgent(model, { type: 'tick' }, deadline, config);
    expect(over.effects).toEqual([{ type: 'wrap_up_overrun', callId: 'a', at: deadline }]);
    expect(over.model.state).toBe('wrap_up');
    expect(reduceAgent(over.model, { type: 'tick' }, deadline + 5000, config).effects).toEqual([]);
  });

  it('skips wrap-up when a call ends without being answered', () => {
    const { model } = run([{ type: 'set_ready' }, { type: 'call_offered', callId: 'a' }, { type: 'call_ended', callId: 'a' }]);
    expect(model.state).toBe('ready');
  });

  it('lets an agent dial out while Not ready and returns to wrap-up after the call', () => {
    const { model } = run([{ type: 'call_dialing', callId: 'o' }, { type: 'call_answered', callId: 'o' }]);
    expect(model.state).toBe('talking');
    expect(reduceAgent(model, { type: 'call_ended', callId: 'o' }, 50_000, config).model.state).toBe('wrap_up');
  });

  it('refuses to hold a call that was never answered, with the reason', () => {
    const { model } = run([{ type: 'set_ready' }, { type: 'call_offered', callId: 'a' }]);
    const r = reduceAgent(model, { type: 'call_held', callId: 'a' }, 5000, config);
    expect(r.refused).toMatch(/answered/);
    expect(r.model).toBe(model);
  });

  it('reports every change of the shown state with its time and reason', () => {
    const { effects } = run([{ type: 'set_ready' }, { type: 'set_not_ready', reasonCode: 'training' }]);
    expect(effects).toEqual([
      { type: 'state_changed', change: { from: 'not_ready', to: 'ready', at: 1000, reasonCode: null } },
      { type: 'state_changed', change: { from: 'ready', to: 'not_ready', at: 2000, reasonCode: 'training' } },
    ]);
  });

  it('keeps the shown state consistent with its calls and choice for any sequence of events', () => {
    const callId = fc.constantFrom('a', 'b', 'c');
    const event: fc.Arbitrary<AgentEvent> = fc.oneof(
      fc.constant({ type: 'set_ready' } as const),
      fc.constantFrom('break', null).map((reasonCode) => ({ type: 'set_not_ready', reasonCode }) as const),
      callId.map((id) => ({ type: 'call_offered', callId: id }) as const),
      callId.map((id) => ({ type: 'call_dialing', callId: id }) as const),
      callId.map((id) => ({ type: 'call_answered', callId: id }) as const),
      callId.map((id) => ({ type: 'call_held', callId: id }) as const),
      callId.map((id) => ({ type: 'call_resumed', callId: id }) as const),
      callId.map((id) => ({ type: 'call_ended', callId: id }) as const),
      fc.constant({ type: 'tick' } as const),
    );
    fc.assert(
      fc.property(fc.array(event, { maxLength: 40 }), fc.boolean(), (events, autoReady) => {
        let m = initialAgentModel(0);
        let t = 0;
        for (const e of events) {
          t += 7_000;
          const before = m;
          const r = reduceAgent(m, e, t, { wrapUpSeconds: 20, autoReadyAfterWrapUp: autoReady });
          m = r.model;
          if (r.refused) expect(m).toBe(before);
          expect(m.state).toBe(deriveState(m.availability, m.calls));
          if (Object.keys(m.calls).length === 0) expect(m.state).toBe(m.availability.kind);
          for (const eff of r.effects) {
            // A refused call never becomes a live call.
            if (eff.type === 'reject_call') expect(m.calls[eff.callId]).toEqual(before.calls[eff.callId]);
          }
          // Calls only ring in when the agent chose Ready.
          if (e.type === 'call_offered' && before.availability.kind !== 'ready') expect(m.calls[e.callId]).toEqual(before.calls[e.callId]);
        }
      }),
    );
  });
});
