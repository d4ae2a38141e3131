import type { EvaluationComment } from '../../../shared/api/qa';
import { ScorecardDefinitionSchema, type ItemScore } from '../../../shared/qa/scorecard';
import { scoreEvaluation, scorecardItems } from '../../../shared/qa/scoring';
import type { Queryable } from '../db/db';
import { stableUuid } from './prng';

/*
 * The quality room of a fresh demo (issue 9): a few of the demo floor's answered calls in the two
 * assessors' queues — some scored and submitted (one with a failed red line), one draft, one still
 * open — so that the queue, an agent's evaluations and the figures show something at once. The
 * hub's `--demo` start gives these calls the demo recording (seed/demo-recordings.ts); the comments
 * point at its moments (the overtalk at 0:19, "请稍等" before the hold, the farewell). Ids come from
 * the call, so a second run adds nothing.
 */

interface DemoReview {
  assessor: 'qa1' | 'qa2';
  reasons: string[];
  /** null: not scored yet. */
  evaluation: null | {
    submitted: boolean;
    /** Points taken off per item (full marks otherwise); a fatal item listed here failed. */
    lost: Record<string, number>;
    comments: { atMs: number; itemId: string | null; text: string }[];
    summary: string;
    response?: { status: 'acknowledged' | 'disputed'; note: string };
  };
}

const REVIEWS: readonly DemoReview[] = [
  {
    assessor: 'qa1',
    reasons: ['random'],
    evaluation: {
      submitted: true,
      lost: { accuracy: 4, recap: 2 },
      comments: [
        { atMs: 15_000, itemId: 'greeting', text: '开场规范，语气亲切。' },
        { atMs: 58_500, itemId: 'accuracy', text: '发货时间表述不够确切，应告知具体日期。' },
      ],
      summary: '整体良好，注意答复的准确性。',
      response: { status: 'acknowledged', note: '' },
    },
  },
  {
    assessor: 'qa2',
    reasons: ['complaint'],
    evaluation: {
      submitted: true,
      lost: { patience: 4, empathy: 3, hold: 2 },
      comments: [
        { atMs: 19_800, itemId: 'patience', text: '客户陈述时两次打断。' },
        { atMs: 29_600, itemId: 'hold', text: '保持前未征得客户同意。' },
      ],
      summary: '投诉电话中安抚不足，需加强同理心表达。',
    },
  },
  {
    assessor: 'qa1',
    reasons: ['random'],
    evaluation: {
      submitted: true,
      lost: { 'data-leak': 1 },
      comments: [{ atMs: 45_500, itemId: 'data-leak', text: '未核实身份即读出客户的完整收货地址。' }],
      summary: '触犯红线：泄露客户信息，本次评分为零。',
    },
  },
  {
    assessor: 'qa2',
    reasons: ['random'],
    evaluation: { submitted: false, lost: { farewell: 2 }, comments: [{ atMs: 73_000, itemId: 'farewell', text: '结束语不完整。' }], summary: '' },
  },
  { assessor: 'qa1', reasons: ['random'], evaluation: null },
];

/** Adds what is missing; answers how many evaluations it added. */
export async function insertDemoQa(tx: Queryable, now: Date): Promise<number> {
  const { rows: cards } = await tx.query<{ id: string; version: number; definition: unknown }>(
    `select id, version, definition from qa_scorecards where (id, version) = (select id, max(version) from qa_scorecards where id = 'call-quality' group by id)`,
  );
  const card = cards[0];
  if (card === undefined) return 0;
  const definition = ScorecardDefinitionSchema.parse(card.definition);
  const { rows: people } = await tx.query<{ id: string; username: string }>("select id, username from users where username in ('qa1', 'qa2')");
  const assessors = new Map(people.map((p) => [p.username, p.id]));
  const { rows: calls } = await tx.query<{ id: string; agent_id: string }>(
    `select l.id, l.agent_id from call_logs l join users u on u.id = l.agent_id
      where u.username in ('agent1', 'agent2') and l.answered_at is not null and l.status in ('ended', 'completed')
      order by l.started_at, l.id limit $1`,
    [REVIEWS.length],
  );

  let added = 0;
  for (const [index, call] of calls.entries()) {
    const plan = REVIEWS[index]!;
    const assessorId = assessors.get(plan.assessor);
    if (assessorId === undefined) continue;
    const reviewId = stableUuid(`demo-qa-review:${call.id}`);
    const inserted = await tx.query(
      `insert into qa_reviews (id, call_id, agent_id, assessor_id, reasons, run_id, calibration_id, scorecard_id, scorecard_version, sampled_at)
       values ($1, $2, $3, $4, $5::text[], null, null, $6, $7, $8) on conflict do nothing`,
      [reviewId, call.id, call.agent_id, assessorId, plan.reasons, card.id, card.version, now],
    );
    if (inserted.rowCount === 0 || plan.evaluation === null) continue;
    const { evaluation } = plan;
    const scores: ItemScore[] = scorecardItems(definition).map((item) => ({
      itemId: item.id,
      value: item.fatal ? (item.id in evaluation.lost ? 0 : 1) : item.weight - (evaluation.lost[item.id] ?? 0),
    }));
    const result = scoreEvaluation(definition, scores, { complete: true });
    const comments: EvaluationComment[] = evaluation.comments.map((comment, n) => ({ id: stableUuid(`demo-qa-comment:${call.id}:${n}`), ...comment }));
    await tx.query(
      `insert into qa_evaluations (id, review_id, version, status, scores, comments, summary, total, fatal, submitted_at,
                                   agent_response, agent_response_at, agent_response_note, created_at, updated_at)
       values ($1, $2, 1, $3, $4::jsonb, $5::jsonb, $6, $7, $8, $9, $10, $11, $12, $13, $13)`,
      [
        stableUuid(`demo-qa-evaluation:${call.id}`),
        reviewId,
        evaluation.submitted ? 'submitted' : 'draft',
        JSON.stringify(scores),
        JSON.stringify(comments),
        evaluation.summary,
        result.total,
        result.fatal,
        evaluation.submitted ? now : null,
        evaluation.response?.status ?? 'pending',
        evaluation.response === undefined ? null : now,
        evaluation.response?.note ?? '',
        now,
      ],
    );
    added += 1;
  }
  return added;
}
