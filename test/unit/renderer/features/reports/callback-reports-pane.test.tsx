// @vitest-environment jsdom
import { cleanup, configure, fireEvent, render as renderInto, screen, waitFor, within } from '@testing-library/react';
import { ConfigProvider } from 'antd';
import type { ReactElement } from 'react';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { User } from '../../../../../shared/api/auth';
import type { CallbackReport } from '../../../../../shared/api/callbacks';
import type { ComplaintReportQuery } from '../../../../../shared/api/complaints';
import { ReportsPane } from '../../../../../renderer/src/features/reports/reports-pane';
import { initI18n } from '../../../../../renderer/src/i18n';
import { configureStoreDeps, resetStore, useConsoleStore } from '../../../../../renderer/src/store';
import { fakeHub, networkDown } from '../../support/fake-hub';
import { installDomShims } from '../cases/dom';
import { quietConsole, storeTestDeps } from '../../support/store-test-deps';
import { callbackReport } from './callback-report-fixture';
import { complaintReport } from './report-fixture';

const HUB = 'http://127.0.0.1:8790';
const callbackUser: User = { id: '0193a1b2-0000-7000-8000-0000000000b1', username: 'callback1', role: 'callback', displayName: '赵回访', departmentCode: 'callback' };
const supervisor: User = { id: '0193a1b2-0000-7000-8000-0000000000a1', username: 'supervisor1', role: 'supervisor', displayName: '李主管', departmentCode: 'service' };
// 15 March 2026 at 10:00 on this PC, whatever its time zone.
const now = () => new Date(2026, 2, 15, 10, 0);

let hub: ReturnType<typeof fakeHub>;

const answering = async (_token: string, query: { from: string; to: string }): Promise<CallbackReport> =>
  callbackReport({ period: { from: query.from, to: query.to, timeZone: 'Asia/Shanghai' } });

const callsOf = (method: string) => hub.calls.filter((call) => call.includes(` ${method} `));
const asked = (from: string, to: string) => `${HUB} callbackReport tok ${from} ${to}`;

// As in the complaint pane's tests: the app's button spacing, and no motion jsdom would never end.
const render = (element: ReactElement) =>
  renderInto(
    <ConfigProvider button={{ autoInsertSpace: false }} theme={{ token: { motion: false } }}>
      {element}
    </ConfigProvider>,
  );

const cellsOf = (section: HTMLElement): string[][] =>
  [...section.querySelectorAll('table tbody tr.ant-table-row')].map((row) => [...row.querySelectorAll('td')].map((cell) => cell.textContent ?? '')).filter((cells) => cells.length > 0);

function signIn(user: User) {
  useConsoleStore.setState((s) => ({ session: { ...s.session, status: 'signed-in', user, token: 'tok', hubUrl: HUB } }));
}

beforeAll(async () => {
  await initI18n('zh-CN');
  // A wait's limit, not a timing assertion: antd tables take a while on a busy two-core machine.
  configure({ asyncUtilTimeout: 10_000 });
});

beforeEach(() => {
  quietConsole();
  // The tabs and tables measure themselves (ResizeObserver), which jsdom cannot.
  installDomShims();
  vi.spyOn(HTMLCanvasElement.prototype, 'getContext').mockReturnValue(null);
  resetStore();
  hub = fakeHub();
  configureStoreDeps(storeTestDeps({ hub }).deps);
  hub.handlers.callbackReport = answering;
  hub.handlers.complaintReport = async (_token: string, query: ComplaintReportQuery) =>
    complaintReport({ period: { from: query.from, to: query.to, timeZone: 'Asia/Shanghai' } });
});

afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
});

