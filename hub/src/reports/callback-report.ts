import type { CallbackFiguresRow, CallbackReport } from '../../../shared/api/callbacks';
import { CALLBACK_TYPES, type CallbackType } from '../../../shared/api/tickets';
import { formatLocalDate, nextDay, parseLocalDate, startOfDay, type LocalDate } from '../../../shared/time/zoned-time';
import type { Queryable } from '../db/db';
import type { ReportPeriod } from './complaint-report';

/*
 * The callback figures for a period (issue 8 must-have 5), counted in the center's days like the
 * complaint report. Each figure counts tasks, never attempts, and has its own clock:
 *
 * - due: tasks whose due_at falls in the period and that are not cancelled. due_at is the task's
 *   current one: a task retried after a failed attempt moves to its new time (and may leave the
 *   period); the figure answers "what is on the list for these days", not "what was planned".
 * - done: tasks that ended as done (reached or surveyed) in the period.
 * - overdue: of the tasks counted in `due`, those not ended by the end of the center's day they
 *   were due on: ended on a later day, or still pending when that day is over. A callback due at
 *   09:00 and made at 09:05 was made on time; counting it late would make nearly every task late.
 *   (The worklist's own "overdue" mark is stricter: due time passed, still to do.)
 * - attempted: tasks with at least one attempt in the period; reached: of those, tasks with an
 *   answered or call_later attempt in the period (the customer was on the line).
 * - surveyed: tasks whose survey was taken in the period; satisfied: of those, the satisfied ones.
 * - reachRate = reached / attempted, satisfactionRate = satisfied / surveyed; null with nothing to
 *   divide by, which a chart shows as a gap rather than as a 0 %.
 *
 * byAgent credits due, done and overdue to the task's assignee (null: the pool), the attempts to
 * the person who made them, the survey to the person who took it. A task that changed hands is
 * therefore counted for each person who did something with it, and the totals (counted directly
 * over tasks) are NOT the sum of the byAgent rows. byType has the totals' figures per type; byDay
 * the surveys and the tasks done per local day, every day of the period present.
 */

type Kind = 'due' | 'overdue' | 'done' | 'attempted' | 'reached' | 'surveyed' | 'satisfied';

/** One row per (task, person credited, figure); `who` per the crediting rule above. */
const FACTS = `
  select id as callback_id, type, assignee as who, 'due'::text as kind from callbacks
   where due_at >= $1 and due_at < $2 and status <> 'cancelled'
  union all
  select id, type, assignee, 'overdue' from (
    select id, type, assignee, status, ended_at, ($4::timestamptz[])[width_bucket(due_at, $4::timestamptz[]) + 1] as due_day_end
      from callbacks where due_at >= $1 and due_at < $2 and status <> 'cancelled'
  ) d
   where ended_at >= due_day_end or (status = 'pending' and due_day_end <= $3)
  union all
  select id, type, assignee, 'done' from callbacks
   where status = 'done' and ended_at >= $1 and ended_at < $2
  union all
  select c.id, c.type, a.by, 'attempted' from callback_attempts a join callbacks c on c.id = a.callback_id
   where a.at >= $1 and a.at < $2
  union all
  select c.id, c.type, a.by, 'reached' from callback_attempts a join callbacks c on c.id = a.callback_id
   where a.at >= $1 and a.at < $2 and a.outcome in ('answered', 'call_later')
  union all
  select id, type, survey_by, 'surveyed' from callbacks
   where survey_at >= $1 and survey_at < $2
  union all
  select id, type, survey_by, 'satisfied' from callbacks
   where survey_at >= $1 and survey_at < $2 and survey_satisfied`;

/*
 * One pass for the three breakdowns: grouping() tells the totals row (neither type nor person),
 * the per-type rows and the per-person rows apart. count(distinct) because one task may give a
 * person several attempts.
 */
const FIGURES_SQL = `
  with facts as (${FACTS})
  select grouping(f.type) as no_type, grouping(f.who) as no_who, f.type, f.who, f.kind,
         count(distinct f.callback_id)::int as n, min(u.display_name) as display_name
    from facts f left join users u on u.username = f.who
   group by grouping sets ((f.kind), (f.type, f.kind), (f.who, f.kind))`;

/*
 * Each event goes to its day by the days' starts ($3, ascending): width_bucket answers the index
 * of the last start at or before it, so local days need no time-zone data in the database.
 */
