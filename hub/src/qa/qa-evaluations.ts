import { randomUUID } from 'node:crypto';
import type { StoredCallLog, CallLogRecord } from '../../../shared/api/call-logs';
import type { HubEvent } from '../../../shared/api/events';
import type {
  AgentResponseRequest,
  Evaluation,
  EvaluationCorrectionRequest,
  EvaluationSaveRequest,
  Review,
  ReviewDetail,
  SampleReason,
} from '../../../shared/api/qa';
import type { ItemScore, ScorecardDefinition } from '../../../shared/qa/scorecard';
import { scoreEvaluation, scorecardItems, type ScoreProblem } from '../../../shared/qa/scoring';
import type { UserRow } from '../auth/users';
import type { Queryable } from '../db/db';
import { HubError } from '../http/hub-error';
import { CALL_SECONDS } from './qa-sampling';
import { QA_LEAD_ROLES, scorecardVersion } from './qa-config';

/*
 * The review queue and the evaluations (issue 9 §6–7). Who sees what:
 * - an assessor (qa) their own reviews and evaluations, and others' submitted ones outside calibration;
 * - supervisors and managers everything, and they alone correct a submitted evaluation (audited);
 * - the evaluated agent their own submitted evaluations outside calibration, nothing else — anything
 *   else answers 404, so an agent cannot even learn that another agent's evaluation exists.
 */

const iso = (value: Date | string | null): string | null => (value === null ? null : new Date(value).toISOString());
const isLead = (user: UserRow): boolean => (QA_LEAD_ROLES as readonly string[]).includes(user.role);

// ── reviews ──────────────────────────────────────────────────────────────────

const REVIEW_SELECT = `
  select r.id, r.call_id, r.agent_id, a.display_name as agent_name, l.started_at, l.direction, l.remote_number,
         (cs.connected_s - hs.hold_s) as talk_s, r.reasons, r.assessor_id, s.display_name as assessor_name,
         coalesce(e.status, 'open') as status, r.calibration_id, e.id as evaluation_id, r.sampled_at,
         r.scorecard_id, r.scorecard_version
    from qa_reviews r
    join call_logs l on l.id = r.call_id
    join users a on a.id = r.agent_id
    join users s on s.id = r.assessor_id
    left join qa_evaluations e on e.review_id = r.id
    ${CALL_SECONDS}`;

interface ReviewRow {
  id: string;
  call_id: string;
  agent_id: string;
  agent_name: string;
  started_at: Date;
  direction: 'inbound' | 'outbound';
  remote_number: string | null;
  talk_s: number;
  reasons: string[];
  assessor_id: string;
  assessor_name: string;
  status: Review['status'];
  calibration_id: string | null;
  evaluation_id: string | null;
  sampled_at: Date;
  scorecard_id: string;
  scorecard_version: number;
}

const toReview = (row: ReviewRow): Review => ({
  id: row.id,
  callId: row.call_id,
  agentId: row.agent_id,
  agentName: row.agent_name,
  callStartedAt: iso(row.started_at)!,
  direction: row.direction,
  remoteNumber: row.remote_number,
  talkSeconds: Number(row.talk_s),
  reasons: row.reasons as SampleReason[],
  assessorId: row.assessor_id,
  assessorName: row.assessor_name,
  status: row.status,
  calibrationId: row.calibration_id,
  evaluationId: row.evaluation_id,
  sampledAt: iso(row.sampled_at)!,
});

export interface ReviewFilter {
  /** Only this assessor's; null: everyone's. */
  assessorId: string | null;
  status: Review['status'] | null;
  limit: number;
}

/** The queue: open and draft reviews first, then by the call's start. */
export async function listReviews(db: Queryable, filter: ReviewFilter): Promise<Review[]> {
  const { rows } = await db.query<ReviewRow>(
    `${REVIEW_SELECT}
      where ($1::uuid is null or r.assessor_id = $1::uuid) and ($2::text is null or coalesce(e.status, 'open') = $2::text)
      order by (e.status = 'submitted') nulls first, l.started_at, r.id
      limit $3`,
    [filter.assessorId, filter.status, filter.limit],
  );
  return rows.map(toReview);
}

