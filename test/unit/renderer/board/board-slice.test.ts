import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { User } from '../../../../shared/api/auth';
import type { Board } from '../../../../shared/api/board';
import type { BoardFiguresEvent } from '../../../../shared/api/events';
import { configureStoreDeps, resetStore, useConsoleStore } from '../../../../renderer/src/store';
import { fakeClock, settle } from '../support/fake-clock';
import { fakeHub, networkDown } from '../support/fake-hub';
import { AGENT_PHONE_CONFIG } from '../support/phone-config';
import { quietConsole, storeTestDeps } from '../support/store-test-deps';
import { AS_OF_MS, agentState, before, board, boardAgent, userIds } from './board-fixtures';
import { fakePush } from './fake-push';

const HUB = 'http://hub.test:8790';
const supervisor: User = { id: '0193a1b2-0000-7000-8000-0000000000f1', username: 'supervisor1', role: 'supervisor', displayName: '陈静', departmentCode: 'service' };
const otherSupervisor: User = { ...supervisor, id: '0193a1b2-0000-7000-8000-0000000000f2', username: 'manager1', role: 'manager', displayName: '赵刚' };
const figures: BoardFiguresEvent = { type: 'board.figures', at: before(0) };

let hub: ReturnType<typeof fakeHub>;
let push: ReturnType<typeof fakePush>;
let clock: ReturnType<typeof fakeClock>;
/** What the hub answers to the next read of the board. */
let onHub: Board;

const state = () => useConsoleStore.getState();
const shown = () => state().board;
const reads = () => hub.calls.filter((call) => call.includes(' board ')).length;
const rowOf = (userId: string) => shown().data?.agents.find((agent) => agent.userId === userId);

/** A promise the test settles; the hub's answer held back until it does. */
function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

async function login(user: User = supervisor): Promise<void> {
  hub.handlers.login = async () => ({ token: `tok-${user.username}`, user, expiresAt: '2026-03-15T18:00:00.000Z' });
  useConsoleStore.setState((s) => ({ session: { ...s.session, hubUrl: HUB, status: 'signed-out' } }));
  await state().login({ username: user.username, password: 'demo1234' });
  await settle();
}

async function showBoard(): Promise<void> {
  state().showBoard();
  await settle();
}

beforeEach(() => {
  quietConsole();
  resetStore();
  hub = fakeHub();
  push = fakePush();
  // This PC's clock 3 s behind the hub's.
  clock = fakeClock(AS_OF_MS - 3_000);
  onHub = board();
  hub.handlers.board = async () => structuredClone(onHub);
  hub.handlers.phoneConfig = async () => ({ ...AGENT_PHONE_CONFIG, sip: null });
  configureStoreDeps({ ...storeTestDeps({ hub, clock: clock.clock }).deps, createPushClient: push.create });
});
afterEach(() => {
  state().hideBoard();
  resetStore();
});

