import type { AppDb, LocalCallLog } from '../local-db/app-db';
import { wrapUpDraftKey } from '../local-db/storage';
import { normalizeSearchText } from './call-log-model';

/*
 * What the call-log screens read. Plain async functions of the database, so that the UI can run them
 * under Dexie's liveQuery (dexie-react-hooks) and re-render when a record changes.
 */

/** Ids of the history, newest first. Ids are UUIDv7, so their order is the order the calls started. */
export async function historyIds(db: AppDb, search: string): Promise<string[]> {
  // Normalised as the keys were (searchKeysOf): a name with a space in it is found as typed.
  const query = normalizeSearchText(search);
  if (query === '') return (await db.callLogs.orderBy(':id').reverse().primaryKeys()) as string[];
  const ids = (await db.callLogs.where('searchKeys').startsWith(query).primaryKeys()) as string[];
  return [...new Set(ids)].sort((a, b) => (a < b ? 1 : a > b ? -1 : 0));
}

export async function callLogsById(db: AppDb, ids: readonly string[]): Promise<(LocalCallLog | undefined)[]> {
  return db.callLogs.bulkGet([...ids]);
}

export async function callLogById(db: AppDb, id: string): Promise<LocalCallLog | undefined> {
  return db.callLogs.get(id);
}

/**
 * Calls over and not wrapped up yet (including those a crash interrupted), oldest first. A call
 * that was never answered has nothing to wrap up, interrupted or not.
 */
export async function awaitingWrapUp(db: AppDb): Promise<LocalCallLog[]> {
  const records = await db.callLogs.where('status').anyOf('ended', 'interrupted').toArray();
  return records.filter((r) => r.wrapUp.doneAt === null && r.answeredAt !== null).sort((a, b) => a.startedAt.localeCompare(b.startedAt));
}

export interface WrapUpDraft {
  dispositionCode: string | null;
  notes: string;
}

export async function loadWrapUpDraft(db: AppDb, callId: string): Promise<WrapUpDraft | null> {
  const draft = await db.drafts.get(wrapUpDraftKey(callId));
  const value = draft?.value as Partial<WrapUpDraft> | undefined;
  if (!value || typeof value !== 'object') return null;
  return {
    dispositionCode: typeof value.dispositionCode === 'string' ? value.dispositionCode : null,
    notes: typeof value.notes === 'string' ? value.notes : '',
  };
}

export async function saveWrapUpDraft(db: AppDb, callId: string, draft: WrapUpDraft, now: number): Promise<void> {
  await db.drafts.put({ key: wrapUpDraftKey(callId), value: draft, updatedAt: now });
}

export async function deleteWrapUpDraft(db: AppDb, callId: string): Promise<void> {
  await db.drafts.delete(wrapUpDraftKey(callId));
}

/**
 * A disposition set for the agent (by the call's script) also goes into a wrap-up form already
 * begun, keeping its notes: the form's Finish would otherwise save the older choice over it.
 */
export async function setDraftDisposition(db: AppDb, callId: string, dispositionCode: string, now: number): Promise<void> {
  await db.transaction('rw', db.drafts, async () => {
    const draft = await loadWrapUpDraft(db, callId);
    if (!draft || draft.dispositionCode === dispositionCode) return;
    await saveWrapUpDraft(db, callId, { ...draft, dispositionCode }, now);
  });
}
