// @vitest-environment jsdom
import { cleanup, configure, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { ConfigProvider } from 'antd';
import i18next from 'i18next';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { User } from '../../../../../shared/api/auth';
import type { QaFigures, QaFiguresQuery } from '../../../../../shared/api/qa';
import { qaExportSheet } from '../../../../../renderer/src/features/reports/qa-report-export';
import { ReportsPane } from '../../../../../renderer/src/features/reports/reports-pane';
import { initI18n } from '../../../../../renderer/src/i18n';
import { configureStoreDeps, resetStore, useConsoleStore } from '../../../../../renderer/src/store';
import { fakeHub } from '../../support/fake-hub';
import { quietConsole, storeTestDeps } from '../../support/store-test-deps';
import { installDomShims } from '../cases/dom';
import { scorecard } from '../qa/qa-fixtures';

const HUB = 'http://127.0.0.1:8790';
const supervisor: User = { id: '0193a1b2-0000-7000-8000-0000000000a1', username: 'supervisor1', role: 'supervisor', displayName: '李主管', departmentCode: 'service' };
const now = () => new Date(2026, 2, 15, 10, 0);
let hub: ReturnType<typeof fakeHub>;
let asked: QaFiguresQuery[];

const figures = (query: QaFiguresQuery): QaFigures => ({
  from: query.from,
  to: query.to,
  totals: { evaluations: 3, averageScore: 62.2, fatal: 1, acknowledged: 1, disputed: 1 },
  perAgent: [
    { agentId: '0193a1b2-0000-7000-8000-0000000000a9', agentName: '张坐席', evaluations: 2, averageScore: 93.3, lowestScore: 90, fatal: 0, disputed: 0 },
    { agentId: '0193a1b2-0000-7000-8000-0000000000aa', agentName: '王坐席', evaluations: 1, averageScore: 0, lowestScore: 0, fatal: 1, disputed: 1 },
  ],
  perItem: [
    { scorecardId: 'default', itemId: 'greeting', scored: 3, averageShare: 0.8, failures: 0 },
    { scorecardId: 'default', itemId: 'privacy', scored: 3, averageShare: 0.667, failures: 1 },
    { scorecardId: 'retired', itemId: 'old', scored: 1, averageShare: null, failures: 0 },
  ],
  trend: [
    { period: '2026-03-02', evaluations: 2, averageScore: 93.3 },
    { period: '2026-03-09', evaluations: 1, averageScore: 0 },
  ],
});

const cellsOf = (section: HTMLElement): string[][] =>
  [...section.querySelectorAll('table tbody tr.ant-table-row')].map((row) => [...row.querySelectorAll('td')].map((cell) => cell.textContent ?? ''));

beforeAll(async () => {
  await initI18n('zh-CN');
  configure({ asyncUtilTimeout: 10_000 });
});

beforeEach(() => {
  quietConsole();
  installDomShims();
  vi.spyOn(HTMLCanvasElement.prototype, 'getContext').mockReturnValue(null);
  resetStore();
  hub = fakeHub();
  asked = [];
  hub.handlers.org = async () => Promise.reject(new Error('no org in this test'));
  hub.handlers.complaintReport = async () => Promise.reject(new Error('not this tab'));
  hub.qaHandlers.qaFigures = async (_token, query) => {
    asked.push(query);
    return figures(query);
  };
  hub.qaHandlers.qaScorecards = async () => ({ scorecards: [scorecard], inUse: { id: scorecard.id, version: scorecard.version } });
  configureStoreDeps(storeTestDeps({ hub }).deps);
  useConsoleStore.setState((s) => ({ session: { ...s.session, status: 'signed-in', user: supervisor, token: 'tok', hubUrl: HUB }, ui: { ...s.ui, language: 'zh-CN' } }));
});

afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
});

async function openQaTab() {
  render(
    <ConfigProvider button={{ autoInsertSpace: false }} theme={{ token: { motion: false } }}>
      <ReportsPane now={now} />
    </ConfigProvider>,
  );
  fireEvent.click(screen.getByRole('tab', { name: '质检统计' }));
  await screen.findByText('统计周期 2026-03-01 至 2026-03-15，全部部门');
}

describe('the quality figures tab', () => {
  it('asks for this month by week and leads with the totals when opened', async () => {
    await openQaTab();
    expect(asked).toEqual([{ from: '2026-03-01', to: '2026-03-15', bucket: 'week' }]);
    const summary = screen.getByRole('region', { name: '汇总' });
    const figure = (title: string) => within(summary).getByText(title).closest('.ant-statistic')!.querySelector('.ant-statistic-content')!.textContent;
    expect([figure('评价数'), figure('平均分'), figure('致命项不合格'), figure('有异议')]).toEqual(['3', '62.2', '1', '1']);
  });

  it('names the items by their scorecard and falls back to the ids when the card is not active', async () => {
    await openQaTab();
    expect(cellsOf(screen.getByRole('region', { name: '按评分项' }))).toEqual([
      ['规范问候', '3', '80.0%', '0'],
      ['泄露客户信息', '3', '66.7%', '1'],
      ['retired / old', '1', '—', '0'],
    ]);
    expect(cellsOf(screen.getByRole('region', { name: '按坐席' }))[1]).toEqual(['王坐席', '1', '0.0', '0.0', '1', '1']);
  });

  it('names the trend chart with every period’s figures', async () => {
    await openQaTab();
    const chart = within(screen.getByRole('region', { name: '趋势' })).getByRole('img');
    expect(chart.getAttribute('aria-label')).toBe('质检趋势：2026-03-02 平均分 93.3（2 份）；2026-03-09 平均分 0.0（1 份）');
  });

  it('asks again by month when the bucket is changed', async () => {
    await openQaTab();
    fireEvent.mouseDown(screen.getByLabelText('趋势粒度'));
    fireEvent.click(await screen.findByRole('option', { name: '按月' }));
    await waitFor(() => expect(asked.at(-1)).toEqual({ from: '2026-03-01', to: '2026-03-15', bucket: 'month' }));
  });
});

describe('qaExportSheet', () => {
  it('writes scores as numbers and item shares as ratios when exported', () => {
    const report = { period: { from: '2026-03-01', to: '2026-03-31' }, figures: figures({ from: '2026-03-01', to: '2026-03-31' }), scorecards: [scorecard] };
    const sheet = qaExportSheet(i18next.t, report, 'zh-CN', '全部部门');
    expect(sheet.rows).toContainEqual(['张坐席', 2, 93.3, 90, 0, 0]);
    expect(sheet.rows).toContainEqual(['规范问候', 3, { share: 0.8 }, 0]);
    expect(sheet.rows).toContainEqual(['2026-03-09', 1, 0]);
    expect(sheet.kinds[0]).toBe('title');
  });
});
