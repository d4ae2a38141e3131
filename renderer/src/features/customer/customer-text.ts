import type { TFunction } from 'i18next';
import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import { CALL_LOG_STATUSES } from '../../../../shared/api/call-logs';
import { ACCESS_REASONS } from '../../../../shared/api/customers';
import type {
  CustomerAccessEntry,
  CustomerCard,
  CustomerClass,
  CustomerSearchHit,
  Order,
  ShippingState,
  TicketKind,
  TimelineItem,
} from '../../../../shared/api/customers';
import type { Language } from '../../../../shared/domain/i18n';
import { DEFAULT_PHONE_REGION } from '../../../../shared/telephony/phone-number';
import { formatDateTime } from '../call-log/call-log-format';
import { statusText } from '../call-log/call-log-text';

/*
 * Pure helpers for the customer screens: numbers, money and dates in the UI's language, and the
 * words for the customer's flags and history. Caller ID and customer data are shown as React text
 * only; nothing here builds HTML.
 */

/**
 * A stored number as the agent reads it aloud: the national form for the center's own country
 * (`138 0013 8000`, `010 6552 1234`), the international one for any other, since a foreign number
 * without its country code would be dialled wrong. Whatever libphonenumber cannot read is shown as it is.
 */
export function formatPhone(e164: string): string {
  const parsed = parsePhoneNumberFromString(e164);
  if (!parsed) return e164;
  return parsed.country === DEFAULT_PHONE_REGION ? parsed.formatNational() : parsed.formatInternational();
}

/** `+86 138 0013 8000`: the caller ID as it came in, grouped for reading. */
export function formatPhoneInternational(e164: string): string {
  return parsePhoneNumberFromString(e164)?.formatInternational() ?? e164;
}

const moneyFormats = new Map<Language, Intl.NumberFormat>();
/** Fen (分) to yuan with the ¥ sign (`¥1,234.50`); integer fen in, so no float ever reaches the data. */
export function formatMoneyFen(fen: number, language: Language): string {
  let format = moneyFormats.get(language);
  if (!format) {
    // narrowSymbol: en-US would otherwise write `CN¥`, which agents do not use.
    format = new Intl.NumberFormat(language, { style: 'currency', currency: 'CNY', currencyDisplay: 'narrowSymbol' });
    moneyFormats.set(language, format);
  }
  return format.format(fen / 100);
}

const dateFormats = new Map<Language, Intl.DateTimeFormat>();
/**
 * A calendar date (`2026-01-05`: purchase, warranty). Read and written in UTC: the date has no time
 * of day, and the local zone would move it to the day before west of Greenwich.
 */
export function formatDate(isoDate: string, language: Language): string {
  let format = dateFormats.get(language);
  if (!format) {
    format = new Intl.DateTimeFormat(language, { year: 'numeric', month: '2-digit', day: '2-digit', timeZone: 'UTC' });
    dateFormats.set(language, format);
  }
  const at = Date.parse(`${isoDate}T00:00:00Z`);
  return Number.isNaN(at) ? isoDate : format.format(at);
}

