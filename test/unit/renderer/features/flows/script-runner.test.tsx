import { renderToStaticMarkup } from 'react-dom/server';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { FlowFacts, FlowRun } from '../../../../../shared/flows/flow-run';
import { startRun } from '../../../../../shared/flows/flow-engine';
import { ScriptRunner } from '../../../../../renderer/src/features/flows/script-runner';
import { i18n, initI18n } from '../../../../../renderer/src/i18n';
import { NO_CONTEXT_TICKET } from '../../../../../renderer/src/services/flows/flow-actions';
import type * as Store from '../../../../../renderer/src/store';
import { resetStore, useConsoleStore } from '../../../../../renderer/src/store';
import type { FlowActionView, FlowCatalogEntry, FlowRunView, FlowSliceState } from '../../../../../renderer/src/store/flow-slice-state';
import { flow, options, question, step, t as both } from '../../../../support/flow-builders';

// As in screen-pop-card.test.tsx: a server render reads the store's initial state, so the
// components are given the live state instead, which is what a client render shows.
vi.mock('../../../../../renderer/src/store', async (importOriginal) => {
  const real = await importOriginal<typeof Store>();
  const live = <T,>(selector: (state: ReturnType<typeof real.useConsoleStore.getState>) => T) => selector(real.useConsoleStore.getState());
  return { ...real, useConsoleStore: Object.assign(live, real.useConsoleStore) };
});

const CALL = '0190a3f0-0000-7000-8000-00000000c411';
const NOW = '2026-01-05T02:00:00.000Z';

const damage = flow(
  [
    step('greet', {
      title: both('问候', 'Greeting'),
      say: both('您好 {{customer.name}}，订单 {{order.no}} 的 <b>包裹</b> 怎么了？{{order.courier|快递}}', 'Hello {{customer.name}}, what happened to the <b>parcel</b> of order {{order.no}}? {{order.courier|the courier}}'),
      snippets: [{ id: 'claims', title: both('理赔说明', 'Claims'), text: both('48 小时内登记', 'Register within 48 hours') }],
      questions: [
        question('what', 'choice', { options: options('box', 'goods') }),
        question('items', 'number', { min: 1, max: 20 }),
        question('when', 'date'),
        question('phone', 'phone', { required: false }),
        question('photos', 'yes_no'),
        question('story', 'text', { multiline: true, help: both('客户原话', 'In the customer’s words') }),
        question('score', 'satisfaction'),
      ],
      next: 'done',
    }),
    step('done', { title: both('结束', 'Close'), end: { outcome: 'ticket_created' } }),
  ],
  { id: 'after-sales.transport-damage', title: both('运输破损', 'Damaged in transport') },
);

const catalog: FlowCatalogEntry[] = [
  { id: damage.id, version: 3, title: damage.title, category: 'after_sales', triggers: {}, needsContextTicket: false },
  { id: 'complaint.intake', version: 1, title: both('投诉受理', 'Complaint intake'), category: 'complaint', triggers: { ivrChoices: ['complaint'] }, needsContextTicket: false },
];

const facts: FlowFacts = { 'customer.name': '<b>王伟</b>', 'order.courier': null };

function runView(run: FlowRun, more: Partial<FlowRunView> = {}): FlowRunView {
  return { callId: CALL, flow: damage, flowVersion: 3, run, facts, contextTicket: null, callbackTaskId: null, actions: [], errors: {}, ...more };
}

function withFlows(runs: Record<string, FlowRunView>, more: Partial<FlowSliceState['flows']> = {}) {
  const flows: FlowSliceState['flows'] = {
    catalog,
    sync: { state: 'ok', lastSyncedAt: null, error: null, progress: null },
    runs,
    callerCases: {},
    pendingActions: 0,
    error: null,
    ...more,
  };
  // The slice is merged into the store by its own helper; the state is all the runner reads.
  useConsoleStore.setState((s) => ({ flows, ui: { ...s.ui, language: 'en-US' } }) as never);
}

