import { LineCounter, parseDocument, type Document } from 'yaml';

/*
 * Text an admin or author writes (a flow, a scorecard) in YAML or JSON → the data, or its syntax
 * errors with line and column; and, once the data is checked, the line each path of it is on. One
 * place, so that every uploaded file is placed and refused the same way.
 */

export type SourceFormat = 'yaml' | 'json';

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

/** A syntax error: `message` already says where (`line 3, column 7: …`). */
export interface SourceSyntaxError {
  line: number;
  column: number;
  message: string;
}

export type ParsedSource =
  | {
      ok: true;
      data: unknown;
      /** The line a path is written on; the nearest existing parent for a missing key. */
      lineOf: (path: readonly PropertyKey[]) => number | null;
    }
  | { ok: false; errors: SourceSyntaxError[] };

export interface ParseOptions {
  /** Aliases allowed in YAML: neither kind of file has any use for them, and many are the "billion laughs" attack. */
  maxAliasCount: number;
  /** What the text is called in "the … ends before the JSON is complete". */
  noun: 'file' | 'text';
}

const syntaxError = (line: number, column: number, what: string): SourceSyntaxError => ({ line, column, message: `line ${line}, column ${column}: ${what}` });

export function parseSourceText(source: string, format: SourceFormat, options: ParseOptions): ParsedSource {
  if (format === 'json') {
    try {
      const data = JSON.parse(source) as unknown;
      return { ok: true, data, lineOf: locator(source, null) };
    } catch (e) {
      const offset = jsonErrorOffset(source);
      const { line, col } = linePos(source, Math.max(offset, 0));
      const what =
        offset < 0
          ? (e instanceof Error ? e.message : String(e)).split('\n')[0]!
          : offset >= source.length
            ? `the ${options.noun} ends before the JSON is complete`
            : `unexpected ${JSON.stringify(source.slice(offset, offset + 1))}`;
      return { ok: false, errors: [syntaxError(line, col, what)] };
    }
  }
  const lines = new LineCounter();
  const doc = parseDocument(source, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    return {
      ok: false,
      errors: doc.errors.map((e) => {
        const { line, col } = lines.linePos(e.pos[0]);
        return syntaxError(line, col, e.message.split('\n')[0] ?? '');
      }),
    };
  }
  try {
    return { ok: true, data: doc.toJS({ maxAliasCount: options.maxAliasCount }) as unknown, lineOf: locator(source, { doc, lines }) };
  } catch (e) {
    return { ok: false, errors: [syntaxError(1, 1, e instanceof Error ? e.message : String(e))] };
  }
}

function locator(source: string, parsed: { doc: Document; lines: LineCounter } | null): (path: readonly PropertyKey[]) => number | null {
  let placed = parsed;
  return (path) => {
    // JSON is YAML 1.2: parse it again with positions, only once a problem needs placing.
    if (placed === null) {
      const lines = new LineCounter();
      placed = { doc: parseDocument(source, { lineCounter: lines }), lines };
    }
    for (let depth = path.length; depth >= 0; depth--) {
      const node: unknown = placed.doc.getIn(path.slice(0, depth) as unknown[], true);
      const range = (node as { range?: [number, number, number] } | undefined)?.range;
      if (range) return placed.lines.linePos(range[0]).line;
    }
    return null;
  };
}

/** The value at `path` of parsed data; undefined where the path leaves it. */
export function valueAt(data: unknown, path: readonly PropertyKey[]): unknown {
  let at: unknown = data;
  for (const key of path) {
    if (at === null || typeof at !== 'object') return undefined;
    at = (at as Record<PropertyKey, unknown>)[key];
  }
  return at;
}
