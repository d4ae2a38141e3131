// @vitest-environment jsdom
import { act, cleanup, fireEvent, render as renderInto, screen, within } from '@testing-library/react';
import { ConfigProvider } from 'antd';
import type { ReactElement } from 'react';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Board } from '../../../../shared/api/board';
import { BoardTable } from '../../../../renderer/src/features/board/board-table';
import { initI18n } from '../../../../renderer/src/i18n';
import { installDomShims } from '../features/cases/dom';
import { quietConsole } from '../support/store-test-deps';
import { AS_OF_MS, before, board, boardAgent } from './board-fixtures';

const REASONS = [{ code: 'meal', label: { 'zh-CN': '用餐', 'en-US': 'Meal' } }];

// No motion: jsdom never ends a CSS transition.
const render = (element: ReactElement) =>
  renderInto(
    <ConfigProvider button={{ autoInsertSpace: false }} theme={{ token: { motion: false } }}>
      {element}
    </ConfigProvider>,
  );

/** This PC runs 3 s behind the hub: the board adds the 3 s, so its times are the hub's. */
const show = (b: Board = board()) => render(<BoardTable board={b} clockOffsetMs={3_000} reasonCodes={REASONS} language="zh-CN" />);

const agentsTable = () => screen.getByRole('region', { name: '坐席' }).querySelector('table')!;
const rowsOf = (table: Element) => [...table.querySelectorAll('tbody tr.ant-table-row')] as HTMLElement[];
const cellsOf = (row: Element) => [...row.querySelectorAll('td')].map((cell) => cell.textContent ?? '');
const rowNamed = (name: string) => rowsOf(agentsTable()).find((row) => cellsOf(row)[0]!.startsWith(name))!;
const tick = (ms: number) => act(() => void vi.advanceTimersByTime(ms));

beforeAll(async () => {
  await initI18n('zh-CN');
});

beforeEach(() => {
  quietConsole();
  installDomShims();
  vi.useFakeTimers();
  vi.setSystemTime(AS_OF_MS - 3_000);
});

afterEach(() => {
  cleanup();
  vi.useRealTimers();
  vi.restoreAllMocks();
});

describe('BoardTable', () => {
  it('lists the signed-in agents in board order with state, time in state, reason and call', () => {
    const b = board();
    b.agents[0] = { ...b.agents[0]!, state: 'not_ready', reasonCode: 'meal' };
    show(b);

    expect([...agentsTable().querySelectorAll('thead th')].map((h) => h.textContent)).toEqual(['坐席', '分机', '状态', '状态时长', '原因', '通话号码', '客户', '通话时长']);
    expect(rowsOf(agentsTable()).map(cellsOf)).toEqual([
      ['王芳callback1', '1101', '话后处理超时', '01:15', '—', '—', '—', '—'],
      ['李娜agent2', '1002', '通话中', '02:00', '—', '呼入+8613800138000', '王先生', '02:05'],
      ['张敏agent1', '1001', '未就绪', '01:30', '用餐', '—', '—', '—'],
    ]);
  });

  it('marks a wrap-up overrun in words and by the row, not by colour alone', () => {
    show();
    const overrun = rowNamed('王芳');
    expect(within(overrun).getByText('超时')).toBeTruthy();
    expect(overrun.style.background).not.toBe('');
    expect(overrun.querySelector('td')!.style.boxShadow).toContain('inset');
    const other = rowNamed('李娜');
    expect(within(other).queryByText('超时')).toBeNull();
    expect(other.style.background).toBe('');
  });

  it('ticks the times in state and on calls every second', () => {
    show();
    tick(3_000);
    expect(cellsOf(rowNamed('李娜'))[3]).toBe('02:03');
    expect(cellsOf(rowNamed('李娜'))[7]).toBe('02:08');
    expect(cellsOf(rowNamed('张敏'))[3]).toBe('01:33');
  });

  it('flags a wrap-up when it runs past the center’s limit, with no word from the hub', () => {
    show(board({ agents: [boardAgent({ state: 'wrap_up', since: before(58) })] }));
    expect(within(rowNamed('张敏')).queryByText('超时')).toBeNull();
    tick(3_000);
    expect(within(rowNamed('张敏')).getByText('超时')).toBeTruthy();
    expect(rowNamed('张敏').style.background).not.toBe('');
  });

  it('keeps the signed-out agents in a closed group of their own', () => {
    show();
    expect(rowsOf(agentsTable()).map((row) => cellsOf(row)[0])).not.toContain('赵强agent3');
    const group = screen.getByRole('button', { name: /未登录的坐席（1）/ });
    expect(group.getAttribute('aria-expanded')).toBe('false');
    fireEvent.click(group);
    const tables = screen.getByRole('region', { name: '坐席' }).querySelectorAll('table');
    expect(rowsOf(tables[1]!).map(cellsOf)).toEqual([['赵强agent3', '1003', '未登录', '—', '—', '—', '—', '—']]);
  });

  it('narrows the rows by a search over names, extensions, numbers and customers', () => {
    show();
    fireEvent.change(screen.getByLabelText('搜索'), { target: { value: '王先生' } });
    expect(rowsOf(agentsTable()).map((row) => cellsOf(row)[0])).toEqual(['李娜agent2']);
    fireEvent.change(screen.getByLabelText('搜索'), { target: { value: 'nobody' } });
    expect(within(screen.getByRole('region', { name: '坐席' })).getByText('没有符合条件的坐席。')).toBeTruthy();
  });

  it('says when the center has no agents at all', () => {
    show(board({ agents: [] }));
    expect(screen.getByText('本中心还没有坐席账号。')).toBeTruthy();
  });
});
