import Dexie from 'dexie';
import type { CallbackWorkItem } from '../../../../shared/api/callbacks';
import type { CallbackTask, Notification, Ticket } from '../../../../shared/api/tickets';
import type { BackoffPolicy } from '../../../../shared/sync/backoff';
import { isHubError, type HubErrorCode } from '../hub';
import type { AppDb, LocalFlowAction } from '../local-db/app-db';
import { createDeliveryLoop, type DeliveryLoopClock } from '../sync/delivery-loop';
import { hubCallOf, isHubAction, UnsendableActionError, type HubActionCall } from './flow-actions';

/** Capped at a minute: a ticket promised to a customer should not wait long for a hub that is back. */
export const FLOW_ACTION_BACKOFF: BackoffPolicy = { baseMs: 1_000, maxMs: 60_000 };
/** Even with no trigger, waiting actions are tried this often (a hub that came back says nothing). */
export const FLOW_ACTION_POLL_MS = 30_000;

/**
 * Refusals that sending again cannot change: the request is wrong (400), conflicts with what the hub
 * has under that id (409), is not this user's to make (403), or names a ticket the hub does not have.
 */
const PERMANENT: ReadonlySet<HubErrorCode> = new Set([
  'validation',
  'conflict',
  'forbidden',
  'not_found',
  'payload_too_large',
  'illegal_transition',
  'stale_version',
  'authority_exceeded',
  'unsupported_media_type',
  // A survey on a task someone else holds: sending it again cannot make it this user's.
  'already_claimed',
]);

export interface FlowActionHub {
  createTicket(body: Extract<HubActionCall, { method: 'createTicket' }>['body']): Promise<Ticket>;
  addTicketNote(ticketId: string, body: Extract<HubActionCall, { method: 'addTicketNote' }>['body']): Promise<Ticket>;
  escalateTicket(ticketId: string, body: Extract<HubActionCall, { method: 'escalateTicket' }>['body']): Promise<Ticket>;
  createCallback(body: Extract<HubActionCall, { method: 'createCallback' }>['body']): Promise<CallbackTask>;
  createNotification(body: Extract<HubActionCall, { method: 'createNotification' }>['body']): Promise<Notification>;
  recordCallbackSurvey(callbackId: string, body: Extract<HubActionCall, { method: 'recordCallbackSurvey' }>['body']): Promise<CallbackWorkItem>;
}

export type FlowActionOutboxClock = DeliveryLoopClock;

export interface FlowActionOutboxStatus {
  /** `waiting`: the hub could not be reached; the next attempt is at `nextAttemptAt`. `stopped`: the session ended. */
  state: 'idle' | 'sending' | 'waiting' | 'stopped';
  /** Hub actions not delivered yet. */
  pending: number;
  /** Hub actions the hub refused (shown; `retryFailed` sends them again). */
  failed: number;
  lastError: string | null;
  nextAttemptAt: number | null;
}

export interface FlowActionOutboxOptions {
  db: AppDb;
  clock: FlowActionOutboxClock;
  random: () => number;
  hub: FlowActionHub;
  onStatus(status: FlowActionOutboxStatus): void;
  /** Rows whose state changed (delivered, refused, or waiting with a new reason), as written. */
  onSettled(rows: LocalFlowAction[]): void;
}

export interface FlowActionOutbox {
  /** New actions were written: send them now, unless the hub is being waited out. */
  trigger(): void;
  /** Send now, ignoring the backoff (back online). */
  retryNow(): void;
  /** Refused actions are queued again and sent now (the center fixed what the hub refused). */
  retryFailed(): Promise<void>;
  /** Resolves when no delivery is in progress. */
  idle(): Promise<void>;
  stop(): void;
}

type Delivery = 'done' | 'failed' | 'retry' | 'halt';

/** The ticket a row waits for: the `create_ticket` of its run whose id it names. */
const dependencyOf = (row: LocalFlowAction, runRows: readonly LocalFlowAction[]): LocalFlowAction | undefined =>
  row.params.ticketId ? runRows.find((r) => r.id === row.params.ticketId && r.action.type === 'create_ticket') : undefined;

const BLOCKED = 'Waits for the ticket the script could not open.';

/**
 * Delivers the hub actions of scripts (tickets, notes, escalations, callbacks, notifications, surveys) from
 * `flowActions`, each with its row's id as the idempotency key, so an answer lost on the way home
 * is simply asked again and done once.
 *
 * Order, per run: actions go in `seq` order, and one that cannot be delivered yet (hub down) holds
 * back every later action of its run, since a note or a callback may name the ticket before it. A
 * refused action (400/409/403/404) does not hold back the others, except those that name the ticket
 * it was to open: they wait, marked, until a retry opens it. Runs do not wait for each other, but a
 * hub that is down stops the whole round until the backoff's next attempt.
 */
