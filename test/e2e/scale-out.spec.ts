import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import pg from 'pg';
import { test as base, type APIRequestContext, type Locator, type Page } from '@playwright/test';
import { BoardSchema, CallReportSchema } from '../../shared/api/board';
import { startHub, type HubProcess } from '../support/hub-process';
import { customerCall, openCustomerPhone, startCenter, trackPeerConnections, type Center } from './support/center';
import { expect, finishWrapUp, hubToken, logIn } from './support/fixtures';

/**
 * Two hub processes on one PostgreSQL, as a center that outgrew one server runs them (docs/deployment.md):
 * the agent's console talks to hub A only, the supervisor's to hub B only. What the agent does
 * through A — a state change, a call and its log — is on B's board and in B's reports, pushed across
 * processes (LISTEN/NOTIFY); a case changed through B is pushed to the console on A.
 *
 * PostgreSQL only: CI exports HUB_DATABASE_URL (.ci/run). Each run gets a database of its own.
 */

const SERVER_URL = process.env.HUB_DATABASE_URL?.trim() ?? '';
const CUSTOMER = '13700137000';

interface ScaleOut {
  center: Center;
  hubB: HubProcess;
}

const test = base.extend<{ scaleOut: ScaleOut }>({
  context: async ({ context }, use) => {
    await trackPeerConnections(context);
    await use(context);
  },
  scaleOut: async ({}, use, testInfo) => {
    const database = `e2e_scale_out_${Date.now()}`;
    const admin = new pg.Client({ connectionString: SERVER_URL });
    await admin.connect();
    await admin.query(`create database ${database}`);
    const url = new URL(SERVER_URL);
    url.pathname = `/${database}`;
    const env = { HUB_DATABASE_URL: url.toString() };
    const logDir = join(testInfo.outputDir, 'logs');
    let center: Center | null = null;
    let hubB: HubProcess | null = null;
    try {
      // Hub A migrates and seeds the demo center; B starts on what A made, as a second server would.
      center = await startCenter(logDir, { env });
      hubB = await startHub({ logDir, demo: false, env });
      await use({ center, hubB });
    } finally {
      await hubB?.stop();
      await center?.stop();
      await admin.query(`drop database if exists ${database} with (force)`);
      await admin.end();
    }
  },
});

test.skip(SERVER_URL === '', 'needs PostgreSQL: set HUB_DATABASE_URL (CI does)');

async function chooseState(page: Page, option: RegExp) {
  await page.getByRole('combobox', { name: 'Agent state' }).click();
  await page.getByRole('option', { name: option }).first().click();
}

/** The hub (A) has taken the agent's report of `state`. */
function stateTaken(page: Page, state: string) {
  return page.waitForResponse((response) => {
    const request = response.request();
    return request.method() === 'POST' && response.url().endsWith('/api/v1/agent/state') && response.ok() && (request.postDataJSON() as { state?: string }).state === state;
  });
}

async function cellUnder(table: Locator, row: Locator, header: string): Promise<Locator> {
  const headers = (await table.getByRole('columnheader').allTextContents()).map((text) => text.trim());
  const index = headers.indexOf(header);
  expect(index, `a column headed ${header} in ${headers.join(' | ')}`).toBeGreaterThanOrEqual(0);
  return row.getByRole('cell').nth(index);
}

async function getFrom(request: APIRequestContext, hub: HubProcess, token: string, path: string): Promise<unknown> {
  const response = await request.get(`${hub.url}${path}`, { headers: { authorization: `Bearer ${token}` } });
  expect(response.status(), path).toBe(200);
  return response.json();
}

