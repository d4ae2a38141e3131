import { afterEach, describe, expect, it } from 'vitest';
import { NO_FILTERS, type CaseFilters } from '../../../../../renderer/src/services/cases/case-filters';
import { deleteView, listViews, renameView, saveView, viewName } from '../../../../../renderer/src/services/cases/saved-views';
import type { AppDb } from '../../../../../renderer/src/services/local-db/app-db';
import { freshAppDb } from '../../support/call-log-builders';

const opened: AppDb[] = [];
const track = (db: AppDb) => {
  opened.push(db);
  return db;
};
afterEach(() => {
  for (const db of opened.splice(0)) db.close();
});

const overdueLogistics: CaseFilters = { ...NO_FILTERS, waitingOn: 'logistics', overdue: true, status: ['with_department'] };

describe('saved case views', () => {
  it('keeps a view in IndexedDB: the same filters come back after the database is opened again', async () => {
    const { db, reopen } = freshAppDb();
    track(db);
    await saveView(db, '物流超时', overdueLogistics, { now: 1, newId: 'v1' });
    db.close();
    const again = track(reopen());
    expect(await listViews(again)).toEqual([{ id: 'v1', name: '物流超时', filters: overdueLogistics }]);
  });

  it('replaces the filters of the view with the same name instead of adding another', async () => {
    const db = track(freshAppDb().db);
    await saveView(db, '我的', NO_FILTERS, { now: 1, newId: 'v1' });
    await saveView(db, '我的', overdueLogistics, { now: 2, newId: 'v2' });
    expect(await listViews(db)).toEqual([{ id: 'v1', name: '我的', filters: overdueLogistics }]);
  });

  it('renames a view, but not onto the name of another', async () => {
    const db = track(freshAppDb().db);
    await saveView(db, 'A', NO_FILTERS, { now: 1, newId: 'a' });
    await saveView(db, 'B', overdueLogistics, { now: 1, newId: 'b' });
    expect(await renameView(db, 'a', 'B', 2)).toBe('taken');
    expect(await renameView(db, 'a', 'C', 2)).toBe('renamed');
    expect(await renameView(db, 'gone', 'D', 2)).toBe('missing');
    expect((await listViews(db)).map((v) => [v.id, v.name])).toEqual([
      ['b', 'B'],
      ['a', 'C'],
    ]);
  });

  it('deletes a view', async () => {
    const db = track(freshAppDb().db);
    await saveView(db, 'A', NO_FILTERS, { now: 1, newId: 'a' });
    await deleteView(db, 'a');
    expect(await listViews(db)).toEqual([]);
  });

  it('leaves out a stored view whose filters no longer read', async () => {
    const db = track(freshAppDb().db);
    await db.caseViews.put({ id: 'old', name: 'old', filters: { status: ['retired_status'] }, createdAt: 0, updatedAt: 0 });
    await saveView(db, 'ok', NO_FILTERS, { now: 1, newId: 'ok' });
    expect((await listViews(db)).map((v) => v.id)).toEqual(['ok']);
  });
});

describe('viewName', () => {
  it('trims and collapses spaces, and refuses blank or overlong names', () => {
    expect(viewName('  物流   超时 ')).toBe('物流 超时');
    expect(viewName('   ')).toBeNull();
    expect(viewName('x'.repeat(41))).toBeNull();
  });
});
