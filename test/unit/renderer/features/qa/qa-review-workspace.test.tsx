// @vitest-environment jsdom
import { cleanup, configure, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { User } from '../../../../../shared/api/auth';
import type { EvaluationSaveRequest } from '../../../../../shared/api/qa';
import { ReviewWorkspace } from '../../../../../renderer/src/features/qa/review-workspace';
import type * as Waveform from '../../../../../renderer/src/features/qa/waveform';
import { initI18n } from '../../../../../renderer/src/i18n';
import { HubError } from '../../../../../renderer/src/services/hub';
import { configureStoreDeps, resetStore, useConsoleStore } from '../../../../../renderer/src/store';
import { fakeHub } from '../../support/fake-hub';
import { quietConsole, storeTestDeps } from '../../support/store-test-deps';
import { accessibilityViolations, installDomShims, stubMediaElement, Wrapped } from '../cases/dom';
import { evaluation, ids, levels, recording, reviewDetail } from './qa-fixtures';

// wavesurfer draws on a canvas jsdom does not have; the player's own controls and markers are what is tested.
vi.mock('../../../../../renderer/src/features/qa/waveform', async (importOriginal) => ({
  ...(await importOriginal<typeof Waveform>()),
  createWaveform: async () => ({ destroy: () => undefined }),
}));

const HUB = 'http://127.0.0.1:8790';
const assessor: User = { id: ids.assessor, username: 'qa1', role: 'qa', displayName: '周质检', departmentCode: 'quality' };
let hub: ReturnType<typeof fakeHub>;
let saves: EvaluationSaveRequest[];

function signIn(who: User): void {
  useConsoleStore.setState((s) => ({ session: { ...s.session, status: 'signed-in', user: who, token: 'tok', hubUrl: HUB }, ui: { ...s.ui, language: 'zh-CN' } }));
}

const item = (id: string) => document.querySelector(`[data-testid="qa-score-item"][data-item-id="${id}"]`) as HTMLElement;

/** Opens an item's points list and picks an option from the list that opened. */
async function choosePoints(itemId: string, option: string) {
  fireEvent.mouseDown(within(item(itemId)).getByRole('combobox'));
  await waitFor(() => expect(document.querySelector('.ant-select-dropdown:not(.ant-select-dropdown-hidden)')).not.toBeNull());
  const open = [...document.querySelectorAll<HTMLElement>('.ant-select-dropdown:not(.ant-select-dropdown-hidden)')].at(-1)!;
  fireEvent.click(within(open).getByRole('option', { name: option }));
}

const total = () => screen.getByTestId('qa-total').getAttribute('data-total');
const open = () =>
  render(
    <Wrapped>
      <ReviewWorkspace reviewId={ids.review} mode="assess" onBack={() => undefined} />
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
  hub = fakeHub();
  saves = [];
  hub.qaHandlers.getReview = async () => reviewDetail();
  hub.qaHandlers.getRecording = async () => recording;
  hub.qaHandlers.recordingLevels = async () => levels;
  hub.qaHandlers.replayRecording = async () => ({ url: `/api/v1/recordings/${ids.call}/audio?ticket=t1`, expiresAt: '2026-03-04T03:00:00.000Z' });
  hub.qaHandlers.saveEvaluation = async (_token, _reviewId, body) => {
    saves.push(body);
    return evaluation({ status: body.submit ? 'submitted' : 'draft', scores: body.scores, comments: body.comments, summary: body.summary, version: saves.length, submittedAt: body.submit ? '2026-03-04T02:00:00.000Z' : null });
  };
  configureStoreDeps(storeTestDeps({ hub }).deps);
  signIn(assessor);
});

afterEach(() => {
  cleanup();
  resetStore();
  vi.restoreAllMocks();
});

