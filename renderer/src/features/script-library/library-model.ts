import type { FlowProblem, StoredFlow } from '../../../../shared/api/flows';
import type { Language } from '../../../../shared/domain/i18n';
import type { Role } from '../../../../shared/domain/roles';
import { parseTemplate, type TemplatePart } from '../../../../shared/flows/flow-template';
import { FLOW_CATEGORIES, FLOW_LIMITS, type FlowCategory, type FlowDefinition } from '../../../../shared/flows/flow-schema';
import type { FlowSourceFormat } from '../../../../shared/flows/flow-source';

/*
 * Pure decisions of the Scripts pane (the flow library and publishing): how flows are grouped, which
 * files may be read, where a problem is, what a download is called. No React here, so each is
 * tested on its own; the words are in library-text.ts.
 */

/**
 * Who publishes flows: the hub's rule (hub/src/flows/routes.ts FLOW_PUBLISH_ROLES), repeated so the
 * console offers publishing only to those the hub lets publish. The hub still decides.
 */
export const SCRIPT_PUBLISH_ROLES: readonly Role[] = ['supervisor', 'manager', 'admin'];

export const canPublishFlows = (role: Role): boolean => SCRIPT_PUBLISH_ROLES.includes(role);

export interface LibraryGroup {
  category: FlowCategory;
  flows: StoredFlow[];
}

/** One group per category in the format's order (consultation first), each by title in the UI's language; empty groups left out. */
export function libraryGroups(flows: readonly StoredFlow[], language: Language): LibraryGroup[] {
  const collator = new Intl.Collator(language);
  const byTitle = (a: StoredFlow, b: StoredFlow) => collator.compare(a.title[language], b.title[language]) || a.id.localeCompare(b.id);
  return FLOW_CATEGORIES.map((category) => ({ category, flows: flows.filter((f) => f.category === category).sort(byTitle) })).filter((g) => g.flows.length > 0);
}

/** The flow file's format by its name: `.yaml`/`.yml` or `.json`, whatever the case; null for anything else. */
export function flowFileFormat(name: string): FlowSourceFormat | null {
  const lower = name.toLowerCase();
  if (lower.endsWith('.yaml') || lower.endsWith('.yml')) return 'yaml';
  if (lower.endsWith('.json')) return 'json';
  return null;
}

export type FlowFileRefusal = { reason: 'not_a_flow_file' } | { reason: 'empty' } | { reason: 'too_large'; limitKb: number; sizeKb: number };

/**
 * Whether a chosen file is worth reading, from its name and size alone: a file over the flow's
 * limit is refused before a byte of it is read (a 10 MB log picked by mistake must not be loaded
 * into the page), with the limit and its size in KB.
 */
export function checkFlowFile(file: { name: string; size: number }): { ok: true; format: FlowSourceFormat } | ({ ok: false } & FlowFileRefusal) {
  const format = flowFileFormat(file.name);
  if (format === null) return { ok: false, reason: 'not_a_flow_file' };
  if (file.size === 0) return { ok: false, reason: 'empty' };
  if (file.size > FLOW_LIMITS.sourceBytes) {
    return { ok: false, reason: 'too_large', limitKb: FLOW_LIMITS.sourceBytes / 1024, sizeKb: Math.ceil(file.size / 1024) };
  }
  return { ok: true, format };
}

/**
 * A template as written, cut into text and fields for the preview. A template that does not parse
 * (a flow in force never has one: the checks refuse it) is shown whole, as text.
 */
export function templateParts(text: string): TemplatePart[] {
  const parsed = parseTemplate(text);
  return parsed.ok ? parsed.parts : [{ kind: 'text', text }];
}

export interface ProblemPlace {
  /** Where in the document (`steps.3.next.cases.printed`); null for the file as a whole or a syntax error. */
  path: string | null;
  line: number | null;
  column: number | null;
}

const LINE_SUFFIX = /\(line (\d+)\)$/;
const LINE_COL = /^(\d+):(\d+)$/;

/**
 * Where a problem is, as the table shows it: a syntax error's path is `line:col`; the other problems
 * carry the document path, and flow-source.ts adds the line to their message as `(line N)`.
 */
export function problemPlace(problem: FlowProblem): ProblemPlace {
  const lineCol = problem.code === 'syntax' ? LINE_COL.exec(problem.path) : null;
  if (lineCol) return { path: null, line: Number(lineCol[1]), column: Number(lineCol[2]) };
  const line = LINE_SUFFIX.exec(problem.message);
  return { path: problem.path === '' ? null : problem.path, line: line ? Number(line[1]) : null, column: null };
}

/** A step's title in the UI's language, or its id when the flow has no such step. */
export function stepTitle(flow: FlowDefinition, stepId: string, language: Language): string {
  return flow.steps.find((s) => s.id === stepId)?.title[language] ?? stepId;
}

/** "Download JSON" of one version: its checked definition, which the hub takes back as it is. */
export function flowDownload(flow: Pick<StoredFlow, 'id' | 'version' | 'definition'>): { fileName: string; text: string } {
  return { fileName: `${flow.id}.v${flow.version}.json`, text: `${JSON.stringify(flow.definition, null, 2)}\n` };
}
