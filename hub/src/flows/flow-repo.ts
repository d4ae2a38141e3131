import type { FlowProblem, FlowUploadRequest, FlowVersionList, StoredFlow } from '../../../shared/api/flows';
import { problemMessage } from '../../../shared/flows/flow-check';
import { checkFlowSource, type FlowCheckContext } from '../../../shared/flows/flow-source';
import type { FlowDefinition } from '../../../shared/flows/flow-schema';
import type { Queryable } from '../db/db';
import { findUnstorable, isUnstorable } from '../db/storable';

/**
 * Key of the advisory lock a publication holds until it commits. Publications of the same id must
 * get consecutive versions, and two flows must not claim one trigger because they were checked at
 * the same moment; managers publish rarely, so serialising them costs nothing. Arbitrary, but it
 * must never change and must differ from the migration (879_000_001) and customer (879_000_002) locks.
 */
export const FLOW_PUBLISH_LOCK_KEY = 879_000_003;

interface FlowRow {
  id: string;
  version: number;
  title: StoredFlow['title'];
  category: StoredFlow['category'];
  triggers: StoredFlow['triggers'];
  definition: StoredFlow['definition'];
  published_at: Date;
  published_by: string;
}

const FLOW_COLUMNS = 'id, version, title, category, triggers, definition, published_at, published_by';

const toStoredFlow = (row: FlowRow): StoredFlow => ({
  id: row.id,
  version: row.version,
  title: row.title,
  category: row.category,
  triggers: row.triggers,
  definition: row.definition,
  publishedAt: new Date(row.published_at).toISOString(),
  publishedBy: row.published_by,
});

/** The version in force (the highest) of every flow, by id. */
export async function flowsInForce(db: Queryable): Promise<StoredFlow[]> {
  const { rows } = await db.query<FlowRow>(`select distinct on (id) ${FLOW_COLUMNS} from flows order by id, version desc`);
  return rows.map(toStoredFlow);
}

export async function loadFlowVersion(db: Queryable, id: string, version: number): Promise<StoredFlow | null> {
  const { rows } = await db.query<FlowRow>(`select ${FLOW_COLUMNS} from flows where id = $1 and version = $2`, [id, version]);
  return rows[0] === undefined ? null : toStoredFlow(rows[0]);
}

/** Every version of a flow, the one in force first; null when no version exists. */
export async function loadFlowVersions(db: Queryable, id: string): Promise<FlowVersionList | null> {
  const { rows } = await db.query<{ version: number; published_at: Date; published_by: string }>(
    'select version, published_at, published_by from flows where id = $1 order by version desc',
    [id],
  );
  if (rows.length === 0) return null;
  return { id, versions: rows.map((row) => ({ version: row.version, publishedAt: new Date(row.published_at).toISOString(), publishedBy: row.published_by })) };
}

/** What a flow may name: the org design's departments and the disposition codes agents can still pick. */
export async function flowCheckContext(db: Queryable): Promise<Required<FlowCheckContext>> {
  const [departments, dispositions] = await Promise.all([
    db.query<{ code: string }>('select code from departments order by code'),
    db.query<{ code: string }>('select code from disposition_codes where active order by code'),
  ]);
  return { departments: departments.rows.map((row) => row.code), dispositionCodes: dispositions.rows.map((row) => row.code) };
}

/**
 * An IVR choice or callback type opens one flow only, or the console could not tell which script a
 * call gets: a trigger another flow in force claims is refused. The flow's own earlier versions do
 * not count, since the new version replaces them.
 */
export function triggerProblems(flow: FlowDefinition, inForce: readonly Pick<StoredFlow, 'id' | 'triggers'>[]): FlowProblem[] {
  const others = inForce.filter((stored) => stored.id !== flow.id);
  const claimant = (has: (stored: Pick<StoredFlow, 'triggers'>) => boolean) => others.find(has)?.id;
  const problems: FlowProblem[] = [];
  for (const [index, choice] of (flow.triggers?.ivrChoices ?? []).entries()) {
    const owner = claimant((s) => s.triggers.ivrChoices?.includes(choice) === true);
    if (owner !== undefined) {
      problems.push({
        code: 'trigger_taken',
        stepId: null,
        path: `triggers.ivrChoices.${index}`,
        message: problemMessage(flow.id, null, `IVR choice "${choice}" already opens flow "${owner}"; take it out of that flow first`),
      });
    }
  }
  for (const [index, type] of (flow.triggers?.callbackTypes ?? []).entries()) {
    const owner = claimant((s) => s.triggers.callbackTypes?.includes(type) === true);
    if (owner !== undefined) {
      problems.push({
        code: 'trigger_taken',
        stepId: null,
        path: `triggers.callbackTypes.${index}`,
        message: problemMessage(flow.id, null, `callback type "${type}" already opens flow "${owner}"; take it out of that flow first`),
      });
    }
  }
  return problems;
}

