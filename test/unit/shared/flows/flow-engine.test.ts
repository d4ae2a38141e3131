import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  abandonRun,
  answerLines,
  checkAnswer,
  completeStep,
  evaluateCondition,
  goBack,
  runProgress,
  setAnswer,
  startRun,
  stepOf,
} from '../../../../shared/flows/flow-engine';
import type { AnswerValue, FlowFacts, FlowRun, GivenAnswer } from '../../../../shared/flows/flow-run';
import type { FlowDefinition } from '../../../../shared/flows/flow-schema';
import { flow, options, question, step, t } from '../../../support/flow-builders';

const T0 = '2025-03-01T08:00:00.000Z';
const T1 = '2025-03-01T08:01:00.000Z';
const T2 = '2025-03-01T08:02:00.000Z';
const ZH = { facts: {}, lang: 'zh-CN' as const, now: T1 };

const q = (type: Parameters<typeof question>[1], more: Parameters<typeof question>[2] = {}) => stepOf(flow([step('s', { questions: [question('x', type, more)], end: { outcome: 'resolved' } })]), 's').questions![0]!;

/** 地址更改 in miniature: a switch on the shipping state, a when on the customer's class, actions on the way. */
const addressChange = flow([
  step('greet', { say: t('您好，{{customer.name|您}}'), next: 'state' }),
  step('state', {
    questions: [question('shipping', 'choice', { options: options('not_printed', 'printed', 'shipped'), prefill: 'order.shippingState' })],
    next: { switch: 'shipping', cases: { not_printed: 'edit', printed: 'warehouse', shipped: 'courier' } },
  }),
  step('edit', {
    questions: [question('address', 'text'), question('confirm', 'yes_no')],
    actions: [
      { type: 'create_ticket', kind: 'after_sales', title: t('改地址 {{order.no}}：{{answers.address}}'), category: { value: 'address_change' }, triage: { answer: 'shipping' } },
      { type: 'set_disposition', code: 'resolved' },
    ],
    next: { switch: 'confirm', cases: { yes: 'done', no: 'state' } },
  }),
  step('warehouse', { actions: [{ type: 'notify', department: 'warehouse', message: t('拦截 {{order.no}}'), urgent: true }], next: 'done' }),
  step('courier', {
    questions: [question('vip', 'yes_no', { required: false })],
    next: { when: [{ if: { any: [{ answer: 'vip', is: true }, { field: 'customer.vipLevel', atLeast: 3 }] }, goto: 'escalate' }], else: 'done' },
  }),
  step('escalate', { actions: [{ type: 'escalate', reason: t('VIP 已发货改址') }], end: { outcome: 'escalated' } }),
  step('done', { end: { outcome: 'resolved' } }),
]);

function start(f: FlowDefinition = addressChange, facts: FlowFacts = {}): FlowRun {
  return startRun(f, { runId: 'run-1', now: T0, facts, flowVersion: 1 });
}

function answer(f: FlowDefinition, run: FlowRun, id: string, value: AnswerValue | null): FlowRun {
  const result = setAnswer(f, run, id, value, T1);
  expect(result.error).toBeNull();
  return result.run;
}

function complete(f: FlowDefinition, run: FlowRun, facts: FlowFacts = {}) {
  const result = completeStep(f, run, { ...ZH, facts });
  if (!result.ok) throw new Error(`step ${run.stepId} refused: ${JSON.stringify(result.errors)}`);
  return result;
}