const render = (element: React.ReactElement) => renderToStaticMarkup(element);
/** What a reader gets: tags stripped, quotes as typed. */
const text = (html: string) =>
  html
    .replace(/<[^>]+>/g, ' ')
    .replace(/&quot;/g, '"')
    .replace(/&#x27;/g, "'")
    .replace(/\s+/g, ' ');
const fresh = () => startRun(damage, { runId: CALL, now: NOW, facts, flowVersion: 3 });

/** A callback: it reports on the case the call is about and closes it. */
const callback = flow(
  [
    step('report', {
      say: both('关于工单 {{ticket.no|见工单}}', 'About ticket {{ticket.no|see the ticket}}'),
      actions: [{ type: 'update_ticket', ticket: 'context', outcome: 'satisfied', note: both('满意', 'Satisfied') }],
      end: { outcome: 'closed' },
    }),
  ],
  { id: 'callback.complaint', title: both('投诉回访', 'Complaint callback'), category: 'callback' },
);
const callbackView = (more: Partial<FlowRunView> = {}): FlowRunView =>
  runView(startRun(callback, { runId: CALL, now: NOW, facts: {}, flowVersion: 1 }), { flow: callback, flowVersion: 1, facts: {}, ...more });

describe('ScriptRunner', () => {
  beforeAll(async () => {
    await initI18n('en-US');
  });
  afterEach(() => resetStore());

  it('renders nothing in wrap-up for a call that followed no script', () => {
    withFlows({});
    expect(render(<ScriptRunner callId={CALL} ivrChoice={null} live={false} />)).toBe('');
  });

  it('offers the IVR’s script, already chosen, for a live call without one', () => {
    withFlows({});
    const html = render(<ScriptRunner callId={CALL} ivrChoice="complaint" live />);
    expect(html).toContain('role="region"');
    expect(html).toContain('aria-label="Call script"');
    const words = text(html);
    expect(words).toContain('Choose a script');
    expect(words).toContain('Complaint intake');
    expect(words).toContain('Start script');
  });

  it('says there are no scripts on the PC rather than showing an empty picker', () => {
    withFlows({}, { catalog: [] });
    expect(text(render(<ScriptRunner callId={CALL} ivrChoice={null} live />))).toContain('No scripts on this PC yet');
  });

  it('heads the run with the script’s title, its version and the step count', () => {
    withFlows({ [CALL]: runView(fresh()) });
    const html = render(<ScriptRunner callId={CALL} ivrChoice={null} live />);
    const words = text(html);
    expect(words).toContain('Damaged in transport');
    expect(words).toContain('v3');
    expect(words).toContain('Step 1 / 2');
    expect(html).toContain('aria-valuetext="Step 1 / 2"');
    expect(words).toContain('Switch script');
    expect(words).toContain('Greeting');
  });

  it('shows markup in the script and in the customer’s name as text, the filled field bold and a missing one marked', () => {
    withFlows({ [CALL]: runView(fresh()) });
    const html = render(<ScriptRunner callId={CALL} ivrChoice={null} live />);
    expect(html).not.toContain('<b>');
    expect(html).toContain('&lt;b&gt;parcel&lt;/b&gt;');
    expect(html).toContain('<strong data-field="customer.name">&lt;b&gt;王伟&lt;/b&gt;</strong>');
    // No order number on this call: a placeholder that says so; the courier has a fallback.
    expect(text(html)).toContain('[Order number]');
    expect(text(html)).toContain('Not known for this call: Order number');
    expect(html).toMatch(/data-field="order.courier" data-missing="true"[^>]*>the courier</);
  });

  it('ties every question’s label to its control, by type', () => {
    withFlows({ [CALL]: runView(fresh()) });
    const html = render(<ScriptRunner callId={CALL} ivrChoice={null} live />);
    const id = (q: string) => html.match(new RegExp(`id="([^"]*-${q})"`))?.[1];
    for (const q of ['items', 'when', 'phone', 'story']) {
      expect(id(q), q).toBeDefined();
      expect(html, q).toContain(`for="${id(q)}"`);
    }
    for (const q of ['what', 'photos', 'score']) {
      expect(html, q).toMatch(new RegExp(`role="radiogroup"[^>]*aria-labelledby="[^"]*-${q}-label"|aria-labelledby="[^"]*-${q}-label"[^>]*role="radiogroup"`));
    }
    expect(html).toMatch(/type="date"/);
    expect(html).toMatch(/inputMode="tel"|inputmode="tel"/);
    expect(html).toContain('<textarea');
    const words = text(html);
    for (const label of ['Yes', 'No', '1 Very unsatisfied', '5 Very satisfied', 'Option box', 'From 1 to 20', 'In the customer’s words', '(optional)']) {
      expect(words).toContain(label);
    }
    expect(html).toContain('aria-required="true"');
  });

  it('shows a problem under its field, named by the field', () => {
    withFlows({ [CALL]: runView(fresh(), { errors: { items: { questionId: 'items', code: 'too_large', limit: 20 }, what: { questionId: 'what', code: 'required' } } }) });
    const html = render(<ScriptRunner callId={CALL} ivrChoice={null} live />);
    const errorId = html.match(/id="([^"]*-items-error)"/)?.[1];
    expect(errorId).toBeDefined();
    expect(html).toMatch(new RegExp(`aria-describedby="[^"]*${errorId}`));
    expect(text(html)).toContain('Must be at most 20');
    expect(text(html)).toContain('This is required');
    expect(html).toContain('aria-invalid="true"');
  });

  it('keeps the knowledge snippets beside the text, closed', () => {
    withFlows({ [CALL]: runView(fresh()) });
    const words = text(render(<ScriptRunner callId={CALL} ivrChoice={null} live />));
    expect(words).toContain('Knowledge');
    expect(words).toContain('Claims');
    expect(words).not.toContain('Register within 48 hours');
  });

  it('disables Back on the first step and offers Finish on an end step', () => {
    withFlows({ [CALL]: runView(fresh()) });
    const first = render(<ScriptRunner callId={CALL} ivrChoice={null} live />);
    expect(first).toMatch(/<button[^>]*disabled=""[^>]*>(?:(?!<\/button>).)*Back/);
    expect(text(first)).toContain('Next');

    withFlows({ [CALL]: runView({ ...fresh(), stepId: 'done', trail: ['greet'] }) });
    const last = render(<ScriptRunner callId={CALL} ivrChoice={null} live />);
    expect(last).not.toMatch(/<button[^>]*disabled=""[^>]*>(?:(?!<\/button>).)*Back/);
    expect(text(last)).toContain('Finish');
    expect(text(last)).not.toContain('Next');
    expect(text(last)).toContain('Step 2 / 2');
  });

  it('lists the requested actions with their state: waiting with attempts, failed with the hub’s words and Retry', () => {
    const actions: FlowActionView[] = [
      { id: 'a1', key: 'greet.0', seq: 1, status: 'pending', attempts: 2, lastError: 'network down', result: null, dueAt: null, action: { type: 'notify', department: 'logistics', message: 'Check the parcel', urgent: false } },
      { id: 'a2', key: 'greet.1', seq: 2, status: 'failed', attempts: 1, lastError: 'unknown department', result: null, dueAt: null, action: { type: 'transfer', department: 'qa' } },
    ];
    withFlows({ [CALL]: runView(fresh(), { actions }) });
    const words = text(render(<ScriptRunner callId={CALL} ivrChoice={null} live />));
    expect(words).toContain('Notify logistics: Check the parcel');
    expect(words).toContain('Waiting to retry (2 attempts so far)');
    expect(words).toContain('Reason: unknown department');
    expect(words).toContain('Retry');
  });

  it('sums a completed run up: outcome, the answers of the path, the ticket number and where they are saved', () => {
    const run: FlowRun = {
      ...fresh(),
      status: 'completed',
      stepId: 'done',
      trail: ['greet'],
      outcome: 'ticket_created',
      completedAt: NOW,
      answers: {
        what: { value: 'goods', stepId: 'greet', at: NOW },
        items: { value: 2, stepId: 'greet', at: NOW },
        photos: { value: true, stepId: 'greet', at: NOW },
        score: { value: 4, stepId: 'greet', at: NOW },
      },
    };
    const actions: FlowActionView[] = [
      { id: 'a1', key: 'greet.0', seq: 1, status: 'done', attempts: 1, lastError: null, result: { ticketNo: 'T-20260105-0042' }, dueAt: null, action: { type: 'create_ticket', kind: 'after_sales', title: 'Damaged', category: null, severity: null, triage: null, department: null, answers: [] } },
    ];
    withFlows({ [CALL]: runView(run, { actions }) });
    const html = render(<ScriptRunner callId={CALL} ivrChoice={null} live={false} />);
    const words = text(html);
    for (const expected of ['Script summary', 'Ticket created', 'T-20260105-0042', 'Question what', 'Option goods', 'Question items', 'Yes', '4/5', 'saved to this call']) {
      expect(words).toContain(expected);
    }
    expect(words).not.toContain('Next');
    expect(words).not.toContain('Switch script');
  });

  it('says an abandoned script was abandoned and why, and offers another on a live call', () => {
    withFlows({ [CALL]: runView({ ...fresh(), status: 'abandoned', abandonReason: 'wrong_script' }) });
    const html = render(<ScriptRunner callId={CALL} ivrChoice={null} live />);
    const words = text(html);
    expect(words).toContain('Script abandoned: Wrong script');
    expect(words).toContain('Start script');
    // It went nowhere: no progress to show.
    expect(html).not.toContain('role="progressbar"');
  });

  it('tells the agent when a saved run points at a step the script does not have, and still lets them abandon it', () => {
    withFlows({ [CALL]: runView({ ...fresh(), stepId: 'gone' }) });
    const words = text(render(<ScriptRunner callId={CALL} ivrChoice={null} live />));
    expect(words).toContain('The script has no step "gone"');
    expect(words).toContain('Abandon script');
  });

  it('heads a callback with the case it is about, its number, title and status', () => {
    const contextTicket = { id: '0190a3f0-0000-7000-8000-0000000000a1', ticketNo: 'T-42', title: 'Kettle <b>leaks</b>', status: 'in progress' };
    withFlows({ [CALL]: callbackView({ contextTicket, facts: { 'ticket.no': 'T-42' } }) });
    const html = render(<ScriptRunner callId={CALL} ivrChoice={null} live />);
    expect(html).toContain('data-context-ticket="T-42"');
    // The title as text, never markup.
    expect(html).toContain('About case T-42: Kettle &lt;b&gt;leaks&lt;/b&gt; (in progress)');
    expect(text(html)).not.toContain('No case chosen');
  });

  it('warns in the header that a callback started without a case will not update one', () => {
    withFlows({ [CALL]: callbackView() });
    const words = text(render(<ScriptRunner callId={CALL} ivrChoice={null} live />));
    expect(words).toContain("No case chosen: this script's ticket updates will be marked failed.");
  });

  it('says nothing of a case for a script that needs none', () => {
    withFlows({ [CALL]: runView(fresh()) });
    expect(text(render(<ScriptRunner callId={CALL} ivrChoice={null} live />))).not.toMatch(/case/i);
  });

  it('words the failed update of a missing case in the agent’s language', async () => {
    const actions: FlowActionView[] = [
      { id: 'a1', key: 'report.0', seq: 0, status: 'failed', attempts: 0, lastError: NO_CONTEXT_TICKET, result: null, dueAt: null, action: { type: 'update_ticket', ticket: 'context', note: '满意', outcome: 'satisfied' } },
    ];
    withFlows({ [CALL]: callbackView({ actions }) });
    await i18n.changeLanguage('zh-CN');
    try {
      const words = text(render(<ScriptRunner callId={CALL} ivrChoice={null} live />));
      expect(words).toContain('开始脚本时没有为本次通话选择工单');
      expect(words).not.toContain(NO_CONTEXT_TICKET);
    } finally {
      await i18n.changeLanguage('en-US');
    }
  });

  it('says where the scripts come from when offline, with the actions still waiting', () => {
    withFlows({ [CALL]: runView(fresh()) }, { sync: { state: 'offline', lastSyncedAt: null, error: null, progress: null }, pendingActions: 2 });
    const words = text(render(<ScriptRunner callId={CALL} ivrChoice={null} live />));
    expect(words).toContain('Offline: no copy of the scripts on this PC yet');
    expect(words).toContain('2 script action(s) waiting to be sent');
  });
});
