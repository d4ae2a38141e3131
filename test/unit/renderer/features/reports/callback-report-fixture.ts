import { CallbackReportSchema, type CallbackFiguresRow, type CallbackReport } from '../../../../../shared/api/callbacks';

const figures = (due: number, done: number, overdue: number, attempted: number, reached: number, surveyed: number, satisfied: number): CallbackFiguresRow => ({
  due,
  done,
  overdue,
  attempted,
  reached,
  reachRate: attempted > 0 ? reached / attempted : null,
  surveyed,
  satisfied,
  satisfactionRate: surveyed > 0 ? satisfied / surveyed : null,
});

const day = (date: string, surveyed = 0, satisfied = 0, done = 0) => ({ date, surveyed, satisfied, done });

/**
 * Callbacks of 1–15 March 2026: two callback agents and the pool (listed first, as a hub might), a
 * type with no survey (its satisfaction rate has no denominator), and surveys on two days only.
 * Parsed with the contract, so it is an answer the hub could give.
 */
export function callbackReport(overrides: Partial<CallbackReport> = {}): CallbackReport {
  return CallbackReportSchema.parse({
    period: { from: '2026-03-01', to: '2026-03-15', timeZone: 'Asia/Shanghai' },
    // 10:05:09 in Shanghai.
    generatedAt: '2026-03-15T02:05:09.000Z',
    totals: figures(10, 6, 2, 9, 6, 3, 2),
    byType: {
      pre_sales: figures(2, 1, 0, 2, 1, 0, 0),
      after_sales: figures(3, 2, 1, 3, 2, 0, 0),
      complaint: figures(5, 3, 1, 4, 3, 3, 2),
    },
    byAgent: [
      { username: null, displayName: null, ...figures(1, 0, 1, 0, 0, 0, 0) },
      { username: 'callback1', displayName: '赵回访', ...figures(5, 4, 0, 5, 4, 2, 2) },
      { username: 'callback2', displayName: '钱回访', ...figures(4, 2, 1, 4, 2, 1, 0) },
    ],
    byDay: Array.from({ length: 15 }, (_, i) => {
      const date = `2026-03-${String(i + 1).padStart(2, '0')}`;
      if (date === '2026-03-02') return day(date, 2, 2, 3);
      if (date === '2026-03-05') return day(date, 1, 0, 2);
      return day(date, 0, 0, i === 9 ? 1 : 0);
    }),
    ...overrides,
  });
}