async function findReview(db: Queryable, id: string): Promise<ReviewRow | null> {
  const { rows } = await db.query<ReviewRow>(`${REVIEW_SELECT} where r.id = $1`, [id]);
  return rows[0] ?? null;
}

/** A review as its assessor or a lead reads it; null (404) for anyone else. */
export async function reviewDetail(db: Queryable, id: string, user: UserRow): Promise<ReviewDetail | null> {
  const row = await findReview(db, id);
  if (row === null || (!isLead(user) && row.assessor_id !== user.id)) return null;
  const [call, scorecard, evaluation] = await Promise.all([
    loadCall(db, row.call_id),
    scorecardVersion(db, row.scorecard_id, row.scorecard_version),
    row.evaluation_id === null ? Promise.resolve(null) : loadEvaluation(db, row.evaluation_id),
  ]);
  if (call === null || scorecard === null) throw new Error(`review ${id} lost its call log or scorecard`);
  return { review: toReview(row), call, scorecard, evaluation };
}

async function loadCall(db: Queryable, id: string): Promise<StoredCallLog | null> {
  const { rows } = await db.query<{ record: CallLogRecord; agent_id: string; agent_name: string; received_at: Date; updated_at: Date }>(
    `select c.record, c.agent_id, u.display_name as agent_name, c.received_at, c.updated_at
       from call_logs c join users u on u.id = c.agent_id where c.id = $1`,
    [id],
  );
  const row = rows[0];
  if (row === undefined) return null;
  return {
    ...row.record,
    callback: row.record.callback ?? null,
    agentId: row.agent_id,
    agentName: row.agent_name,
    receivedAt: iso(row.received_at)!,
    updatedAt: iso(row.updated_at)!,
  };
}

// ── evaluations ──────────────────────────────────────────────────────────────

const EVALUATION_SELECT = `
  select e.id, e.review_id, r.call_id, r.agent_id, a.display_name as agent_name, r.assessor_id, s.display_name as assessor_name,
         r.scorecard_id, r.scorecard_version, e.status, e.scores, e.comments, e.summary, e.total::float8 as total, e.fatal,
         r.calibration_id, e.version, e.submitted_at, e.agent_response, e.agent_response_at, e.agent_response_note, e.updated_at,
         coalesce((
           select jsonb_agg(jsonb_build_object('at', c.at, 'byUserId', c.by_user_id, 'byName', b.display_name, 'reason', c.reason,
                                               'changes', c.changes, 'totalBefore', c.total_before::float8, 'totalAfter', c.total_after::float8)
                            order by c.at, c.id)
             from qa_evaluation_corrections c join users b on b.id = c.by_user_id
            where c.evaluation_id = e.id
         ), '[]'::jsonb) as corrections
    from qa_evaluations e
    join qa_reviews r on r.id = e.review_id
    join users a on a.id = r.agent_id
    join users s on s.id = r.assessor_id`;

interface EvaluationRow {
  id: string;
  review_id: string;
  call_id: string;
  agent_id: string;
  agent_name: string;
  assessor_id: string;
  assessor_name: string;
  scorecard_id: string;
  scorecard_version: number;
  status: 'draft' | 'submitted';
  scores: Evaluation['scores'];
  comments: Evaluation['comments'];
  summary: string;
  total: number | null;
  fatal: boolean;
  calibration_id: string | null;
  version: number;
  submitted_at: Date | null;
  agent_response: Evaluation['agentResponse']['status'];
  agent_response_at: Date | null;
  agent_response_note: string;
  updated_at: Date;
  corrections: (Omit<Evaluation['corrections'][number], 'at'> & { at: string })[];
}

const toEvaluation = (row: EvaluationRow): Evaluation => ({
  id: row.id,
  reviewId: row.review_id,
  callId: row.call_id,
  agentId: row.agent_id,
  agentName: row.agent_name,
  assessorId: row.assessor_id,
  assessorName: row.assessor_name,
  scorecardId: row.scorecard_id,
  scorecardVersion: row.scorecard_version,
  status: row.status,
  scores: row.scores,
  comments: row.comments,
  summary: row.summary,
  total: row.total === null ? null : Number(row.total),
  fatal: row.fatal,
  calibrationId: row.calibration_id,
  version: row.version,
  submittedAt: iso(row.submitted_at),
  agentResponse: { status: row.agent_response, at: iso(row.agent_response_at), note: row.agent_response_note },
  corrections: row.corrections.map((c) => ({ ...c, at: iso(c.at)! })),
  updatedAt: iso(row.updated_at)!,
});

