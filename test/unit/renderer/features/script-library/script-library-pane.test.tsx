import { renderToStaticMarkup } from 'react-dom/server';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { FlowProblem } from '../../../../../shared/api/flows';
import type { User } from '../../../../../shared/api/auth';
import { FlowPreview } from '../../../../../renderer/src/features/script-library/flow-preview';
import { ProblemTable } from '../../../../../renderer/src/features/script-library/problem-table';
import { ScriptLibraryPane } from '../../../../../renderer/src/features/script-library/script-library-pane';
import { initI18n } from '../../../../../renderer/src/i18n';
import type * as Store from '../../../../../renderer/src/store';
import { resetStore, useConsoleStore } from '../../../../../renderer/src/store';
import { storedFlow } from '../../support/flow-fixtures';
import { flowInput, options, question, step, t as both } from '../../../../support/flow-builders';

// As in script-runner.test.tsx: a server render reads the store's initial state, so the components
// are given the live state instead, which is what a client render shows.
vi.mock('../../../../../renderer/src/store', async (importOriginal) => {
  const real = await importOriginal<typeof Store>();
  const live = <T,>(selector: (state: ReturnType<typeof real.useConsoleStore.getState>) => T) => selector(real.useConsoleStore.getState());
  return { ...real, useConsoleStore: Object.assign(live, real.useConsoleStore) };
});

const MARKUP = '<img src=x onerror="window.__owned=1">';

const damage = storedFlow(
  flowInput(
    [
      step('greet', {
        title: both('问候', 'Greeting'),
        say: both(`您好 {{customer.name|您}} ${MARKUP} 运单 {{order.waybillNo|}}`, `Hello {{customer.name|there}} ${MARKUP} waybill {{order.waybillNo|}}`),
        questions: [question('what', 'choice', { label: both('损坏情况', 'What is damaged'), options: options('box', 'goods') })],
        next: { switch: 'what', cases: { box: 'box', goods: 'goods' } },
      }),
      step('box', {
        title: both('外箱破损', 'Box damaged'),
        actions: [{ type: 'notify', department: 'logistics', urgent: true, message: both('外箱破损 {{answers.what}}', 'Box damaged: {{answers.what}}') }],
        end: { outcome: 'resolved' },
      }),
      step('goods', {
        title: both('商品破损', 'Goods damaged'),
        actions: [{ type: 'schedule_callback', callbackType: 'after_sales', dueInHours: 24 }],
        end: { outcome: 'callback_scheduled' },
      }),
    ],
    { id: 'after-sales.transport-damage', title: both('运输破损', 'Damaged in transport'), category: 'after_sales', triggers: { callbackTypes: ['after_sales'] } },
  ),
  3,
);
const consultation = storedFlow(
  flowInput([step('greet', { title: both('问候并了解需求', 'Greet and identify the need'), end: { outcome: 'resolved' } })], {
    id: 'consultation',
    title: both('业务咨询', 'Consultation'),
    category: 'consultation',
    triggers: { ivrChoices: ['consult'] },
  }),
);
const org = {
  departments: [{ id: 'd-log', code: 'logistics', name: { 'zh-CN': '运输调度/物流部', 'en-US': 'Transport Dispatch & Logistics' }, parentId: null, kind: 'specialist' as const }],
  queues: [{ id: 'q1', code: 'consult', name: { 'zh-CN': '业务咨询', 'en-US': 'Consultation queue' }, departmentId: 'd-log', ivrChoice: 'consult' }],
  transferTargets: [],
  escalationChain: [],
};

const render = (element: React.ReactElement) => renderToStaticMarkup(element);
const text = (html: string) =>
  html
    .replace(/<[^>]+>/g, ' ')
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ');

function signedIn(role: User['role']) {
  const user: User = { id: '0193a1b2-0000-7000-8000-000000000001', username: `${role}1`, role, displayName: role, departmentCode: null };
  useConsoleStore.setState((s) => ({ session: { ...s.session, status: 'signed-in', user, token: 'tok' }, ui: { ...s.ui, language: 'en-US' } }) as never);
}

const words = { language: 'en-US' as const, org, dispositionLabel: () => null };

