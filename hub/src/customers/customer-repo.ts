import type {
  CustomerChange,
  CustomerChangesPage,
  CustomerContact,
  CustomerDetail,
  Order,
  ProductUnit,
  TicketSummary,
  TimelineItem,
} from '../../../shared/api/customers';
import type { Queryable } from '../db/db';
import { loadCards, loadLiveCards } from './customer-cards';

/** Customers still in the book who have this number; a family's landline or a company's switchboard gives several. */
export async function findByPhone(db: Queryable, e164: string) {
  const { rows } = await db.query<{ id: string }>(
    `select c.id from customers c
      where c.removed_at is null and exists (select 1 from customer_phones p where p.customer_id = c.id and p.e164 = $1)
      order by c.name, c.id`,
    [e164],
  );
  return loadLiveCards(db, rows.map((row) => row.id));
}

export const DETAIL_LIMITS = { orders: 50, tickets: 50, timeline: 100 } as const;

const ORDERS = `select order_no, placed_at, items, amount_fen::text as amount_fen, shipping_state, courier, waybill_no
  from orders where customer_id = $1 order by placed_at desc, order_no desc limit $2`;

const PRODUCTS = `select serial_no, model, purchase_date::text as purchase_date, warranty_until::text as warranty_until, order_no
  from product_units where customer_id = $1 order by purchase_date desc, serial_no`;

const TICKETS = `select id, ticket_no, kind, title, status, opened_at, closed_at
  from tickets where customer_id = $1 order by opened_at desc, id desc limit $2`;

// Each branch is cut to the limit on its own index before the merge. call_logs.customer_id is the
// console's text (the card's id as it had it), hence the text comparison.
const TIMELINE = `select * from (
    (select 'call' as kind, c.id::text as id, c.started_at as at, c.direction as subtype,
        coalesce(c.disposition_code, c.direction) as title, c.status as outcome, u.display_name as by
      from call_logs c join users u on u.id = c.agent_id
      where c.customer_id = $1::text
      order by c.started_at desc, c.id desc limit $2)
    union all
    (select 'ticket', t.id::text, t.opened_at, t.kind, t.title, t.status, null::text
      from tickets t where t.customer_id = $1::uuid
      order by t.opened_at desc, t.id desc limit $2)
  ) merged
  order by at desc, id desc limit $2`;

interface OrderRow {
  order_no: string;
  placed_at: Date;
  items: Order['items'];
  amount_fen: string;
  shipping_state: Order['shippingState'];
  courier: string | null;
  waybill_no: string | null;
}

interface ProductRow {
  serial_no: string;
  model: string;
  purchase_date: string;
  warranty_until: string | null;
  order_no: string | null;
}

interface TicketRow {
  id: string;
  ticket_no: string;
  kind: TicketSummary['kind'];
  title: string;
  status: string;
  opened_at: Date;
  closed_at: Date | null;
}

interface TimelineRow {
  kind: TimelineItem['kind'];
  id: string;
  at: Date;
  subtype: string | null;
  title: string;
  outcome: string | null;
  by: string | null;
}

const iso = (value: Date): string => new Date(value).toISOString();

/** The whole record of the workspace; null for an unknown or removed customer. Not logged: the caller logs why it read. */
export async function loadDetail(db: Queryable, id: string): Promise<CustomerDetail | null> {
  const [cards, contact, orders, products, tickets, timeline] = await Promise.all([
    loadCards(db, [id]),
    db.query<CustomerContact & { created_at: Date }>('select email, address, notes, created_at from customers where id = $1', [id]),
    db.query<OrderRow>(ORDERS, [id, DETAIL_LIMITS.orders]),
    db.query<ProductRow>(PRODUCTS, [id]),
    db.query<TicketRow>(TICKETS, [id, DETAIL_LIMITS.tickets]),
    db.query<TimelineRow>(TIMELINE, [id, DETAIL_LIMITS.timeline]),
  ]);
  const loaded = cards.get(id);
  const stored = contact.rows[0];
  if (loaded === undefined || loaded.removed || stored === undefined) return null;
  return {
    card: loaded.card,
    contact: { email: stored.email, address: stored.address, notes: stored.notes },
    createdAt: iso(stored.created_at),
    orders: orders.rows.map((row) => ({
      orderNo: row.order_no,
      placedAt: iso(row.placed_at),
      items: row.items,
      amountFen: Number(row.amount_fen),
      shippingState: row.shipping_state,
      courier: row.courier,
      waybillNo: row.waybill_no,
    })),
    products: products.rows.map(
      (row): ProductUnit => ({
        serialNo: row.serial_no,
        model: row.model,
        purchaseDate: row.purchase_date,
        warrantyUntil: row.warranty_until,
        orderNo: row.order_no,
      }),
    ),
    tickets: tickets.rows.map((row) => ({
      id: row.id,
      ticketNo: row.ticket_no,
      kind: row.kind,
      title: row.title,
      status: row.status,
      open: row.closed_at === null,
      openedAt: iso(row.opened_at),
      closedAt: row.closed_at === null ? null : iso(row.closed_at),
    })),
    timeline: timeline.rows.map((row) => ({ ...row, at: iso(row.at) })),
  };
}

/** A change_seq as the feed's cursor: digits only, within bigint. */
export function parseChangeCursor(text: string): bigint | null {
  if (!/^(0|[1-9][0-9]{0,18})$/.test(text)) return null;
  const value = BigInt(text);
  return value <= 9_223_372_036_854_775_807n ? value : null;
}

/*
 * One snapshot for the page and its `remaining`. The page is whatever committed with a change_seq
 * above the cursor; the customers trigger (migration 0004) makes commit order equal seq order, so
 * nothing can commit later below the cursor this page hands out. The cards are read by a second
 * statement: a card that changed in between is sent as it is now, which is newer, never older, and
 * its change comes again on a later page under its new seq.
 */
const CHANGES = `with page as (
    select id, change_seq from customers where change_seq > $1::bigint order by change_seq limit $2
  )
  select p.id, p.change_seq::text as seq,
    (select count(*) from customers c where c.change_seq > (select coalesce(max(change_seq), $1::bigint) from page))::int as remaining
  from page p order by p.change_seq`;

/**
 * Cards changed after the cursor, oldest change first. A customer gone from the book (or gone
 * altogether) is sent as a removal, so caches drop it.
 */
export async function changesAfter(db: Queryable, after: bigint, limit: number): Promise<CustomerChangesPage> {
  const { rows } = await db.query<{ id: string; seq: string; remaining: number }>(CHANGES, [after.toString(), limit]);
  const cards = await loadCards(db, rows.map((row) => row.id));
  const items = rows.map((row): CustomerChange => {
    const loaded = cards.get(row.id);
    return loaded === undefined || loaded.removed ? { id: row.id, removed: true } : loaded.card;
  });
  return {
    items,
    cursor: rows.at(-1)?.seq ?? after.toString(),
    more: rows.length === limit,
    remaining: rows[0]?.remaining ?? 0,
  };
}
