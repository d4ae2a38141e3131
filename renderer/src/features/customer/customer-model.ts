import type { CustomerCard, CustomerDetail, CustomerUpdateRequest } from '../../../../shared/api/customers';
import { CUSTOMER_PHONES_MAX } from '../../../../shared/api/customers';
import { CUSTOMER_AUDIT_ROLES, CUSTOMER_EDIT_ROLES } from '../../../../shared/customers/caller';
import type { Role } from '../../../../shared/domain/roles';
import type { CallSnapshot } from '../../services/sip/phone-types';
import { toUserFacingError, type UserFacingError } from '../../store';
import type { ScreenPop } from '../../store/customer-slice-state';
import { PANES_BY_ROLE } from '../workspace/panes';
import { formatPhone } from './customer-text';

/*
 * The customer screens' logic without React: what a form sends, how it survives someone else's
 * edit, and which call's customer is "the current caller".
 */

export const canEditCustomers = (role: Role | undefined): boolean => role !== undefined && CUSTOMER_EDIT_ROLES.includes(role);
export const canAuditCustomers = (role: Role | undefined): boolean => role !== undefined && CUSTOMER_AUDIT_ROLES.includes(role);
/** Whether "Open customer record" leads anywhere: only roles whose workspace has the customer pane. */
export const hasCustomerPane = (role: Role | undefined): boolean => role !== undefined && PANES_BY_ROLE[role].includes('customer');

/**
 * The store's customer actions throw a UserFacingError already; anything else (a bug) is wrapped,
 * so the screens always have a code to pick their words by.
 */
export function userFacing(error: unknown): UserFacingError {
  if (typeof error === 'object' && error !== null && 'code' in error && 'message' in error && typeof error.code === 'string' && typeof error.message === 'string') {
    const retry = 'retryAfterSeconds' in error && typeof error.retryAfterSeconds === 'number' ? error.retryAfterSeconds : null;
    return { code: error.code as UserFacingError['code'], message: error.message, retryAfterSeconds: retry };
  }
  return toUserFacingError(error);
}

/** The customer a pop shows as the caller: chosen by the agent, or the only one. Null while there is a choice to make. */
export function chosenCustomer(pop: ScreenPop | undefined): CustomerCard | null {
  if (!pop || pop.status !== 'found' || pop.chosenId === null) return null;
  return pop.customers.find((c) => c.id === pop.chosenId) ?? null;
}

// Talking or held is who the agent is speaking to; a ringing call is only who may be next.
const CALL_RANK: Record<CallSnapshot['state'], number> = { talking: 0, held: 1, ringing: 2, dialing: 2, ended: 9 };

/** The customer on the agent's line now, for the workspace's shortcut; null when nobody known is. */
export function currentCaller(calls: readonly Pick<CallSnapshot, 'id' | 'state'>[], pops: Readonly<Record<string, ScreenPop>>): { callId: string; customer: CustomerCard } | null {
  const live = calls.filter((c) => c.state !== 'ended').sort((a, b) => CALL_RANK[a.state] - CALL_RANK[b.state]);
  for (const call of live) {
    const customer = chosenCustomer(pops[call.id]);
    if (customer) return { callId: call.id, customer };
  }
  return null;
}

export interface QuickCreateForm {
  name: string;
  phone: string;
  customerClass: CustomerCard['customerClass'];
  address: string;
}

export const emptyQuickCreate = (e164: string): QuickCreateForm => ({ name: '', phone: formatPhone(e164), customerClass: 'individual', address: '' });

export type QuickCreateProblems = Partial<Record<'name' | 'phone', 'required'>>;

export function validateQuickCreate(form: QuickCreateForm): QuickCreateProblems {
  const problems: QuickCreateProblems = {};
  if (form.name.trim() === '') problems.name = 'required';
  if (form.phone.trim() === '') problems.phone = 'required';
  return problems;
}

/** The contact details as the edit form holds them: phones in the national form the agent reads. */
export interface ContactForm {
  name: string;
  phones: string[];
  email: string;
  address: string;
  notes: string;
}

export const CONTACT_FIELDS = ['name', 'phones', 'email', 'address', 'notes'] as const;
export type ContactField = (typeof CONTACT_FIELDS)[number];

