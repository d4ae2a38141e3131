import type { CustomerSearchHit, SearchMatch } from '../../../shared/api/customers';
import { callerKey } from '../../../shared/customers/caller';
import type { Queryable } from '../db/db';
import { loadLiveCards } from './customer-cards';

interface Candidate {
  customerId: string;
  matchedBy: SearchMatch;
  matchedValue: string | null;
}

/** `%`, `_` and `\` typed by the agent mean themselves (LIKE's default escape is the backslash). */
export const escapeLike = (text: string): string => text.replace(/[\\%_]/g, '\\$&');

const SEPARATORS = /[\s\-().\u00a0]/g;

// Each statement reads one index and skips removed customers. Input reaches them as parameters
// only; LIKE patterns are made in code, so the planner sees a constant prefix and uses the index.
const BY_PHONE = `select p.customer_id, null::text as value from customer_phones p join customers c on c.id = p.customer_id
  where p.e164 = $1 and c.removed_at is null order by c.name, c.id limit $2`;
const BY_PHONE_ENDING = `select p.customer_id, p.e164 as value from customer_phones p join customers c on c.id = p.customer_id
  where reverse(p.e164) like $1 and c.removed_at is null order by p.e164, p.customer_id limit $2`;
const BY_KEY = `select * from (
    (select 1 as rank, 'order' as matched_by, o.customer_id, o.order_no as value from orders o
      where upper(o.order_no) = upper($1) limit $2)
    union all
    (select 2, 'waybill', o.customer_id, o.waybill_no from orders o where upper(o.waybill_no) = upper($1) order by o.placed_at desc limit $2)
    union all
    (select 3, 'serial', u.customer_id, u.serial_no from product_units u where upper(u.serial_no) = upper($1) limit $2)
  ) hits
  where exists (select 1 from customers c where c.id = hits.customer_id and c.removed_at is null)
  order by rank`;
const BY_NAME = `select c.id as customer_id, null::text as value from customers c
  where c.name like $1 and c.removed_at is null order by c.name, c.id limit $2`;

/**
 * One box for everything an agent may have at hand: a phone number in any format (or its last
 * digits), an order number, a waybill, a serial number, or a name. Hits come in that order, each
 * customer once with the first thing it matched; names are tried only for input that is not all
 * digits, and "name contains" (a scan) only to fill what the indexed look-ups left of the limit.
 */
export async function searchCustomers(db: Queryable, q: string, limit: number): Promise<CustomerSearchHit[]> {
  const found = new Map<string, Candidate>();
  const add = (rows: readonly { customer_id: string; value: string | null }[], matchedBy: SearchMatch, keepValue: boolean) => {
    for (const row of rows) {
      if (found.size >= limit) return;
      if (!found.has(row.customer_id)) found.set(row.customer_id, { customerId: row.customer_id, matchedBy, matchedValue: keepValue ? row.value : null });
    }
  };
  const compact = q.replace(SEPARATORS, '');
  const key = callerKey(q);
  if (key.kind === 'customer') add((await db.query<{ customer_id: string; value: null }>(BY_PHONE, [key.e164, limit])).rows, 'phone', false);
  if (/^[0-9]{4,11}$/.test(compact) && found.size < limit) {
    const ending = [...compact].reverse().join('');
    add((await db.query<{ customer_id: string; value: string }>(BY_PHONE_ENDING, [`${ending}%`, limit])).rows, 'phone', false);
  }
  if (found.size < limit) {
    const { rows } = await db.query<{ matched_by: 'order' | 'waybill' | 'serial'; customer_id: string; value: string }>(BY_KEY, [q, limit]);
    for (const row of rows) add([row], row.matched_by, true);
  }
  if (!/^\+?[0-9]+$/.test(compact) && found.size < limit) {
    const escaped = escapeLike(q);
    add((await db.query<{ customer_id: string; value: null }>(BY_NAME, [`${escaped}%`, limit])).rows, 'name', false);
    if (found.size < limit) add((await db.query<{ customer_id: string; value: null }>(BY_NAME, [`%${escaped}%`, limit])).rows, 'name', false);
  }
  const candidates = [...found.values()];
  const cards = new Map((await loadLiveCards(db, candidates.map((c) => c.customerId))).map((card) => [card.id, card]));
  return candidates.flatMap((c) => {
    const card = cards.get(c.customerId);
    return card === undefined ? [] : [{ card, matchedBy: c.matchedBy, matchedValue: c.matchedValue }];
  });
}
