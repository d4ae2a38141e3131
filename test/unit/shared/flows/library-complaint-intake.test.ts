import { describe, expect, it } from 'vitest';
import { goBack } from '../../../../shared/flows/flow-engine';
import { COMPLAINT_CATEGORIES } from '../../../../shared/api/tickets';
import { drive } from './library-driver';

/** Form 表1.1 as the customer tells it; classification and triage are added per test. */
const FORM = {
  channel: 'phone',
  what_happened: '上周买的猪饲料开袋后发霉结块，猪吃了拉肚子',
  happened_on: '2025-02-24',
  customer_request: '退货并赔偿损失',
};

const T = '2025-03-01T08:10:00.000Z';

describe('complaint.intake (投诉受理)', () => {
  it('fills the complainant from the screen pop and the call', () => {
    const call = drive('complaint.intake').walk({}, 'complainant');
    expect(call.run.answers['complainant_name']).toMatchObject({ value: '张伟', prefilled: true });
    expect(call.run.answers['contact_phone']).toMatchObject({ value: '+8613800138000', prefilled: true });
  });

  it('thanks and reassures the customer before classifying', () => {
    const call = drive('complaint.intake').walk(FORM, 'thanks');
    expect(call.shown).toEqual(['greet', 'complainant', 'subject', 'details', 'thanks']);
    expect(call.say()).toContain('感谢');
    expect(call.say()).toContain('立即着手调查处理');
  });

  it('answers at once: one ticket with the classification and the form, no callback', () => {
    const call = drive('complaint.intake').walk({
      ...FORM,
      category: 'price',
      severity: 'normal',
      triage: 'answered',
      answer_given: '促销价以下单时页面价格为准，差价已按规则退回',
      answer_accepted: true,
    });
    expect(call.shown.slice(-3)).toEqual(['choose-triage', 'answer-now', 'answered']);
    const ticket = call.only('create_ticket');
    expect(ticket).toMatchObject({ kind: 'complaint', category: 'price', severity: 'normal', triage: 'answered', department: 'service' });
    expect(ticket.answers.map((a) => a.questionId)).toEqual(
      expect.arrayContaining(['complainant_name', 'contact_phone', 'channel', 'product', 'order_no', 'what_happened', 'happened_on', 'category', 'severity', 'triage', 'answer_given']),
    );
    expect(ticket.answers.find((a) => a.questionId === 'channel')?.display).toBe('电话');
    expect(call.actionsOf('schedule_callback')).toEqual([]);
    expect(call.actionsOf('escalate')).toEqual([]);
    expect(call.only('set_disposition').code).toBe('complaint');
    expect(call.run.outcome).toBe('resolved');
  });

  it('goes back to the triage when the customer does not accept the answer, and opens one ticket only', () => {
    const call = drive('complaint.intake').walk({ ...FORM, category: 'service', severity: 'normal', triage: 'answered' }, 'answer-now');
    call.answer({ answer_given: '这是正常现象', answer_accepted: false }).complete();
    expect(call.stepId).toBe('choose-triage');
    expect(call.actions).toEqual([]);

    call.answer({ triage: 'escalated' }).walk({ needs_site_visit: false });
    expect(call.actionsOf('create_ticket')).toHaveLength(1);
    expect(call.only('create_ticket').triage).toBe('escalated');
    // The answer the customer refused stays on the ticket: it is part of what happened on the call.
    expect(call.only('create_ticket').answers.find((a) => a.questionId === 'answer_accepted')?.display).toBe('否');
    expect(call.run.outcome).toBe('escalated');
  });

  it('escalates: ticket, one level up with the reason, the service department told urgently, a callback within 24 hours', () => {
    const call = drive('complaint.intake').walk({ ...FORM, category: 'quality', severity: 'normal', triage: 'escalated', needs_site_visit: false });
    expect(call.shown.slice(-3)).toEqual(['choose-triage', 'escalate', 'escalate-close']);
    expect(call.say('escalate')).toContain('24小时内');
    expect(call.actions.map((a) => a.type)).toEqual(['create_ticket', 'escalate', 'notify', 'schedule_callback', 'set_disposition']);
    expect(call.only('create_ticket')).toMatchObject({ kind: 'complaint', category: 'quality', severity: 'normal', triage: 'escalated' });
    expect(call.only('escalate')).toMatchObject({ ticket: 'created', level: 'next' });
    expect(call.only('escalate').reason).toContain(FORM.what_happened);
    expect(call.only('notify')).toMatchObject({ department: 'service', urgent: true });
    expect(call.only('schedule_callback')).toMatchObject({ callbackType: 'complaint', dueInHours: 24 });
    expect(call.only('set_disposition').code).toBe('callback-promised');
    expect(call.run.outcome).toBe('escalated');
  });

  it('sends field staff and the regional sales rep on site: ticket, both notified, a callback', () => {
    const call = drive('complaint.intake').walk({
      ...FORM,
      category: 'quality',
      severity: 'normal',
      triage: 'on_site',
      investigation_address: '河南省驻马店市正阳县王庄村养殖场',
    });
    expect(call.shown.slice(-2)).toEqual(['choose-triage', 'on-site']);
    expect(call.only('create_ticket')).toMatchObject({ kind: 'complaint', category: 'quality', severity: 'normal', triage: 'on_site' });
    const notified = call.actionsOf('notify');
    expect(notified.map((n) => n.department)).toEqual(['field-staff', 'sales']);
    expect(notified[0]!.message).toContain('河南省驻马店市正阳县王庄村养殖场');
    expect(notified[0]!.message).toContain('+8613800138000');
    expect(call.only('schedule_callback')).toMatchObject({ callbackType: 'complaint', dueInHours: 24 });
    expect(call.actionsOf('escalate')).toEqual([]);
    expect(call.run.outcome).toBe('ticket_created');
  });

  it.each(COMPLAINT_CATEGORIES)('escalates a severe %s complaint without offering the triage', (category) => {
    const call = drive('complaint.intake').walk({ ...FORM, category, severity: 'severe', needs_site_visit: false });
    expect(call.shown).not.toContain('choose-triage');
    expect(call.only('create_ticket')).toMatchObject({ category, severity: 'severe', triage: 'escalated' });
    expect(call.only('escalate').level).toBe('next');
    expect(call.run.outcome).toBe('escalated');
  });

  it('cannot answer a complaint at once once it is classified severe, even with "answered" chosen before', () => {
    const call = drive('complaint.intake').walk({ ...FORM, category: 'quality', severity: 'normal', triage: 'answered' }, 'answer-now');
    // The agent goes back twice (answer-now → choose-triage → classify) and reclassifies it as severe.
    call.run = goBack(call.flow, goBack(call.flow, call.run, T), T);
    expect(call.stepId).toBe('classify');
    call.answer({ severity: 'severe' }).walk({ needs_site_visit: false });
    expect(call.only('create_ticket')).toMatchObject({ severity: 'severe', triage: 'escalated' });
    expect(call.only('create_ticket').answers.map((a) => a.questionId)).not.toContain('triage');
    expect(call.run.outcome).toBe('escalated');
  });

  it('also sends field staff and the sales rep when a severe complaint needs the site protected', () => {
    const call = drive('complaint.intake').walk({ ...FORM, category: 'quality', severity: 'severe', needs_site_visit: true, site_address: '河南省驻马店市正阳县王庄村养殖场' });
    expect(call.shown.slice(-2)).toEqual(['escalate', 'escalate-site']);
    expect(call.actionsOf('notify').map((n) => [n.department, n.urgent])).toEqual([
      ['service', true],
      ['field-staff', true],
      ['sales', true],
    ]);
    expect(call.actionsOf('create_ticket')).toHaveLength(1);
    expect(call.run.outcome).toBe('escalated');
  });

  it('opens the ticket on every triage', () => {
    const byTriage = {
      answered: { triage: 'answered', answer_given: '已解释', answer_accepted: true },
      escalated: { triage: 'escalated', needs_site_visit: false },
      on_site: { triage: 'on_site', investigation_address: '河南省驻马店市正阳县' },
    };
    for (const [triage, answers] of Object.entries(byTriage)) {
      const call = drive('complaint.intake').walk({ ...FORM, category: 'transport', severity: 'normal', ...answers });
      expect(call.only('create_ticket').triage, triage).toBe(triage);
    }
  });
});
