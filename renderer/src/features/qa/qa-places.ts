/*
 * The QA panes' places in the URL hash, after the pane's slug: `#/review-queue/<reviewId>`,
 * `#/quality/<reviewId>`, `#/evaluations/<evaluationId>`. A reload (or a link) opens the same review.
 */

/** The id after `#/<slug>/`; null on the pane's list and on other panes. */
export function placeIdFromHash(hash: string, slug: string): string | null {
  const match = new RegExp(`^#/?${slug}/([^/?]+)`).exec(hash);
  if (!match) return null;
  try {
    return decodeURIComponent(match[1]!);
  } catch {
    return null;
  }
}

export const hashForPlace = (slug: string, id: string | null): string => (id === null ? `#/${slug}` : `#/${slug}/${encodeURIComponent(id)}`);
