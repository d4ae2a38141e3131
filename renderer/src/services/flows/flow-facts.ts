import type { CustomerCard, CustomerDetail, Order, ProductUnit } from '../../../../shared/api/customers';
import type { FlowField } from '../../../../shared/flows/flow-schema';
import type { FlowFacts } from '../../../../shared/flows/flow-run';

/*
 * The facts of a call a script's templates and conditions read (shared/flows/flow-schema.ts,
 * FLOW_FIELDS), gathered from what the console knows: the screen pop's card, the customer's record
 * when the hub gives it, the call, the agent, the case a callback is about. Pure: the store passes
 * what it has, and calls again when more arrives. A fact that is not known is left out, never
 * guessed, so a template shows its fallback and the runner marks the gap.
 */

export interface FactSources {
  /** The caller the screen pop settled on. */
  card?: CustomerCard | null;
  /** The customer's record (orders, products), when the hub answered. */
  detail?: CustomerDetail | null;
  /** The caller's number as the phone reported it. */
  callNumber?: string | null;
  ivrChoice?: string | null;
  agentName?: string | null;
  contextTicket?: { ticketNo: string; title: string; status: string } | null;
  /** ISO time of the callback this run promised. */
  callbackDueAt?: string | null;
}

const pad = (n: number): string => String(n).padStart(2, '0');

/** A day as the agent reads it and as a date question takes it: `YYYY-MM-DD`, on this PC's calendar. */
export function localDate(iso: string): string | null {
  const at = new Date(iso);
  if (Number.isNaN(at.getTime())) return null;
  return `${at.getFullYear()}-${pad(at.getMonth() + 1)}-${pad(at.getDate())}`;
}

/** A moment as the agent reads it to the customer: `YYYY-MM-DD HH:mm`, this PC's time. */
export function localDateTime(iso: string): string | null {
  const day = localDate(iso);
  if (day === null) return null;
  const at = new Date(iso);
  return `${day} ${pad(at.getHours())}:${pad(at.getMinutes())}`;
}

/** Money in fen as yuan with two decimals (`128.00`): no floating point on the way. */
export function yuan(fen: number): string {
  return `${Math.trunc(fen / 100)}.${pad(Math.abs(fen % 100))}`;
}

/** The customer's newest order (the one a caller most likely calls about). */
export function newestOrder(detail: CustomerDetail): Order | null {
  return [...detail.orders].sort((a, b) => Date.parse(b.placedAt) - Date.parse(a.placedAt))[0] ?? null;
}

/** The customer's most recently bought unit (a repair call's product). */
export function newestProduct(detail: CustomerDetail): ProductUnit | null {
  return [...detail.products].sort((a, b) => b.purchaseDate.localeCompare(a.purchaseDate))[0] ?? null;
}

/** The facts the sources tell; unknown ones are absent. */
export function callFacts(sources: FactSources): FlowFacts {
  const facts: FlowFacts = {};
  const put = (field: FlowField, value: string | number | boolean | null | undefined) => {
    if (value === null || value === undefined || value === '') return;
    facts[field] = value;
  };
  const card = sources.card ?? null;
  if (card) {
    put('customer.name', card.name);
    put('customer.phone', card.phones[0]?.e164);
    put('customer.vipLevel', card.vipLevel);
    put('customer.keyAccount', card.keyAccount);
    put('customer.customerClass', card.customerClass);
    put('customer.openComplaints', card.openComplaints);
  }
  const order = sources.detail ? newestOrder(sources.detail) : null;
  if (order) {
    put('order.no', order.orderNo);
    put('order.placedAt', localDate(order.placedAt));
    put('order.shippingState', order.shippingState);
    put('order.courier', order.courier);
    put('order.waybillNo', order.waybillNo);
    put('order.amount', yuan(order.amountFen));
  }
  const product = sources.detail ? newestProduct(sources.detail) : null;
  if (product) {
    put('product.serialNo', product.serialNo);
    put('product.model', product.model);
    put('product.purchaseDate', product.purchaseDate);
  }
  const ticket = sources.contextTicket ?? null;
  if (ticket) {
    put('ticket.no', ticket.ticketNo);
    put('ticket.title', ticket.title);
    put('ticket.status', ticket.status);
  }
  if (sources.callbackDueAt) put('callback.dueAt', localDateTime(sources.callbackDueAt));
  put('call.number', sources.callNumber);
  put('call.ivrChoice', sources.ivrChoice);
  put('agent.name', sources.agentName);
  return facts;
}

/** Facts known before (saved with the run) with the newer ones over them: what was known is not forgotten. */
export function mergeFacts(before: FlowFacts | undefined, fresh: FlowFacts): FlowFacts {
  return { ...(before ?? {}), ...fresh };
}

export function sameFacts(a: FlowFacts, b: FlowFacts): boolean {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]) as Set<FlowField>;
  for (const key of keys) if (a[key] !== b[key]) return false;
  return true;
}
