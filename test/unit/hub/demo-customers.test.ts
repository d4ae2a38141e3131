import { describe, expect, it } from 'vitest';
import { normalizePhone } from '../../../shared/telephony/phone-number';
import { demoCustomer } from '../../../hub/src/seed/demo-customers';
import { SHOWCASE, SHOWCASE_NUMBERS } from '../../../hub/src/seed/demo-showcase';

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

describe('demoCustomer orders, units and tickets', () => {
  const now = new Date('2026-03-02T09:00:00Z');
  const customers = Array.from({ length: 3000 }, (_, i) => demoCustomer(i, now));

  it('gives every order, unit and ticket a number of its own, none of them the showcase’s', () => {
    const orderNos = customers.flatMap((c) => c.orders.map((o) => o.orderNo.toUpperCase()));
    const serials = customers.flatMap((c) => c.products.map((p) => p.serialNo.toUpperCase()));
    const ticketNos = customers.flatMap((c) => c.tickets.map((t) => t.ticketNo));

    expect(new Set(orderNos).size).toBe(orderNos.length);
    expect(new Set(serials).size).toBe(serials.length);
    expect(new Set(ticketNos).size).toBe(ticketNos.length);
    expect(orderNos).not.toContain(SHOWCASE.wangJianguo.orderNo);
    expect(serials).not.toContain(SHOWCASE.wangJianguo.serialNo);
    expect(ticketNos).not.toContain(SHOWCASE.liMei.openComplaintNo);
  });

  it('places orders after the customer was created and not in the future, and closes tickets after opening them', () => {
    for (const c of customers) {
      for (const o of c.orders) expect(o.placedAt >= c.createdAt && o.placedAt <= now, c.id).toBe(true);
      for (const t of c.tickets) expect(t.closedAt === null || (t.closedAt >= t.openedAt && t.closedAt <= now), c.id).toBe(true);
    }
  });

  it('never generates a showcase number', () => {
    const numbers = customers.flatMap((c) => c.phones).map((raw) => normalizePhone(raw)?.e164);

    expect(numbers.filter((e164) => e164 !== undefined && SHOWCASE_NUMBERS.has(e164))).toEqual([]);
  });
});
