import type { Locator, Page, Response } from '@playwright/test';
import { centerTest as test, expect, expectNoSeriousA11yViolations, logIn } from './support/fixtures';

/**
 * The supervisor board end to end, on the real hub and PBX: a supervisor watches the floor while an
 * agent, in a browser of their own, signs in and changes state. Each change is on the board within
 * a second of the hub taking it (issue 11), pushed, not polled.
 */

async function chooseState(page: Page, option: RegExp) {
  await page.getByRole('combobox', { name: 'Agent state' }).click();
  await page.getByRole('option', { name: option }).first().click();
}

/** The hub has taken the agent's report of `state`: the console's outbox had its answer. */
function stateTaken(page: Page, state: string, reasonCode?: string): Promise<Response> {
  return page.waitForResponse((response) => {
    const request = response.request();
    if (request.method() !== 'POST' || !response.url().endsWith('/api/v1/agent/state') || !response.ok()) return false;
    const body = request.postDataJSON() as { state?: string; reasonCode?: string | null };
    return body.state === state && (reasonCode === undefined || body.reasonCode === reasonCode);
  });
}

/** A cell of `row` under the column headed `header`: the board's columns are found by name, not position. */
async function cellUnder(table: Locator, row: Locator, header: string): Promise<Locator> {
  const headers = (await table.getByRole('columnheader').allTextContents()).map((text) => text.trim());
  const index = headers.indexOf(header);
  expect(index, `a column headed ${header} in ${headers.join(' | ')}`).toBeGreaterThanOrEqual(0);
  return row.getByRole('cell').nth(index);
}

test.describe('the supervisor board', () => {
  test('an agent’s state changes appear on the supervisor’s board within a second', async ({ page, browser, center }) => {
    // ── supervisor1: the board, live ────────────────────────────────────────────────────────────
    const supervisorContext = await browser.newContext();
    const board = await supervisorContext.newPage();
    await logIn(board, center.hub.url, 'supervisor1');
    await expect(board.getByRole('heading', { level: 1, name: 'Board' })).toBeVisible();
    const agents = board.getByRole('table', { name: 'Agents' });
    await expect(agents).toBeVisible();
    await expect(board.getByRole('status').filter({ hasText: /^Live$/ })).toBeVisible({ timeout: 15_000 });

    // ── agent1 (张敏) signs in on a PC of their own: the row comes among the signed-in ─────────────
    await logIn(page, center.hub.url, 'agent1');
    await expect(page.getByRole('status').filter({ hasText: 'Phone: Registered' })).toBeVisible({ timeout: 15_000 });
    const row = agents.getByRole('row').filter({ hasText: '张敏' });
    await expect(row).toHaveCount(1);
    const state = await cellUnder(agents, row, 'State');
    const reason = await cellUnder(agents, row, 'Reason');

    // ── Ready ───────────────────────────────────────────────────────────────────────────────────
    const ready = stateTaken(page, 'ready');
    await chooseState(page, /^Ready$/);
    await ready;
    await expect(state).toHaveText('Ready', { timeout: 1_000 });

    // ── Not ready, with a reason ────────────────────────────────────────────────────────────────
    const away = stateTaken(page, 'not_ready', 'break');
    await chooseState(page, /Break/);
    await away;
    await expect(state).toHaveText('Not ready', { timeout: 1_000 });
    await expect(reason).toHaveText('Break', { timeout: 1_000 });

    await expectNoSeriousA11yViolations(board);
    await supervisorContext.close();
  });
});
