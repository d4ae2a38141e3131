import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fenToYuanText, formatYuan, MAX_FEN, parseYuan } from '../../../../../renderer/src/services/cases/money';

describe('parseYuan', () => {
  it('reads yuan with up to two decimals as whole fen, without floating-point error', () => {
    expect(parseYuan('800')).toBe(80_000);
    expect(parseYuan('800.5')).toBe(80_050);
    expect(parseYuan('0.29')).toBe(29);
    expect(parseYuan('1,234.56')).toBe(123_456);
    expect(parseYuan(' ¥ 12.30 ')).toBe(1_230);
    expect(parseYuan('8000.')).toBe(800_000);
  });

  it('reads a blank amount as no compensation', () => {
    expect(parseYuan('')).toBe(0);
    expect(parseYuan('   ')).toBe(0);
  });

  it('refuses more than two decimals, negatives, words and amounts beyond the limit', () => {
    for (const text of ['1.234', '-5', 'abc', '1e3', '.5', '1.2.3', String(MAX_FEN / 100 + 1)]) expect(parseYuan(text), text).toBeNull();
  });

  it('round-trips every amount in fen through the text the form shows', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: MAX_FEN }), (fen) => parseYuan(fenToYuanText(fen)) === fen));
  });
});

describe('formatYuan', () => {
  it('shows fen as yuan with two decimals and grouping', () => {
    expect(formatYuan(123_450, 'en-US')).toBe('¥1,234.50');
    expect(formatYuan(5, 'zh-CN')).toBe('¥0.05');
  });
});
