import type {
  AccessReason,
  CustomerAccessLog,
  CustomerCard,
  CustomerCreateRequest,
  CustomerDetail,
  CustomerSearchHit,
  CustomerUpdateRequest,
} from '../../../shared/api/customers';
import type { CustomerSyncStatus } from '../services/customers/customer-sync-status';
import type { UserFacingError } from './user-facing-error';

/**
 * The screen pop of one call (inbound, outbound or a callback), from the first ringing or dialling
 * snapshot. It never holds up the phone: the look-up runs beside the call and the card appears
 * when it has an answer.
 */
export type ScreenPop =
  /** No number, `anonymous`, or something that is no phone number: the "unknown caller" card; nothing is looked up or written. */
  | { callId: string; status: 'unknown'; reason: 'withheld' | 'not_a_number' }
  /** A colleague's extension: no customer to show. */
  | { callId: string; status: 'internal'; extension: string }
  | { callId: string; status: 'looking-up'; e164: string }
  /**
   * One or more customers have this number. With several, the agent picks the caller (`chosenId`);
   * with one, it is chosen already. `refreshedAt`: when the local cache last caught up (source
   * `cache`), or when the hub answered (source `hub`).
   */
  | {
      callId: string;
      status: 'found';
      e164: string;
      customers: CustomerCard[];
      chosenId: string | null;
      source: 'cache' | 'hub';
      refreshedAt: number | null;
    }
  /** Nobody has this number (or the cache had nobody and the hub could not be asked): quick-create, prefilled with it. */
  | { callId: string; status: 'not-found'; e164: string; hubError: UserFacingError | null };

export interface CustomerSliceState {
  customers: {
    sync: CustomerSyncStatus;
    /** By call id; kept while the call is on the phone, dropped when it leaves. */
    pops: Record<string, ScreenPop>;
    /** The customer open in the customer workspace pane. */
    openId: string | null;
  };
}

/** A new customer as the quick-create form or the workspace fills it in; the store makes the id. */
export type NewCustomer = Omit<CustomerCreateRequest, 'id'>;

export interface CustomerSliceActions {
  /** After login; called by the session slice. Roles that take calls keep a local cache in sync. */
  startCustomers(): Promise<void>;
  stopCustomers(): Promise<void>;
  /** The agent says which of several customers sharing the number is on the line; links the call log. */
  chooseCaller(callId: string, customerId: string): void;
  /** Shows a customer in the workspace pane (null: back to search). */
  openCustomer(customerId: string | null): void;
  /** One box: phone (any format), name, order number, waybill or serial. Hub only. Throws UserFacingError. */
  searchCustomers(q: string): Promise<CustomerSearchHit[]>;
  /** The whole record; the hub logs the read with the reason. Throws UserFacingError. */
  loadCustomer(id: string, reason: AccessReason, callId?: string): Promise<CustomerDetail>;
  /** Quick-create. With a call id, the new customer becomes that call's caller. Throws UserFacingError. */
  createCustomer(input: NewCustomer, callId?: string): Promise<CustomerDetail>;
  /** Contact details; a 409 `conflict` means someone else changed the record first. Throws UserFacingError. */
  updateCustomer(id: string, patch: CustomerUpdateRequest): Promise<CustomerDetail>;
  /** Who read or changed the record (supervisors, managers, admins). Throws UserFacingError. */
  customerAccessLog(id: string): Promise<CustomerAccessLog>;
  syncCustomersNow(): void;
}

export type CustomerSlice = CustomerSliceState & CustomerSliceActions;
