import type { APIRequestContext, Page } from '@playwright/test';
import { SHOWCASE } from '../../hub/src/seed/demo-showcase';
import { centerTest as test, expect, expectNoSeriousA11yViolations, hubToken } from './support/fixtures';
import type { Center } from './support/center';
import { answerComplaintCall, COMPLAINANT, openAgentConsole, runner, stepTitle, walkToDetails, walkToOnSiteDispatch } from './support/complaint-call';
import { readConsoleStore, type Json } from './support/console-db';

/**
 * Scripts end to end: a customer calls the complaints line through the demo trunk (the IVR's choice
 * in `X-IVR-Choice`), the console opens the demo center's complaint-intake script on answer, and
 * what the agent completes reaches the real hub as a ticket with the answers, a scheduled callback
 * and the notifications — the flow library as the hub seeded it (hub/src/seed/flows/).
 */

const WHAT_HAPPENED = '<b>收到的饲料结块发霉</b>，客户要求退换。Feed arrived mouldy.';

async function flowRunOf(page: Page, callId: string): Promise<Json> {
  const runs = await readConsoleStore(page, 'flowRuns');
  const run = runs.find((r) => r.callId === callId && (r.run as Json).status !== 'abandoned');
  if (!run) throw new Error(`no script run for call ${callId}`);
  return run;
}

async function liveCallId(page: Page): Promise<string> {
  await expect.poll(async () => (await readConsoleStore(page, 'callLogs')).filter((r) => r.status === 'live').length).toBe(1);
  return (await readConsoleStore(page, 'callLogs')).find((r) => r.status === 'live')!.id as string;
}

async function hubGet<T>(request: APIRequestContext, center: Center, path: string, username = 'supervisor1'): Promise<T> {
  const token = await hubToken(request, center.hub.url, username);
  const response = await request.get(`${center.hub.url}${path}`, { headers: { authorization: `Bearer ${token}` } });
  expect(response.status(), path).toBe(200);
  return (await response.json()) as T;
}