describe('the review workspace: player', () => {
  it('plays the replay ticket from the hub and logs the replay as a review when opened', async () => {
    open();
    const player = await screen.findByTestId('qa-player');
    expect(player.querySelector('audio')!.getAttribute('src')).toBe(`${HUB}/api/v1/recordings/${ids.call}/audio?ticket=t1`);
    expect(hub.calls).toContain(`${HUB} replayRecording tok ${ids.call}`);
    expect(player.getAttribute('data-state')).toBe('loading');
    fireEvent(player.querySelector('audio')!, new Event('loadedmetadata'));
    expect(player.getAttribute('data-state')).toBe('ready');
    expect(screen.getByTestId('qa-player-time').textContent).toBe('0:00 / 5:00');
  });

  it('marks the call events and the paused span with who and why, and seeks when a marker is clicked', async () => {
    open();
    await screen.findByTestId('qa-player');
    const markers = screen.getAllByTestId('qa-marker');
    expect(markers.map((m) => [m.getAttribute('data-type'), m.getAttribute('data-at-ms')])).toEqual([
      ['answered', '0'],
      ['held', '60000'],
      ['resumed', '80000'],
    ]);
    const region = screen.getByTestId('qa-pause-region');
    expect([region.getAttribute('data-start-ms'), region.getAttribute('data-end-ms')]).toEqual(['120000', '150000']);
    expect(screen.getByRole('list', { name: '录音暂停' }).textContent).toContain('2:00–2:30 暂停录音：张坐席，原因：银行卡号');
    fireEvent.click(screen.getByRole('button', { name: '保持，1:00' }));
    expect(screen.getByTestId('qa-player-time').getAttribute('data-current-ms')).toBe('60000');
    fireEvent.click(screen.getByRole('button', { name: '后退 10 秒' }));
    expect(screen.getByTestId('qa-player-time').getAttribute('data-current-ms')).toBe('50000');
  });

  it('shows the measures and jumps to the longest silence when its button is pressed', async () => {
    open();
    const measures = await screen.findByTestId('qa-measures');
    await waitFor(() => expect(measures.textContent).toContain('坐席 60% · 客户 40%'));
    expect(measures.textContent).toContain('4 秒（3 次）');
    fireEvent.click(within(measures).getByRole('button', { name: '跳到 3:20' }));
    expect(screen.getByTestId('qa-player-time').getAttribute('data-current-ms')).toBe('200000');
  });

  it('says 未上传录音 in the player and the measures when the hub has no recording of the call', async () => {
    hub.qaHandlers.getRecording = async () => Promise.reject(new HubError({ status: 404, code: 'not_found', message: 'No such recording' }));
    open();
    expect((await screen.findByTestId('qa-no-recording')).textContent).toContain('未上传录音');
    expect(screen.getByTestId('qa-measures').textContent).toContain('未上传录音');
    expect(hub.calls.some((c) => c.includes('replayRecording'))).toBe(false);
  });
});

