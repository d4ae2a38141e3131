import { describe, expect, it } from 'vitest';
import type { AnswerValue } from '../../../../shared/flows/flow-run';
import type { FlowDefinition } from '../../../../shared/flows/flow-schema';
import { drive } from './library-driver';

/** What a step's snippets tell the agent, in Chinese. */
const snippetText = (flow: FlowDefinition, stepId: string): string =>
  (flow.steps.find((s) => s.id === stepId)?.snippets ?? []).map((s) => s.text['zh-CN']).join('\n');

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

  it('thanks a satisfied customer and records the survey on the callback task, which closes the case', () => {
    const call = drive(id).walk({ ...REACHED, solved: true, score: 5, comment: '处理很及时' });
    expect(call.shown.slice(-2)).toEqual(['survey', 'satisfied']);
    // The verdict is the survey's alone: a ticket update besides would apply it twice.
    expect(call.actions).toEqual([{ type: 'record_survey', satisfied: true, score: 5, reasons: '处理很及时' }]);
    expect(call.run.outcome).toBe('closed');
  });

  it('counts a 4 with the problem solved as satisfied, with no words of the customer needed', () => {
    const call = drive(id).walk({ ...REACHED, solved: true, score: 4 });
    expect(call.only('record_survey')).toEqual({ type: 'record_survey', satisfied: true, score: 4, reasons: '' });
    expect(call.run.outcome).toBe('closed');
  });

  it.each([
    { solved: true, score: 3 },
    { solved: false, score: 5 },
    { solved: false, score: 1 },
  ])('records a not-satisfied survey with the reason when solved=$solved and score=$score', ({ solved, score }) => {
    const call = drive(id).walk({ ...REACHED, solved, score, reason: '问题反复出现，处理太慢' });
    expect(call.shown.slice(-3)).toEqual(['survey', 'not-satisfied', 'not-satisfied-close']);
    expect(call.only('record_survey')).toEqual({ type: 'record_survey', satisfied: false, score, reasons: '问题反复出现，处理太慢' });
    expect(call.actionsOf('update_ticket')).toEqual([]);
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
  ])('arranges another time on the same task when reached=$reached and convenient=$convenient', (answers) => {
    const call = drive(id).walk({ ...answers, better_time: '明天下午三点后' } as Record<string, AnswerValue>);
    expect(call.shown.slice(-1)).toEqual(['reschedule']);
    // The worklist records "call later" on the task the call came from: no second task.
    expect(call.actions).toEqual([{ type: 'set_disposition', code: 'callback-promised' }]);
    expect(snippetText(call.flow, 'reschedule')).toContain('另约时间');
    expect(call.run.outcome).toBe('callback_scheduled');
  });

  it('notes a wrong number on the case without a verdict', () => {
    const call = drive(id).walk({ reached: 'wrong_number' });
    expect(call.only('update_ticket')).toMatchObject({ ticket: 'context', outcome: null });
    expect(call.only('update_ticket').note).toContain('+8613800138000');
    expect(call.only('set_disposition').code).toBe('wrong-number');
    expect(call.actionsOf('schedule_callback')).toEqual([]);
    expect(snippetText(call.flow, 'wrong-number')).toContain('号码有误');
    expect(call.run.outcome).toBe('not_resolved');
  });

  it('leaves the retry to the task when nobody answers', () => {
    const call = drive(id).walk({ reached: 'no_answer' });
    expect(call.actions).toEqual([{ type: 'set_disposition', code: 'other' }]);
    expect(snippetText(call.flow, 'no-answer')).toContain('无人接听');
    expect(call.run.outcome).toBe('callback_scheduled');
  });
});

describe.each([
  { id: 'callback.pre-sales', type: 'pre_sales' },
  { id: 'callback.after-sales', type: 'after_sales' },
] as const)('$id when the customer is not satisfied', ({ id, type }) => {
  it('promises the next callback itself, since no procedure on the hub follows the case up', () => {
    const call = drive(id).walk({ ...REACHED, solved: false, score: 2, reason: '还是有异响' });
    expect(call.actions.map((a) => a.type)).toEqual(['record_survey', 'schedule_callback']);
    expect(call.only('schedule_callback')).toMatchObject({ callbackType: type, dueInHours: 48 });
    expect(call.only('schedule_callback').note).toContain('还是有异响');
  });
});

describe('callback.complaint (投诉回访)', () => {
  it('leaves the next callback of a case sent back to the procedure, once the department has handled it again', () => {
    const call = drive('callback.complaint').walk({ ...REACHED, solved: false, score: 2, reason: '赔偿不到位' });
    expect(call.actions).toEqual([{ type: 'record_survey', satisfied: false, score: 2, reasons: '赔偿不到位' }]);
    expect(call.say('not-satisfied-close')).not.toContain('48');
  });

  it('names the complaint by its ticket number and reports the result before the survey', () => {
    const call = drive('callback.complaint').walk({ reached: 'customer' }, 'purpose');
    expect(call.say()).toContain('TS-2025-000123');
    call.walk({ convenient: true }, 'report');
    expect(call.say()).toContain('饲料品质投诉');
    expect(() => call.complete()).toThrow(/result_told/);
  });
});
