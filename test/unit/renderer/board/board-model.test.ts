import { describe, expect, it } from 'vitest';
import { boardRows, compareAgents, isOverrun, nextOverrunAt, NO_BOARD_FILTER, reasonText, totalText, TOTAL_FIGURES } from '../../../../renderer/src/features/board/board-model';
import { AS_OF_MS, before, board, boardAgent, userIds } from './board-fixtures';

const names = (agents: { displayName: string }[]) => agents.map((agent) => agent.displayName);

describe('board rows', () => {
  it('orders by state, wrap-up and calls before the free and the away, then the longest in a state first', () => {
    const agents = [
      boardAgent({ userId: userIds.zhang, displayName: 'ready-short', state: 'ready', since: before(10) }),
      boardAgent({ userId: userIds.li, displayName: 'away', state: 'not_ready', since: before(999) }),
      boardAgent({ userId: userIds.wang, displayName: 'ready-long', state: 'ready', since: before(500) }),
      boardAgent({ userId: userIds.zhao, displayName: 'talking', state: 'talking', since: before(5) }),
      boardAgent({ userId: userIds.newcomer, displayName: 'wrap-up', state: 'wrap_up', since: before(1) }),
    ];
    expect(names([...agents].sort(compareAgents))).toEqual(['wrap-up', 'talking', 'ready-long', 'ready-short', 'away']);
  });

  it('puts the signed-out apart, and lets through only what the filters match', () => {
    const b = board();
    const all = boardRows(b.agents, NO_BOARD_FILTER, b.wrapUpSeconds, AS_OF_MS);
    expect(names(all.present)).toEqual(['王芳', '李娜', '张敏']);
    expect(names(all.loggedOut)).toEqual(['赵强']);
    expect(names(boardRows(b.agents, { state: 'talking', text: '' }, 60, AS_OF_MS).present)).toEqual(['李娜']);
    // A state filter is about those signed in: 赵强's last state was not_ready, but he is not away, he is gone.
    expect(boardRows(b.agents, { state: 'not_ready', text: '' }, 60, AS_OF_MS)).toEqual({ present: [], loggedOut: [] });
    expect(names(boardRows(b.agents, { state: null, text: '王先生' }, 60, AS_OF_MS).present)).toEqual(['李娜']);
    expect(names(boardRows(b.agents, { state: null, text: '1101' }, 60, AS_OF_MS).present)).toEqual(['王芳']);
    expect(names(boardRows(b.agents, { state: null, text: 'AGENT3' }, 60, AS_OF_MS).loggedOut)).toEqual(['赵强']);
    expect(names(boardRows(b.agents, { state: 'overrun', text: '' }, 60, AS_OF_MS).present)).toEqual(['王芳']);
  });
});

describe('isOverrun', () => {
  const wrapping = boardAgent({ state: 'wrap_up', since: before(30) });

  it('follows the clock past the center’s limit without any event', () => {
    expect(isOverrun(wrapping, 60, AS_OF_MS)).toBe(false);
    expect(isOverrun(wrapping, 60, AS_OF_MS + 31_000)).toBe(true);
  });

  it('believes the hub’s flag, and never flags without a limit or outside wrap-up', () => {
    expect(isOverrun({ ...wrapping, wrapUpOverrun: true }, 60, AS_OF_MS)).toBe(true);
    expect(isOverrun(wrapping, null, AS_OF_MS + 3_600_000)).toBe(false);
    expect(isOverrun(boardAgent({ state: 'talking', since: before(3_600) }), 60, AS_OF_MS)).toBe(false);
  });

  it('tells when the next wrap-up runs over, none when none will', () => {
    const agents = [wrapping, boardAgent({ userId: userIds.li, state: 'wrap_up', since: before(10) }), boardAgent({ userId: userIds.wang, state: 'wrap_up', since: before(5), wrapUpOverrun: true })];
    expect(nextOverrunAt(agents, 60, AS_OF_MS)).toBe(AS_OF_MS + 30_000);
    expect(nextOverrunAt(agents, null, AS_OF_MS)).toBeNull();
    expect(nextOverrunAt([boardAgent()], 60, AS_OF_MS)).toBeNull();
  });
});

describe('texts', () => {
  it('shows counts, times as mm:ss and the rate as a percentage, a dash where nothing was averaged', () => {
    const { totals } = board();
    expect(TOTAL_FIGURES.map((figure) => totalText(totals, figure))).toEqual(['42', '7', '40', '03:05', '00:32', '5', '1', '3', '87.5%']);
    expect(totalText({ ...totals, avgHandleSeconds: null, satisfactionRate: null }, 'avgHandleSeconds')).toBe('—');
    expect(totalText({ ...totals, satisfactionRate: null }, 'satisfactionRate')).toBe('—');
  });

  it('names a reason in the UI’s language, and shows a code the center no longer lists as it is', () => {
    const reasons = [{ code: 'meal', label: { 'zh-CN': '用餐', 'en-US': 'Meal' } }];
    expect(reasonText(reasons, 'meal', 'zh-CN')).toBe('用餐');
    expect(reasonText(reasons, 'meal', 'en-US')).toBe('Meal');
    expect(reasonText(reasons, 'nap', 'zh-CN')).toBe('nap');
    expect(reasonText(reasons, null, 'zh-CN')).toBeNull();
  });
});
