import type { CustomerCard, CustomerClass, CustomerPhone } from '../../../shared/api/customers';
import type { Queryable } from '../db/db';

/** A card as stored, and whether its customer has left the book (the feed then sends a removal). */
export interface LoadedCard {
  card: CustomerCard;
  removed: boolean;
}

/*
 * One statement for a whole page of cards, however many: phones and open-ticket counts come from
 * lateral subqueries that each walk an index of the one customer (customer_phones' primary key,
 * tickets' partial index of open tickets), so a 2000-card page of the change feed is one round
 * trip, not 4000. Removed customers are returned too, flagged: the feed needs them.
 */
const LOAD_CARDS = `select c.id, c.name, c.vip_level, c.key_account, c.customer_class, to_jsonb(c.tags) as tags, c.version,
    c.updated_at, c.removed_at is not null as removed, coalesce(p.phones, '[]'::jsonb) as phones,
    t.open_complaints::int as open_complaints, t.open_tickets::int as open_tickets
  from customers c
  left join lateral (
    select jsonb_agg(jsonb_build_object('e164', cp.e164, 'kind', cp.kind) order by cp.position, cp.e164) as phones
      from customer_phones cp where cp.customer_id = c.id
  ) p on true
  cross join lateral (
    select count(*) filter (where tk.kind = 'complaint') as open_complaints, count(*) as open_tickets
      from tickets tk where tk.customer_id = c.id and tk.closed_at is null
  ) t
  where c.id = any($1::uuid[])`;

interface CardRow {
  id: string;
  name: string;
  vip_level: number;
  key_account: boolean;
  customer_class: CustomerClass;
  tags: string[];
  version: number;
  updated_at: Date;
  removed: boolean;
  phones: CustomerPhone[];
  open_complaints: number;
  open_tickets: number;
}

const toCard = (row: CardRow): CustomerCard => ({
  id: row.id,
  name: row.name,
  vipLevel: row.vip_level,
  keyAccount: row.key_account,
  customerClass: row.customer_class,
  tags: row.tags,
  phones: row.phones,
  openComplaints: row.open_complaints,
  openTickets: row.open_tickets,
  version: row.version,
  updatedAt: new Date(row.updated_at).toISOString(),
});

/**
 * The cards of these customers, by id; an id that does not exist is absent. The one place a card
 * is built: the pop, the search, the change feed and the workspace all show the same thing.
 */
export async function loadCards(db: Queryable, ids: readonly string[]): Promise<Map<string, LoadedCard>> {
  if (ids.length === 0) return new Map();
  const { rows } = await db.query<CardRow>(LOAD_CARDS, [[...new Set(ids)]]);
  return new Map(rows.map((row) => [row.id, { card: toCard(row), removed: row.removed }]));
}

/** The cards of customers still in the book, in the order of `ids`. */
export async function loadLiveCards(db: Queryable, ids: readonly string[]): Promise<CustomerCard[]> {
  const loaded = await loadCards(db, ids);
  return ids.flatMap((id) => {
    const found = loaded.get(id);
    return found === undefined || found.removed ? [] : [found.card];
  });
}
