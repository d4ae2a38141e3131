import type { QaFigures } from '../../../shared/api/qa';
import { formatLocalDate, isoWeekday, parseLocalDate, startOfDay, type LocalDate } from '../../../shared/time/zoned-time';
import type { Queryable } from '../db/db';
import { daysOf } from '../reports/callback-report';
import type { ReportPeriod } from '../reports/complaint-report';

/*
 * The quality figures (issue 9 §9): submitted evaluations outside calibration, counted in the
 * center's days by the start of the call they score, of one department's agents or all. Per agent,
 * per scorecard item (the average share of its points, and how often a fatal item failed), and a
 * trend per day, week (from Monday) or month. Aggregated in SQL; nothing per evaluation reaches
 * the hub's memory.
 */

/** $1–$2 the period, $3 the department (null: all), $4 the buckets' starts (ascending). */
const FACTS = `
  select e.id, r.agent_id, a.display_name as agent_name, e.total::float8 as total, e.fatal, e.agent_response, e.scores,
         r.scorecard_id, r.scorecard_version, width_bucket(l.started_at, $4::timestamptz[]) as bucket
    from qa_evaluations e
    join qa_reviews r on r.id = e.review_id
    join call_logs l on l.id = r.call_id
    join users a on a.id = r.agent_id
   where e.status = 'submitted' and r.calibration_id is null
     and l.started_at >= $1 and l.started_at < $2
     and ($3::text is null or a.department_code = $3::text)`;

const COUNTS = `
  count(*)::int as evaluations, avg(f.total) as average_score, min(f.total) as lowest_score,
  count(*) filter (where f.fatal)::int as fatal,
  count(*) filter (where f.agent_response = 'acknowledged')::int as acknowledged,
  count(*) filter (where f.agent_response = 'disputed')::int as disputed`;

const GROUPED = `
  with f as (${FACTS})
  select grouping(f.agent_id) as no_agent, grouping(f.bucket) as no_bucket, f.agent_id, min(f.agent_name) as agent_name, f.bucket, ${COUNTS}
    from f group by grouping sets ((), (f.agent_id), (f.bucket))`;

/*
 * Each scored entry joined with its item in the scorecard version the evaluation used, for the
 * weight and whether it is fatal; n/a entries count in neither `scored` nor the average.
 */
const PER_ITEM = `
  with f as (${FACTS})
  select f.scorecard_id, s.entry->>'itemId' as item_id,
         count(x.share)::int as scored, avg(x.share) as average_share,
         count(*) filter (where x.fatal_item and x.share = 0)::int as failures,
         min(sec.n * 1000 + it.n) as position
    from f
    cross join lateral jsonb_array_elements(f.scores) as s (entry)
    join qa_scorecards c on c.id = f.scorecard_id and c.version = f.scorecard_version
    cross join lateral jsonb_array_elements(c.definition->'sections') with ordinality as sec (section, n)
    cross join lateral jsonb_array_elements(sec.section->'items') with ordinality as it (item, n)
    cross join lateral (
      select coalesce((it.item->>'fatal')::boolean, false) as fatal_item,
             case when jsonb_typeof(s.entry->'value') <> 'number' then null
                  when coalesce((it.item->>'fatal')::boolean, false) then case when (s.entry->>'value')::float8 >= 1 then 1.0 else 0.0 end
                  else least(1.0, greatest(0.0, (s.entry->>'value')::float8 / (it.item->>'weight')::float8))
             end as share
    ) x
   where it.item->>'id' = s.entry->>'itemId'
   group by f.scorecard_id, s.entry->>'itemId'
   order by f.scorecard_id, position`;

interface CountsRow {
  evaluations: number;
  average_score: number | null;
  lowest_score: number | null;
  fatal: number;
  acknowledged: number;
  disputed: number;
}

interface GroupedRow extends CountsRow {
  no_agent: number;
  no_bucket: number;
  agent_id: string | null;
  agent_name: string | null;
  bucket: number | null;
}

const num = (value: number | string | null): number | null => (value === null ? null : Number(value));

/** The trend's buckets: each labelled by its calendar start (a Monday, the 1st), which may precede `from`. */
export function trendBuckets(period: ReportPeriod, bucket: 'day' | 'week' | 'month'): { period: string; start: Date }[] {
  const buckets: { period: string; start: Date }[] = [];
  for (const day of daysOf(period)) {
    const date = parseLocalDate(day.date)!;
    let label: LocalDate = date;
    if (bucket === 'week') {
      const back = new Date(Date.UTC(date.year, date.month - 1, date.day - (isoWeekday(date) - 1)));
      label = { year: back.getUTCFullYear(), month: back.getUTCMonth() + 1, day: back.getUTCDate() };
    } else if (bucket === 'month') label = { ...date, day: 1 };
    const text = formatLocalDate(label);
    if (buckets.at(-1)?.period !== text) buckets.push({ period: text, start: startOfDay(label, period.timeZone) });
  }
  return buckets;
}

export async function qaFigures(db: Queryable, period: ReportPeriod, department: string | null, bucket: 'day' | 'week' | 'month'): Promise<QaFigures> {
  const buckets = trendBuckets(period, bucket);
  const params = [period.start, period.end, department, buckets.map((b) => b.start)];
  const [grouped, items] = await Promise.all([
    db.query<GroupedRow>(GROUPED, params),
    db.query<{ scorecard_id: string; item_id: string; scored: number; average_share: number | null; failures: number }>(PER_ITEM, params),
  ]);
  const totals: QaFigures['totals'] = { evaluations: 0, averageScore: null, fatal: 0, acknowledged: 0, disputed: 0 };
  const perAgent: QaFigures['perAgent'] = [];
  const perBucket = new Map<number, CountsRow>();
  for (const row of grouped.rows) {
    if (Number(row.no_agent) === 1 && Number(row.no_bucket) === 1) {
      Object.assign(totals, {
        evaluations: row.evaluations,
        averageScore: num(row.average_score),
        fatal: row.fatal,
        acknowledged: row.acknowledged,
        disputed: row.disputed,
      });
    } else if (Number(row.no_agent) === 0 && row.agent_id !== null) {
      perAgent.push({
        agentId: row.agent_id,
        agentName: row.agent_name ?? '',
        evaluations: row.evaluations,
        averageScore: num(row.average_score),
        lowestScore: num(row.lowest_score),
        fatal: row.fatal,
        disputed: row.disputed,
      });
    } else if (row.bucket !== null) perBucket.set(Number(row.bucket), row);
  }
  perAgent.sort((a, b) => a.agentName.localeCompare(b.agentName, 'zh-CN') || a.agentId.localeCompare(b.agentId));
  return {
    from: period.from,
    to: period.to,
    totals,
    perAgent,
    perItem: items.rows.map((row) => ({
      scorecardId: row.scorecard_id,
      itemId: row.item_id,
      scored: row.scored,
      averageShare: num(row.average_share),
      failures: row.failures,
    })),
    trend: buckets.map((b, index) => {
      const row = perBucket.get(index + 1);
      return { period: b.period, evaluations: row?.evaluations ?? 0, averageScore: row === undefined ? null : num(row.average_score) };
    }),
  };
}
