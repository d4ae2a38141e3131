import { describe, expect, it } from 'vitest';
import type { FlowFacts } from '../../../../shared/flows/flow-run';
import { drive, KNOWN_CALL } from './library-driver';

const NEW_ADDRESS = { new_address: '浙江省杭州市西湖区文三路 90 号 5 幢 301 室' };
const at = (state: string): FlowFacts => ({ ...KNOWN_CALL, 'order.shippingState': state });

describe('after-sales.address-change (地址更改)', () => {
  it('preselects the shipping state from the order, and the agent may correct it', () => {
    const call = drive('after-sales.address-change', at('printed')).walk({}, 'state');
    expect(call.run.answers['shipping_state']).toMatchObject({ value: 'printed', prefilled: true });

    call.answer({ shipping_state: 'collected' }).walk(NEW_ADDRESS);
    expect(call.shown).toContain('collected');
    expect(call.shown).not.toContain('printed');
  });

  it('asks the agent for the state when the order does not say', () => {
    const { 'order.shippingState': _unknown, ...facts } = KNOWN_CALL;
    const call = drive('after-sales.address-change', facts).walk({}, 'state');
    expect(() => call.complete()).toThrow(/shipping_state.*required/);
  });

  it('changes the note in the system when the dispatch note is not printed: no warehouse, no ticket', () => {
    const call = drive('after-sales.address-change', at('not_printed')).walk({ ...NEW_ADDRESS, change_method: 'note', note_saved: true });
    expect(call.shown).toEqual(['greet', 'state', 'new-address', 'not-printed', 'note-changed', 'note-done']);
    expect(call.actions).toEqual([{ type: 'set_disposition', code: 'order-placed' }]);
    expect(call.run.outcome).toBe('resolved');
    expect(call.say('note-changed')).toContain('DD20250301001');
  });

  it('guides a refund and a new order when the customer prefers that on an unprinted order', () => {
    const call = drive('after-sales.address-change', at('not_printed')).walk({ ...NEW_ADDRESS, change_method: 'reorder' });
    expect(call.shown.slice(-1)).toEqual(['reorder']);
    expect(call.actions).toEqual([{ type: 'set_disposition', code: 'order-placed' }]);
    expect(call.run.outcome).toBe('resolved');
  });

  it('checks the state again when the note cannot be saved, and follows the state it has moved to', () => {
    const call = drive('after-sales.address-change', at('not_printed')).walk({ ...NEW_ADDRESS, change_method: 'note' }, 'note-changed');
    call.answer({ note_saved: false }).complete();
    expect(call.stepId).toBe('state');
    call.answer({ shipping_state: 'printed' }).walk({});
    expect(call.only('notify').department).toBe('logistics');
    expect(call.actionsOf('set_disposition').map((a) => a.code)).toEqual(['after-sales']);
    expect(call.run.answers['new_address']?.value).toBe(NEW_ADDRESS.new_address);
  });

  it('sends the order number to the warehouse group when printed and not yet collected', () => {
    const call = drive('after-sales.address-change', at('printed')).walk(NEW_ADDRESS);
    expect(call.shown).toEqual(['greet', 'state', 'new-address', 'printed']);
    const notify = call.only('notify');
    expect(notify).toMatchObject({ department: 'logistics', urgent: true });
    expect(notify.message).toContain('DD20250301001');
    expect(notify.message).toContain(NEW_ADDRESS.new_address);
    expect(notify.message).toContain('仓库');
    expect(call.only('create_ticket')).toMatchObject({ kind: 'after_sales', department: 'logistics' });
    expect(call.only('create_ticket').title).toContain('DD20250301001');
    expect(call.only('schedule_callback')).toMatchObject({ callbackType: 'after_sales', dueInHours: 4 });
    expect(call.only('set_disposition').code).toBe('after-sales');
    expect(call.run.outcome).toBe('ticket_created');
  });

  it('sends the waybill number to the courier group to intercept when already collected', () => {
    const call = drive('after-sales.address-change', at('collected')).walk(NEW_ADDRESS);
    expect(call.shown).toEqual(['greet', 'state', 'new-address', 'collected']);
    expect(call.run.answers['waybill_no']).toMatchObject({ value: 'SF1234567890', prefilled: true });
    const notify = call.only('notify');
    expect(notify).toMatchObject({ department: 'logistics', urgent: true });
    expect(notify.message).toContain('SF1234567890');
    expect(notify.message).toContain('拦截');
    expect(call.only('create_ticket')).toMatchObject({ kind: 'after_sales', department: 'logistics' });
    expect(call.only('schedule_callback')).toMatchObject({ callbackType: 'after_sales', dueInHours: 24 });
    expect(call.run.outcome).toBe('ticket_created');
  });

  it('asks for the waybill when the order has none yet', () => {
    const { 'order.waybillNo': _none, ...facts } = at('collected');
    const call = drive('after-sales.address-change', facts).walk(NEW_ADDRESS, 'collected');
    expect(() => call.complete()).toThrow(/waybill_no/);
    call.answer({ waybill_no: 'YT9876543210' }).complete();
    expect(call.only('notify').message).toContain('YT9876543210');
  });

  it('explains that a delivered parcel cannot be redirected, without asking for the new address', () => {
    const call = drive('after-sales.address-change', at('delivered')).walk({});
    expect(call.shown).toEqual(['greet', 'state', 'delivered']);
    expect(call.actions).toEqual([{ type: 'set_disposition', code: 'consult-answered' }]);
    expect(call.run.outcome).toBe('not_resolved');
  });

  it('writes the warehouse message in English when the agent works in en-US', () => {
    const call = drive('after-sales.address-change', at('printed'), 'en-US').walk(NEW_ADDRESS);
    expect(call.only('notify').message).toMatch(/^\[Warehouse group · address change\] Order DD20250301001/);
  });
});

