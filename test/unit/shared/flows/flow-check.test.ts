import { describe, expect, it } from 'vitest';
import type { FlowProblem, FlowProblemCode } from '../../../../shared/api/flows';
import { FIELD_STAFF_TARGET } from '../../../../shared/api/tickets';
import { checkFlow, formatProblem } from '../../../../shared/flows/flow-check';
import type { FlowDefinition } from '../../../../shared/flows/flow-schema';
import { flow, options, question, step, t } from '../../../support/flow-builders';

const end = step('end', { end: { outcome: 'resolved' } });

/** The one problem of `code`, checked to name its step in the message. */
function only(problems: FlowProblem[], code: FlowProblemCode): FlowProblem {
  const found = problems.filter((p) => p.code === code);
  expect(found, JSON.stringify(problems, null, 1)).toHaveLength(1);
  const p = found[0]!;
  expect(p.message).toContain(p.stepId === null ? 'flow "test.flow"' : `step "${p.stepId}"`);
  return p;
}

const codes = (problems: FlowProblem[]) => problems.map((p) => p.code);

/** A flow the schema would refuse, for what checkFlow must catch on its own in flows built in code. */
const unchecked = (f: FlowDefinition, patch: (f: FlowDefinition) => void): FlowDefinition => {
  const copy = structuredClone(f);
  patch(copy);
  return copy;
};

