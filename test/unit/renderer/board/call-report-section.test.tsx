// @vitest-environment jsdom
import { cleanup, configure, fireEvent, render as renderInto, screen, waitFor, within } from '@testing-library/react';
import { ConfigProvider } from 'antd';
import type { ReactElement } from 'react';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { User } from '../../../../shared/api/auth';
import type { CallReportQuery } from '../../../../shared/api/board';
import type { OrgDesign } from '../../../../shared/api/org';
import { ReportsPane } from '../../../../renderer/src/features/reports/reports-pane';
import { initI18n } from '../../../../renderer/src/i18n';
import { configureStoreDeps, resetStore, useConsoleStore } from '../../../../renderer/src/store';
import { installDomShims } from '../features/cases/dom';
import { complaintReport } from '../features/reports/report-fixture';
import { fakeHub, networkDown } from '../support/fake-hub';
import { quietConsole, storeTestDeps } from '../support/store-test-deps';
import { callReport } from './board-fixtures';

const HUB = 'http://127.0.0.1:8790';
const supervisor: User = { id: '0193a1b2-0000-7000-8000-0000000000f1', username: 'supervisor1', role: 'supervisor', displayName: '陈静', departmentCode: 'service' };
// 15 March 2026 at 10:00 on this PC, whatever its time zone.
const now = () => new Date(2026, 2, 15, 10, 0);

const org: OrgDesign = {
  departments: [
    { id: 'd1', code: 'acceptance', name: { 'zh-CN': '业务受理组', 'en-US': 'Acceptance' }, parentId: null, kind: 'acceptance' },
    { id: 'd2', code: 'callback', name: { 'zh-CN': '回访调查组', 'en-US': 'Callbacks' }, parentId: null, kind: 'callback' },
  ],
  queues: [
    { id: 'q1', code: 'consult', name: { 'zh-CN': '业务咨询', 'en-US': 'Consultation' }, departmentId: 'd1', ivrChoice: 'consult' },
    { id: 'q2', code: 'complaint', name: { 'zh-CN': '投诉建议', 'en-US': 'Complaints' }, departmentId: 'd1', ivrChoice: 'complaint' },
  ],
  transferTargets: [],
  escalationChain: [],
};

let hub: ReturnType<typeof fakeHub>;

const render = (element: ReactElement) =>
  renderInto(
    <ConfigProvider button={{ autoInsertSpace: false }} theme={{ token: { motion: false } }}>
      {element}
    </ConfigProvider>,
  );

const cellsOf = (section: HTMLElement): string[][] =>
  [...section.querySelectorAll('table tbody tr.ant-table-row')].map((row) => [...row.querySelectorAll('td')].map((cell) => cell.textContent ?? ''));
const asked = () => hub.calls.filter((call) => call.includes(' callReport '));

async function openCallsTab() {
  render(<ReportsPane now={now} />);
  await screen.findByRole('region', { name: '受理情况' });
  fireEvent.click(screen.getByRole('tab', { name: '通话统计' }));
  return screen.findByRole('region', { name: '按坐席' });
}

beforeAll(async () => {
  await initI18n('zh-CN');
  // A wait's limit, not a timing assertion: antd tables take a while on a busy two-core machine.
  configure({ asyncUtilTimeout: 10_000 });
});

beforeEach(() => {
  quietConsole();
  installDomShims();
  vi.spyOn(HTMLCanvasElement.prototype, 'getContext').mockReturnValue(null);
  resetStore();
  hub = fakeHub();
  hub.handlers.org = async () => org;
  hub.handlers.complaintReport = async () => complaintReport();
  hub.handlers.callReport = async (_token: string, query: CallReportQuery) =>
    callReport({ period: { from: query.from, to: query.to, timeZone: 'Asia/Shanghai' }, department: query.department ?? null });
  configureStoreDeps(storeTestDeps({ hub }).deps);
  useConsoleStore.setState((s) => ({ session: { ...s.session, status: 'signed-in', user: supervisor, token: 'tok', hubUrl: HUB } }));
});

afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
});

