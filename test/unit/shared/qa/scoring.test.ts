import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { itemShare, scoreEvaluation, scorecardItems } from '../../../../shared/qa/scoring';
import { CARD } from './qa-fixtures';

describe('scoreEvaluation', () => {
  it('gives earned over possible points, to one decimal, when every item is scored', () => {
    const result = scoreEvaluation(CARD, [
      { itemId: 'greeting', value: 10 },
      { itemId: 'accuracy', value: 15 },
      { itemId: 'courtesy', value: 8 },
      { itemId: 'leak', value: 1 },
    ]);

    expect(result).toEqual({ total: 82.5, fatal: false, problems: [] });
  });

  it('leaves an n/a item out of both sums when its value is null', () => {
    const result = scoreEvaluation(CARD, [
      { itemId: 'greeting', value: null },
      { itemId: 'accuracy', value: 10 },
      { itemId: 'courtesy', value: 5 },
    ]);

    expect(result.total).toBe(50);
  });

  it('zeroes the total when a fatal item failed', () => {
    const result = scoreEvaluation(CARD, [
      { itemId: 'greeting', value: 10 },
      { itemId: 'accuracy', value: 20 },
      { itemId: 'leak', value: 0 },
    ]);

    expect(result).toEqual({ total: 0, fatal: true, problems: [] });
  });

  it('answers a null total when no item with points has a value', () => {
    expect(scoreEvaluation(CARD, [{ itemId: 'leak', value: 1 }]).total).toBeNull();
    expect(scoreEvaluation(CARD, []).total).toBeNull();
  });

  it('names the entry of an unknown item, a value beyond the weight, a fatal value other than 0 or 1 and a repeated item', () => {
    const result = scoreEvaluation(CARD, [
      { itemId: 'nope', value: 1 },
      { itemId: 'greeting', value: 11 },
      { itemId: 'leak', value: 0.5 },
      { itemId: 'accuracy', value: 5 },
      { itemId: 'accuracy', value: 6 },
    ]);

    expect(result.problems.map((p) => [p.itemId, p.index])).toEqual([
      ['nope', 0],
      ['greeting', 1],
      ['leak', 2],
      ['accuracy', 4],
    ]);
    expect(result.fatal).toBe(false);
    expect(result.total).toBe(25);
  });

  it('asks for every item, scored or n/a, when the evaluation must be complete', () => {
    const scores = [
      { itemId: 'greeting', value: 10 },
      { itemId: 'accuracy', value: null },
    ];

    expect(scoreEvaluation(CARD, scores).problems).toEqual([]);
    expect(scoreEvaluation(CARD, scores, { complete: true }).problems.map((p) => [p.itemId, p.index])).toEqual([
      ['courtesy', null],
      ['leak', null],
    ]);
  });

  it('keeps the total within 0–100 with one decimal and zero exactly when a fatal item failed, for any valid scores', () => {
    const items = scorecardItems(CARD);
    const entry = fc.constantFrom(...items).chain((item) =>
      fc.record({
        itemId: fc.constant(item.id),
        value: item.fatal ? fc.constantFrom(0, 1, null) : fc.option(fc.integer({ min: 0, max: item.weight }), { nil: null }),
      }),
    );
    const scores = fc.uniqueArray(entry, { selector: (e) => e.itemId });
    fc.assert(
      fc.property(scores, (list) => {
        const result = scoreEvaluation(CARD, list);
        expect(result.problems).toEqual([]);
        const failed = list.some((e) => e.itemId === 'leak' && e.value === 0);
        expect(result.fatal).toBe(failed);
        if (failed) expect(result.total).toBe(0);
        if (result.total !== null) {
          expect(result.total).toBeGreaterThanOrEqual(0);
          expect(result.total).toBeLessThanOrEqual(100);
          expect(Math.round(result.total * 10) / 10).toBe(result.total);
        }
      }),
    );
  });

  it('never lowers the total when one non-fatal score rises', () => {
    const scores = fc.record({ greeting: fc.integer({ min: 0, max: 9 }), accuracy: fc.integer({ min: 0, max: 20 }), courtesy: fc.integer({ min: 0, max: 10 }) });
    fc.assert(
      fc.property(scores, (s) => {
        const list = (greeting: number) => [
          { itemId: 'greeting', value: greeting },
          { itemId: 'accuracy', value: s.accuracy },
          { itemId: 'courtesy', value: s.courtesy },
        ];
        expect(scoreEvaluation(CARD, list(s.greeting + 1)).total!).toBeGreaterThanOrEqual(scoreEvaluation(CARD, list(s.greeting)).total!);
      }),
    );
  });
});

describe('itemShare', () => {
  it('gives points over weight, pass or fail for a fatal item, and null for n/a', () => {
    expect(itemShare({ weight: 20, fatal: false }, 15)).toBe(0.75);
    expect(itemShare({ weight: 1, fatal: true }, 0)).toBe(0);
    expect(itemShare({ weight: 1, fatal: true }, 1)).toBe(1);
    expect(itemShare({ weight: 10, fatal: false }, null)).toBeNull();
  });
});