test.describe('scripts', () => {
  test.describe.configure({ timeout: 150_000 });

  test('an IVR complaint call opens complaint intake; finishing it opens the ticket with the answers and schedules the callback', async ({ page, context, request, center }) => {
    await openAgentConsole(page, center);
    const customer = await answerComplaintCall(page, context, center);
    const callId = await liveCallId(page);

    const script = runner(page);
    await expect(script).toContainText('Complaint intake');
    await walkToDetails(script);
    // Required answers are asked for before the step can be left.
    await script.getByRole('button', { name: 'Next' }).click();
    await expect(script.getByText('This is required').first()).toBeVisible();
    await expect(stepTitle(script, 'What happened')).toBeVisible();
    await script.getByLabel("The complaint (in the customer's own words)").fill(WHAT_HAPPENED);
    await script.getByLabel('Date it happened').fill('2026-12-01');
    await walkToOnSiteDispatch(script);
    await expectNoSeriousA11yViolations(page);
    await script.getByRole('button', { name: 'Finish', exact: true }).click();

    // The summary: the answers as given (markup in an answer stays text) and the ticket's number once the hub has it.
    const summary = script.getByRole('heading', { name: 'Script summary' });
    await expect(summary).toBeVisible();
    await expect(script).toContainText(WHAT_HAPPENED);
    await expect(script.locator('b')).toHaveCount(0);
    await expect(script).toContainText(/TS-\d{4}-\d{6}/, { timeout: 30_000 });

    // What the hub holds: the ticket with the script's answers and version, the promised callback, the field staff told.
    const run = await flowRunOf(page, callId);
    expect(run.run).toMatchObject({ flowId: 'complaint.intake', flowVersion: 1, status: 'completed', outcome: 'ticket_created' });
    const created = (await readConsoleStore(page, 'flowActions')).find((a) => a.runId === run.runId && (a.action as Json).type === 'create_ticket')!;
    await expect.poll(async () => (await readConsoleStore(page, 'flowActions')).filter((a) => a.runId === run.runId).map((a) => a.status)).not.toContain('pending');
    const ticket = await hubGet<Json>(request, center, `/api/v1/tickets/${created.id as string}`);
    expect(ticket).toMatchObject({
      kind: 'complaint',
      customerId: SHOWCASE.liMei.id,
      callId,
      category: 'quality',
      severity: 'normal',
      triage: 'on_site',
      status: 'investigation_dispatched',
      flow: { flowId: 'complaint.intake', flowVersion: 1 },
      openedBy: 'agent1',
    });
    const answers = ticket.answers as { questionId: string; display: string }[];
    expect(answers).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ questionId: 'complainant_name', display: COMPLAINANT.name }),
        expect.objectContaining({ questionId: 'what_happened', display: WHAT_HAPPENED }),
        expect.objectContaining({ questionId: 'happened_on', display: '2026-12-01' }),
        expect.objectContaining({ questionId: 'investigation_address' }),
      ]),
    );
    const callbacks = await hubGet<{ items: Json[] }>(request, center, `/api/v1/callbacks?ticketId=${ticket.id as string}`);
    expect(callbacks.items).toEqual([expect.objectContaining({ type: 'complaint', status: 'pending', callId, customerId: SHOWCASE.liMei.id })]);
    const due = Date.parse(callbacks.items[0]!.dueAt as string) - Date.parse(ticket.openedAt as string);
    expect(due).toBeGreaterThan(23 * 3_600_000);
    expect(due).toBeLessThan(25 * 3_600_000);
    const notified = await hubGet<{ items: Json[] }>(request, center, `/api/v1/notifications?ticketId=${ticket.id as string}`);
    // The script's two (field staff with the site, the regional sales rep), and the procedure's own: the case now waits on 市场服务科.
    expect(notified.items.map((n) => n.departmentCode).sort()).toEqual(['field-staff', 'market-service', 'sales']);

    // Wrap-up: the script set the disposition; finishing uploads a call log that names the script and the ticket.
    await customer.hangUp();
    const wrapUp = page.getByRole('region', { name: `Wrap-up: ${COMPLAINANT.number}` });
    await expect(wrapUp.getByRole('combobox', { name: 'Disposition' }).locator('..')).toContainText('Callback promised');
    await wrapUp.getByRole('button', { name: 'Finish wrap-up' }).click();
    await expect
      .poll(async () => {
        const record = (await readConsoleStore(page, 'callLogs', [callId]))[0]!;
        return [record.status, record.syncState];
      }, { timeout: 60_000 })
      .toEqual(['completed', 'uploaded']);
    const onHub = await hubGet<{ items: Json[] }>(request, center, '/api/v1/call-logs', 'agent1');
    const log = onHub.items.find((r) => r.id === callId)!;
    expect(log).toMatchObject({ script: { flowId: 'complaint.intake', flowVersion: 1 }, ticketIds: [ticket.id], wrapUp: { dispositionCode: 'callback-promised' } });
    expect((log.scriptAnswers as { questionId: string }[]).map((a) => a.questionId)).toEqual(expect.arrayContaining(['what_happened', 'category', 'triage']));
  });

  test('a reload mid-script resumes at the same step with every answer, and wrap-up waits for the script', async ({ page, context, center }) => {
    await openAgentConsole(page, center);
    const customer = await answerComplaintCall(page, context, center);
    const callId = await liveCallId(page);
    const script = runner(page);
    await walkToDetails(script);
    await script.getByLabel("The complaint (in the customer's own words)").fill(WHAT_HAPPENED);
    await script.getByLabel('Date it happened').fill('2026-12-01');
    await script.getByLabel('Date it happened').blur();
    // Saved as given: the answer is on the PC before anything else happens.
    await expect
      .poll(async () => Object.keys(((await flowRunOf(page, callId)).run as { answers: Json }).answers))
      .toEqual(expect.arrayContaining(['complainant_name', 'channel', 'what_happened', 'happened_on']));

    await page.reload();
    await expect(page.getByRole('status').filter({ hasText: 'Phone: Registered' })).toBeVisible({ timeout: 15_000 });
    const resumed = runner(page);
    await expect(stepTitle(resumed, 'What happened')).toBeVisible({ timeout: 20_000 });
    await expect(resumed.getByLabel("The complaint (in the customer's own words)")).toHaveValue(WHAT_HAPPENED);
    await expect(resumed.getByLabel('Date it happened')).toHaveValue('2026-12-01');
    // Back keeps what was answered on the earlier step.
    await resumed.getByRole('button', { name: 'Back' }).click();
    await expect(stepTitle(resumed, 'Product or order concerned')).toBeVisible();
    await resumed.getByRole('button', { name: 'Back' }).click();
    await expect(resumed.getByRole('radio', { name: 'Phone' })).toBeChecked();

    // The reload cut the call off: its wrap-up is refused while the script is still running.
    const wrapUp = page.getByRole('region', { name: `Wrap-up: ${COMPLAINANT.number}` });
    await wrapUp.getByRole('combobox', { name: 'Disposition' }).click();
    await page.getByRole('option', { name: 'Complaint registered' }).click();
    await wrapUp.getByRole('button', { name: 'Finish wrap-up' }).click();
    await expect(page.getByText('Finish or abandon the script before finishing wrap-up.').first()).toBeVisible();
    expect((await readConsoleStore(page, 'callLogs', [callId]))[0]!.status).not.toBe('completed');

    // Abandoned with a reason, the wrap-up can finish; the answers given stay in the call log.
    await resumed.getByRole('button', { name: 'Abandon script' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('radio', { name: 'The customer hung up' }).check();
    await dialog.getByRole('button', { name: 'Abandon script' }).click();
    await wrapUp.getByRole('button', { name: 'Finish wrap-up' }).click();
    await expect.poll(async () => (await readConsoleStore(page, 'callLogs', [callId]))[0]!.status).toBe('completed');
    const record = (await readConsoleStore(page, 'callLogs', [callId]))[0]!;
    expect(record.script).toEqual({ flowId: 'complaint.intake', flowVersion: 1 });
    expect((record.scriptAnswers as { questionId: string }[]).map((a) => a.questionId)).toEqual(expect.arrayContaining(['what_happened']));
    await customer.hangUp().catch(() => undefined);
  });
});
