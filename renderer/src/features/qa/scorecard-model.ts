import type { EvaluationComment } from '../../../../shared/api/qa';
import type { ItemScore, ScorecardDefinition } from '../../../../shared/qa/scorecard';
import { scoreEvaluation, scorecardItems, type ScoreResult } from '../../../../shared/qa/scoring';

/*
 * The scorecard form's state as plain data. An item left out is "not scored yet"; null is the
 * assessor's explicit "not applicable". The total comes from shared/qa/scoring.ts, the rule the hub
 * saves with, so the running total beside the form is the one that will be stored.
 */

/** itemId → points (or 1 pass / 0 fail for a fatal item), null for n/a; absent: not scored yet. */
export type ScoreDraft = Readonly<Record<string, number | null>>;

export interface EvaluationDraft {
  scores: ScoreDraft;
  comments: readonly EvaluationComment[];
  summary: string;
}

export const emptyDraft = (): EvaluationDraft => ({ scores: {}, comments: [], summary: '' });

export function draftFrom(evaluation: { scores: readonly ItemScore[]; comments: readonly EvaluationComment[]; summary: string } | null): EvaluationDraft {
  if (evaluation === null) return emptyDraft();
  return { scores: Object.fromEntries(evaluation.scores.map((score) => [score.itemId, score.value])), comments: sortComments(evaluation.comments), summary: evaluation.summary };
}

/** The draft's scores in the card's order, as the hub takes them; items not scored yet are left out. */
export function itemScores(definition: ScorecardDefinition, scores: ScoreDraft): ItemScore[] {
  return scorecardItems(definition)
    .filter((item) => Object.hasOwn(scores, item.id))
    .map((item) => ({ itemId: item.id, value: scores[item.id] ?? null }));
}

export function liveScore(definition: ScorecardDefinition, scores: ScoreDraft): ScoreResult {
  return scoreEvaluation(definition, itemScores(definition, scores));
}

/** Items still without a score or an n/a: a submission needs none. */
export function unscoredItems(definition: ScorecardDefinition, scores: ScoreDraft): string[] {
  return scorecardItems(definition)
    .filter((item) => !Object.hasOwn(scores, item.id))
    .map((item) => item.id);
}

export const sortComments = (comments: readonly EvaluationComment[]): EvaluationComment[] => [...comments].sort((a, b) => a.atMs - b.atMs || a.id.localeCompare(b.id));

/** The items whose value a correction changes, as the hub takes them. */
export function changedScores(definition: ScorecardDefinition, before: ScoreDraft, after: ScoreDraft): ItemScore[] {
  return itemScores(definition, after).filter((score) => !Object.hasOwn(before, score.itemId) || before[score.itemId] !== score.value);
}

/** A total as the UI shows it: one decimal, or a dash while nothing is scored. */
export const totalText = (total: number | null): string => (total === null ? '—' : total.toFixed(1));
