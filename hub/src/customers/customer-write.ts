import type { CustomerClass } from '../../../shared/api/customers';
import { callerKey } from '../../../shared/customers/caller';
import { normalizePhone, type PhoneKind } from '../../../shared/telephony/phone-number';
import type { Queryable } from '../db/db';
import { CUSTOMER_CHANGE_LOCK_KEY } from '../db/migrations/0004-customers';
import { logWrite, type FieldChanges } from './access-log';

export interface StoredPhone {
  e164: string;
  kind: PhoneKind;
  /** As the agent typed it (or the caller ID had it). */
  raw: string;
}

export type PhoneCheck = { ok: true; phones: StoredPhone[] } | { ok: false; index: number };

/**
 * Numbers as an agent types them, in E.164. Refused like the screen pop refuses them (callerKey):
 * an extension, `anonymous` or 40 digits could never pop this customer, so storing it would only
 * hide the mistake. The same number twice (typed in two formats) is kept once, where it came first.
 */
export function checkPhones(raw: readonly string[]): PhoneCheck {
  const phones = new Map<string, StoredPhone>();
  for (const [index, text] of raw.entries()) {
    const key = callerKey(text);
    const phone = key.kind === 'customer' ? normalizePhone(key.e164) : null;
    if (phone === null) return { ok: false, index };
    if (!phones.has(phone.e164)) phones.set(phone.e164, { ...phone, raw: text.trim() });
  }
  return { ok: true, phones: [...phones.values()] };
}

/**
 * Every transaction that writes customers takes the change lock first, before any row lock. The
 * customers trigger takes it too (migration 0004), but only once a row is locked: a transaction
 * that then locked a second customer could wait for a row held by one that waits for the lock.
 * Taking it first keeps one order (lock, then rows) everywhere.
 */
export async function lockCustomerWrites(tx: Queryable): Promise<void> {
  await tx.query('select pg_advisory_xact_lock($1)', [CUSTOMER_CHANGE_LOCK_KEY]);
}

async function replacePhones(tx: Queryable, customerId: string, phones: readonly StoredPhone[]): Promise<void> {
  await tx.query('delete from customer_phones where customer_id = $1', [customerId]);
  await tx.query(
    `insert into customer_phones (customer_id, e164, raw, kind, position)
     select $1::uuid, e164, raw, kind, position from jsonb_to_recordset($2::jsonb) as r(e164 text, raw text, kind text, position smallint)`,
    [customerId, JSON.stringify(phones.map((p, position) => ({ ...p, position })))],
  );
}

export interface NewCustomerInput {
  id: string;
  name: string;
  customerClass: CustomerClass;
  phones: StoredPhone[];
  email: string | null;
  address: string | null;
  notes: string | null;
}

interface StoredContact {
  name: string;
  customer_class: string;
  email: string | null;
  address: string | null;
  notes: string | null;
  version: number;
  removed: boolean;
}

async function storedContact(tx: Queryable, id: string, lock: boolean): Promise<StoredContact | null> {
  const { rows } = await tx.query<StoredContact>(
    `select name, customer_class, email, address, notes, version, removed_at is not null as removed from customers where id = $1${lock ? ' for update' : ''}`,
    [id],
  );
  return rows[0] ?? null;
}

async function storedPhones(tx: Queryable, id: string): Promise<string[]> {
  const { rows } = await tx.query<{ e164: string }>('select e164 from customer_phones where customer_id = $1 order by position, e164', [id]);
  return rows.map((row) => row.e164);
}

const sameList = (a: readonly string[], b: readonly string[]): boolean => a.length === b.length && a.every((item, i) => item === b[i]);

export type CreateOutcome = 'created' | 'exists' | 'conflict';

/**
 * The console makes the id, so a request retried after a timeout must not create a second
 * customer: the same id with the same content is the retry (`exists`), with other content a
 * conflict. Only a real create is logged.
 */
export async function createCustomer(tx: Queryable, input: NewCustomerInput, userId: string, now: Date): Promise<CreateOutcome> {
  await lockCustomerWrites(tx);
  const inserted = await tx.query(
    `insert into customers (id, name, customer_class, email, address, notes, created_at, updated_at)
     values ($1, $2, $3, $4, $5, $6, $7, $7) on conflict (id) do nothing`,
    [input.id, input.name, input.customerClass, input.email, input.address, input.notes, now],
  );
  if (inserted.rowCount === 0) {
    const stored = await storedContact(tx, input.id, false);
    const same =
      stored !== null &&
      !stored.removed &&
      stored.name === input.name &&
      stored.customer_class === input.customerClass &&
      stored.email === input.email &&
      stored.address === input.address &&
      stored.notes === input.notes &&
      sameList(await storedPhones(tx, input.id), input.phones.map((p) => p.e164));
    return same ? 'exists' : 'conflict';
  }
  await replacePhones(tx, input.id, input.phones);
  await logWrite(tx, { customerId: input.id, userId, at: now, action: 'create', changes: null });
  return 'created';
}

export interface ContactPatch {
  version: number;
  name?: string;
  phones?: StoredPhone[];
  email?: string | null;
  address?: string | null;
  notes?: string | null;
}

export type UpdateOutcome =
  | { outcome: 'updated' | 'unchanged' }
  | { outcome: 'not_found' }
  | { outcome: 'conflict'; storedVersion: number };

/**
 * A contact edit made on `patch.version`. Only what differs from the stored record counts as a
 * change: nothing different is no new version and no log entry, so a console that saves twice
 * changes nothing the second time.
 */
export async function updateContact(tx: Queryable, id: string, patch: ContactPatch, userId: string, now: Date): Promise<UpdateOutcome> {
  await lockCustomerWrites(tx);
  const stored = await storedContact(tx, id, true);
  if (stored === null || stored.removed) return { outcome: 'not_found' };
  if (stored.version !== patch.version) return { outcome: 'conflict', storedVersion: stored.version };

  const changes: FieldChanges = {};
  for (const field of ['name', 'email', 'address', 'notes'] as const) {
    const after = patch[field];
    if (after !== undefined && after !== stored[field]) changes[field] = { before: stored[field], after };
  }
  const phonesBefore = await storedPhones(tx, id);
  const phonesAfter = patch.phones?.map((p) => p.e164);
  if (phonesAfter !== undefined && !sameList(phonesBefore, phonesAfter)) changes.phones = { before: phonesBefore, after: phonesAfter };
  if (Object.keys(changes).length === 0) return { outcome: 'unchanged' };

  const value = <K extends 'name' | 'email' | 'address' | 'notes'>(field: K) => (field in changes ? changes[field]!.after : stored[field]);
  await tx.query(
    `update customers set name = $2, email = $3, address = $4, notes = $5, version = version + 1, updated_at = $6 where id = $1`,
    [id, value('name'), value('email'), value('address'), value('notes'), now],
  );
  if (changes.phones !== undefined && patch.phones !== undefined) await replacePhones(tx, id, patch.phones);
  await logWrite(tx, { customerId: id, userId, at: now, action: 'update', changes });
  return { outcome: 'updated' };
}
