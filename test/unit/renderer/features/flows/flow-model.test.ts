import { describe, expect, it } from 'vitest';
import { catalogGroups, choiceControl, CHOICE_RADIO_MAX, filterSnippets, suggestedFlows } from '../../../../../renderer/src/features/flows/flow-model';
import type { FlowCatalogEntry } from '../../../../../renderer/src/store/flow-slice-state';
import { options, t } from '../../../../support/flow-builders';

const entry = (id: string, category: FlowCatalogEntry['category'], zh: string, en: string, ivrChoices?: string[]): FlowCatalogEntry => ({
  id,
  version: 1,
  title: { 'zh-CN': zh, 'en-US': en },
  category,
  triggers: ivrChoices ? { ivrChoices } : {},
  needsContextTicket: category === 'callback',
});

const catalog = [
  entry('complaint.intake', 'complaint', '投诉受理', 'Complaint intake', ['complaint']),
  entry('after-sales.wrong-item', 'after_sales', '错货', 'Wrong items'),
  entry('after-sales.address-change', 'after_sales', '地址更改', 'Address change'),
  entry('consultation', 'consultation', '业务咨询', 'Consultation', ['consult']),
  entry('callback.complaint', 'callback', '投诉回访', 'Complaint callback'),
];

describe('choiceControl', () => {
  it('uses radio buttons up to the limit and a Select beyond it', () => {
    expect(choiceControl({ options: options(...Array.from({ length: CHOICE_RADIO_MAX }, (_, i) => `o${i}`)) })).toBe('radio');
    expect(choiceControl({ options: options(...Array.from({ length: CHOICE_RADIO_MAX + 1 }, (_, i) => `o${i}`)) })).toBe('select');
  });
});

describe('suggestedFlows', () => {
  it('returns the scripts whose triggers name the call’s IVR choice', () => {
    expect(suggestedFlows(catalog, 'complaint').map((e) => e.id)).toEqual(['complaint.intake']);
  });

  it('suggests nothing when the call carries no IVR choice or an unknown one', () => {
    expect(suggestedFlows(catalog, null)).toEqual([]);
    expect(suggestedFlows(catalog, 'sales')).toEqual([]);
  });
});

describe('catalogGroups', () => {
  it('puts the suggested scripts first, then the categories in the format’s order, leaving out empty ones', () => {
    const groups = catalogGroups(catalog, 'en-US', 'complaint');
    expect(groups.map((g) => g.key)).toEqual(['suggested', 'consultation', 'after_sales', 'callback']);
    expect(groups[0]!.entries.map((e) => e.id)).toEqual(['complaint.intake']);
  });

  it('lists a suggested script once, not again under its category', () => {
    const ids = catalogGroups(catalog, 'zh-CN', 'complaint').flatMap((g) => g.entries.map((e) => e.id));
    expect(ids.filter((id) => id === 'complaint.intake')).toHaveLength(1);
    expect(new Set(ids)).toEqual(new Set(catalog.map((e) => e.id)));
  });

  it('sorts each group by title in the UI’s language', () => {
    const afterSales = (language: 'zh-CN' | 'en-US') => catalogGroups(catalog, language, null).find((g) => g.key === 'after_sales')!.entries.map((e) => e.id);
    expect(afterSales('en-US')).toEqual(['after-sales.address-change', 'after-sales.wrong-item']);
    // 错 (cuò) before 地 (dì) in pinyin order.
    expect(afterSales('zh-CN')).toEqual(['after-sales.wrong-item', 'after-sales.address-change']);
  });
});

describe('filterSnippets', () => {
  const snippets = [
    { id: 'postage', title: t('运费说明', 'Postage'), text: t('满 99 元包邮', 'Free shipping over 99 yuan') },
    { id: 'sizes', title: t('尺码表', 'Size chart'), text: t('S/M/L/XL', 'S/M/L/XL') },
  ];

  it('keeps every snippet for an empty query', () => {
    expect(filterSnippets(snippets, '  ').map((s) => s.id)).toEqual(['postage', 'sizes']);
  });

  it('matches title or text in either language, ignoring case', () => {
    expect(filterSnippets(snippets, '包邮').map((s) => s.id)).toEqual(['postage']);
    expect(filterSnippets(snippets, 'SIZE').map((s) => s.id)).toEqual(['sizes']);
  });

  it('needs every word of the query to match', () => {
    expect(filterSnippets(snippets, 'free chart')).toEqual([]);
    expect(filterSnippets(snippets, 'free 99').map((s) => s.id)).toEqual(['postage']);
  });
});
