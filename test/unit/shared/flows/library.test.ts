import { describe, expect, it } from 'vitest';
import { SHIPPING_STATES } from '../../../../shared/api/customers';
import { COMPLAINT_CATEGORIES, COMPLAINT_CHANNELS, COMPLAINT_SEVERITIES, COMPLAINT_TRIAGES } from '../../../../shared/api/tickets';
import type { FlowDefinition, FlowQuestion, FlowValueSource } from '../../../../shared/flows/flow-schema';
import { checkFlowSource, formatProblem } from '../../../../shared/flows/flow-source';
import { DEMO_CONTEXT, libraryFiles, libraryFlow } from './library-driver';

/** Issue 6's list: the center's procedures the library must hold, by stable id. */
const EXPECTED_IDS = [
  'consultation',
  'after-sales.out-of-stock',
  'after-sales.address-change',
  'after-sales.parcel-tracking',
  'after-sales.missing-items',
  'after-sales.wrong-items',
  'after-sales.transport-damage',
  'after-sales.quality-problem',
  'after-sales.complaint',
  'repair',
  'complaint.intake',
  'callback.pre-sales',
  'callback.after-sales',
  'callback.complaint',
];

const files = libraryFiles();
const flows = (): FlowDefinition[] => EXPECTED_IDS.map(libraryFlow);

/** Every `{zh-CN, en-US}` object in a flow, with where it is. */
function texts(value: unknown, path = ''): Array<{ path: string; zh: unknown; en: unknown }> {
  if (value === null || typeof value !== 'object') return [];
  if (Array.isArray(value)) return value.flatMap((v, i) => texts(v, `${path}.${i}`));
  const record = value as Record<string, unknown>;
  if ('zh-CN' in record && 'en-US' in record) return [{ path, zh: record['zh-CN'], en: record['en-US'] }];
  return Object.entries(record).flatMap(([k, v]) => texts(v, path === '' ? k : `${path}.${k}`));
}

function questionsOf(flow: FlowDefinition): Map<string, FlowQuestion> {
  return new Map(flow.steps.flatMap((s) => (s.questions ?? []).map((q) => [q.id, q] as const)));
}

/** The values a ticket field can take from its source: a choice's options, or the constant. */
function sourceValues(flow: FlowDefinition, source: FlowValueSource): string[] {
  if ('value' in source) return [String(source.value)];
  if ('answer' in source) return (questionsOf(flow).get(source.answer)?.options ?? []).map((o) => o.value);
  return [];
}