export function createFlowActionOutbox(options: FlowActionOutboxOptions): FlowActionOutbox {
  const { db, clock } = options;
  let status: FlowActionOutboxStatus = { state: 'idle', pending: 0, failed: 0, lastError: null, nextAttemptAt: null };

  const publish = (patch: Partial<FlowActionOutboxStatus>) => {
    status = { ...status, ...patch };
    if (!loop.stopped) options.onStatus(status);
  };

  async function counts(): Promise<Pick<FlowActionOutboxStatus, 'pending' | 'failed'>> {
    const rows = await db.flowActions.where('status').anyOf('pending', 'failed').toArray();
    const hub = rows.filter((r) => isHubAction(r.action));
    return { pending: hub.filter((r) => r.status === 'pending').length, failed: hub.filter((r) => r.status === 'failed').length };
  }

  async function send(call: HubActionCall): Promise<LocalFlowAction['result']> {
    switch (call.method) {
      case 'createTicket':
        return { ticketNo: (await options.hub.createTicket(call.body)).ticketNo };
      case 'addTicketNote':
        await options.hub.addTicketNote(call.ticketId, call.body);
        return {};
      case 'escalateTicket':
        return { escalationLevel: (await options.hub.escalateTicket(call.ticketId, call.body)).escalationLevel };
      case 'createCallback':
        await options.hub.createCallback(call.body);
        return {};
      case 'createNotification':
        await options.hub.createNotification(call.body);
        return {};
      case 'recordCallbackSurvey':
        await options.hub.recordCallbackSurvey(call.callbackId, call.body);
        return {};
    }
  }

  /** Writes a row's new state, unless the session has ended: the next login sends it again, under the same id. */
  async function settle(row: LocalFlowAction): Promise<void> {
    if (loop.stopped) return;
    await db.flowActions.put(row);
    options.onSettled([row]);
  }

  async function deliver(row: LocalFlowAction): Promise<{ outcome: Delivery; row: LocalFlowAction; error?: string }> {
    const attempts = row.attempts + 1;
    try {
      const result = await send(hubCallOf(row));
      const done: LocalFlowAction = { ...row, status: 'done', attempts, lastError: null, result, updatedAt: clock.now() };
      await settle(done);
      return { outcome: 'done', row: done };
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      if (isHubError(error) && error.code === 'unauthorized') return { outcome: 'halt', row, error: message };
      if (error instanceof UnsendableActionError || (isHubError(error) && PERMANENT.has(error.code))) {
        const failed: LocalFlowAction = { ...row, status: 'failed', attempts, lastError: message, updatedAt: clock.now() };
        await settle(failed);
        return { outcome: 'failed', row: failed };
      }
      // Down, overloaded, an answer that does not parse (the hub may have done it: the same id is safe to send again).
      const waiting: LocalFlowAction = { ...row, attempts, lastError: message, updatedAt: clock.now() };
      await settle(waiting);
      return { outcome: 'retry', row: waiting, error: message };
    }
  }

  async function runRows(runId: string): Promise<LocalFlowAction[]> {
    return db.flowActions.where('[runId+seq]').between([runId, Dexie.minKey], [runId, Dexie.maxKey]).toArray();
  }

  /** One round over every run with waiting actions; stops at the first that must be retried later. */
  async function round(): Promise<{ stop: 'retry' | 'halt'; error: string } | null> {
    const waiting = (await db.flowActions.where('status').equals('pending').toArray()).filter((r) => isHubAction(r.action));
    // Runs in the order their first waiting action was requested: an older call's tickets first.
    const firstAt = new Map<string, number>();
    for (const r of waiting) firstAt.set(r.runId, Math.min(firstAt.get(r.runId) ?? Infinity, r.createdAt));
    const runs = [...firstAt.keys()].sort((a, b) => firstAt.get(a)! - firstAt.get(b)!);
    for (const runId of runs) {
      const rows = await runRows(runId);
      for (const [i, row] of rows.entries()) {
        if (loop.stopped) return null;
        if (row.status !== 'pending' || !isHubAction(row.action)) continue;
        const dependency = dependencyOf(row, rows);
        if (dependency && dependency.status !== 'done') {
          // Refused (a waiting one would have stopped the run before this row): wait for a retry, marked.
          if (row.lastError !== BLOCKED) {
            rows[i] = { ...row, lastError: BLOCKED, updatedAt: clock.now() };
            await settle(rows[i]);
          }
          continue;
        }
        const delivered = await deliver(row);
        rows[i] = delivered.row;
        if (delivered.outcome === 'retry' || delivered.outcome === 'halt') return { stop: delivered.outcome, error: delivered.error ?? '' };
      }
    }
    return null;
  }

  async function run(): Promise<void> {
    const before = await counts();
    publish({ ...before, state: before.pending > 0 ? 'sending' : 'idle', nextAttemptAt: null });
    const stop = await round();
    if (loop.stopped) return;
    if (stop?.stop === 'halt') {
      // The session ended: the login screen is up, and the next login's outbox takes over.
      loop.halt();
      publish({ ...(await counts()), state: 'stopped', lastError: stop.error });
      return;
    }
    if (stop) {
      loop.retryLater(stop.error);
      publish(await counts());
      return;
    }
    loop.succeeded();
    publish({ ...(await counts()), state: 'idle', lastError: null, nextAttemptAt: null });
  }

  const loop = createDeliveryLoop({
    clock,
    random: options.random,
    backoff: FLOW_ACTION_BACKOFF,
    pollMs: FLOW_ACTION_POLL_MS,
    round: run,
    onRetryScheduled: (message, nextAttemptAt) => publish({ state: 'waiting', lastError: message, nextAttemptAt }),
  });
  loop.start();

  return {
    trigger: () => loop.start(),
    retryNow: () => loop.retryNow(),
    async retryFailed() {
      if (loop.stopped) return;
      const now = clock.now();
      const requeued: LocalFlowAction[] = [];
      await db.transaction('rw', db.flowActions, async () => {
        const failed = await db.flowActions.where('status').equals('failed').toArray();
        for (const row of failed) {
          // A transfer or a disposition belonged to its moment on the phone: only hub requests are sent again.
          if (!isHubAction(row.action)) continue;
          const next: LocalFlowAction = { ...row, status: 'pending', updatedAt: now };
          await db.flowActions.put(next);
          requeued.push(next);
        }
      });
      if (requeued.length > 0) options.onSettled(requeued);
      loop.retryNow();
    },
    idle: () => loop.idle(),
    stop: () => loop.stop(),
  };
}
