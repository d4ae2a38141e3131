import { z } from 'zod';

/*
 * Customers as the hub serves them (DOMAIN.md §5–6): the card the screen pop shows and the console
 * caches, the whole record of the customer workspace, search, quick-create, contact edits and the
 * incremental change feed that keeps a console's cache fresh. Customer data is confidential: every
 * read of a record by a person (pop, search hit opened, workspace) is logged on the hub.
 */

export const CUSTOMER_CLASSES = ['individual', 'enterprise', 'dealer'] as const;
export const CustomerClassSchema = z.enum(CUSTOMER_CLASSES);
export type CustomerClass = z.infer<typeof CustomerClassSchema>;

export const PHONE_KINDS = ['mobile', 'landline'] as const;

/** An order's way through the warehouse (DOMAIN.md §5, address change): decides what the agent may still change. */
export const SHIPPING_STATES = ['not_printed', 'printed', 'collected', 'delivered'] as const;
export const ShippingStateSchema = z.enum(SHIPPING_STATES);
export type ShippingState = z.infer<typeof ShippingStateSchema>;

/**
 * Tickets are the complaint and after-sales cases of a customer. This issue needs only whether one
 * is open and what it is about (the pop's flags); the complaint procedure (issue 7) adds its steps.
 */
export const TICKET_KINDS = ['complaint', 'after_sales', 'consult'] as const;
export const TicketKindSchema = z.enum(TICKET_KINDS);
export type TicketKind = z.infer<typeof TicketKindSchema>;

const isoTime = z.iso.datetime({ offset: true });
const isoDate = z.iso.date();
export const CustomerIdSchema = z.uuid();

export const E164Schema = z.string().regex(/^\+[1-9][0-9]{6,14}$/, 'an E.164 number (+8613800138000)');

export const CustomerPhoneSchema = z.object({
  e164: E164Schema,
  kind: z.enum(PHONE_KINDS),
});
export type CustomerPhone = z.infer<typeof CustomerPhoneSchema>;

export const CUSTOMER_NAME_MAX = 100;
export const CUSTOMER_TAG_MAX = 30;
export const CUSTOMER_PHONES_MAX = 10;

/**
 * What the screen pop shows while the phone rings, and the unit of the console's local cache: small
 * on purpose (a million of them fit on an agent's PC), enough to greet a VIP by name and know of an
 * open complaint before the caller speaks.
 */
export const CustomerCardSchema = z.object({
  id: CustomerIdSchema,
  name: z.string().min(1).max(CUSTOMER_NAME_MAX),
  /** 0 = not a VIP; 1–3 the VIP level. */
  vipLevel: z.number().int().min(0).max(3),
  /** 大客户: served by a dedicated team (DOMAIN.md §6). */
  keyAccount: z.boolean(),
  customerClass: CustomerClassSchema,
  tags: z.array(z.string().min(1).max(CUSTOMER_TAG_MAX)).max(20),
  phones: z.array(CustomerPhoneSchema).max(CUSTOMER_PHONES_MAX),
  /** Open complaint tickets: the flag an agent must see before greeting. */
  openComplaints: z.number().int().min(0),
  /** All open tickets, complaints included. */
  openTickets: z.number().int().min(0),
  /** Raised by every change to the record; an edit must name the version it was made on. */
  version: z.number().int().min(1),
  updatedAt: isoTime,
});
export type CustomerCard = z.infer<typeof CustomerCardSchema>;

export const OrderItemSchema = z.object({
  sku: z.string().max(40),
  name: z.string().max(200),
  quantity: z.number().int().min(1),
  /** Money in fen (分): integers, never floating point. */
  unitPriceFen: z.number().int().min(0),
});

export const OrderSchema = z.object({
  orderNo: z.string().max(40),
  placedAt: isoTime,
  items: z.array(OrderItemSchema),
  amountFen: z.number().int().min(0),
  shippingState: ShippingStateSchema,
  courier: z.string().max(40).nullable(),
  waybillNo: z.string().max(40).nullable(),
});
export type Order = z.infer<typeof OrderSchema>;