describe('board slice', () => {
  it('reads the board when shown, with the reasons’ labels, and counts time on the hub’s clock', async () => {
    await login();
    await showBoard();

    expect(shown()).toMatchObject({ status: 'ready', data: board(), error: null, updatedAt: AS_OF_MS - 3_000, clockOffsetMs: 3_000 });
    expect(shown().reasonCodes).toEqual(AGENT_PHONE_CONFIG.reasonCodes);
    expect(reads()).toBe(1);
  });

  it('patches the one row on agent.state, without reading the board again', async () => {
    await login();
    await showBoard();
    await clock.advance(2_000);

    push.current().emit(agentState({ state: 'not_ready', reasonCode: 'break', since: before(0) }));

    expect(rowOf(userIds.zhang)).toMatchObject({ state: 'not_ready', reasonCode: 'break', since: before(0) });
    expect(rowOf(userIds.li)).toEqual(board().agents[1]);
    expect(shown().updatedAt).toBe(AS_OF_MS - 1_000);
    await settle();
    expect(reads()).toBe(1);
  });

  it('reads the board again when a change is about an agent it does not list', async () => {
    await login();
    await showBoard();
    onHub = board({ agents: [...board().agents, boardAgent({ userId: userIds.newcomer, username: 'agent9', displayName: '新人', state: 'ready', since: before(0) })] });

    push.current().emit(agentState({ userId: userIds.newcomer, state: 'ready', reasonCode: null }));
    await settle();

    expect(reads()).toBe(2);
    expect(rowOf(userIds.newcomer)).toMatchObject({ displayName: '新人', state: 'ready' });
  });

  it('stops reading for an agent the hub still does not list after a read made for them', async () => {
    await login();
    await showBoard();

    push.current().emit(agentState({ userId: userIds.newcomer }));
    await settle();
    push.current().emit(agentState({ userId: userIds.newcomer, since: before(-5) }));
    await settle();

    expect(reads()).toBe(2);
  });

  it('re-reads the totals on board.figures, a burst while a read is out costing one more read', async () => {
    await login();
    await showBoard();
    const answers = [deferred<Board>(), deferred<Board>()];
    hub.handlers.board = () => answers[reads() - 2]!.promise;

    push.current().emit(figures);
    push.current().emit(figures);
    push.current().emit(figures);
    await settle();
    expect(reads()).toBe(2);

    answers[0]!.resolve(board({ totals: { ...board().totals, callsIn: 43 } }));
    await settle();
    expect(shown().data?.totals.callsIn).toBe(43);
    expect(reads()).toBe(3);

    answers[1]!.resolve(board({ totals: { ...board().totals, callsIn: 44 } }));
    await settle();
    expect(shown().data?.totals.callsIn).toBe(44);
    expect(reads()).toBe(3);
  });

  it('keeps a change heard while a read was out over that read’s older answer', async () => {
    await login();
    await showBoard();
    const answer = deferred<Board>();
    hub.handlers.board = () => answer.promise;

    push.current().emit(figures);
    await settle();
    push.current().emit(agentState({ userId: userIds.li, state: 'wrap_up', reasonCode: null, callId: 'call-li', since: before(0) }));
    answer.resolve(board({ totals: { ...board().totals, answered: 41 } }));
    await settle();

    expect(shown().data?.totals.answered).toBe(41);
    expect(rowOf(userIds.li)).toMatchObject({ state: 'wrap_up', since: before(0), call: { number: '+8613800138000' } });
  });

  it('reads the board again when the stream reconnects, since what changed meanwhile was never pushed', async () => {
    await login();
    push.current().setState('connected');
    await showBoard();
    const before = reads();

    push.current().setState('reconnecting');
    push.current().setState('connected');
    await settle();

    expect(reads()).toBe(before + 1);
  });

  it('ignores events while hidden, and reads the board again when shown', async () => {
    await login();
    await showBoard();
    state().hideBoard();

    push.current().emit(agentState({ state: 'not_ready' }));
    push.current().emit(figures);
    await settle();
    expect(rowOf(userIds.zhang)?.state).toBe('ready');
    expect(reads()).toBe(1);

    onHub = board({ agents: [boardAgent({ state: 'not_ready', reasonCode: 'break', since: before(0) })] });
    await showBoard();
    expect(reads()).toBe(2);
    expect(rowOf(userIds.zhang)?.state).toBe('not_ready');
  });

  it('says why the first read failed, and shows the board after a retry', async () => {
    await login();
    hub.handlers.board = async () => Promise.reject(networkDown());
    await showBoard();
    expect(shown()).toMatchObject({ status: 'error', data: null, error: { code: 'network' } });

    hub.handlers.board = async () => structuredClone(onHub);
    await state().reloadBoard();
    expect(shown()).toMatchObject({ status: 'ready', data: board(), error: null });
  });

  it('keeps what it shows when a refresh fails, and says so', async () => {
    await login();
    await showBoard();
    hub.handlers.board = async () => Promise.reject(networkDown());

    await state().reloadBoard();

    expect(shown()).toMatchObject({ status: 'ready', data: board(), error: { code: 'network' } });
  });

  it('starts afresh at another login', async () => {
    await login();
    await showBoard();
    await state().logout();
    onHub = board({ agents: [boardAgent({ state: 'talking', since: before(1) })] });
    await login(otherSupervisor);
    await settle();

    expect(reads()).toBe(2);
    expect(shown().data?.agents).toHaveLength(1);
    expect(hub.calls.filter((call) => call.includes(' board ')).at(-1)).toBe(`${HUB} board tok-manager1`);
  });
});
