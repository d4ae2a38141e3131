import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { holdsFromEvents, measureSpeech, talkFrames, unionMs, type Interval } from '../../../../shared/recordings/speech-measures';

const frames = (pattern: string): number[] => [...pattern].map((c) => (c === '#' ? 300 : c === '-' ? 5 : 0));
const measure = (agent: string, customer: string, holds: Interval[] = [], pauses: Interval[] = []) =>
  measureSpeech({ levels: { agent: frames(agent), customer: frames(customer) }, frameMs: 100, holds, pauses });

describe('measureSpeech', () => {
  it('counts talk, overtalk and the longest silence when both sides talk in turns', () => {
    const m = measure('####......##', '..####......');
    expect(m).toEqual({
      agentTalkMs: 600,
      customerTalkMs: 400,
      agentTalkRatio: 0.6,
      overtalkMs: 200,
      overtalkCount: 1,
      longestSilenceMs: 400,
      longestSilenceAtMs: 600,
      holdMs: 0,
    });
  });

  it('bridges quiet gaps of up to 300 ms inside a turn but not longer ones', () => {
    expect(talkFrames(frames('#...#'), 5, 20, 3)).toEqual([true, true, true, true, true]);
    expect(talkFrames(frames('#....#'), 6, 20, 3)).toEqual([true, false, false, false, false, true]);
    // Edges are not extended: a lone loud frame is 100 ms of talk.
    expect(measure('..#..', '.....').agentTalkMs).toBe(100);
  });

  it('treats levels at or under the threshold as quiet', () => {
    expect(measure('-----', '-----')).toMatchObject({ agentTalkMs: 0, customerTalkMs: 0, agentTalkRatio: null, longestSilenceMs: 500 });
  });

  it('leaves holds and pauses out of talk and silence, and lets them split a silence', () => {
    const m = measure('#..........#', '............', [{ startMs: 300, endMs: 500 }], [{ startMs: 800, endMs: null }]);
    // Silent frames 1–10; the hold takes 3–4, the open pause 8–11: runs 1–2, 5–7.
    expect(m.longestSilenceMs).toBe(300);
    expect(m.longestSilenceAtMs).toBe(500);
    expect(m.agentTalkMs).toBe(100);
    expect(m.holdMs).toBe(200);
  });

  it('answers null ratio and position when there is no talk and no silence', () => {
    expect(measure('', '')).toEqual({
      agentTalkMs: 0,
      customerTalkMs: 0,
      agentTalkRatio: null,
      overtalkMs: 0,
      overtalkCount: 0,
      longestSilenceMs: 0,
      longestSilenceAtMs: null,
      holdMs: 0,
    });
  });

  const level = fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 1000 }));
  const channels = fc.integer({ min: 0, max: 120 }).chain((n) => fc.tuple(fc.array(level, { minLength: n, maxLength: n }), fc.array(level, { minLength: n, maxLength: n })));
  const interval = fc.tuple(fc.integer({ min: -500, max: 13_000 }), fc.option(fc.integer({ min: 0, max: 2_000 }))).map(([startMs, length]) => ({
    startMs,
    endMs: length === null ? null : startMs + length,
  }));

  it('keeps every figure inside the recording and overtalk inside both sides talk for any levels', () => {
    fc.assert(
      fc.property(channels, fc.array(interval, { maxLength: 4 }), fc.array(interval, { maxLength: 3 }), ([agent, customer], holds, pauses) => {
        const m = measureSpeech({ levels: { agent, customer }, frameMs: 100, holds, pauses });
        const total = agent.length * 100;
        expect(m.overtalkMs).toBeLessThanOrEqual(Math.min(m.agentTalkMs, m.customerTalkMs));
        expect(m.agentTalkMs + m.customerTalkMs - m.overtalkMs + m.longestSilenceMs).toBeLessThanOrEqual(total);
        expect(m.holdMs).toBeLessThanOrEqual(total);
        expect(m.overtalkCount * 100).toBeLessThanOrEqual(m.overtalkMs);
        if (m.longestSilenceAtMs !== null) expect(m.longestSilenceAtMs + m.longestSilenceMs).toBeLessThanOrEqual(total);
        if (m.agentTalkRatio !== null) expect(m.agentTalkRatio).toBeCloseTo(m.agentTalkMs / (m.agentTalkMs + m.customerTalkMs));
      }),
    );
  });

  it('swaps the sides and nothing else when the channels are swapped', () => {
    fc.assert(
      fc.property(channels, fc.array(interval, { maxLength: 3 }), ([agent, customer], holds) => {
        const m = measureSpeech({ levels: { agent, customer }, frameMs: 100, holds, pauses: [] });
        const swapped = measureSpeech({ levels: { agent: customer, customer: agent }, frameMs: 100, holds, pauses: [] });
        expect(swapped).toMatchObject({
          agentTalkMs: m.customerTalkMs,
          customerTalkMs: m.agentTalkMs,
          overtalkMs: m.overtalkMs,
          overtalkCount: m.overtalkCount,
          longestSilenceMs: m.longestSilenceMs,
          longestSilenceAtMs: m.longestSilenceAtMs,
          holdMs: m.holdMs,
        });
      }),
    );
  });

  it('never finds more talk when a channel gets quieter', () => {
    fc.assert(
      fc.property(channels, fc.integer({ min: 0, max: 1000 }), ([agent, customer], cut) => {
        const quieter = agent.map((l) => Math.min(l, cut));
        const loud = measureSpeech({ levels: { agent, customer }, frameMs: 100, holds: [], pauses: [] });
        const soft = measureSpeech({ levels: { agent: quieter, customer }, frameMs: 100, holds: [], pauses: [] });
        expect(soft.agentTalkMs).toBeLessThanOrEqual(loud.agentTalkMs);
      }),
    );
  });
});

describe('unionMs', () => {
  it('counts overlapping intervals once and clips them to the recording', () => {
    expect(unionMs([{ startMs: 0, endMs: 100 }, { startMs: 50, endMs: 150 }, { startMs: 900, endMs: null }], 1000)).toBe(250);
    expect(unionMs([{ startMs: -100, endMs: 100 }, { startMs: 950, endMs: 2000 }], 1000)).toBe(150);
  });
});

describe('holdsFromEvents', () => {
  const at = (s: number) => new Date(Date.parse('2026-03-02T09:00:00.000Z') + s * 1000).toISOString();

  it('pairs held with resumed in seq order and leaves a hold open when the call never resumed', () => {
    const holds = holdsFromEvents(
      [
        { seq: 3, type: 'resumed', at: at(20) },
        { seq: 2, type: 'held', at: at(10) },
        { seq: 4, type: 'held', at: at(30) },
      ],
      at(5),
    );
    expect(holds).toEqual([
      { startMs: 5_000, endMs: 15_000 },
      { startMs: 25_000, endMs: null },
    ]);
  });

  it('closes a hold at the end of the call when the call ended on hold', () => {
    expect(holdsFromEvents([{ seq: 0, type: 'held', at: at(10) }, { seq: 1, type: 'ended', at: at(12) }], at(0))).toEqual([{ startMs: 10_000, endMs: 12_000 }]);
  });
});
