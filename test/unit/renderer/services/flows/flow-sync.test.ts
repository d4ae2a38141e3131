import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FlowListResponse, StoredFlow } from '../../../../../shared/api/flows';
import { checkFlow, formatProblem } from '../../../../../shared/flows/flow-check';
import { HubError } from '../../../../../renderer/src/services/hub';
import type { AppDb, LocalFlowRun } from '../../../../../renderer/src/services/local-db/app-db';
import { readFlowCatalog, readFlowVersion } from '../../../../../renderer/src/services/flows/flow-cache';
import { FLOW_SYNC_POLL_MS, createFlowSync, type FlowSync, type FlowSyncReport } from '../../../../../renderer/src/services/flows/flow-sync';
import { freshAppDb } from '../../support/call-log-builders';
import { fakeClock } from '../../support/fake-clock';
import { COMPLAINT_FLOW_ID, CONSULT_FLOW_ID, complaintFlowInput, consultFlowInput, storedFlow } from '../../support/flow-fixtures';

let clock: ReturnType<typeof fakeClock>;
let db: AppDb;
let answer: () => Promise<FlowListResponse>;
let fetches: number;
let reports: FlowSyncReport[];
let catalogs: StoredFlow[][];
let syncs: FlowSync[];

const networkDown = () => new HubError({ status: 0, code: 'network', message: 'Cannot reach the hub' });
const versionsOf = (flows: readonly StoredFlow[]) => flows.map((f) => `${f.id}@${f.version}`);
const last = () => reports[reports.length - 1]!;

function start(): FlowSync {
  const sync = createFlowSync({
    db,
    clock: clock.clock,
    random: () => 0.5,
    fetchFlows: () => {
      fetches += 1;
      return answer();
    },
    check: (flow) => checkFlow(flow.definition).map(formatProblem),
    onStatus: (r) => void reports.push(r),
    onCatalog: (flows) => void catalogs.push(flows),
  });
  syncs.push(sync);
  void sync.start();
  return sync;
}

async function syncedOnce(): Promise<FlowSync> {
  const sync = start();
  await sync.idle();
  return sync;
}

beforeEach(async () => {
  clock = fakeClock();
  db = freshAppDb().db;
  await db.open();
  fetches = 0;
  reports = [];
  catalogs = [];
  syncs = [];
  answer = async () => ({ flows: [storedFlow(complaintFlowInput()), storedFlow(consultFlowInput())] });
});

afterEach(() => {
  for (const sync of syncs) sync.stop();
  db.close();
});

