import { describe, expect, it } from 'vitest';
import type { CustomerDetail } from '../../../../../shared/api/customers';
import { callFacts, localDateTime, mergeFacts, yuan } from '../../../../../renderer/src/services/flows/flow-facts';
import { customerCard, mobile } from '../../support/customer-builders';

function detail(patch: Partial<CustomerDetail> = {}): CustomerDetail {
  const card = customerCard(1);
  return { card, contact: { email: null, address: null, notes: null }, createdAt: card.updatedAt, orders: [], products: [], tickets: [], timeline: [], ...patch };
}

const order = (orderNo: string, placedAt: string, amountFen: number) => ({
  orderNo,
  placedAt,
  items: [],
  amountFen,
  shippingState: 'printed' as const,
  courier: '顺丰',
  waybillNo: 'SF100',
});

describe('flow facts', () => {
  it('takes the customer from the chosen card, and the call, the agent and the case from what the console knows', () => {
    const facts = callFacts({
      card: customerCard(3, { name: '王丽', vipLevel: 2, keyAccount: true, openComplaints: 1 }),
      callNumber: '13800000003',
      ivrChoice: 'complaint',
      agentName: '张敏',
      contextTicket: { ticketNo: 'T-2026-0042', title: '漏发', status: 'registered' },
    });
    expect(facts).toEqual({
      'customer.name': '王丽',
      'customer.phone': mobile(3),
      'customer.vipLevel': 2,
      'customer.keyAccount': true,
      'customer.customerClass': 'individual',
      'customer.openComplaints': 1,
      'call.number': '13800000003',
      'call.ivrChoice': 'complaint',
      'agent.name': '张敏',
      'ticket.no': 'T-2026-0042',
      'ticket.title': '漏发',
      'ticket.status': 'registered',
    });
  });

  it('reads the newest order and the most recently bought product from the customer record', () => {
    const facts = callFacts({
      detail: detail({
        orders: [order('OLD', '2026-10-01T04:00:00.000Z', 500), order('NEW', '2026-11-20T04:00:00.000Z', 12_805)],
        products: [
          { serialNo: 'SN-1', model: 'A1', purchaseDate: '2025-01-01', warrantyUntil: null, orderNo: null },
          { serialNo: 'SN-2', model: 'B2', purchaseDate: '2026-03-01', warrantyUntil: null, orderNo: null },
        ],
      }),
    });
    expect(facts).toMatchObject({
      'order.no': 'NEW',
      'order.shippingState': 'printed',
      'order.courier': '顺丰',
      'order.waybillNo': 'SF100',
      'order.amount': '128.05',
      'product.serialNo': 'SN-2',
      'product.model': 'B2',
      'product.purchaseDate': '2026-03-01',
    });
    expect(facts['order.placedAt']).toMatch(/^2026-11-2[01]$/);
  });

  it('leaves out what is not known, so a template shows its fallback instead of a blank', () => {
    expect(callFacts({ card: null, detail: detail({ orders: [] }), callNumber: null, agentName: '' })).toEqual({});
  });

  it('writes the callback time as the agent reads it out, on this PC’s clock', () => {
    const due = '2026-11-25T07:30:00.000Z';
    const shown = localDateTime(due)!;
    expect(shown).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/);
    // Read back as local time, it is the same moment.
    expect(new Date(shown.replace(' ', 'T')).getTime()).toBe(Date.parse(due));
    expect(callFacts({ callbackDueAt: due })['callback.dueAt']).toBe(shown);
  });

  it('keeps facts known before when the newer sources do not say them', () => {
    expect(mergeFacts({ 'customer.name': '王丽', 'call.number': '1' }, { 'call.number': '2' })).toEqual({ 'customer.name': '王丽', 'call.number': '2' });
  });

  it('writes money in fen as yuan without floating point', () => {
    expect([yuan(0), yuan(5), yuan(100), yuan(12_805)]).toEqual(['0.00', '0.05', '1.00', '128.05']);
  });
});
