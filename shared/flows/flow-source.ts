import { LineCounter, parseDocument, type Document } from 'yaml';
import type { z } from 'zod';
import type { FlowProblem } from '../api/flows';
import { checkFlow, formatProblem, problemMessage, type FlowCheckContext } from './flow-check';
import { FLOW_LIMITS, FlowDefinitionSchema, type FlowDefinition } from './flow-schema';

/*
 * A flow file as written (YAML or JSON text) → a checked flow, or every problem with it: the size
 * first (so a 10 MB paste is refused before any parsing), then the syntax (with line:column), then
 * the shape (zod, one problem per issue), then the graph and references (flow-check.ts). Problems
 * found after parsing say on which line of the file they are.
 */

export type FlowSourceFormat = 'yaml' | 'json';

export interface FlowSourceResult {
  /**
   * The definition (defaults applied) whenever the file has the right shape, so that a caller can
   * add checks of its own (the hub's `trigger_taken`). It may be used only when `problems` is empty.
   */
  flow: FlowDefinition | null;
  problems: FlowProblem[];
}

export { formatProblem, type FlowCheckContext };

/** UTF-8 size of `text`, counting no further than just past `limit`. */
export function utf8Bytes(text: string, limit = Number.POSITIVE_INFINITY): number {
  let bytes = 0;
  for (let i = 0; i < text.length && bytes <= limit; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) bytes += 1;
    else if (c < 0x800) bytes += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
      const low = text.charCodeAt(i + 1);
      if (low >= 0xdc00 && low <= 0xdfff) {
        bytes += 4;
        i++;
      } else bytes += 3;
    } else bytes += 3;
  }
  return bytes;
}

const problem = (code: FlowProblem['code'], path: string, message: string, stepId: string | null = null): FlowProblem => ({ code, stepId, path, message });

/** 1-based line and column of a character offset. */
export function linePos(source: string, offset: number): { line: number; col: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < source.length; i++) {
    if (source.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, col: Math.min(offset, source.length) - lineStart + 1 };
}

type Parsed = { ok: true; data: unknown; doc: Document | null; lines: LineCounter | null } | { ok: false; problems: FlowProblem[] };

function parseYaml(source: string): Parsed {
  const lines = new LineCounter();
  const doc = parseDocument(source, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    return {
      ok: false,
      problems: doc.errors.map((e) => {
        const { line, col } = lines.linePos(e.pos[0]);
        return problem('syntax', `${line}:${col}`, `line ${line}, column ${col}: ${e.message.split('\n')[0]}`);
      }),
    };
  }
  try {
    // A small alias budget: a flow has no use for aliases, and many of them is the "billion laughs" attack.
    return { ok: true, data: doc.toJS({ maxAliasCount: 100 }), doc, lines };
  } catch (e) {
    return { ok: false, problems: [problem('syntax', '1:1', `line 1, column 1: ${e instanceof Error ? e.message : String(e)}`)] };
  }
}

const JSON_LITERALS = ['true', 'false', 'null'];
const JSON_NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;

/**
 * Where a JSON text first goes wrong, or -1 when it is valid. `JSON.parse` names no position on some
 * Node versions and quotes the source in its message on others, so the place is found here: a
 * small scanner with its own stack (a deeply nested file must not overflow ours).
 */
