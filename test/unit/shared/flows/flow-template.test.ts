import { describe, expect, it } from 'vitest';
import { parseTemplate, renderTemplate, templateToText, type TemplateScope } from '../../../../shared/flows/flow-template';
import { flow, options, question, step, t } from '../../../support/flow-builders';

const survey = flow([
  step('ask', {
    questions: [
      question('reason', 'choice', { options: options('late', 'broken') }),
      question('ok', 'yes_no'),
      question('score', 'satisfaction'),
      question('note', 'text', { required: false }),
    ],
    end: { outcome: 'resolved' },
  }),
]);

function scope(more: Partial<TemplateScope> = {}): TemplateScope {
  return { facts: {}, answers: {}, flow: survey, lang: 'zh-CN', ...more };
}
const given = (value: string | number | boolean) => ({ value, stepId: 'ask', at: '2025-01-01T00:00:00Z' });

describe('parseTemplate', () => {
  it('cuts literal text and references with their fallbacks', () => {
    expect(parseTemplate('您好，{{customer.name|先生/女士}}，订单 {{ order.no }}。')).toEqual({
      ok: true,
      parts: [
        { kind: 'text', text: '您好，' },
        { kind: 'field', ref: 'customer.name', fallback: '先生/女士' },
        { kind: 'text', text: '，订单 ' },
        { kind: 'field', ref: 'order.no', fallback: null },
        { kind: 'text', text: '。' },
      ],
    });
  });

  it('refuses a "{{" that is never closed, saying where', () => {
    const parsed = parseTemplate('您好 {{customer.name');
    expect(parsed.ok).toBe(false);
    expect(parsed.ok ? '' : parsed.message).toContain('character 4');
  });

  it('refuses an empty reference', () => {
    expect(parseTemplate('a {{ |fallback}} b').ok).toBe(false);
    expect(parseTemplate('{{}}').ok).toBe(false);
  });

  it('keeps a lone "}}" as literal text', () => {
    expect(parseTemplate('a }} b')).toEqual({ ok: true, parts: [{ kind: 'text', text: 'a }} b' }] });
  });
});

describe('renderTemplate', () => {
  it('fills in facts as plain text, markup in the template or the value staying literal', () => {
    const segments = renderTemplate('<b>您好</b> {{customer.name}}', scope({ facts: { 'customer.name': '<script>alert(1)</script>' } }));

    expect(segments).toEqual([
      { kind: 'text', text: '<b>您好</b> ' },
      { kind: 'field', ref: 'customer.name', value: '<script>alert(1)</script>', fallback: null },
    ]);
    expect(templateToText(segments)).toBe('<b>您好</b> <script>alert(1)</script>');
  });

  it('gives a null value with the fallback when a fact is missing, null or empty', () => {
    for (const facts of [{}, { 'customer.name': null }, { 'customer.name': '  ' }]) {
      const segments = renderTemplate('{{customer.name|您}}好', scope({ facts }));
      expect(segments[0]).toEqual({ kind: 'field', ref: 'customer.name', value: null, fallback: '您' });
      expect(templateToText(segments)).toBe('您好');
    }
  });

  it('gives nothing for a missing field without a fallback', () => {
    expect(templateToText(renderTemplate('[{{order.no}}]', scope()))).toBe('[]');
  });

  it('shows answers as people read them, in the language asked for', () => {
    const answers = { reason: given('broken'), ok: given(false), score: given(4), note: given('<i>急</i>') };
    const text = '{{answers.reason}} / {{answers.ok}} / {{answers.score}} / {{answers.note}}';

    expect(templateToText(renderTemplate(text, scope({ answers })))).toBe('选项 broken / 否 / 4/5 / <i>急</i>');
    expect(templateToText(renderTemplate(text, scope({ answers, lang: 'en-US' })))).toBe('Option broken / No / 4/5 / <i>急</i>');
  });

  it('shows a boolean fact as yes or no', () => {
    expect(templateToText(renderTemplate('{{customer.keyAccount}}', scope({ facts: { 'customer.keyAccount': true } })))).toBe('是');
  });

  it('marks an unanswered question and an unknown reference as missing', () => {
    const segments = renderTemplate('{{answers.note|无}} {{customer.nickname}}', scope());
    expect(segments.filter((s) => s.kind === 'field').map((s) => s.kind === 'field' && s.value)).toEqual([null, null]);
    expect(templateToText(segments)).toBe('无 ');
  });

  it('shows a template that does not parse as it is written, as text', () => {
    expect(renderTemplate('您好 {{customer.name', scope())).toEqual([{ kind: 'text', text: '您好 {{customer.name' }]);
  });

  it('uses the language of the step text it is given', () => {
    const text = t('{{customer.name}} 您好', 'Hello {{customer.name}}');
    expect(templateToText(renderTemplate(text['en-US'], scope({ lang: 'en-US', facts: { 'customer.name': 'Li' } })))).toBe('Hello Li');
  });
});
