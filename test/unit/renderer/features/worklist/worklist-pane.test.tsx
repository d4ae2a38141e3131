// @vitest-environment jsdom
import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import axe from 'axe-core';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { User } from '../../../../../shared/api/auth';
import type { CallbackAttemptRequest, CallbackWorkItem } from '../../../../../shared/api/callbacks';
import { instantOfWallClock, localDateAt } from '../../../../../shared/time/zoned-time';
import { ActiveCallPanels } from '../../../../../renderer/src/features/worklist/active-call-panel';
import { ManualTaskDialog } from '../../../../../renderer/src/features/worklist/manual-task-dialog';
import { WorklistList } from '../../../../../renderer/src/features/worklist/worklist-list';
import { toLocalInput } from '../../../../../renderer/src/features/worklist/worklist-text';
import { initI18n } from '../../../../../renderer/src/i18n';
import { HubError } from '../../../../../renderer/src/services/hub';
import { configureStoreDeps, resetStore, useConsoleStore, type ConsoleStore, type FlowCatalogEntry } from '../../../../../renderer/src/store';
import { fakeHub, networkDown } from '../../support/fake-hub';
import { callSnapshot, phoneSnapshot } from '../../support/phone-snapshots';
import { quietConsole, storeTestDeps } from '../../support/store-test-deps';
import { installDomShims, Wrapped } from '../cases/dom';

const HOUR = 3_600_000;
const ZONE = 'Asia/Shanghai';
const taskId = (n: number) => `0193a1b2-0000-7000-9000-${n.toString(16).padStart(12, '0')}`;
const CUSTOMER = '0193a1b2-0000-7000-8000-000000000007';
const TICKET = '0193a1b2-0000-7000-a000-000000000009';
const CALL = '0193a1b2-c3d4-7e5f-8a9b-000000000042';
const fromNow = (ms: number) => new Date(Date.now() + ms).toISOString();

function task(n: number, patch: Partial<CallbackWorkItem> = {}): CallbackWorkItem {
  return {
    id: taskId(n),
    type: 'after_sales',
    source: 'script',
    status: 'pending',
    endReason: null,
    priority: 'normal',
    dueAt: fromNow(2 * HOUR),
    overdue: false,
    assignee: null,
    assigneeName: null,
    claimedAt: null,
    customerId: CUSTOMER,
    customerName: `客户${n}`,
    phone: '+8613800138000',
    ticketId: null,
    ticketNo: null,
    ticketTitle: null,
    ticketStatus: null,
    callId: null,
    note: '',
    flow: null,
    attempts: [],
    failedAttempts: 0,
    maxAttempts: 3,
    survey: null,
    createdAt: fromNow(-24 * HOUR),
    createdBy: 'agent1',
    endedAt: null,
    version: 1,
    ...patch,
  };
}

const me: User = { id: 'u-callback1', username: 'callback1', role: 'callback', displayName: '回访专员一', departmentCode: 'service' };

let hub: ReturnType<typeof fakeHub>;
let original: Pick<ConsoleStore, 'dial' | 'chooseCaller' | 'startFlow'>;
let steps: string[];

function signIn(): void {
  useConsoleStore.setState((s) => ({ session: { ...s.session, status: 'signed-in', user: me, token: 'tok' }, ui: { ...s.ui, language: 'zh-CN' } }));
}

function showList(items: CallbackWorkItem[]): void {
  hub.handlers.callbackWorklist = async () => ({ items, nextCursor: null, counts: { dueNow: items.length, overdue: 1, pool: 2, mine: 0 } });
  render(
    <Wrapped>
      <WorklistList onRecord={() => undefined} />
      <ActiveCallPanels />
    </Wrapped>,
  );
  useConsoleStore.getState().showWorklist();
}

const worklistReads = () => hub.calls.filter((c) => c.includes('callbackWorklist')).length;

/** The phone, the pop and the script at their store interface: what the worklist asks of them. */
function fakeCalling(outcome: Awaited<ReturnType<ConsoleStore['dial']>> = { ok: true, callId: CALL }) {
  const dial = vi.fn(async (input: string) => {
    steps.push(`dial ${input}`);
    return outcome;
  });
  const chooseCaller = vi.fn((callId: string, customerId: string) => void steps.push(`chooseCaller ${callId} ${customerId}`));
  const startFlow = vi.fn(async (callId: string, flowId: string, _options?: Parameters<ConsoleStore['startFlow']>[2]) => void steps.push(`startFlow ${callId} ${flowId}`));
  useConsoleStore.setState({ dial, chooseCaller, startFlow });
  return { dial, chooseCaller, startFlow };
}

function catalogEntry(id: string, callbackTypes: ('pre_sales' | 'after_sales' | 'complaint')[] | undefined): FlowCatalogEntry {
  return { id, version: 1, title: { 'zh-CN': id, 'en-US': id }, category: 'callback', triggers: callbackTypes ? { callbackTypes } : {}, needsContextTicket: true };
}

