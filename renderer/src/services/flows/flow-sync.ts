import type { FlowListResponse, StoredFlow } from '../../../../shared/api/flows';
import { backoffDelay, type BackoffPolicy } from '../../../../shared/sync/backoff';
import { HubError, isHubError } from '../hub';
import type { AppDb } from '../local-db/app-db';
import { readFlowCatalog, storeHubFlows, type CorruptFlowRow } from './flow-cache';

/** Managers publish a new version now and then; every console has it within five minutes. */
export const FLOW_SYNC_POLL_MS = 5 * 60_000;
/** A floor of consoles losing the hub at once must not come back in lockstep; never waits past a poll. */
export const FLOW_SYNC_BACKOFF: BackoffPolicy = { baseMs: 2_000, maxMs: FLOW_SYNC_POLL_MS };

export interface FlowSyncClock {
  now(): number;
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

/**
 * `offline`: the hub could not be reached (the local copy is in use); `error`: the hub answered
 * something this console will not use (the previous copy stays in force) or refused the session.
 */
export interface FlowSyncReport {
  state: 'idle' | 'syncing' | 'ok' | 'offline' | 'error';
  lastSyncedAt: number | null;
  /** What went wrong, as thrown (a HubError mostly); the store turns it into words. */
  error: unknown;
}

export interface FlowSyncOptions {
  db: AppDb;
  clock: FlowSyncClock;
  /** [0, 1), for the backoff's jitter. */
  random: () => number;
  /** `GET /api/v1/flows`, checked against the schema by the hub client. */
  fetchFlows(): Promise<FlowListResponse>;
  /**
   * Problems of a flow the hub sent (the graph check of shared/flows): a flow with any is not taken,
   * and the version before it stays in force. Each problem names its step.
   */
  check?(flow: StoredFlow): string[];
  onStatus(report: FlowSyncReport): void;
  /** The catalog changed (read from the local copy, then after each sync). */
  onCatalog(flows: StoredFlow[]): void;
  onCorrupt?(rows: CorruptFlowRow[]): void;
}

export interface FlowSync {
  /**
   * Publishes the local copy, then syncs with the hub; then polls. Once only. Resolves when the local
   * copy is published (not when the hub answers: a call must not wait for a hub that is down).
   */
  start(): Promise<void>;
  stop(): void;
  /** Sync now, ignoring the backoff (back online, the agent asked). */
  syncNow(): void;
  readonly status: FlowSyncReport;
  /** Resolves when no sync is in progress. */
  idle(): Promise<void>;
}

/** Network trouble or a hub that cannot answer right now: the copy is in use, and we try again. */
const OFFLINE_CODES = new Set(['network', 'timeout', 'internal', 'rate_limited', 'aborted']);

/**
 * Keeps the local copy of the scripts in step with the hub. The hub's list replaces the catalog in
 * one transaction, so a failed or refused sync leaves the previous copy whole and in force; the
 * status says why. At most one sync runs at a time; a trigger during one asks for another after it.
 */
export function createFlowSync(options: FlowSyncOptions): FlowSync {
  const { db, clock } = options;
  let status: FlowSyncReport = { state: 'idle', lastSyncedAt: null, error: null };
  let started = false;
  let stopped = false;
  /** The hub refused this session (401/403): polling would only be refused again. */
  let halted = false;
  let running: Promise<void> | null = null;
  let again = false;
  let timer: unknown = null;
  let attempt = 0;

  const publish = (patch: Partial<FlowSyncReport>) => {
    if (stopped) return;
    status = { ...status, ...patch };
    options.onStatus(status);
  };

  function schedule(ms: number): void {
    if (timer !== null) clock.clearTimeout(timer);
    timer = null;
    if (stopped || halted) return;
    timer = clock.setTimeout(() => {
      timer = null;
      kick();
    }, ms);
  }

  async function publishCatalog(): Promise<void> {
    const read = await readFlowCatalog(db);
    if (stopped) return;
    if (read.corrupt.length > 0) options.onCorrupt?.(read.corrupt);
    options.onCatalog(read.flows);
    publish({ lastSyncedAt: read.syncedAt });
  }

  async function sync(): Promise<void> {
    publish({ state: 'syncing' });
    const answer = await options.fetchFlows();
    if (stopped) return;
    const refused: Array<{ flow: StoredFlow; problems: string[] }> = [];
    const accepted: StoredFlow[] = [];
    for (const flow of answer.flows) {
      const problems = options.check?.(flow) ?? [];
      if (problems.length > 0) refused.push({ flow, problems });
      else accepted.push(flow);
    }
    const now = clock.now();
    await storeHubFlows(db, accepted, now, refused.map((r) => r.flow.id));
    await publishCatalog();
    attempt = 0;
    if (refused.length > 0) {
      const message = refused.map((r) => `flow "${r.flow.id}" version ${r.flow.version} was not taken: ${r.problems.join('; ')}`).join('\n');
      publish({ state: 'error', lastSyncedAt: now, error: new HubError({ status: 200, code: 'bad_response', message }) });
    } else {
      publish({ state: 'ok', lastSyncedAt: now, error: null });
    }
    schedule(FLOW_SYNC_POLL_MS);
  }

  function fail(error: unknown): void {
    if (stopped) return;
    if (isHubError(error) && (error.code === 'unauthorized' || error.code === 'forbidden')) {
      halted = true;
      publish({ state: 'error', error });
      return;
    }
    const offline = isHubError(error) && OFFLINE_CODES.has(error.code);
    const delay = backoffDelay(attempt, FLOW_SYNC_BACKOFF, options.random);
    attempt += 1;
    schedule(Math.max(delay, 1_000));
    // `error` covers a hub answer that fails the schema and a local database that cannot be written.
    publish({ state: offline ? 'offline' : 'error', error });
  }

  function kick(): void {
    if (!started || stopped || halted) return;
    if (running) {
      again = true;
      return;
    }
    if (timer !== null) clock.clearTimeout(timer);
    timer = null;
    running = sync()
      .catch(fail)
      .finally(() => {
        running = null;
        if (again && !stopped) {
          again = false;
          kick();
        }
      });
  }

  return {
    async start() {
      if (started || stopped) return;
      started = true;
      // The copy first: a call ringing now has its script even if the hub never answers.
      const local = publishCatalog().catch((error: unknown) => publish({ state: 'error', error }));
      running = local.finally(() => {
        running = null;
        again = false;
        kick();
      });
      await local;
    },
    stop() {
      stopped = true;
      again = false;
      if (timer !== null) clock.clearTimeout(timer);
      timer = null;
    },
    syncNow() {
      if (stopped) return;
      halted = false;
      attempt = 0;
      kick();
    },
    get status() {
      return status;
    },
    async idle() {
      while (running) await running;
    },
  };
}