const BY_DAY_SQL = `
  with events as (
    select survey_at as at, 'surveyed'::text as kind from callbacks where survey_at >= $1 and survey_at < $2
    union all
    select survey_at, 'satisfied' from callbacks where survey_at >= $1 and survey_at < $2 and survey_satisfied
    union all
    select ended_at, 'done' from callbacks where status = 'done' and ended_at >= $1 and ended_at < $2
  )
  select width_bucket(at, $3::timestamptz[]) as day, kind, count(*)::int as n
    from events group by 1, 2`;

interface FigureRow {
  no_type: number;
  no_who: number;
  type: string | null;
  who: string | null;
  kind: Kind;
  n: number;
  display_name: string | null;
}

type Counts = Record<Kind, number>;

const noCounts = (): Counts => ({ due: 0, overdue: 0, done: 0, attempted: 0, reached: 0, surveyed: 0, satisfied: 0 });

const ratio = (part: number, whole: number): number | null => (whole === 0 ? null : part / whole);

const figures = (c: Counts): CallbackFiguresRow => ({
  due: c.due,
  done: c.done,
  overdue: c.overdue,
  attempted: c.attempted,
  reached: c.reached,
  reachRate: ratio(c.reached, c.attempted),
  surveyed: c.surveyed,
  satisfied: c.satisfied,
  satisfactionRate: ratio(c.satisfied, c.surveyed),
});

/** The local days from `from` to `to`, both included, with the instant each begins. */
export function daysOf(period: ReportPeriod): { date: string; start: Date }[] {
  const last = parseLocalDate(period.to);
  let day: LocalDate | null = parseLocalDate(period.from);
  if (day === null || last === null) throw new Error(`not a period of days: ${period.from}..${period.to}`);
  const days: { date: string; start: Date }[] = [];
  while (formatLocalDate(day) <= period.to) {
    days.push({ date: formatLocalDate(day), start: startOfDay(day, period.timeZone) });
    day = nextDay(day);
  }
  return days;
}

export interface CallbackReportScope {
  /** Only this person's row in byAgent (callback staff read their own figures); the center's totals stay. */
  onlyAgent?: string;
}

export async function callbackReport(db: Queryable, period: ReportPeriod, now: Date, scope: CallbackReportScope = {}): Promise<CallbackReport> {
  const days = daysOf(period);
  // Each day's start and, last, the end of the period: the element after a task's day is its end.
  const dayBounds = [...days.map((d) => d.start), period.end];
  const { rows } = await db.query<FigureRow>(FIGURES_SQL, [period.start, period.end, now, dayBounds]);
  const totals = noCounts();
  const byType = Object.fromEntries(CALLBACK_TYPES.map((type) => [type, noCounts()])) as Record<CallbackType, Counts>;
  const byAgent = new Map<string | null, { displayName: string | null; counts: Counts }>();
  for (const row of rows) {
    if (Number(row.no_type) === 1 && Number(row.no_who) === 1) {
      totals[row.kind] = row.n;
    } else if (Number(row.no_type) === 0) {
      // The column's check keeps type to the three; a row of another would be no breakdown's.
      if (row.type !== null && row.type in byType) byType[row.type as CallbackType][row.kind] = row.n;
    } else {
      const agent = byAgent.get(row.who) ?? { displayName: row.display_name, counts: noCounts() };
      agent.counts[row.kind] = row.n;
      byAgent.set(row.who, agent);
    }
  }

  const perDay = days.map(() => ({ surveyed: 0, satisfied: 0, done: 0 }));
  const dayRows = await db.query<{ day: number; kind: 'surveyed' | 'satisfied' | 'done'; n: number }>(BY_DAY_SQL, [
    period.start,
    period.end,
    days.map((d) => d.start),
  ]);
  for (const row of dayRows.rows) {
    const bucket = perDay[Number(row.day) - 1];
    if (bucket !== undefined) bucket[row.kind] = row.n;
  }

  const agents = [...byAgent.entries()]
    .filter(([username]) => scope.onlyAgent === undefined || username === scope.onlyAgent)
    .map(([username, { displayName, counts }]) => ({ username, displayName: username === null ? null : displayName, ...figures(counts) }))
    // People by name, the pool (nobody's) last.
    .sort((a, b) => (a.username === null ? 1 : b.username === null ? -1 : a.username.localeCompare(b.username)));

  return {
    period: { from: period.from, to: period.to, timeZone: period.timeZone },
    generatedAt: now.toISOString(),
    totals: figures(totals),
    byType: { pre_sales: figures(byType.pre_sales), after_sales: figures(byType.after_sales), complaint: figures(byType.complaint) },
    byAgent: agents,
    byDay: days.map((d, i) => ({ date: d.date, ...perDay[i]! })),
  };
}