/** An instant that is `hh:mm` in the center's zone, `days` days from now. */
function centerTime(days: number, hh: number, mm: number): number {
  const date = localDateAt(ZONE, Date.now() + days * 24 * HOUR);
  return instantOfWallClock(ZONE, Date.UTC(date.year, date.month - 1, date.day, hh, mm));
}

beforeAll(async () => {
  installDomShims();
  await initI18n('zh-CN');
  const s = useConsoleStore.getState();
  original = { dial: s.dial, chooseCaller: s.chooseCaller, startFlow: s.startFlow };
});

beforeEach(() => {
  quietConsole();
  steps = [];
  hub = fakeHub();
  configureStoreDeps(storeTestDeps({ hub }).deps);
  signIn();
});

afterEach(() => {
  cleanup();
  // resetStore leaves actions alone: the faked ones go back to the store's own.
  useConsoleStore.setState(original);
  resetStore();
  vi.restoreAllMocks();
});

describe('the worklist', () => {
  it('keeps the hub’s order and marks an overdue task with the word 超时, not colour alone', async () => {
    showList([
      task(1, { dueAt: fromNow(-3 * HOUR), overdue: true, priority: 'high', ticketId: TICKET, ticketNo: 'TS-2026-000009', type: 'complaint' }),
      task(2, { dueAt: fromNow(5 * HOUR) }),
    ]);
    const late = (await screen.findByText('客户1')).closest('tr')!;
    const onTime = screen.getByText('客户2').closest('tr')!;
    expect(within(late).getByText('超时')).toBeTruthy();
    expect(within(late).getByText('VIP')).toBeTruthy();
    expect(within(late).getByText('投诉回访')).toBeTruthy();
    expect(within(onTime).queryByText('超时')).toBeNull();
    expect(screen.getAllByRole('row').slice(1).map((row) => within(row).queryByText(/^客户\d$/)?.textContent)).toEqual(['客户1', '客户2']);
    expect(within(late).getByRole('link', { name: 'TS-2026-000009' }).getAttribute('href')).toBe(`#/cases/${TICKET}`);
    expect(within(late).getAllByText('任务池').length).toBeGreaterThan(0);
    expect(screen.getByRole('button', { name: '今日待回访（2）' }).getAttribute('aria-pressed')).toBe('true');
    expect(screen.getByRole('button', { name: '任务池（2）' })).toBeTruthy();
    const result = await axe.run(document.body, { rules: { 'color-contrast': { enabled: false }, region: { enabled: false } } });
    expect(result.violations.map((v) => v.id)).toEqual([]);
  });

  it('asks for the tasks due by the end of the center’s day on the today tab', async () => {
    let asked: string | undefined;
    showList([]);
    hub.handlers.callbackWorklist = async (_token, query) => {
      asked = query.dueBefore;
      return { items: [], nextCursor: null, counts: { dueNow: 0, overdue: 0, pool: 0, mine: 0 } };
    };
    await act(() => useConsoleStore.getState().refreshWorklist());
    const end = centerTime(1, 0, 0) - 1;
    expect(asked).toBe(new Date(end).toISOString());
  });

  it('says who claimed a task first and reads the list again when the claim is refused with 409', async () => {
    showList([task(1)]);
    hub.handlers.claimCallback = async () => Promise.reject(new HubError({ status: 409, code: 'already_claimed', message: 'callback2 claimed it first' }));
    hub.handlers.getCallback = async () => task(1, { assignee: 'callback2', assigneeName: '回访专员二', version: 2 });
    await userEvent.click(await screen.findByRole('button', { name: '领取 客户1 的回访任务' }));
    expect(await screen.findByText('此任务已被 回访专员二 领取，列表已刷新。')).toBeTruthy();
    await waitFor(() => expect(worklistReads()).toBeGreaterThanOrEqual(2));
  });

  it('still says who claimed it when the refreshed pool no longer has the task', async () => {
    showList([task(1)]);
    hub.handlers.claimCallback = async () => {
      // The winner's claim took it out of the pool: every later read of the list lacks it.
      hub.handlers.callbackWorklist = async () => ({ items: [], nextCursor: null, counts: { dueNow: 0, overdue: 0, pool: 0, mine: 0 } });
      return Promise.reject(new HubError({ status: 409, code: 'already_claimed', message: 'callback2 claimed it first' }));
    };
    hub.handlers.getCallback = async () => task(1, { assignee: 'callback2', assigneeName: '回访专员二', version: 2 });
    await userEvent.click(await screen.findByRole('button', { name: '领取 客户1 的回访任务' }));
    await waitFor(() => expect(screen.queryByText('客户1')).toBeNull());
    expect(await screen.findByText('此任务已被 回访专员二 领取，列表已刷新。')).toBeTruthy();
  });

  it('dials nothing and says so at the row when the task’s number is invalid', async () => {
    const { dial } = fakeCalling();
    const claim = vi.fn(async () => task(3));
    hub.handlers.claimCallback = claim;
    showList([task(3, { phone: '12ab' })]);
    await userEvent.click(await screen.findByRole('button', { name: '拨打 客户3 的电话' }));
    expect(await screen.findByText('号码“12ab”无效，未拨打。请先在客户资料中更正号码。')).toBeTruthy();
    expect(dial).not.toHaveBeenCalled();
    expect(claim).not.toHaveBeenCalled();
  });

  it('claims, dials, pops the customer and starts the script for the task’s type with its case and id', async () => {
    const { startFlow } = fakeCalling();
    const pooled = task(4, { type: 'complaint', ticketId: TICKET, ticketNo: 'TS-2026-000009', ticketTitle: '物流破损', ticketStatus: 'callback_due' });
    hub.handlers.claimCallback = async (_token, id) => {
      steps.push(`claim ${id}`);
      return { ...pooled, assignee: 'callback1', assigneeName: '回访专员一', version: 2 };
    };
    useConsoleStore.setState((s) => ({
      flows: { ...s.flows, catalog: [catalogEntry('consultation', undefined), catalogEntry('callback.pre-sales', ['pre_sales']), catalogEntry('callback.complaint', ['complaint']), catalogEntry('callback.other', ['complaint'])] },
    }));
    showList([pooled]);
    await userEvent.click(await screen.findByRole('button', { name: '拨打 客户4 的电话' }));
    await waitFor(() => expect(steps).toHaveLength(4));
    expect(steps).toEqual([`claim ${pooled.id}`, 'dial +8613800138000', `chooseCaller ${CALL} ${CUSTOMER}`, `startFlow ${CALL} callback.complaint`]);
    expect(startFlow.mock.calls[0]?.[2]).toEqual({ contextTicket: { id: TICKET, ticketNo: 'TS-2026-000009', title: '物流破损', status: 'callback_due' }, callbackTaskId: pooled.id });
    expect(await screen.findByRole('region', { name: /当前回访：客户4/ })).toBeTruthy();
  });

  it('keeps the call and says so when no script serves the task’s type', async () => {
    const { startFlow } = fakeCalling();
    showList([task(5, { assignee: 'callback1', type: 'pre_sales' })]);
    await userEvent.click(await screen.findByRole('button', { name: '拨打 客户5 的电话' }));
    expect(await screen.findByText('没有适用于售前回访的话术脚本，本通电话照常进行。')).toBeTruthy();
    expect(startFlow).not.toHaveBeenCalled();
    expect(steps).toEqual(['dial +8613800138000', `chooseCaller ${CALL} ${CUSTOMER}`]);
  });
});

