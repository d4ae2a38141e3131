import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { SamplingRules } from '../../../../shared/api/qa';
import { matchesRisk, sampleCalls, type SamplingCandidate } from '../../../../shared/qa/sampling';

const call = (callId: string, agentId: string, patch: Partial<SamplingCandidate> = {}): SamplingCandidate => ({
  callId,
  agentId,
  talkSeconds: 200,
  holdSeconds: 0,
  satisfaction: null,
  complaint: false,
  ...patch,
});

const RULES: SamplingRules = {
  randomPerAgent: 1,
  risk: [
    { kind: 'low_satisfaction', enabled: true, threshold: 2, perAgent: 0 },
    { kind: 'complaint', enabled: true, threshold: 0, perAgent: 0 },
    { kind: 'short_call', enabled: true, threshold: 20, perAgent: 1 },
    { kind: 'long_call', enabled: true, threshold: 900, perAgent: 2 },
    { kind: 'long_hold', enabled: false, threshold: 120, perAgent: 2 },
  ],
};

/** agent a: one of each risk, three plain calls; agent b: plain calls only. */
const CALLS: SamplingCandidate[] = [
  call('a-01', 'a', { satisfaction: { score: 2, satisfied: true } }),
  call('a-02', 'a', { satisfaction: { score: null, satisfied: false } }),
  call('a-03', 'a', { satisfaction: { score: 4, satisfied: true } }),
  call('a-04', 'a', { complaint: true, talkSeconds: 950 }),
  call('a-05', 'a', { talkSeconds: 12 }),
  call('a-06', 'a', { holdSeconds: 300 }),
  call('a-07', 'a'),
  call('b-01', 'b'),
  call('b-02', 'b'),
  call('b-03', 'b'),
];

describe('sampleCalls', () => {
  it('takes the risky calls by rule, with every reason, and random ones among the rest', () => {
    const picks = sampleCalls(CALLS, RULES, 'seed-1');

    const risky = picks.filter((p) => !p.reasons.includes('random'));
    expect(risky).toEqual([
      { callId: 'a-01', agentId: 'a', reasons: ['low_satisfaction'] },
      { callId: 'a-02', agentId: 'a', reasons: ['low_satisfaction'] },
      { callId: 'a-04', agentId: 'a', reasons: ['complaint', 'long_call'] },
      { callId: 'a-05', agentId: 'a', reasons: ['short_call'] },
    ]);
    const random = picks.filter((p) => p.reasons.includes('random'));
    expect(random.map((p) => p.agentId)).toEqual(['a', 'b']);
    // The disabled hold rule took nothing: a-06 is only a candidate for the random draw.
    expect(['a-03', 'a-06', 'a-07']).toContain(random[0]!.callId);
    expect(random[0]!.reasons).toEqual(['random']);
  });

  it('picks the same calls for the same seed, whatever the order of the candidates', () => {
    const rules: SamplingRules = { ...RULES, randomPerAgent: 2 };
    const first = sampleCalls(CALLS, rules, 'seed-7');
    const again = sampleCalls([...CALLS].reverse(), rules, 'seed-7');

    expect(again).toEqual(first);
  });

  it('draws different calls for other seeds', () => {
    const many = Array.from({ length: 40 }, (_, i) => call(`c-${String(i).padStart(2, '0')}`, 'a'));
    const rules: SamplingRules = { randomPerAgent: 3, risk: [] };
    const draws = new Set(['s1', 's2', 's3', 's4'].map((seed) => JSON.stringify(sampleCalls(many, rules, seed).map((p) => p.callId))));

    expect(draws.size).toBeGreaterThan(1);
  });

  it('keeps a rule to perAgent calls of each agent when more match', () => {
    const short = Array.from({ length: 6 }, (_, i) => call(`s-${i}`, i < 3 ? 'a' : 'b', { talkSeconds: 5 }));
    const rules: SamplingRules = { randomPerAgent: 0, risk: [{ kind: 'short_call', enabled: true, threshold: 20, perAgent: 2 }] };

    const picks = sampleCalls(short, rules, 'x');

    expect(picks.filter((p) => p.agentId === 'a')).toHaveLength(2);
    expect(picks.filter((p) => p.agentId === 'b')).toHaveLength(2);
  });

  it("keeps one agent's draw when another agent's calls join the period", () => {
    const rules: SamplingRules = { randomPerAgent: 2, risk: [] };
    const alone = sampleCalls(CALLS.filter((c) => c.agentId === 'a'), rules, 'seed-3');
    const together = sampleCalls(CALLS, rules, 'seed-3').filter((p) => p.agentId === 'a');

    expect(together).toEqual(alone);
  });

  it('never picks a call twice and gives only reasons that hold, for any calls and rules', () => {
    const candidate = fc.record({
      callId: fc.string({ minLength: 1, maxLength: 4 }),
      agentId: fc.constantFrom('a', 'b', 'c'),
      talkSeconds: fc.integer({ min: 0, max: 2000 }),
      holdSeconds: fc.integer({ min: 0, max: 400 }),
      satisfaction: fc.option(fc.record({ score: fc.option(fc.integer({ min: 1, max: 5 }), { nil: null }), satisfied: fc.boolean() }), { nil: null }),
      complaint: fc.boolean(),
    });
    const rule = (kind: SamplingRules['risk'][number]['kind']) =>
      fc.record({ kind: fc.constant(kind), enabled: fc.boolean(), threshold: fc.integer({ min: 0, max: 1000 }), perAgent: fc.integer({ min: 0, max: 3 }) });
    const rules = fc.record({
      randomPerAgent: fc.integer({ min: 0, max: 4 }),
      risk: fc.tuple(rule('low_satisfaction'), rule('complaint'), rule('short_call'), rule('long_call'), rule('long_hold')).map((r) => [...r]),
    });
    fc.assert(
      fc.property(fc.uniqueArray(candidate, { selector: (c) => c.callId, maxLength: 30 }), rules, fc.string(), (calls, r, seed) => {
        const picks = sampleCalls(calls, r, seed);
        expect(new Set(picks.map((p) => p.callId)).size).toBe(picks.length);
        const byId = new Map(calls.map((c) => [c.callId, c]));
        for (const pick of picks) {
          const source = byId.get(pick.callId)!;
          expect(pick.agentId).toBe(source.agentId);
          expect(pick.reasons.length).toBeGreaterThan(0);
          for (const reason of pick.reasons) {
            if (reason === 'random') {
              expect(pick.reasons).toEqual(['random']);
              continue;
            }
            const ruleOf = r.risk.find((x) => x.kind === reason)!;
            expect(ruleOf.enabled).toBe(true);
            expect(matchesRisk(ruleOf, source)).toBe(true);
          }
        }
        // Random picks per agent: at most randomPerAgent.
        for (const agent of ['a', 'b', 'c']) {
          expect(picks.filter((p) => p.agentId === agent && p.reasons[0] === 'random').length).toBeLessThanOrEqual(r.randomPerAgent);
        }
      }),
    );
  });
});