describe('checkFlow', () => {
  it('finds nothing wrong with a sound flow', () => {
    const f = flow([
      step('ask', {
        say: t('{{customer.name|您}}好'),
        questions: [question('ok', 'yes_no'), question('why', 'choice', { options: options('a', 'b'), required: false })],
        next: { switch: 'ok', cases: { yes: 'end', no: 'why' } },
      }),
      step('why', {
        actions: [{ type: 'create_ticket', kind: 'complaint', title: t('{{answers.why}}'), category: { answer: 'why' }, department: 'sales' }],
        next: { when: [{ if: { answer: 'why', in: ['a'] }, goto: 'end' }], else: 'end' },
      }),
      end,
    ]);
    expect(checkFlow(f, { departments: ['sales'], dispositionCodes: [] })).toEqual([]);
  });

  it('reports a step id used twice', () => {
    const p = only(checkFlow(flow([step('a', { next: 'end' }), step('a', { next: 'end' }), end])), 'duplicate_step');
    expect(p).toMatchObject({ stepId: 'a', path: 'steps.1.id' });
  });

  it('reports a question id used on two steps, since answers are shared by the whole flow', () => {
    const f = flow([step('a', { questions: [question('q', 'text')], next: 'b' }), step('b', { questions: [question('q', 'text')], next: 'end' }), end]);
    expect(only(checkFlow(f), 'duplicate_question')).toMatchObject({ stepId: 'b', path: 'steps.1.questions.0.id' });
  });

  it('reports an option offered twice', () => {
    const f = flow([step('a', { questions: [question('c', 'choice', { options: options('x', 'y', 'x') })], next: 'end' }), end]);
    expect(only(checkFlow(f), 'duplicate_option')).toMatchObject({ stepId: 'a', path: 'steps.0.questions.0.options.2.value' });
  });

  it('reports a start that is not a step', () => {
    const p = only(checkFlow(flow([step('a', { next: 'end' }), end], { start: 'begin' })), 'unknown_start');
    expect(p).toMatchObject({ stepId: null, path: 'start' });
    expect(p.message).toContain('"begin"');
  });

  it('reports every target that is not a step, at its place in next', () => {
    const f = flow([
      step('a', { questions: [question('c', 'choice', { options: options('x', 'y') })], next: { switch: 'c', cases: { x: 'b', y: 'gone' }, default: 'nope' } }),
      step('b', { next: { when: [{ if: { answer: 'c', is: 'x' }, goto: 'missing' }], else: 'end' } }),
      end,
    ]);
    const problems = checkFlow(f).filter((p) => p.code === 'unknown_step');
    expect(problems.map((p) => [p.stepId, p.path])).toEqual([
      ['a', 'steps.0.next.cases.y'],
      ['a', 'steps.0.next.default'],
      ['b', 'steps.1.next.when.0.goto'],
    ]);
    expect(problems[0]!.message).toContain('"gone"');
  });

  it('reports a step that cannot be reached from the start', () => {
    expect(only(checkFlow(flow([step('a', { next: 'end' }), step('lost', { next: 'end' }), end])), 'unreachable')).toMatchObject({ stepId: 'lost', path: 'steps.1' });
  });

  it('reports a dead end: a step with neither next nor end, or with both', () => {
    expect(only(checkFlow(flow([step('a', { next: 'b' }), step('b'), end])), 'dead_end')).toMatchObject({ stepId: 'b', path: 'steps.1' });
    const both = checkFlow(flow([step('a', { next: 'end', end: { outcome: 'closed' } }), end]));
    expect(only(both, 'dead_end').message).toContain('both');
  });

  it('reports every step of a cycle with no exit', () => {
    const f = flow([step('a', { next: 'b' }), step('b', { next: 'c' }), step('c', { next: 'b' }), end]);
    const problems = checkFlow(f);
    expect(problems.filter((p) => p.code === 'no_exit').map((p) => p.stepId)).toEqual(['a', 'b', 'c']);
    expect(problems.find((p) => p.stepId === 'b')!.message).toMatch(/cycle/);
  });

  it('accepts a cycle that has a way out', () => {
    const f = flow([
      step('a', { questions: [question('more', 'yes_no')], next: { switch: 'more', cases: { yes: 'a', no: 'end' } } }),
      end,
    ]);
    expect(checkFlow(f)).toEqual([]);
  });

  it('reports a template field that is not one a flow may use', () => {
    const p = only(checkFlow(flow([step('a', { say: t('{{customer.nmae}}', 'ok'), next: 'end' }), end])), 'unknown_field');
    expect(p).toMatchObject({ stepId: 'a', path: 'steps.0.say.zh-CN' });
    expect(p.message).toContain('"customer.nmae"');
  });

  it('reports an unknown field in a test, a prefill or a value source of a flow built in code', () => {
    const base = flow([
      step('a', {
        questions: [question('q', 'text', { prefill: 'order.no' })],
        actions: [{ type: 'create_ticket', kind: 'consult', title: t('x'), category: { field: 'order.no' } }],
        next: { when: [{ if: { field: 'order.no', answered: true }, goto: 'end' }], else: 'end' },
      }),
      end,
    ]);
    const f = unchecked(base, (copy) => {
      const s = copy.steps[0]!;
      (s.questions![0] as { prefill: string }).prefill = 'order.number';
      (s.actions![0] as { category: { field: string } }).category = { field: 'order.id' };
      (s.next as { when: Array<{ if: { field: string } }> }).when[0]!.if.field = 'order.nr';
    });
    expect(checkFlow(f).filter((p) => p.code === 'unknown_field').map((p) => p.path)).toEqual([
      'steps.0.questions.0.prefill',
      'steps.0.next.when.0.if.field',
      'steps.0.actions.0.category.field',
    ]);
  });

  it('reports an answer reference to a question the flow does not have', () => {
    const f = flow([step('a', { actions: [{ type: 'escalate', reason: t('{{answers.ghost}}', 'x') }], next: 'end' }), end]);
    expect(only(checkFlow(f), 'unknown_question')).toMatchObject({ stepId: 'a', path: 'steps.0.actions.0.reason.zh-CN' });
  });

  it('reports an answer used before any step that asks it', () => {
    const f = flow([
      step('a', { questions: [question('kind', 'choice', { options: options('x', 'y') })], next: { switch: 'kind', cases: { x: 'b', y: 'c' } } }),
      step('b', { questions: [question('only_b', 'text')], next: 'end' }),
      step('c', { say: t('{{answers.only_b}}', 'x'), next: 'end' }),
      end,
    ]);
    const p = only(checkFlow(f), 'not_yet_asked');
    expect(p).toMatchObject({ stepId: 'c', path: 'steps.2.say.zh-CN' });
    expect(p.message).toContain('"only_b"');
  });

  it('accepts an answer asked on the step itself or on any step that can come before it', () => {
    const f = flow([
      step('a', { questions: [question('kind', 'choice', { options: options('x', 'y') })], next: { switch: 'kind', cases: { x: 'b', y: 'c' } } }),
      step('b', { questions: [question('note', 'text')], say: t('{{answers.note}}', 'x'), next: 'c' }),
      step('c', { say: t('{{answers.kind}} {{answers.note|-}}', 'x'), next: 'end' }),
      end,
    ]);
    expect(checkFlow(f)).toEqual([]);
  });

  describe('record_survey', () => {
    const survey = (more: { score?: string; reasons?: string } = {}) => ({
      type: 'record_survey' as const,
      satisfied: true,
      ...(more.score ? { score: { answer: more.score } } : {}),
      ...(more.reasons ? { reasons: { answer: more.reasons } } : {}),
    });
    const asked = step('ask', { questions: [question('score', 'satisfaction'), question('why', 'text', { required: false })], next: 'record' });

    it('accepts a survey of a callback flow with a satisfaction score and text reasons asked before it', () => {
      const f = flow([asked, step('record', { actions: [survey({ score: 'score', reasons: 'why' })], next: 'end' }), end], { category: 'callback' });
      expect(checkFlow(f)).toEqual([]);
    });

    it('reports a score that names a text question, and reasons that name a satisfaction question', () => {
      const f = flow([asked, step('record', { actions: [survey({ score: 'why', reasons: 'score' })], next: 'end' }), end], { category: 'callback' });
      const problems = checkFlow(f).filter((p) => p.code === 'wrong_question_type');
      expect(problems.map((p) => [p.stepId, p.path])).toEqual([
        ['record', 'steps.1.actions.0.score.answer'],
        ['record', 'steps.1.actions.0.reasons.answer'],
      ]);
      expect(problems[0]!.message).toMatch(/step "record".*"why", a text question.*satisfaction/);
    });

    it('reports a survey in a flow that is not a callback, naming the step', () => {
      const f = flow([asked, step('record', { actions: [survey({ score: 'score' })], next: 'end' }), end], { category: 'after_sales' });
      const p = only(checkFlow(f), 'action_not_allowed');
      expect(p).toMatchObject({ stepId: 'record', path: 'steps.1.actions.0' });
      expect(p.message).toContain('callback');
    });

    it('reports a score asked only after the survey step', () => {
      const f = flow(
        [step('record', { actions: [survey({ score: 'score' })], next: 'ask' }), step('ask', { questions: [question('score', 'satisfaction')], next: 'end' }), end],
        { category: 'callback' },
      );
      expect(only(checkFlow(f), 'not_yet_asked')).toMatchObject({ stepId: 'record', path: 'steps.0.actions.0.score.answer' });
    });

    it('reports a score that names no question of the flow', () => {
      const f = flow([asked, step('record', { actions: [survey({ score: 'ghost' })], next: 'end' }), end], { category: 'callback' });
      expect(only(checkFlow(f), 'unknown_question').path).toBe('steps.1.actions.0.score.answer');
    });
  });

  it('reports a template that does not parse, naming the language', () => {
    const f = flow([step('a', { questions: [question('q', 'text', { help: t('ok', 'Dear {{customer.name') })], next: 'end' }), end]);
    const p = only(checkFlow(f), 'bad_template');
    expect(p).toMatchObject({ stepId: 'a', path: 'steps.0.questions.0.help.en-US' });
    expect(p.message).toContain('en-US');
  });

  it('reports a test without exactly one subject or exactly one operator', () => {
    const f = flow([
      step('a', {
        questions: [question('n', 'number')],
        next: {
          when: [
            { if: { answer: 'n' }, goto: 'end' },
            { if: { answer: 'n', atLeast: 1, atMost: 3 }, goto: 'end' },
            { if: { all: [{ answer: 'n', field: 'order.no', is: 1 }] }, goto: 'end' },
          ],
          else: 'end',
        },
      }),
      end,
    ]);
    const problems = checkFlow(f).filter((p) => p.code === 'bad_test');
    expect(problems.map((p) => p.path)).toEqual(['steps.0.next.when.0.if', 'steps.0.next.when.1.if', 'steps.0.next.when.2.if.all.0']);
    expect(problems[1]!.message).toContain('atLeast, atMost');
  });

  it('reports a numeric comparison of an answer that is not a number', () => {
    const f = flow([step('a', { questions: [question('t', 'text')], next: { when: [{ if: { answer: 't', atLeast: 3 }, goto: 'end' }], else: 'end' } }), end]);
    expect(only(checkFlow(f), 'bad_test').path).toBe('steps.0.next.when.0.if.atLeast');
  });

  it('reports a switch on a question that is neither a choice nor yes/no', () => {
    const f = flow([step('a', { questions: [question('n', 'number')], next: { switch: 'n', cases: { one: 'end' }, default: 'end' } }), end]);
    expect(only(checkFlow(f), 'switch_not_choice')).toMatchObject({ stepId: 'a', path: 'steps.0.next.switch' });
  });

  it('reports each option a switch without default does not cover', () => {
    const f = flow([
      step('state', { questions: [question('shipping', 'choice', { options: options('not_printed', 'printed', 'shipped') })], next: { switch: 'shipping', cases: { not_printed: 'end' } } }),
      end,
    ]);
    const problems = checkFlow(f).filter((p) => p.code === 'uncovered_option');
    expect(problems.map((p) => p.path)).toEqual(['steps.0.next.cases.printed', 'steps.0.next.cases.shipped']);
    expect(problems[0]!.message).toContain('step "state"');
  });

  it('wants both yes and no covered on a yes/no switch without default, and nothing with one', () => {
    const f = (cases: Record<string, string>, more = {}) => flow([step('a', { questions: [question('ok', 'yes_no')], next: { switch: 'ok', cases, ...more } }), end]);
    expect(only(checkFlow(f({ yes: 'end' })), 'uncovered_option').path).toBe('steps.0.next.cases.no');
    expect(checkFlow(f({ yes: 'end' }, { default: 'end' }))).toEqual([]);
  });

  it('reports a case or a compared value that is not an option of the question', () => {
    const f = flow([
      step('a', {
        questions: [question('c', 'choice', { options: options('x', 'y') }), question('ok', 'yes_no')],
        next: { when: [{ if: { answer: 'c', in: ['x', 'z'] }, goto: 'b' }, { if: { answer: 'ok', is: 'yes' }, goto: 'b' }], else: 'b' },
      }),
      step('b', { next: { switch: 'c', cases: { x: 'end', y: 'end', w: 'end' } } }),
      end,
    ]);
    const problems = checkFlow(f).filter((p) => p.code === 'unknown_option');
    expect(problems.map((p) => [p.stepId, p.path])).toEqual([
      ['a', 'steps.0.next.when.0.if.in.1'],
      ['a', 'steps.0.next.when.1.if.is'],
      ['b', 'steps.1.next.cases.w'],
    ]);
    expect(problems[1]!.message).toContain('true or false');
  });

  it('reports a choice without options and options on another type', () => {
    const noOptions = flow([step('a', { questions: [question('c', 'choice')], next: 'end' }), end]);
    expect(only(checkFlow(noOptions), 'options_mismatch').path).toBe('steps.0.questions.0');
    const stray = flow([step('a', { questions: [question('t', 'text', { options: options('x', 'y') })], next: 'end' }), end]);
    expect(only(checkFlow(stray), 'options_mismatch').path).toBe('steps.0.questions.0.options');
  });

  it('reports a minimum above the maximum', () => {
    const f = flow([step('a', { questions: [question('n', 'number', { min: 10, max: 1 })], next: 'end' }), end]);
    expect(only(checkFlow(f), 'bad_range')).toMatchObject({ stepId: 'a', path: 'steps.0.questions.0.min' });
  });

  describe('against the org design', () => {
    const f = flow([
      step('a', {
        actions: [
          { type: 'transfer', department: 'sales' },
          { type: 'notify', department: FIELD_STAFF_TARGET, message: t('x') },
          { type: 'notify', department: 'marketing', message: t('x') },
          { type: 'create_ticket', kind: 'complaint', title: t('x'), department: 'qa' },
          { type: 'set_disposition', code: 'complaint' },
          { type: 'set_disposition', code: 'complaint-logged' },
        ],
        next: 'end',
      }),
      end,
    ]);

    it('reports departments not in the org design, field staff always allowed for a notification', () => {
      const problems = checkFlow(f, { departments: ['sales', 'acceptance'] });
      expect(problems.filter((p) => p.code === 'unknown_department').map((p) => p.path)).toEqual(['steps.0.actions.2.department', 'steps.0.actions.3.department']);
    });

    it('reports a disposition code the center does not have', () => {
      expect(only(checkFlow(f, { dispositionCodes: ['complaint'] }), 'unknown_disposition').path).toBe('steps.0.actions.5.code');
    });

    it('checks neither without the lists', () => {
      expect(checkFlow(f)).toEqual([]);
    });
  });

  it('reports every problem at once, in the order of the steps', () => {
    const f = flow([
      step('a', { say: t('{{x.y}}', '{{'), next: 'b' }),
      step('b', { questions: [question('n', 'number', { min: 3, max: 2 })], next: 'ghost' }),
      step('lost'),
    ]);
    expect(codes(checkFlow(f))).toEqual(['unknown_field', 'bad_template', 'unknown_step', 'bad_range', 'dead_end', 'unreachable']);
  });
});

describe('formatProblem', () => {
  it('puts the path first, then the code and the message', () => {
    expect(formatProblem({ code: 'dead_end', stepId: 'a', path: 'steps.0', message: 'step "a": stuck' })).toBe('steps.0: [dead_end] step "a": stuck');
    expect(formatProblem({ code: 'too_large', stepId: null, path: '', message: 'too big' })).toBe('[too_large] too big');
  });
});
