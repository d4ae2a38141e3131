import type { CallFiguresRow, CallReport } from '../../../shared/api/board';
import type { Queryable } from '../db/db';
import { daysOf } from './callback-report';
import type { ReportPeriod } from './complaint-report';

/*
 * The call figures (issue 11): calls and handle times of a period, counted in the center's days by
 * the call's start (the console's clock, as stored), in total, per agent, per queue, per day, and
 * the wrapped-up calls by disposition. The board's totals for today are the same figures.
 *
 * What counts, from the call-log columns and the record beside them (shared/api/call-logs.ts):
 * - callsIn / callsOut: calls started in the period, by direction.
 * - answered: inbound calls with answeredAt. unanswered: inbound calls never answered and no longer
 *   live (a call ringing now is not missed yet), so callsIn = answered + unanswered + ringing now.
 * - handled: answered calls (either direction) that are over: ended, or interrupted (then up to the
 *   last moment the console knew the call was up). Live ones have no duration yet.
 * - hold: the record's holdSeconds, at most the connected time; talk: connected time minus hold,
 *   so talk + hold is the time from answer to end.
 * - wrap-up: from the end to wrapUp.doneAt, for calls that ended and were wrapped up (an interrupted
 *   call has no true end, and its wrap-up may come the next morning).
 * - avgTalk, avgHandle ((talk + hold + wrap-up) / handled) per handled call; avgWrapUp per
 *   handled call that was wrapped up. null when nothing was handled (a chart shows a gap).
 * - byDisposition: calls whose wrap-up is done (wrapUp.doneAt), by the code given, null for none.
 *   Unanswered calls are complete without a wrap-up and are not in it.
 *
 * Each call is in exactly one row of byAgent, byQueue and byDay, so those rows add up to the totals.
 * Durations are summed in whole milliseconds (exact in SQL and in a double) and divided at the end.
 * Everything is aggregated in the database: a period of a million calls costs one scan of the
 * started_at index, never rows in the hub's memory.
 */

/**
 * One row per call started in [$1, $2), of agents of department $3 (null: all), with `day` = the
 * index (1-based) of the last of the day starts $4 (ascending) at or before the start.
 */
export const CALL_FACTS = `
  select l.agent_id, u.username, u.display_name, l.direction, l.record->>'ivrChoice' as queue,
         l.disposition_code, width_bucket(l.started_at, $4::timestamptz[]) as day,
         (l.direction = 'inbound' and l.answered_at is not null) as answered,
         (l.direction = 'inbound' and l.answered_at is null and l.status <> 'live') as unanswered,
         (l.record->'wrapUp'->>'doneAt') is not null as wrapped,
         c.connected_ms, h.hold_ms, c.connected_ms - h.hold_ms as talk_ms,
         case when c.connected_ms is not null and l.ended_at is not null and (l.record->'wrapUp'->>'doneAt') is not null
              then greatest(0, round(extract(epoch from ((l.record->'wrapUp'->>'doneAt')::timestamptz - l.ended_at)) * 1000))::bigint
         end as wrap_ms
    from call_logs l
    join users u on u.id = l.agent_id
    cross join lateral (select coalesce(l.ended_at, (l.record->'interruption'->>'lastSeenAt')::timestamptz) as over_at) e
    cross join lateral (
      -- greatest() skips nulls: the case keeps a call that is not over without a duration.
      select case when l.answered_at is not null and e.over_at is not null
                  then greatest(0, round(extract(epoch from (e.over_at - l.answered_at)) * 1000))::bigint
             end as connected_ms
    ) c
    cross join lateral (
      select case when c.connected_ms is not null
                  then least(round((l.record->>'holdSeconds')::numeric * 1000)::bigint, c.connected_ms)
             end as hold_ms
    ) h
   where l.started_at >= $1 and l.started_at < $2
     and ($3::text is null or u.department_code = $3::text)`;

/** The aggregates of CALL_FACTS rows `f`, for any grouping. */
export const CALL_FIGURES = `
  count(*) filter (where f.direction = 'inbound')::int as calls_in,
  count(*) filter (where f.direction = 'outbound')::int as calls_out,
  count(*) filter (where f.answered)::int as answered,
  count(*) filter (where f.unanswered)::int as unanswered,
  count(f.connected_ms)::int as handled,
  coalesce(sum(f.talk_ms), 0)::float8 as talk_ms,
  coalesce(sum(f.hold_ms), 0)::float8 as hold_ms,
  coalesce(sum(f.wrap_ms), 0)::float8 as wrap_ms,
  count(f.wrap_ms)::int as wrapped_up`;

export interface CallFiguresSqlRow {
  calls_in: number;
  calls_out: number;
  answered: number;
  unanswered: number;
  handled: number;
  talk_ms: number;
  hold_ms: number;
  wrap_ms: number;
  wrapped_up: number;
}

