import type { z } from 'zod';
import type { FlowProblem } from '../api/flows';
import { parseSourceText, utf8Bytes, valueAt, type SourceFormat } from '../source-text';
import { checkFlow, formatProblem, problemMessage, type FlowCheckContext } from './flow-check';
import { FLOW_LIMITS, FlowDefinitionSchema, type FlowDefinition } from './flow-schema';

/*
 * A flow file as written (YAML or JSON text) → a checked flow, or every problem with it: the size
 * first (so a 10 MB paste is refused before any parsing), then the syntax (with line:column), then
 * the shape (zod, one problem per issue), then the graph and references (flow-check.ts). Problems
 * found after parsing say on which line of the file they are.
 */

export type FlowSourceFormat = SourceFormat;

export interface FlowSourceResult {
  /**
   * The definition (defaults applied) whenever the file has the right shape, so that a caller can
   * add checks of its own (the hub's `trigger_taken`). It may be used only when `problems` is empty.
   */
  flow: FlowDefinition | null;
  problems: FlowProblem[];
}

export { formatProblem, type FlowCheckContext };

const problem = (code: FlowProblem['code'], path: string, message: string, stepId: string | null = null): FlowProblem => ({ code, stepId, path, message });

function splitPath(path: string): PropertyKey[] {
  return path === '' ? [] : path.split('.').map((key) => (/^\d+$/.test(key) ? Number(key) : key));
}

type Issue = z.core.$ZodIssue;

/**
 * zod's issues with every union resolved to the branch the author most likely meant: the one with
 * the fewest issues, then the deepest (a `next` object is meant as an object, not as a step id).
 */
function flattenIssues(issues: readonly Issue[], base: readonly PropertyKey[] = []): Array<{ path: PropertyKey[]; issue: Issue }> {
  return issues.flatMap((issue) => {
    const path = [...base, ...issue.path];
    if (issue.code !== 'invalid_union' || issue.errors.length === 0) return [{ path, issue }];
    const branches = issue.errors.map((branch) => flattenIssues(branch, path));
    const depth = (b: Array<{ path: PropertyKey[] }>) => Math.max(0, ...b.map((x) => x.path.length));
    const best = branches.reduce((a, b) => (b.length < a.length || (b.length === a.length && depth(b) > depth(a)) ? b : a));
    return best;
  });
}

function schemaProblems(flowId: string, data: unknown, issues: readonly Issue[]): FlowProblem[] {
  return flattenIssues(issues).map(({ path, issue }) => {
    const inStep = path[0] === 'steps' && typeof path[1] === 'number';
    const rawId = inStep ? valueAt(data, path.slice(0, 2).concat('id')) : undefined;
    const stepId = typeof rawId === 'string' ? rawId : null;
    const rest = (inStep ? path.slice(2) : path).map(String).join('.');
    const last = path[path.length - 1];
    const who = stepId !== null ? problemMessage(flowId, stepId, '') : inStep ? `step ${Number(path[1]) + 1}: ` : problemMessage(flowId, null, '');
    const where = rest === '' ? '' : `${rest}: `;
    if (issue.code === 'invalid_value' && (last === 'field' || last === 'prefill')) {
      const value = valueAt(data, path);
      return problem('unknown_field', path.join('.'), `${who}${where}"${String(value)}" is not a field a flow may use`, stepId);
    }
    return problem('schema', path.join('.'), `${who}${where}${issue.message}`, stepId);
  });
}

/**
 * Parses and checks a flow file. Every problem is reported; `flow` is set whenever the file has the
 * right shape, and is fit for use only when `problems` is empty.
 */
export function checkFlowSource(source: string, format: FlowSourceFormat, context?: FlowCheckContext): FlowSourceResult {
  const limit = FLOW_LIMITS.sourceBytes;
  // A UTF-16 string is never fewer bytes than code units, so a long one is refused without counting.
  const bytes = source.length > limit ? source.length : utf8Bytes(source, limit);
  if (bytes > limit) {
    return { flow: null, problems: [problem('too_large', '', `the flow file is over ${limit / 1024} KB; split the procedure into smaller flows`)] };
  }
  const text = source.charCodeAt(0) === 0xfeff ? source.slice(1) : source;
  // A flow has no use for aliases: a small budget.
  const parsed = parseSourceText(text, format, { maxAliasCount: 100, noun: 'file' });
  if (!parsed.ok) return { flow: null, problems: parsed.errors.map((e) => problem('syntax', `${e.line}:${e.column}`, e.message)) };

  const rawId = valueAt(parsed.data, ['id']);
  const flowId = typeof rawId === 'string' ? rawId : '?';
  const result = FlowDefinitionSchema.safeParse(parsed.data);
  const flow = result.success ? result.data : null;
  const problems = result.success ? checkFlow(result.data, context) : schemaProblems(flowId, parsed.data, result.error.issues);
  if (problems.length === 0) return { flow, problems };

  return {
    flow,
    problems: problems.map((p) => {
      const line = parsed.lineOf(splitPath(p.path));
      return line === null ? p : { ...p, message: `${p.message} (line ${line})` };
    }),
  };
}