describe('after-sales.out-of-stock (缺货通知)', () => {
  const item = { missing_item: '加厚羽绒服 黑色 XL ×1' };

  it('refunds to the original payment method without touching the recording', () => {
    const call = drive('after-sales.out-of-stock').walk({ ...item, remedy: 'refund', refund_route: 'original' });
    expect(call.shown).toEqual(['greet', 'choose', 'refund-route', 'refund']);
    expect(call.only('create_ticket')).toMatchObject({ kind: 'after_sales', department: 'service' });
    expect(call.only('create_ticket').title).toContain('加厚羽绒服');
    expect(call.actionsOf('pause_recording')).toEqual([]);
    expect(call.only('set_disposition').code).toBe('after-sales');
    expect(call.run.outcome).toBe('ticket_created');
  });

  it('pauses the recording while the customer reads out a bank card, and resumes it after', () => {
    const call = drive('after-sales.out-of-stock').walk({ ...item, remedy: 'refund', refund_route: 'bank_card' }, 'card-details');
    // Paused before the card step is on screen, so the card number is never recorded.
    expect(call.actions.map((a) => a.type)).toEqual(['pause_recording']);
    call.walk({ bank_name: '中国工商银行', card_last4: '0427' });
    expect(call.actions.map((a) => a.type)).toEqual(['pause_recording', 'resume_recording', 'create_ticket', 'set_disposition']);
    expect(call.run.outcome).toBe('ticket_created');
  });

  it('registers an exchange with the warehouse', () => {
    const call = drive('after-sales.out-of-stock').walk({ ...item, remedy: 'exchange', replacement: '加厚羽绒服 藏青 XL ×1' });
    expect(call.only('create_ticket')).toMatchObject({ kind: 'after_sales', department: 'logistics' });
    expect(call.run.outcome).toBe('ticket_created');
  });

  it('promises a callback when the customer waits for the restock', () => {
    const call = drive('after-sales.out-of-stock').walk({ ...item, remedy: 'wait' });
    expect(call.only('schedule_callback')).toMatchObject({ callbackType: 'after_sales', dueInHours: 72 });
    expect(call.only('create_ticket').kind).toBe('after_sales');
    expect(call.run.outcome).toBe('callback_scheduled');
  });
});

