import { randomUUID } from 'node:crypto';
import type { Calibration, CalibrationRequest } from '../../../shared/api/qa';
import { calibrationSpread } from '../../../shared/qa/calibration';
import type { ItemScore } from '../../../shared/qa/scorecard';
import type { UserRow } from '../auth/users';
import type { Queryable } from '../db/db';
import { HubError } from '../http/hub-error';
import { QA_LEAD_ROLES, scorecardForNewReviews, scorecardVersion } from './qa-config';
import { checkAssessors } from './qa-sampling';

/*
 * Calibration (issue 9 §8): one call, one review per assessor under one calibration id, all on the
 * same scorecard version, scored blind. An assessor of it sees the others' values only once their
 * own is submitted; leads always. Calibration evaluations never reach the agent nor the figures
 * (both filter on calibration_id is null).
 */

export async function createCalibration(tx: Queryable, request: CalibrationRequest, user: UserRow, now: Date): Promise<string> {
  const callId = request.callId.toLowerCase();
  const { rows } = await tx.query<{ agent_id: string; ready: boolean }>(
    `select l.agent_id, exists (select 1 from recordings rec where rec.call_id = l.id and rec.status = 'ready') as ready
       from call_logs l where l.id = $1`,
    [callId],
  );
  const call = rows[0];
  if (call === undefined) throw new HubError('validation', 400, `callId: no call log has the id ${callId}`, 'callId');
  if (!call.ready) throw new HubError('recording_not_ready', 409, 'The call has no recording ready to replay yet', 'callId');
  const assessors = await checkAssessors(tx, request.assessorIds, 'assessorIds');
  const scorecard = await scorecardForNewReviews(tx);
  if (scorecard === null) throw new HubError('conflict', 409, 'No scorecard is active: an administrator activates one before calls are scored');
  const id = randomUUID();
  await tx.query('insert into qa_calibrations (id, call_id, created_at, created_by) values ($1, $2, $3, $4)', [id, callId, now, user.username]);
  for (const assessor of assessors) {
    await tx.query(
      `insert into qa_reviews (id, call_id, agent_id, assessor_id, reasons, run_id, calibration_id, scorecard_id, scorecard_version, sampled_at)
       values ($1, $2, $3, $4, array['manual'], null, $5, $6, $7, $8)`,
      [randomUUID(), callId, call.agent_id, assessor.id, id, scorecard.id, scorecard.version, now],
    );
  }
  return id;
}

interface CalibrationRow {
  id: string;
  call_id: string;
  created_at: Date;
  agent_name: string;
  scorecard_id: string;
  scorecard_version: number;
  assessors: { assessorId: string; name: string; status: string | null; total: number | null; scores: ItemScore[] | null }[];
}

const SELECT = `
  select k.id, k.call_id, k.created_at, min(a.display_name) as agent_name, min(r.scorecard_id) as scorecard_id, min(r.scorecard_version) as scorecard_version,
         jsonb_agg(jsonb_build_object('assessorId', r.assessor_id, 'name', s.display_name, 'status', e.status, 'total', e.total::float8, 'scores', e.scores)
                   order by s.display_name, r.assessor_id) as assessors
    from qa_calibrations k
    join qa_reviews r on r.calibration_id = k.id
    join users a on a.id = r.agent_id
    join users s on s.id = r.assessor_id
    left join qa_evaluations e on e.review_id = r.id`;

async function toCalibration(db: Queryable, row: CalibrationRow, user: UserRow): Promise<Calibration> {
  const mine = row.assessors.find((a) => a.assessorId === user.id);
  const blind = !(QA_LEAD_ROLES as readonly string[]).includes(user.role) && mine?.status !== 'submitted';
  const submitted = row.assessors.filter((a) => a.status === 'submitted');
  const card = await scorecardVersion(db, row.scorecard_id, row.scorecard_version);
  if (card === null) throw new Error(`calibration ${row.id} lost its scorecard`);
  const spread = calibrationSpread(
    card.definition,
    blind ? [] : submitted.map((a) => ({ assessorId: a.assessorId, scores: a.scores ?? [], total: a.total })),
  );
  return {
    id: row.id,
    callId: row.call_id,
    agentName: row.agent_name,
    scorecardId: row.scorecard_id,
    scorecardVersion: row.scorecard_version,
    createdAt: new Date(row.created_at).toISOString(),
    assessors: row.assessors.map((a) => ({
      assessorId: a.assessorId,
      name: a.name,
      submitted: a.status === 'submitted',
      total: blind || a.status !== 'submitted' ? null : a.total,
    })),
    items: spread.items,
    totalSpread: spread.totalSpread,
  };
}

/** The calibrations this person may see: leads all, an assessor those they take part in. */
export async function listCalibrations(db: Queryable, user: UserRow, limit = 100): Promise<Calibration[]> {
  const lead = (QA_LEAD_ROLES as readonly string[]).includes(user.role);
  const { rows } = await db.query<CalibrationRow>(
    `${SELECT}
      where $1::uuid is null or exists (select 1 from qa_reviews mine where mine.calibration_id = k.id and mine.assessor_id = $1::uuid)
      group by k.id order by k.created_at desc, k.id limit $2`,
    [lead ? null : user.id, limit],
  );
  return Promise.all(rows.map((row) => toCalibration(db, row, user)));
}

export async function readCalibration(db: Queryable, id: string, user: UserRow, options: { creator?: boolean } = {}): Promise<Calibration | null> {
  const { rows } = await db.query<CalibrationRow>(`${SELECT} where k.id = $1 group by k.id`, [id]);
  const row = rows[0];
  if (row === undefined) return null;
  const lead = (QA_LEAD_ROLES as readonly string[]).includes(user.role);
  if (!lead && options.creator !== true && !row.assessors.some((a) => a.assessorId === user.id)) return null;
  return toCalibration(db, row, user);
}
