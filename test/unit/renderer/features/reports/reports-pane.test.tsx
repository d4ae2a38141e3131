// @vitest-environment jsdom
import { cleanup, configure, fireEvent, render as renderInto, screen, waitFor, within } from '@testing-library/react';
import { ConfigProvider } from 'antd';
import type { ReactElement } from 'react';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { User } from '../../../../../shared/api/auth';
import type { ComplaintReport, ComplaintReportQuery } from '../../../../../shared/api/complaints';
import { LazyReportsPane } from '../../../../../renderer/src/features/reports/lazy-reports-pane';
import { ReportsPane } from '../../../../../renderer/src/features/reports/reports-pane';
import { initI18n } from '../../../../../renderer/src/i18n';
import { HubError } from '../../../../../renderer/src/services/hub';
import { configureStoreDeps, resetStore, useConsoleStore } from '../../../../../renderer/src/store';
import { fakeHub, networkDown } from '../../support/fake-hub';
import { quietConsole, storeTestDeps } from '../../support/store-test-deps';
import { complaintReport, ZH_TABLES } from './report-fixture';

const HUB = 'http://127.0.0.1:8790';
const manager: User = { id: '0193a1b2-0000-7000-8000-0000000000c1', username: 'manager1', role: 'manager', displayName: '王经理', departmentCode: 'service' };
// 15 March 2026 at 10:00 on this PC, whatever its time zone.
const now = () => new Date(2026, 2, 15, 10, 0);

let hub: ReturnType<typeof fakeHub>;

/** The hub counts whatever period it is asked for, with the fixture's figures. */
const answering = async (_token: string, query: ComplaintReportQuery): Promise<ComplaintReport> =>
  complaintReport({ period: { from: query.from, to: query.to, timeZone: 'Asia/Shanghai' } });

const reportCalls = () => hub.calls.filter((call) => call.includes(' complaintReport '));
const asked = (from: string, to: string) => `${HUB} complaintReport tok ${from} ${to}`;

function deferred<T>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

// Button spacing as the app has it (app.tsx), else antd names the button 统计 "统 计"; no motion, as
// jsdom never ends a transition, so a spinner leaving a button would stay in its name.
const render = (element: ReactElement) =>
  renderInto(
    <ConfigProvider button={{ autoInsertSpace: false }} theme={{ token: { motion: false } }}>
      {element}
    </ConfigProvider>,
  );

/** A table's body as text, row by row: what a person reads in it. Selectors, not roles: far faster on six tables. */
function tableRows(section: HTMLElement): string[][] {
  const table = section.querySelector('table')!;
  return [...table.querySelectorAll('tbody tr')].map((row) => [...row.querySelectorAll('td')].map((cell) => cell.textContent ?? '')).filter((cells) => cells.length > 0);
}

const dateInput = (label: string) => screen.getByLabelText(label) as HTMLInputElement;

beforeAll(async () => {
  await initI18n('zh-CN');
  // A wait's limit, not a timing assertion: six antd tables take a while on a busy two-core machine.
  configure({ asyncUtilTimeout: 10_000 });
  // antd asks the window for media queries, which jsdom does not answer.
  if (!window.matchMedia) {
    Object.defineProperty(window, 'matchMedia', {
      value: (query: string) => ({ matches: false, media: query, onchange: null, addListener: () => {}, removeListener: () => {}, addEventListener: () => {}, removeEventListener: () => {}, dispatchEvent: () => false }),
    });
  }
  // The pane's tabs measure themselves; jsdom lays nothing out, so there is nothing to observe.
  if (!('ResizeObserver' in window)) {
    const NoResizeObserver = class {
      observe(): void {}
      unobserve(): void {}
      disconnect(): void {}
    };
    Object.assign(window, { ResizeObserver: NoResizeObserver });
    Object.assign(globalThis, { ResizeObserver: NoResizeObserver });
  }
});

beforeEach(() => {
  quietConsole();
  // jsdom has no canvas to measure the charts' text with; ZRender estimates instead.
  vi.spyOn(HTMLCanvasElement.prototype, 'getContext').mockReturnValue(null);
  resetStore();
  hub = fakeHub();
  configureStoreDeps(storeTestDeps({ hub }).deps);
  useConsoleStore.setState((s) => ({ session: { ...s.session, status: 'signed-in', user: manager, token: 'tok', hubUrl: HUB } }));
  hub.handlers.complaintReport = answering;
});

afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
});

