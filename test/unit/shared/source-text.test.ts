import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { jsonErrorOffset } from '../../../shared/source-text';

describe('jsonErrorOffset', () => {
  it('finds no error exactly when JSON.parse accepts the text', () => {
    const text = fc.oneof(
      fc.json(),
      fc.json().chain((json) =>
        fc.tuple(fc.nat({ max: json.length }), fc.constantFrom('', ',', '}', ']', '"', ':', '{', '[', '0', '-', 'x', '\\', ' ')).map(([at, insert]) => json.slice(0, at) + insert + json.slice(at + 1)),
      ),
    );
    fc.assert(
      fc.property(text, (s) => {
        let valid = true;
        try {
          JSON.parse(s);
        } catch {
          valid = false;
        }
        expect(jsonErrorOffset(s) === -1).toBe(valid);
      }),
      { numRuns: 2000 },
    );
  });

  it('copes with nesting deeper than any call stack', () => {
    expect(jsonErrorOffset('['.repeat(200_000) + ']'.repeat(200_000))).toBe(-1);
    expect(jsonErrorOffset('['.repeat(200_000))).toBe(200_000);
  });
});