describe('the flow library', () => {
  it('holds one file per procedure of issue 6, named by its flow id', () => {
    expect(files.map((f) => f.file).sort()).toEqual(EXPECTED_IDS.map((id) => `${id}.yaml`).sort());
  });

  it.each(files)('passes the upload checks against the demo org design and disposition codes: $file', ({ file, source }) => {
    const { flow, problems } = checkFlowSource(source, 'yaml', DEMO_CONTEXT);
    expect(problems.map(formatProblem)).toEqual([]);
    expect(`${flow?.id}.yaml`).toBe(file);
  });

  it('gives each IVR choice and each callback type to one flow only', () => {
    const claims = flows().flatMap((f) => [
      ...(f.triggers?.ivrChoices ?? []).map((c) => `ivr:${c}`),
      ...(f.triggers?.callbackTypes ?? []).map((c) => `callback:${c}`),
    ]);
    expect(new Set(claims).size).toBe(claims.length);
    // The IVR's two choices (DOMAIN.md §2) and the three callback kinds (§4) each open a script.
    expect(new Set(claims)).toEqual(new Set(['ivr:consult', 'ivr:complaint', 'callback:pre_sales', 'callback:after_sales', 'callback:complaint']));
  });

  it('opens the consultation flow for IVR choice consult and the complaint intake for complaint', () => {
    const byIvr = (choice: string) => flows().filter((f) => f.triggers?.ivrChoices?.includes(choice)).map((f) => f.id);
    expect(byIvr('consult')).toEqual(['consultation']);
    expect(byIvr('complaint')).toEqual(['complaint.intake']);
  });

  it('writes every text in both zh-CN and en-US', () => {
    const empty = flows().flatMap((f) =>
      texts(f)
        .filter((t) => typeof t.zh !== 'string' || t.zh.trim() === '' || typeof t.en !== 'string' || t.en.trim() === '')
        .map((t) => `${f.id}: ${t.path}`),
    );
    expect(empty).toEqual([]);
  });

  it('writes the zh-CN texts in Chinese and the en-US ones without Chinese', () => {
    const han = /\p{Script=Han}/u;
    const wrong = flows().flatMap((f) =>
      texts(f)
        .filter((t) => !han.test(String(t.zh)) || han.test(String(t.en)))
        .map((t) => `${f.id}: ${t.path}`),
    );
    expect(wrong).toEqual([]);
  });

  it('feeds ticket category, severity and triage only with the values the hub knows', () => {
    const lists = { category: COMPLAINT_CATEGORIES, severity: COMPLAINT_SEVERITIES, triage: COMPLAINT_TRIAGES } as const;
    const found: string[] = [];
    for (const f of flows())
      for (const s of f.steps)
        for (const a of s.actions ?? []) {
          if (a.type !== 'create_ticket') continue;
          for (const field of ['category', 'severity', 'triage'] as const) {
            const source = a[field];
            if (!source) continue;
            const values = sourceValues(f, source);
            expect(values.length, `${f.id} ${s.id} ${field}`).toBeGreaterThan(0);
            for (const v of values) if (!(lists[field] as readonly string[]).includes(v)) found.push(`${f.id} ${s.id} ${field}: ${v}`);
          }
        }
    expect(found).toEqual([]);
  });

  it('asks a complaint classification with every value of the hub lists, so no category is missing from the menu', () => {
    for (const id of ['complaint.intake', 'after-sales.complaint']) {
      const questions = questionsOf(libraryFlow(id));
      expect(questions.get('category')?.options?.map((o) => o.value).sort(), id).toEqual([...COMPLAINT_CATEGORIES].sort());
      expect(questions.get('severity')?.options?.map((o) => o.value).sort(), id).toEqual([...COMPLAINT_SEVERITIES].sort());
    }
    const intake = questionsOf(libraryFlow('complaint.intake'));
    expect(intake.get('triage')?.options?.map((o) => o.value).sort()).toEqual([...COMPLAINT_TRIAGES].sort());
  });

  it('records the complaint channel of form 1.1 with the DOMAIN.md labels', () => {
    const channel = questionsOf(libraryFlow('complaint.intake')).get('channel');
    expect(channel?.type).toBe('choice');
    expect(Object.fromEntries((channel?.options ?? []).map((o) => [o.value, o.label['zh-CN']]))).toEqual({
      letter: '信函',
      phone: '电话',
      visit: '来访',
      sales_rep: '行销代表转达',
      department: '相关部门转办',
      authority: '质量权力及公证机构',
      other: '其他',
    });
    expect(COMPLAINT_CHANNELS).toHaveLength(channel?.options?.length ?? 0);
  });

  it('offers every shipping state of an order in the address change, prefilled from the order', () => {
    const state = questionsOf(libraryFlow('after-sales.address-change')).get('shipping_state');
    expect(state?.prefill).toBe('order.shippingState');
    expect(state?.options?.map((o) => o.value).sort()).toEqual([...SHIPPING_STATES].sort());
  });

  it('names the flow by the DOMAIN.md label of its procedure', () => {
    const titles = Object.fromEntries(flows().map((f) => [f.id, f.title['zh-CN']]));
    expect(titles).toMatchObject({
      consultation: '业务咨询',
      'after-sales.out-of-stock': '缺货通知',
      'after-sales.address-change': '地址更改',
      'after-sales.parcel-tracking': '查件/催件',
      'after-sales.missing-items': '少货',
      'after-sales.wrong-items': '错货',
      'after-sales.transport-damage': '运输破损',
      'after-sales.quality-problem': '质量问题',
      'after-sales.complaint': '投诉维权',
      'complaint.intake': '投诉受理',
      'callback.pre-sales': '售前回访',
      'callback.after-sales': '售后回访',
      'callback.complaint': '投诉回访',
    });
  });
});
