import { describe, expect, it } from 'vitest';
import {
  checkScorecardSource,
  SCORECARD_SOURCE_LIMIT_BYTES,
  scorecardFormat,
  scorecardPoints,
  scorecardYaml,
  withSaved,
} from '../../../../../renderer/src/features/qa/scorecard-source';
import { scorecard } from './qa-fixtures';

const yaml = (weight: string, extra = '') => `name:
  zh-CN: 通用评分表
  en-US: General scorecard
sections:
  - id: opening
    label: { zh-CN: 开场, en-US: Opening }
    items:
      - id: greeting
        label: { zh-CN: 规范问候, en-US: Greeting }
        weight: ${weight}
${extra}`;

const kindsAndPaths = (result: ReturnType<typeof checkScorecardSource>) => (result.ok ? [] : result.problems.map((p) => [p.kind, p.path]));

describe('checkScorecardSource', () => {
  it('gives the definition with its defaults when the YAML is a valid card', () => {
    const result = checkScorecardSource('default', yaml('5'));
    expect(result).toEqual({
      ok: true,
      id: 'default',
      definition: {
        name: { 'zh-CN': '通用评分表', 'en-US': 'General scorecard' },
        sections: [{ id: 'opening', label: { 'zh-CN': '开场', 'en-US': 'Opening' }, items: [{ id: 'greeting', label: { 'zh-CN': '规范问候', 'en-US': 'Greeting' }, weight: 5, fatal: false }] }],
      },
    });
  });

  it('names the path, the line and the limit when an item is worth more than 100 points', () => {
    const result = checkScorecardSource('default', yaml('500'));
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems).toHaveLength(1);
    expect(result.problems[0]).toMatchObject({ kind: 'too_big', path: 'sections.0.items.0.weight', line: 10, detail: { limit: 100, unit: 'value' } });
  });

  it('tells a missing field from a wrong type and lists unknown keys when all three occur', () => {
    const source = yaml('"five"', '        fatl: true\n').replace('  en-US: General scorecard\n', '');
    expect(kindsAndPaths(checkScorecardSource('default', source))).toEqual([
      ['missing', 'name.en-US'],
      ['wrong_type', 'sections.0.items.0.weight'],
      ['unknown_keys', 'sections.0.items.0'],
    ]);
  });

  it('finds a duplicate id and a card of red lines only when both are written', () => {
    const source = yaml('5', '        fatal: true\n      - id: greeting\n        label: { zh-CN: 重复, en-US: Again }\n        weight: 1\n        fatal: true\n');
    expect(kindsAndPaths(checkScorecardSource('default', source))).toEqual([
      ['duplicate_id', 'sections.0.items.1.id'],
      ['no_scored_item', 'sections'],
    ]);
  });

  it('refuses an id that breaks the pattern beside the problems of the text', () => {
    expect(kindsAndPaths(checkScorecardSource('Default card', yaml('500')))).toEqual([
      ['id', 'id'],
      ['too_big', 'sections.0.items.0.weight'],
    ]);
    expect(kindsAndPaths(checkScorecardSource('', yaml('5')))).toEqual([['id', 'id']]);
  });

  it('places a JSON syntax error by line and column when the text starts with a brace', () => {
    const result = checkScorecardSource('default', '{\n  "name": {\n    "zh-CN": "x",,\n}');
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems).toEqual([expect.objectContaining({ kind: 'syntax', path: '', line: 3, column: 18 })]);
  });

  it('refuses an empty text and one over the size limit before parsing it', () => {
    expect(kindsAndPaths(checkScorecardSource('default', '  \n'))).toEqual([['empty', '']]);
    expect(kindsAndPaths(checkScorecardSource('default', `# ${'x'.repeat(SCORECARD_SOURCE_LIMIT_BYTES)}\n: [`))).toEqual([['too_large', '']]);
  });

  it('takes back its own download unchanged when a stored version is exported as YAML', () => {
    const { fileName, text } = scorecardYaml(scorecard);
    expect(fileName).toBe('default.v2.yaml');
    expect(checkScorecardSource('default', text)).toEqual({ ok: true, id: 'default', definition: scorecard.definition });
  });
});

describe('scorecard helpers', () => {
  it('counts only the points of items that are not red lines when a card has one', () => {
    expect(scorecardPoints(scorecard.definition)).toBe(15);
  });

  it('reads JSON when the name or the opening brace says so, and YAML otherwise', () => {
    expect(scorecardFormat('  {"name": 1}')).toBe('json');
    expect(scorecardFormat('name: x', 'card.JSON')).toBe('json');
    expect(scorecardFormat('name: x')).toBe('yaml');
  });

  it('shows the newer version of an id when a saved card is newer than the list', () => {
    const saved = { ...scorecard, version: 3 };
    const other = { ...scorecard, id: 'callback' };
    expect(withSaved([scorecard, other], [saved]).map((c) => [c.id, c.version])).toEqual([
      ['callback', 2],
      ['default', 3],
    ]);
    expect(withSaved([saved], [scorecard]).map((c) => c.version)).toEqual([3]);
  });
});
