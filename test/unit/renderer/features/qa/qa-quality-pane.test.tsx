// @vitest-environment jsdom
import { cleanup, configure, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { User } from '../../../../../shared/api/auth';
import type { Calibration, SamplingRules, SamplingRunRequest } from '../../../../../shared/api/qa';
import { CalibrationView } from '../../../../../renderer/src/features/qa/calibration-view';
import { QualityPane } from '../../../../../renderer/src/features/qa/quality-pane';
import { ReviewQueue } from '../../../../../renderer/src/features/qa/review-queue';
import { initI18n } from '../../../../../renderer/src/i18n';
import { configureStoreDeps, resetStore, useConsoleStore } from '../../../../../renderer/src/store';
import { fakeHub } from '../../support/fake-hub';
import { quietConsole, storeTestDeps } from '../../support/store-test-deps';
import { installDomShims, Wrapped } from '../cases/dom';
import { ids, review, scorecard } from './qa-fixtures';

const HUB = 'http://127.0.0.1:8790';
const user = (role: User['role']): User => ({ id: '0193a1b2-0000-7000-8000-0000000000a1', username: `${role}1`, role, displayName: '李主管', departmentCode: 'service' });
const rules: SamplingRules = { randomPerAgent: 2, risk: [{ kind: 'complaint', enabled: true, threshold: 0, perAgent: 0 }] };
let hub: ReturnType<typeof fakeHub>;

function signIn(who: User): void {
  useConsoleStore.setState((s) => ({ session: { ...s.session, status: 'signed-in', user: who, token: 'tok', hubUrl: HUB }, ui: { ...s.ui, language: 'zh-CN' } }));
}

const calibration: Calibration = {
  id: '0193a1b2-0000-7000-8000-00000000ca01',
  callId: ids.call,
  agentName: '张坐席',
  scorecardId: 'default',
  scorecardVersion: 2,
  createdAt: '2026-03-05T01:00:00.000Z',
  assessors: [
    { assessorId: ids.assessor, name: '周质检', submitted: true, total: 100 },
    { assessorId: '0193a1b2-0000-7000-8000-0000000000b8', name: '吴质检', submitted: true, total: 0 },
  ],
  items: [
    { itemId: 'greeting', values: [{ assessorId: ids.assessor, value: 1 }, { assessorId: '0193a1b2-0000-7000-8000-0000000000b8', value: 0.8 }], spread: 0.2 },
    { itemId: 'privacy', values: [{ assessorId: ids.assessor, value: 1 }, { assessorId: '0193a1b2-0000-7000-8000-0000000000b8', value: 0 }], spread: 1 },
  ],
  totalSpread: 100,
};

beforeAll(async () => {
  installDomShims();
  await initI18n('zh-CN');
  configure({ asyncUtilTimeout: 10_000 });
});

beforeEach(() => {
  quietConsole();
  window.location.hash = '#/quality';
  hub = fakeHub();
  hub.handlers.org = async () => Promise.reject(new Error('no org in this test'));
  hub.qaHandlers.samplingRules = async () => rules;
  hub.qaHandlers.listReviews = async () => ({ reviews: [review] });
  hub.qaHandlers.qaAssessors = async () => ({ assessors: [{ id: ids.assessor, username: 'qa1', displayName: '周质检', openReviews: 3 }] });
  hub.qaHandlers.listSamplingRuns = async () => ({ runs: [] });
  hub.qaHandlers.listCalibrations = async () => ({ calibrations: [] });
  hub.qaHandlers.getCalibration = async () => calibration;
  hub.qaHandlers.qaScorecardVersion = async () => scorecard;
  configureStoreDeps(storeTestDeps({ hub }).deps);
});

afterEach(() => {
  cleanup();
  resetStore();
  window.location.hash = '';
  vi.restoreAllMocks();
});

const pane = () =>
  render(
    <Wrapped>
      <QualityPane />
    </Wrapped>,
  );

describe('the quality pane', () => {
  it('shows an admin only the sampling rules and the scorecards, every risk kind, and saves the rules', async () => {
    signIn(user('admin'));
    const saved: SamplingRules[] = [];
    hub.qaHandlers.saveSamplingRules = async (_token, body) => {
      saved.push(body);
      return body;
    };
    pane();
    expect(screen.getAllByRole('tab').map((tab) => tab.textContent)).toEqual(['抽检规则', '评分表']);
    const form = await screen.findByTestId('qa-sampling-rules');
    expect(within(form).getAllByRole('checkbox')).toHaveLength(5);
    fireEvent.click(within(form).getByRole('checkbox', { name: '通话过短' }));
    fireEvent.click(within(form).getByRole('button', { name: '保存规则' }));
    await waitFor(() => expect(saved).toHaveLength(1));
    expect(saved[0]!.risk.map((rule) => [rule.kind, rule.enabled])).toEqual([
      ['low_satisfaction', false],
      ['complaint', true],
      ['short_call', true],
      ['long_call', false],
      ['long_hold', false],
    ]);
    expect(hub.calls.some((c) => c.includes('listReviews'))).toBe(false);
  });

  it('shows a supervisor the rules read-only beside the reviews, sampling, calibration and scorecards', async () => {
    signIn(user('supervisor'));
    pane();
    expect(screen.getAllByRole('tab').map((tab) => tab.textContent)).toEqual(['全部质检', '抽检', '校准', '抽检规则', '评分表']);
    fireEvent.click(screen.getByRole('tab', { name: '抽检规则' }));
    const form = await screen.findByTestId('qa-sampling-rules');
    expect(within(form).getAllByRole('checkbox').every((box) => (box as HTMLInputElement).disabled)).toBe(true);
    expect(within(form).queryByRole('button', { name: '保存规则' })).toBeNull();
  });

  it('refuses a sampling run without an assessor and sends the period and assessors when one is chosen', async () => {
    signIn(user('manager'));
    const runs: SamplingRunRequest[] = [];
    hub.qaHandlers.createSamplingRun = async (_token, body) => {
      runs.push(body);
      return { id: '0193a1b2-0000-7000-8000-00000000aa01', from: body.from, to: body.to, seed: 's1', candidates: 40, picked: 6, byReason: { random: 4, complaint: 2 }, createdAt: '2026-03-05T01:00:00.000Z', createdBy: 'manager1' };
    };
    pane();
    fireEvent.click(screen.getByRole('tab', { name: '抽检' }));
    fireEvent.change(await screen.findByLabelText('开始日期'), { target: { value: '2026-03-01' } });
    fireEvent.change(screen.getByLabelText('结束日期'), { target: { value: '2026-03-07' } });
    fireEvent.click(screen.getByRole('button', { name: '开始抽检' }));
    expect(await screen.findByText('请至少选择一名质检员。')).toBeTruthy();
    expect(runs).toEqual([]);
    fireEvent.mouseDown(screen.getByLabelText('质检员'));
    fireEvent.click(await screen.findByRole('option', { name: '周质检（待评 3）' }));
    fireEvent.click(screen.getByRole('button', { name: '开始抽检' }));
    await waitFor(() => expect(runs).toEqual([{ from: '2026-03-01', to: '2026-03-07', assessorIds: [ids.assessor] }]));
    expect((await screen.findByText('随机抽检 4，投诉 2')).textContent).toBe('随机抽检 4，投诉 2');
  });
});

describe('the quality pane of the quality control room (qa)', () => {
  const assessor: User = { id: ids.assessor, username: 'qa1', role: 'qa', displayName: '周质检', departmentCode: 'quality' };

  it('offers sampling, calibration, the rules read-only and the scorecards, but not everyone\'s reviews, when an assessor opens it', async () => {
    signIn(assessor);
    pane();
    expect(screen.getAllByRole('tab').map((tab) => tab.textContent)).toEqual(['抽检', '校准', '抽检规则', '评分表']);
    fireEvent.click(screen.getByRole('tab', { name: '抽检规则' }));
    const form = await screen.findByTestId('qa-sampling-rules');
    expect(within(form).getAllByRole('checkbox').every((box) => (box as HTMLInputElement).disabled)).toBe(true);
    expect(within(form).queryByRole('button', { name: '保存规则' })).toBeNull();
  });

  it('lists past runs with their period, seed, counts and reasons when the sampling tab opens', async () => {
    signIn(assessor);
    hub.qaHandlers.listSamplingRuns = async () => ({
      runs: [
        { id: '0193a1b2-0000-7000-8000-00000000aa02', from: '2026-02-01', to: '2026-02-28', seed: 'feb-7', candidates: 120, picked: 9, byReason: { random: 6, long_hold: 3 }, createdAt: '2026-03-01T01:00:00.000Z', createdBy: 'qa1' },
      ],
    });
    pane();
    fireEvent.click(screen.getByRole('tab', { name: '抽检' }));
    const runs = await screen.findByTestId('qa-sampling-runs');
    await waitFor(() => expect(runs.querySelectorAll('tbody tr.ant-table-row')).toHaveLength(1));
    const cells = [...runs.querySelectorAll('tbody tr.ant-table-row td')].map((td) => td.textContent);
    expect(cells.slice(1)).toEqual(['2026-02-01 至 2026-02-28', 'feb-7', '120', '9', '随机抽检 6，保持过久 3', 'qa1']);
  });

  it('picks the call from the assessor\'s own reviews and sends the chosen assessors when an assessor creates a calibration', async () => {
    signIn(assessor);
    const created: Array<{ callId: string; assessorIds: string[] }> = [];
    hub.qaHandlers.qaAssessors = async () => ({
      assessors: [
        { id: ids.assessor, username: 'qa1', displayName: '周质检', openReviews: 3 },
        { id: '0193a1b2-0000-7000-8000-0000000000b8', username: 'qa2', displayName: '吴质检', openReviews: 1 },
      ],
    });
    hub.qaHandlers.createCalibration = async (_token, body) => {
      created.push(body);
      return { ...calibration, assessors: calibration.assessors.map((a) => ({ ...a, submitted: false, total: null })), items: calibration.items.map((i) => ({ ...i, values: [], spread: null })), totalSpread: null };
    };
    pane();
    fireEvent.click(screen.getByRole('tab', { name: '校准' }));
    const form = await screen.findByRole('region', { name: '新建校准' });
    fireEvent.mouseDown(within(form).getByLabelText('通话'));
    fireEvent.click(await screen.findByRole('option', { name: /张坐席/ }));
    fireEvent.mouseDown(within(form).getByLabelText('质检员'));
    fireEvent.click(await screen.findByRole('option', { name: '周质检（待评 3）' }));
    fireEvent.click(await screen.findByRole('option', { name: '吴质检（待评 1）' }));
    fireEvent.click(within(form).getByRole('button', { name: '创建校准' }));
    await waitFor(() => expect(created).toEqual([{ callId: ids.call, assessorIds: [ids.assessor, '0193a1b2-0000-7000-8000-0000000000b8'] }]));
    const reviewCalls = hub.calls.filter((c) => c.includes(' listReviews '));
    expect(reviewCalls.length).toBeGreaterThan(0);
    expect(reviewCalls.every((c) => c.endsWith('{"scope":"mine"}'))).toBe(true);
  });

  it('says the values are hidden instead of showing them when the assessor has not submitted their own part', async () => {
    signIn(assessor);
    hub.qaHandlers.getCalibration = async () => ({
      ...calibration,
      assessors: [
        { assessorId: ids.assessor, name: '周质检', submitted: false, total: null },
        { assessorId: '0193a1b2-0000-7000-8000-0000000000b8', name: '吴质检', submitted: true, total: null },
      ],
      items: calibration.items.map((item) => ({ ...item, values: [], spread: null })),
      totalSpread: null,
    });
    render(
      <Wrapped>
        <CalibrationView calibrationId={calibration.id} />
      </Wrapped>,
    );
    const blind = await screen.findByTestId('qa-calibration-blind');
    expect(blind.textContent).toContain('在你提交自己的评分之前，其他质检员的分数不显示');
    expect(blind.textContent).toContain('周质检：未提交');
    expect(blind.textContent).toContain('吴质检：已提交');
    expect(screen.queryByTestId('qa-calibration')).toBeNull();
  });

  it('tags a review in words when it belongs to a calibration', async () => {
    signIn(assessor);
    hub.qaHandlers.listReviews = async () => ({ reviews: [review, { ...review, id: '0193a1b2-0000-7000-8000-00000000e002', calibrationId: calibration.id }] });
    render(
      <Wrapped>
        <ReviewQueue scope="mine" onOpen={() => undefined} />
      </Wrapped>,
    );
    const queue = await screen.findByTestId('qa-review-queue');
    await waitFor(() => expect(queue.querySelectorAll('tbody tr.ant-table-row')).toHaveLength(2));
    const tags = within(queue).getAllByTestId('qa-calibration-tag');
    expect(tags.map((tag) => [tag.textContent, tag.closest('tr')?.getAttribute('data-row-key')])).toEqual([['校准', '0193a1b2-0000-7000-8000-00000000e002']]);
  });
});

describe('the calibration view', () => {
  it('flags a spread of half an item or more with an icon and words, and leaves a narrow one plain', async () => {
    signIn(user('supervisor'));
    render(
      <Wrapped>
        <CalibrationView calibrationId={calibration.id} />
      </Wrapped>,
    );
    const view = await screen.findByTestId('qa-calibration');
    const rows = [...view.querySelectorAll('tbody tr.ant-table-row')].map((row) => [...row.querySelectorAll('td')].map((td) => td.textContent));
    expect(rows).toEqual([
      ['规范问候', '100.0%', '80.0%', '20.0%'],
      ['核实身份', '—', '—', '—'],
      ['泄露客户信息', '100.0%', '0.0%', '分歧大 100.0%'],
    ]);
    expect(within(view).getAllByTestId('qa-wide-spread')).toHaveLength(1);
    expect(within(view).getByTestId('qa-wide-spread').querySelector('.anticon-warning')).not.toBeNull();
  });
});
