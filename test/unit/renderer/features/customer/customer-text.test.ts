import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ACCESS_ACTIONS, ACCESS_REASONS, CUSTOMER_CLASSES, SEARCH_MATCHES, SHIPPING_STATES, TICKET_KINDS, TIMELINE_KINDS } from '../../../../../shared/api/customers';
import { LANGUAGES } from '../../../../../shared/domain/i18n';
import {
  accessActionText,
  accessReasonText,
  changedFieldsText,
  customerClassText,
  fieldText,
  formatDate,
  formatMoment,
  formatMoneyFen,
  formatPhone,
  formatPhoneInternational,
  freshnessText,
  itemsSummary,
  localIsoDate,
  matchedText,
  shippingText,
  ticketFlags,
  ticketKindText,
  timelineKindText,
  timelineOutcomeText,
  timelineSubtypeText,
  vipText,
  waybillText,
  warrantyStatus,
} from '../../../../../renderer/src/features/customer/customer-text';
import { i18n, initI18n } from '../../../../../renderer/src/i18n';

const at = (h: number, m: number, day = 5) => new Date(2026, 0, day, h, m).getTime();

describe('customer texts', () => {
  beforeAll(async () => {
    await initI18n('en-US');
  });
  beforeEach(async () => {
    await i18n.changeLanguage('en-US');
  });

  it('has words for every code the hub sends, in every language', async () => {
    for (const language of LANGUAGES) {
      await i18n.changeLanguage(language);
      const texts = [
        ...CUSTOMER_CLASSES.map((c) => customerClassText(i18n.t, c)),
        ...SHIPPING_STATES.map((s) => shippingText(i18n.t, s)),
        ...TICKET_KINDS.map((k) => ticketKindText(i18n.t, k)),
        ...TIMELINE_KINDS.map((k) => timelineKindText(i18n.t, k)),
        ...ACCESS_ACTIONS.map((a) => accessActionText(i18n.t, a)),
        ...ACCESS_REASONS.map((r) => accessReasonText(i18n.t, r) ?? ''),
        ...SEARCH_MATCHES.map((m) => matchedText(i18n.t, { matchedBy: m, matchedValue: null })),
        ...['name', 'phones', 'email', 'address', 'notes'].map((f) => fieldText(i18n.t, f)),
        ...['withheld', 'not_a_number'].map((r) => i18n.t(`customer.pop.unknownReason.${r}`)),
        ...['mobile', 'landline'].map((k) => i18n.t(`customer.phoneKind.${k}`)),
      ];
      // i18next answers a missing key with the key itself.
      for (const text of texts) expect(text, language).not.toMatch(/customer\.|^$/);
    }
  });

  it('writes Chinese numbers nationally and foreign ones with their country code', () => {
    expect(formatPhone('+8613800138000')).toBe('138 0013 8000');
    expect(formatPhone('+861065521234')).toBe('010 6552 1234');
    expect(formatPhone('+14155552671')).toBe('+1 415 555 2671');
    expect(formatPhone('anonymous')).toBe('anonymous');
    expect(formatPhoneInternational('+8613800138000')).toBe('+86 138 0013 8000');
    expect(formatPhoneInternational('12x')).toBe('12x');
  });

  it('turns fen into yuan with the ¥ sign in either language', () => {
    expect(formatMoneyFen(123450, 'en-US')).toBe('¥1,234.50');
    expect(formatMoneyFen(123450, 'zh-CN')).toBe('¥1,234.50');
    expect(formatMoneyFen(5, 'en-US')).toBe('¥0.05');
    expect(formatMoneyFen(0, 'en-US')).toBe('¥0.00');
  });

  it('shows a calendar date as the same day whatever the time zone', () => {
    expect(formatDate('2026-01-05', 'en-US')).toBe('01/05/2026');
    expect(formatDate('2026-01-05', 'zh-CN')).toBe('2026/01/05');
    expect(formatDate('not a date', 'en-US')).toBe('not a date');
  });

  it('names the VIP level, and nothing for a customer who is none', () => {
    expect(vipText(i18n.t, 3)).toBe('VIP 3');
    expect(vipText(i18n.t, 0)).toBeNull();
  });

  it('counts open complaints, and open tickets only when there are more than the complaints', async () => {
    expect(ticketFlags(i18n.t, { openComplaints: 1, openTickets: 1 }, 'en-US')).toEqual({ complaints: '1 open complaint', tickets: null });
    expect(ticketFlags(i18n.t, { openComplaints: 2, openTickets: 3 }, 'en-US')).toEqual({ complaints: '2 open complaints', tickets: '3 open tickets' });
    expect(ticketFlags(i18n.t, { openComplaints: 0, openTickets: 1 }, 'en-US')).toEqual({ complaints: null, tickets: '1 open ticket' });
    expect(ticketFlags(i18n.t, { openComplaints: 0, openTickets: 0 }, 'en-US')).toEqual({ complaints: null, tickets: null });
    expect(ticketFlags(i18n.t, { openComplaints: 1200, openTickets: 1200 }, 'en-US').complaints).toBe('1,200 open complaints');
    await i18n.changeLanguage('zh-CN');
    expect(ticketFlags(i18n.t, { openComplaints: 1, openTickets: 2 }, 'zh-CN')).toEqual({ complaints: '1 个未结投诉', tickets: '2 个未结工单' });
  });

  it('says where the pop came from and when, with the date when it was not today', () => {
    const now = at(14, 0);
    expect(freshnessText(i18n.t, { source: 'cache', refreshedAt: at(10, 32) }, 'en-US', now)).toBe('From the local copy, refreshed at 10:32');
    expect(freshnessText(i18n.t, { source: 'cache', refreshedAt: null }, 'en-US', now)).toBe('From the local copy, never refreshed');
    expect(freshnessText(i18n.t, { source: 'hub', refreshedAt: at(13, 59) }, 'en-US', now)).toBe('From the hub at 13:59');
    expect(freshnessText(i18n.t, { source: 'cache', refreshedAt: at(9, 5, 3) }, 'en-US', now)).toBe('From the local copy, refreshed at 01/03/2026, 09:05');
    expect(formatMoment(at(0, 0), 'zh-CN', now)).toBe('00:00');
  });

  it('says why a search result is there', () => {
    expect(matchedText(i18n.t, { matchedBy: 'order', matchedValue: 'SO20260105001' })).toBe('matched: order SO20260105001');
    expect(matchedText(i18n.t, { matchedBy: 'name', matchedValue: null })).toBe('matched: name');
  });

  it('sums up an order and its parcel', () => {
    const items = [
      { sku: 'K1', name: 'Kettle', quantity: 2, unitPriceFen: 100 },
      { sku: 'M1', name: 'Mug', quantity: 1, unitPriceFen: 100 },
    ];
    expect(itemsSummary(items, 'en-US')).toBe('Kettle ×2, Mug');
    expect(itemsSummary(items, 'zh-CN')).toBe('Kettle ×2、Mug');
    expect(waybillText({ courier: '顺丰', waybillNo: 'SF1234' })).toBe('顺丰 SF1234');
    expect(waybillText({ courier: null, waybillNo: null })).toBeNull();
  });

  it('keeps a warranty valid through its last day', () => {
    expect(warrantyStatus('2026-01-05', '2026-01-05')).toBe('valid');
    expect(warrantyStatus('2026-01-04', '2026-01-05')).toBe('expired');
    expect(warrantyStatus(null, '2026-01-05')).toBe('none');
    expect(localIsoDate(at(23, 59))).toBe('2026-01-05');
  });

  it('uses the console’s words for the codes it knows and the hub’s text for the rest', () => {
    expect(timelineSubtypeText(i18n.t, { kind: 'call', subtype: 'inbound' })).toBe('Incoming');
    expect(timelineSubtypeText(i18n.t, { kind: 'ticket', subtype: 'after_sales' })).toBe('After-sales');
    expect(timelineSubtypeText(i18n.t, { kind: 'survey', subtype: 'sms' })).toBe('sms');
    expect(timelineOutcomeText(i18n.t, { kind: 'call', outcome: 'completed' })).toBe('Completed');
    expect(timelineOutcomeText(i18n.t, { kind: 'survey', outcome: '5/5' })).toBe('5/5');
    expect(accessReasonText(i18n.t, 'screen-pop')).toBe('Screen pop');
    expect(accessReasonText(i18n.t, 'export')).toBe('export');
    expect(changedFieldsText(i18n.t, { address: { before: 'a', after: 'b' }, phones: { before: [], after: [] }, region: { before: 1, after: 2 } }, 'en-US')).toBe(
      'Address, Phone numbers, region',
    );
    expect(changedFieldsText(i18n.t, null, 'en-US')).toBeNull();
  });
});
