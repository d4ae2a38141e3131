// @vitest-environment jsdom
import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { User } from '../../../../../shared/api/auth';
import type { ComplaintActionRequest, ComplaintDetail } from '../../../../../shared/api/complaints';
import { CaseList } from '../../../../../renderer/src/features/cases/case-list';
import { CasePage } from '../../../../../renderer/src/features/cases/case-page';
import { initI18n } from '../../../../../renderer/src/i18n';
import { HubError, type UploadOptions } from '../../../../../renderer/src/services/hub';
import { configureStoreDeps, resetStore, useConsoleStore } from '../../../../../renderer/src/store';
import { fakeHub, networkDown } from '../../support/fake-hub';
import { quietConsole, storeTestDeps } from '../../support/store-test-deps';
import { attachment, caseId, config, detail, HOUR, org, summary, user } from './case-fixtures';
import { accessibilityViolations, installDomShims, Wrapped } from './dom';

let hub: ReturnType<typeof fakeHub>;

function signIn(who: User): void {
  useConsoleStore.setState((s) => ({ session: { ...s.session, status: 'signed-in', user: who, token: 'tok' }, ui: { ...s.ui, language: 'zh-CN' } }));
}

/** axe's rules on what is rendered, as the end-to-end suite runs them on the panes; contrast needs a real layout. */
const listCalls = () => hub.calls.filter((c) => c.includes('listComplaints')).map((c) => c.split(' ').at(-1) ?? '');
const caseReads = () => hub.calls.filter((c) => c.includes('getComplaint')).length;
/** A time relative to now: the list judges "overdue" by this PC's clock. */
const fromNow = (ms: number) => new Date(Date.now() + ms).toISOString();

beforeAll(async () => {
  installDomShims();
  await initI18n('zh-CN');
});

beforeEach(() => {
  quietConsole();
  hub = fakeHub();
  hub.handlers.org = async () => org;
  hub.handlers.complaintConfig = async () => config;
  configureStoreDeps(storeTestDeps({ hub }).deps);
});

afterEach(() => {
  cleanup();
  resetStore();
  vi.restoreAllMocks();
});

