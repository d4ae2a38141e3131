import { describe, expect, it } from 'vitest';
import { callerNumber, sanitizeDisplayName, MAX_DISPLAY_NAME_LENGTH } from '../../../../shared/telephony/caller-id';

describe('caller id', () => {
  it('keeps an ordinary Chinese display name as it is', () => {
    expect(sanitizeDisplayName('张伟')).toBe('张伟');
  });

  it('removes control characters and bidi overrides from a hostile display name', () => {
    expect(sanitizeDisplayName('Evil\u0000\u001b[31m\u202eName\r\n')).toBe('Evil[31mName');
  });

  it('shortens a 2 KB display name to the maximum with an ellipsis', () => {
    const shown = sanitizeDisplayName('A'.repeat(2048));
    expect(Array.from(shown)).toHaveLength(MAX_DISPLAY_NAME_LENGTH);
    expect(shown.endsWith('…')).toBe(true);
  });

  it('keeps markup as plain text for the UI to render inertly', () => {
    expect(sanitizeDisplayName('<img src=x onerror=alert(1)>')).toBe('<img src=x onerror=alert(1)>');
  });

  it('accepts numbers with + and separators', () => {
    expect(callerNumber('+86-138-0013-8000')).toBe('+8613800138000');
    expect(callerNumber('1001')).toBe('1001');
  });

  it('treats an empty, anonymous, lettered, too long or badly encoded user part as unknown', () => {
    for (const raw of ['', undefined, null, 'anonymous', 'unknown', '138abc', '<b>1</b>', '1'.repeat(40), '%E0%A4%A']) {
      expect(callerNumber(raw)).toBeNull();
    }
  });
});