test.describe('two hub processes on one PostgreSQL', () => {
  test.describe.configure({ timeout: 180_000 });

  test('what an agent does through hub A is live on a supervisor’s board on hub B, and a case changed through B is pushed to A', async ({ page, context, browser, request, scaleOut }) => {
    const { center, hubB } = scaleOut;
    const hubA = center.hub;
    const supervisorToken = await hubToken(request, hubB.url, 'supervisor1');
    const agentId = BoardSchema.parse(await getFrom(request, hubB, supervisorToken, '/api/v1/board')).agents.find((a) => a.username === 'agent1')!.userId;
    const before = BoardSchema.parse(await getFrom(request, hubB, supervisorToken, '/api/v1/board'));
    const today = before.date;
    const reportPath = `/api/v1/reports/calls?from=${today}&to=${today}`;
    const agentCallsIn = async () => CallReportSchema.parse(await getFrom(request, hubB, supervisorToken, reportPath)).byAgent.find((row) => row.userId === agentId)?.callsIn ?? 0;
    const callsInBefore = await agentCallsIn();

    // ── the supervisor's board, served by and live from hub B ──────────────────────────────────
    const supervisorContext = await browser.newContext();
    const board = await supervisorContext.newPage();
    await logIn(board, hubB.url, 'supervisor1');
    const agents = board.getByRole('table', { name: 'Agents' });
    await expect(agents).toBeVisible();
    await expect(board.getByRole('status').filter({ hasText: /^Live$/ })).toBeVisible({ timeout: 15_000 });

    // ── the agent's console on hub A ───────────────────────────────────────────────────────────
    await logIn(page, hubA.url, 'agent1');
    await expect(page.getByRole('status').filter({ hasText: 'Phone: Registered' })).toBeVisible({ timeout: 15_000 });
    const row = agents.getByRole('row').filter({ hasText: '张敏' });
    await expect(row).toHaveCount(1);
    const state = await cellUnder(agents, row, 'State');
    const number = await cellUnder(agents, row, 'Number');

    const ready = stateTaken(page, 'ready');
    await chooseState(page, /^Ready$/);
    await ready;
    await expect(state).toHaveText('Ready', { timeout: 1_000 });

    // ── a call through A: B's board shows who the agent talks with, then the call in its figures ─
    const customer = await openCustomerPhone(context, center, 'customer');
    await customerCall(customer, center, '1001', CUSTOMER, null);
    const card = page.getByRole('article').filter({ hasText: CUSTOMER });
    await card.getByRole('button', { name: 'Answer' }).click();
    await customer.waitEstablished();
    await expect(state).toHaveText('Talking', { timeout: 5_000 });
    // The number arrives with the call's log, which the console uploads to A moments after the answer.
    await expect(number).toContainText(CUSTOMER, { timeout: 15_000 });

    await card.getByRole('button', { name: 'Hang up' }).click();
    await expect.poll(() => customer.sessionState()).toBe('Terminated');
    const wrapUp = page.getByRole('region', { name: `Wrap-up: ${CUSTOMER}` });
    await finishWrapUp(page, wrapUp, 'Question answered');
    await expect(wrapUp).toHaveCount(0);

    await expect.poll(async () => BoardSchema.parse(await getFrom(request, hubB, supervisorToken, '/api/v1/board')).totals.callsIn, { timeout: 20_000 }).toBe(before.totals.callsIn + 1);
    await expect.poll(agentCallsIn, { timeout: 20_000 }).toBe(callsInBefore + 1);
    const callsIn = board.locator('.ant-statistic').filter({ has: board.getByText('Calls in', { exact: true }) });
    await expect(callsIn).toContainText(String(before.totals.callsIn + 1), { timeout: 5_000 });

    // ── a case changed through B reaches the agent's console on A without a reload ─────────────
    const agentToken = await hubToken(request, hubA.url, 'agent1');
    const cases = (await getFrom(request, hubA, agentToken, '/api/v1/complaints?limit=1')) as { items: { id: string }[] };
    const ticketId = cases.items[0]!.id;
    await page.evaluate((id) => {
      window.location.hash = `#/cases/${id}`;
    }, ticketId);
    await expect(page.getByRole('heading', { level: 2 }).first()).toBeVisible();
    const note = `Through hub B ${randomUUID().slice(0, 8)}`;
    const added = await request.post(`${hubB.url}/api/v1/tickets/${ticketId}/notes`, {
      headers: { authorization: `Bearer ${supervisorToken}` },
      data: { id: randomUUID(), text: note },
    });
    expect(added.status()).toBeLessThan(300);
    await expect(page.getByText(note)).toBeVisible({ timeout: 10_000 });

    await supervisorContext.close();
  });
});