describe('flow sync', () => {
  it('keeps every flow the hub lists in the local copy, and the catalog names the listed versions', async () => {
    await syncedOnce();
    expect(last()).toMatchObject({ state: 'ok', lastSyncedAt: clock.now(), error: null });
    expect(versionsOf(catalogs.at(-1)!)).toEqual([`${COMPLAINT_FLOW_ID}@1`, `${CONSULT_FLOW_ID}@1`]);
    expect(versionsOf((await readFlowCatalog(db)).flows)).toEqual([`${COMPLAINT_FLOW_ID}@1`, `${CONSULT_FLOW_ID}@1`]);
  });

  it('uses the local copy and says offline when the hub cannot be reached, then tries again', async () => {
    await syncedOnce();
    answer = async () => Promise.reject(networkDown());
    const later = await syncedOnce();

    expect(catalogs.at(-1)!.map((f) => f.id)).toEqual([COMPLAINT_FLOW_ID, CONSULT_FLOW_ID]);
    expect(last()).toMatchObject({ state: 'offline', error: expect.objectContaining({ code: 'network' }) });
    const attempts = fetches;
    answer = async () => ({ flows: [storedFlow(complaintFlowInput(), 2)] });
    await clock.advance(FLOW_SYNC_POLL_MS);
    await later.idle();
    expect(fetches).toBeGreaterThan(attempts);
    expect(last().state).toBe('ok');
    expect(versionsOf(catalogs.at(-1)!)).toEqual([`${COMPLAINT_FLOW_ID}@2`]);
  });

  it('keeps the previous copy in force when the hub answers something that fails the schema', async () => {
    await syncedOnce();
    answer = async () => Promise.reject(new HubError({ status: 200, code: 'bad_response', message: 'Invalid input at flows.0.definition.steps' }));
    const sync = start();
    await sync.idle();

    expect(last()).toMatchObject({ state: 'error', error: expect.objectContaining({ code: 'bad_response' }) });
    expect(versionsOf((await readFlowCatalog(db)).flows)).toEqual([`${COMPLAINT_FLOW_ID}@1`, `${CONSULT_FLOW_ID}@1`]);
  });

  it('does not take a new version whose graph fails the check, names its step, and keeps the version before in force', async () => {
    await syncedOnce();
    const broken = storedFlow(complaintFlowInput(), 2);
    // A `next` to a step that does not exist: the engine could not go on from "greet".
    broken.definition = { ...broken.definition, steps: broken.definition.steps.map((s) => (s.id === 'greet' ? { ...s, next: 'nowhere' } : s)) };
    answer = async () => ({ flows: [broken, storedFlow(consultFlowInput(), 3)] });
    const sync = start();
    await sync.idle();

    expect(last().state).toBe('error');
    expect(String((last().error as Error).message)).toMatch(/complaint\.intake" version 2 .*step "greet"/);
    expect(versionsOf(catalogs.at(-1)!)).toEqual([`${CONSULT_FLOW_ID}@3`, `${COMPLAINT_FLOW_ID}@1`]);
  });

  it('drops from the catalog a flow the hub no longer lists, and prunes versions no saved run follows', async () => {
    answer = async () => ({ flows: [storedFlow(complaintFlowInput(), 1), storedFlow(consultFlowInput(), 1)] });
    await syncedOnce();
    const run = { runId: 'r1', callId: 'c1', status: 'running', contextTicket: null, updatedAt: 0, run: { flowId: COMPLAINT_FLOW_ID, flowVersion: 1 } } as unknown as LocalFlowRun;
    await db.flowRuns.put(run);

    answer = async () => ({ flows: [storedFlow(complaintFlowInput(), 2)] });
    const sync = start();
    await sync.idle();

    expect(versionsOf(catalogs.at(-1)!)).toEqual([`${COMPLAINT_FLOW_ID}@2`]);
    // Version 1 stays for the run that follows it; the consultation, listed no more and followed by none, goes.
    expect((await readFlowVersion(db, COMPLAINT_FLOW_ID, 1)).flow?.version).toBe(1);
    expect(await db.flows.get([CONSULT_FLOW_ID, 1])).toBeUndefined();
  });

  it('skips a damaged row of the local copy and keeps the sound version before it in force', async () => {
    answer = async () => ({ flows: [storedFlow(complaintFlowInput(), 1)] });
    await syncedOnce();
    answer = async () => ({ flows: [storedFlow(complaintFlowInput(), 2)] });
    const run = { runId: 'r1', callId: 'c1', status: 'running', contextTicket: null, updatedAt: 0, run: { flowId: COMPLAINT_FLOW_ID, flowVersion: 1 } } as unknown as LocalFlowRun;
    await db.flowRuns.put(run);
    await syncedOnce();
    await db.flows.put({ id: COMPLAINT_FLOW_ID, version: 2, value: { id: COMPLAINT_FLOW_ID, version: 2, definition: '<garbage>' } });

    const read = await readFlowCatalog(db);
    expect(versionsOf(read.flows)).toEqual([`${COMPLAINT_FLOW_ID}@1`]);
    expect(read.corrupt).toEqual([expect.objectContaining({ id: COMPLAINT_FLOW_ID, version: 2 })]);
  });

  it('publishes the local copy before the hub answers, so a call does not wait for a hub that is down', async () => {
    await syncedOnce();
    catalogs = [];
    let release: () => void = () => undefined;
    answer = () => new Promise((_resolve, reject) => (release = () => reject(networkDown())));
    const sync = createFlowSync({
      db,
      clock: clock.clock,
      random: () => 0.5,
      fetchFlows: answer,
      onStatus: (r) => void reports.push(r),
      onCatalog: (flows) => void catalogs.push(flows),
    });
    syncs.push(sync);
    await sync.start();
    expect(catalogs).toHaveLength(1);
    expect(last().state).toBe('syncing');
    release();
    await sync.idle();
    expect(last().state).toBe('offline');
  });
});
