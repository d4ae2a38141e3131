// @vitest-environment jsdom
import { cleanup, configure, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { User } from '../../../../../shared/api/auth';
import type { AgentResponseRequest, EvaluationCorrectionRequest } from '../../../../../shared/api/qa';
import { EvaluationsPane } from '../../../../../renderer/src/features/qa/evaluations-pane';
import { ReviewWorkspace } from '../../../../../renderer/src/features/qa/review-workspace';
import type * as Waveform from '../../../../../renderer/src/features/qa/waveform';
import { initI18n } from '../../../../../renderer/src/i18n';
import { configureStoreDeps, resetStore, useConsoleStore } from '../../../../../renderer/src/store';
import { fakeHub } from '../../support/fake-hub';
import { quietConsole, storeTestDeps } from '../../support/store-test-deps';
import { accessibilityViolations, installDomShims, stubMediaElement, Wrapped } from '../cases/dom';
import { call, evaluation, ids, levels, recording, reviewDetail, scorecard } from './qa-fixtures';

vi.mock('../../../../../renderer/src/features/qa/waveform', async (importOriginal) => ({
  ...(await importOriginal<typeof Waveform>()),
  createWaveform: async () => ({ destroy: () => undefined }),
}));

const HUB = 'http://127.0.0.1:8790';
const agent: User = { id: ids.agent, username: 'agent1', role: 'agent', displayName: '张坐席', departmentCode: 'acceptance' };
const supervisor: User = { id: '0193a1b2-0000-7000-8000-0000000000a1', username: 'supervisor1', role: 'supervisor', displayName: '李主管', departmentCode: 'service' };
let hub: ReturnType<typeof fakeHub>;
let responses: AgentResponseRequest[];

function signIn(who: User): void {
  useConsoleStore.setState((s) => ({ session: { ...s.session, status: 'signed-in', user: who, token: 'tok', hubUrl: HUB }, ui: { ...s.ui, language: 'zh-CN' } }));
}

const pane = () =>
  render(
    <Wrapped>
      <EvaluationsPane />
    </Wrapped>,
  );

beforeAll(async () => {
  installDomShims();
  await initI18n('zh-CN');
  configure({ asyncUtilTimeout: 10_000 });
});

beforeEach(() => {
  quietConsole();
  stubMediaElement();
  window.location.hash = '#/evaluations';
  hub = fakeHub();
  responses = [];
  hub.qaHandlers.listEvaluations = async () => ({ evaluations: [evaluation(), evaluation({ id: '0193a1b2-0000-7000-8000-00000000f002', total: 0, fatal: true, agentResponse: { status: 'disputed', at: '2026-03-05T01:00:00.000Z', note: '客户先挂断' } })] });
  hub.qaHandlers.getEvaluation = async () => evaluation();
  hub.qaHandlers.qaScorecardVersion = async () => scorecard;
  hub.qaHandlers.getRecording = async () => recording;
  hub.qaHandlers.recordingLevels = async () => levels;
  hub.qaHandlers.replayRecording = async () => ({ url: `/api/v1/recordings/${ids.call}/audio?ticket=t2`, expiresAt: '2026-03-04T03:00:00.000Z' });
  hub.qaHandlers.respondToEvaluation = async (_token, _id, body) => {
    responses.push(body);
    return evaluation({ agentResponse: { status: body.status, at: '2026-03-05T02:00:00.000Z', note: body.note ?? '' } });
  };
  configureStoreDeps(storeTestDeps({ hub }).deps);
});

afterEach(() => {
  cleanup();
  resetStore();
  window.location.hash = '';
  vi.restoreAllMocks();
});

describe("the agent's evaluations", () => {
  it('lists my evaluations with the score, a worded fatal tag and my response', async () => {
    signIn(agent);
    pane();
    const list = await screen.findByTestId('qa-evaluation-list');
    await waitFor(() => expect(list.querySelectorAll('tbody tr.ant-table-row')).toHaveLength(2));
    const rows = [...list.querySelectorAll('tbody tr.ant-table-row')].map((row) => [...row.querySelectorAll('td')].slice(1, 4).map((td) => td.textContent));
    expect(rows).toEqual([
      ['93.3', '无', '待回应'],
      ['0.0', '致命项', '有异议'],
    ]);
  });

  it('opens one with the player as my own call, the comments to jump to and the scorecard read-only', async () => {
    signIn(agent);
    hub.handlers.listCallLogs = async () => ({ items: [{ ...call, id: '0193a1b2-0000-7000-8000-00000000c0ff', events: [] }, call], nextCursor: null });
    window.location.hash = `#/evaluations/${ids.evaluation}`;
    pane();
    await screen.findByTestId('qa-player');
    expect(hub.calls).toContain(`${HUB} replayRecording tok ${ids.call}`);
    // My own call's events, found in my call log: the same markers the assessor saw.
    await waitFor(() => expect(screen.getAllByTestId('qa-marker').map((m) => m.getAttribute('data-type'))).toEqual(['answered', 'held', 'resumed']));
    expect(screen.getAllByTestId('qa-pause-region')).toHaveLength(1);
    fireEvent.click(screen.getByRole('button', { name: '跳到 1:05' }));
    expect(screen.getByTestId('qa-player-time').getAttribute('data-current-ms')).toBe('65000');
    expect(within(screen.getByTestId('qa-scorecard')).getAllByRole('combobox').every((box) => box.closest('.ant-select-disabled') !== null)).toBe(true);
  });

  it('sends an acknowledgement when Acknowledge is pressed', async () => {
    signIn(agent);
    window.location.hash = `#/evaluations/${ids.evaluation}`;
    pane();
    fireEvent.click(await screen.findByRole('button', { name: '确认' }));
    const done = await screen.findByTestId('qa-response-status');
    expect(done.getAttribute('data-status')).toBe('acknowledged');
    expect(responses).toEqual([{ status: 'acknowledged', note: '' }]);
  });

  it('sends a dispute only with a reason', async () => {
    signIn(agent);
    window.location.hash = `#/evaluations/${ids.evaluation}`;
    pane();
    fireEvent.click(await screen.findByRole('button', { name: '提出异议' }));
    const dialog = await screen.findByRole('dialog');
    expect(dialog.textContent).toContain('对这份评价提出异议');
    const send = within(dialog).getByRole('button', { name: '提交异议' });
    expect((send as HTMLButtonElement).disabled).toBe(true);
    fireEvent.change(within(dialog).getByLabelText('异议理由（必填）'), { target: { value: '   ' } });
    expect((send as HTMLButtonElement).disabled).toBe(true);
    fireEvent.change(within(dialog).getByLabelText('异议理由（必填）'), { target: { value: '客户先挂断，不是我' } });
    expect((send as HTMLButtonElement).disabled).toBe(false);
    fireEvent.click(send);
    await waitFor(() => expect(responses).toEqual([{ status: 'disputed', note: '客户先挂断，不是我' }]));
    expect((await screen.findByTestId('qa-response-status')).getAttribute('data-status')).toBe('disputed');
  });

  it('has no accessibility violations when an evaluation is open', async () => {
    signIn(agent);
    window.location.hash = `#/evaluations/${ids.evaluation}`;
    pane();
    await screen.findByTestId('qa-player');
    await screen.findByRole('button', { name: '确认' });
    expect(await accessibilityViolations()).toEqual([]);
  });
});

describe("a supervisor's correction", () => {
  it('needs a reason and sends only the changed scores with the version read', async () => {
    signIn(supervisor);
    const corrections: EvaluationCorrectionRequest[] = [];
    hub.qaHandlers.getReview = async () => reviewDetail({ evaluation: evaluation() });
    hub.qaHandlers.correctEvaluation = async (_token, _id, body) => {
      corrections.push(body);
      return evaluation({ version: 4, scores: [{ itemId: 'greeting', value: 4 }, { itemId: 'verify', value: 10 }, { itemId: 'privacy', value: 0 }], total: 0, fatal: true });
    };
    render(
      <Wrapped>
        <ReviewWorkspace reviewId={ids.review} mode="supervise" onBack={() => undefined} />
      </Wrapped>,
    );
    fireEvent.click(await screen.findByRole('button', { name: '更正评分' }));
    const dialog = await screen.findByRole('dialog');
    expect(dialog.textContent).toContain('更正已提交的评分');
    const privacy = dialog.querySelector('[data-testid="qa-score-item"][data-item-id="privacy"]') as HTMLElement;
    fireEvent.click(within(privacy).getByRole('radio', { name: '不合格' }));
    fireEvent.click(within(dialog).getByRole('button', { name: '保存更正' }));
    expect(await within(dialog).findByText('请填写更正原因。')).toBeTruthy();
    expect(corrections).toEqual([]);
    fireEvent.change(within(dialog).getByLabelText('更正原因（必填）'), { target: { value: '录音中念出了完整卡号' } });
    fireEvent.click(within(dialog).getByRole('button', { name: '保存更正' }));
    await waitFor(() => expect(corrections).toEqual([{ reason: '录音中念出了完整卡号', scores: [{ itemId: 'privacy', value: 0 }], expectedVersion: 3 }]));
  });
});