/** 逐号建档: every unit a customer owns has its own file, by serial number. */
export const ProductUnitSchema = z.object({
  serialNo: z.string().max(60),
  model: z.string().max(100),
  purchaseDate: isoDate,
  warrantyUntil: isoDate.nullable(),
  orderNo: z.string().max(40).nullable(),
});
export type ProductUnit = z.infer<typeof ProductUnitSchema>;

export const TicketSummarySchema = z.object({
  id: z.uuid(),
  ticketNo: z.string().max(40),
  kind: TicketKindSchema,
  title: z.string().max(200),
  /** Free text until the complaint procedure (issue 7) defines its states. */
  status: z.string().max(40),
  open: z.boolean(),
  openedAt: isoTime,
  closedAt: isoTime.nullable(),
});
export type TicketSummary = z.infer<typeof TicketSummarySchema>;

export const TIMELINE_KINDS = ['call', 'ticket', 'callback', 'survey'] as const;

/** One line of the customer's history, newest first. Callbacks and surveys come with issue 8. */
export const TimelineItemSchema = z.object({
  kind: z.enum(TIMELINE_KINDS),
  id: z.string().max(80),
  at: isoTime,
  /** The call's direction, a ticket's kind, … */
  subtype: z.string().max(40).nullable(),
  /** A short line: disposition or ticket title. */
  title: z.string().max(200),
  /** Outcome: the call's status, the ticket's status, the survey's score. */
  outcome: z.string().max(80).nullable(),
  /** Who handled it (display name), if known. */
  by: z.string().max(100).nullable(),
});
export type TimelineItem = z.infer<typeof TimelineItemSchema>;

export const CustomerContactSchema = z.object({
  email: z.string().max(200).nullable(),
  address: z.string().max(300).nullable(),
  notes: z.string().max(2000).nullable(),
});
export type CustomerContact = z.infer<typeof CustomerContactSchema>;

/** The customer workspace: the card and everything behind it. */
export const CustomerDetailSchema = z.object({
  card: CustomerCardSchema,
  contact: CustomerContactSchema,
  createdAt: isoTime,
  orders: z.array(OrderSchema),
  products: z.array(ProductUnitSchema),
  tickets: z.array(TicketSummarySchema),
  timeline: z.array(TimelineItemSchema),
});
export type CustomerDetail = z.infer<typeof CustomerDetailSchema>;

/** Why a record was read: kept in the access log beside who and when. */
/** Why a record was read; `complaint-case`: a complaint case's page, which shows its customer. */
export const ACCESS_REASONS = ['screen-pop', 'search', 'workspace', 'complaint-case'] as const;
export const AccessReasonSchema = z.enum(ACCESS_REASONS);
export type AccessReason = z.infer<typeof AccessReasonSchema>;

/** `GET /api/v1/customers/lookup`: the pop's question when the cache had no answer. */
export const CustomerLookupQuerySchema = z.object({
  /** The caller's number as the PBX sent it; normalised on the hub the same way as stored numbers. */
  phone: z.string().max(64),
  /** The call this look-up is for, kept in the access log. */
  callId: z.uuid().optional(),
});
export type CustomerLookupQuery = z.input<typeof CustomerLookupQuerySchema>;

export const CustomerLookupResponseSchema = z.object({
  /** The number as matched; null when it is no valid phone number (then `items` is empty). */
  e164: E164Schema.nullable(),
  items: z.array(CustomerCardSchema),
});
export type CustomerLookupResponse = z.infer<typeof CustomerLookupResponseSchema>;

export const SEARCH_MATCHES = ['phone', 'name', 'order', 'waybill', 'serial'] as const;
export type SearchMatch = (typeof SEARCH_MATCHES)[number];

/** `GET /api/v1/customers?q=`: one box; the hub tries the input as each kind of key. */
export const CustomerSearchQuerySchema = z.object({
  q: z.string().trim().min(1).max(100),
  limit: z.coerce.number().int().min(1).max(50).default(20),
});
export type CustomerSearchQuery = z.input<typeof CustomerSearchQuerySchema>;

