import type { Queryable } from '../db/db';
import { normalizePhone } from '../../../shared/telephony/phone-number';
import type { DemoCustomer } from './demo-customers';

export interface CustomerInsertCounts {
  customers: number;
  phones: number;
  skippedPhones: number;
  orders: number;
  products: number;
  tickets: number;
}

/*
 * A whole batch travels as one jsonb parameter per table, unpacked by jsonb_to_recordset: one
 * round trip per table and batch, no SQL built from data, and the same statements on PGlite and
 * PostgreSQL. `on conflict do nothing` everywhere: seeding again adds only what is missing.
 */
const INSERT_CUSTOMERS = `insert into customers (id, name, vip_level, key_account, customer_class, tags, email, address, notes, created_at, updated_at)
  select id, name, vip_level, key_account, customer_class, tags, email, address, notes, created_at, created_at
    from jsonb_to_recordset($1::jsonb)
      as r(id uuid, name text, vip_level int, key_account boolean, customer_class text, tags text[], email text, address text, notes text, created_at timestamptz)
  on conflict (id) do nothing`;

const INSERT_PHONES = `insert into customer_phones (customer_id, e164, raw, kind, position)
  select customer_id, e164, raw, kind, position
    from jsonb_to_recordset($1::jsonb) as r(customer_id uuid, e164 text, raw text, kind text, position smallint)
  on conflict do nothing`;

const INSERT_ORDERS = `insert into orders (id, order_no, customer_id, placed_at, items, amount_fen, shipping_state, courier, waybill_no, updated_at)
  select id, order_no, customer_id, placed_at, items, amount_fen, shipping_state, courier, waybill_no, placed_at
    from jsonb_to_recordset($1::jsonb)
      as r(id uuid, order_no text, customer_id uuid, placed_at timestamptz, items jsonb, amount_fen bigint, shipping_state text, courier text, waybill_no text)
  on conflict do nothing`;

const INSERT_PRODUCTS = `insert into product_units (serial_no, customer_id, model, purchase_date, warranty_until, order_no)
  select serial_no, customer_id, model, purchase_date, warranty_until, order_no
    from jsonb_to_recordset($1::jsonb)
      as r(serial_no text, customer_id uuid, model text, purchase_date date, warranty_until date, order_no text)
  on conflict do nothing`;

// Inserting tickets touches their customers once per statement (migration 0004's trigger), so the
// seed stamps each such customer twice; a few percent of the rows, and only on the first run.
const INSERT_TICKETS = `insert into tickets (id, ticket_no, customer_id, kind, title, status, opened_at, closed_at, updated_at)
  select id, ticket_no, customer_id, kind, title, status, opened_at, closed_at, coalesce(closed_at, opened_at)
    from jsonb_to_recordset($1::jsonb)
      as r(id uuid, ticket_no text, customer_id uuid, kind text, title text, status text, opened_at timestamptz, closed_at timestamptz)
  on conflict do nothing`;

export async function insertCustomerBatch(tx: Queryable, batch: readonly DemoCustomer[]): Promise<CustomerInsertCounts> {
  const customers = batch.map((c) => ({
    id: c.id,
    name: c.name,
    vip_level: c.vipLevel,
    key_account: c.keyAccount,
    customer_class: c.customerClass,
    tags: c.tags,
    email: c.email,
    address: c.address,
    notes: c.notes,
    created_at: c.createdAt.toISOString(),
  }));
  const phones: { customer_id: string; e164: string; raw: string; kind: string; position: number }[] = [];
  let skippedPhones = 0;
  for (const customer of batch) {
    let position = 0;
    for (const raw of customer.phones) {
      const normalized = normalizePhone(raw);
      if (normalized === null) skippedPhones += 1;
      else phones.push({ customer_id: customer.id, raw, ...normalized, position: position++ });
    }
  }
  const orders = batch.flatMap((c) =>
    c.orders.map((o) => ({
      id: o.id,
      order_no: o.orderNo,
      customer_id: c.id,
      placed_at: o.placedAt.toISOString(),
      items: o.items,
      amount_fen: o.amountFen,
      shipping_state: o.shippingState,
      courier: o.courier,
      waybill_no: o.waybillNo,
    })),
  );
  const products = batch.flatMap((c) =>
    c.products.map((p) => ({
      serial_no: p.serialNo,
      customer_id: c.id,
      model: p.model,
      purchase_date: p.purchaseDate,
      warranty_until: p.warrantyUntil,
      order_no: p.orderNo,
    })),
  );
  const tickets = batch.flatMap((c) =>
    c.tickets.map((t) => ({
      id: t.id,
      ticket_no: t.ticketNo,
      customer_id: c.id,
      kind: t.kind,
      title: t.title,
      status: t.status,
      opened_at: t.openedAt.toISOString(),
      closed_at: t.closedAt?.toISOString() ?? null,
    })),
  );
  const run = async (sql: string, rows: readonly object[]) => (rows.length === 0 ? 0 : (await tx.query(sql, [JSON.stringify(rows)])).rowCount);
  return {
    customers: await run(INSERT_CUSTOMERS, customers),
    phones: await run(INSERT_PHONES, phones),
    skippedPhones,
    orders: await run(INSERT_ORDERS, orders),
    products: await run(INSERT_PRODUCTS, products),
    tickets: await run(INSERT_TICKETS, tickets),
  };
}
