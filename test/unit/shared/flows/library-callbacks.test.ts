import { describe, expect, it } from 'vitest';
import type { AnswerValue } from '../../../../shared/flows/flow-run';
import { drive } from './library-driver';

const CALLBACKS = [
  { id: 'callback.pre-sales', type: 'pre_sales' },
  { id: 'callback.after-sales', type: 'after_sales' },
  { id: 'callback.complaint', type: 'complaint' },
] as const;

/** The customer answered and can talk; the complaint callback also reports the result first. */
const REACHED: Record<string, AnswerValue> = { reached: 'customer', convenient: true, result_told: '经品管部化验，该批次饲料受潮，已全额退款并补偿' };

describe.each(CALLBACKS)('$id', ({ id, type }) => {
  it('is opened by $type callback tasks', () => {
    expect(drive(id).flow.triggers?.callbackTypes).toEqual([type]);
  });

  it('thanks a satisfied customer and closes the case', () => {
    const call = drive(id).walk({ ...REACHED, solved: true, score: 5 });
    expect(call.shown.slice(-2)).toEqual(['survey', 'satisfied']);
    expect(call.actions).toEqual([expect.objectContaining({ type: 'update_ticket', ticket: 'context', outcome: 'satisfied' })]);
    expect(call.only('update_ticket').note).toContain('5/5');
    expect(call.run.outcome).toBe('closed');
  });

  it('counts a 4 with the problem solved as satisfied', () => {
    expect(drive(id).walk({ ...REACHED, solved: true, score: 4 }).run.outcome).toBe('closed');
  });

  it.each([
    { solved: true, score: 3 },
    { solved: false, score: 5 },
    { solved: false, score: 1 },
  ])('sends the case back with the reason when solved=$solved and score=$score', ({ solved, score }) => {
    const call = drive(id).walk({ ...REACHED, solved, score, reason: '问题反复出现，处理太慢' });
    expect(call.shown.slice(-3)).toEqual(['survey', 'not-satisfied', 'not-satisfied-close']);
    const update = call.only('update_ticket');
    expect(update).toMatchObject({ ticket: 'context', outcome: 'not_satisfied' });
    expect(update.note).toContain('问题反复出现，处理太慢');
    expect(call.only('schedule_callback')).toMatchObject({ callbackType: type, dueInHours: 48 });
    expect(call.run.outcome).toBe('not_resolved');
  });

  it('asks for the reason before the case goes back', () => {
    const call = drive(id).walk({ ...REACHED, solved: false, score: 2 }, 'not-satisfied');
    expect(call.stepId).toBe('not-satisfied');
    expect(() => call.complete()).toThrow(/reason.*required/);
    expect(call.actions).toEqual([]);
  });

  it('refuses a score outside 1 to 5', () => {
    const call = drive(id).walk(REACHED, 'survey');
    expect(() => call.answer({ score: 6 })).toThrow(/not_a_score/);
    expect(() => call.answer({ score: 0 })).toThrow(/not_a_score/);
  });

  it.each([
    { reached: 'not_available', convenient: null },
    { reached: 'customer', convenient: false },
  ])('arranges another time when reached=$reached and convenient=$convenient', (answers) => {
    const call = drive(id).walk({ ...answers, better_time: '明天下午三点后' } as Record<string, AnswerValue>);
    expect(call.shown.slice(-1)).toEqual(['reschedule']);
    expect(call.only('schedule_callback')).toMatchObject({ callbackType: type, dueInHours: 24 });
    expect(call.only('schedule_callback').note).toContain('明天下午三点后');
    expect(call.actionsOf('update_ticket')).toEqual([]);
    expect(call.only('set_disposition').code).toBe('callback-promised');
    expect(call.run.outcome).toBe('callback_scheduled');
  });

  it('notes a wrong number on the case without a verdict', () => {
    const call = drive(id).walk({ reached: 'wrong_number' });
    expect(call.only('update_ticket')).toMatchObject({ ticket: 'context', outcome: null });
    expect(call.only('update_ticket').note).toContain('+8613800138000');
    expect(call.only('set_disposition').code).toBe('wrong-number');
    expect(call.run.outcome).toBe('not_resolved');
  });

  it('tries again later when nobody answers', () => {
    const call = drive(id).walk({ reached: 'no_answer' });
    expect(call.only('schedule_callback')).toMatchObject({ callbackType: type, dueInHours: 4 });
    expect(call.run.outcome).toBe('callback_scheduled');
  });
});

describe('callback.complaint (投诉回访)', () => {
  it('names the complaint by its ticket number and reports the result before the survey', () => {
    const call = drive('callback.complaint').walk({ reached: 'customer' }, 'purpose');
    expect(call.say()).toContain('TS-2025-000123');
    call.walk({ convenient: true }, 'report');
    expect(call.say()).toContain('饲料品质投诉');
    expect(() => call.complete()).toThrow(/result_told/);
  });
});
