import { z } from 'zod';

/*
 * How a center works its callbacks (DOMAIN.md §4), as data an administrator changes without a
 * release: how often and how far apart a customer is tried, the hours customers may be called, and
 * the rule that makes after-sales callbacks by itself. Stored on the hub (settings key
 * `callback-config`); the console reads it to check a form before sending.
 */

const HHMM = /^([01]\d|2[0-3]):([0-5]\d)$/;
const clockTime = z.string().regex(HHMM, 'a time of day as HH:MM (24-hour clock)');

/** Minutes since midnight of an `HH:MM` already checked by the schema. */
export const minutesOfDay = (hhmm: string): number => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/** The shortest calling window that still leaves room for a call and a retry. */
export const MIN_CALLING_WINDOW_MINUTES = 60;

export const CallingHoursSchema = z
  .object({
    /** Local time of the center (the hub's `center-time-zone`). */
    start: clockTime,
    end: clockTime,
    /** ISO weekdays (1 = Monday … 7 = Sunday) on which customers are called. */
    days: z.array(z.number().int().min(1).max(7)).min(1, 'at least one day of the week').max(7),
  })
  .strict()
  .superRefine((hours, ctx) => {
    if (!HHMM.test(hours.start) || !HHMM.test(hours.end)) return;
    const length = minutesOfDay(hours.end) - minutesOfDay(hours.start);
    if (length < MIN_CALLING_WINDOW_MINUTES) {
      ctx.addIssue({
        code: 'custom',
        path: ['end'],
        message: `calling hours ${hours.start}–${hours.end} leave no time to call: the window must end at least ${MIN_CALLING_WINDOW_MINUTES} minutes after it starts, on the same day`,
      });
    }
    if (new Set(hours.days).size !== hours.days.length) ctx.addIssue({ code: 'custom', path: ['days'], message: 'a day of the week is listed twice' });
  });
export type CallingHours = z.infer<typeof CallingHoursSchema>;

export const RetryRuleSchema = z
  .object({
    /** Attempts before a task that never reached the customer ends as unreachable. */
    maxAttempts: z.number().int().min(1).max(10),
    /** After no answer: the next attempt at least this long after the last. */
    gapMinutes: z.number().int().min(5).max(7 * 24 * 60),
    /** After a busy line: sooner, the customer is there. */
    busyGapMinutes: z.number().int().min(5).max(7 * 24 * 60),
  })
  .strict();
export type RetryRule = z.infer<typeof RetryRuleSchema>;

export const AfterSalesRuleSchema = z
  .object({
    enabled: z.boolean(),
    /** The callback is due this many days after the repair or delivery. */
    daysAfter: z.number().int().min(1).max(90),
    /** A call log wrapped up with one of these dispositions is a repair or delivery done. */
    dispositionCodes: z.array(z.string().min(1).max(40)).max(20),
  })
  .strict();
export type AfterSalesRule = z.infer<typeof AfterSalesRuleSchema>;

export const CallbackConfigSchema = z
  .object({
    retry: RetryRuleSchema,
    callingHours: CallingHoursSchema,
    afterSales: AfterSalesRuleSchema,
  })
  .strict()
  .superRefine((config, ctx) => {
    // A retry gap longer than a week of calling days would skip whole weeks: almost surely a typo.
    if (config.retry.busyGapMinutes > config.retry.gapMinutes) {
      ctx.addIssue({ code: 'custom', path: ['retry', 'busyGapMinutes'], message: 'a busy line is tried again sooner than no answer, not later' });
    }
  });
export type CallbackConfig = z.infer<typeof CallbackConfigSchema>;

export const DEFAULT_CALLBACK_CONFIG: CallbackConfig = {
  retry: { maxAttempts: 3, gapMinutes: 120, busyGapMinutes: 30 },
  callingHours: { start: '09:00', end: '20:00', days: [1, 2, 3, 4, 5, 6, 7] },
  afterSales: { enabled: true, daysAfter: 3, dispositionCodes: ['repair-done', 'delivered'] },
};