describe('ReportsPane', () => {
  it('opens on this month so far and shows every figure of the report in its table', async () => {
    render(<ReportsPane now={now} />);
    await screen.findByText('统计周期 2026-03-01 至 2026-03-15（时区 Asia/Shanghai），统计于 2026-03-15 10:05:09');
    expect(reportCalls()).toEqual([asked('2026-03-01', '2026-03-15')]);
    expect(dateInput('开始日期').value).toBe('2026-03-01');
    expect(dateInput('结束日期').value).toBe('2026-03-15');
    expect(screen.getByRole('button', { name: '本月' }).getAttribute('aria-pressed')).toBe('true');

    for (const table of ZH_TABLES) {
      const section = screen.getByRole('region', { name: table.title });
      expect([...section.querySelectorAll('thead th')].map((h) => h.textContent)).toEqual(['项目', '数量', table.shareHeader]);
      expect(tableRows(section), table.title).toEqual(table.rows.map(([label, count, share]) => [label, String(count), share ?? '—']));
    }
  });

  it('gives each chart a name that carries its figures', async () => {
    render(<ReportsPane now={now} />);
    const section = await screen.findByRole('region', { name: '按投诉级别' });
    expect(within(section).getByRole('img').getAttribute('aria-label')).toBe(
      '按投诉级别（柱状图）：服务部门 7 件，占 70.0%；直接上级 2 件，占 20.0%；公司领导 1 件，占 10.0%',
    );
    expect(within(screen.getByRole('region', { name: '按责任归属' })).getByRole('img').getAttribute('aria-label')).toMatch(/^按责任归属（饼图）：经销商 2 件/);
  });

  it('asks for the whole of last month when 上月 is picked', async () => {
    render(<ReportsPane now={now} />);
    await screen.findByRole('region', { name: '受理情况' });
    fireEvent.click(screen.getByRole('button', { name: '上月' }));
    await screen.findByText(/^统计周期 2026-02-01 至 2026-02-28/);
    expect(reportCalls()).toEqual([asked('2026-03-01', '2026-03-15'), asked('2026-02-01', '2026-02-28')]);
    expect(dateInput('开始日期').value).toBe('2026-02-01');
    expect(dateInput('结束日期').value).toBe('2026-02-28');
    expect(screen.getByRole('button', { name: '上月' }).getAttribute('aria-pressed')).toBe('true');
  });

  it('asks for the dates typed when 统计 is pressed', async () => {
    render(<ReportsPane now={now} />);
    await screen.findByRole('region', { name: '受理情况' });
    fireEvent.change(dateInput('开始日期'), { target: { value: '2025-11-03' } });
    fireEvent.change(dateInput('结束日期'), { target: { value: '2026-01-09' } });
    fireEvent.click(screen.getByRole('button', { name: '统计' }));
    await screen.findByText(/^统计周期 2025-11-03 至 2026-01-09/);
    expect(reportCalls().at(-1)).toBe(asked('2025-11-03', '2026-01-09'));
  });

  it('refuses a start after the end in the form without asking the hub', async () => {
    render(<ReportsPane now={now} />);
    await screen.findByRole('region', { name: '受理情况' });
    fireEvent.change(dateInput('开始日期'), { target: { value: '2026-03-20' } });
    fireEvent.click(screen.getByRole('button', { name: '统计' }));

    const problem = await screen.findByRole('alert');
    expect(problem.textContent).toBe('开始日期不能晚于结束日期。');
    expect(dateInput('开始日期').getAttribute('aria-invalid')).toBe('true');
    expect(dateInput('开始日期').getAttribute('aria-describedby')).toBe(problem.id);
    expect(reportCalls()).toEqual([asked('2026-03-01', '2026-03-15')]);

    fireEvent.change(dateInput('开始日期'), { target: { value: '2026-03-10' } });
    fireEvent.click(screen.getByRole('button', { name: '统计' }));
    await screen.findByText(/^统计周期 2026-03-10 至 2026-03-15/);
    expect(screen.queryByText('开始日期不能晚于结束日期。')).toBeNull();
    expect(reportCalls().at(-1)).toBe(asked('2026-03-10', '2026-03-15'));
  });

  it('refuses an empty date without asking the hub', async () => {
    render(<ReportsPane now={now} />);
    await screen.findByRole('region', { name: '受理情况' });
    fireEvent.change(dateInput('结束日期'), { target: { value: '' } });
    fireEvent.click(screen.getByRole('button', { name: '统计' }));
    expect((await screen.findByRole('alert')).textContent).toBe('请填写开始日期和结束日期。');
    expect(reportCalls()).toHaveLength(1);
  });

  it('shows the hub refusing a period, with no retry that would be refused again', async () => {
    hub.handlers.complaintReport = async () =>
      Promise.reject(new HubError({ status: 400, code: 'validation', message: 'the period is longer than 3 years', field: 'from' }));
    render(<ReportsPane now={now} />);
    const alert = await screen.findByText('无法生成投诉统计报表');
    const box = alert.closest('[role="alert"]') as HTMLElement;
    expect(box.textContent).toContain('服务器未接受输入：the period is longer than 3 years');
    expect(within(box).queryByRole('button', { name: '重试' })).toBeNull();
    expect(screen.queryByRole('region', { name: '受理情况' })).toBeNull();
  });

  it('offers a retry when the hub cannot be reached, and shows the report once it answers', async () => {
    hub.handlers.complaintReport = async () => Promise.reject(networkDown());
    render(<ReportsPane now={now} />);
    await screen.findByText('无法生成投诉统计报表');
    expect(screen.getByText('无法连接服务器，请检查网络连接后重试。')).toBeTruthy();

    hub.handlers.complaintReport = answering;
    fireEvent.click(screen.getByRole('button', { name: '重试' }));
    await screen.findByRole('region', { name: '受理情况' });
    expect(reportCalls()).toEqual([asked('2026-03-01', '2026-03-15'), asked('2026-03-01', '2026-03-15')]);
    expect(screen.queryByText('无法生成投诉统计报表')).toBeNull();
  });

  it('shows progress while the hub counts, and only the answer for the period last asked for', async () => {
    const march = deferred<ComplaintReport>();
    hub.handlers.complaintReport = (_token, query) => (query.from === '2026-03-01' ? march.promise : answering(_token, query));
    render(<ReportsPane now={now} />);
    expect((await screen.findByRole('status')).textContent).toContain('正在统计 2026-03-01 至 2026-03-15 的投诉…');

    fireEvent.click(screen.getByRole('button', { name: '上月' }));
    await screen.findByText(/^统计周期 2026-02-01 至 2026-02-28/);
    // March's answer arrives late: the report shown stays February's.
    march.resolve(complaintReport());
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(screen.getByText(/^统计周期 2026-02-01 至 2026-02-28/)).toBeTruthy();
    expect(screen.queryByText(/^统计周期 2026-03-01/)).toBeNull();
  });

  it('says so when no complaint was received in the period', async () => {
    hub.handlers.complaintReport = async (_token, query) => {
      const report = await answering(_token, query);
      return { ...report, received: { ...report.received, total: 0 } };
    };
    render(<ReportsPane now={now} />);
    expect(await screen.findByText('该周期内没有受理投诉。')).toBeTruthy();
  });
});

