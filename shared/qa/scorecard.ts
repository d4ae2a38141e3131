import { z } from 'zod';
import { LocalizedTextSchema } from '../api/org';

/*
 * A scorecard is configuration (DOMAIN.md §1: the quality control room scores call quality): sections
 * of items, each item worth `weight` points; a fatal item (leaking a customer's data, abusing the
 * customer) is pass/fail and a fail zeroes the whole evaluation. Stored on the hub with a version;
 * an evaluation names the version it was scored on, so a later edit never rescales old scores.
 */

const idSchema = z.string().regex(/^[a-z][a-z0-9_-]{0,39}$/, 'lowercase letters, digits, _ or -, starting with a letter');

export const ScorecardItemSchema = z
  .object({
    id: idSchema,
    label: LocalizedTextSchema,
    /** What the assessor listens for. */
    guide: LocalizedTextSchema.optional(),
    /** Points of a non-fatal item (0 … weight); ignored for a fatal item. */
    weight: z.number().int().min(1).max(100),
    fatal: z.boolean().default(false),
  })
  .strict();
export type ScorecardItem = z.infer<typeof ScorecardItemSchema>;

export const ScorecardSectionSchema = z
  .object({ id: idSchema, label: LocalizedTextSchema, items: z.array(ScorecardItemSchema).min(1).max(50) })
  .strict();
export type ScorecardSection = z.infer<typeof ScorecardSectionSchema>;

/** What an admin uploads (`PUT /api/v1/qa/scorecards/:id`); ids unique across the card. */
export const ScorecardDefinitionSchema = z
  .object({
    name: LocalizedTextSchema,
    sections: z.array(ScorecardSectionSchema).min(1).max(20),
  })
  .strict()
  .superRefine((card, ctx) => {
    const seen = new Set<string>();
    card.sections.forEach((section, s) => {
      if (seen.has(section.id)) ctx.addIssue({ code: 'custom', path: ['sections', s, 'id'], message: `duplicate id "${section.id}"` });
      seen.add(section.id);
      section.items.forEach((item, i) => {
        if (seen.has(item.id)) ctx.addIssue({ code: 'custom', path: ['sections', s, 'items', i, 'id'], message: `duplicate id "${item.id}"` });
        seen.add(item.id);
      });
    });
    if (!card.sections.some((section) => section.items.some((item) => !item.fatal))) {
      ctx.addIssue({ code: 'custom', path: ['sections'], message: 'needs at least one item that is not fatal' });
    }
  });
export type ScorecardDefinition = z.infer<typeof ScorecardDefinitionSchema>;

export const ScorecardSchema = z.object({
  id: idSchema,
  version: z.number().int().min(1),
  active: z.boolean(),
  definition: ScorecardDefinitionSchema,
  updatedAt: z.iso.datetime({ offset: true }),
});
export type Scorecard = z.infer<typeof ScorecardSchema>;

/**
 * One item's score. Non-fatal: points 0 … weight, or null for "not applicable" (left out of the
 * total). Fatal: 1 = passed, 0 = failed, null = not applicable.
 */
export const ItemScoreSchema = z.object({ itemId: idSchema, value: z.number().min(0).max(100).nullable() }).strict();
export type ItemScore = z.infer<typeof ItemScoreSchema>;
