import { readFileSync } from 'node:fs';
import type { APIRequestContext, Page } from '@playwright/test';
import { parseDocument } from 'yaml';
import { centerTest as test, expect, expectNoSeriousA11yViolations, hubToken, logIn } from './support/fixtures';
import { customerCall, openCustomerPhone, type Center } from './support/center';
import { readConsoleStore } from './support/console-db';

/**
 * The Scripts pane end to end: a manager reads the flow library, checks and publishes a flow file,
 * and an agent's next call follows the new version. The worker's hub is shared by the specs that run
 * after this one, so the version published here (consultation v2) has the same steps and questions
 * as the seeded v1: only the greeting's words change.
 */

const CONSULTATION_YAML = readFileSync(new URL('../../hub/src/seed/flows/consultation.yaml', import.meta.url), 'utf8');
const MARKUP = '<img src=x onerror="window.__owned=1">';
/** 王建国 of the demo showcase. */
const CALLER = '+8613800138000';

/** The seeded consultation with its greeting changed: markup (shown as text, never run) and a field with an empty fallback. */
function consultationV2(): string {
  const doc = parseDocument(CONSULTATION_YAML);
  expect(doc.getIn(['steps', 0, 'id'])).toBe('greet');
  doc.setIn(['steps', 0, 'say', 'zh-CN'], `{{customer.name|尊敬的客户}}，您好！${MARKUP} 运单 {{order.waybillNo|}}。请问有什么可以帮您？`);
  doc.setIn(['steps', 0, 'say', 'en-US'], `Hello {{customer.name|and welcome}}! ${MARKUP} Waybill {{order.waybillNo|}}. How may I help you today?`);
  return doc.toString();
}

/** The seeded consultation with an unknown field in the greeting and a step nothing leads to. */
function consultationWithProblems(): string {
  const doc = parseDocument(CONSULTATION_YAML);
  doc.setIn(['steps', 0, 'say', 'en-US'], 'Hello, your parcel is {{order.colour}}.');
  doc.addIn(['steps'], doc.createNode({ id: 'orphan', title: { 'zh-CN': '孤立步骤', 'en-US': 'Orphan' }, end: { outcome: 'resolved' } }));
  return doc.toString();
}

async function versionsOnHub(request: APIRequestContext, center: Center): Promise<number[]> {
  const token = await hubToken(request, center.hub.url, 'supervisor1');
  const response = await request.get(`${center.hub.url}/api/v1/flows/consultation/versions`, { headers: { authorization: `Bearer ${token}` } });
  expect(response.status()).toBe(200);
  return ((await response.json()) as { versions: Array<{ version: number }> }).versions.map((v) => v.version);
}

/** Off the button just clicked first: antd's hover colour of a default button is a passing state, not the pane's. */
async function expectPaneAccessible(page: Page) {
  await page.mouse.move(0, 0);
  await expectNoSeriousA11yViolations(page);
}

async function openScripts(page: Page) {
  await page.getByRole('navigation').getByRole('menuitem', { name: 'Scripts' }).click();
  await expect(page.getByRole('main').getByRole('heading', { level: 1 })).toHaveText('Scripts');
}

const fileInput = (page: Page) => page.getByLabel('Flow file (.yaml, .yml or .json)');
const flowItem = (page: Page, title: string) => page.getByRole('button', { name: new RegExp(`^${title}\\s*v\\d+`) });
const preview = (page: Page) => page.getByRole('region', { name: /^Consultation v\d+$/ });