describe('the case list', () => {
  it('marks an overdue case with the word 超时 and names the department it waits on', async () => {
    signIn(user('supervisor', 'service'));
    hub.handlers.listComplaints = async () => ({
      items: [summary(1, { stepDueAt: fromNow(-HOUR), overdue: true }), summary(2, { stepDueAt: fromNow(20 * HOUR) })],
      nextCursor: null,
    });
    render(
      <Wrapped>
        <CaseList org={org} />
      </Wrapped>,
    );
    const late = (await screen.findByRole('link', { name: 'TS-2026-000001' })).closest('tr')!;
    const onTime = screen.getByRole('link', { name: 'TS-2026-000002' }).closest('tr')!;
    expect(within(late).getByText('超时')).toBeTruthy();
    expect(within(onTime).queryByText('超时')).toBeNull();
    expect(within(late).getByText('运输调度/物流部')).toBeTruthy();
    expect(within(late).getByText('待责任部门处理')).toBeTruthy();
    expect(screen.getByRole('link', { name: 'TS-2026-000001' }).getAttribute('href')).toBe(`#/cases/${caseId(1)}`);
  });

  it("opens department staff on their department's open cases", async () => {
    signIn(user('department', 'logistics', 'logistics1'));
    render(
      <Wrapped>
        <CaseList org={org} />
      </Wrapped>,
    );
    await screen.findByText('没有符合条件的案件');
    expect(listCalls()).toEqual(['limit=50&waitingOn=logistics&open=true']);
    expect(screen.getByRole('button', { name: '待我部门处理' }).getAttribute('aria-pressed')).toBe('true');
  });

  it('says when the hub cannot be reached, and loads the list on retry', async () => {
    signIn(user('agent', 'acceptance'));
    hub.handlers.listComplaints = async () => Promise.reject(networkDown());
    render(
      <Wrapped>
        <CaseList org={org} />
      </Wrapped>,
    );
    expect(await screen.findByText('无法加载案件列表')).toBeTruthy();
    hub.handlers.listComplaints = async () => ({ items: [summary(1)], nextCursor: null });
    await userEvent.click(screen.getByRole('button', { name: '重试' }));
    expect(await screen.findByRole('link', { name: 'TS-2026-000001' })).toBeTruthy();
  });

  it('loads the next page by its cursor and adds it below', async () => {
    signIn(user('supervisor', 'service'));
    hub.handlers.listComplaints = async (_token, query) =>
      query.cursor === 'page-2' ? { items: [summary(2)], nextCursor: null } : { items: [summary(3)], nextCursor: 'page-2' };
    render(
      <Wrapped>
        <CaseList org={org} />
      </Wrapped>,
    );
    await userEvent.click(await screen.findByRole('button', { name: '加载更多' }));
    await screen.findByRole('link', { name: 'TS-2026-000002' });
    expect(screen.getAllByRole('link', { name: /^TS-2026-/ }).map((a) => a.textContent)).toEqual(['TS-2026-000003', 'TS-2026-000002']);
    expect(screen.queryByRole('button', { name: '加载更多' })).toBeNull();
    expect(listCalls().at(-1)).toBe('limit=50&open=true&cursor=page-2');
  });

  it('saves the filters as a view in IndexedDB and brings them back with its button', async () => {
    signIn(user('supervisor', 'service'));
    render(
      <Wrapped>
        <CaseList org={org} />
      </Wrapped>,
    );
    await screen.findByText('没有符合条件的案件');
    await userEvent.click(screen.getByRole('checkbox', { name: '仅超时' }));
    await waitFor(() => expect(listCalls().at(-1)).toBe('limit=50&overdue=true&open=true'));

    await userEvent.click(screen.getByRole('button', { name: '保存为视图' }));
    await userEvent.type(await screen.findByLabelText('视图名称'), '超时未结');
    await userEvent.click(screen.getByRole('button', { name: '保存' }));
    const saved = await screen.findByRole('button', { name: '超时未结' });
    expect(useConsoleStore.getState().cases.views.map((v) => v.name)).toEqual(['超时未结']);

    await userEvent.click(screen.getByRole('checkbox', { name: '仅未结案' }));
    await waitFor(() => expect(listCalls().at(-1)).toBe('limit=50&overdue=true'));
    await userEvent.click(saved);
    await waitFor(() => expect(listCalls().at(-1)).toBe('limit=50&overdue=true&open=true'));
    expect(saved.getAttribute('aria-pressed')).toBe('true');
  });
});

