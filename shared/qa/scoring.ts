import type { ItemScore, ScorecardDefinition, ScorecardItem } from './scorecard';

/*
 * What an evaluation's scores add up to. Pure, so that the hub (saving, correcting, figures) and
 * the console (the running total beside the scorecard) cannot disagree.
 *
 * - A non-fatal item scores 0 … weight points, or null: not applicable, left out of both the points
 *   earned and the points possible, so an n/a neither helps nor hurts.
 * - A fatal item is pass (1) / fail (0) / n/a (null) and carries no points: one fail zeroes the
 *   whole evaluation (DOMAIN.md §1: leaking a customer's data, abusing the customer).
 * - total = earned / possible × 100, to one decimal; null while no non-fatal item has a value.
 */

export interface ScoreProblem {
  itemId: string;
  /** Position of the offending entry in `scores`; null for an item that has no entry at all. */
  index: number | null;
  message: string;
}

export interface ScoreResult {
  total: number | null;
  fatal: boolean;
  problems: ScoreProblem[];
}

export interface ScoreOptions {
  /**
   * Every item of the card must have an entry (a value, or null for an explicit n/a): what a
   * submitted evaluation needs. A draft may leave items out.
   */
  complete?: boolean;
}

/** The card's items in reading order, sections flattened. */
export const scorecardItems = (definition: ScorecardDefinition): ScorecardItem[] => definition.sections.flatMap((section) => section.items);

/** Rounds to one decimal without the binary-fraction surprises of `Math.round(x * 10) / 10` on .x5 values. */
const oneDecimal = (value: number): number => Math.round(Number((value * 10).toPrecision(12))) / 10;

function valueProblem(item: ScorecardItem, value: number): string | null {
  if (item.fatal) return value === 0 || value === 1 ? null : `a fatal item is passed (1) or failed (0), not ${value}`;
  if (!Number.isFinite(value) || value < 0 || value > item.weight) return `scores 0 to ${item.weight} points, not ${value}`;
  return null;
}

export function scoreEvaluation(definition: ScorecardDefinition, scores: readonly ItemScore[], options: ScoreOptions = {}): ScoreResult {
  const items = new Map(scorecardItems(definition).map((item) => [item.id, item]));
  const problems: ScoreProblem[] = [];
  const seen = new Set<string>();
  let earned = 0;
  let possible = 0;
  let fatal = false;
  scores.forEach((score, index) => {
    const item = items.get(score.itemId);
    if (item === undefined) {
      problems.push({ itemId: score.itemId, index, message: `"${score.itemId}" is no item of this scorecard` });
      return;
    }
    if (seen.has(score.itemId)) {
      problems.push({ itemId: score.itemId, index, message: `"${score.itemId}" is scored twice` });
      return;
    }
    seen.add(score.itemId);
    if (score.value === null) return;
    const problem = valueProblem(item, score.value);
    if (problem !== null) {
      problems.push({ itemId: score.itemId, index, message: problem });
      return;
    }
    if (item.fatal) {
      if (score.value === 0) fatal = true;
      return;
    }
    earned += score.value;
    possible += item.weight;
  });
  if (options.complete === true) {
    for (const item of items.values()) {
      if (!seen.has(item.id)) problems.push({ itemId: item.id, index: null, message: `"${item.id}" needs a score, or n/a` });
    }
  }
  const total = fatal ? 0 : possible === 0 ? null : oneDecimal((earned / possible) * 100);
  return { total, fatal, problems };
}

/**
 * A score as a share of what the item can give (0–1): points / weight, or pass 1 / fail 0 for a
 * fatal item; null for n/a. What calibration compares and the figures average, so that items of
 * different weights can stand side by side.
 */
export function itemShare(item: Pick<ScorecardItem, 'weight' | 'fatal'>, value: number | null): number | null {
  if (value === null) return null;
  if (item.fatal) return value >= 1 ? 1 : 0;
  return Math.min(1, Math.max(0, value / item.weight));
}
