import { IDBFactory } from 'fake-indexeddb';
import { afterEach, describe, expect, it } from 'vitest';
import type Dexie from 'dexie';
import { createCallLog } from '../../../../../renderer/src/services/call-log/call-log-model';
import { LATEST_SCHEMA_VERSION, SCHEMA_VERSIONS, appDbName, type AppDb } from '../../../../../renderer/src/services/local-db/app-db';
import { T0, callId, callSnapshot, freshAppDb } from '../../support/call-log-builders';

/*
 * A console that has not run for months opens its old database with today's code, so every
 * released schema version must upgrade to the latest with its data intact. Each version has a
 * fixture here: what a console of that version wrote, and what the latest must read back.
 */

interface Fixture {
  /** Writes through the generic table API: the typed tables are today's shape, not that version's. */
  write(db: Dexie): Promise<void>;
  /** Reads with today's code what `write` left. */
  check(db: AppDb): Promise<void>;
}

const v1Record = createCallLog(callSnapshot({ id: callId(1) }), T0);

const FIXTURES: Record<number, Fixture> = {
  1: {
    async write(db) {
      await db.table('callLogs').put(v1Record);
      await db.table('outbox').put({ kind: 'call-log', key: v1Record.id, version: 1, enqueuedAt: T0 });
      await db.table('drafts').put({ key: `wrap-up:${v1Record.id}`, value: { dispositionCode: 'resolved', notes: '记下了' }, updatedAt: T0 });
      await db.table('reference').put({ key: 'dispositionCodes', value: [{ code: 'resolved' }], fetchedAt: T0 });
      await db.table('customers').put({ id: 'cust-1', phones: ['+8613800138000'], name: '王先生', updatedAt: '2026-11-01T00:00:00.000Z', value: {} });
      await db.table('flows').put({ id: 'flow-1', version: 3, value: { steps: [] } });
      await db.table('meta').put({ key: 'lastPruneAt', value: T0 });
    },
    async check(db) {
      expect(await db.callLogs.get(v1Record.id)).toEqual(v1Record);
      expect(await db.callLogs.where('searchKeys').startsWith('0138').primaryKeys()).toEqual([v1Record.id]);
      expect(await db.outbox.get(['call-log', v1Record.id])).toMatchObject({ version: 1, enqueuedAt: T0 });
      expect(await db.drafts.get(`wrap-up:${v1Record.id}`)).toMatchObject({ value: { notes: '记下了' } });
      expect(await db.reference.get('dispositionCodes')).toMatchObject({ fetchedAt: T0 });
      expect(await db.customers.where('phones').equals('+8613800138000').primaryKeys()).toEqual(['cust-1']);
      expect(await db.flows.get(['flow-1', 3])).toMatchObject({ value: { steps: [] } });
      expect(await db.meta.get('lastPruneAt')).toEqual({ key: 'lastPruneAt', value: T0 });
      // Tables that came later start empty and usable on a database upgraded from version 1.
      expect(await db.flowRuns.count()).toBe(0);
      expect(await db.flowActions.where('status').equals('pending').count()).toBe(0);
      expect(await db.caseViews.count()).toBe(0);
    },
  },
  2: {
    async write(db) {
      await db.table('callLogs').put(v1Record);
      await db.table('flowRuns').put({ runId: v1Record.id, callId: v1Record.id, status: 'running', run: { stepId: 'greet' }, contextTicket: null, updatedAt: T0 });
      await db.table('flowActions').put({ id: 'a-1', runId: v1Record.id, callId: v1Record.id, key: 'greet.0', seq: 0, status: 'pending', action: { type: 'notify' } });
    },
    async check(db) {
      expect(await db.flowRuns.where('callId').equals(v1Record.id).first()).toMatchObject({ status: 'running', run: { stepId: 'greet' } });
      expect(await db.flowActions.where('[runId+key]').equals([v1Record.id, 'greet.0']).primaryKeys()).toEqual(['a-1']);
      expect(await db.flowActions.where('status').equals('pending').count()).toBe(1);
      // The case list's saved views came with version 3: empty and usable after the upgrade.
      expect(await db.caseViews.count()).toBe(0);
    },
  },
  3: {
    async write(db) {
      await db.table('callLogs').put(v1Record);
      await db.table('caseViews').put({ id: 'view-1', name: '物流超时', filters: { waitingOn: 'logistics', overdue: true }, createdAt: T0, updatedAt: T0 });
    },
    async check(db) {
      expect(await db.callLogs.get(v1Record.id)).toEqual(v1Record);
      expect(await db.caseViews.orderBy('name').toArray()).toEqual([
        { id: 'view-1', name: '物流超时', filters: { waitingOn: 'logistics', overdue: true }, createdAt: T0, updatedAt: T0 },
      ]);
      // Recordings came with version 4: empty and usable after the upgrade.
      expect(await db.recordings.where('status').equals('recording').count()).toBe(0);
      expect(await db.recordingChunks.count()).toBe(0);
    },
  },
  4: {
    async write(db) {
      await db.table('callLogs').put(v1Record);
      await db.table('recordings').put({ callId: v1Record.id, status: 'uploading', startedAt: v1Record.startedAt, durationMs: 2000, mimeType: 'audio/webm;codecs=opus', pauses: [], bytes: 3, chunkCount: 1, uploadUrl: 'http://hub/api/v1/recordings/uploads/x', uploadedBytes: 1, analysisSent: true, attempts: 1, lastError: null, updatedAt: T0 });
      await db.table('recordingChunks').put({ callId: v1Record.id, seq: 0, blob: new Blob(['abc']), agent: [1], customer: [2] });
    },
    async check(db) {
      expect(await db.recordings.where('status').equals('uploading').primaryKeys()).toEqual([v1Record.id]);
      expect(await db.recordings.get(v1Record.id)).toMatchObject({ uploadUrl: 'http://hub/api/v1/recordings/uploads/x', uploadedBytes: 1 });
      expect((await db.recordingChunks.get([v1Record.id, 0]))?.agent).toEqual([1]);
    },
  },
};