export function jsonErrorOffset(s: string): number {
  let i = 0;
  const stack: Array<'[' | '{'> = [];
  const ws = () => {
    while (i < s.length && (s[i] === ' ' || s[i] === '\t' || s[i] === '\n' || s[i] === '\r')) i++;
  };
  const string = (): boolean => {
    if (s[i] !== '"') return false;
    i++;
    while (i < s.length) {
      const c = s.charCodeAt(i);
      if (c === 34) {
        i++;
        return true;
      }
      if (c < 0x20) return false;
      if (c !== 92) {
        i++;
        continue;
      }
      const escape = s[i + 1];
      if (escape === 'u' && /^[0-9a-fA-F]{4}$/.test(s.slice(i + 2, i + 6))) i += 6;
      else if (escape !== undefined && '"\\/bfnrt'.includes(escape)) i += 2;
      else return false;
    }
    return false;
  };
  // After `{` or `,` in an object: a key and its colon.
  const key = (): boolean => {
    ws();
    if (!string()) return false;
    ws();
    if (s[i] !== ':') return false;
    i++;
    return true;
  };
  let expectValue = true;
  for (;;) {
    ws();
    if (expectValue) {
      const c = s[i];
      if (c === '{' || c === '[') {
        stack.push(c);
        i++;
        ws();
        if (s[i] === (c === '{' ? '}' : ']')) {
          i++;
          stack.pop();
          expectValue = false;
        } else if (c === '{' && !key()) return i;
        continue;
      }
      if (c === '"') {
        if (!string()) return i;
      } else {
        const literal = JSON_LITERALS.find((l) => s.startsWith(l, i));
        JSON_NUMBER.lastIndex = i;
        if (literal) i += literal.length;
        else if (JSON_NUMBER.test(s)) i = JSON_NUMBER.lastIndex;
        else return i;
      }
      expectValue = false;
      continue;
    }
    const top = stack[stack.length - 1];
    if (top === undefined) return i < s.length ? i : -1;
    if (s[i] === ',') {
      i++;
      if (top === '{' && !key()) return i;
      expectValue = true;
    } else if (s[i] === (top === '{' ? '}' : ']')) {
      i++;
      stack.pop();
    } else return i;
  }
}

function parseJson(source: string): Parsed {
  try {
    return { ok: true, data: JSON.parse(source) as unknown, doc: null, lines: null };
  } catch (e) {
    const offset = jsonErrorOffset(source);
    const { line, col } = linePos(source, Math.max(offset, 0));
    const what =
      offset < 0
        ? (e instanceof Error ? e.message : String(e)).split('\n')[0]!
        : offset >= source.length
          ? 'the file ends before the JSON is complete'
          : `unexpected ${JSON.stringify(source.slice(offset, offset + 1))}`;
    return { ok: false, problems: [problem('syntax', `${line}:${col}`, `line ${line}, column ${col}: ${what}`)] };
  }
}

/** Where a path of the document is written, as a line number; the nearest existing parent for a missing key. */
function locator(source: string, parsed: { doc: Document | null; lines: LineCounter | null }): (path: readonly PropertyKey[]) => number | null {
  let doc = parsed.doc;
  let lines = parsed.lines;
  return (path) => {
    if (!doc || !lines) {
      // JSON is YAML 1.2: parse it again with positions, only once a problem needs placing.
      lines = new LineCounter();
      doc = parseDocument(source, { lineCounter: lines });
    }
    for (let depth = path.length; depth >= 0; depth--) {
      const node: unknown = doc.getIn(path.slice(0, depth) as unknown[], true);
      const range = (node as { range?: [number, number, number] } | undefined)?.range;
      if (range) return lines.linePos(range[0]).line;
    }
    return null;
  };
}

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

function valueAt(data: unknown, path: readonly PropertyKey[]): unknown {
  let at: unknown = data;
  for (const key of path) {
    if (at === null || typeof at !== 'object') return undefined;
    at = (at as Record<PropertyKey, unknown>)[key];
  }
  return at;
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
  const parsed = format === 'yaml' ? parseYaml(text) : parseJson(text);
  if (!parsed.ok) return { flow: null, problems: parsed.problems };

  const rawId = valueAt(parsed.data, ['id']);
  const flowId = typeof rawId === 'string' ? rawId : '?';
  const result = FlowDefinitionSchema.safeParse(parsed.data);
  const flow = result.success ? result.data : null;
  const problems = result.success ? checkFlow(result.data, context) : schemaProblems(flowId, parsed.data, result.error.issues);
  if (problems.length === 0) return { flow, problems };

  const lineOf = locator(text, parsed);
  return {
    flow,
    problems: problems.map((p) => {
      const line = lineOf(splitPath(p.path));
      return line === null ? p : { ...p, message: `${p.message} (line ${line})` };
    }),
  };
}