function unstorableProblem(flow: FlowDefinition, path: string): FlowProblem {
  const index = /^steps\.(\d+)(?:\.|$)/.exec(path)?.[1];
  const stepId = index === undefined ? null : (flow.steps[Number(index)]?.id ?? null);
  const what = `${path === '' ? 'the file' : path} contains U+0000 or an unpaired surrogate, which cannot be stored`;
  return { code: 'schema', stepId, path, message: problemMessage(flow.id, stepId, what) };
}

export interface PublishInput extends FlowUploadRequest {
  /** Username of the publisher, or `system` for the library the demo seeds. */
  by: string;
  now: Date;
  /** The seed's rule: publish only a flow id that has no version yet. */
  ifAbsent?: boolean;
}

export type PublishOutcome =
  | { outcome: 'published'; flow: StoredFlow }
  | { outcome: 'exists' }
  | { outcome: 'rejected'; problems: FlowProblem[] }
  /** Another hub wrote this very version meanwhile: cannot happen under the lock, but the key says no twice. */
  | { outcome: 'conflict' };

/**
 * Checks a flow file against the format, its own graph and the center (departments, disposition
 * codes, the triggers of the flows in force) and stores it as the next version of its id. Must run
 * inside a transaction: the lock it takes lasts until commit.
 */
export async function publishFlow(tx: Queryable, input: PublishInput): Promise<PublishOutcome> {
  // A 10 MB paste is refused by its size before anything parses it (flow-source.ts).
  const checked = checkFlowSource(input.source, input.format, await flowCheckContext(tx));
  const flow = checked.flow;
  if (flow === null) return { outcome: 'rejected', problems: checked.problems };

  await tx.query('select pg_advisory_xact_lock($1)', [FLOW_PUBLISH_LOCK_KEY]);
  const { rows } = await tx.query<{ latest: number }>('select coalesce(max(version), 0)::int as latest from flows where id = $1', [flow.id]);
  const latest = rows[0]?.latest ?? 0;
  // The seed leaves a flow that exists alone, whatever triggers others have taken since; its file must still pass.
  const skip = input.ifAbsent === true && latest > 0;
  const claims = skip ? [] : (await tx.query<Pick<StoredFlow, 'id' | 'triggers'>>('select distinct on (id) id, triggers from flows order by id, version desc')).rows;
  // Every problem at once, so that the file is fixed in one pass.
  const problems = [...checked.problems, ...triggerProblems(flow, claims)];
  if (problems.length === 0) {
    const unstorable = isUnstorable(input.source) ? '' : findUnstorable(flow);
    if (unstorable !== null) problems.push(unstorableProblem(flow, unstorable));
  }
  if (problems.length > 0) return { outcome: 'rejected', problems };
  if (skip) return { outcome: 'exists' };

  const stored: StoredFlow = {
    id: flow.id,
    version: latest + 1,
    title: flow.title,
    category: flow.category,
    triggers: flow.triggers ?? {},
    definition: flow,
    publishedAt: input.now.toISOString(),
    publishedBy: input.by,
  };
  const inserted = await tx.query(
    `insert into flows (id, version, title, category, triggers, definition, source, format, published_at, published_by)
     values ($1, $2, $3::jsonb, $4, $5::jsonb, $6::jsonb, $7, $8, $9, $10) on conflict (id, version) do nothing`,
    [
      stored.id,
      stored.version,
      JSON.stringify(stored.title),
      stored.category,
      JSON.stringify(stored.triggers),
      JSON.stringify(stored.definition),
      input.source,
      input.format,
      input.now,
      input.by,
    ],
  );
  return inserted.rowCount === 0 ? { outcome: 'conflict' } : { outcome: 'published', flow: stored };
}
