import type { Calibration } from '../api/qa';
import type { ItemScore, ScorecardDefinition } from './scorecard';
import { itemShare, scorecardItems } from './scoring';

/*
 * Calibration (issue 9): the same call scored blind by several assessors. How far apart they are
 * per item is the spread of their shares of the item's points (max − min, 0–1), so that a 10-point
 * item and a pass/fail item read alike; and the spread of their totals (0–100).
 */

export interface CalibrationEntry {
  assessorId: string;
  /** Submitted scores only: a draft says nothing yet. */
  scores: readonly ItemScore[];
  total: number | null;
}

const spreadOf = (values: readonly (number | null)[]): number | null => {
  const present = values.filter((value): value is number => value !== null);
  return present.length < 2 ? null : Math.max(...present) - Math.min(...present);
};

export function calibrationSpread(
  definition: ScorecardDefinition,
  entries: readonly CalibrationEntry[],
): Pick<Calibration, 'items' | 'totalSpread'> {
  const items = scorecardItems(definition).map((item) => {
    const values = entries.map((entry) => {
      const score = entry.scores.find((s) => s.itemId === item.id);
      return { assessorId: entry.assessorId, value: itemShare(item, score?.value ?? null) };
    });
    return { itemId: item.id, values, spread: spreadOf(values.map((v) => v.value)) };
  });
  return { items, totalSpread: spreadOf(entries.map((entry) => entry.total)) };
}