describe('the review workspace: scorecard', () => {
  it('zeroes the total when a fatal item fails, whatever the other points', async () => {
    open();
    await screen.findByTestId('qa-scorecard');
    await choosePoints('greeting', '5 分');
    await choosePoints('verify', '10 分');
    expect(total()).toBe('100');
    fireEvent.click(within(item('privacy')).getByRole('radio', { name: '不合格' }));
    expect(total()).toBe('0');
    expect(screen.getByText('致命项不合格，总分为 0。')).toBeTruthy();
  });

  it('keeps Submit disabled until every item has a score or n/a', async () => {
    open();
    await screen.findByTestId('qa-scorecard');
    const submit = screen.getByTestId('qa-submit');
    expect((submit as HTMLButtonElement).disabled).toBe(true);
    await choosePoints('greeting', '4 分');
    await choosePoints('verify', '不适用');
    expect((submit as HTMLButtonElement).disabled).toBe(true);
    fireEvent.click(within(item('privacy')).getByRole('radio', { name: '合格' }));
    expect((submit as HTMLButtonElement).disabled).toBe(false);
    // n/a leaves the item out of the total: 4 of 5 points.
    expect(total()).toBe('80');
  });

  it('submits only after the confirmation and then shows everything read-only with the banner', async () => {
    open();
    await screen.findByTestId('qa-scorecard');
    await choosePoints('greeting', '5 分');
    await choosePoints('verify', '8 分');
    fireEvent.click(within(item('privacy')).getByRole('radio', { name: '合格' }));
    fireEvent.change(screen.getByLabelText('总评'), { target: { value: '开场规范' } });
    fireEvent.click(screen.getByTestId('qa-submit'));
    expect(saves).toEqual([]);
    const confirm = await screen.findByText('提交后不能再修改，确定提交吗？');
    const popover = confirm.closest('.ant-popover') as HTMLElement;
    fireEvent.click(within(popover).getByRole('button', { name: '提交' }));
    await screen.findByTestId('qa-read-only-banner');
    expect(screen.getByTestId('qa-read-only-banner').textContent).toContain('已提交，只读');
    expect(saves).toHaveLength(1);
    expect(saves[0]).toMatchObject({ submit: true, expectedVersion: 0, summary: '开场规范', scores: [{ itemId: 'greeting', value: 5 }, { itemId: 'verify', value: 8 }, { itemId: 'privacy', value: 1 }] });
    expect(screen.queryByTestId('qa-submit')).toBeNull();
    expect(screen.queryByRole('button', { name: '保存草稿' })).toBeNull();
    expect(within(item('privacy')).getByRole('radio', { name: '合格' })).toHaveProperty('disabled', true);
    expect(screen.getByLabelText('总评')).toHaveProperty('readOnly', true);
  });

  it('opens a submitted evaluation read-only when the hub says it is submitted', async () => {
    hub.qaHandlers.getReview = async () => reviewDetail({ evaluation: evaluation() });
    open();
    await screen.findByTestId('qa-read-only-banner');
    expect(screen.queryByRole('button', { name: '在当前时间添加评语' })).toBeNull();
    expect(screen.getAllByTestId('qa-comment').map((c) => c.textContent)).toEqual([expect.stringContaining('保持前没有告知客户')]);
  });

  it('pins a comment at the player time and seeks to it from the list', async () => {
    open();
    await screen.findByTestId('qa-player');
    fireEvent.click(screen.getByRole('button', { name: '保持，1:00' }));
    fireEvent.change(screen.getByLabelText('评语内容'), { target: { value: '保持前没有告知客户' } });
    fireEvent.click(screen.getByRole('button', { name: '在当前时间添加评语' }));
    const comment = await screen.findByTestId('qa-comment');
    expect(comment.getAttribute('data-at-ms')).toBe('60000');
    fireEvent.click(screen.getByRole('button', { name: '前进 10 秒' }));
    fireEvent.click(within(comment).getByRole('button', { name: '跳到 1:00' }));
    expect(screen.getByTestId('qa-player-time').getAttribute('data-current-ms')).toBe('60000');
  });

  it('says why a save was refused and keeps the typed text visible after the reload when the hub answers 409', async () => {
    hub.qaHandlers.saveEvaluation = async () => Promise.reject(new HubError({ status: 409, code: 'stale_version', message: 'changed' }));
    open();
    await screen.findByTestId('qa-scorecard');
    fireEvent.change(screen.getByLabelText('总评'), { target: { value: '沟通耐心，但未核实身份' } });
    const readsBefore = hub.calls.filter((c) => c.includes(' getReview ')).length;
    fireEvent.click(screen.getByRole('button', { name: '保存草稿' }));
    const refused = await screen.findByTestId('qa-save-refused');
    expect(refused.textContent).toContain('这份评分已被他人修改');
    expect(refused.textContent).toContain('沟通耐心，但未核实身份');
    await waitFor(() => expect(hub.calls.filter((c) => c.includes(' getReview ')).length).toBe(readsBefore + 1));
    await screen.findByTestId('qa-scorecard');
    expect(screen.getByTestId('qa-save-refused').textContent).toContain('沟通耐心，但未核实身份');
  });

  it('has no accessibility violations when the workspace is open', async () => {
    open();
    await screen.findByTestId('qa-player');
    await waitFor(() => expect(screen.getByTestId('qa-measures').textContent).toContain('坐席 60%'));
    expect(await accessibilityViolations()).toEqual([]);
  });
});
