import { SamplingRulesSchema, type SamplingRules } from '../../../shared/api/qa';
import type { Role } from '../../../shared/domain/roles';
import { ScorecardDefinitionSchema, type Scorecard, type ScorecardDefinition } from '../../../shared/qa/scorecard';
import type { Queryable } from '../db/db';
import { HubError } from '../http/hub-error';

/*
 * Who does what in quality assessment (common brief, "Roles"), the scorecards as versioned
 * configuration, and the center's sampling rules.
 */

/** Those who run or do the assessment: they read the queue's configuration. */
export const QA_READ_ROLES: readonly Role[] = ['qa', 'supervisor', 'manager', 'admin'];
/** Agents read the scorecards too, to understand their evaluations. */
export const SCORECARD_READ_ROLES: readonly Role[] = [...QA_READ_ROLES, 'agent', 'callback'];
/** Those who start sampling runs and calibrations. */
export const QA_WORK_ROLES: readonly Role[] = ['qa', 'supervisor', 'manager'];
/** Those who see every review and evaluation and correct submitted ones. */
export const QA_LEAD_ROLES: readonly Role[] = ['supervisor', 'manager'];
/** The evaluated: they see their own submitted evaluations and answer them. */
export const EVALUATED_ROLES: readonly Role[] = ['agent', 'callback'];

/** What a center samples until someone sets its rules (issue 9: random N per agent, more of the risky calls). */
export const DEFAULT_SAMPLING_RULES: SamplingRules = {
  randomPerAgent: 2,
  risk: [
    { kind: 'low_satisfaction', enabled: true, threshold: 2, perAgent: 0 },
    { kind: 'complaint', enabled: true, threshold: 0, perAgent: 0 },
    { kind: 'short_call', enabled: true, threshold: 20, perAgent: 2 },
    { kind: 'long_call', enabled: true, threshold: 900, perAgent: 2 },
    { kind: 'long_hold', enabled: true, threshold: 120, perAgent: 2 },
  ],
};

export async function readSamplingRules(db: Queryable): Promise<SamplingRules> {
  const { rows } = await db.query<{ sampling_rules: unknown }>('select sampling_rules from qa_settings');
  const stored = rows[0]?.sampling_rules;
  if (stored === undefined) return DEFAULT_SAMPLING_RULES;
  // Written through the schema; a row that no longer parses is an operator's hand edit, said so loudly.
  return SamplingRulesSchema.parse(stored);
}

export async function writeSamplingRules(db: Queryable, rules: SamplingRules, by: string, now: Date): Promise<void> {
  await db.query(
    `insert into qa_settings (id, sampling_rules, updated_at, updated_by) values (true, $1::jsonb, $2, $3)
     on conflict (id) do update set sampling_rules = excluded.sampling_rules, updated_at = excluded.updated_at, updated_by = excluded.updated_by`,
    [JSON.stringify(rules), now, by],
  );
}

interface ScorecardRow {
  id: string;
  version: number;
  active: boolean;
  definition: unknown;
  updated_at: Date;
}

const toScorecard = (row: ScorecardRow): Scorecard => ({
  id: row.id,
  version: row.version,
  active: row.active,
  definition: ScorecardDefinitionSchema.parse(row.definition),
  updatedAt: new Date(row.updated_at).toISOString(),
});

const LATEST = `select distinct on (id) id, version, active, definition, updated_at from qa_scorecards order by id, version desc`;

/** The active scorecards (or all of them, retired too), each at its latest version, by id. */
export async function listScorecards(db: Queryable, include: 'active' | 'all'): Promise<Scorecard[]> {
  const { rows } = await db.query<ScorecardRow>(`select * from (${LATEST}) latest ${include === 'active' ? 'where active' : ''} order by id`);
  return rows.map(toScorecard);
}

export async function scorecardVersion(db: Queryable, id: string, version: number): Promise<Scorecard | null> {
  const { rows } = await db.query<ScorecardRow>('select id, version, active, definition, updated_at from qa_scorecards where id = $1 and version = $2', [
    id,
    version,
  ]);
  return rows[0] === undefined ? null : toScorecard(rows[0]);
}

/** Stores an edit as the card's next version (the first for a new id), active. */
export async function putScorecard(tx: Queryable, id: string, definition: ScorecardDefinition, by: string, now: Date): Promise<Scorecard> {
  // Two admins saving at once: the primary key refuses the second of the same version, and the
  // lock makes the second wait and take the next number instead.
  await tx.query('select pg_advisory_xact_lock($1, hashtext($2))', [879_000_010, id]);
  const { rows } = await tx.query<ScorecardRow>(
    `insert into qa_scorecards (id, version, active, definition, updated_at, updated_by)
     select $1, coalesce(max(version), 0) + 1, true, $2::jsonb, $3, $4 from qa_scorecards where id = $1
     returning id, version, active, definition, updated_at`,
    [id, JSON.stringify(definition), now, by],
  );
  return toScorecard(rows[0]!);
}

/**
 * Retires a card (its latest version) or activates it. Activating also makes it the card new reviews
 * are scored on (scorecardForNewReviews: the one activated or edited last), which is how an admin
 * switches cards. The last active card cannot be retired: sampling would have nothing to score on.
 * Null for an unknown id.
 */
export async function setScorecardActive(tx: Queryable, id: string, active: boolean, by: string, now: Date): Promise<Scorecard | null> {
  // One lock for every change of which cards are active: two admins retiring the last two cards at
  // once must not both see the other still active.
  await tx.query('select pg_advisory_xact_lock($1)', [879_000_011]);
  const { rows } = await tx.query<ScorecardRow>(`select * from (${LATEST}) latest where id = $1`, [id]);
  const latest = rows[0];
  if (latest === undefined) return null;
  if (!active) {
    if (!latest.active) return toScorecard(latest);
    const others = await tx.query<{ n: number }>(`select count(*)::int as n from (${LATEST}) latest where active and id <> $1`, [id]);
    if ((others.rows[0]?.n ?? 0) === 0) {
      throw new HubError('conflict', 409, `${id} is the only active scorecard: activate another before retiring it, or sampling has nothing to score on`);
    }
  }
  const updated = await tx.query<ScorecardRow>(
    `update qa_scorecards set active = $3, updated_at = $4, updated_by = $5 where id = $1 and version = $2
     returning id, version, active, definition, updated_at`,
    [id, latest.version, active, now, by],
  );
  return toScorecard(updated.rows[0]!);
}

/**
 * The card new reviews are scored on: the active one, at its latest version. With several active
 * cards, the one activated or edited last (a center that adds or switches on a card means to use it).
 */
export async function scorecardForNewReviews(db: Queryable): Promise<{ id: string; version: number } | null> {
  const { rows } = await db.query<{ id: string; version: number }>(
    `select id, version from (${LATEST}) latest where active order by updated_at desc, id limit 1`,
  );
  return rows[0] ?? null;
}
