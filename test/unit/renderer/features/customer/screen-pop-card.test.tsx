import { renderToStaticMarkup } from 'react-dom/server';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { CustomerCard } from '../../../../../shared/api/customers';
import { CustomerPane } from '../../../../../renderer/src/features/customer/customer-pane';
import { ScreenPopCard } from '../../../../../renderer/src/features/customer/screen-pop-card';
import { initI18n } from '../../../../../renderer/src/i18n';
import type * as Store from '../../../../../renderer/src/store';
import { resetStore, useConsoleStore, type ScreenPop } from '../../../../../renderer/src/store';

// A server render would read the store's initial state (a server has no client state); the
// components read the live state instead, which is what a client render shows.
vi.mock('../../../../../renderer/src/store', async (importOriginal) => {
  const real = await importOriginal<typeof Store>();
  const live = <T,>(selector: (state: ReturnType<typeof real.useConsoleStore.getState>) => T) => selector(real.useConsoleStore.getState());
  return { ...real, useConsoleStore: Object.assign(live, real.useConsoleStore) };
});

const wang: CustomerCard = {
  id: '0190a3f0-0000-7000-8000-000000000001',
  name: '王伟',
  vipLevel: 3,
  keyAccount: true,
  customerClass: 'enterprise',
  tags: ['老客户'],
  phones: [{ e164: '+8613800138000', kind: 'mobile' }],
  openComplaints: 1,
  openTickets: 2,
  version: 4,
  updatedAt: '2026-01-05T02:00:00Z',
};
const li: CustomerCard = { ...wang, id: '0190a3f0-0000-7000-8000-000000000002', name: '李娜', vipLevel: 0, keyAccount: false, openComplaints: 0, openTickets: 0, tags: [] };

function withPop(pop: ScreenPop, role: 'agent' | 'qa' = 'agent') {
  useConsoleStore.setState((s) => ({
    session: { ...s.session, user: { id: 'u1', username: 'agent1', role, displayName: 'Agent One', departmentCode: null } },
    customers: { ...s.customers, pops: { [pop.callId]: pop } },
  }));
}

/** The text a screen reader meets, tags stripped: enough to see the states render their words. */
const render = (element: React.ReactElement) => renderToStaticMarkup(element);
const text = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');

describe('ScreenPopCard', () => {
  beforeAll(async () => {
    await initI18n('en-US');
  });
  afterEach(() => resetStore());

  it('renders nothing for a call without a pop', () => {
    expect(render(<ScreenPopCard callId="none" />)).toBe('');
  });

  it('names the unknown caller and why, with no form', () => {
    withPop({ callId: 'c', status: 'unknown', reason: 'withheld' });
    const html = render(<ScreenPopCard callId="c" />);
    expect(text(html)).toContain('Unknown caller');
    expect(text(html)).toContain('The number is withheld');
    expect(html).not.toContain('<form');
  });

  it('shows a busy line while looking up', () => {
    withPop({ callId: 'c', status: 'looking-up', e164: '+8613800138000' });
    const html = render(<ScreenPopCard callId="c" />);
    expect(html).toContain('aria-busy="true"');
    expect(text(html)).toContain('Looking up +86 138 0013 8000…');
  });

  it('shows the caller’s card with flags, complaint, number, freshness and the way to the record', () => {
    withPop({ callId: 'c', status: 'found', e164: '+8613800138000', customers: [wang], chosenId: wang.id, source: 'cache', refreshedAt: null });
    const html = render(<ScreenPopCard callId="c" />);
    expect(html).toContain('aria-label="Caller: 王伟"');
    const words = text(html);
    for (const expected of ['王伟', 'VIP 3', 'Key account', 'Enterprise', '老客户', '1 open complaint · 2 open tickets', '138 0013 8000', 'From the local copy, never refreshed', 'Open customer record']) {
      expect(words).toContain(expected);
    }
  });

  it('hides "Open customer record" from a role without the customer pane', () => {
    withPop({ callId: 'c', status: 'found', e164: '+8613800138000', customers: [wang], chosenId: wang.id, source: 'hub', refreshedAt: null }, 'qa');
    const words = text(render(<ScreenPopCard callId="c" />));
    expect(words).toContain('From the hub');
    expect(words).not.toContain('Open customer record');
  });

  it('asks which of several customers is calling, each with a named button', () => {
    withPop({ callId: 'c', status: 'found', e164: '+8613800138000', customers: [wang, li], chosenId: null, source: 'hub', refreshedAt: null });
    const html = render(<ScreenPopCard callId="c" />);
    expect(text(html)).toContain('2 customers have this number: who is calling?');
    expect(html).toContain('aria-label="This is the caller: 王伟"');
    expect(html).toContain('aria-label="This is the caller: 李娜"');
  });

  it('offers quick-create prefilled with the number, and warns when the hub could not be asked', () => {
    withPop({ callId: 'c', status: 'not-found', e164: '+8613800138000', hubError: { code: 'network', message: 'down', retryAfterSeconds: null } });
    const html = render(<ScreenPopCard callId="c" />);
    expect(html).toContain('value="138 0013 8000"');
    const words = text(html);
    for (const expected of ['New caller: quick create', 'Name', 'Phone', 'Customer class', 'Address (optional)', 'Create customer', 'may already be a customer']) {
      expect(words).toContain(expected);
    }
  });
});

describe('CustomerPane', () => {
  beforeAll(async () => {
    await initI18n('en-US');
  });
  afterEach(() => resetStore());

  it('offers the search box and, during a call with a known caller, a shortcut to them', () => {
    withPop({ callId: 'c', status: 'found', e164: '+8613800138000', customers: [wang], chosenId: wang.id, source: 'cache', refreshedAt: null });
    useConsoleStore.setState((s) => ({
      phone: { ...s.phone, snapshot: { ...(s.phone.snapshot ?? ({} as never)), calls: [{ id: 'c', state: 'talking' } as never] } },
    }));
    const html = render(<CustomerPane />);
    expect(html).toContain('role="search"');
    expect(html).toContain('placeholder="Phone, name, order number, waybill or serial number"');
    expect(text(html)).toContain('Search customers');
    expect(text(html)).toContain('Current caller: 王伟');
    expect(html).toContain('aria-label="Open record: 王伟"');
  });
});