describe('the case page', () => {
  function showCase(read: () => ComplaintDetail) {
    hub.handlers.getComplaint = async () => read();
    render(
      <Wrapped>
        <CasePage id={caseId(1)} org={org} />
      </Wrapped>,
    );
  }
  const actionButtons = async () => within(await screen.findByRole('region', { name: '操作' })).getAllByRole('button').map((b) => b.textContent);

  it('offers exactly the actions the hub says this person may take', async () => {
    signIn(user('department', 'logistics', 'logistics1'));
    showCase(() => detail(1, { status: 'with_department', waitingOn: 'logistics', availableActions: ['accept', 'query'] }));
    expect(await actionButtons()).toEqual(['接受处理', '质询']);
  });

  it('shows the history with who acted, the status before → after, and why', async () => {
    signIn(user('supervisor', 'service'));
    showCase(() => detail(1));
    const history = await screen.findByRole('region', { name: '处理过程' });
    expect(within(history).getByText('填写现场记录（表1.2）')).toBeTruthy();
    expect(within(history).getByText('待现场调查 → 已调查')).toBeTruthy();
    expect(within(history).getByText('现场查看')).toBeTruthy();
    expect(within(history).getByText(/field1/)).toBeTruthy();
  });

  it('checks the form before sending: a missing reason is shown at its field and nothing is sent', async () => {
    signIn(user('department', 'logistics', 'logistics1'));
    showCase(() => detail(1, { status: 'with_department', availableActions: ['query'] }));
    await userEvent.click(await screen.findByRole('button', { name: '质询' }));
    await userEvent.click(screen.getByRole('button', { name: '提交' }));
    const reason = screen.getByLabelText('原因（必填）');
    expect(await screen.findByText('请填写此项')).toBeTruthy();
    expect(reason.getAttribute('aria-invalid')).toBe('true');
    expect(hub.calls.some((c) => c.includes('complaintAction'))).toBe(false);
  });

  it('reloads the case and keeps what was typed when someone else acted first, then sends on the new version', async () => {
    signIn(user('department', 'logistics', 'logistics1'));
    let version = 3;
    showCase(() => detail(1, { version, status: 'with_department', availableActions: ['query'] }));
    const sent: ComplaintActionRequest[] = [];
    hub.handlers.complaintAction = async (_token, _id, body) => {
      sent.push(body);
      version = 4;
      throw new HubError({ status: 409, code: 'stale_version', message: 'TS-2026-000001 was changed by supervisor1' });
    };
    await userEvent.click(await screen.findByRole('button', { name: '质询' }));
    await userEvent.type(screen.getByLabelText('原因（必填）'), '运单显示已按时送达');
    expect(screen.getByText('将按案件版本 3 提交')).toBeTruthy();
    await userEvent.click(screen.getByRole('button', { name: '提交' }));

    expect(await screen.findByText('其他人刚刚处理了此案件，您的操作未保存。已重新载入最新内容，请查看后再操作。')).toBeTruthy();
    expect((screen.getByLabelText('原因（必填）') as HTMLTextAreaElement).value).toBe('运单显示已按时送达');
    expect(caseReads()).toBe(2);
    expect(await screen.findByText('将按案件版本 4 提交')).toBeTruthy();

    hub.handlers.complaintAction = async (_token, _id, body) => {
      sent.push(body);
      return detail(1, { version: 5, status: 'queried', availableActions: [] });
    };
    await userEvent.click(screen.getByRole('button', { name: '提交' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(sent.map((r) => [r.expectedVersion, r.action])).toEqual([
      [3, { type: 'query', note: '运单显示已按时送达' }],
      [4, { type: 'query', note: '运单显示已按时送达' }],
    ]);
    expect(sent[1]!.id).not.toBe(sent[0]!.id);
    expect(await screen.findByText('您现在对此案件没有可执行的操作')).toBeTruthy();
  });

  it("shows the hub's reason when the step is not allowed from the case's status", async () => {
    signIn(user('department', 'logistics', 'logistics1'));
    showCase(() => detail(1, { status: 'with_department', availableActions: ['accept'] }));
    hub.handlers.complaintAction = async () =>
      Promise.reject(new HubError({ status: 409, code: 'illegal_transition', message: 'Cannot accept: the case is waiting for the general manager’s approval' }));
    await userEvent.click(await screen.findByRole('button', { name: '接受处理' }));
    await userEvent.click(screen.getByRole('button', { name: '提交' }));
    expect(await screen.findByText('未执行：Cannot accept: the case is waiting for the general manager’s approval')).toBeTruthy();
    expect(screen.getByRole('dialog')).toBeTruthy();
  });

  it('sends the same request id again after the hub could not be reached, and keeps the form meanwhile', async () => {
    signIn(user('supervisor', 'service'));
    showCase(() => detail(1, { status: 'tracking', availableActions: ['record_tracking'] }));
    const ids: string[] = [];
    hub.handlers.complaintAction = async (_token, _id, body) => {
      ids.push(body.id);
      throw networkDown();
    };
    await userEvent.click(await screen.findByRole('button', { name: '记录跟踪结果' }));
    await userEvent.type(screen.getByLabelText('原因（必填）'), '客户已收到补发货物');
    await userEvent.click(screen.getByRole('button', { name: '提交' }));
    expect(await screen.findByText('您填写的内容已保留，再次提交不会重复办理')).toBeTruthy();
    hub.handlers.complaintAction = async (_token, _id, body) => {
      ids.push(body.id);
      return detail(1, { version: 4, status: 'tracking', availableActions: ['record_tracking'] });
    };
    await userEvent.click(screen.getByRole('button', { name: '提交' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(ids).toHaveLength(2);
    expect(ids[1]).toBe(ids[0]);
  });

  it('enters the proposal amount in yuan and sends fen', async () => {
    signIn(user('supervisor', 'service'));
    showCase(() => detail(1, { availableActions: ['propose'] }));
    const sent: ComplaintActionRequest[] = [];
    hub.handlers.complaintAction = async (_token, _id, body) => {
      sent.push(body);
      return detail(1, { version: 4, status: 'proposal_pending_signoff', availableActions: [] });
    };
    await userEvent.click(await screen.findByRole('button', { name: '提出处理意见' }));
    const dialog = await screen.findByRole('dialog');
    await userEvent.click(within(dialog).getByRole('radio', { name: '用户' }));
    await userEvent.type(within(dialog).getByLabelText('处理措施（必填）'), '补发配件');
    await userEvent.type(within(dialog).getByLabelText('补偿或费用（元）'), '12.345');
    await userEvent.click(screen.getByRole('button', { name: '提交' }));
    expect(await within(dialog).findByText('请输入金额（元），最多两位小数')).toBeTruthy();
    await userEvent.clear(within(dialog).getByLabelText('补偿或费用（元）'));
    await userEvent.type(within(dialog).getByLabelText('补偿或费用（元）'), '1,280.5');
    await userEvent.click(screen.getByRole('button', { name: '提交' }));
    await waitFor(() => expect(sent).toHaveLength(1));
    expect(sent[0]!.action).toMatchObject({ type: 'propose', proposal: { category: 'transport', responsibility: 'user', measure: '补发配件', compensationFen: 128_050 } });
  });

  it('shows upload progress and the hub’s words for a file it does not take', async () => {
    signIn(user('department', 'market-service', 'field1'));
    showCase(() => detail(1, { status: 'investigation_dispatched', availableActions: ['record_investigation'], attachments: [attachment(1, '现场.jpg')] }));
    let fail: (error: unknown) => void = () => undefined;
    let progress: UploadOptions['onProgress'];
    hub.handlers.uploadAttachment = (_token, _ticket, _upload, options) => {
      progress = options?.onProgress;
      return new Promise((_resolve, reject) => {
        fail = reject;
      });
    };
    const input = await screen.findByLabelText('上传证据文件');
    expect(screen.getByRole('button', { name: '下载 现场.jpg' })).toBeTruthy();
    fireEvent.change(input, { target: { files: [new File(['MZ...'], 'setup.exe', { type: 'application/octet-stream' })] } });
    await waitFor(() => expect(progress).toBeDefined());
    act(() => progress!(40, 100));
    expect((screen.getByRole('progressbar', { name: '正在上传 setup.exe' }) as HTMLProgressElement).value).toBe(40);
    act(() => fail(new HubError({ status: 415, code: 'unsupported_media_type', message: 'an executable; accepted: photos, video, audio, PDF' })));
    expect(await screen.findByText('不接受此文件：an executable; accepted: photos, video, audio, PDF')).toBeTruthy();
  });

  it('has no accessibility violations on the page or in an action form', async () => {
    signIn(user('department', 'market-service', 'field1'));
    showCase(() =>
      detail(1, {
        status: 'investigation_dispatched',
        availableActions: ['record_investigation', 'escalate'],
        attachments: [attachment(1, '现场.jpg')],
        investigations: [
          {
            id: '0193a1b2-0000-7000-8000-0000000000aa',
            form: { visitedAt: new Date().toISOString(), place: '客户仓库', findings: '外箱破损', customerRecords: '', technicalMeasures: '', customerSigned: false, refusalReason: '不认可', witness: '物业', attachmentIds: [attachment(1, '现场.jpg').id] },
            recordedAt: new Date().toISOString(),
            recordedBy: 'field1',
          },
        ],
      }),
    );
    await screen.findByRole('region', { name: '处理过程' });
    expect(await accessibilityViolations()).toEqual([]);
    await userEvent.click(screen.getByRole('button', { name: '填写现场记录（表1.2）' }));
    await userEvent.click(await screen.findByRole('radio', { name: '客户拒签' }));
    await userEvent.click(screen.getByRole('button', { name: '提交' }));
    await screen.findAllByText('请填写此项');
    expect(await accessibilityViolations()).toEqual([]);
  });
});

describe('the case list, for assistive technology', () => {
  it('has no accessibility violations with its filters, views and rows', async () => {
    signIn(user('supervisor', 'service'));
    hub.handlers.listComplaints = async () => ({ items: [summary(1, { stepDueAt: fromNow(-HOUR), overdue: true }), summary(2)], nextCursor: 'more' });
    render(
      <Wrapped>
        <CaseList org={org} />
      </Wrapped>,
    );
    await screen.findByRole('link', { name: 'TS-2026-000001' });
    expect(await accessibilityViolations()).toEqual([]);
  });
});
