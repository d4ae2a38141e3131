import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CallbackConfigSchema, DEFAULT_CALLBACK_CONFIG, type CallbackConfig, type CallingHours } from '../../../shared/callbacks/callback-config';
import { decideAttempt, isInCallingHours, nextCallingTime, type AttemptSubject } from '../../../shared/callbacks/callback-rules';
import { instantOfWallClock } from '../../../shared/time/zoned-time';

const ZONES = ['Asia/Shanghai', 'Europe/Berlin', 'America/New_York'] as const;
const SHANGHAI = 'Asia/Shanghai';
const MINUTE_MS = 60_000;
const HOUR_MS = 3_600_000;
const pad = (n: number) => String(n).padStart(2, '0');

/** Calling hours of at least an hour, on a random non-empty set of weekdays. */
const callingHours: fc.Arbitrary<CallingHours> = fc
  .record({
    startMinute: fc.integer({ min: 0, max: 22 * 60 }),
    length: fc.integer({ min: 60, max: 14 * 60 }),
    days: fc.uniqueArray(fc.integer({ min: 1, max: 7 }), { minLength: 1, maxLength: 7 }),
  })
  .map(({ startMinute, length, days }) => {
    const end = Math.min(startMinute + length, 23 * 60 + 59);
    return { start: `${pad(Math.floor(startMinute / 60))}:${pad(startMinute % 60)}`, end: `${pad(Math.floor(end / 60))}:${pad(end % 60)}`, days };
  })
  .filter((hours) => CallbackConfigSchema.shape.callingHours.safeParse(hours).success);

// 2024–2027, DST changes of Berlin and New York included.
const instant = fc.integer({ min: Date.UTC(2024, 0, 1), max: Date.UTC(2027, 11, 31) });

const pending = (patch: Partial<AttemptSubject> = {}): AttemptSubject => ({ type: 'after_sales', status: 'pending', failedAttempts: 0, ...patch });
const config = (patch: Partial<CallbackConfig['retry']> = {}): CallbackConfig => ({ ...DEFAULT_CALLBACK_CONFIG, retry: { ...DEFAULT_CALLBACK_CONFIG.retry, ...patch } });
/** Monday 2 March 2026, 10:00 in Shanghai: inside the default hours. */
const MONDAY_10 = instantOfWallClock(SHANGHAI, Date.UTC(2026, 2, 2, 10, 0));

