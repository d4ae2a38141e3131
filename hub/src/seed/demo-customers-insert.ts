import type { Queryable } from '../db/db';
import { normalizePhone } from '../../../shared/telephony/phone-number';
import type { DemoCustomer } from './demo-customers';

export interface CustomerInsertCounts {
  customers: number;
  phones: number;
  skippedPhones: number;
}

/*
 * A whole batch travels as one jsonb parameter unpacked by jsonb_to_recordset: one round trip
 * per batch, no SQL built from data, and the same statement on PGlite and PostgreSQL.
 */
export async function insertCustomerBatch(tx: Queryable, batch: readonly DemoCustomer[]): Promise<CustomerInsertCounts> {
  const customers = batch.map((c) => ({
    id: c.id,
    name: c.name,
    vip_level: c.vipLevel,
    key_account: c.keyAccount,
    customer_class: c.customerClass,
    tags: c.tags,
    created_at: c.createdAt.toISOString(),
  }));
  const phones: { customer_id: string; e164: string; raw: string; kind: string }[] = [];
  let skippedPhones = 0;
  for (const customer of batch) {
    for (const raw of customer.phones) {
      const normalized = normalizePhone(raw);
      if (normalized === null) skippedPhones += 1;
      else phones.push({ customer_id: customer.id, raw, ...normalized });
    }
  }
  const inserted = await tx.query(
    `insert into customers (id, name, vip_level, key_account, customer_class, tags, created_at, updated_at)
     select id, name, vip_level, key_account, customer_class, tags, created_at, created_at
       from jsonb_to_recordset($1::jsonb)
         as r(id uuid, name text, vip_level int, key_account boolean, customer_class text, tags text[], created_at timestamptz)
     on conflict (id) do nothing`,
    [JSON.stringify(customers)],
  );
  const insertedPhones = await tx.query(
    `insert into customer_phones (customer_id, e164, raw, kind)
     select customer_id, e164, raw, kind
       from jsonb_to_recordset($1::jsonb) as r(customer_id uuid, e164 text, raw text, kind text)
     on conflict do nothing`,
    [JSON.stringify(phones)],
  );
  return { customers: inserted.rowCount, phones: insertedPhones.rowCount, skippedPhones };
}