describe('checkAnswer', () => {
  it('asks for a required answer and lets an optional one be skipped', () => {
    expect(checkAnswer(q('text'), null)).toEqual({ questionId: 'x', code: 'required' });
    expect(checkAnswer(q('text'), '   ')).toEqual({ questionId: 'x', code: 'required' });
    expect(checkAnswer(q('text', { required: false }), null)).toBeNull();
  });

  it('accepts only an option of a choice', () => {
    const choice = q('choice', { options: options('a', 'b') });
    expect(checkAnswer(choice, 'a')).toBeNull();
    expect(checkAnswer(choice, 'c')?.code).toBe('not_an_option');
    expect(checkAnswer(choice, true)?.code).toBe('not_an_option');
  });

  it('bounds a text by its length, 2000 when the question sets no maximum', () => {
    expect(checkAnswer(q('text', { min: 3 }), ' ab ')).toEqual({ questionId: 'x', code: 'too_short', limit: 3 });
    expect(checkAnswer(q('text', { max: 4 }), '地址更改了')).toEqual({ questionId: 'x', code: 'too_long', limit: 4 });
    expect(checkAnswer(q('text'), 'x'.repeat(2001))).toEqual({ questionId: 'x', code: 'too_long', limit: 2000 });
    expect(checkAnswer(q('text'), 'x'.repeat(2000))).toBeNull();
  });

  it('checks a number and its range, accepting a numeric string', () => {
    const n = q('number', { min: 1, max: 10 });
    expect(checkAnswer(n, '7')).toBeNull();
    expect(checkAnswer(n, 'seven')?.code).toBe('not_a_number');
    expect(checkAnswer(n, Number.NaN)?.code).toBe('not_a_number');
    expect(checkAnswer(n, 0)).toEqual({ questionId: 'x', code: 'too_small', limit: 1 });
    expect(checkAnswer(n, 11)).toEqual({ questionId: 'x', code: 'too_large', limit: 10 });
  });

  it('accepts only a real calendar date written YYYY-MM-DD', () => {
    expect(checkAnswer(q('date'), '2024-02-29')).toBeNull();
    for (const bad of ['2023-02-29', '2024-13-01', '2024-1-5', '05/01/2024', 20240101]) expect(checkAnswer(q('date'), bad)?.code).toBe('not_a_date');
  });

  it('accepts 3 to 20 digits with an optional leading + once spaces and dashes are gone', () => {
    for (const good of ['+86 138-0013-8000', '8001', '110']) expect(checkAnswer(q('phone'), good)).toBeNull();
    for (const bad of ['12', '138 0013 800a', '+', '1'.repeat(21), '86+1380']) expect(checkAnswer(q('phone'), bad)?.code).toBe('not_a_phone');
  });

  it('wants a boolean for yes/no and a whole score from 1 to 5 for satisfaction', () => {
    expect(checkAnswer(q('yes_no'), false)).toBeNull();
    expect(checkAnswer(q('yes_no'), 'yes')?.code).toBe('not_a_boolean');
    expect(checkAnswer(q('satisfaction'), 5)).toBeNull();
    for (const bad of [0, 6, 3.5, 'good']) expect(checkAnswer(q('satisfaction'), bad)?.code).toBe('not_a_score');
  });
});

describe('setAnswer', () => {
  it('stores a normalised answer with the step and time', () => {
    const f = flow([step('s', { questions: [question('p', 'phone'), question('n', 'text')], end: { outcome: 'resolved' } })]);
    let run = answer(f, start(f), 'p', ' +86 138-0013-8000 ');
    run = answer(f, run, 'n', '  备注 ');
    expect(run.answers).toEqual({ p: { value: '+8613800138000', stepId: 's', at: T1 }, n: { value: '备注', stepId: 's', at: T1 } });
    expect(run.updatedAt).toBe(T1);
  });

  it('does not store an invalid value and keeps the answer saved before', () => {
    const f = flow([step('s', { questions: [question('n', 'number', { max: 5 })], end: { outcome: 'resolved' } })]);
    const before = answer(f, start(f), 'n', 3);
    const result = setAnswer(f, before, 'n', 9, T2);
    expect(result.error).toEqual({ questionId: 'n', code: 'too_large', limit: 5 });
    expect(result.run).toBe(before);
  });

  it('clears an answer given null or an empty text', () => {
    const f = flow([step('s', { questions: [question('n', 'text')], end: { outcome: 'resolved' } })]);
    const run = answer(f, start(f), 'n', 'x');
    expect(answer(f, run, 'n', null).answers).toEqual({});
    expect(answer(f, run, 'n', '  ').answers).toEqual({});
  });

  it('refuses a question that is not on the current step', () => {
    const result = setAnswer(addressChange, start(), 'address', 'x', T1);
    expect(result.error).toEqual({ questionId: 'address', code: 'unknown_question' });
    expect(result.run.answers).toEqual({});
  });

  it('marks a prefilled answer as the agent’s own once changed', () => {
    const run = complete(addressChange, start(addressChange, { 'order.shippingState': 'printed' }), { 'order.shippingState': 'printed' }).run;
    expect(run.answers['shipping']).toMatchObject({ value: 'printed', prefilled: true });
    expect(answer(addressChange, run, 'shipping', 'shipped').answers['shipping']).toEqual({ value: 'shipped', stepId: 'state', at: T1 });
  });
});