/**
 * Version 1 as it was released. A released version is never edited: a change of schema is a new
 * entry in SCHEMA_VERSIONS, or consoles that already have version 1 would never see it.
 */
const RELEASED_V1_STORES = Object.freeze({
  callLogs: 'id, startedAt, status, syncState, *searchKeys',
  outbox: '[kind+key], enqueuedAt',
  drafts: 'key, updatedAt',
  reference: 'key',
  customers: 'id, *phones, updatedAt',
  flows: '[id+version], id',
  meta: 'key',
});

const opened: Dexie[] = [];
const track = <T extends Dexie>(db: T): T => {
  opened.push(db);
  return db;
};

afterEach(() => {
  for (const db of opened.splice(0)) db.close();
});

describe('AppDb', () => {
  it('opens the latest schema on an empty database with the console tables', async () => {
    const { db } = freshAppDb();
    track(db);
    await db.open();
    expect(db.verno).toBe(LATEST_SCHEMA_VERSION);
    expect(db.tables.map((t) => t.name).sort()).toEqual(['callLogs', 'caseViews', 'customers', 'drafts', 'flowActions', 'flowRuns', 'flows', 'meta', 'outbox', 'recordingChunks', 'recordings', 'reference']);
    expect(db.callLogs.schema.indexes.map((i) => [i.name, i.multi])).toEqual(
      expect.arrayContaining([
        ['searchKeys', true],
        ['status', false],
        ['syncState', false],
        ['startedAt', false],
      ]),
    );
    expect(await db.callLogs.count()).toBe(0);
  });

  it('keeps one database per user', () => {
    expect(appDbName('u1')).not.toBe(appDbName('u2'));
  });
});

describe('SCHEMA_VERSIONS', () => {
  it('lists versions in strictly increasing order, ending at the latest', () => {
    const versions = SCHEMA_VERSIONS.map((v) => v.version);
    expect(versions.length).toBeGreaterThan(0);
    versions.forEach((v, i) => {
      expect(Number.isInteger(v)).toBe(true);
      if (i > 0) expect(v).toBeGreaterThan(versions[i - 1]!);
    });
    expect(versions.at(-1)).toBe(LATEST_SCHEMA_VERSION);
  });

  it('still has version 1 exactly as it was released', () => {
    expect(SCHEMA_VERSIONS[0]!.version).toBe(1);
    expect(SCHEMA_VERSIONS[0]!.stores).toEqual(RELEASED_V1_STORES);
  });

  it('has an upgrade fixture for every version', () => {
    expect(Object.keys(FIXTURES).map(Number).sort((a, b) => a - b)).toEqual(SCHEMA_VERSIONS.map((v) => v.version));
  });
});

describe('upgrading an existing database', () => {
  it.each(SCHEMA_VERSIONS.map((v) => v.version))('keeps what version %i wrote when the latest code opens it', async (version) => {
    const factory = new IDBFactory();
    const name = `upgrade-from-${version}`;
    const old = track(freshAppDb(factory, name, version).db);
    await old.open();
    expect(old.verno).toBe(version);
    await FIXTURES[version]!.write(old);
    old.close();

    const latest = track(freshAppDb(factory, name).db);
    await latest.open();
    expect(latest.verno).toBe(LATEST_SCHEMA_VERSION);
    await FIXTURES[version]!.check(latest);
  });
});
