import type { Board, BoardAgent, BoardCall } from '../../../../shared/api/board';
import type { AgentStateChangedEvent } from '../../../../shared/api/events';

/*
 * How a pushed `agent.state` changes the board the console holds, and how a board read from the hub
 * is reconciled with the changes heard while it was on its way. Pure: the slice does the I/O.
 */

/** `patched`: the row shows the change; `stale`: the row already holds it or a later one; `unknown`: no such row (a new agent: read the board). */
export type AgentPatch = { kind: 'patched'; board: Board } | { kind: 'stale' } | { kind: 'unknown' };

const instant = (iso: string | null): number => (iso === null ? Number.NEGATIVE_INFINITY : Date.parse(iso));

/** The hub's word on a call over what the row had: a field the hub does not know (yet) keeps the row's. */
function mergeCall(kept: BoardCall, told: BoardCall): BoardCall {
  return {
    callId: told.callId,
    direction: told.direction ?? kept.direction,
    number: told.number ?? kept.number,
    customerId: told.customerId ?? kept.customerId,
    customerName: told.customerName ?? kept.customerName,
    startedAt: told.startedAt ?? kept.startedAt,
  };
}

const sameCall = (a: BoardCall | null, b: BoardCall | null): boolean =>
  a === b ||
  (a !== null &&
    b !== null &&
    a.callId === b.callId &&
    a.direction === b.direction &&
    a.number === b.number &&
    a.customerId === b.customerId &&
    a.customerName === b.customerName &&
    a.startedAt === b.startedAt);

/**
 * The call a row shows after a change: what the event tells of it (the hub sends the agent's row
 * again when the call's log arrives, with its number and customer), else what the row had of the
 * same call, else a bare call timed from the change until the hub knows more.
 */
function callAfter(row: BoardAgent, event: AgentStateChangedEvent): BoardCall | null {
  if (event.callId === null) return null;
  const kept = row.call?.callId === event.callId ? row.call : null;
  const told = event.call?.callId === event.callId ? event.call : null;
  if (told !== null) return kept === null ? told : mergeCall(kept, told);
  if (kept !== null) return kept;
  const direction = event.state === 'ringing' ? 'inbound' : event.state === 'dialing' ? 'outbound' : null;
  return { callId: event.callId, direction, number: null, customerId: null, customerName: null, startedAt: event.since };
}

/**
 * One agent's change applied to the board. Changes are ordered by `since`, the moment the agent's
 * console made them, not by arrival: a change older than the row (an event overtaken by a read of
 * the board) is dropped, so the row never steps back. The same moment again only matters for what
 * it tells of the call.
 */
export function applyAgentState(board: Board, event: AgentStateChangedEvent): AgentPatch {
  const index = board.agents.findIndex((agent) => agent.userId === event.userId);
  const row = board.agents[index];
  if (row === undefined) return { kind: 'unknown' };
  const since = instant(event.since);
  const rowSince = instant(row.since);
  if (since < rowSince) return { kind: 'stale' };
  const sameMoment = since === rowSince && event.state === row.state;
  const call = callAfter(row, event);
  // A console that reports a change is open; the hub says so too, and says when the agent signs out.
  const loggedOut = event.loggedOut ?? false;
  if (sameMoment && sameCall(call, row.call) && loggedOut === row.loggedOut) return { kind: 'stale' };
  const next: BoardAgent = {
    ...row,
    state: event.state,
    reasonCode: event.reasonCode,
    since: event.since,
    call,
    // The hub's flag was about the wrap-up it saw; a new state starts unflagged and the board's own clock takes over.
    wrapUpOverrun: sameMoment ? row.wrapUpOverrun : false,
    loggedOut,
  };
  const agents = [...board.agents];
  agents[index] = next;
  return { kind: 'patched', board: { ...board, agents } };
}

/**
 * A board as read from the hub, with the changes heard since the read was sent laid over it: the
 * hub may have answered from a moment before them. Each is applied by the same rule, so one the
 * answer already holds changes nothing. `unknown`: a change was about an agent the answer does not
 * list (added after the hub answered), so the board is to be read again.
 */
export function reconcileBoard(read: Board, heard: readonly AgentStateChangedEvent[]): { board: Board; unknown: boolean } {
  let board = read;
  let unknown = false;
  for (const event of heard) {
    const patch = applyAgentState(board, event);
    if (patch.kind === 'patched') board = patch.board;
    else if (patch.kind === 'unknown') unknown = true;
  }
  return { board, unknown };
}

/** The hub's clock minus this PC's, from a read's `asOf` and the moment its answer came. */
export function clockOffsetMs(asOf: string, receivedAt: number): number {
  const hub = Date.parse(asOf);
  return Number.isNaN(hub) ? 0 : hub - receivedAt;
}