describe('completeStep', () => {
  it('reports every invalid answer of the step at once and stays on it', () => {
    const run = complete(addressChange, answer(addressChange, complete(addressChange, start()).run, 'shipping', 'not_printed')).run;
    const result = completeStep(addressChange, run, ZH);
    expect(result).toEqual({ ok: false, errors: [{ questionId: 'address', code: 'required' }, { questionId: 'confirm', code: 'required' }] });
  });

  it('goes to the step a plain next names', () => {
    expect(complete(addressChange, start()).run).toMatchObject({ stepId: 'state', trail: ['greet'], updatedAt: T1 });
  });

  it('goes to the step of the chosen option on a switch', () => {
    const atState = complete(addressChange, start()).run;
    for (const [option, target] of [['not_printed', 'edit'], ['printed', 'warehouse'], ['shipped', 'courier']] as const) {
      expect(complete(addressChange, answer(addressChange, atState, 'shipping', option)).run.stepId).toBe(target);
    }
  });

  it('switches on a yes/no answer with the cases yes and no', () => {
    let run = complete(addressChange, answer(addressChange, complete(addressChange, start()).run, 'shipping', 'not_printed')).run;
    run = answer(addressChange, answer(addressChange, run, 'address', '新地址'), 'confirm', false);
    expect(complete(addressChange, run).run.stepId).toBe('state');
    expect(complete(addressChange, answer(addressChange, run, 'confirm', true)).run.stepId).toBe('done');
  });

  it('takes a switch’s default for an option without a case', () => {
    const f = flow([
      step('a', { questions: [question('c', 'choice', { options: options('x', 'y', 'z') })], next: { switch: 'c', cases: { x: 'b' }, default: 'c' } }),
      step('b', { end: { outcome: 'resolved' } }),
      step('c', { end: { outcome: 'not_resolved' } }),
    ]);
    expect(complete(f, answer(f, start(f), 'c', 'x')).run.stepId).toBe('b');
    expect(complete(f, answer(f, start(f), 'c', 'z')).run.stepId).toBe('c');
  });

  it('asks for a skipped optional switch question that has no default rather than guessing a branch', () => {
    const f = flow([
      step('a', { questions: [question('c', 'yes_no', { required: false })], next: { switch: 'c', cases: { yes: 'b', no: 'b' } } }),
      step('b', { end: { outcome: 'resolved' } }),
    ]);
    expect(completeStep(f, start(f), ZH)).toEqual({ ok: false, errors: [{ questionId: 'c', code: 'required' }] });
  });

  it('takes the first rule of a when that holds, else its else, reading answers and facts', () => {
    const atCourier = complete(addressChange, answer(addressChange, complete(addressChange, start()).run, 'shipping', 'shipped')).run;
    expect(atCourier.stepId).toBe('courier');
    expect(complete(addressChange, atCourier).run.stepId).toBe('done');
    expect(complete(addressChange, answer(addressChange, atCourier, 'vip', true)).run.stepId).toBe('escalate');
    expect(complete(addressChange, atCourier, { 'customer.vipLevel': 3 }).run.stepId).toBe('escalate');
    expect(complete(addressChange, atCourier, { 'customer.vipLevel': 2 }).run.stepId).toBe('done');
  });

  it('completes the run with the outcome on an end step, requesting its actions', () => {
    let run = complete(addressChange, answer(addressChange, complete(addressChange, start()).run, 'shipping', 'shipped')).run;
    run = complete(addressChange, answer(addressChange, run, 'vip', true)).run;
    const result = completeStep(addressChange, run, { ...ZH, now: T2 });
    expect(result.ok && result.run).toMatchObject({ status: 'completed', outcome: 'escalated', completedAt: T2, stepId: 'escalate' });
    expect(result.ok && result.actions).toEqual([
      { key: 'escalate.0', stepId: 'escalate', index: 0, action: { type: 'escalate', ticket: 'created', level: 'next', reason: 'VIP 已发货改址' } },
    ]);
  });

  it('resolves templates, value sources and the answers of the path into the requests', () => {
    const facts = { 'order.no': 'SO-1', 'customer.name': '<b>王</b>' };
    let run = complete(addressChange, start(addressChange, facts), facts).run;
    run = complete(addressChange, answer(addressChange, run, 'shipping', 'not_printed'), facts).run;
    run = answer(addressChange, answer(addressChange, run, 'address', '上海市 <i>1</i> 号'), 'confirm', true);
    const { actions } = complete(addressChange, run, facts);
    expect(actions).toEqual([
      {
        key: 'edit.0',
        stepId: 'edit',
        index: 0,
        action: {
          type: 'create_ticket',
          kind: 'after_sales',
          title: '改地址 SO-1：上海市 <i>1</i> 号',
          category: 'address_change',
          severity: null,
          triage: 'not_printed',
          department: null,
          answers: [
            { stepId: 'state', questionId: 'shipping', label: '问题 shipping', display: '选项 not_printed', value: 'not_printed' },
            { stepId: 'edit', questionId: 'address', label: '问题 address', display: '上海市 <i>1</i> 号', value: '上海市 <i>1</i> 号' },
            { stepId: 'edit', questionId: 'confirm', label: '问题 confirm', display: '是', value: true },
          ],
        },
      },
      { key: 'edit.1', stepId: 'edit', index: 1, action: { type: 'set_disposition', code: 'resolved' } },
    ]);
  });

  it('renders action texts in the language asked for', () => {
    const atWarehouse = complete(addressChange, answer(addressChange, complete(addressChange, start()).run, 'shipping', 'printed')).run;
    const result = completeStep(addressChange, atWarehouse, { facts: { 'order.no': 'SO-9' }, lang: 'en-US', now: T1 });
    expect(result.ok && result.actions.map((a) => a.action)).toEqual([{ type: 'notify', department: 'warehouse', message: '拦截 SO-9 (en)', urgent: true }]);
  });

  it('requests a step’s actions once, even when the step is completed again after Back or a loop', () => {
    let run = complete(addressChange, answer(addressChange, complete(addressChange, start()).run, 'shipping', 'not_printed')).run;
    run = answer(addressChange, answer(addressChange, run, 'address', '新地址'), 'confirm', false);
    const first = complete(addressChange, run);
    expect(first.actions.map((a) => a.key)).toEqual(['edit.0', 'edit.1']);
    // The loop back to `state` and into `edit` again.
    const again = complete(addressChange, complete(addressChange, first.run).run);
    expect(again.actions).toEqual([]);
    expect(again.run.requested).toEqual(['edit.0', 'edit.1']);
    const afterBack = complete(addressChange, goBack(addressChange, again.run, T2));
    expect(afterBack.actions).toEqual([]);
  });
});