describe('after-sales.parcel-tracking (查件/催件)', () => {
  it('reports a parcel moving normally and ends there when the customer is content', () => {
    const call = drive('after-sales.parcel-tracking').walk({ tracking_status: 'moving', wants_hurry: false });
    expect(call.actions).toEqual([{ type: 'set_disposition', code: 'consult-answered' }]);
    expect(call.run.outcome).toBe('resolved');
  });

  it.each(['stalled', 'exception', 'signed_not_received'])('chases the courier through logistics when the parcel is %s', (status) => {
    const call = drive('after-sales.parcel-tracking').walk({ tracking_status: status });
    expect(call.shown.slice(-1)).toEqual(['chase']);
    expect(call.only('notify').department).toBe('logistics');
    expect(call.only('notify').message).toContain('SF1234567890');
    expect(call.only('create_ticket')).toMatchObject({ kind: 'after_sales', department: 'logistics' });
    expect(call.only('schedule_callback')).toMatchObject({ callbackType: 'after_sales', dueInHours: 24 });
    expect(call.run.outcome).toBe('callback_scheduled');
  });

  it('chases a parcel that is moving when the customer asks to hurry it', () => {
    const call = drive('after-sales.parcel-tracking').walk({ tracking_status: 'moving', wants_hurry: true });
    expect(call.shown).toEqual(['greet', 'lookup', 'report-moving', 'chase']);
    expect(call.only('notify').message).toContain('正常运输中');
  });
});

describe('after-sales.missing-items (少货)', () => {
  it('ends at once when the rest of a split shipment is on its way', () => {
    const call = drive('after-sales.missing-items').walk({ missing_items: '保温杯 ×1', package_intact: true, split_shipment: true });
    expect(call.actions).toEqual([{ type: 'set_disposition', code: 'consult-answered' }]);
    expect(call.run.outcome).toBe('resolved');
  });

  it('has the warehouse check its packing record and promises the result', () => {
    const call = drive('after-sales.missing-items').walk({ missing_items: '保温杯 ×1', package_intact: true, split_shipment: false, missing_remedy: 'reship' });
    expect(call.only('create_ticket')).toMatchObject({ kind: 'after_sales', department: 'logistics' });
    expect(call.only('notify').message).toContain('保温杯 ×1');
    expect(call.only('notify').message).toContain('补发');
    expect(call.only('schedule_callback')).toMatchObject({ callbackType: 'after_sales', dueInHours: 24 });
    expect(call.only('set_disposition').code).toBe('after-sales');
    expect(call.run.outcome).toBe('ticket_created');
  });
});

describe('after-sales.wrong-items (错货)', () => {
  it('collects the wrong goods and registers the resend with the warehouse', () => {
    const call = drive('after-sales.wrong-items').walk({
      received: '儿童雨靴 粉色 28 码',
      expected: '儿童雨靴 蓝色 30 码',
      wrong_remedy: 'reship',
      pickup_address: '上海市浦东新区张杨路 500 号',
    });
    expect(call.shown).toEqual(['greet', 'details', 'remedy', 'close']);
    expect(call.only('create_ticket')).toMatchObject({ kind: 'after_sales', department: 'logistics' });
    expect(call.only('notify').message).toContain('儿童雨靴 蓝色 30 码');
    expect(call.only('schedule_callback')).toMatchObject({ callbackType: 'after_sales', dueInHours: 24 });
    expect(call.run.outcome).toBe('ticket_created');
  });
});

describe('after-sales.transport-damage (运输破损)', () => {
  const damage = { receipt: 'signed', damage_description: '外箱一角压扁' };

  it('only reports damaged packaging to the courier when the goods are fine', () => {
    const call = drive('after-sales.transport-damage').walk({ ...damage, damage_extent: 'package_only' });
    expect(call.only('notify').department).toBe('logistics');
    expect(call.actionsOf('create_ticket')).toEqual([]);
    expect(call.run.outcome).toBe('resolved');
  });

  it('registers damaged goods, claims from the courier and promises a callback', () => {
    const call = drive('after-sales.transport-damage').walk({ ...damage, damage_extent: 'goods_damaged', damage_remedy: 'refund' });
    expect(call.only('create_ticket')).toMatchObject({ kind: 'after_sales', department: 'logistics' });
    expect(call.only('notify').message).toContain('索赔');
    expect(call.only('schedule_callback')).toMatchObject({ callbackType: 'after_sales', dueInHours: 24 });
    expect(call.run.outcome).toBe('ticket_created');
  });
});

