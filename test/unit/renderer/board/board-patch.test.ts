import { describe, expect, it } from 'vitest';
import { applyAgentState, clockOffsetMs, reconcileBoard } from '../../../../renderer/src/services/board/board-patch';
import { AS_OF, AS_OF_MS, agentState, before, board, userIds } from './board-fixtures';

const row = (b: ReturnType<typeof board>, userId: string) => b.agents.find((agent) => agent.userId === userId)!;

describe('applyAgentState', () => {
  it('patches the one row with the new state, reason and since, leaving the others as they were', () => {
    const start = board();
    const patch = applyAgentState(start, agentState({ state: 'not_ready', reasonCode: 'break', since: before(0) }));
    if (patch.kind !== 'patched') throw new Error(`not patched: ${patch.kind}`);
    expect(row(patch.board, userIds.zhang)).toMatchObject({ state: 'not_ready', reasonCode: 'break', since: before(0), call: null, loggedOut: false });
    expect(patch.board.agents.filter((a) => a.userId !== userIds.zhang)).toEqual(start.agents.filter((a) => a.userId !== userIds.zhang));
    expect(patch.board.totals).toBe(start.totals);
  });

  it('keeps what the hub knew of the call when the change is about the same call', () => {
    const patch = applyAgentState(board(), agentState({ userId: userIds.li, state: 'held', reasonCode: null, callId: 'call-li', since: before(10) }));
    if (patch.kind !== 'patched') throw new Error(`not patched: ${patch.kind}`);
    expect(row(patch.board, userIds.li).call).toMatchObject({ callId: 'call-li', number: '+8613800138000', customerName: '王先生', startedAt: before(125) });
  });

  it('starts a bare call, timed from the change, when a new call rings', () => {
    const patch = applyAgentState(board(), agentState({ state: 'ringing', reasonCode: null, callId: 'call-new', since: before(2) }));
    if (patch.kind !== 'patched') throw new Error(`not patched: ${patch.kind}`);
    expect(row(patch.board, userIds.zhang).call).toEqual({ callId: 'call-new', direction: 'inbound', number: null, customerId: null, customerName: null, startedAt: before(2) });
  });

  it('fills in the number and customer when the hub sends the row again as the call’s log arrives', () => {
    const ringing = applyAgentState(board(), agentState({ state: 'ringing', reasonCode: null, callId: 'call-new', since: before(2) }));
    if (ringing.kind !== 'patched') throw new Error(`not patched: ${ringing.kind}`);
    const told = { callId: 'call-new', direction: 'inbound' as const, number: '+8613900139000', customerId: null, customerName: '李先生', startedAt: before(3) };
    const patch = applyAgentState(ringing.board, agentState({ state: 'ringing', reasonCode: null, callId: 'call-new', since: before(2), call: told }));
    if (patch.kind !== 'patched') throw new Error(`not patched: ${patch.kind}`);
    expect(row(patch.board, userIds.zhang)).toMatchObject({ state: 'ringing', since: before(2), call: told });
    expect(applyAgentState(patch.board, agentState({ state: 'ringing', reasonCode: null, callId: 'call-new', since: before(2), call: told }))).toEqual({ kind: 'stale' });
  });

  it('keeps what the row knew of a call when the hub’s word on it knows less', () => {
    const patch = applyAgentState(
      board(),
      agentState({
        userId: userIds.li,
        state: 'held',
        reasonCode: null,
        callId: 'call-li',
        since: before(10),
        call: { callId: 'call-li', direction: 'inbound', number: null, customerId: null, customerName: null, startedAt: null },
      }),
    );
    if (patch.kind !== 'patched') throw new Error(`not patched: ${patch.kind}`);
    expect(row(patch.board, userIds.li).call).toMatchObject({ number: '+8613800138000', customerName: '王先生', startedAt: before(125) });
  });

  it('clears the hub’s overrun flag when the agent leaves the wrap-up', () => {
    const patch = applyAgentState(board(), agentState({ userId: userIds.wang, state: 'ready', reasonCode: null, since: before(1) }));
    if (patch.kind !== 'patched') throw new Error(`not patched: ${patch.kind}`);
    expect(row(patch.board, userIds.wang)).toMatchObject({ state: 'ready', wrapUpOverrun: false });
  });

  it('shows a signed-out agent as signed in once their console reports a change', () => {
    const patch = applyAgentState(board(), agentState({ userId: userIds.zhao, state: 'not_ready', reasonCode: null, since: before(5) }));
    if (patch.kind !== 'patched') throw new Error(`not patched: ${patch.kind}`);
    expect(row(patch.board, userIds.zhao).loggedOut).toBe(false);
  });

  it('shows an agent as signed out when the hub says they signed out, though their state did not change', () => {
    const patch = applyAgentState(board(), agentState({ state: 'ready', reasonCode: null, since: before(90), loggedOut: true }));
    if (patch.kind !== 'patched') throw new Error(`not patched: ${patch.kind}`);
    expect(row(patch.board, userIds.zhang)).toMatchObject({ state: 'ready', loggedOut: true });
    expect(applyAgentState(patch.board, agentState({ state: 'ready', reasonCode: null, since: before(90), loggedOut: true }))).toEqual({ kind: 'stale' });
  });

  it('drops a change older than the row, and the same change heard twice', () => {
    expect(applyAgentState(board(), agentState({ state: 'not_ready', since: before(600) }))).toEqual({ kind: 'stale' });
    expect(applyAgentState(board(), agentState({ state: 'ready', reasonCode: null, since: before(90) }))).toEqual({ kind: 'stale' });
  });

  it('says so when the agent is not on the board', () => {
    expect(applyAgentState(board(), agentState({ userId: userIds.newcomer }))).toEqual({ kind: 'unknown' });
  });
});

describe('reconcileBoard', () => {
  it('lays the changes heard during a read over an answer that predates them, and ignores those it already holds', () => {
    const read = board();
    const { board: shown, unknown } = reconcileBoard(read, [
      agentState({ state: 'ready', reasonCode: null, since: before(90) }),
      agentState({ userId: userIds.li, state: 'wrap_up', reasonCode: null, callId: 'call-li', since: before(1) }),
    ]);
    expect(unknown).toBe(false);
    expect(row(shown, userIds.zhang)).toEqual(row(read, userIds.zhang));
    expect(row(shown, userIds.li)).toMatchObject({ state: 'wrap_up', since: before(1) });
  });

  it('asks for another read when a change was about someone the answer does not list', () => {
    expect(reconcileBoard(board(), [agentState({ userId: userIds.newcomer })]).unknown).toBe(true);
  });
});

describe('clockOffsetMs', () => {
  it('is the hub’s clock minus this PC’s when the answer came', () => {
    expect(clockOffsetMs(AS_OF, AS_OF_MS - 5_000)).toBe(5_000);
    expect(clockOffsetMs(AS_OF, AS_OF_MS + 2_000)).toBe(-2_000);
  });
});