describe('the calls tab (通话统计)', () => {
  it('opens on this month so far for every department, and leads with the summary', async () => {
    await openCallsTab();
    expect(asked()).toEqual([`${HUB} callReport tok 2026-03-01 2026-03-15 -`]);
    expect(screen.getByText('统计周期 2026-03-01 至 2026-03-15，全部部门（时区 Asia/Shanghai），统计于 2026-03-15 10:05:09')).toBeTruthy();
    const summary = screen.getByRole('region', { name: '汇总' });
    const figure = (title: string) => within(summary).getByText(title).closest('.ant-statistic')!.querySelector('.ant-statistic-content')!.textContent;
    expect(['来电', '外呼', '接通', '接通率', '平均处理时长', '平均话后处理'].map(figure)).toEqual(['10', '2', '8', '80.0%', '05:00', '00:48']);
  });

  it('lists every figure per agent and per queue, queues by their names and the total last', async () => {
    const agents = await openCallsTab();
    expect([...agents.querySelectorAll('thead th')].map((h) => h.textContent)).toEqual([
      '坐席', '来电', '外呼', '接通', '未接通', '接通率', '通话时长', '保持时长', '话后处理时长', '平均通话时长', '平均处理时长', '平均话后处理',
    ]);
    expect(cellsOf(agents)).toEqual([
      ['张敏', '6', '2', '5', '1', '83.3%', '25:00', '01:00', '05:00', '03:34', '04:25', '00:42'],
      ['李娜', '4', '0', '3', '1', '75.0%', '15:00', '01:00', '03:00', '05:00', '06:20', '01:00'],
    ]);
    await waitFor(() => expect(cellsOf(screen.getByRole('region', { name: '按队列' })).map((row) => row[0])).toEqual(['业务咨询', '投诉建议', '直拨与外呼', '合计']));
  });

  it('shows the dispositions most first, those without one last, and names the charts with their figures', async () => {
    await openCallsTab();
    const dispositions = screen.getByRole('region', { name: '处理结果' });
    expect(cellsOf(dispositions)).toEqual([
      ['已解决', '5', '55.6%'],
      ['已建工单', '3', '33.3%'],
      ['无效来电', '0', '0.0%'],
      ['未填写', '1', '11.1%'],
    ]);
    expect(within(dispositions).getByRole('img').getAttribute('aria-label')).toBe('处理结果（饼图）：已解决 5 通，占 55.6%；已建工单 3 通，占 33.3%；未填写 1 通，占 11.1%');
    expect(within(screen.getByRole('region', { name: '每日通话' })).getByRole('img').getAttribute('aria-label')).toBe(
      '每日通话（折线图）：2026-03-01 来电 6、外呼 1、接通 5、平均处理 04:10；2026-03-03 来电 4、外呼 1、接通 3、平均处理 03:20；其余 1 天无通话',
    );
  });

  it('counts one department’s agents when it is chosen', async () => {
    await openCallsTab();
    fireEvent.mouseDown(screen.getByLabelText('部门'));
    fireEvent.click(await screen.findByRole('option', { name: '回访调查组' }));
    await screen.findByText(/^统计周期 2026-03-01 至 2026-03-15，回访调查组/);
    expect(asked()).toEqual([`${HUB} callReport tok 2026-03-01 2026-03-15 -`, `${HUB} callReport tok 2026-03-01 2026-03-15 callback`]);
  });

  it('keeps the last figures when the next ones fail, and counts again on Retry', async () => {
    await openCallsTab();
    hub.handlers.callReport = async () => Promise.reject(networkDown());
    fireEvent.click(screen.getByRole('button', { name: '上月' }));
    const box = (await screen.findByText('无法生成通话统计报表')).closest('[role="alert"]') as HTMLElement;
    expect(box.textContent).toContain('下面仍是 2026-03-01 至 2026-03-15 的统计。');
    expect(screen.getByRole('region', { name: '按坐席' })).toBeTruthy();

    hub.handlers.callReport = async (_token: string, query: CallReportQuery) => callReport({ period: { from: query.from, to: query.to, timeZone: 'Asia/Shanghai' } });
    fireEvent.click(within(box).getByRole('button', { name: '重试' }));
    await screen.findByText(/^统计周期 2026-02-01 至 2026-02-28/);
    expect(asked()).toHaveLength(3);
  });
});