describe('after-sales.quality-problem (质量问题)', () => {
  const problem = { problem_description: '开机后电机异响，无法粉碎' };

  it('files a return with quality management', () => {
    const call = drive('after-sales.quality-problem').walk({ ...problem, quality_remedy: 'return', return_address: '河南省郑州市金水区农业路 18 号' });
    expect(call.shown.slice(-1)).toEqual(['return']);
    expect(call.only('create_ticket')).toMatchObject({ kind: 'after_sales', department: 'quality-management' });
    expect(call.only('notify').department).toBe('quality-management');
    expect(call.only('schedule_callback')).toMatchObject({ callbackType: 'after_sales', dueInHours: 48 });
    expect(call.run.outcome).toBe('ticket_created');
  });

  it('files an exchange with the warehouse and tells quality management', () => {
    const call = drive('after-sales.quality-problem').walk({ ...problem, quality_remedy: 'exchange', exchange_for: '同款同规格', exchange_address: '河南省郑州市金水区农业路 18 号' });
    expect(call.only('create_ticket')).toMatchObject({ kind: 'after_sales', department: 'logistics' });
    expect(call.only('notify').department).toBe('quality-management');
    expect(call.only('notify').message).toContain(problem.problem_description);
    expect(call.run.outcome).toBe('ticket_created');
  });
});

describe('after-sales.complaint (投诉维权)', () => {
  const complaint = { complaint_text: '客服态度恶劣，挂我电话', category: 'staff' };

  it('registers a complaint ticket and promises a complaint callback', () => {
    const call = drive('after-sales.complaint').walk({ ...complaint, severity: 'normal' });
    expect(call.shown).toEqual(['greet', 'understand', 'calm', 'register']);
    expect(call.only('create_ticket')).toMatchObject({ kind: 'complaint', category: 'staff', severity: 'normal', department: 'service' });
    expect(call.only('schedule_callback')).toMatchObject({ callbackType: 'complaint', dueInHours: 24 });
    expect(call.actionsOf('escalate')).toEqual([]);
    expect(call.only('set_disposition').code).toBe('complaint');
    expect(call.run.outcome).toBe('ticket_created');
  });

  it('escalates a complaint with severe consequences at once', () => {
    const call = drive('after-sales.complaint').walk({ ...complaint, severity: 'severe' });
    expect(call.only('create_ticket')).toMatchObject({ kind: 'complaint', severity: 'severe', triage: 'escalated' });
    expect(call.only('escalate')).toMatchObject({ ticket: 'created', level: 'next' });
    expect(call.only('escalate').reason).toContain(complaint.complaint_text);
    expect(call.only('notify')).toMatchObject({ department: 'service', urgent: true });
    expect(call.run.outcome).toBe('escalated');
  });
});

describe('repair (报修登记)', () => {
  it('records the repair by serial number and hands it to technical service', () => {
    const call = drive('repair').walk({ address: '山东省潍坊市寒亭区开元街道 12 号', symptoms: '粉碎机启动后跳闸', warranty: 'in_warranty' });
    expect(call.run.answers['serial_no']).toMatchObject({ value: 'SN-2024-00871', prefilled: true });
    expect(call.run.answers['purchase_date']).toMatchObject({ value: '2024-05-18', prefilled: true });
    expect(call.run.answers['contact_phone']).toMatchObject({ value: '+8613800138000', prefilled: true });

    const ticket = call.only('create_ticket');
    expect(ticket).toMatchObject({ kind: 'after_sales', department: 'tech-service' });
    expect(ticket.title).toContain('SN-2024-00871');
    // The ticket carries form fields the after-sales regulation asks for.
    expect(ticket.answers.map((a) => a.questionId)).toEqual(
      expect.arrayContaining(['customer_name', 'address', 'contact_phone', 'serial_no', 'purchase_date', 'symptoms']),
    );
    const notify = call.only('notify');
    expect(notify.department).toBe('tech-service');
    expect(notify.message).toContain('SN-2024-00871');
    expect(notify.message).toContain('粉碎机启动后跳闸');
    expect(call.only('schedule_callback')).toMatchObject({ callbackType: 'after_sales', dueInHours: 24 });
    expect(call.only('set_disposition').code).toBe('after-sales');
    expect(call.run.outcome).toBe('ticket_created');
  });

  it('refuses a purchase date that is not a date', () => {
    const { 'product.purchaseDate': _none, ...facts } = KNOWN_CALL;
    const call = drive('repair', facts).walk({ address: '山东省潍坊市寒亭区开元街道 12 号' }, 'product');
    expect(() => call.answer({ purchase_date: '去年五月' })).toThrow(/not_a_date/);
    call.answer({ purchase_date: '2024-05-18' }).complete();
    expect(call.stepId).toBe('problem');
  });
});