test.describe('script library', () => {
  test.describe.configure({ timeout: 180_000 });

  test('lists the problems of a flow file by step, checked here and by the hub, and publishes nothing', async ({ page, request, center }) => {
    await logIn(page, center.hub.url, 'manager1');
    await openScripts(page);
    // The library in force, by category, with the queue that opens each flow.
    await expect(flowItem(page, 'Consultation')).toContainText('IVR: Consultation');
    await expect(flowItem(page, 'Complaint intake')).toBeVisible();

    await fileInput(page).setInputFiles({ name: 'consultation.yaml', mimeType: 'application/yaml', buffer: Buffer.from(consultationWithProblems()) });
    await page.getByRole('button', { name: 'Check' }).click();
    const problems = page.getByRole('region', { name: 'Problems' });
    await expect(problems.getByRole('row').filter({ hasText: 'orphan' })).toContainText('Unreachable step');
    await expect(problems.getByRole('row').filter({ hasText: 'order.colour' })).toContainText('Unknown field');
    await expect(problems.getByRole('row').filter({ hasText: 'order.colour' })).toContainText('greet');
    await expectPaneAccessible(page);

    // Published anyway: the hub runs the same checks and refuses it, naming the same steps.
    await page.getByRole('button', { name: 'Publish', exact: true }).click();
    await expect(page.getByText(/^The hub refused the file/)).toBeVisible();
    await expect(problems.getByRole('row').filter({ hasText: 'orphan' })).toContainText('Unreachable step');
    await expect(problems.getByRole('row').filter({ hasText: 'order.colour' })).toContainText('greet');
    expect(await versionsOnHub(request, center)).toEqual([1]);

    // A file far over the limit is refused before it is read.
    await fileInput(page).setInputFiles({ name: 'huge.yaml', mimeType: 'application/yaml', buffer: Buffer.alloc(10 * 1024 * 1024, 'a') });
    await expect(page.getByText('The file is 10240 KB; a flow file may be at most 512 KB.', { exact: false })).toBeVisible();
    await expect(page.getByRole('button', { name: 'Publish', exact: true })).toBeDisabled();
  });

  test("publishes a new version of consultation; an agent's next call follows it, its markup shown as text", async ({ page, context, request, center }) => {
    await logIn(page, center.hub.url, 'manager1');
    await openScripts(page);
    await fileInput(page).setInputFiles({ name: 'consultation.yaml', mimeType: 'application/yaml', buffer: Buffer.from(consultationV2()) });
    await page.getByRole('button', { name: 'Check' }).click();
    await expect(page.getByText('No problems found in Consultation (consultation).', { exact: false })).toBeVisible();
    await page.getByRole('button', { name: 'Publish', exact: true }).click();
    await expect(page.getByText('Published Consultation v2; calls started from now on follow it, calls in progress finish on their version.')).toBeVisible();
    await expect(flowItem(page, 'Consultation')).toContainText('v2');
    expect(await versionsOnHub(request, center)).toEqual([2, 1]);

    // The preview shows the greeting as written: the markup as text, the field as a tag.
    const shown = preview(page);
    await expect(shown.getByRole('heading', { level: 2 })).toHaveText('Consultation v2');
    await expect(shown).toContainText(MARKUP);
    await expect(shown.locator('img')).toHaveCount(0);
    await expect(shown.locator('[data-field="order.waybillNo"]').first()).toHaveText('Waybill number');
    // Every version stays readable, and downloadable as JSON.
    await shown.getByRole('button', { name: 'Show version 1' }).click();
    await expect(shown.getByRole('heading', { level: 2 })).toHaveText('Consultation v1');
    await expect(shown).toContainText('An earlier version: calls no longer start on it');
    await expect(shown).not.toContainText(MARKUP);
    const [download] = await Promise.all([page.waitForEvent('download'), shown.getByRole('button', { name: 'Download JSON (v1)' }).click()]);
    expect(download.suggestedFilename()).toBe('consultation.v1.json');
    const downloaded = JSON.parse(readFileSync(await download.path(), 'utf8')) as { id: string; steps: unknown[] };
    expect(downloaded.id).toBe('consultation');
    await expectPaneAccessible(page);

    // An agent on a fresh page: the local copy has v2, and the next consult call opens it.
    const agent = await context.newPage();
    await logIn(agent, center.hub.url, 'agent1');
    await expect(agent.getByRole('status').filter({ hasText: 'Phone: Registered' })).toBeVisible({ timeout: 15_000 });
    await openScripts(agent);
    await expect(flowItem(agent, 'Consultation')).toContainText('v2');
    await agent.getByRole('navigation').getByRole('menuitem', { name: 'Phone' }).click();
    await agent.getByRole('combobox', { name: 'Agent state' }).click();
    await agent.getByRole('option', { name: /^Ready$/ }).first().click();

    const customer = await openCustomerPhone(context, center, 'customer');
    await customerCall(customer, center, '1001', CALLER, 'consult');
    const ringing = agent.getByRole('article').filter({ has: agent.getByRole('button', { name: 'Answer' }) });
    await ringing.getByRole('button', { name: 'Answer' }).click();
    await customer.waitEstablished();

    const runner = agent.getByRole('region', { name: 'Call script' });
    await expect(runner.getByRole('heading', { name: 'Consultation v2' })).toBeVisible({ timeout: 20_000 });
    await expect(runner).toContainText(MARKUP);
    await expect(runner.locator('img')).toHaveCount(0);
    expect(await agent.evaluate(() => (window as unknown as { __owned?: unknown }).__owned)).toBeUndefined();

    // Left clean for the specs after this one: script abandoned, call ended, wrap-up finished.
    await runner.getByRole('button', { name: 'Abandon script' }).click();
    const dialog = agent.getByRole('dialog');
    await dialog.getByRole('radio', { name: 'The customer does not need it' }).check();
    await dialog.getByRole('button', { name: 'Abandon script' }).click();
    await customer.hangUp();
    const wrapUp = agent.getByRole('region', { name: `Wrap-up: ${CALLER}` });
    await wrapUp.getByRole('combobox', { name: 'Disposition' }).click();
    await agent.getByRole('option', { name: 'Question answered' }).click();
    await wrapUp.getByRole('button', { name: 'Finish wrap-up' }).click();
    await expect
      .poll(async () => (await readConsoleStore(agent, 'callLogs')).filter((r) => r.status !== 'completed').map((r) => r.status), { timeout: 30_000 })
      .toEqual([]);
    const record = (await readConsoleStore(agent, 'callLogs')).find((r) => (r.script as { flowId?: string } | null)?.flowId === 'consultation');
    expect(record?.script).toEqual({ flowId: 'consultation', flowVersion: 2 });
  });
});
