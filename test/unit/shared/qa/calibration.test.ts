import { describe, expect, it } from 'vitest';
import { calibrationSpread } from '../../../../shared/qa/calibration';
import { CARD } from './qa-fixtures';

describe('calibrationSpread', () => {
  it('gives each item the shares of every assessor and their spread, and the spread of the totals', () => {
    const result = calibrationSpread(CARD, [
      { assessorId: 'a', scores: [{ itemId: 'greeting', value: 10 }, { itemId: 'accuracy', value: 10 }, { itemId: 'leak', value: 1 }], total: 80 },
      { assessorId: 'b', scores: [{ itemId: 'greeting', value: 6 }, { itemId: 'accuracy', value: 20 }, { itemId: 'leak', value: 0 }], total: 0 },
    ]);

    expect(result.items.map((i) => [i.itemId, i.values.map((v) => v.value), i.spread])).toEqual([
      ['greeting', [1, 0.6], expect.closeTo(0.4, 10)],
      ['accuracy', [0.5, 1], 0.5],
      ['courtesy', [null, null], null],
      ['leak', [1, 0], 1],
    ]);
    expect(result.totalSpread).toBe(80);
  });

  it('answers no spread when fewer than two assessors gave a value', () => {
    const result = calibrationSpread(CARD, [{ assessorId: 'a', scores: [{ itemId: 'greeting', value: 10 }], total: 100 }]);

    expect(result.items[0]).toEqual({ itemId: 'greeting', values: [{ assessorId: 'a', value: 1 }], spread: null });
    expect(result.totalSpread).toBeNull();
  });
});
