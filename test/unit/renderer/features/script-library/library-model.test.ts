import { describe, expect, it } from 'vitest';
import type { FlowProblem } from '../../../../../shared/api/flows';
import { ROLES } from '../../../../../shared/domain/roles';
import { FLOW_LIMITS, FlowDefinitionSchema } from '../../../../../shared/flows/flow-schema';
import { checkFlowSource } from '../../../../../shared/flows/flow-source';
import {
  canPublishFlows,
  checkFlowFile,
  flowDownload,
  flowFileFormat,
  libraryGroups,
  problemPlace,
  stepTitle,
  templateParts,
} from '../../../../../renderer/src/features/script-library/library-model';
import { complaintFlowInput, consultFlowInput, storedFlow } from '../../support/flow-fixtures';
import { flow, flowInput, step, t } from '../../../../support/flow-builders';

describe('script library model', () => {
  it('offers publishing to supervisors, managers and admins only, as the hub allows', () => {
    expect(ROLES.filter(canPublishFlows)).toEqual(['supervisor', 'manager', 'admin']);
  });

  it('groups flows by category in the format order and sorts each group by title in the UI language', () => {
    const stored = (id: string, category: 'consultation' | 'after_sales' | 'callback', zh: string, en: string) =>
      storedFlow({ ...flowInput([step('only', { end: { outcome: 'resolved' } })], { id, title: t(zh, en), category }) });
    const flows = [
      stored('after-sales.wrong', 'after_sales', '错货', 'Wrong items'),
      stored('callback.pre', 'callback', '售前回访', 'Pre-sales callback'),
      stored('after-sales.address', 'after_sales', '地址更改', 'Address change'),
      stored('consultation', 'consultation', '业务咨询', 'Consultation'),
    ];
    const en = libraryGroups(flows, 'en-US');
    expect(en.map((g) => [g.category, g.flows.map((f) => f.id)])).toEqual([
      ['consultation', ['consultation']],
      ['after_sales', ['after-sales.address', 'after-sales.wrong']],
      ['callback', ['callback.pre']],
    ]);
    // Empty categories (complaint, repair) are left out.
    expect(en.map((g) => g.category)).not.toContain('repair');
  });

  it('knows a flow file by its extension, whatever the case, and nothing else', () => {
    expect(['a.yaml', 'B.YML', 'c.Json', 'flow.v2.yml'].map(flowFileFormat)).toEqual(['yaml', 'yaml', 'json', 'yaml']);
    expect(['a.txt', 'yaml', 'a.yaml.exe', 'a.jsonl'].map(flowFileFormat)).toEqual([null, null, null, null]);
  });

  it('refuses a file over the flow size limit from its size alone, saying both sizes in KB', () => {
    const limit = FLOW_LIMITS.sourceBytes;
    expect(checkFlowFile({ name: 'big.yaml', size: 10 * 1024 * 1024 })).toEqual({ ok: false, reason: 'too_large', limitKb: limit / 1024, sizeKb: 10 * 1024 });
    expect(checkFlowFile({ name: 'edge.yaml', size: limit + 1 })).toMatchObject({ ok: false, reason: 'too_large' });
    expect(checkFlowFile({ name: 'edge.json', size: limit })).toEqual({ ok: true, format: 'json' });
  });

  it('refuses an empty file and a file that is not YAML or JSON before reading it', () => {
    expect(checkFlowFile({ name: 'empty.yaml', size: 0 })).toEqual({ ok: false, reason: 'empty' });
    expect(checkFlowFile({ name: 'notes.docx', size: 10 })).toEqual({ ok: false, reason: 'not_a_flow_file' });
  });

  it('cuts a template into text and fields, fallbacks kept, and shows a broken one whole as text', () => {
    expect(templateParts('您好 {{customer.name|尊敬的客户}}，运单 {{order.waybillNo|}} <img src=x>')).toEqual([
      { kind: 'text', text: '您好 ' },
      { kind: 'field', ref: 'customer.name', fallback: '尊敬的客户' },
      { kind: 'text', text: '，运单 ' },
      { kind: 'field', ref: 'order.waybillNo', fallback: '' },
      { kind: 'text', text: ' <img src=x>' },
    ]);
    expect(templateParts('unclosed {{customer.name')).toEqual([{ kind: 'text', text: 'unclosed {{customer.name' }]);
  });

  it('places a syntax error by line and column and another problem by its path and the line the source names', () => {
    const syntax = checkFlowSource('format: 1\nid: [unclosed\n', 'yaml').problems[0]!;
    expect(syntax.code).toBe('syntax');
    const place = problemPlace(syntax);
    expect(place.path).toBeNull();
    expect(place.line).toBeGreaterThan(0);
    expect(place.column).toBeGreaterThan(0);
    const unreachable: FlowProblem = { code: 'unreachable', stepId: 'orphan', path: 'steps.2', message: 'step "orphan": no step leads here (line 14)' };
    expect(problemPlace(unreachable)).toEqual({ path: 'steps.2', line: 14, column: null });
    expect(problemPlace({ code: 'too_large', stepId: null, path: '', message: 'the flow file is over 512 KB' })).toEqual({ path: null, line: null, column: null });
  });

  it('places the problems the checker finds in a real file on the lines where the steps are written', () => {
    const source = [
      'format: 1',
      'id: test.flow',
      'title: { zh-CN: 测试, en-US: Test }',
      'category: consultation',
      'start: greet',
      'steps:',
      '  - id: greet',
      '    title: { zh-CN: 问候, en-US: Greet }',
      '    say: { zh-CN: "{{order.colour}}", en-US: "x" }',
      '    end: { outcome: resolved }',
      '  - id: orphan',
      '    title: { zh-CN: 孤立, en-US: Orphan }',
      '    end: { outcome: resolved }',
    ].join('\n');
    const placed = checkFlowSource(source, 'yaml').problems.map((p) => [p.code, p.stepId, problemPlace(p).line]);
    expect(placed).toEqual(expect.arrayContaining([['unreachable', 'orphan', 11], ['unknown_field', 'greet', 9]]));
  });

  it("names a step by its title in the UI's language, or by its id when there is no such step", () => {
    const f = flow([step('greet', { title: t('问候', 'Greeting'), end: { outcome: 'resolved' } })]);
    expect(stepTitle(f, 'greet', 'zh-CN')).toBe('问候');
    expect(stepTitle(f, 'greet', 'en-US')).toBe('Greeting');
    expect(stepTitle(f, 'gone', 'en-US')).toBe('gone');
  });

  it('downloads a version as its definition, which the format accepts back as it is', () => {
    const stored = storedFlow(complaintFlowInput(), 4);
    const download = flowDownload(stored);
    expect(download.fileName).toBe('complaint.intake.v4.json');
    const back = JSON.parse(download.text) as unknown;
    expect(back).toEqual(stored.definition);
    expect(FlowDefinitionSchema.parse(back)).toEqual(stored.definition);
    expect(checkFlowSource(download.text, 'json').problems).toEqual([]);
    expect(flowDownload(storedFlow(consultFlowInput())).fileName).toBe('consult.general.v1.json');
  });
});
