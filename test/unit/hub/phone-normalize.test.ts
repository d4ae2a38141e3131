import { describe, expect, it } from 'vitest';
import { normalizePhone } from '../../../hub/src/phone/normalize';
import { demoCustomer } from '../../../hub/src/seed/demo-customers';

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

describe('demoCustomer', () => {
  const now = new Date('2026-03-02T09:00:00Z');

  it('gives the same customer when the same index is asked twice', () => {
    expect(demoCustomer(42, now)).toEqual(demoCustomer(42, now));
    expect(demoCustomer(42, now).id).not.toBe(demoCustomer(43, now).id);
  });

  it('gives every customer at least one number that parses when 3000 are generated', () => {
    const customers = Array.from({ length: 3000 }, (_, i) => demoCustomer(i, now));

    expect(customers.filter((c) => !c.phones.some((raw) => normalizePhone(raw) !== null))).toEqual([]);
    const formats = new Set(customers.flatMap((c) => c.phones).map((raw) => raw.replace(/\d/g, '9')));
    expect(formats.size).toBeGreaterThan(8);
  });
});
