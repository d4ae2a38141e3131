import { describe, expect, it } from 'vitest';
import type { CustomerCard, CustomerDetail } from '../../../../../shared/api/customers';
import {
  canAuditCustomers,
  canEditCustomers,
  changedFields,
  chosenCustomer,
  contactFormOf,
  contactPatch,
  currentCaller,
  emptyQuickCreate,
  formPhoneIndex,
  hasCustomerPane,
  rebaseContactForm,
  rejectedInput,
  userFacing,
  validateContactForm,
  validateQuickCreate,
} from '../../../../../renderer/src/features/customer/customer-model';
import type { ScreenPop } from '../../../../../renderer/src/store/customer-slice-state';

function card(id: string, patch: Partial<CustomerCard> = {}): CustomerCard {
  return {
    id,
    name: `Customer ${id}`,
    vipLevel: 0,
    keyAccount: false,
    customerClass: 'individual',
    tags: [],
    phones: [{ e164: '+8613800138000', kind: 'mobile' }],
    openComplaints: 0,
    openTickets: 0,
    version: 1,
    updatedAt: '2026-01-05T02:00:00Z',
    ...patch,
  };
}

function detail(patch: Partial<CustomerCard> = {}, contact: Partial<CustomerDetail['contact']> = {}): CustomerDetail {
  return {
    card: card('c1', patch),
    contact: { email: null, address: '北京市朝阳区', notes: null, ...contact },
    createdAt: '2025-01-01T00:00:00Z',
    orders: [],
    products: [],
    tickets: [],
    timeline: [],
  };
}

const found = (callId: string, chosenId: string | null, ids = ['a', 'b']): ScreenPop => ({
  callId,
  status: 'found',
  e164: '+8613800138000',
  customers: ids.map((id) => card(id)),
  chosenId,
  source: 'cache',
  refreshedAt: null,
});

describe('customer screens: who is the caller', () => {
  it('shows the chosen customer, and none while the agent has still to choose', () => {
    expect(chosenCustomer(found('x', 'b'))?.id).toBe('b');
    expect(chosenCustomer(found('x', null))).toBeNull();
    expect(chosenCustomer(found('x', 'gone'))).toBeNull();
    expect(chosenCustomer({ callId: 'x', status: 'looking-up', e164: '+8613800138000' })).toBeNull();
    expect(chosenCustomer(undefined)).toBeNull();
  });

  it('takes the call being talked on over one that only rings, and skips ended calls', () => {
    const pops = { ring: found('ring', 'a'), talk: found('talk', 'b'), done: found('done', 'a') };
    expect(currentCaller([{ id: 'ring', state: 'ringing' }, { id: 'talk', state: 'talking' }], pops)).toEqual({ callId: 'talk', customer: expect.objectContaining({ id: 'b' }) });
    expect(currentCaller([{ id: 'done', state: 'ended' }], pops)).toBeNull();
    expect(currentCaller([{ id: 'talk', state: 'talking' }], { talk: found('talk', null) })).toBeNull();
    expect(currentCaller([{ id: 'ring', state: 'ringing' }], pops)?.callId).toBe('ring');
  });

  it('lets only the roles with the customer pane open a record, and only the answerable ones read the access log', () => {
    expect(hasCustomerPane('agent')).toBe(true);
    expect(hasCustomerPane('qa')).toBe(false);
    expect(hasCustomerPane(undefined)).toBe(false);
    expect(canEditCustomers('agent')).toBe(true);
    expect(canEditCustomers('qa')).toBe(false);
    expect(canAuditCustomers('supervisor')).toBe(true);
    expect(canAuditCustomers('agent')).toBe(false);
  });
});

describe('customer screens: quick-create', () => {
  it('starts from the caller’s number in its national form', () => {
    expect(emptyQuickCreate('+8613800138000')).toEqual({ name: '', phone: '138 0013 8000', customerClass: 'individual', address: '' });
  });

  it('asks for a name and a number, blanks not counting', () => {
    expect(validateQuickCreate({ name: '  ', phone: '138', customerClass: 'individual', address: '' })).toEqual({ name: 'required' });
    expect(validateQuickCreate({ name: '王伟', phone: '', customerClass: 'individual', address: '' })).toEqual({ phone: 'required' });
    expect(validateQuickCreate({ name: '王伟', phone: '138', customerClass: 'individual', address: '' })).toEqual({});
  });
});

describe('customer screens: contact edits', () => {
  it('sends nothing when nothing changed, however the numbers are spaced', () => {
    const base = detail();
    const form = { ...contactFormOf(base), phones: ['13800138000'], address: ' 北京市朝阳区 ' };
    expect(contactPatch(base, form)).toBeNull();
  });

  it('sends the version and only the changed fields, blanks as null and empty phone rows dropped', () => {
    const base = detail({ version: 7 }, { email: 'a@example.com' });
    const form = { ...contactFormOf(base), email: ' ', notes: ' 只在工作日联系 ', phones: ['138 0013 8000', '', '010 6552 1234'] };
    expect(contactPatch(base, form)).toEqual({ version: 7, email: null, notes: '只在工作日联系', phones: ['138 0013 8000', '010 6552 1234'] });
  });

  it('wants a name and at least one number', () => {
    const form = { ...contactFormOf(detail()), name: ' ', phones: ['', ' '] };
    expect(validateContactForm(form)).toEqual({ name: 'required', phones: 'required' });
    expect(validateContactForm({ ...form, name: 'x', phones: Array.from({ length: 11 }, (_, i) => `1380013800${i}`) })).toEqual({ phones: 'tooMany' });
  });

  it('after a conflict keeps what the agent typed and takes the other person’s change where the agent typed nothing', () => {
    const oldBase = detail({ version: 1 });
    const newBase = detail({ version: 2, phones: [{ e164: '+8613900139000', kind: 'mobile' }] }, { address: '上海市浦东新区', notes: '夜间勿扰' });
    const typed = { ...contactFormOf(oldBase), address: '北京市海淀区', email: 'new@example.com' };
    const rebased = rebaseContactForm(typed, oldBase, newBase);
    expect(rebased.form).toEqual({ name: 'Customer c1', phones: ['139 0013 9000'], email: 'new@example.com', address: '北京市海淀区', notes: '夜间勿扰' });
    expect(rebased.theirs).toEqual(['phones', 'address', 'notes']);
    expect(rebased.both).toEqual(['address']);
    // Saving again sends only the agent's own changes, on the new version.
    expect(contactPatch(newBase, rebased.form)).toEqual({ version: 2, email: 'new@example.com', address: '北京市海淀区' });
    expect(changedFields(contactFormOf(oldBase), contactFormOf(oldBase))).toEqual([]);
  });

  it('finds the input a hub validation message names', () => {
    expect(rejectedInput('phones.1: not a phone number')).toEqual({ field: 'phones', index: 1 });
    expect(rejectedInput('email: Invalid email address')).toEqual({ field: 'email', index: null });
    expect(rejectedInput('version: expected number')).toBeNull();
    expect(rejectedInput('something went wrong')).toBeNull();
    expect(formPhoneIndex(['138', '', '010'], 1)).toBe(2);
    expect(formPhoneIndex(['138'], 3)).toBeNull();
  });

  it('keeps the store’s error as it is and wraps anything else', () => {
    expect(userFacing({ code: 'conflict', message: 'version 3 is not current', retryAfterSeconds: null })).toEqual({ code: 'conflict', message: 'version 3 is not current', retryAfterSeconds: null });
    expect(userFacing(new TypeError('boom'))).toEqual({ code: 'unexpected', message: 'boom', retryAfterSeconds: null });
  });
});
