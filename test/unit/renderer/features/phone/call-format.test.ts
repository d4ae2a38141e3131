import { describe, expect, it } from 'vitest';
import { formatDuration } from '../../../../../renderer/src/features/phone/call-format';

describe('formatDuration', () => {
  it('shows mm:ss under an hour and h:mm:ss from an hour on', () => {
    expect(formatDuration(0)).toBe('00:00');
    expect(formatDuration(65_999)).toBe('01:05');
    expect(formatDuration(3_600_000 + 61_000)).toBe('1:01:01');
  });

  it('never shows a negative time (a clock step back)', () => {
    expect(formatDuration(-5_000)).toBe('00:00');
  });
});
