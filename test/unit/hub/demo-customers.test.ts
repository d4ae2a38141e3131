import { describe, expect, it } from 'vitest';
import { normalizePhone } from '../../../shared/telephony/phone-number';
import { demoCustomer } from '../../../hub/src/seed/demo-customers';

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
