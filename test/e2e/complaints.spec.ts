import type { APIRequestContext, Browser, Locator, Page } from '@playwright/test';
import { ComplaintReportSchema, type ComplaintReport } from '../../shared/api/complaints';
import { centerTest as test, expect, expectNoSeriousA11yViolations, hubToken, logIn } from './support/fixtures';
import type { Center } from './support/center';
import { answerComplaintCall, openAgentConsole, runner, walkToDetails, walkToOnSiteDispatch } from './support/complaint-call';
import { readConsoleStore, type Json } from './support/console-db';

/**
 * The complaint procedure (4-1) end to end, on the real hub, PBX and consoles: a complaint taken on
 * a call travels through every role's console — the agent registers it and sends field staff, the
 * field staff record the visit with a photo, the service department proposes a measure beyond the
 * manager's authority, the head signs, the department complained about accepts, the general
 * manager approves, the department carries it out, the callback is arranged and made — until it is
 * closed, and the complaint section's report counts it in the right cells.
 */

/** A 1×1 PNG: enough for the hub to know it for a photo by its bytes. */
const PHOTO = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');

/** The center's day (Asia/Shanghai, the hub's default time zone), as the report counts days. */
const centerToday = (): string => new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());

async function hubGet(request: APIRequestContext, center: Center, path: string, username = 'supervisor1'): Promise<unknown> {
  const token = await hubToken(request, center.hub.url, username);
  const response = await request.get(`${center.hub.url}${path}`, { headers: { authorization: `Bearer ${token}` } });
  expect(response.status(), path).toBe(200);
  return response.json();
}

async function report(request: APIRequestContext, center: Center): Promise<ComplaintReport> {
  const day = centerToday();
  return ComplaintReportSchema.parse(await hubGet(request, center, `/api/v1/reports/complaints?from=${day}&to=${day}`));
}

async function caseStatus(request: APIRequestContext, center: Center, ticketId: string): Promise<string> {
  const detail = (await hubGet(request, center, `/api/v1/complaints/${ticketId}`)) as { case: { status: string } };
  return detail.case.status;
}

/** Someone's own console, in a browser context of their own, on the case's page. */
async function consoleOf(browser: Browser, center: Center, username: string, ticketId: string): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await logIn(page, center.hub.url, username);
  await expect(page.getByRole('button', { name: 'Log out' })).toBeVisible();
  await page.evaluate((id) => {
    window.location.hash = `#/cases/${id}`;
  }, ticketId);
  await expect(page.getByRole('heading', { level: 2 }).first()).toBeVisible();
  return page;
}

/** Takes one action from the case page: its button, its form, Submit; the dialog closes when the hub took it. */
async function act(page: Page, action: string, fill: (dialog: Locator) => Promise<void> = async () => {}) {
  await page.getByRole('button', { name: action, exact: true }).click();
  const dialog = page.getByRole('dialog');
  await expect(dialog).toBeVisible();
  await fill(dialog);
  await dialog.getByRole('button', { name: 'Submit' }).click();
  await expect(dialog).toBeHidden({ timeout: 15_000 });
}

/**
 * An antd select: its list opens in a layer of its own and scrolls virtually, so an option is
 * typed down to (where the select searches) before it is clicked; the visible option carries its
 * label as title.
 */
async function choose(page: Page, dialog: Locator, label: RegExp, option: string, search?: string) {
  const select = dialog.getByLabel(label);
  await select.click();
  if (search !== undefined) await select.fill(search);
  const open = page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden)');
  const item = open.getByTitle(option, { exact: true });
  await expect(item).toBeVisible();
  // A click while the list re-renders after typing can miss; the list still open says so, and
  // the option (the only one left when searched) is clicked again.
  await expect(async () => {
    if ((await open.count()) > 0) await item.click({ timeout: 2_000 });
    await expect(open).toHaveCount(0, { timeout: 2_000 });
  }).toPass({ timeout: 15_000 });
}

