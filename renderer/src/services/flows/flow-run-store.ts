import Dexie from 'dexie';
import type { AppDb, LocalFlowAction, LocalFlowRun } from '../local-db/app-db';

/*
 * The scripts followed on calls, in IndexedDB: a run and the actions its step requested are written
 * in one transaction, before the screen shows the step after it (write-ahead), so a reload or a
 * crash resumes at the same step with every answer and never loses or repeats an action.
 */

/** A run's new state and the actions it requested with it: both or neither. */
export async function saveRun(db: AppDb, row: LocalFlowRun, actions: readonly LocalFlowAction[] = []): Promise<void> {
  if (actions.length === 0) {
    await db.flowRuns.put(row);
    return;
  }
  await db.transaction('rw', db.flowRuns, db.flowActions, async () => {
    await Promise.all([db.flowRuns.put(row), db.flowActions.bulkPut([...actions])]);
  });
}

/** Every action of a run, in the order it was requested. */
export async function runActions(db: AppDb, runId: string): Promise<LocalFlowAction[]> {
  return db.flowActions.where('[runId+seq]').between([runId, Dexie.minKey], [runId, Dexie.maxKey]).toArray();
}

export async function putAction(db: AppDb, row: LocalFlowAction): Promise<void> {
  await db.flowActions.put(row);
}

/** A saved run's callback task; a row written before runs knew theirs has none. */
export const callbackTaskOf = (row: Pick<LocalFlowRun, 'callbackTaskId'>): string | null => row.callbackTaskId ?? null;

/** A row as IndexedDB gave it is trusted only as far as the runner needs it. */
function isSoundRun(row: LocalFlowRun | undefined): row is LocalFlowRun {
  const run = row?.run;
  return (
    typeof run === 'object' &&
    run !== null &&
    typeof run.flowId === 'string' &&
    typeof run.flowVersion === 'number' &&
    typeof run.stepId === 'string' &&
    Array.isArray(run.trail) &&
    typeof run.answers === 'object' &&
    run.answers !== null &&
    Array.isArray(run.requested)
  );
}

const newestFirst = (a: LocalFlowRun, b: LocalFlowRun): number => b.run.startedAt.localeCompare(a.run.startedAt) || b.updatedAt - a.updatedAt;

/** The script a call follows now: its newest run (a switch of script starts another). */
export async function currentRunOfCall(db: AppDb, callId: string): Promise<LocalFlowRun | null> {
  const rows = (await db.flowRuns.where('callId').equals(callId).toArray()).filter(isSoundRun);
  return rows.sort(newestFirst)[0] ?? null;
}

/**
 * The runs a console resumes at start: each call's current run if it is still running, or completed
 * while its call has not been wrapped up yet (the summary stays beside the wrap-up).
 */
export async function resumableRuns(db: AppDb): Promise<LocalFlowRun[]> {
  const open = await db.flowRuns.where('status').anyOf('running', 'completed').toArray();
  const callIds = [...new Set(open.map((r) => r.callId))];
  if (callIds.length === 0) return [];
  const [all, logs] = await Promise.all([db.flowRuns.where('callId').anyOf(callIds).toArray(), db.callLogs.bulkGet(callIds)]);
  const wrappedUp = new Set(logs.flatMap((log) => (log && log.status === 'completed' ? [log.id] : [])));
  const current = new Map<string, LocalFlowRun>();
  for (const row of all.filter(isSoundRun).sort(newestFirst)) if (!current.has(row.callId)) current.set(row.callId, row);
  return [...current.values()].filter((row) => row.status === 'running' || (row.status === 'completed' && !wrappedUp.has(row.callId) && logs.some((l) => l?.id === row.callId)));
}
