import { stringify } from 'yaml';
import type { z } from 'zod';
import { parseSourceText, utf8Bytes, valueAt, type SourceFormat } from '../../../../shared/source-text';
import { ScorecardDefinitionSchema, ScorecardSchema, type Scorecard, type ScorecardDefinition } from '../../../../shared/qa/scorecard';
import { scorecardItems } from '../../../../shared/qa/scoring';

/*
 * A scorecard as an admin writes it (YAML or JSON text) → a checked definition, or every problem
 * with it by path. Pure, so each rule is tested on its own; the words are in scorecard-upload.tsx.
 * The hub checks the same schema again when the card is stored.
 */

/** A card is a few dozen items: anything near this size is a file picked by mistake. */
export const SCORECARD_SOURCE_LIMIT_BYTES = 64 * 1024;

export type ScorecardProblemKind =
  | 'id'
  | 'empty'
  | 'too_large'
  | 'syntax'
  | 'missing'
  | 'wrong_type'
  | 'too_small'
  | 'too_big'
  | 'format'
  | 'unknown_keys'
  | 'duplicate_id'
  | 'no_scored_item'
  | 'other';

export interface ScorecardProblem {
  kind: ScorecardProblemKind;
  /** Where in the document (`sections.0.items.1.weight`); `id` for the card's id; '' for the whole text. */
  path: string;
  /** 1-based line of the text, when the place is known. */
  line: number | null;
  column: number | null;
  /** The checker's own words (English), naming values and limits. */
  message: string;
  /** A limit the words need (`too_small`, `too_big`, `too_large`), or the unknown keys. */
  detail: { limit?: number; unit?: 'items' | 'characters' | 'value'; keys?: string } | null;
}

export type ScorecardCheck = { ok: true; id: string; definition: ScorecardDefinition } | { ok: false; problems: ScorecardProblem[] };

const problem = (kind: ScorecardProblemKind, path: string, message: string, extra: Partial<Pick<ScorecardProblem, 'line' | 'column' | 'detail'>> = {}): ScorecardProblem => ({
  kind,
  path,
  message,
  line: extra.line ?? null,
  column: extra.column ?? null,
  detail: extra.detail ?? null,
});

/** JSON when it looks like JSON (a file named .json, or text starting with `{`), YAML otherwise. */
export function scorecardFormat(text: string, fileName: string | null = null): SourceFormat {
  if (fileName !== null && fileName.toLowerCase().endsWith('.json')) return 'json';
  return text.trimStart().startsWith('{') ? 'json' : 'yaml';
}

function issueProblem(issue: z.core.$ZodIssue, data: unknown, line: number | null): ScorecardProblem {
  const path = issue.path.map(String).join('.');
  const at = { line };
  switch (issue.code) {
    case 'invalid_type':
      return problem(valueAt(data, issue.path) === undefined ? 'missing' : 'wrong_type', path, issue.message, at);
    case 'too_small':
    case 'too_big': {
      const limit = Number(issue.code === 'too_small' ? issue.minimum : issue.maximum);
      const unit = issue.origin === 'array' ? 'items' : issue.origin === 'string' ? 'characters' : 'value';
      return problem(issue.code, path, issue.message, { ...at, detail: { limit, unit } });
    }
    case 'invalid_format':
      return problem('format', path, issue.message, at);
    case 'unrecognized_keys':
      return problem('unknown_keys', path, issue.message, { ...at, detail: { keys: issue.keys.join(', ') } });
    case 'custom':
      // The two rules of ScorecardDefinitionSchema's own (shared/qa/scorecard.ts).
      if (issue.message.startsWith('duplicate id')) return problem('duplicate_id', path, issue.message, at);
      if (path === 'sections') return problem('no_scored_item', path, issue.message, at);
      return problem('other', path, issue.message, at);
    default:
      return problem('other', path, issue.message, at);
  }
}

/** Whether `id` may name a scorecard (the pattern of shared/qa/scorecard.ts); null when it may. */
export function scorecardIdProblem(id: string): ScorecardProblem | null {
  const parsed = ScorecardSchema.shape.id.safeParse(id);
  return parsed.success ? null : problem('id', 'id', parsed.error.issues[0]?.message ?? 'not a scorecard id');
}

/**
 * The id and the text an admin means to upload, checked as the hub will: the id's pattern, the
 * size (before any parsing), the syntax with line and column, then every schema problem by path.
 */
export function checkScorecardSource(id: string, source: string, format: SourceFormat = scorecardFormat(source)): ScorecardCheck {
  const problems: ScorecardProblem[] = [];
  const idProblem = scorecardIdProblem(id.trim());
  if (idProblem) problems.push(idProblem);
  if (source.trim() === '') return { ok: false, problems: [...problems, problem('empty', '', 'the text is empty')] };
  const bytes = utf8Bytes(source, SCORECARD_SOURCE_LIMIT_BYTES);
  if (bytes > SCORECARD_SOURCE_LIMIT_BYTES) {
    const limit = SCORECARD_SOURCE_LIMIT_BYTES / 1024;
    return { ok: false, problems: [...problems, problem('too_large', '', `larger than ${limit} KB`, { detail: { limit } })] };
  }
  // A card has no use for aliases: a small budget.
  const parsed = parseSourceText(source, format, { maxAliasCount: 50, noun: 'text' });
  if (!parsed.ok) return { ok: false, problems: [...problems, ...parsed.errors.map((e) => problem('syntax', '', e.message, { line: e.line, column: e.column }))] };
  const checked = ScorecardDefinitionSchema.safeParse(parsed.data);
  if (!checked.success) {
    return { ok: false, problems: [...problems, ...checked.error.issues.map((issue) => issueProblem(issue, parsed.data, parsed.lineOf(issue.path)))] };
  }
  if (problems.length > 0) return { ok: false, problems };
  return { ok: true, id: id.trim(), definition: checked.data };
}

/** What a full score is out of: the points of the items that are not fatal (a fatal item is pass/fail). */
export function scorecardPoints(definition: ScorecardDefinition): number {
  return scorecardItems(definition).reduce((sum, item) => (item.fatal ? sum : sum + item.weight), 0);
}

/** One section's points, likewise. */
export const sectionPoints = (section: ScorecardDefinition['sections'][number]): number => section.items.reduce((sum, item) => (item.fatal ? sum : sum + item.weight), 0);

/** "Download" of a stored version as YAML: a file to start the next version from, which this page takes back as it is. */
export function scorecardYaml(card: Pick<Scorecard, 'id' | 'version' | 'definition'>): { fileName: string; text: string } {
  const header = `# Scorecard "${card.id}", version ${card.version}: edit it and upload it as the next version.\n`;
  return { fileName: `${card.id}.v${card.version}.yaml`, text: header + stringify(card.definition, { lineWidth: 0 }) };
}

/** The active cards with those saved here since they were read: the newer version of an id wins, sorted by id. */
export function withSaved(listed: readonly Scorecard[], saved: readonly Scorecard[]): Scorecard[] {
  const byId = new Map<string, Scorecard>();
  for (const card of [...listed, ...saved]) {
    const known = byId.get(card.id);
    if (!known || card.version > known.version) byId.set(card.id, card);
  }
  return [...byId.values()].sort((a, b) => a.id.localeCompare(b.id));
}
