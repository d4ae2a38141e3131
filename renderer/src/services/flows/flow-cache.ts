import { StoredFlowSchema, type StoredFlow } from '../../../../shared/api/flows';
import type { AppDb, CachedFlow } from '../local-db/app-db';

/*
 * The local copy of the hub's scripts (flows), for calls with the hub down. Every version the hub
 * listed is kept in `flows` by [id+version]; so is every version a saved run follows, so that a call
 * finishes on the version it started with whatever has been published since. Which version of each
 * flow is in force (the catalog) is the hub's last list, kept in `meta`.
 *
 * Rows are plain data from IndexedDB: each one is checked with the hub's schema again when read, and
 * one that does not pass (a half-written row, a downgrade) is skipped and reported, never thrown.
 */

/** `meta` key of the hub's last list: which versions are in force, and when it was fetched. */
export const FLOW_CATALOG_META_KEY = 'flows.catalog';

export interface FlowCatalogMeta {
  listed: Array<{ id: string; version: number }>;
  /** ms since epoch: when the local copy last matched the hub. */
  syncedAt: number;
}

export interface CorruptFlowRow {
  id: string;
  version: number;
  message: string;
}

export interface FlowCatalogRead {
  /** The version in force of each listed flow, by the order the hub listed them. */
  flows: StoredFlow[];
  syncedAt: number | null;
  corrupt: CorruptFlowRow[];
}

function checkRow(row: CachedFlow): { flow: StoredFlow } | { corrupt: CorruptFlowRow } {
  const parsed = StoredFlowSchema.safeParse(row.value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue && issue.path.length > 0 ? ` at ${issue.path.join('.')}` : '';
    return { corrupt: { id: row.id, version: row.version, message: `${issue?.message ?? 'schema mismatch'}${where}` } };
  }
  // A row stored under another key than its content says is not the version it claims to be.
  if (parsed.data.id !== row.id || parsed.data.version !== row.version) {
    return { corrupt: { id: row.id, version: row.version, message: `holds ${parsed.data.id} version ${parsed.data.version}` } };
  }
  return { flow: parsed.data };
}

function readMeta(value: unknown): FlowCatalogMeta | null {
  if (typeof value !== 'object' || value === null) return null;
  const meta = value as Partial<FlowCatalogMeta>;
  if (!Array.isArray(meta.listed) || typeof meta.syncedAt !== 'number') return null;
  const listed = meta.listed.filter(
    (e): e is { id: string; version: number } => typeof e === 'object' && e !== null && typeof e.id === 'string' && typeof e.version === 'number',
  );
  return { listed, syncedAt: meta.syncedAt };
}

export async function readCatalogMeta(db: AppDb): Promise<FlowCatalogMeta | null> {
  return readMeta((await db.meta.get(FLOW_CATALOG_META_KEY))?.value);
}

/**
 * The catalog: for each flow of the hub's last list, the version it listed, or — when that row is
 * corrupt — the highest earlier version that is sound (the previous version stays in force).
 */
export async function readFlowCatalog(db: AppDb): Promise<FlowCatalogRead> {
  const meta = await readCatalogMeta(db);
  if (!meta) return { flows: [], syncedAt: null, corrupt: [] };
  const flows: StoredFlow[] = [];
  const corrupt: CorruptFlowRow[] = [];
  for (const entry of meta.listed) {
    const rows = await db.flows.where('id').equals(entry.id).toArray();
    const candidates = rows.filter((r) => r.version <= entry.version).sort((a, b) => b.version - a.version);
    for (const row of candidates) {
      const checked = checkRow(row);
      if ('flow' in checked) {
        flows.push(checked.flow);
        break;
      }
      corrupt.push(checked.corrupt);
    }
  }
  return { flows, syncedAt: meta.syncedAt, corrupt };
}

/** One version, as a saved run needs it; null when it is not here or does not pass the schema. */
export async function readFlowVersion(db: AppDb, id: string, version: number): Promise<{ flow: StoredFlow | null; corrupt: CorruptFlowRow | null }> {
  const row = await db.flows.get([id, version]);
  if (!row) return { flow: null, corrupt: null };
  const checked = checkRow(row);
  return 'flow' in checked ? { flow: checked.flow, corrupt: null } : { flow: null, corrupt: checked.corrupt };
}

/** A version fetched for a saved run (its row was lost): kept beside the others. */
export async function cacheFlowVersion(db: AppDb, flow: StoredFlow): Promise<void> {
  await db.flows.put({ id: flow.id, version: flow.version, value: flow });
}

export interface StoreHubFlowsResult {
  stored: number;
  pruned: number;
}

/**
 * The hub's list becomes the catalog, in one transaction with the rows: a crash in between leaves
 * the previous catalog whole. `keep` names flows whose new version was refused: their previous
 * listing stays in force. Versions neither listed nor followed by a saved run are removed; a flow
 * the hub no longer lists leaves the catalog (its rows stay only while a run follows them).
 */
export async function storeHubFlows(db: AppDb, flows: readonly StoredFlow[], now: number, keep: readonly string[] = []): Promise<StoreHubFlowsResult> {
  return db.transaction('rw', db.flows, db.meta, db.flowRuns, async () => {
    const previous = await readCatalogMeta(db);
    const kept = (previous?.listed ?? []).filter((e) => keep.includes(e.id));
    const listed = [...flows.map((f) => ({ id: f.id, version: f.version })), ...kept.filter((k) => !flows.some((f) => f.id === k.id))];
    const wanted = new Set(listed.map((e) => `${e.id}@${e.version}`));
    // Every version a saved run follows, whatever its state: a reload may still resume it.
    await db.flowRuns.each((r) => {
      if (r.run) wanted.add(`${r.run.flowId}@${r.run.flowVersion}`);
    });
    // Earlier versions of a refused flow stay too: one of them may be what is in force.
    const keys = (await db.flows.toCollection().primaryKeys()) as Array<[string, number]>;
    const stale = keys.filter(([id, version]) => !wanted.has(`${id}@${version}`) && !kept.some((k) => k.id === id && version <= k.version));
    await db.flows.bulkPut(flows.map((f) => ({ id: f.id, version: f.version, value: f })));
    await db.flows.bulkDelete(stale);
    await db.meta.put({ key: FLOW_CATALOG_META_KEY, value: { listed, syncedAt: now } satisfies FlowCatalogMeta });
    return { stored: flows.length, pruned: stale.length };
  });
}