async function loadEvaluation(db: Queryable, id: string): Promise<Evaluation | null> {
  const { rows } = await db.query<EvaluationRow>(`${EVALUATION_SELECT} where e.id = $1`, [id]);
  return rows[0] === undefined ? null : toEvaluation(rows[0]);
}

/** Whether this person may read this evaluation (see the top of the file). */
export function mayRead(user: UserRow, evaluation: Pick<Evaluation, 'agentId' | 'assessorId' | 'status' | 'calibrationId'>): boolean {
  if (isLead(user)) return true;
  const released = evaluation.status === 'submitted' && evaluation.calibrationId === null;
  if (user.role === 'qa') return evaluation.assessorId === user.id || released;
  if (user.role === 'agent' || user.role === 'callback') return evaluation.agentId === user.id && released;
  return false;
}

/** One evaluation for this reader; null (404) when they may not see it, as when it does not exist. */
export async function readEvaluation(db: Queryable, id: string, user: UserRow): Promise<Evaluation | null> {
  const evaluation = await loadEvaluation(db, id);
  return evaluation !== null && mayRead(user, evaluation) ? evaluation : null;
}

export interface EvaluationFilter {
  agentId: string | null;
  /** The call's start: [start, end). */
  start: Date | null;
  end: Date | null;
  limit: number;
}

/**
 * Evaluations outside calibration, newest call first: the evaluated see their own submitted ones
 * (whatever agent they ask for), assessors also their own drafts, leads every submitted one.
 */
export async function listEvaluations(db: Queryable, filter: EvaluationFilter, user: UserRow): Promise<Evaluation[]> {
  const evaluated = user.role === 'agent' || user.role === 'callback';
  const { rows } = await db.query<EvaluationRow>(
    `${EVALUATION_SELECT}
     join call_logs l on l.id = r.call_id
     where r.calibration_id is null
       and ($1::uuid is null or r.agent_id = $1::uuid)
       and ($2::timestamptz is null or l.started_at >= $2::timestamptz)
       and ($3::timestamptz is null or l.started_at < $3::timestamptz)
       and (e.status = 'submitted' or r.assessor_id = $4::uuid)
     order by l.started_at desc, e.id
     limit $5`,
    [evaluated ? user.id : filter.agentId, filter.start, filter.end, user.role === 'qa' ? user.id : null, filter.limit],
  );
  return rows.map(toEvaluation);
}

// ── writing ──────────────────────────────────────────────────────────────────

const problemField = (problem: ScoreProblem): string => (problem.index === null ? 'scores' : `scores.${problem.index}`);

function refuseProblems(problems: readonly ScoreProblem[]): void {
  const first = problems[0];
  if (first !== undefined) throw new HubError('validation', 400, `${problemField(first)}: ${first.message}`, problemField(first));
}

async function definitionOf(tx: Queryable, id: string, version: number): Promise<ScorecardDefinition> {
  const card = await scorecardVersion(tx, id, version);
  if (card === null) throw new Error(`scorecard ${id} v${version} is gone`);
  return card.definition;
}

function checkComments(definition: ScorecardDefinition, comments: EvaluationSaveRequest['comments']): void {
  const items = new Set(scorecardItems(definition).map((item) => item.id));
  const ids = new Set<string>();
  comments.forEach((comment, index) => {
    if (ids.has(comment.id.toLowerCase())) throw new HubError('validation', 400, `comments.${index}.id: used twice`, `comments.${index}.id`);
    ids.add(comment.id.toLowerCase());
    if (comment.itemId !== null && !items.has(comment.itemId)) {
      throw new HubError('validation', 400, `comments.${index}.itemId: "${comment.itemId}" is no item of this scorecard`, `comments.${index}.itemId`);
    }
  });
}

