import { renderToStaticMarkup } from 'react-dom/server';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { CustomerDetail } from '../../../../../shared/api/customers';
import type { Role } from '../../../../../shared/domain/roles';
import { ContactEditForm } from '../../../../../renderer/src/features/customer/contact-edit-form';
import { CustomerRecordView } from '../../../../../renderer/src/features/customer/customer-record';
import { initI18n } from '../../../../../renderer/src/i18n';
import type * as Store from '../../../../../renderer/src/store';
import { resetStore, useConsoleStore } from '../../../../../renderer/src/store';

// A server render would read the store's initial state; the components read the live one instead.
vi.mock('../../../../../renderer/src/store', async (importOriginal) => {
  const real = await importOriginal<typeof Store>();
  const live = <T,>(selector: (state: ReturnType<typeof real.useConsoleStore.getState>) => T) => selector(real.useConsoleStore.getState());
  return { ...real, useConsoleStore: Object.assign(live, real.useConsoleStore) };
});

const detail: CustomerDetail = {
  card: {
    id: '0190a3f0-0000-7000-8000-000000000001',
    name: '王伟',
    vipLevel: 2,
    keyAccount: false,
    customerClass: 'individual',
    tags: [],
    phones: [
      { e164: '+8613800138000', kind: 'mobile' },
      { e164: '+861065521234', kind: 'landline' },
    ],
    openComplaints: 0,
    openTickets: 1,
    version: 3,
    updatedAt: '2026-01-05T02:00:00Z',
  },
  contact: { email: 'wang@example.com', address: '北京市朝阳区建国路 1 号', notes: null },
  createdAt: '2025-03-01T08:00:00Z',
  orders: [
    {
      orderNo: 'SO20260105001',
      placedAt: '2026-01-05T01:00:00Z',
      items: [{ sku: 'K1', name: 'Kettle', quantity: 2, unitPriceFen: 61725 }],
      amountFen: 123450,
      shippingState: 'collected',
      courier: 'SF Express',
      waybillNo: 'SF1234567890',
    },
  ],
  products: [{ serialNo: 'SN-0001', model: 'K-200', purchaseDate: '2020-01-01', warrantyUntil: '2021-01-01', orderNo: null }],
  tickets: [
    { id: '0190a3f0-0000-7000-8000-0000000000aa', ticketNo: 'T-42', kind: 'after_sales', title: 'Kettle leaks', status: 'in progress', open: true, openedAt: '2026-01-04T01:00:00Z', closedAt: null },
  ],
  timeline: [{ kind: 'call', id: 'call-1', at: '2026-01-04T00:30:00Z', subtype: 'inbound', title: 'Asked about delivery', outcome: 'completed', by: 'Agent One' }],
};

const signIn = (role: Role) =>
  useConsoleStore.setState((s) => ({ session: { ...s.session, user: { id: 'u1', username: 'u1', role, displayName: 'User One', departmentCode: null } } }));
const text = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');

describe('CustomerRecordView', () => {
  beforeAll(async () => {
    await initI18n('en-US');
  });
  afterEach(() => resetStore());

  it('shows the contact details and every section of the record', () => {
    signIn('agent');
    const words = text(renderToStaticMarkup(<CustomerRecordView detail={detail} back={null} onChange={() => undefined} />));
    for (const expected of [
      '王伟',
      'VIP 2',
      '1 open ticket',
      '138 0013 8000',
      '010 6552 1234',
      'wang@example.com',
      'Edit contact details',
      'Timeline',
      'Asked about delivery',
      'Orders',
      'SO20260105001',
      'Kettle ×2',
      '¥1,234.50',
      'Collected by courier',
      'SF Express SF1234567890',
      'Products',
      'SN-0001',
      'expired',
      'Tickets',
      'Kettle leaks',
    ]) {
      expect(words).toContain(expected);
    }
    expect(words).not.toContain('Access log');
  });

  it('offers the access log to a supervisor, loaded only when asked for', () => {
    signIn('supervisor');
    const words = text(renderToStaticMarkup(<CustomerRecordView detail={detail} back={null} onChange={() => undefined} />));
    expect(words).toContain('Access log');
    expect(words).toContain('Show access log');
  });

  it('hides editing from a role that may only read', () => {
    signIn('qa');
    expect(text(renderToStaticMarkup(<CustomerRecordView detail={detail} back={null} onChange={() => undefined} />))).not.toContain('Edit contact details');
  });
});

describe('ContactEditForm', () => {
  beforeAll(async () => {
    await initI18n('en-US');
  });
  afterEach(() => resetStore());

  it('labels every field, one input per phone with a named remove button', () => {
    signIn('agent');
    const html = renderToStaticMarkup(<ContactEditForm detail={detail} onSaved={() => undefined} onReloaded={() => undefined} onClose={() => undefined} />);
    for (const label of ['Name', 'Phone 1', 'Phone 2', 'Email', 'Address', 'Notes']) expect(html).toMatch(new RegExp(`<label[^>]*>${label}</label>`));
    expect(html).toContain('aria-label="Remove phone 2"');
    expect(html).toContain('value="010 6552 1234"');
    expect(text(html)).toContain('Add phone number');
    expect(text(html)).toContain('Save');
  });
});