describe('recording an attempt after the call', () => {
  /** A call made from task 6 that rang out with `endCause`; the hub says the task is still pending. */
  async function callThatEnded(endCause: string) {
    fakeCalling();
    const mine = task(6, { assignee: 'callback1', assigneeName: '回访专员一' });
    hub.handlers.getCallback = async () => mine;
    showList([mine]);
    await userEvent.click(await screen.findByRole('button', { name: '拨打 客户6 的电话' }));
    await screen.findByText('通话中。满意度调查请在下方的话术中完成。');
    act(() => useConsoleStore.setState((s) => ({ phone: { ...s.phone, snapshot: phoneSnapshot([callSnapshot({ id: CALL, direction: 'outbound', state: 'dialing' })]) } })));
    act(() =>
      useConsoleStore.setState((s) => ({
        phone: { ...s.phone, snapshot: phoneSnapshot([callSnapshot({ id: CALL, direction: 'outbound', state: 'ended', endedAt: Date.now(), endCause })]) },
      })),
    );
    await screen.findByText('登记本次回访结果');
    return mine;
  }

  it('prefills busy for a 486, and refuses a call-later time outside the calling hours at the field without sending', async () => {
    await callThatEnded('486 Busy Here');
    const sent = vi.fn(async () => task(6));
    hub.handlers.recordCallbackAttempt = sent;
    expect((screen.getByRole('radio', { name: '占线' }) as HTMLInputElement).checked).toBe(true);

    await userEvent.click(screen.getByRole('radio', { name: '约定时间再回访' }));
    // 22:30 at the center: after its calling hours (09:00–20:00).
    fireEvent.change(screen.getByLabelText('约定回访时间'), { target: { value: toLocalInput(centerTime(2, 22, 30)) } });
    await userEvent.click(screen.getByRole('button', { name: '提交' }));
    expect(await screen.findByText('此时间不在回访时段（09:00–20:00）内。')).toBeTruthy();
    expect(screen.getByLabelText('约定回访时间').getAttribute('aria-invalid')).toBe('true');
    expect(sent).not.toHaveBeenCalled();

    // The next allowed time is offered and used.
    await userEvent.click(screen.getByRole('button', { name: /^改用/ }));
    await userEvent.click(screen.getByRole('button', { name: '提交' }));
    await waitFor(() => expect(sent).toHaveBeenCalledTimes(1));
    const body = (sent.mock.calls[0] as unknown as [string, string, CallbackAttemptRequest])[2];
    expect(body.outcome).toBe('call_later');
    expect(Date.parse(body.callLaterAt ?? '')).toBe(centerTime(3, 9, 0));
  });

  it('keeps the typed note when the send fails, and sends the same attempt again', async () => {
    await callThatEnded('480 Temporarily Unavailable');
    expect((screen.getByRole('radio', { name: '无人接听' }) as HTMLInputElement).checked).toBe(true);
    const bodies: CallbackAttemptRequest[] = [];
    hub.handlers.recordCallbackAttempt = async (_token, _id, body) => {
      bodies.push(body);
      return Promise.reject(networkDown());
    };
    await userEvent.type(screen.getByLabelText('备注'), '客户手机关机');
    await userEvent.click(screen.getByRole('button', { name: '提交' }));
    expect(await screen.findByText(/未能提交/)).toBeTruthy();
    expect((screen.getByLabelText('备注') as HTMLTextAreaElement).value).toBe('客户手机关机');

    hub.handlers.recordCallbackAttempt = async (_token, _id, body) => {
      bodies.push(body);
      return task(6, { failedAttempts: 1, version: 3 });
    };
    await userEvent.click(screen.getByRole('button', { name: '提交' }));
    await waitFor(() => expect(screen.queryByText('登记本次回访结果')).toBeNull());
    expect(bodies.map((b) => [b.outcome, b.note, b.callId])).toEqual([
      ['no_answer', '客户手机关机', CALL],
      ['no_answer', '客户手机关机', CALL],
    ]);
    expect(bodies[0]?.id).toBe(bodies[1]?.id);
  });

  it('shows the hub’s survey_required refusal at the outcome of a complaint callback', async () => {
    await callThatEnded('BYE');
    hub.handlers.recordCallbackAttempt = async () =>
      Promise.reject(new HubError({ status: 409, code: 'survey_required', field: 'outcome', message: 'a complaint callback ends with the customer\'s verdict' }));
    await userEvent.click(screen.getByRole('radio', { name: '已接通' }));
    await userEvent.click(screen.getByRole('button', { name: '提交' }));
    const outcome = screen.getByRole('group', { name: '本次结果' });
    expect(await within(outcome).findByText(/customer's verdict/)).toBeTruthy();
  });
});

describe('a callback made by hand', () => {
  it('refuses a due time outside the calling hours before sending, and keeps what was typed when the hub is away', async () => {
    const sent: string[] = [];
    hub.handlers.createManualCallback = async (_token, body) => {
      sent.push(`${body.id} ${body.phone} ${body.dueAt} ${body.note}`);
      return Promise.reject(networkDown());
    };
    useConsoleStore.getState().showWorklist();
    await waitFor(() => expect(useConsoleStore.getState().worklist.settings).not.toBeNull());
    render(
      <Wrapped>
        <ManualTaskDialog open onClose={() => undefined} />
      </Wrapped>,
    );
    await userEvent.type(screen.getByLabelText('电话'), '13800138000');
    await userEvent.type(screen.getByLabelText('备注'), '客户要求周末回访');
    fireEvent.change(screen.getByLabelText('回访时间'), { target: { value: toLocalInput(centerTime(2, 7, 0)) } });
    await userEvent.click(screen.getByRole('button', { name: '创建' }));
    expect(await screen.findByText('此时间不在回访时段（09:00–20:00）内。')).toBeTruthy();
    expect(sent).toEqual([]);

    fireEvent.change(screen.getByLabelText('回访时间'), { target: { value: toLocalInput(centerTime(2, 10, 0)) } });
    await userEvent.click(screen.getByRole('button', { name: '创建' }));
    expect(await screen.findByText(/未能创建/)).toBeTruthy();
    expect((screen.getByLabelText('备注') as HTMLTextAreaElement).value).toBe('客户要求周末回访');
    expect((screen.getByLabelText('电话') as HTMLInputElement).value).toBe('13800138000');
    await userEvent.click(screen.getByRole('button', { name: '创建' }));
    await waitFor(() => expect(sent).toHaveLength(2));
    // The retry is the same task: the hub creates it once.
    expect(sent[0]).toBe(sent[1]);
    expect(sent[0]).toContain(new Date(centerTime(2, 10, 0)).toISOString());
  });
});