/**
 * Saves the assessor's draft or submits it. Only the assigned assessor writes; a submitted
 * evaluation is read-only (409 read_only: corrections are the leads', with a reason); a save over a
 * version the assessor did not read is refused (409 stale_version). Submitting needs every item
 * scored or marked n/a (null) explicitly.
 */
export async function saveEvaluation(tx: Queryable, reviewId: string, body: EvaluationSaveRequest, user: UserRow, now: Date): Promise<{ evaluation: Evaluation; created: boolean }> {
  const { rows } = await tx.query<{ assessor_id: string; scorecard_id: string; scorecard_version: number }>(
    'select assessor_id, scorecard_id, scorecard_version from qa_reviews where id = $1 for update',
    [reviewId],
  );
  const review = rows[0];
  if (review === undefined) throw new HubError('not_found', 404, 'No such review');
  if (review.assessor_id !== user.id) throw new HubError('forbidden', 403, 'Only the assessor the review is assigned to scores it');
  const { rows: existing } = await tx.query<{ id: string; status: string; version: number }>(
    'select id, status, version from qa_evaluations where review_id = $1 for update',
    [reviewId],
  );
  const stored = existing[0];
  if (stored?.status === 'submitted') throw new HubError('read_only', 409, 'This evaluation was submitted and is read-only; a supervisor can correct it, with a reason');
  const current = stored?.version ?? 0;
  if (body.expectedVersion !== current) {
    throw new HubError('stale_version', 409, `The evaluation is at version ${current}, not ${body.expectedVersion}: read it again`, 'expectedVersion');
  }
  const definition = await definitionOf(tx, review.scorecard_id, review.scorecard_version);
  const result = scoreEvaluation(definition, body.scores, { complete: body.submit });
  refuseProblems(result.problems);
  checkComments(definition, body.comments);
  const id = stored?.id ?? randomUUID();
  const comments = body.comments.map((comment) => ({ ...comment, id: comment.id.toLowerCase() }));
  await tx.query(
    `insert into qa_evaluations (id, review_id, version, status, scores, comments, summary, total, fatal, submitted_at, created_at, updated_at)
     values ($1, $2, $3, $4, $5::jsonb, $6::jsonb, $7, $8, $9, $10, $11, $11)
     on conflict (id) do update set version = excluded.version, status = excluded.status, scores = excluded.scores,
       comments = excluded.comments, summary = excluded.summary, total = excluded.total, fatal = excluded.fatal,
       submitted_at = excluded.submitted_at, updated_at = excluded.updated_at`,
    [id, reviewId, current + 1, body.submit ? 'submitted' : 'draft', JSON.stringify(body.scores), JSON.stringify(comments), body.summary, result.total, result.fatal, body.submit ? now : null, now],
  );
  return { evaluation: (await loadEvaluation(tx, id))!, created: stored === undefined };
}

/**
 * A lead's correction of a submitted evaluation: the listed items get new values, the total is
 * computed again, and the audit row keeps who, when, why, each change and the totals. The agent's
 * response set aside goes into the audit row and the agent is asked again (pending): they answered
 * a different evaluation.
 */