describe('record_survey', () => {
  /** A callback in miniature: the score decides the branch, each end records the survey. */
  const callback = flow(
    [
      step('survey', {
        questions: [question('score', 'satisfaction'), question('why', 'text', { required: false })],
        next: { when: [{ if: { answer: 'score', atLeast: 4 }, goto: 'thanks' }], else: 'sorry' },
      }),
      step('thanks', { actions: [{ type: 'record_survey', satisfied: true, score: { answer: 'score' }, reasons: { answer: 'why' } }], end: { outcome: 'closed' } }),
      step('sorry', { actions: [{ type: 'record_survey', satisfied: false, score: { answer: 'score' }, reasons: { answer: 'why' } }], end: { outcome: 'not_resolved' } }),
      step('bare', { actions: [{ type: 'record_survey', satisfied: false }], end: { outcome: 'not_resolved' } }),
    ],
    { category: 'callback' },
  );

  it('resolves the score and the reasons from the answers given', () => {
    const run = complete(callback, answer(callback, answer(callback, start(callback), 'score', 5), 'why', ' 上门很快 ')).run;
    expect(complete(callback, run).actions).toEqual([
      { key: 'thanks.0', stepId: 'thanks', index: 0, action: { type: 'record_survey', satisfied: true, score: 5, reasons: '上门很快' } },
    ]);
  });

  it('resolves the new answers when the agent goes Back and changes them before the survey is recorded', () => {
    const atThanks = complete(callback, answer(callback, answer(callback, start(callback), 'score', 5), 'why', '很好')).run;
    const back = goBack(callback, atThanks, T2);
    const changed = answer(callback, answer(callback, back, 'score', 2), 'why', '还是漏水');
    const atSorry = complete(callback, changed).run;
    expect(atSorry.stepId).toBe('sorry');
    expect(complete(callback, atSorry).actions.map((a) => a.action)).toEqual([{ type: 'record_survey', satisfied: false, score: 2, reasons: '还是漏水' }]);
  });

  it('records no reasons when they were skipped, and neither score nor reasons when the survey names none', () => {
    const skipped = complete(callback, answer(callback, start(callback), 'score', 1)).run;
    expect(complete(callback, skipped).actions[0]!.action).toEqual({ type: 'record_survey', satisfied: false, score: 1, reasons: '' });
    const bare = { ...start(callback), stepId: 'bare' };
    expect(complete(callback, bare).actions[0]!.action).toEqual({ type: 'record_survey', satisfied: false, score: null, reasons: '' });
  });
});