describe('ReportsPane for callback staff', () => {
  it('shows only the callback tab and never asks for the complaint report', async () => {
    signIn(callbackUser);
    render(<ReportsPane now={now} />);
    await screen.findByText('统计周期 2026-03-01 至 2026-03-15（时区 Asia/Shanghai），统计于 2026-03-15 10:05:09');
    expect(screen.getAllByRole('tab').map((tab) => tab.textContent)).toEqual(['回访统计']);
    expect(callsOf('callbackReport')).toEqual([asked('2026-03-01', '2026-03-15')]);
    expect(callsOf('complaintReport')).toEqual([]);
  });

  it('leads with the summary figures, rates to one decimal', async () => {
    signIn(callbackUser);
    render(<ReportsPane now={now} />);
    const summary = await screen.findByRole('region', { name: '汇总' });
    const figure = (title: string) => within(summary).getByText(title).closest('.ant-statistic')!.querySelector('.ant-statistic-content')!.textContent;
    expect([figure('应回访'), figure('已完成'), figure('超时'), figure('接通率'), figure('满意率')]).toEqual(['10', '6', '2', '66.7%', '66.7%']);
  });

  it('lists every figure per agent and per type, a dash where a rate has no denominator', async () => {
    signIn(callbackUser);
    render(<ReportsPane now={now} />);
    const agents = await screen.findByRole('region', { name: '按回访专员' });
    expect([...agents.querySelectorAll('thead th')].map((h) => h.textContent)).toEqual(['回访专员', '应回访', '已完成', '超时', '已拨打', '已接通', '接通率', '已调查', '满意', '满意率']);
    expect(cellsOf(agents)).toEqual([
      ['赵回访', '5', '4', '0', '5', '4', '80.0%', '2', '2', '100.0%'],
      ['钱回访', '4', '2', '1', '4', '2', '50.0%', '1', '0', '0.0%'],
      ['任务池', '1', '0', '1', '0', '0', '—', '0', '0', '—'],
    ]);
    expect(cellsOf(screen.getByRole('region', { name: '按回访类型' }))).toEqual([
      ['售前回访', '2', '1', '0', '2', '1', '50.0%', '0', '0', '—'],
      ['售后回访', '3', '2', '1', '3', '2', '66.7%', '0', '0', '—'],
      ['投诉回访', '5', '3', '1', '4', '3', '75.0%', '3', '2', '66.7%'],
      ['合计', '10', '6', '2', '9', '6', '66.7%', '3', '2', '66.7%'],
    ]);
  });

  it('sorts the agents by a figure, those with no rate below a real 0 %', async () => {
    signIn(callbackUser);
    render(<ReportsPane now={now} />);
    const agents = await screen.findByRole('region', { name: '按回访专员' });
    const header = [...agents.querySelectorAll('thead th')].find((h) => h.textContent === '满意率')!;
    fireEvent.click(header);
    await waitFor(() => expect(cellsOf(agents).map((row) => row[0])).toEqual(['赵回访', '钱回访', '任务池']));
    expect(header.getAttribute('aria-sort')).toBe('descending');
    fireEvent.click(header);
    await waitFor(() => expect(cellsOf(agents).map((row) => row[0])).toEqual(['任务池', '钱回访', '赵回访']));
  });

  it('names the charts with their figures', async () => {
    signIn(callbackUser);
    render(<ReportsPane now={now} />);
    const agents = await screen.findByRole('region', { name: '按回访专员' });
    expect(within(agents).getByRole('img').getAttribute('aria-label')).toMatch(/^回访专员完成与超时（柱状图）：赵回访 已完成 4 件，超时 0 件；/);
    const trend = screen.getByRole('region', { name: '每日满意率' });
    expect(within(trend).getByRole('img').getAttribute('aria-label')).toBe('每日满意率（折线图）：2026-03-02 100.0%（2/2）；2026-03-05 0.0%（0/1）；其余 13 天无调查');
  });

  it('keeps the last figures when a new period fails, says so, and shows the new ones after a retry', async () => {
    signIn(callbackUser);
    render(<ReportsPane now={now} />);
    await screen.findByRole('region', { name: '按回访专员' });

    hub.handlers.callbackReport = async () => Promise.reject(networkDown());
    fireEvent.click(screen.getByRole('button', { name: '上月' }));
    const failed = await screen.findByText('无法生成回访统计报表');
    const box = failed.closest('[role="alert"]') as HTMLElement;
    expect(box.textContent).toContain('无法连接服务器');
    expect(box.textContent).toContain('下面仍是 2026-03-01 至 2026-03-15 的统计。');
    expect(screen.getByText(/^统计周期 2026-03-01 至 2026-03-15/)).toBeTruthy();
    expect(screen.getByRole('region', { name: '按回访专员' })).toBeTruthy();

    hub.handlers.callbackReport = answering;
    fireEvent.click(within(box).getByRole('button', { name: '重试' }));
    await screen.findByText(/^统计周期 2026-02-01 至 2026-02-28/);
    expect(screen.queryByText('无法生成回访统计报表')).toBeNull();
    expect(callsOf('callbackReport')).toEqual([asked('2026-03-01', '2026-03-15'), asked('2026-02-01', '2026-02-28'), asked('2026-02-01', '2026-02-28')]);
  });

  it('shows progress while the hub counts the first time', async () => {
    signIn(callbackUser);
    hub.handlers.callbackReport = () => new Promise<CallbackReport>(() => {});
    render(<ReportsPane now={now} />);
    expect((await screen.findByRole('status')).textContent).toContain('正在统计 2026-03-01 至 2026-03-15 的回访…');
  });

  it('saves the agent and type tables as CSV named for the period, with the byte order mark', async () => {
    const blobs: Blob[] = [];
    const names: string[] = [];
    vi.spyOn(URL, 'createObjectURL').mockImplementation((blob) => {
      blobs.push(blob as Blob);
      return `blob:report-${blobs.length}`;
    });
    vi.spyOn(URL, 'revokeObjectURL').mockImplementation(() => undefined);
    // jsdom cannot navigate to a download; what the link was to save is what matters.
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      names.push(this.download);
    });
    signIn(callbackUser);
    render(<ReportsPane now={now} />);
    fireEvent.click(await screen.findByRole('button', { name: /导出 CSV/ }));
    await waitFor(() => expect(names).toEqual(['回访统计_2026-03-01_2026-03-15.csv']));
    const bytes = new Uint8Array(await blobs[0]!.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder().decode(bytes.slice(3));
    expect(text).toContain('\r\n赵回访,5,4,0,5,4,80.0%,2,2,100.0%\r\n');
    expect(text).toContain('\r\n投诉回访,5,3,1,4,3,75.0%,3,2,66.7%\r\n');
  });
});

describe('ReportsPane for supervisors', () => {
  it('offers every tab, opens on the complaint statistics, and asks for the callback figures only when their tab is opened', async () => {
    signIn(supervisor);
    render(<ReportsPane now={now} />);
    await screen.findByRole('region', { name: '受理情况' });
    expect(screen.getAllByRole('tab').map((tab) => tab.textContent)).toEqual(['投诉统计', '回访统计', '通话统计', '质检统计']);
    expect(callsOf('complaintReport')).toHaveLength(1);
    expect(callsOf('callbackReport')).toEqual([]);

    fireEvent.click(screen.getByRole('tab', { name: '回访统计' }));
    await screen.findByRole('region', { name: '按回访专员' });
    expect(callsOf('callbackReport')).toEqual([asked('2026-03-01', '2026-03-15')]);
    expect(callsOf('complaintReport')).toHaveLength(1);
  });
});
