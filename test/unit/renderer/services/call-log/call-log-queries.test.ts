import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createCallLog, finishWrapUp, markInterrupted } from '../../../../../renderer/src/services/call-log/call-log-model';
import {
  awaitingWrapUp,
  deleteWrapUpDraft,
  historyIds,
  loadWrapUpDraft,
  saveWrapUpDraft,
} from '../../../../../renderer/src/services/call-log/call-log-queries';
import type { AppDb } from '../../../../../renderer/src/services/local-db/app-db';
import { T0, callId, callSnapshot, freshAppDb } from '../../support/call-log-builders';

let db: AppDb;

beforeEach(async () => {
  db = freshAppDb().db;
  await db.open();
});

afterEach(() => db.close());

const ended = (n: number, remote: { number: string | null; displayName: string }) =>
  createCallLog(
    callSnapshot({ id: callId(n), startedAt: T0 + n * 60_000, remote, state: 'ended', answeredAt: T0 + n * 60_000 + 5_000, endedAt: T0 + n * 60_000 + 30_000, endedBy: 'remote', endCause: 'BYE' }),
    T0 + n * 60_000 + 30_000,
  );

describe('historyIds', () => {
  beforeEach(async () => {
    await db.callLogs.bulkPut([
      ended(1, { number: '13800138000', displayName: 'Wang Li' }),
      ended(2, { number: '13900139000', displayName: '王先生' }),
      ended(3, { number: null, displayName: '' }),
    ]);
  });

  it('lists every call, newest first, without a search', async () => {
    await expect(historyIds(db, '  ')).resolves.toEqual([callId(3), callId(2), callId(1)]);
  });

  it('finds calls by any part of the number, typed with spaces or dashes', async () => {
    await expect(historyIds(db, '0013')).resolves.toEqual([callId(2), callId(1)]);
    await expect(historyIds(db, '138 0013-8000')).resolves.toEqual([callId(1)]);
  });

  it('finds calls by any part of the name, in any case and with its spaces', async () => {
    await expect(historyIds(db, 'wang li')).resolves.toEqual([callId(1)]);
    await expect(historyIds(db, 'G L')).resolves.toEqual([callId(1)]);
    await expect(historyIds(db, '先生')).resolves.toEqual([callId(2)]);
    await expect(historyIds(db, 'zhang')).resolves.toEqual([]);
  });
});

describe('awaitingWrapUp', () => {
  it('lists answered calls that ended or were interrupted and are not wrapped up yet, oldest first', async () => {
    const live = createCallLog(callSnapshot({ id: callId(4), startedAt: T0 }), T0);
    await db.callLogs.bulkPut([
      ended(3, { number: '1', displayName: '' }),
      markInterrupted(createCallLog(callSnapshot({ id: callId(2), startedAt: T0 + 1_000, state: 'talking', answeredAt: T0 + 2_000 }), T0 + 2_000), T0 + 500_000),
      // Rang and was cut off before anyone answered: nothing to wrap up.
      markInterrupted(createCallLog(callSnapshot({ id: callId(5), startedAt: T0 + 1_500 }), T0 + 1_500), T0 + 500_000),
      finishWrapUp(ended(1, { number: '1', displayName: '' }), { dispositionCode: 'resolved' }, T0 + 600_000),
      live,
    ]);
    await expect(awaitingWrapUp(db).then((list) => list.map((r) => r.id))).resolves.toEqual([callId(2), callId(3)]);
  });
});

describe('wrap-up drafts', () => {
  it('restores a saved draft and forgets it once deleted', async () => {
    await saveWrapUpDraft(db, callId(1), { dispositionCode: 'resolved', notes: '还没写完' }, T0);
    await expect(loadWrapUpDraft(db, callId(1))).resolves.toEqual({ dispositionCode: 'resolved', notes: '还没写完' });
    await deleteWrapUpDraft(db, callId(1));
    await expect(loadWrapUpDraft(db, callId(1))).resolves.toBeNull();
  });

  it('reads a malformed draft as far as it goes', async () => {
    await db.drafts.put({ key: `wrap-up:${callId(1)}`, value: { dispositionCode: 7, notes: 'kept' }, updatedAt: T0 });
    await expect(loadWrapUpDraft(db, callId(1))).resolves.toEqual({ dispositionCode: null, notes: 'kept' });
  });
});
