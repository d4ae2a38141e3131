import { randomUUID } from 'node:crypto';
import { SAMPLE_REASONS, type SamplingRun, type SamplingRunRequest } from '../../../shared/api/qa';
import { sampleCalls, type SamplingCandidate } from '../../../shared/qa/sampling';
import type { Queryable } from '../db/db';
import { HubError } from '../http/hub-error';
import { reportPeriod } from '../reports/complaint-report';
import { readSamplingRules, scorecardForNewReviews } from './qa-config';

/*
 * A sampling run (issue 9 §4): the recorded calls of a period go through the sampling rules
 * (shared/qa/sampling.ts) and the picks become reviews, shared among the assessors named.
 */

/** Serialises runs across hub processes: two at once would draw from the same candidates. */
const SAMPLING_LOCK_KEY = 879_000_011;

/**
 * Talk and hold seconds of call log `l`, as the call figures count them (reports/call-report.ts):
 * connected from answer to end (or the last moment an interrupted call was known up), hold at
 * most that, talk the rest.
 */
export const CALL_SECONDS = `
  cross join lateral (
    select greatest(0, coalesce(extract(epoch from (coalesce(l.ended_at, (l.record->'interruption'->>'lastSeenAt')::timestamptz) - l.answered_at))::float8, 0)) as connected_s
  ) cs
  cross join lateral (select least(coalesce((l.record->>'holdSeconds')::float8, 0), cs.connected_s) as hold_s) hs`;

/*
 * Answered calls that are over, of the period [$1, $2), of agents of department $3 (null: all),
 * with a recording ready to replay (0009's recordings), never sampled before. The survey verdict is
 * the call's own (a survey call of the worklist) or, failing that, the last one taken on a callback
 * this call promised. A complaint is a complaint ticket opened from the call or linked to it.
 */
const CANDIDATES = `
  select l.id as call_id, l.agent_id, (cs.connected_s - hs.hold_s) as talk_s, hs.hold_s,
         coalesce(l.record->'callback'->'survey'->'score', to_jsonb(cb.survey_score)) as survey_score,
         coalesce((l.record->'callback'->'survey'->>'satisfied')::boolean, cb.survey_satisfied) as survey_satisfied,
         exists (
           select 1 from tickets t
            where t.kind = 'complaint'
              and (t.call_id = l.id or t.id::text in (select jsonb_array_elements_text(l.record->'ticketIds')))
         ) as complaint
    from call_logs l
    join users u on u.id = l.agent_id
    join recordings rec on rec.call_id = l.id and rec.status = 'ready'
    ${CALL_SECONDS}
    left join lateral (
      select c.survey_score, c.survey_satisfied from callbacks c
       where c.call_id = l.id and c.survey_at is not null
       order by c.survey_at desc limit 1
    ) cb on true
   where l.started_at >= $1 and l.started_at < $2
     and l.answered_at is not null and l.status <> 'live'
     and ($3::text is null or u.department_code = $3::text)
     and not exists (select 1 from qa_reviews q where q.call_id = l.id and q.calibration_id is null)`;

interface CandidateRow {
  call_id: string;
  agent_id: string;
  talk_s: number;
  hold_s: number;
  survey_score: number | string | null;
  survey_satisfied: boolean | null;
  complaint: boolean;
}

const toCandidate = (row: CandidateRow): SamplingCandidate => ({
  callId: row.call_id,
  agentId: row.agent_id,
  talkSeconds: Number(row.talk_s),
  holdSeconds: Number(row.hold_s),
  satisfaction: row.survey_satisfied === null ? null : { score: row.survey_score === null ? null : Number(row.survey_score), satisfied: row.survey_satisfied },
  complaint: row.complaint,
});

/** The named assessors, each of the qa role; a refusal names the offending entry. */
export async function checkAssessors(tx: Queryable, ids: readonly string[], field: string): Promise<{ id: string; name: string }[]> {
  const lower = ids.map((id) => id.toLowerCase());
  const { rows } = await tx.query<{ id: string; role: string; display_name: string }>('select id, role, display_name from users where id = any($1::uuid[])', [
    lower,
  ]);
  const byId = new Map(rows.map((row) => [row.id, row]));
  return lower.map((id, index) => {
    const user = byId.get(id);
    if (user === undefined) throw new HubError('validation', 400, `${field}.${index}: no user has the id ${id}`, `${field}.${index}`);
    if (user.role !== 'qa') throw new HubError('validation', 400, `${field}.${index}: ${user.display_name} is no assessor (role qa)`, `${field}.${index}`);
    return { id, name: user.display_name };
  });
}

