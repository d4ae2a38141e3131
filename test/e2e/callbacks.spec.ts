import { randomUUID } from 'node:crypto';
import type { APIRequestContext, Browser, Locator, Page } from '@playwright/test';
import { CallbackSettingsSchema, CallbackWorkItemSchema, type CallbackWorkItem } from '../../shared/api/callbacks';
import { nextCallingTime } from '../../shared/callbacks/callback-rules';
import { StoredCallLogSchema } from '../../shared/api/call-logs';
import type { TestPhone } from '../../pbx/test-phone/test-phone';
import { centerTest as test, expect, expectNoSeriousA11yViolations, hubToken, logIn } from './support/fixtures';
import { openCustomerPhone, type Center } from './support/center';
import { COMPLAINANT, runner, stepTitle } from './support/complaint-call';

/**
 * The loop that closes complaints (DOMAIN.md §4), end to end on the real hub, PBX and consoles: a
 * handled complaint's 投诉回访 appears in the callback staff's worklist; the callback agent calls the
 * customer (the test phone, reached through the PBX's trunk) from the task, the survey script runs
 * beside the customer's card; "not satisfied" sends the case back to the department responsible;
 * once it has handled it again, a second callback hears "satisfied" and the case closes. And two
 * callback agents claiming one task at the same moment: exactly one gets it.
 */

type Json = Record<string, unknown>;

/** One session per person: the hub limits logins, as it should. */
const tokens = new Map<string, string>();

async function hubSend(request: APIRequestContext, center: Center, username: string, method: 'GET' | 'POST', path: string, body?: Json): Promise<Json> {
  const token = tokens.get(username) ?? (await hubToken(request, center.hub.url, username));
  tokens.set(username, token);
  const response = await request.fetch(`${center.hub.url}${path}`, { method, headers: { authorization: `Bearer ${token}` }, ...(body ? { data: body } : {}) });
  expect(response.status(), `${method} ${path}: ${await response.text()}`).toBeLessThan(300);
  return (await response.json()) as Json;
}

async function caseOf(request: APIRequestContext, center: Center, ticketId: string): Promise<{ status: string; version: number; waitingOn: string | null }> {
  const detail = await hubSend(request, center, 'supervisor1', 'GET', `/api/v1/complaints/${ticketId}`);
  return detail.case as { status: string; version: number; waitingOn: string | null };
}

/** One step of the 4-1 procedure through the hub, on the version the case has now. */
async function act(request: APIRequestContext, center: Center, ticketId: string, username: string, action: Json) {
  const { version } = await caseOf(request, center, ticketId);
  await hubSend(request, center, username, 'POST', `/api/v1/tickets/${ticketId}/actions`, { id: randomUUID(), expectedVersion: version, action });
}

/** The department's part, then the service department arranges the callback: the case waits for it. */
async function handledByProduction(request: APIRequestContext, center: Center, ticketId: string) {
  await act(request, center, ticketId, 'production1', { type: 'accept', note: '' });
  await act(request, center, ticketId, 'production1', { type: 'complete_measure', result: '已更换同批次饲料', note: '' });
  await act(request, center, ticketId, 'supervisor1', { type: 'request_callback', dueAt: null, note: '处理完毕，请回访' });
  expect(await caseOf(request, center, ticketId)).toMatchObject({ status: 'callback_due', waitingOn: 'callback' });
}

async function pendingCallbackOf(request: APIRequestContext, center: Center, ticketId: string): Promise<CallbackWorkItem> {
  const list = await hubSend(request, center, 'supervisor1', 'GET', `/api/v1/callbacks?ticketId=${ticketId}`);
  const ids = (list.items as { id: string; status: string }[]).filter((c) => c.status === 'pending').map((c) => c.id);
  expect(ids).toHaveLength(1);
  return CallbackWorkItemSchema.parse(await hubSend(request, center, 'supervisor1', 'GET', `/api/v1/callbacks/${ids[0]}`));
}

async function callbackConsole(browser: Browser, center: Center, username: string): Promise<Page> {
  const page = await (await browser.newContext({ permissions: ['microphone'] })).newPage();
  await logIn(page, center.hub.url, username);
  await expect(page.getByRole('status').filter({ hasText: 'Phone: Registered' })).toBeVisible({ timeout: 15_000 });
  await expect(page.getByRole('button', { name: 'New callback' })).toBeVisible();
  return page;
}

/** The pool tab, narrowed to the case: the demo center has other callbacks waiting. */
async function findTask(page: Page, ticketNo: string): Promise<Locator> {
  await page.getByRole('button', { name: /^Pool/ }).click();
  await page.getByRole('searchbox', { name: 'Search' }).fill(ticketNo);
  await page.getByRole('searchbox', { name: 'Search' }).press('Enter');
  const row = page.getByRole('row').filter({ hasText: ticketNo });
  await expect(row).toHaveCount(1);
  return row;
}