const clockFormats = new Map<Language, Intl.DateTimeFormat>();
function formatClock(at: number, language: Language): string {
  let format = clockFormats.get(language);
  if (!format) {
    format = new Intl.DateTimeFormat(language, { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
    clockFormats.set(language, format);
  }
  return format.format(at);
}

const sameLocalDay = (a: number, b: number): boolean => new Date(a).toDateString() === new Date(b).toDateString();

/** `10:32` today; with the date when it was another day, so that a stale copy does not look fresh. */
export function formatMoment(at: number, language: Language, now: number): string {
  return sameLocalDay(at, now) ? formatClock(at, language) : formatDateTime(at, language);
}

/** Today's date in the agent's zone, as ISO `YYYY-MM-DD`, to compare with a warranty's end. */
export function localIsoDate(now: number): string {
  const d = new Date(now);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

export function formatCount(count: number, language: Language): string {
  return new Intl.NumberFormat(language).format(count);
}

/** `VIP 3`; null for a customer who is no VIP. */
export function vipText(t: TFunction, level: number): string | null {
  return level > 0 ? t('customer.flags.vip', { level }) : null;
}

export function openComplaintsText(t: TFunction, count: number, language: Language): string {
  return count === 1 ? t('customer.flags.openComplaintsOne') : t('customer.flags.openComplaints', { count: formatCount(count, language) });
}

export function openTicketsText(t: TFunction, count: number, language: Language): string {
  return count === 1 ? t('customer.flags.openTicketsOne') : t('customer.flags.openTickets', { count: formatCount(count, language) });
}

/**
 * The counts an agent must know before greeting: open complaints always, the other open tickets
 * only when there are some besides the complaints (else the line would repeat the complaints).
 */
export function ticketFlags(t: TFunction, card: Pick<CustomerCard, 'openComplaints' | 'openTickets'>, language: Language): { complaints: string | null; tickets: string | null } {
  return {
    complaints: card.openComplaints > 0 ? openComplaintsText(t, card.openComplaints, language) : null,
    tickets: card.openTickets > card.openComplaints ? openTicketsText(t, card.openTickets, language) : null,
  };
}

export function customerClassText(t: TFunction, customerClass: CustomerClass): string {
  return t(`customer.class.${customerClass}`);
}

export function phoneKindText(t: TFunction, kind: 'mobile' | 'landline'): string {
  return t(`customer.phoneKind.${kind}`);
}

/** Where the pop's card came from and how fresh it is. */
export function freshnessText(t: TFunction, pop: { source: 'cache' | 'hub'; refreshedAt: number | null }, language: Language, now: number): string {
  if (pop.source === 'hub') {
    return pop.refreshedAt === null ? t('customer.freshness.hubNoTime') : t('customer.freshness.hub', { time: formatMoment(pop.refreshedAt, language, now) });
  }
  return pop.refreshedAt === null ? t('customer.freshness.cacheNever') : t('customer.freshness.cache', { time: formatMoment(pop.refreshedAt, language, now) });
}

export const shippingStateKey = (state: ShippingState): string => `customer.shipping.${state}`;

export function shippingText(t: TFunction, state: ShippingState): string {
  return t(shippingStateKey(state));
}

export function ticketKindText(t: TFunction, kind: TicketKind): string {
  return t(`customer.ticketKinds.${kind}`);
}

/** `matched: order SO20260105001`: why this customer is among the results. */
export function matchedText(t: TFunction, hit: Pick<CustomerSearchHit, 'matchedBy' | 'matchedValue'>): string {
  const kind = t(`customer.search.matchKinds.${hit.matchedBy}`);
  return hit.matchedValue ? t('customer.search.matchedValue', { kind, value: hit.matchedValue }) : t('customer.search.matched', { kind });
}

/** `Kettle ×2, Mug ×1`: an order's items on one line. */
export function itemsSummary(items: Order['items'], language: Language): string {
  const separator = language === 'zh-CN' ? '、' : ', ';
  return items.map((item) => (item.quantity > 1 ? `${item.name} ×${item.quantity}` : item.name)).join(separator);
}

/** `SF Express SF1234567890`, or null when the parcel has not been handed to a courier yet. */
export function waybillText(order: Pick<Order, 'courier' | 'waybillNo'>): string | null {
  const parts = [order.courier, order.waybillNo].filter((p): p is string => p !== null && p !== '');
  return parts.length > 0 ? parts.join(' ') : null;
}

export type WarrantyStatus = 'none' | 'valid' | 'expired';

/** Still covered on its last day: the warranty ends after `warrantyUntil`, not at its start. */
export function warrantyStatus(warrantyUntil: string | null, today: string): WarrantyStatus {
  if (warrantyUntil === null) return 'none';
  return warrantyUntil < today ? 'expired' : 'valid';
}

export function timelineKindText(t: TFunction, kind: TimelineItem['kind']): string {
  return t(`customer.timeline.kinds.${kind}`);
}

const isCallStatus = (value: string): value is (typeof CALL_LOG_STATUSES)[number] => (CALL_LOG_STATUSES as readonly string[]).includes(value);
const isTicketKind = (value: string): value is TicketKind => ['complaint', 'after_sales', 'consult'].includes(value);

/**
 * A timeline line's subtype and outcome in words where the console knows the hub's codes (a call's
 * direction and status, a ticket's kind); anything else is the hub's own text.
 */
export function timelineSubtypeText(t: TFunction, item: Pick<TimelineItem, 'kind' | 'subtype'>): string | null {
  if (item.subtype === null) return null;
  if (item.kind === 'call' && (item.subtype === 'inbound' || item.subtype === 'outbound')) return t(`phone.call.direction.${item.subtype}`);
  if (item.kind === 'ticket' && isTicketKind(item.subtype)) return ticketKindText(t, item.subtype);
  return item.subtype;
}

export function timelineOutcomeText(t: TFunction, item: Pick<TimelineItem, 'kind' | 'outcome'>): string | null {
  if (item.outcome === null) return null;
  if (item.kind === 'call' && isCallStatus(item.outcome)) return statusText(t, item.outcome);
  return item.outcome;
}

export function accessActionText(t: TFunction, action: CustomerAccessEntry['action']): string {
  return t(`customer.access.actions.${action}`);
}

const KNOWN_REASONS: readonly string[] = ACCESS_REASONS;
export function accessReasonText(t: TFunction, reason: string | null): string | null {
  if (reason === null) return null;
  return KNOWN_REASONS.includes(reason) ? t(`customer.access.reasons.${reason}`) : reason;
}

const KNOWN_FIELDS = ['name', 'phones', 'email', 'address', 'notes', 'customerClass', 'tags', 'vipLevel', 'keyAccount'];
/** A record field's name in words (`phones` → `Phone numbers`); an unknown one as the hub named it. */
export function fieldText(t: TFunction, field: string): string {
  return KNOWN_FIELDS.includes(field) ? t(`customer.fields.${field}`) : field;
}

/** `Address, Phone numbers`: the fields an update changed, for the access log. */
export function changedFieldsText(t: TFunction, changes: CustomerAccessEntry['changes'], language: Language): string | null {
  if (!changes) return null;
  const fields = Object.keys(changes);
  if (fields.length === 0) return null;
  return fields.map((f) => fieldText(t, f)).join(language === 'zh-CN' ? '、' : ', ');
}