/** Reviews not submitted yet, per assessor: who has the least to do gets the next call. */
export async function openReviewCounts(tx: Queryable, ids: readonly string[]): Promise<Map<string, number>> {
  const { rows } = await tx.query<{ assessor_id: string; n: number }>(
    `select r.assessor_id, count(*)::int as n from qa_reviews r left join qa_evaluations e on e.review_id = r.id
      where r.assessor_id = any($1::uuid[]) and (e.status is null or e.status <> 'submitted')
      group by r.assessor_id`,
    [ids],
  );
  const counts = new Map(ids.map((id) => [id, 0]));
  for (const row of rows) counts.set(row.assessor_id, row.n);
  return counts;
}

interface RunRow {
  id: string;
  from_date: string;
  to_date: string;
  seed: string;
  candidates: number;
  picked: number;
  by_reason: Record<string, number>;
  created_at: Date;
  created_by: string;
}

const RUN_COLUMNS = `id, to_char(from_date, 'YYYY-MM-DD') as from_date, to_char(to_date, 'YYYY-MM-DD') as to_date, seed, candidates, picked, by_reason, created_at, created_by`;

const toRun = (row: RunRow): SamplingRun => ({
  id: row.id,
  from: row.from_date,
  to: row.to_date,
  seed: row.seed,
  candidates: row.candidates,
  picked: row.picked,
  byReason: row.by_reason,
  createdAt: new Date(row.created_at).toISOString(),
  createdBy: row.created_by,
});

export async function listSamplingRuns(db: Queryable, limit = 100): Promise<SamplingRun[]> {
  const { rows } = await db.query<RunRow>(`select ${RUN_COLUMNS} from qa_sampling_runs order by created_at desc, id limit $1`, [limit]);
  return rows.map(toRun);
}

export async function runSampling(tx: Queryable, request: SamplingRunRequest, timeZone: string, by: string, now: Date): Promise<SamplingRun> {
  const period = reportPeriod(request.from, request.to, timeZone);
  const department = request.departmentId ?? null;
  if (department !== null && (await tx.query('select 1 from departments where code = $1', [department])).rows.length === 0) {
    throw new HubError('validation', 400, `departmentId: no department of the org design has the code "${department}"`, 'departmentId');
  }
  if (new Set(request.assessorIds.map((id) => id.toLowerCase())).size !== request.assessorIds.length) {
    throw new HubError('validation', 400, 'assessorIds: each assessor once', 'assessorIds');
  }
  const assessors = await checkAssessors(tx, request.assessorIds, 'assessorIds');
  const scorecard = await scorecardForNewReviews(tx);
  if (scorecard === null) throw new HubError('conflict', 409, 'No scorecard is active: an administrator activates one before calls are sampled');

  await tx.query('select pg_advisory_xact_lock($1)', [SAMPLING_LOCK_KEY]);
  const rules = await readSamplingRules(tx);
  const seed = request.seed ?? randomUUID();
  const { rows } = await tx.query<CandidateRow>(CANDIDATES, [period.start, period.end, department]);
  const picks = sampleCalls(rows.map(toCandidate), rules, seed);

  const byReason: Record<string, number> = {};
  for (const reason of SAMPLE_REASONS) {
    const n = picks.filter((pick) => pick.reasons.includes(reason)).length;
    if (n > 0) byReason[reason] = n;
  }
  const runId = randomUUID();
  const { rows: runRows } = await tx.query<RunRow>(
    `insert into qa_sampling_runs (id, from_date, to_date, department_code, seed, rules, candidates, picked, by_reason, created_at, created_by)
     values ($1, $2::date, $3::date, $4, $5, $6::jsonb, $7, $8, $9::jsonb, $10, $11) returning ${RUN_COLUMNS}`,
    [runId, request.from, request.to, department, seed, JSON.stringify(rules), rows.length, picks.length, JSON.stringify(byReason), now, by],
  );

  // Fewest open reviews first; ties go to the assessor named first.
  const open = await openReviewCounts(tx, assessors.map((a) => a.id));
  const reviews = picks.map((pick) => {
    let chosen = assessors[0]!.id;
    for (const assessor of assessors) if (open.get(assessor.id)! < open.get(chosen)!) chosen = assessor.id;
    open.set(chosen, open.get(chosen)! + 1);
    return { id: randomUUID(), call_id: pick.callId, agent_id: pick.agentId, assessor_id: chosen, reasons: pick.reasons };
  });
  if (reviews.length > 0) {
    await tx.query(
      `insert into qa_reviews (id, call_id, agent_id, assessor_id, reasons, run_id, calibration_id, scorecard_id, scorecard_version, sampled_at)
       select r.id, r.call_id, r.agent_id, r.assessor_id, array(select jsonb_array_elements_text(r.reasons)), $2, null, $3, $4, $5
         from jsonb_to_recordset($1::jsonb) as r (id uuid, call_id uuid, agent_id uuid, assessor_id uuid, reasons jsonb)`,
      [JSON.stringify(reviews), runId, scorecard.id, scorecard.version, now],
    );
  }
  return toRun(runRows[0]!);
}