export async function correctEvaluation(tx: Queryable, id: string, body: EvaluationCorrectionRequest, user: UserRow, now: Date): Promise<Evaluation> {
  const { rows } = await tx.query<{ status: string; version: number; scores: ItemScore[]; total: number | null; scorecard_id: string; scorecard_version: number; agent_response: string; agent_response_at: Date | null; agent_response_note: string }>(
    `select e.status, e.version, e.scores, e.total::float8 as total, r.scorecard_id, r.scorecard_version, e.agent_response, e.agent_response_at, e.agent_response_note
       from qa_evaluations e join qa_reviews r on r.id = e.review_id where e.id = $1 for update of e`,
    [id],
  );
  const stored = rows[0];
  if (stored === undefined) throw new HubError('not_found', 404, 'No such evaluation');
  if (stored.status !== 'submitted') throw new HubError('conflict', 409, 'A draft is its assessor\'s to change; corrections are for submitted evaluations');
  if (stored.version !== body.expectedVersion) {
    throw new HubError('stale_version', 409, `The evaluation is at version ${stored.version}, not ${body.expectedVersion}: read it again`, 'expectedVersion');
  }
  const definition = await definitionOf(tx, stored.scorecard_id, stored.scorecard_version);
  refuseProblems(scoreEvaluation(definition, body.scores).problems);
  const before = new Map(stored.scores.map((score) => [score.itemId, score.value]));
  const changes = body.scores
    .filter((score) => before.get(score.itemId) !== score.value)
    .map((score) => ({ itemId: score.itemId, from: before.get(score.itemId) ?? null, to: score.value }));
  if (changes.length === 0) throw new HubError('validation', 400, 'scores: the correction changes no score', 'scores');
  const after = new Map(before);
  for (const score of body.scores) after.set(score.itemId, score.value);
  const scores = scorecardItems(definition)
    .filter((item) => after.has(item.id))
    .map((item) => ({ itemId: item.id, value: after.get(item.id)! }));
  const result = scoreEvaluation(definition, scores, { complete: true });
  refuseProblems(result.problems);
  const responseBefore = { status: stored.agent_response, at: iso(stored.agent_response_at), note: stored.agent_response_note };
  await tx.query(
    `insert into qa_evaluation_corrections (id, evaluation_id, at, by_user_id, reason, changes, total_before, total_after, version_after, response_before)
     values ($1, $2, $3, $4, $5, $6::jsonb, $7, $8, $9, $10::jsonb)`,
    [randomUUID(), id, now, user.id, body.reason, JSON.stringify(changes), stored.total, result.total, stored.version + 1, JSON.stringify(responseBefore)],
  );
  await tx.query(
    `update qa_evaluations set scores = $2::jsonb, total = $3, fatal = $4, version = version + 1, updated_at = $5,
            agent_response = 'pending', agent_response_at = null, agent_response_note = ''
      where id = $1`,
    [id, JSON.stringify(scores), result.total, result.fatal, now],
  );
  return (await loadEvaluation(tx, id))!;
}

/**
 * The evaluated agent acknowledges or disputes, once (a correction asks again). A dispute is
 * told to the assessor as a notification, announced after the commit.
 */
export async function respondToEvaluation(
  tx: Queryable,
  id: string,
  body: AgentResponseRequest,
  user: UserRow,
  now: Date,
  events: HubEvent[],
): Promise<Evaluation> {
  await tx.query('select 1 from qa_evaluations where id = $1 for update', [id]);
  const evaluation = await loadEvaluation(tx, id);
  if (evaluation === null || evaluation.agentId !== user.id || !mayRead(user, evaluation)) throw new HubError('not_found', 404, 'No such evaluation');
  if (evaluation.agentResponse.status !== 'pending') {
    throw new HubError('conflict', 409, `This evaluation was ${evaluation.agentResponse.status} already`);
  }
  await tx.query('update qa_evaluations set agent_response = $2, agent_response_at = $3, agent_response_note = $4 where id = $1', [
    id,
    body.status,
    now,
    body.note,
  ]);
  if (body.status === 'disputed') {
    const { rows } = await tx.query<{ username: string; department_code: string | null }>('select username, department_code from users where id = $1', [
      evaluation.assessorId,
    ]);
    const assessor = rows[0];
    if (assessor !== undefined) {
      const notificationId = randomUUID();
      const departmentCode = assessor.department_code ?? 'quality';
      const message = `质检申诉：${evaluation.agentName} 对评分提出异议（${evaluation.total ?? '—'} 分）：${body.note}`.slice(0, 500);
      await tx.query(
        `insert into notifications (id, department_code, username, message, urgent, ticket_id, call_id, created_at, created_by, request_hash)
         values ($1, $2, $3, $4, false, null, $5, $6, $7, null)`,
        [notificationId, departmentCode, assessor.username, message, evaluation.callId, now, user.username],
      );
      events.push({ type: 'notification.created', notificationId, departmentCode, username: assessor.username, ticketId: null, urgent: false, at: now.toISOString() });
    }
  }
  return (await loadEvaluation(tx, id))!;
}
