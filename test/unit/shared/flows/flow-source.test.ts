import { stringify } from 'yaml';
import { describe, expect, it } from 'vitest';
import { checkFlowSource } from '../../../../shared/flows/flow-source';
import { utf8Bytes } from '../../../../shared/source-text';
import { FLOW_LIMITS } from '../../../../shared/flows/flow-schema';
import { flowInput, options, question, step, t } from '../../../support/flow-builders';

const sound = flowInput([
  step('greet', { say: t('<b>您好</b>，{{customer.name|您}}', 'Hello'), next: 'ask' }),
  step('ask', { questions: [question('ok', 'yes_no'), question('c', 'choice', { options: options('x', 'y'), required: false })], next: { switch: 'ok', cases: { yes: 'done', no: 'done' } } }),
  step('done', { end: { outcome: 'resolved' } }),
]);

const YAML_FLOW = `format: 1
id: test.yaml
title: { zh-CN: 测试, en-US: Test }
category: consultation
start: a
steps:
  - id: a
    title: { zh-CN: 一, en-US: One }
    next: b
  - id: b
    title: { zh-CN: 二, en-US: Two }
    questions:
      - id: kind
        type: chioce
        label: { zh-CN: 类别, en-US: Kind }
    next: a
`;

describe('checkFlowSource', () => {
  it('reads the same flow from JSON and from YAML, with defaults applied', () => {
    const fromJson = checkFlowSource(JSON.stringify(sound, null, 2), 'json');
    const fromYaml = checkFlowSource(stringify(sound), 'yaml');
    expect(fromJson.problems).toEqual([]);
    expect(fromYaml.problems).toEqual([]);
    expect(fromYaml.flow).toEqual(fromJson.flow);
    expect(fromJson.flow?.steps[1]?.questions?.[0]?.required).toBe(true);
    expect(fromJson.flow?.steps[0]?.say?.['zh-CN']).toBe('<b>您好</b>，{{customer.name|您}}');
  });

  it('refuses a 10 MB text as too large before parsing it', () => {
    // Unterminated JSON: had it been parsed, a syntax problem would be reported beside the size.
    const huge = `{"format": 1, "pad": "${'x'.repeat(10 * 1024 * 1024)}"`;
    const result = checkFlowSource(huge, 'json');
    expect(result).toEqual({ flow: null, problems: [expect.objectContaining({ code: 'too_large', stepId: null, path: '' })] });
  });

  it('counts the limit in UTF-8 bytes, so a text of fewer characters but more bytes is refused', () => {
    const chinese = '中'.repeat(Math.floor(FLOW_LIMITS.sourceBytes / 3) + 1);
    expect(chinese.length).toBeLessThan(FLOW_LIMITS.sourceBytes);
    expect(checkFlowSource(chinese, 'yaml').problems.map((p) => p.code)).toEqual(['too_large']);
    expect(utf8Bytes('a中😀')).toBe(1 + 3 + 4);
  });

  it('reports a YAML syntax error at its line and column', () => {
    const result = checkFlowSource('format: 1\nid: test\nsteps: [a,\n  title: x\n', 'yaml');
    expect(result.flow).toBeNull();
    expect(result.problems.length).toBeGreaterThan(0);
    expect(result.problems[0]).toMatchObject({ code: 'syntax', stepId: null });
    expect(result.problems[0]!.path).toMatch(/^\d+:\d+$/);
    expect(result.problems[0]!.message).toMatch(/^line \d+, column \d+: /);
  });

  it('reports a YAML key written twice as a syntax error', () => {
    const result = checkFlowSource('format: 1\nid: a.b\nid: a.c\n', 'yaml');
    expect(result.problems).toEqual([expect.objectContaining({ code: 'syntax', path: '3:1' })]);
  });

  it('reports a JSON syntax error at its line and column', () => {
    const result = checkFlowSource('{\n  "format": 1,\n  "id": "x",,\n}', 'json');
    expect(result.problems).toEqual([expect.objectContaining({ code: 'syntax', path: '3:13' })]);
    expect(result.problems[0]!.message).toBe('line 3, column 13: unexpected ","');
  });

  it('reports a truncated JSON file at its end', () => {
    const [p] = checkFlowSource('{\n "format": 1,', 'json').problems;
    expect(p).toMatchObject({ path: '2:14', message: 'line 2, column 14: the file ends before the JSON is complete' });
  });

  it('refuses a YAML alias bomb without expanding it', () => {
    const lines = ['a: &a ["x","x","x","x","x","x","x","x","x"]'];
    for (let i = 1; i < 10; i++) lines.push(`${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(9).fill(`*${String.fromCharCode(96 + i)}`).join(',')}]`);
    const result = checkFlowSource(lines.join('\n'), 'yaml');
    expect(result.problems.map((p) => p.code)).toEqual(['syntax']);
  });

  it('reports each schema issue with its path, its step and its line', () => {
    const result = checkFlowSource(YAML_FLOW, 'yaml');
    expect(result.flow).toBeNull();
    expect(result.problems).toEqual([
      {
        code: 'schema',
        stepId: 'b',
        path: 'steps.1.questions.0.type',
        message: expect.stringMatching(/^step "b": questions\.0\.type: .*\(line 14\)$/),
      },
    ]);
  });

  it('names a misspelt field as unknown_field rather than a bare schema issue', () => {
    const bad = structuredClone(sound) as unknown as { steps: Array<{ questions?: Array<Record<string, unknown>> }> };
    bad.steps[1]!.questions![0]!['prefill'] = 'customer.nmae';
    const result = checkFlowSource(JSON.stringify(bad, null, 2), 'json');
    expect(result.problems).toEqual([expect.objectContaining({ code: 'unknown_field', stepId: 'ask', path: 'steps.1.questions.0.prefill' })]);
    expect(result.problems[0]!.message).toContain('"customer.nmae"');
  });

  it('follows a malformed next to the branch meant, not to every alternative', () => {
    const bad = structuredClone(sound) as unknown as { steps: Array<Record<string, unknown>> };
    bad.steps[0]!['next'] = { when: [{ if: { answer: 'ok', equals: true }, goto: 'done' }], else: 'done' };
    const result = checkFlowSource(JSON.stringify(bad), 'json');
    expect(result.problems).toEqual([expect.objectContaining({ code: 'schema', stepId: 'greet', path: 'steps.0.next.when.0.if' })]);
    expect(result.problems[0]!.message).toContain('equals');
  });

  it('names a step by its position when its id is not usable', () => {
    const bad = structuredClone(sound) as unknown as { steps: Array<Record<string, unknown>> };
    bad.steps[2]!['id'] = 42;
    const result = checkFlowSource(JSON.stringify(bad), 'json');
    expect(result.problems[0]).toMatchObject({ code: 'schema', stepId: null, path: 'steps.2.id' });
    expect(result.problems[0]!.message).toMatch(/^step 3: id: /);
  });

  it('hands back the flow with its graph problems, each with the line of the step', () => {
    const result = checkFlowSource(YAML_FLOW.replace('chioce', 'text'), 'yaml');
    expect(result.flow?.id).toBe('test.yaml');
    expect(result.problems.map((p) => [p.code, p.stepId])).toEqual([
      ['no_exit', 'a'],
      ['no_exit', 'b'],
    ]);
    expect(result.problems[1]!.message).toMatch(/\(line 10\)$/);
  });

  it('passes the org design on to the checks', () => {
    const withTransfer = structuredClone(sound) as unknown as { steps: Array<Record<string, unknown>> };
    withTransfer.steps[0]!['actions'] = [{ type: 'transfer', department: 'moon-base' }];
    const source = JSON.stringify(withTransfer);
    expect(checkFlowSource(source, 'json').problems).toEqual([]);
    expect(checkFlowSource(source, 'json', { departments: ['sales'] }).problems.map((p) => p.code)).toEqual(['unknown_department']);
  });

  it('ignores a byte-order mark at the start of the file', () => {
    expect(checkFlowSource(`\uFEFF${JSON.stringify(sound)}`, 'json').problems).toEqual([]);
  });

  it('refuses an empty file as not a flow', () => {
    expect(checkFlowSource('', 'yaml').problems.map((p) => p.code)).toEqual(['schema']);
    expect(checkFlowSource('   ', 'json').problems.map((p) => p.code)).toEqual(['syntax']);
  });
});
