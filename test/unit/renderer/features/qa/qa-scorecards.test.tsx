// @vitest-environment jsdom
import { cleanup, configure, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { User } from '../../../../../shared/api/auth';
import type { Scorecard, ScorecardDefinition } from '../../../../../shared/qa/scorecard';
import { QualityPane } from '../../../../../renderer/src/features/qa/quality-pane';
import { scorecardYaml } from '../../../../../renderer/src/features/qa/scorecard-source';
import { initI18n } from '../../../../../renderer/src/i18n';
import { HubError } from '../../../../../renderer/src/services/hub';
import { configureStoreDeps, resetStore, useConsoleStore } from '../../../../../renderer/src/store';
import { fakeHub } from '../../support/fake-hub';
import { quietConsole, storeTestDeps } from '../../support/store-test-deps';
import { accessibilityViolations, installDomShims, Wrapped } from '../cases/dom';
import { scorecard } from './qa-fixtures';

const HUB = 'http://127.0.0.1:8790';
const user = (role: User['role']): User => ({ id: '0193a1b2-0000-7000-8000-0000000000a1', username: `${role}1`, role, displayName: '管理员', departmentCode: 'service' });
let hub: ReturnType<typeof fakeHub>;
let saved: Array<{ id: string; definition: ScorecardDefinition }>;

function signIn(who: User): void {
  useConsoleStore.setState((s) => ({ session: { ...s.session, status: 'signed-in', user: who, token: 'tok', hubUrl: HUB }, ui: { ...s.ui, language: 'zh-CN' } }));
}

beforeAll(async () => {
  installDomShims();
  await initI18n('zh-CN');
  configure({ asyncUtilTimeout: 10_000 });
});

beforeEach(() => {
  quietConsole();
  window.location.hash = '#/quality';
  hub = fakeHub();
  saved = [];
  hub.handlers.org = async () => Promise.reject(new Error('no org in this test'));
  hub.qaHandlers.samplingRules = async () => ({ randomPerAgent: 2, risk: [] });
  hub.qaHandlers.qaScorecards = async () => ({ scorecards: [scorecard], inUse: { id: scorecard.id, version: scorecard.version } });
  hub.qaHandlers.saveScorecard = async (_token, id, definition): Promise<Scorecard> => {
    saved.push({ id, definition });
    return { id, version: 3, active: true, definition, updatedAt: '2026-03-06T02:00:00.000Z' };
  };
  configureStoreDeps(storeTestDeps({ hub }).deps);
});

afterEach(() => {
  cleanup();
  resetStore();
  window.location.hash = '';
  vi.restoreAllMocks();
});

async function openScorecards(role: User['role']) {
  signIn(user(role));
  render(
    <Wrapped>
      <QualityPane />
    </Wrapped>,
  );
  fireEvent.click(screen.getByRole('tab', { name: '评分表' }));
  return screen.findByTestId('qa-scorecard-card');
}

const itemRows = (card: HTMLElement) =>
  [...card.querySelectorAll('tbody tr.ant-table-row')].map((row) => [...row.querySelectorAll('td')].map((td) => td.textContent));

const editor = () => screen.getByLabelText('评分表内容（YAML 或 JSON）');
const idField = () => screen.getByLabelText('评分表编号');
const sent = () => hub.calls.filter((c) => c.includes(' saveScorecard '));

const VALID = `name: { zh-CN: 回访评分表, en-US: Callback scorecard }
sections:
  - id: opening
    label: { zh-CN: 开场, en-US: Opening }
    items:
      - { id: greeting, label: { zh-CN: 规范问候, en-US: Greeting }, weight: 10 }
      - { id: privacy, label: { zh-CN: 泄露客户信息, en-US: Leaks data }, weight: 1, fatal: true }
`;

describe('the scorecards tab', () => {
  it('shows each item with its points, the red lines tagged in words with an icon, and the full score when a qa assessor opens it', async () => {
    const card = await openScorecards('qa');
    expect(card.dataset['version']).toBe('2');
    expect(within(card).getByRole('heading', { name: '通用评分表' })).toBeTruthy();
    expect(within(card).getByTestId('qa-scorecard-version').textContent).toBe('第 2 版');
    expect(within(card).getByTestId('qa-scorecard-points').textContent).toBe('满分 15 分');
    expect(within(card).getAllByRole('heading', { level: 4 }).map((h) => h.textContent)).toEqual(['开场（15 分）', '服务规范（0 分）']);
    expect(itemRows(card)).toEqual([
      ['规范问候', 'greeting', '5 分'],
      ['核实身份', 'verify', '10 分'],
      ['泄露客户信息', 'privacy', '红线'],
    ]);
    const fatal = within(card).getAllByTestId('qa-fatal-tag');
    expect(fatal).toHaveLength(1);
    expect(fatal[0]!.querySelector('.anticon-stop')).not.toBeNull();
    // Only admins store scorecards (the hub's rule): nobody else is offered the upload.
    expect(screen.queryByTestId('qa-scorecard-upload')).toBeNull();
    expect(within(card).queryByRole('button', { name: /以此版本为起点编辑/ })).toBeNull();
    expect(await accessibilityViolations()).toEqual([]);
  });

  it('lists every problem by path and sends nothing when an admin uploads an invalid card', async () => {
    await openScorecards('admin');
    fireEvent.change(idField(), { target: { value: 'callback' } });
    const broken = VALID.replace('weight: 10', 'weight: 500').replace('    label: { zh-CN: 开场', '    note: x\n    label: { zh-CN: 开场');
    fireEvent.change(editor(), { target: { value: broken } });
    fireEvent.click(screen.getByRole('button', { name: /上\s*传/ }));
    const problems = await screen.findByTestId('qa-scorecard-problems');
    expect(within(problems).getByRole('alert').textContent).toContain('发现 2 个问题，未上传');
    expect(within(problems).getAllByTestId('qa-problem-path').map((p) => p.textContent).sort()).toEqual(['sections.0', 'sections.0.items.0.weight']);
    expect(problems.textContent).toContain('不认识的字段：note');
    expect(problems.textContent).toContain('不能大于 100');
    expect(problems.textContent).toContain('第 7 行');
    expect(sent()).toEqual([]);
    expect((editor() as HTMLTextAreaElement).value).toBe(broken);
    expect(await accessibilityViolations()).toEqual([]);
  });

  it('sends the parsed definition and shows the new version when an admin uploads a valid card', async () => {
    await openScorecards('admin');
    fireEvent.change(idField(), { target: { value: 'default' } });
    fireEvent.change(editor(), { target: { value: VALID } });
    fireEvent.click(screen.getByRole('button', { name: /上\s*传/ }));
    await waitFor(() => expect(saved).toHaveLength(1));
    expect(saved[0]).toEqual({
      id: 'default',
      definition: {
        name: { 'zh-CN': '回访评分表', 'en-US': 'Callback scorecard' },
        sections: [
          {
            id: 'opening',
            label: { 'zh-CN': '开场', 'en-US': 'Opening' },
            items: [
              { id: 'greeting', label: { 'zh-CN': '规范问候', 'en-US': 'Greeting' }, weight: 10, fatal: false },
              { id: 'privacy', label: { 'zh-CN': '泄露客户信息', 'en-US': 'Leaks data' }, weight: 1, fatal: true },
            ],
          },
        ],
      },
    });
    expect((await screen.findByRole('status')).textContent).toContain('已保存 回访评分表（default）第 3 版');
    const card = screen.getByTestId('qa-scorecard-card');
    expect(card.dataset['version']).toBe('3');
    expect(within(card).getByTestId('qa-scorecard-points').textContent).toBe('满分 10 分');
    expect((editor() as HTMLTextAreaElement).value).toBe('');
  });

  it("shows the hub's refusal with the field and keeps the text when the hub answers 400", async () => {
    hub.qaHandlers.saveScorecard = async () =>
      Promise.reject(new HubError({ status: 400, code: 'validation', message: 'sections.0.items.0.label.zh-CN: contains U+0000', field: 'sections.0.items.0.label.zh-CN' }));
    await openScorecards('admin');
    fireEvent.change(idField(), { target: { value: 'default' } });
    fireEvent.change(editor(), { target: { value: VALID } });
    fireEvent.click(screen.getByRole('button', { name: /上\s*传/ }));
    const problems = await screen.findByTestId('qa-scorecard-problems');
    expect(problems.dataset['by']).toBe('hub');
    expect(within(problems).getByRole('alert').textContent).toContain('服务器拒绝了这份评分表');
    expect(within(problems).getByTestId('qa-problem-path').textContent).toBe('sections.0.items.0.label.zh-CN');
    expect(problems.textContent).toContain('contains U+0000');
    expect((editor() as HTMLTextAreaElement).value).toBe(VALID);
    expect(screen.getByTestId('qa-scorecard-card').dataset['version']).toBe('2');
  });

  it('fills the upload with the shown version as YAML when an admin edits from it', async () => {
    const card = await openScorecards('admin');
    fireEvent.click(within(card).getByRole('button', { name: /以此版本为起点编辑/ }));
    expect((idField() as HTMLInputElement).value).toBe('default');
    expect((editor() as HTMLTextAreaElement).value).toBe(scorecardYaml(scorecard).text);
    fireEvent.click(screen.getByRole('button', { name: /检\s*查/ }));
    expect((await screen.findByText('检查通过：通用评分表，满分 15 分')).textContent).toBe('检查通过：通用评分表，满分 15 分');
    expect(sent()).toEqual([]);
  });

  it('reads a picked file into the editor so it can be checked and changed there', async () => {
    await openScorecards('admin');
    const file = new File([VALID], 'callback.yaml', { type: 'application/yaml' });
    fireEvent.change(screen.getByLabelText('选择文件（.yaml、.yml、.json）'), { target: { files: [file] } });
    await waitFor(() => expect((editor() as HTMLTextAreaElement).value).toBe(VALID));
  });
});

describe('retiring and activating scorecards', () => {
  // The hub's rule, kept by this fake: new reviews use the active card activated or edited last.
  let cards: Scorecard[];
  let changes: Array<[string, boolean]>;
  let clock: number;
  const callbackCard: Scorecard = { ...scorecard, id: 'callback', version: 1, active: false, definition: { ...scorecard.definition, name: { 'zh-CN': '回访评分表', 'en-US': 'Callback scorecard' } } };

  beforeEach(() => {
    clock = Date.parse('2026-03-01T00:00:00Z');
    cards = [scorecard, callbackCard];
    changes = [];
    hub.qaHandlers.qaScorecards = async () => {
      const inUse = cards.filter((c) => c.active).sort((a, b) => b.updatedAt.localeCompare(a.updatedAt))[0];
      return { scorecards: cards, inUse: inUse ? { id: inUse.id, version: inUse.version } : null };
    };
    hub.qaHandlers.setScorecardActive = async (_token, id, active) => {
      changes.push([id, active]);
      clock += 60_000;
      cards = cards.map((c) => (c.id === id ? { ...c, active, updatedAt: new Date(clock).toISOString() } : c));
      return cards.find((c) => c.id === id)!;
    };
  });

  const shownCard = () => screen.getByTestId('qa-scorecard-card');
  const standing = () => within(shownCard()).getByTestId('qa-scorecard-standing').textContent;
  const choose = (label: string) => fireEvent.click(screen.getByRole('radio', { name: label }));
  // The confirmation's own 停用, not the card's.
  const confirmRetire = async () => {
    const confirm = await waitFor(() => {
      const popup = document.querySelector<HTMLElement>('.ant-popconfirm');
      if (!popup) throw new Error('no confirmation yet');
      return popup;
    });
    expect(confirm.textContent).toContain('停用后，新的抽检不再使用此表');
    return within(confirm).getByRole('button', { name: /停\s*用/ });
  };

  it('opens on the card new reviews use, says so in words, and marks a retired card in the choice and on the card', async () => {
    const card = await openScorecards('qa');

    expect([card.dataset['scorecardId'], card.dataset['standing'], standing()]).toEqual(['default', 'in-use', '新抽检使用此表']);
    choose('callback（已停用）');
    expect([shownCard().dataset['scorecardId'], standing()]).toEqual(['callback', '已停用']);
    // Only admins change which cards are active.
    expect(within(shownCard()).queryByRole('button', { name: /启用|停用|用于新抽检/ })).toBeNull();
    expect(await accessibilityViolations()).toEqual([]);
  });

  it('activates a retired card for new reviews when an admin asks, and shows it in use after the hub answers', async () => {
    await openScorecards('admin');
    choose('callback（已停用）');

    fireEvent.click(within(shownCard()).getByRole('button', { name: /启用并用于新抽检/ }));

    await waitFor(() => expect(shownCard().dataset['standing']).toBe('in-use'));
    expect(changes).toEqual([['callback', true]]);
    expect(await screen.findByText('新的抽检将使用 callback')).toBeTruthy();
    choose('default');
    expect(standing()).toBe('已启用');
    expect(within(shownCard()).getByRole('button', { name: /用于新抽检/ })).toBeTruthy();
  });

  it('retires a card only after the admin confirms, and keeps it listed as retired', async () => {
    cards = [scorecard, { ...callbackCard, active: true, updatedAt: '2025-12-01T00:00:00.000Z' }];
    await openScorecards('admin');

    fireEvent.click(within(shownCard()).getByRole('button', { name: /停\s*用/ }));
    expect(changes).toEqual([]);
    fireEvent.click(await confirmRetire());

    await waitFor(() => expect(changes).toEqual([['default', false]]));
    await waitFor(() => expect(screen.getByRole('radio', { name: 'default（已停用）' })).toBeTruthy());
    expect(await screen.findByText('已停用 default')).toBeTruthy();
    choose('callback');
    expect(standing()).toBe('新抽检使用此表');
  });

  it('does not offer to retire the only active card, and says why', async () => {
    const card = await openScorecards('admin');

    const retire = within(card).getByRole('button', { name: /停\s*用/ });
    expect((retire as HTMLButtonElement).disabled).toBe(true);
    expect(within(card).getByText('这是唯一启用的评分表：先启用另一张，才能停用它。')).toBeTruthy();
    fireEvent.click(retire);
    expect(changes).toEqual([]);
  });

  it("shows the hub's refusal and leaves the cards as they were", async () => {
    hub.qaHandlers.setScorecardActive = async () =>
      Promise.reject(new HubError({ status: 409, code: 'conflict', message: 'default is the only active scorecard: activate another before retiring it' }));
    cards = [scorecard, { ...callbackCard, active: true, updatedAt: '2025-12-01T00:00:00.000Z' }];
    await openScorecards('admin');

    fireEvent.click(within(shownCard()).getByRole('button', { name: /停\s*用/ }));
    fireEvent.click(await confirmRetire());

    expect(await screen.findByText('这是唯一启用的评分表：先启用另一张，才能停用它。')).toBeTruthy();
    expect([shownCard().dataset['scorecardId'], shownCard().dataset['standing']]).toEqual(['default', 'in-use']);
  });
});
