import type { TicketKind } from '../../../shared/api/customers';
import type { Queryable } from '../db/db';

/** The first letters of a ticket number by kind: 投诉 TS, 售后 SH, 咨询 ZX. */
export const TICKET_PREFIX: Readonly<Record<TicketKind, string>> = { complaint: 'TS', after_sales: 'SH', consult: 'ZX' };

const CHINA_OFFSET_MS = 8 * 60 * 60 * 1000;
const ATTEMPTS = 3;

/** The year as the center's staff would write it on the ticket: China time (UTC+8). */
const chinaYear = (now: Date): number => new Date(now.getTime() + CHINA_OFFSET_MS).getUTCFullYear();

export const formatTicketNo = (kind: TicketKind, year: number, n: bigint | number): string =>
  `${TICKET_PREFIX[kind]}-${year}-${String(n).padStart(6, '0')}`;

/**
 * A readable, unique number (`TS-2026-000123`) from one sequence, so two hubs never hand out the
 * same one. Tickets imported or seeded before carry numbers of their own in the same shape; when
 * the sequence runs into one, it jumps past the highest number of that prefix and year instead of
 * walking through them one by one.
 */
export async function nextTicketNo(tx: Queryable, kind: TicketKind, now: Date): Promise<string> {
  const year = chinaYear(now);
  for (let attempt = 0; attempt < ATTEMPTS; attempt += 1) {
    const { rows } = await tx.query<{ n: string }>("select nextval('ticket_no_seq')::text as n");
    const ticketNo = formatTicketNo(kind, year, BigInt(rows[0]?.n ?? '0'));
    const taken = await tx.query('select 1 from tickets where ticket_no = $1', [ticketNo]);
    if (taken.rows.length === 0) return ticketNo;
    await tx.query(
      `select setval('ticket_no_seq', greatest(nextval('ticket_no_seq'), (
         select max(substring(ticket_no from '([0-9]{1,18})$')::bigint) from tickets where ticket_no like $1)))`,
      [`${TICKET_PREFIX[kind]}-${year}-%`],
    );
  }
  throw new Error(`no free ticket number for ${kind} in ${year} after ${ATTEMPTS} attempts`);
}