describe('FlowPreview', () => {
  beforeAll(async () => {
    await initI18n('en-US');
  });

  it('shows markup in a script as literal text and never as an element', () => {
    const html = render(<FlowPreview stored={damage} words={words} inForce />);
    expect(html).not.toMatch(/<img/i);
    expect(html).toContain('&lt;img src=x onerror=&quot;window.__owned=1&quot;&gt;');
    expect(text(html)).toContain(`Hello`);
    expect(text(html)).toContain(MARKUP);
  });

  it('shows each field of a template as a tag named for what it is, with its fallback, and the reference on hover', () => {
    const html = render(<FlowPreview stored={damage} words={words} inForce />);
    expect(html).toMatch(/<span[^>]*title="\{\{customer\.name\|there\}\}"[^>]*data-field="customer\.name"[^>]*>Customer name, else “there”<\/span>/);
    expect(html).toMatch(/data-field="order\.waybillNo"[^>]*>Waybill number<\/span>/);
    // In the actions' texts too: an earlier answer by its question's label.
    expect(html).toMatch(/data-field="answers\.what"[^>]*>What is damaged<\/span>/);
    expect(text(html)).not.toContain('{{customer.name');
  });

  it('lists every step in the order written with its questions, actions and where it goes by title', () => {
    const plain = text(render(<FlowPreview stored={damage} words={words} inForce />));
    const order = ['1. Greeting', '2. Box damaged', '3. Goods damaged'].map((title) => plain.indexOf(title));
    expect(order.every((at) => at >= 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    expect(plain).toContain('What is damaged (choice, required)');
    expect(plain).toContain('“What is damaged” is Option box');
    expect(plain).toMatch(/“What is damaged” is Option goods .*Goods damaged/);
    expect(plain).toContain('Notify Transport Dispatch & Logistics (urgent)');
    expect(plain).toContain('Schedule an after-sales callback within 24 h');
    expect(plain).toContain('The script ends: Callback scheduled');
    expect(plain).toContain('Callback task: after-sales callback');
  });

  it('says when the version shown is not the one in force', () => {
    expect(text(render(<FlowPreview stored={damage} words={words} inForce={false} />))).toContain('An earlier version: calls no longer start on it');
    expect(text(render(<FlowPreview stored={damage} words={words} inForce />))).not.toContain('An earlier version');
  });
});

describe('ProblemTable', () => {
  beforeAll(async () => {
    await initI18n('en-US');
  });

  it('lists each problem with its step, where it is and what it is in words and as the validator said', () => {
    const problems: FlowProblem[] = [
      { code: 'unreachable', stepId: 'orphan', path: 'steps.2', message: 'step "orphan": no step leads here (line 14)' },
      { code: 'syntax', stepId: null, path: '3:7', message: 'line 3, column 7: <b>bad</b> indentation' },
    ];
    const html = render(<ProblemTable problems={problems} />);
    const plain = text(html);
    expect(plain).toContain('orphan');
    expect(plain).toContain('steps.2 line 14');
    expect(plain).toContain('Unreachable step');
    expect(plain).toContain('step "orphan": no step leads here (line 14)');
    expect(plain).toContain('The flow as a whole');
    expect(plain).toContain('line 3, column 7');
    expect(plain).toContain('Syntax error');
    expect(html).not.toContain('<b>');
  });
});

describe('ScriptLibraryPane', () => {
  beforeAll(async () => {
    await initI18n('en-US');
  });
  afterEach(() => resetStore());

  it("lists an agent's local copy by category with queue names, and previews the first flow, without publishing", () => {
    signedIn('agent');
    useConsoleStore.setState({ flowLibrary: () => ({ flows: [damage, consultation], org }) } as never);
    const html = render(<ScriptLibraryPane />);
    const plain = text(html);
    expect(plain.indexOf('Consultation')).toBeLessThan(plain.indexOf('After-sales'));
    expect(plain).toContain('IVR: Consultation queue');
    expect(plain).toContain('after-sales.transport-damage');
    expect(plain).toContain('Published');
    // The copy's freshness, as the runner shows it.
    expect(plain).toContain('Scripts not synced yet');
    expect(html).toContain('aria-pressed="true"');
    expect(plain).toContain('1. Greet and identify the need');
    expect(plain).not.toContain('Publish a new version');
    expect(plain).not.toContain('Download JSON');
  });

  it('offers publishing a file to a manager', () => {
    signedIn('manager');
    const html = render(<ScriptLibraryPane />);
    expect(text(html)).toContain('Publish a new version');
    expect(html).toMatch(/<label for="([^"]+)">Flow file \(\.yaml, \.yml or \.json\)<\/label><input id="\1" type="file" accept="\.yaml,\.yml,\.json"/);
  });
});