/** From the worklist's Call button to the customer's phone ringing with their own number dialled, answered. */
async function callFromTask(page: Page, row: Locator, customer: TestPhone) {
  await row.getByRole('button', { name: `Call ${COMPLAINANT.name}` }).click();
  const invite = await customer.waitForInvite(15_000);
  expect(invite.toUser).toBe(COMPLAINANT.number);
  await customer.answer();
  // The task's panel above the phone, the customer's card popped, the complaint callback script open.
  await expect(page.getByRole('region', { name: new RegExp(`^Callback: ${COMPLAINANT.name}`) })).toBeVisible();
  const script = runner(page);
  await expect(stepTitle(script, 'Confirm who answered')).toBeVisible({ timeout: 15_000 });
  return script;
}

async function next(script: Locator, title: string) {
  await script.getByRole('button', { name: 'Next' }).click();
  await expect(stepTitle(script, title)).toBeVisible();
}

/** The complaint callback script from the greeting to the survey's answers. */
async function surveyUpTo(script: Locator, solved: 'Yes' | 'No', score: string) {
  await expect(script).toContainText(`am I speaking with ${COMPLAINANT.name}`);
  await script.getByRole('radio', { name: 'The customer', exact: true }).check();
  await next(script, 'Introduce yourself and the purpose');
  await script.getByRole('radiogroup', { name: 'Can the customer talk now?' }).getByRole('radio', { name: 'Yes', exact: true }).check();
  await next(script, 'Report the result');
  await script.getByLabel('The result as told to the customer').fill('已为您更换同批次饲料，并由生产部复查了原料');
  await next(script, 'Satisfaction survey');
  await script.getByRole('radiogroup', { name: 'Problem solved?' }).getByRole('radio', { name: solved, exact: true }).check();
  await script.getByRole('radiogroup', { name: 'Satisfaction (1–5)' }).getByRole('radio', { name: score, exact: true }).check();
}

/** Hang up from the customer's side, then the wrap-up the demo center requires. */
async function endAndWrapUp(page: Page, customer: TestPhone) {
  await customer.hangUp();
  const wrapUp = page.getByRole('region', { name: /^Wrap-up:/ });
  await wrapUp.getByRole('combobox', { name: 'Disposition' }).click();
  await page.getByRole('option', { name: 'Other', exact: true }).click();
  await wrapUp.getByRole('button', { name: 'Finish wrap-up' }).click();
  await expect(wrapUp).toHaveCount(0);
}