describe('nextCallingTime', () => {
  it('returns an instant inside the calling hours and not before the one given, in any zone', () => {
    fc.assert(
      fc.property(instant, callingHours, fc.constantFrom(...ZONES), (at, hours, zone) => {
        const next = nextCallingTime(at, hours, zone);
        expect(next).toBeGreaterThanOrEqual(at);
        expect(isInCallingHours(next, hours, zone)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('returns the instant itself when it is inside the calling hours', () => {
    fc.assert(
      fc.property(instant, callingHours, fc.constantFrom(...ZONES), (at, hours, zone) => {
        fc.pre(isInCallingHours(at, hours, zone));
        expect(nextCallingTime(at, hours, zone)).toBe(at);
      }),
    );
  });
});

describe('decideAttempt', () => {
  it('makes the task unreachable at the third unanswered attempt when three are allowed', () => {
    const rule = config({ maxAttempts: 3 });
    const first = decideAttempt(pending(), { outcome: 'no_answer', callLaterAt: null, survey: false }, rule, SHANGHAI, MONDAY_10);
    expect(first).toMatchObject({ ok: true, status: 'pending', failedAttempts: 1 });
    const second = decideAttempt(pending({ failedAttempts: 1 }), { outcome: 'no_answer', callLaterAt: null, survey: false }, rule, SHANGHAI, MONDAY_10);
    expect(second).toMatchObject({ ok: true, status: 'pending', failedAttempts: 2 });
    const third = decideAttempt(pending({ failedAttempts: 2 }), { outcome: 'no_answer', callLaterAt: null, survey: false }, rule, SHANGHAI, MONDAY_10);
    expect(third).toEqual({ ok: true, status: 'unreachable', endReason: 'unreachable', dueAt: null, failedAttempts: 3 });
  });

  it('tries a busy line again after the busy gap, and an unanswered one after the longer gap', () => {
    const rule = config({ gapMinutes: 120, busyGapMinutes: 30 });
    const busy = decideAttempt(pending(), { outcome: 'busy', callLaterAt: null, survey: false }, rule, SHANGHAI, MONDAY_10);
    const noAnswer = decideAttempt(pending(), { outcome: 'no_answer', callLaterAt: null, survey: false }, rule, SHANGHAI, MONDAY_10);
    expect(busy).toMatchObject({ ok: true, dueAt: MONDAY_10 + 30 * MINUTE_MS });
    expect(noAnswer).toMatchObject({ ok: true, dueAt: MONDAY_10 + 120 * MINUTE_MS });
  });

  it('never schedules a retry outside the calling hours, whatever the gap', () => {
    fc.assert(
      fc.property(instant, fc.integer({ min: 5, max: 3 * 24 * 60 }), fc.constantFrom(...ZONES), (now, gap, zone) => {
        const rule = config({ gapMinutes: gap, busyGapMinutes: 5 });
        const decision = decideAttempt(pending(), { outcome: 'no_answer', callLaterAt: null, survey: false }, rule, zone, now);
        expect(decision.ok).toBe(true);
        if (!decision.ok || decision.dueAt === null) return;
        expect(decision.dueAt).toBeGreaterThanOrEqual(now + gap * MINUTE_MS);
        expect(isInCallingHours(decision.dueAt, rule.callingHours, zone)).toBe(true);
      }),
    );
  });

  it('refuses a call-back time outside the calling hours, suggesting the next possible one', () => {
    const at23 = instantOfWallClock(SHANGHAI, Date.UTC(2026, 2, 2, 23, 0));
    const decision = decideAttempt(pending(), { outcome: 'call_later', callLaterAt: at23, survey: false }, DEFAULT_CALLBACK_CONFIG, SHANGHAI, MONDAY_10);
    expect(decision).toMatchObject({ ok: false, code: 'outside_calling_hours', field: 'callLaterAt' });
    if (!decision.ok) expect(decision.message).toContain(new Date(instantOfWallClock(SHANGHAI, Date.UTC(2026, 2, 3, 9, 0))).toISOString());
  });

  it('keeps a call-back time inside the calling hours as the due time, without using up an attempt', () => {
    const at = MONDAY_10 + 4 * HOUR_MS;
    expect(decideAttempt(pending({ failedAttempts: 1 }), { outcome: 'call_later', callLaterAt: at, survey: false }, DEFAULT_CALLBACK_CONFIG, SHANGHAI, MONDAY_10)).toEqual({
      ok: true,
      status: 'pending',
      endReason: null,
      dueAt: at,
      failedAttempts: 1,
    });
  });

  it('asks for the survey when a complaint callback is answered without one', () => {
    const decision = decideAttempt(pending({ type: 'complaint' }), { outcome: 'answered', callLaterAt: null, survey: false }, DEFAULT_CALLBACK_CONFIG, SHANGHAI, MONDAY_10);
    expect(decision).toMatchObject({ ok: false, code: 'survey_required' });
    expect(decideAttempt(pending({ type: 'complaint' }), { outcome: 'answered', callLaterAt: null, survey: true }, DEFAULT_CALLBACK_CONFIG, SHANGHAI, MONDAY_10)).toMatchObject({
      ok: true,
      status: 'done',
      endReason: 'surveyed',
    });
  });

  it('ends the task on a wrong number', () => {
    expect(decideAttempt(pending(), { outcome: 'wrong_number', callLaterAt: null, survey: false }, DEFAULT_CALLBACK_CONFIG, SHANGHAI, MONDAY_10)).toMatchObject({
      ok: true,
      status: 'unreachable',
      endReason: 'wrong_number',
    });
  });

  it('refuses every attempt on a task that has ended', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('done', 'unreachable', 'cancelled' as const),
        fc.constantFrom('answered', 'no_answer', 'busy', 'wrong_number' as const),
        (status, outcome) => {
          const decision = decideAttempt(pending({ status }), { outcome, callLaterAt: null, survey: false }, DEFAULT_CALLBACK_CONFIG, SHANGHAI, MONDAY_10);
          expect(decision).toMatchObject({ ok: false, code: 'illegal_transition' });
        },
      ),
    );
  });
});

describe('CallbackConfigSchema', () => {
  it('refuses calling hours that end before they start, naming the end', () => {
    const result = CallbackConfigSchema.safeParse({ ...DEFAULT_CALLBACK_CONFIG, callingHours: { start: '20:00', end: '09:00', days: [1, 2, 3] } });
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((issue) => issue.path.join('.'))).toContain('callingHours.end');
  });

  it('refuses a busy line retried later than an unanswered one', () => {
    const result = CallbackConfigSchema.safeParse(config({ gapMinutes: 30, busyGapMinutes: 60 }));
    expect(result.error?.issues.map((issue) => issue.path.join('.'))).toEqual(['retry.busyGapMinutes']);
  });

  it('accepts the demo center\'s configuration', () => {
    expect(CallbackConfigSchema.parse(DEFAULT_CALLBACK_CONFIG)).toEqual(DEFAULT_CALLBACK_CONFIG);
  });
});
