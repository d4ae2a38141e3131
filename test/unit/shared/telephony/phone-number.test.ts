import { describe, expect, it } from 'vitest';
import { dialTarget, normalizePhone } from '../../../../shared/telephony/phone-number';

describe('normalizePhone', () => {
  it.each([
    ['13800138000', '+8613800138000', 'mobile'],
    ['+86 138 0013 8000', '+8613800138000', 'mobile'],
    ['0086-13800138000', '+8613800138000', 'mobile'],
    ['138-0013-8000', '+8613800138000', 'mobile'],
    ['86 13800138000', '+8613800138000', 'mobile'],
    ['010-6552 1234', '+861065521234', 'landline'],
    ['0755 8888 1234', '+8675588881234', 'landline'],
    ['(021) 6234 5678', '+862162345678', 'landline'],
    ['+86 10 6552 1234', '+861065521234', 'landline'],
  ])('reads %s as %s (%s) when it is a Chinese number in a CRM format', (raw, e164, kind) => {
    expect(normalizePhone(raw)).toEqual({ e164, kind });
  });

  it('keeps the country when the number is foreign', () => {
    expect(normalizePhone('+1 415 555 2671')?.e164).toBe('+14155552671');
  });

  it.each(['暂无', '138001380', '1234567', '000-0000', '', '13800138000 转 2'])('returns null when the input is %j', (raw) => {
    expect(normalizePhone(raw)).toBeNull();
  });
});

describe('dialTarget', () => {
  it('passes internal extensions through as they are', () => {
    expect(dialTarget('1001')).toEqual({ kind: 'extension', dial: '1001' });
  });

  it('dials a Chinese mobile typed with spaces, dashes or a country prefix in E.164', () => {
    for (const typed of ['138 0013 8000', '138-0013-8000', '+86 138 0013 8000', '0086 13800138000']) {
      expect(dialTarget(typed)).toEqual({ kind: 'external', dial: '+8613800138000', e164: '+8613800138000' });
    }
  });

  it('dials a landline with its area code', () => {
    expect(dialTarget('010-6552 1234')).toMatchObject({ kind: 'external', e164: '+861065521234' });
  });

  it('refuses letters, markup and nonsense with a reason', () => {
    expect(dialTarget('')).toEqual({ kind: 'invalid', reason: 'empty' });
    expect(dialTarget('<script>')).toEqual({ kind: 'invalid', reason: 'characters' });
    expect(dialTarget('123456789012345678901234567890')).toEqual({ kind: 'invalid', reason: 'not_a_number' });
  });
});