export const CustomerSearchHitSchema = z.object({
  card: CustomerCardSchema,
  /** What the input matched: the agent sees why this customer is in the list. */
  matchedBy: z.enum(SEARCH_MATCHES),
  /** The order number, waybill or serial that matched, when it was one of those. */
  matchedValue: z.string().max(60).nullable(),
});
export type CustomerSearchHit = z.infer<typeof CustomerSearchHitSchema>;

export const CustomerSearchResponseSchema = z.object({ items: z.array(CustomerSearchHitSchema) });
export type CustomerSearchResponse = z.infer<typeof CustomerSearchResponseSchema>;

const trimmedText = (max: number) => z.string().trim().max(max);
const optionalText = (max: number) =>
  trimmedText(max)
    .nullable()
    .optional()
    .transform((v) => (v === '' ? null : v));

/**
 * `POST /api/v1/customers`: quick-create from the pop or the workspace. The console makes the id, so a
 * retried request (timeout, reload) creates the customer once.
 */
export const CustomerCreateRequestSchema = z.object({
  id: CustomerIdSchema,
  name: trimmedText(CUSTOMER_NAME_MAX).min(1),
  /** As typed or as the caller ID had it; the hub normalises and refuses what is no phone number. */
  phones: z.array(z.string().max(64)).min(1).max(CUSTOMER_PHONES_MAX),
  customerClass: CustomerClassSchema.default('individual'),
  email: optionalText(200),
  address: optionalText(300),
  notes: optionalText(2000),
});
export type CustomerCreateRequest = z.input<typeof CustomerCreateRequestSchema>;

/** `PATCH /api/v1/customers/:id`: contact details only, on the version the editor saw (else 409). */
export const CustomerUpdateRequestSchema = z.object({
  version: z.number().int().min(1),
  name: trimmedText(CUSTOMER_NAME_MAX).min(1).optional(),
  phones: z.array(z.string().max(64)).min(1).max(CUSTOMER_PHONES_MAX).optional(),
  email: optionalText(200),
  address: optionalText(300),
  notes: optionalText(2000),
});
export type CustomerUpdateRequest = z.input<typeof CustomerUpdateRequestSchema>;

/** `GET /api/v1/customers/changes`: cards changed after the cursor, oldest change first. */
export const CustomerChangesQuerySchema = z.object({
  /** The previous page's `cursor`; absent for a cache that starts empty. */
  after: z.string().max(40).optional(),
  limit: z.coerce.number().int().min(1).max(5000).default(2000),
});
export type CustomerChangesQuery = z.input<typeof CustomerChangesQuerySchema>;

/** A customer gone from the book (merged, erased): the cache drops it. */
export const CustomerRemovalSchema = z.object({ id: CustomerIdSchema, removed: z.literal(true) });

export const CustomerChangeSchema = z.union([CustomerCardSchema, CustomerRemovalSchema]);
export type CustomerChange = z.infer<typeof CustomerChangeSchema>;

export const CustomerChangesPageSchema = z.object({
  items: z.array(CustomerChangeSchema),
  /** Where the next page starts; the same cursor again when nothing changed. */
  cursor: z.string().max(40),
  /** More changes are waiting: fetch again at once. */
  more: z.boolean(),
  /** Changes after this page, for a progress bar; an estimate while writers are busy. */
  remaining: z.number().int().min(0),
});
export type CustomerChangesPage = z.infer<typeof CustomerChangesPageSchema>;

export const ACCESS_ACTIONS = ['read', 'create', 'update'] as const;

export const CustomerAccessEntrySchema = z.object({
  at: isoTime,
  username: z.string(),
  displayName: z.string(),
  action: z.enum(ACCESS_ACTIONS),
  reason: z.string().nullable(),
  /** For an update: the fields changed, with their values before and after. */
  changes: z.record(z.string(), z.object({ before: z.unknown(), after: z.unknown() })).nullable(),
});
export type CustomerAccessEntry = z.infer<typeof CustomerAccessEntrySchema>;

export const CustomerAccessLogSchema = z.object({ items: z.array(CustomerAccessEntrySchema) });
export type CustomerAccessLog = z.infer<typeof CustomerAccessLogSchema>;

export const isCustomerRemoval = (change: CustomerChange): change is z.infer<typeof CustomerRemovalSchema> =>
  'removed' in change && change.removed === true;
