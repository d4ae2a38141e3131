import type { Language } from '../../../../shared/domain/i18n';
import { FLOW_CATEGORIES, type FlowCategory, type FlowQuestion, type FlowSnippet } from '../../../../shared/flows/flow-schema';
import type { FlowCatalogEntry } from '../../store/flow-slice-state';

/*
 * Pure decisions of the script runner's screens: which scripts to offer first, which control a
 * question gets, which snippets match a search. No React here, so each is tested on its own. (Which
 * dispositions a call offers and what keeps its wrap-up open are the store's rules:
 * services/call-log/wrap-up-gate.ts.)
 */

/**
 * Up to this many options a choice is a row of radio buttons, every option visible at a glance;
 * beyond it a searchable Select, so that a long list (a product range, forty provinces) stays usable.
 */
export const CHOICE_RADIO_MAX = 8;

export function choiceControl(question: Pick<FlowQuestion, 'options'>): 'radio' | 'select' {
  return (question.options?.length ?? 0) > CHOICE_RADIO_MAX ? 'select' : 'radio';
}

/** The scripts the IVR's choice opens (DOMAIN.md §2): offered first in every picker. */
export function suggestedFlows(catalog: readonly FlowCatalogEntry[], ivrChoice: string | null | undefined): FlowCatalogEntry[] {
  if (!ivrChoice) return [];
  return catalog.filter((entry) => entry.triggers.ivrChoices?.includes(ivrChoice) ?? false);
}

export interface CatalogGroup {
  /** `suggested`: the IVR's scripts, ahead of the categories. */
  key: 'suggested' | FlowCategory;
  entries: FlowCatalogEntry[];
}

/**
 * The catalog as the picker lists it: the suggested scripts first, then one group per category in
 * the format's order, each sorted by title in the UI's language. A suggested script is not listed
 * twice; empty groups are left out.
 */
export function catalogGroups(catalog: readonly FlowCatalogEntry[], language: Language, ivrChoice: string | null | undefined): CatalogGroup[] {
  const collator = new Intl.Collator(language);
  const byTitle = (a: FlowCatalogEntry, b: FlowCatalogEntry) => collator.compare(a.title[language], b.title[language]) || a.id.localeCompare(b.id);
  const suggested = suggestedFlows(catalog, ivrChoice).sort(byTitle);
  const taken = new Set(suggested.map((entry) => entry.id));
  const groups: CatalogGroup[] = suggested.length > 0 ? [{ key: 'suggested', entries: suggested }] : [];
  for (const category of FLOW_CATEGORIES) {
    const entries = catalog.filter((entry) => entry.category === category && !taken.has(entry.id)).sort(byTitle);
    if (entries.length > 0) groups.push({ key: category, entries });
  }
  return groups;
}

/**
 * Knowledge snippets whose title or text contains every word of the query, in either language
 * (agents search in the words they think in), ignoring case. An empty query keeps them all.
 */
export function filterSnippets(snippets: readonly FlowSnippet[], query: string): FlowSnippet[] {
  const words = query.toLocaleLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return [...snippets];
  return snippets.filter((snippet) => {
    const haystack = [snippet.title['zh-CN'], snippet.title['en-US'], snippet.text['zh-CN'], snippet.text['en-US']].join('\n').toLocaleLowerCase();
    return words.every((word) => haystack.includes(word));
  });
}

/** The id of a call's runner on the page: the wrap-up's refusal links (and scrolls) to it. */
export const runnerElementId = (callId: string): string => `script-runner-${callId}`;