test.describe('callbacks and satisfaction surveys', () => {
  test.describe.configure({ timeout: 300_000 });

  test('not satisfied sends the complaint back to its department; after it is handled, a second callback hears satisfied and closes it', async ({ browser, context, request, center }) => {
    // ── a complaint of 李梅 handled by production, the callback arranged (through the hub) ────────
    const lookup = await hubSend(request, center, 'agent1', 'GET', `/api/v1/customers/lookup?phone=${encodeURIComponent(COMPLAINANT.number)}`);
    const customerId = (lookup.items as { id: string }[])[0]!.id;
    const ticket = await hubSend(request, center, 'agent1', 'POST', '/api/v1/tickets', {
      id: randomUUID(),
      kind: 'complaint',
      customerId,
      callId: randomUUID(),
      title: '饲料结块，猪不爱吃',
      channel: 'phone',
      category: 'quality',
      severity: 'normal',
      triage: null,
      departmentCode: null,
      answers: [{ stepId: 'details', questionId: 'what_happened', label: '投诉内容', display: '新批次饲料结块' }],
      flow: null,
    });
    const ticketId = ticket.id as string;
    const ticketNo = ticket.ticketNo as string;
    await act(request, center, ticketId, 'supervisor1', {
      type: 'send_memo',
      proposal: { category: 'quality', responsibility: 'company', departmentCode: 'production', measure: '更换同批次饲料', compensationFen: 0 },
      note: '',
    });
    await handledByProduction(request, center, ticketId);
    const first = await pendingCallbackOf(request, center, ticketId);
    expect(first).toMatchObject({ type: 'complaint', assignee: null, phone: COMPLAINANT.number, ticketNo });

    // ── callback1: the task in the pool, one click from the call ─────────────────────────────────
    const customer = await openCustomerPhone(context, center, 'customer');
    const page = await callbackConsole(browser, center, 'callback1');
    await expectNoSeriousA11yViolations(page);
    let row = await findTask(page, ticketNo);
    await expect(row).toContainText('Complaint callback');
    let script = await callFromTask(page, row, customer);
    // Calling claimed it: the task is callback1's now.
    await expect.poll(async () => (await pendingCallbackOf(request, center, ticketId)).assignee).toBe('callback1');

    // ── not satisfied: the customer's words go back to the department ────────────────────────────
    await surveyUpTo(script, 'No', '2 Unsatisfied');
    await next(script, 'Not satisfied: ask why');
    await script.getByLabel('Why the customer is not satisfied').fill('换的饲料还是有结块，要求上门查看');
    await next(script, 'Explain what happens next');
    await script.getByRole('button', { name: 'Finish', exact: true }).click();
    await expect.poll(async () => (await caseOf(request, center, ticketId)).status, { timeout: 30_000 }).toBe('returned');
    expect((await caseOf(request, center, ticketId)).waitingOn).toBe('production');
    const surveyed = CallbackWorkItemSchema.parse(await hubSend(request, center, 'supervisor1', 'GET', `/api/v1/callbacks/${first.id}`));
    expect(surveyed).toMatchObject({ status: 'done', endReason: 'surveyed', survey: { score: 2, satisfied: false, reasons: '换的饲料还是有结块，要求上门查看' } });
    const detail = await hubSend(request, center, 'supervisor1', 'GET', `/api/v1/complaints/${ticketId}`);
    expect(JSON.stringify(detail.events)).toContain('换的饲料还是有结块');
    await endAndWrapUp(page, customer);

    // The call's record carries the task and the verdict, on the PC and then on the hub.
    await expect
      .poll(async () => {
        const logs = await hubSend(request, center, 'callback1', 'GET', '/api/v1/call-logs?limit=5');
        return (logs.items as unknown[]).map((item) => StoredCallLogSchema.parse(item)).find((log) => log.callback?.taskId === first.id)?.callback?.survey ?? null;
      }, { timeout: 30_000 })
      .toEqual({ score: 2, satisfied: false, reasons: '换的饲料还是有结块，要求上门查看' });

    // The department sees it back in its queue.
    const production = await (await browser.newContext()).newPage();
    await logIn(production, center.hub.url, 'production1');
    await expect(production.getByRole('row').filter({ hasText: ticketNo })).toBeVisible({ timeout: 15_000 });
    await production.context().close();

    // ── handled again; the second callback: satisfied closes the case ────────────────────────────
    await handledByProduction(request, center, ticketId);
    const second = await pendingCallbackOf(request, center, ticketId);
    expect(second.id).not.toBe(first.id);
    row = await findTask(page, ticketNo);
    script = await callFromTask(page, row, customer);
    await surveyUpTo(script, 'Yes', '5 Very satisfied');
    await next(script, 'Satisfied: thank and close');
    await script.getByRole('button', { name: 'Finish', exact: true }).click();
    await expect.poll(async () => (await caseOf(request, center, ticketId)).status, { timeout: 30_000 }).toBe('closed');
    expect(CallbackWorkItemSchema.parse(await hubSend(request, center, 'supervisor1', 'GET', `/api/v1/callbacks/${second.id}`))).toMatchObject({
      status: 'done',
      endReason: 'surveyed',
      survey: { score: 5, satisfied: true },
    });
    await endAndWrapUp(page, customer);
    await expectNoSeriousA11yViolations(page);
    await customer.close();
    await page.context().close();
  });

  test('two callback agents claim the same task at the same moment: exactly one gets it, the other is told who', async ({ browser, request, center }) => {
    const lookup = await hubSend(request, center, 'agent1', 'GET', `/api/v1/customers/lookup?phone=${encodeURIComponent(COMPLAINANT.number)}`);
    const customerId = (lookup.items as { id: string }[])[0]!.id;
    // Due at the next calling time, in the pool, with a note to find it by.
    const settings = CallbackSettingsSchema.parse(await hubSend(request, center, 'supervisor1', 'GET', '/api/v1/callback-config'));
    expect(settings.timeZone).toBe('Asia/Shanghai');
    const note = `售后回访并发领取 ${randomUUID().slice(0, 8)}`;
    const dueAt = new Date(nextCallingTime(Date.now() + 3_600_000, settings.config.callingHours, settings.timeZone)).toISOString();
    const task = CallbackWorkItemSchema.parse(
      await hubSend(request, center, 'supervisor1', 'POST', '/api/v1/callbacks/manual', { id: randomUUID(), type: 'after_sales', customerId, dueAt, note }),
    );

    const pages = await Promise.all(['callback1', 'callback2'].map((username) => callbackConsole(browser, center, username)));
    const rows = await Promise.all(pages.map((page) => findTask(page, note)));
    // Both buttons found first, then pressed in the same moment: a Playwright click waits for the
    // page to settle, long enough for the first claim's push to take the row off the other list.
    const buttons = await Promise.all(rows.map((row) => row.getByRole('button', { name: `Claim the callback to ${COMPLAINANT.name}` }).elementHandle()));
    await Promise.all(buttons.map((button) => button!.evaluate((element: HTMLElement) => element.click())));

    const claimed = CallbackWorkItemSchema.parse(await hubSend(request, center, 'supervisor1', 'GET', `/api/v1/callbacks/${task.id}`));
    expect(['callback1', 'callback2']).toContain(claimed.assignee);
    const loser = pages[claimed.assignee === 'callback1' ? 1 : 0]!;
    await expect(loser.getByText(/has already claimed this task/)).toBeVisible();
    await expect(loser.getByText(new RegExp(claimed.assigneeName ?? '—'))).toBeVisible();
    for (const page of pages) await page.context().close();
  });
});