describe('prefill', () => {
  const f = flow([
    step('a', {
      questions: [
        question('order', 'text', { prefill: 'order.no' }),
        question('bought', 'date', { prefill: 'order.placedAt' }),
        question('serial', 'text', { prefill: 'product.serialNo' }),
        question('state', 'choice', { options: options('printed', 'shipped'), prefill: 'order.shippingState' }),
      ],
      end: { outcome: 'resolved' },
    }),
  ]);

  it('fills in the questions whose fact is known, marked as prefilled', () => {
    const run = start(f, { 'order.no': 'SO-7', 'order.placedAt': '2025-02-03T10:00:00+08:00', 'product.serialNo': null });
    expect(run.answers).toEqual({
      order: { value: 'SO-7', stepId: 'a', at: T0, prefilled: true },
      bought: { value: '2025-02-03', stepId: 'a', at: T0, prefilled: true },
    });
  });

  it('leaves a question empty when the fact would not be a valid answer', () => {
    expect(start(f, { 'order.shippingState': 'lost' }).answers).toEqual({});
  });

  it('never overwrites an answer already given when the step is reached again', () => {
    const g = flow([
      step('a', { questions: [question('order', 'text', { prefill: 'order.no' })], next: 'b' }),
      step('b', { end: { outcome: 'resolved' } }),
    ]);
    const run = answer(g, start(g, { 'order.no': 'SO-1' }), 'order', 'SO-2');
    const back = goBack(g, complete(g, run, { 'order.no': 'SO-1' }).run, T2);
    expect(back.answers['order']?.value).toBe('SO-2');
  });
});

describe('goBack', () => {
  it('returns to the last completed step and keeps every answer, listing only the path taken', () => {
    let run = complete(addressChange, answer(addressChange, complete(addressChange, start()).run, 'shipping', 'shipped')).run;
    run = answer(addressChange, run, 'vip', true);
    const back = goBack(addressChange, run, T2);
    expect(back).toMatchObject({ stepId: 'state', trail: ['greet'], updatedAt: T2 });
    expect(back.answers['vip']?.value).toBe(true);

    const printed = complete(addressChange, answer(addressChange, back, 'shipping', 'printed')).run;
    expect(printed.answers['vip']?.value).toBe(true);
    expect(answerLines(addressChange, printed, 'en-US').map((l) => [l.questionId, l.display])).toEqual([['shipping', 'Option printed']]);
  });

  it('stays at the start when nothing was completed', () => {
    const run = start();
    expect(goBack(addressChange, run, T1)).toBe(run);
  });
});

describe('a run that is over', () => {
  const f = flow([step('a', { questions: [question('n', 'text', { required: false })], end: { outcome: 'closed' } })]);

  it('refuses every change once completed', () => {
    const done = complete(f, start(f)).run;
    expect(done.status).toBe('completed');
    expect(setAnswer(f, done, 'n', 'late', T2)).toEqual({ run: done, error: null });
    expect(completeStep(f, done, ZH)).toEqual({ ok: false, errors: [] });
    expect(goBack(f, done, T2)).toBe(done);
    expect(abandonRun(done, 'hung up', T2)).toBe(done);
  });

  it('records why a run was abandoned and then refuses changes', () => {
    const abandoned = abandonRun(start(f), 'caller hung up', T2);
    expect(abandoned).toMatchObject({ status: 'abandoned', abandonReason: 'caller hung up', updatedAt: T2, completedAt: null });
    expect(setAnswer(f, abandoned, 'n', 'x', T2).run).toBe(abandoned);
  });
});