export function contactFormOf(detail: CustomerDetail): ContactForm {
  return {
    name: detail.card.name,
    phones: detail.card.phones.map((p) => formatPhone(p.e164)),
    email: detail.contact.email ?? '',
    address: detail.contact.address ?? '',
    notes: detail.contact.notes ?? '',
  };
}

// Spaces and dashes are how a number is written, not which number it is.
const compactPhone = (phone: string) => phone.replace(/[\s\-().\u00a0]/g, '');
const typedPhones = (phones: readonly string[]) => phones.map((p) => p.trim()).filter((p) => p !== '');

function sameField(field: ContactField, a: ContactForm, b: ContactForm): boolean {
  if (field === 'phones') {
    const x = typedPhones(a.phones).map(compactPhone);
    const y = typedPhones(b.phones).map(compactPhone);
    return x.length === y.length && x.every((p, i) => p === y[i]);
  }
  return a[field].trim() === b[field].trim();
}

/** The fields whose values differ between two versions of the form. */
export function changedFields(a: ContactForm, b: ContactForm): ContactField[] {
  return CONTACT_FIELDS.filter((field) => !sameField(field, a, b));
}

export type ContactProblems = Partial<Record<'name' | 'phones', 'required' | 'tooMany'>>;

export function validateContactForm(form: ContactForm): ContactProblems {
  const problems: ContactProblems = {};
  if (form.name.trim() === '') problems.name = 'required';
  const phones = typedPhones(form.phones);
  if (phones.length === 0) problems.phones = 'required';
  else if (phones.length > CUSTOMER_PHONES_MAX) problems.phones = 'tooMany';
  return problems;
}

/**
 * What an edit sends: the version it was made on and only the fields the agent changed, so that
 * it cannot overwrite a field someone else changed meanwhile. Null when nothing changed.
 */
export function contactPatch(base: CustomerDetail, form: ContactForm): CustomerUpdateRequest | null {
  const fields = changedFields(contactFormOf(base), form);
  if (fields.length === 0) return null;
  const patch: CustomerUpdateRequest = { version: base.card.version };
  const text = (value: string) => (value.trim() === '' ? null : value.trim());
  for (const field of fields) {
    switch (field) {
      case 'name':
        patch.name = form.name.trim();
        break;
      case 'phones':
        patch.phones = typedPhones(form.phones);
        break;
      case 'email':
      case 'address':
      case 'notes':
        patch[field] = text(form[field]);
        break;
    }
  }
  return patch;
}

/**
 * After a 409: the form moved onto the record as it is now. What the agent changed stays as typed;
 * what they left alone takes the other person's new value, so saving again does not undo that
 * change. `theirs`: the fields the other person changed; `both`: those the agent changed too, to check.
 */
export function rebaseContactForm(
  form: ContactForm,
  oldBase: CustomerDetail,
  newBase: CustomerDetail,
): { form: ContactForm; theirs: ContactField[]; both: ContactField[] } {
  const before = contactFormOf(oldBase);
  const after = contactFormOf(newBase);
  const mine = new Set(changedFields(before, form));
  const theirs = changedFields(before, after);
  const next: ContactForm = { ...form, phones: [...form.phones] };
  for (const field of theirs) {
    if (mine.has(field)) continue;
    if (field === 'phones') next.phones = [...after.phones];
    else next[field] = after[field];
  }
  return { form: next, theirs, both: theirs.filter((f) => mine.has(f)) };
}

/**
 * The input a hub validation message names (`phones.1: not a phone number` → phones, index 1),
 * so the form can mark it; null when the message names no field the form has.
 */
export function rejectedInput(message: string): { field: ContactField; index: number | null } | null {
  const match = /^([A-Za-z]+)(?:\.(\d+))?\s*:/.exec(message);
  if (!match) return null;
  const field = CONTACT_FIELDS.find((f) => f === match[1]);
  if (!field) return null;
  return { field, index: match[2] === undefined ? null : Number(match[2]) };
}

/** The form's input behind the n-th number sent (blank inputs are not sent, so the two can differ). */
export function formPhoneIndex(phones: readonly string[], sentIndex: number): number | null {
  let seen = -1;
  for (let i = 0; i < phones.length; i++) {
    if ((phones[i] ?? '').trim() === '') continue;
    seen++;
    if (seen === sentIndex) return i;
  }
  return null;
}
