// @vitest-environment jsdom
import { cleanup, configure, fireEvent, render as renderInto, screen, within } from '@testing-library/react';
import { ConfigProvider } from 'antd';
import type { ReactElement } from 'react';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { User } from '../../../../shared/api/auth';
import { BoardPane } from '../../../../renderer/src/features/board/board-pane';
import { initI18n } from '../../../../renderer/src/i18n';
import { configureStoreDeps, resetStore, useConsoleStore } from '../../../../renderer/src/store';
import { installDomShims } from '../features/cases/dom';
import { fakeClock } from '../support/fake-clock';
import { fakeHub, networkDown } from '../support/fake-hub';
import { AGENT_PHONE_CONFIG } from '../support/phone-config';
import { quietConsole, storeTestDeps } from '../support/store-test-deps';
import { AS_OF_MS, board } from './board-fixtures';

const HUB = 'http://127.0.0.1:8790';
const supervisor: User = { id: '0193a1b2-0000-7000-8000-0000000000f1', username: 'supervisor1', role: 'supervisor', displayName: '陈静', departmentCode: 'service' };

let hub: ReturnType<typeof fakeHub>;

const render = (element: ReactElement) =>
  renderInto(
    <ConfigProvider button={{ autoInsertSpace: false }} theme={{ token: { motion: false } }}>
      {element}
    </ConfigProvider>,
  );

const figureOf = (region: HTMLElement, title: string) => within(region).getByText(title).closest('.ant-statistic')!.querySelector('.ant-statistic-content')!.textContent;

beforeAll(async () => {
  await initI18n('zh-CN');
  // A wait's limit, not a timing assertion: antd tables take a while on a busy two-core machine.
  configure({ asyncUtilTimeout: 10_000 });
});

beforeEach(() => {
  quietConsole();
  installDomShims();
  resetStore();
  hub = fakeHub();
  hub.handlers.board = async () => board();
  hub.handlers.phoneConfig = async () => ({ ...AGENT_PHONE_CONFIG, sip: null });
  // The store's clock 3 s behind the hub's: the board says when it was updated on the hub's clock.
  configureStoreDeps(storeTestDeps({ hub, clock: fakeClock(AS_OF_MS - 3_000).clock }).deps);
  useConsoleStore.setState((s) => ({ session: { ...s.session, status: 'signed-in', user: supervisor, token: 'tok', hubUrl: HUB } }));
});

afterEach(() => {
  cleanup();
  resetStore();
  vi.restoreAllMocks();
});

describe('BoardPane', () => {
  it('shows today’s totals as cards and when the hub last told the board something', async () => {
    render(<BoardPane />);
    const totals = await screen.findByRole('region', { name: '今日数据（2026-03-15）' });
    const titles = ['来电', '外呼', '接通', '平均处理时长', '平均话后处理', '未结投诉', '超期投诉', '待回访', '满意率'];
    expect(titles.map((title) => figureOf(totals, title))).toEqual(['42', '7', '40', '03:05', '00:32', '5', '1', '3', '87.5%']);
    // 02:00 UTC is 10:00 in Shanghai, the center's zone.
    expect(screen.getByText('更新于 10:00:00')).toBeTruthy();
    expect(screen.getByRole('table', { name: '坐席' })).toBeTruthy();
    // No push connection in this console: the board says it is not live.
    expect(screen.getByRole('status').textContent).toBe('没有实时更新');
  });

  it('says why the board could not be read, and shows it after Retry', async () => {
    hub.handlers.board = async () => Promise.reject(networkDown());
    render(<BoardPane />);
    const alert = (await screen.findByText('无法读取看板')).closest('[role="alert"]') as HTMLElement;
    expect(alert.textContent).toContain('无法连接服务器');

    hub.handlers.board = async () => board();
    fireEvent.click(within(alert).getByRole('button', { name: '重试' }));
    await screen.findByRole('table', { name: '坐席' });
    expect(screen.queryByText('无法读取看板')).toBeNull();
  });

  it('keeps the board when a refresh fails, and says so beside it', async () => {
    render(<BoardPane />);
    await screen.findByRole('table', { name: '坐席' });
    hub.handlers.board = async () => Promise.reject(networkDown());

    fireEvent.click(screen.getByRole('button', { name: '刷新' }));

    await screen.findByText('无法刷新看板，下面是上次读取的数据');
    expect(screen.getByRole('table', { name: '坐席' })).toBeTruthy();
  });
});