describe('evaluateCondition', () => {
  const answers: Record<string, GivenAnswer> = {
    yes: { value: true, stepId: 's', at: T0 },
    score: { value: 2, stepId: 's', at: T0 },
    kind: { value: 'late', stepId: 's', at: T0 },
  };
  const facts: FlowFacts = { 'customer.openComplaints': '3', 'customer.name': '' };
  const holds = (c: Parameters<typeof evaluateCondition>[0]) => evaluateCondition(c, { facts, answers });

  it('compares scalars with is, isNot and in', () => {
    expect(holds({ answer: 'yes', is: true })).toBe(true);
    expect(holds({ answer: 'yes', is: 'true' })).toBe(false);
    expect(holds({ answer: 'kind', isNot: 'late' })).toBe(false);
    expect(holds({ answer: 'missing', isNot: 'late' })).toBe(true);
    expect(holds({ answer: 'kind', in: ['broken', 'late'] })).toBe(true);
    expect(holds({ field: 'customer.openComplaints', is: 3 })).toBe(true);
  });

  it('compares numbers with atLeast and atMost, never matching a missing value', () => {
    expect(holds({ answer: 'score', atMost: 2 })).toBe(true);
    expect(holds({ answer: 'score', atLeast: 3 })).toBe(false);
    expect(holds({ field: 'customer.openComplaints', atLeast: 3 })).toBe(true);
    expect(holds({ answer: 'missing', atMost: 5 })).toBe(false);
  });

  it('tells a skipped answer or an empty fact with answered: false', () => {
    expect(holds({ answer: 'missing', answered: false })).toBe(true);
    expect(holds({ answer: 'yes', answered: true })).toBe(true);
    expect(holds({ field: 'customer.name', answered: false })).toBe(true);
  });

  it('combines with all, any and not', () => {
    expect(holds({ all: [{ answer: 'yes', is: true }, { answer: 'score', atMost: 2 }] })).toBe(true);
    expect(holds({ all: [{ answer: 'yes', is: true }, { answer: 'score', atLeast: 3 }] })).toBe(false);
    expect(holds({ any: [{ answer: 'yes', is: false }, { answer: 'kind', is: 'late' }] })).toBe(true);
    expect(holds({ not: { answer: 'yes', is: true } })).toBe(false);
  });

  it('never holds for a malformed test', () => {
    expect(holds({ answer: 'yes' })).toBe(false);
    expect(holds({ answer: 'yes', is: true, isNot: false })).toBe(false);
    expect(holds({ answer: 'yes', field: 'customer.name', is: true })).toBe(false);
  });
});

describe('runProgress', () => {
  it('counts the steps done against the shortest way to an end', () => {
    const run = start();
    expect(runProgress(addressChange, run)).toEqual({ done: 0, total: 4 });
    const atCourier = complete(addressChange, answer(addressChange, complete(addressChange, run).run, 'shipping', 'shipped')).run;
    expect(runProgress(addressChange, atCourier)).toEqual({ done: 2, total: 4 });
    const done = complete(addressChange, complete(addressChange, atCourier).run).run;
    expect(runProgress(addressChange, done)).toEqual({ done: 4, total: 4 });
  });
});

describe('flow engine under random use', () => {
  const allQuestions = addressChange.steps.flatMap((s) => s.questions ?? []).map((x) => x.id);
  const value = fc.oneof(fc.constantFrom<AnswerValue | null>(null, true, false, 'not_printed', 'printed', 'shipped', ''), fc.string(), fc.integer());
  const op = fc.oneof(
    fc.record({ kind: fc.constant('answer' as const), id: fc.constantFrom(...allQuestions), value }),
    fc.record({ kind: fc.constant('next' as const) }),
    fc.record({ kind: fc.constant('back' as const) }),
  );

  it('never throws, stays on a real step and stores only valid answers', () => {
    fc.assert(
      fc.property(fc.array(op, { maxLength: 60 }), fc.integer({ min: 0, max: 5 }), (ops, vip) => {
        const facts = { 'customer.vipLevel': vip };
        let run = start(addressChange, facts);
        const keys = new Set<string>();
        for (const o of ops) {
          if (o.kind === 'answer') run = setAnswer(addressChange, run, o.id, o.value, T1).run;
          else if (o.kind === 'back') run = goBack(addressChange, run, T1);
          else {
            const result = completeStep(addressChange, run, { ...ZH, facts });
            if (result.ok) {
              for (const a of result.actions) {
                expect(keys.has(a.key)).toBe(false);
                keys.add(a.key);
              }
              run = result.run;
            }
          }
          const current = stepOf(addressChange, run.stepId);
          expect(current.id).toBe(run.stepId);
          for (const [id, given] of Object.entries(run.answers)) {
            const asked = addressChange.steps.flatMap((s) => s.questions ?? []).find((x) => x.id === id)!;
            expect(checkAnswer(asked, given.value)).toBeNull();
          }
          const progress = runProgress(addressChange, run);
          expect(progress.done).toBeLessThanOrEqual(progress.total);
        }
      }),
    );
  });
});
