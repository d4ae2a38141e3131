import type { Migration } from './migration';

/**
 * Key of the advisory lock every customer write holds until it commits (the trigger below takes
 * it; write paths of the hub take it first, see hub/src/customers/customer-write.ts). Arbitrary,
 * but it must never change, and it must differ from the migration lock (879_000_001).
 */
export const CUSTOMER_CHANGE_LOCK_KEY = 879_000_002;

/*
 * Customers for the screen pop and the customer workspace (shared/api/customers.ts): contact
 * details, the change feed that keeps the consoles' caches fresh, orders, product units, tickets
 * and the access log. As in 0001–0003, enumerations are spelled out rather than imported.
 */
export const customers: Migration = {
  version: 4,
  name: 'customers',
  statements: [
    // version is the optimistic-concurrency token of contact edits: raised by the hub on each edit,
    // never by the triggers. removed_at: merged or erased customers stay as rows, so that the
    // change feed can tell the caches to drop them.
    `alter table customers
      add column email text,
      add column address text,
      add column notes text,
      add column version int not null default 1 check (version > 0),
      add column change_seq bigint,
      add column removed_at timestamptz`,
    // The order an agent typed the numbers in: the first is the one to call back on.
    `alter table customer_phones add column position smallint not null default 0`,
    `create sequence customer_change_seq`,
    // Before the trigger exists: one statement, no function call per row.
    `update customers set change_seq = nextval('customer_change_seq')`,
    `alter table customers alter column change_seq set not null`,
    `create unique index customers_change_seq_idx on customers (change_seq)`,
    // Every insert and update of a customer (a contact edit, or a touch by the tickets trigger) gets
    // the next change_seq. The advisory lock, held from nextval to commit, serialises customer
    // writers: a transaction can take a number only after every transaction holding a smaller one
    // has committed or rolled back, so commit order equals seq order and a change feed reader that
    // has seen seq N can never later see a commit with a smaller seq; without it, seq 8 could
    // commit before seq 7, a reader would move its cursor past 8 and never hear of 7. Customer
    // writes are rare (an edit, a ticket opened or closed), so serialising them is cheap.
    `create function customers_stamp_change() returns trigger language plpgsql as $$
    begin
      perform pg_advisory_xact_lock(${CUSTOMER_CHANGE_LOCK_KEY});
      new.change_seq := nextval('customer_change_seq');
      return new;
    end
    $$`,
    `create trigger customers_stamp_change before insert or update on customers
      for each row execute function customers_stamp_change()`,
    // One box searches by name prefix; the pattern ops let LIKE 'abc%' use the index whatever the
    // database's collation. Numbers by their last digits: the reversed number's prefix.
    `create index customers_name_prefix_idx on customers (name text_pattern_ops)`,
    `create index customer_phones_e164_reverse_idx on customer_phones (reverse(e164) text_pattern_ops)`,
    // order_no is unique regardless of case, which is also how the search looks it up: one index
    // serves both. Money in fen as bigint, never floating point.
    `create table orders (
      id uuid primary key,
      order_no text not null,
      customer_id uuid not null references customers (id),
      placed_at timestamptz not null,
      items jsonb not null default '[]',
      amount_fen bigint not null check (amount_fen >= 0),
      shipping_state text not null check (shipping_state in ('not_printed', 'printed', 'collected', 'delivered')),
      courier text,
      waybill_no text,
      updated_at timestamptz not null
    )`,
    `create unique index orders_order_no_idx on orders (upper(order_no))`,
    `create index orders_customer_placed_idx on orders (customer_id, placed_at desc)`,
    `create index orders_waybill_idx on orders (upper(waybill_no))`,
    // 逐号建档 (DOMAIN.md §5): one file per unit, keyed by its serial number. order_no has no foreign
    // key: units bought offline or before the shop had this system have no order here.
    `create table product_units (
      serial_no text primary key,
      customer_id uuid not null references customers (id),
      model text not null,
      purchase_date date not null,
      warranty_until date,
      order_no text
    )`,
    `create index product_units_customer_idx on product_units (customer_id)`,
    `create index product_units_serial_upper_idx on product_units (upper(serial_no))`,
    // Minimal until the complaint procedure (issue 7): enough for the pop's flags and the timeline.
    `create table tickets (
      id uuid primary key,
      ticket_no text not null unique,
      customer_id uuid not null references customers (id),
      kind text not null check (kind in ('complaint', 'after_sales', 'consult')),
      title text not null,
      status text not null,
      opened_at timestamptz not null,
      closed_at timestamptz,
      updated_at timestamptz not null
    )`,
    // The cards count open tickets per customer; the workspace lists them newest first.
    `create index tickets_open_customer_idx on tickets (customer_id) where closed_at is null`,
    `create index tickets_customer_opened_idx on tickets (customer_id, opened_at desc)`,
    // A card shows its open complaints and tickets, so a ticket opened, closed, re-kinded or moved
    // is a change of the card that the consoles' caches must hear of: touching the customer row
    // makes customers_stamp_change give it a new change_seq. version stays: a ticket is no contact
    // edit, and raising it would make an agent's pending edit fail with a conflict for nothing.
    // Per statement with transition tables, so a bulk insert (the demo seed) touches each customer
    // once; an update that leaves the counts as they were (a new status text) touches nobody.
    `create function tickets_touch_customers() returns trigger language plpgsql as $$
    begin
      if tg_op = 'INSERT' then
        update customers set change_seq = change_seq where id in (select customer_id from new_rows);
      elsif tg_op = 'DELETE' then
        update customers set change_seq = change_seq where id in (select customer_id from old_rows);
      else
        update customers set change_seq = change_seq where id in (
          select unnest(array[n.customer_id, o.customer_id]) from new_rows n join old_rows o on o.id = n.id
            where n.customer_id <> o.customer_id or n.kind <> o.kind or (n.closed_at is null) <> (o.closed_at is null));
      end if;
      return null;
    end
    $$`,
    // A trigger with transition tables may have one event only, hence three.
    `create trigger tickets_touch_customers_insert after insert on tickets
      referencing new table as new_rows for each statement execute function tickets_touch_customers()`,
    `create trigger tickets_touch_customers_update after update on tickets
      referencing old table as old_rows new table as new_rows for each statement execute function tickets_touch_customers()`,
    `create trigger tickets_touch_customers_delete after delete on tickets
      referencing old table as old_rows for each statement execute function tickets_touch_customers()`,
    // Who read or changed which customer, when and why (客户信息保密制度, DOMAIN.md §6). No foreign
    // key to customers: the log must outlive a record that is erased. Users cannot be deleted
    // while they have entries: whoever handled the data stays named.
    `create table customer_access_log (
      id bigserial primary key,
      customer_id uuid not null,
      user_id uuid not null references users (id),
      at timestamptz not null,
      action text not null check (action in ('read', 'create', 'update')),
      reason text,
      call_id uuid,
      changes jsonb
    )`,
    `create index customer_access_log_customer_at_idx on customer_access_log (customer_id, at desc, id desc)`,
  ],
};