test.describe('the complaint procedure', () => {
  test.describe.configure({ timeout: 300_000 });

  test('a complaint from a call travels through every role to closure, and the report counts it in the right cells', async ({ page, context, browser, request, center }) => {
    const before = await report(request, center);

    // ── agent1: the call, the intake script (表1.1), field staff sent ─────────────────────────────
    await openAgentConsole(page, center);
    const customer = await answerComplaintCall(page, context, center);
    const script = runner(page);
    await walkToDetails(script);
    await script.getByLabel("The complaint (in the customer's own words)").fill('饲料结块发霉，客户要求赔偿损失');
    await script.getByLabel('Date it happened').fill('2026-12-01');
    await walkToOnSiteDispatch(script);
    await script.getByRole('button', { name: 'Finish', exact: true }).click();
    await expect(script).toContainText(/TS-\d{4}-\d{6}/, { timeout: 30_000 });
    const created = (await readConsoleStore(page, 'flowActions')).find((a) => (a.action as Json).type === 'create_ticket')!;
    const ticketId = created.id as string;
    await customer.hangUp();
    await page.getByRole('button', { name: 'Finish wrap-up' }).click();
    await expect.poll(() => caseStatus(request, center, ticketId), { timeout: 30_000 }).toBe('investigation_dispatched');

    // The agent finds the case in their Cases pane, waiting on the field staff.
    const { ticketNo } = (await hubGet(request, center, `/api/v1/complaints/${ticketId}`)) as { ticketNo: string };
    await page.getByRole('menuitem', { name: 'Complaint cases' }).click();
    await expect(page.getByRole('row', { name: new RegExp(ticketNo) })).toContainText('Awaiting on-site investigation');

    // ── field1 (市场服务科): evidence and the on-site record (表1.2), the customer refused to sign ──
    const field = await consoleOf(browser, center, 'field1', ticketId);
    await expect(field.getByText('Awaiting on-site investigation').first()).toBeVisible();
    await field.getByLabel('Upload evidence file').setInputFiles({ name: '现场照片.png', mimeType: 'image/png', buffer: PHOTO });
    await expect(field.getByRole('button', { name: 'Download 现场照片.png' })).toBeVisible({ timeout: 15_000 });
    await act(field, 'Record the visit (form 1.2)', async (dialog) => {
      await dialog.getByLabel(/^Place/).fill('广州市天河区体育西路 100 号 养殖场 3 号棚');
      await dialog.getByLabel(/^Findings/).fill('7 of 20 bags of batch 2403 caked and mouldy; stored dry, away from the heater');
      await dialog.getByRole('radio', { name: 'The customer refused to sign' }).check();
      await dialog.getByLabel(/^Why the customer refused/).fill('客户认为应全额赔偿，拒绝签字');
      await dialog.getByRole('checkbox', { name: '现场照片.png' }).check();
    });
    await expect(field.getByText('Investigated').first()).toBeVisible();
    await expectNoSeriousA11yViolations(field);

    // ── supervisor1 (客服部): the proposal — quality, the company's fault, logistics, ¥8 000 ─────
    const supervisor = await consoleOf(browser, center, 'supervisor1', ticketId);
    await act(supervisor, 'Propose handling', async (dialog) => {
      await choose(supervisor, dialog, /^Content/, 'Quality');
      await dialog.getByRole('radio', { name: 'Company' }).check();
      await choose(supervisor, dialog, /^Department complained about/, 'Transport Dispatch & Logistics', 'Logistics');
      await dialog.getByLabel(/^Measure/).fill('Replace the 7 bags and compensate the lost feed');
      await dialog.getByLabel(/^Compensation or cost/).fill('8000');
    });
    await expect(supervisor.getByText("Awaiting the head's signature").first()).toBeVisible();
    const proposed = (await hubGet(request, center, `/api/v1/complaints/${ticketId}`)) as { case: { proposal: Json } };
    expect(proposed.case.proposal).toMatchObject({ category: 'quality', responsibility: 'company', departmentCode: 'logistics', compensationFen: 800_000 });
    // Nobody signs their own proposal: the button is not offered to the proposer.
    await expect(supervisor.getByRole('button', { name: 'Sign off (head)', exact: true })).toHaveCount(0);

    // ── manager1 (客服部经理): signs; ¥8 000 is beyond the manager's ¥5 000 ─────────────────────
    const manager = await consoleOf(browser, center, 'manager1', ticketId);
    await act(manager, 'Sign off (head)');
    await expect(manager.getByText('With the responsible department').first()).toBeVisible();

    // ── logistics1 (运输调度/物流部): accepts; the measure now needs the general manager ────────
    const logistics = await consoleOf(browser, center, 'logistics1', ticketId);
    await act(logistics, 'Accept', async (dialog) => {
      await dialog.getByLabel(/^Note/).fill('认可调查结论，安排补发');
    });
    await expect(logistics.getByText("Awaiting the general manager's approval").first()).toBeVisible();
    // Pushed to the manager's open page: the case moved on without a reload, and the manager (who signed) may not approve.
    await expect(manager.getByText("Awaiting the general manager's approval").first()).toBeVisible({ timeout: 15_000 });
    await expect(manager.getByRole('button', { name: 'Approve', exact: true })).toHaveCount(0);

    // ── gm (总经理): approves ──────────────────────────────────────────────────────────────────
    const gm = await consoleOf(browser, center, 'gm', ticketId);
    await act(gm, 'Approve');
    await expect(gm.getByText('Measure in progress').first()).toBeVisible();

    // ── logistics1: the measure carried out (the approval reached the department's open page by push) ──
    await expect(logistics.getByText('Measure in progress').first()).toBeVisible({ timeout: 15_000 });
    await act(logistics, 'Measure carried out', async (dialog) => {
      await dialog.getByLabel(/^Result/).fill('12-05 补发 7 袋，赔偿款已转账');
    });
    await expect(logistics.getByText('Tracking').first()).toBeVisible();

    // ── supervisor1: the complaint callback (投诉回访) is arranged ──────────────────────────────
    await expect(supervisor.getByText('Tracking').first()).toBeVisible({ timeout: 15_000 });
    await act(supervisor, 'Arrange the complaint callback');
    await expect(supervisor.getByText('Callback due').first()).toBeVisible();

    // ── callback1 (回访调查组): the customer is satisfied; the case closes ─────────────────────
    const callback = await consoleOf(browser, center, 'callback1', ticketId);
    await act(callback, 'Record callback result', async (dialog) => {
      await dialog.getByRole('radio', { name: 'Satisfied', exact: true }).check();
      await dialog.getByLabel(/^The customer's words/).fill('补发和赔偿都收到了，满意');
    });
    await expect(callback.getByText('Closed and archived').first()).toBeVisible();
    expect(await caseStatus(request, center, ticketId)).toBe('closed');

    // The history names everyone who acted, in order.
    const detail = (await hubGet(request, center, `/api/v1/complaints/${ticketId}`)) as { events: { type: string; by: string }[] };
    expect(detail.events.filter((e) => e.type !== 'notified' && e.type !== 'callback_scheduled' && e.type !== 'note').map((e) => `${e.type}:${e.by}`)).toEqual([
      'opened:agent1',
      'attachment_added:field1',
      'record_investigation:field1',
      'propose:supervisor1',
      'sign_off:manager1',
      'accept:logistics1',
      'approve:gm',
      'complete_measure:logistics1',
      'request_callback:supervisor1',
      'callback_result:callback1',
    ]);

    // ── The report: exactly this complaint more in each of its cells ───────────────────────────
    const after = await report(request, center);
    expect(after.received.total - before.received.total).toBe(1);
    expect(after.received.byChannel.phone - before.received.byChannel.phone).toBe(1);
    expect(after.received.passedToField - before.received.passedToField).toBe(1);
    expect(after.received.onSiteVisits - before.received.onSiteVisits).toBe(1);
    expect(after.received.handledAtOnce - before.received.handledAtOnce).toBe(0);
    expect(after.byContent.quality - before.byContent.quality).toBe(1);
    expect(after.byResponsibility.company - before.byResponsibility.company).toBe(1);
    expect(after.companyByDepartment.transport - before.companyByDepartment.transport).toBe(1);
    expect(after.byStatus.done - before.byStatus.done).toBe(1);
    expect(after.byLevel.service - before.byLevel.service).toBe(1);

    // …and the supervisor's Reports pane shows the hub's figures.
    await supervisor.getByRole('menuitem', { name: 'Reports' }).click();
    await supervisor.getByLabel('From').fill(centerToday());
    await supervisor.getByLabel('To', { exact: true }).fill(centerToday());
    await supervisor.getByRole('button', { name: 'Run report' }).click();
    const byStatus = supervisor.getByRole('region', { name: 'By status' });
    await expect(byStatus.getByRole('row', { name: /^Done/ })).toContainText(String(after.byStatus.done), { timeout: 30_000 });
    const byDepartment = supervisor.getByRole('region', { name: 'Company-attributable, by department' });
    await expect(byDepartment.getByRole('row', { name: /^Transport dispatch/ })).toContainText(String(after.companyByDepartment.transport));
    await expectNoSeriousA11yViolations(supervisor);
  });
});