describe('LazyReportsPane', () => {
  it('loads the pane on first show and asks for this month so far on the PC clock', async () => {
    const day = (d: Date) => `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
    const thisMonth = (d: Date) => asked(day(new Date(d.getFullYear(), d.getMonth(), 1)), day(d));
    const before = new Date();
    render(<LazyReportsPane />);
    await screen.findByRole('region', { name: '受理情况' });
    // Either side of a midnight the test may have run across.
    expect([thisMonth(before), thisMonth(new Date())]).toContain(reportCalls()[0]);
  });
});

describe('ReportsPane export', () => {
  function captureDownloads() {
    const blobs: Blob[] = [];
    const names: string[] = [];
    vi.spyOn(URL, 'createObjectURL').mockImplementation((blob) => {
      blobs.push(blob as Blob);
      return `blob:report-${blobs.length}`;
    });
    vi.spyOn(URL, 'revokeObjectURL').mockImplementation(() => undefined);
    // jsdom cannot navigate to a download; what the link was to save is what matters.
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      names.push(this.download);
    });
    return { blobs, names };
  }

  it('saves the report shown as CSV named for its period, with the byte order mark', async () => {
    const downloads = captureDownloads();
    render(<ReportsPane now={now} />);
    fireEvent.click(await screen.findByRole('button', { name: /导出 CSV/ }));
    await waitFor(() => expect(downloads.names).toEqual(['投诉统计_2026-03-01_2026-03-15.csv']));
    const bytes = new Uint8Array(await downloads.blobs[0]!.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder().decode(bytes.slice(3));
    expect(text.split('\r\n').slice(0, 2)).toEqual(['投诉统计报表', '统计周期,2026-03-01 至 2026-03-15']);
    expect(text).toContain('\r\n电话,4,40.0%\r\n');
  });

  it('saves the report shown as an Excel file', async () => {
    const downloads = captureDownloads();
    render(<ReportsPane now={now} />);
    fireEvent.click(await screen.findByRole('button', { name: /导出 Excel/ }));
    await waitFor(() => expect(downloads.names).toEqual(['投诉统计_2026-03-01_2026-03-15.xlsx']));
    const bytes = new Uint8Array(await downloads.blobs[0]!.arrayBuffer());
    expect([...bytes.slice(0, 2)]).toEqual([0x50, 0x4b]);
  });

  it('says why an export failed and lets it be tried again', async () => {
    vi.spyOn(URL, 'createObjectURL').mockImplementation(() => {
      throw new Error('no room for the file');
    });
    render(<ReportsPane now={now} />);
    const button = await screen.findByRole('button', { name: /导出 CSV/ });
    fireEvent.click(button);
    expect((await screen.findByRole('alert')).textContent).toContain('导出失败：no room for the file');
    await waitFor(() => expect((screen.getByRole('button', { name: /导出 CSV/ }) as HTMLButtonElement).disabled).toBe(false));
  });
});