const ratio = (part: number, whole: number): number | null => (whole === 0 ? null : part / whole);

export function callFigures(row: CallFiguresSqlRow): CallFiguresRow {
  const [talk, hold, wrap] = [Number(row.talk_ms), Number(row.hold_ms), Number(row.wrap_ms)];
  return {
    callsIn: row.calls_in,
    callsOut: row.calls_out,
    answered: row.answered,
    unanswered: row.unanswered,
    answerRate: ratio(row.answered, row.calls_in),
    talkSeconds: talk / 1000,
    holdSeconds: hold / 1000,
    wrapUpSeconds: wrap / 1000,
    avgTalkSeconds: row.handled === 0 ? null : talk / row.handled / 1000,
    avgHandleSeconds: row.handled === 0 ? null : (talk + hold + wrap) / row.handled / 1000,
    avgWrapUpSeconds: row.wrapped_up === 0 ? null : wrap / row.wrapped_up / 1000,
  };
}

/*
 * One pass for the totals and three breakdowns: grouping() tells the totals row, an agent's, a
 * queue's (whose key may itself be null: direct and outbound calls) and a day's apart.
 */
const FIGURES_SQL = `
  with f as (${CALL_FACTS})
  select grouping(f.agent_id) as no_agent, grouping(f.queue) as no_queue, grouping(f.day) as no_day,
         f.agent_id, min(f.username) as username, min(f.display_name) as display_name, f.queue, f.day,
         ${CALL_FIGURES}
    from f
   group by grouping sets ((), (f.agent_id), (f.queue), (f.day))`;

const DISPOSITIONS_SQL = `
  with f as (${CALL_FACTS})
  select f.disposition_code as code, min(d.label_zh) as label, count(*)::int as calls
    from f left join disposition_codes d on d.code = f.disposition_code
   where f.wrapped
   group by f.disposition_code
   order by min(d.position) nulls last, f.disposition_code nulls last`;

interface FiguresRow extends CallFiguresSqlRow {
  no_agent: number;
  no_queue: number;
  no_day: number;
  agent_id: string | null;
  username: string | null;
  display_name: string | null;
  queue: string | null;
  day: number | null;
}

export async function callReport(db: Queryable, period: ReportPeriod, now: Date, department: string | null): Promise<CallReport> {
  const days = daysOf(period);
  const params = [period.start, period.end, department, days.map((d) => d.start)];
  const [{ rows }, dispositions] = await Promise.all([
    db.query<FiguresRow>(FIGURES_SQL, params),
    db.query<{ code: string | null; label: string | null; calls: number }>(DISPOSITIONS_SQL, params),
  ]);

  let totals = callFigures({ calls_in: 0, calls_out: 0, answered: 0, unanswered: 0, handled: 0, talk_ms: 0, hold_ms: 0, wrap_ms: 0, wrapped_up: 0 });
  const byAgent: CallReport['byAgent'] = [];
  const byQueue: CallReport['byQueue'] = [];
  const perDay = new Map<number, CallFiguresRow>();
  for (const row of rows) {
    const [noAgent, noQueue, noDay] = [Number(row.no_agent), Number(row.no_queue), Number(row.no_day)];
    if (noAgent === 1 && noQueue === 1 && noDay === 1) totals = callFigures(row);
    else if (noAgent === 0 && row.agent_id !== null) {
      byAgent.push({ userId: row.agent_id, username: row.username ?? '', displayName: row.display_name ?? '', ...callFigures(row) });
    } else if (noQueue === 0) byQueue.push({ queue: row.queue, ...callFigures(row) });
    else if (noDay === 0 && row.day !== null) perDay.set(Number(row.day), callFigures(row));
  }
  byAgent.sort((a, b) => a.username.localeCompare(b.username));
  // Queues by name, direct and outbound calls (no IVR choice) last.
  byQueue.sort((a, b) => (a.queue === null ? 1 : b.queue === null ? -1 : a.queue.localeCompare(b.queue)));

  return {
    period: { from: period.from, to: period.to, timeZone: period.timeZone },
    generatedAt: now.toISOString(),
    department,
    totals,
    byAgent,
    byQueue,
    byDisposition: dispositions.rows.map(({ code, label, calls }) => ({ code, label: code === null ? null : label, calls })),
    byDay: days.map((d, i) => {
      const figures = perDay.get(i + 1);
      return {
        date: d.date,
        callsIn: figures?.callsIn ?? 0,
        callsOut: figures?.callsOut ?? 0,
        answered: figures?.answered ?? 0,
        avgHandleSeconds: figures?.avgHandleSeconds ?? null,
      };
    }),
  };
}
