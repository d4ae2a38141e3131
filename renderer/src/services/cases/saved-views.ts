import type { AppDb } from '../local-db/app-db';
import { readFilters, type CaseFilters } from './case-filters';

/*
 * The case list's saved views: named filters kept in the user's own IndexedDB database (one per
 * user and PC, services/local-db/app-db.ts), so each person keeps their own and a shared PC keeps
 * them apart. A name names one view: saving under a name that exists replaces its filters.
 */

export const VIEW_NAME_MAX = 40;

export interface CaseView {
  id: string;
  name: string;
  filters: CaseFilters;
}

/** The name as stored, or null when it is blank or too long. */
export function viewName(text: string): string | null {
  const name = text.trim().replace(/\s+/g, ' ');
  return name === '' || name.length > VIEW_NAME_MAX ? null : name;
}

/** Every view, by name; a view whose filters no longer read (an older console's) is left out. */
export async function listViews(db: AppDb): Promise<CaseView[]> {
  const rows = await db.caseViews.orderBy('name').toArray();
  return rows.flatMap((row) => {
    const filters = readFilters(row.filters);
    return filters === null ? [] : [{ id: row.id, name: row.name, filters }];
  });
}

/** Saves the filters under the name; the view of that name if there is one, else a new one with `newId`. */
export async function saveView(db: AppDb, name: string, filters: CaseFilters, at: { now: number; newId: string }): Promise<CaseView> {
  return db.transaction('rw', db.caseViews, async () => {
    const same = await db.caseViews.where('name').equals(name).first();
    const row = same
      ? { ...same, filters, updatedAt: at.now }
      : { id: at.newId, name, filters, createdAt: at.now, updatedAt: at.now };
    await db.caseViews.put(row);
    return { id: row.id, name, filters };
  });
}

export type RenameOutcome = 'renamed' | 'taken' | 'missing';

/** Another view of that name is not overwritten by a rename: the person is told instead. */
export async function renameView(db: AppDb, id: string, name: string, now: number): Promise<RenameOutcome> {
  return db.transaction('rw', db.caseViews, async () => {
    const row = await db.caseViews.get(id);
    if (!row) return 'missing';
    const other = await db.caseViews.where('name').equals(name).first();
    if (other && other.id !== id) return 'taken';
    await db.caseViews.put({ ...row, name, updatedAt: now });
    return 'renamed';
  });
}

export async function deleteView(db: AppDb, id: string): Promise<void> {
  await db.caseViews.delete(id);
}
