import { test, expect, logIn, expectNoSeriousA11yViolations, DEMO_PASSWORD } from './support/fixtures';

const workspaces = [
  { username: 'agent1', panes: ['Phone', 'Call history', 'Customer', 'Scripts', 'Complaint cases', 'My evaluations'], hasAgentState: true },
  { username: 'agent2', panes: ['Phone', 'Call history', 'Customer', 'Scripts', 'Complaint cases', 'My evaluations'], hasAgentState: true },
  { username: 'callback1', panes: ['Worklist', 'Call history', 'Customer', 'Complaint cases', 'Reports', 'Scripts', 'My evaluations'], hasAgentState: true },
  { username: 'qa1', panes: ['Review queue', 'Quality', 'Scripts'], hasAgentState: false },
  { username: 'supervisor1', panes: ['Board', 'Complaint cases', 'Reports', 'Scripts', 'Quality', 'Customer'], hasAgentState: false },
  { username: 'manager1', panes: ['Board', 'Complaint cases', 'Reports', 'Scripts', 'Quality', 'Customer'], hasAgentState: false },
  { username: 'admin', panes: ['Board', 'Complaint cases', 'Reports', 'Scripts', 'Quality', 'Customer', 'Org design'], hasAgentState: false },
  // Staff of a specialist department: the cases waiting on it, and the procedures.
  { username: 'logistics1', panes: ['Complaint cases', 'Scripts'], hasAgentState: false },
] as const;

test.describe('login and role workspaces', () => {
  for (const ws of workspaces) {
    test(`shows the ${ws.username} workspace with its own navigation after login`, async ({ page, hub }) => {
      await logIn(page, hub.url, ws.username);
      const nav = page.getByRole('navigation');
      for (const pane of ws.panes) await expect(nav.getByRole('menuitem', { name: pane })).toBeVisible();
      await expect(nav.getByRole('menuitem')).toHaveCount(ws.panes.length);
      // Each pane is reachable and names itself in the main heading.
      for (const pane of ws.panes) {
        await nav.getByRole('menuitem', { name: pane }).click();
        await expect(page.getByRole('main').getByRole('heading', { level: 1 })).toHaveText(pane);
      }
      if (ws.hasAgentState) {
        await expect(page.getByRole('combobox', { name: 'Agent state' })).toBeVisible();
        await expect(page.getByText('Not ready', { exact: true }).first()).toBeVisible();
      } else {
        await expect(page.getByRole('combobox', { name: 'Agent state' })).toHaveCount(0);
      }
      await expectNoSeriousA11yViolations(page);
    });
  }

  test('shows a clear message and stays on the login screen when the password is wrong', async ({ page, hub }) => {
    await page.goto(`${hub.url}/?lang=en-US`);
    await page.getByLabel('Username').fill('agent1');
    await page.getByLabel('Password').fill('not-the-password');
    await page.getByRole('button', { name: 'Log in' }).click();
    await expect(page.getByRole('alert')).toContainText(/password/i);
    await expect(page.getByRole('navigation')).toHaveCount(0);
  });

  test('opens in zh-CN by default and keeps the language chosen with the switch', async ({ page, hub }) => {
    await page.goto(hub.url);
    await expect(page.getByLabel('用户名')).toBeVisible();
    await expect(page.getByLabel('密码')).toBeVisible();
    await expect(page.getByRole('button', { name: '登录' })).toBeVisible();
    await expectNoSeriousA11yViolations(page);

    await page.getByRole('combobox', { name: '语言' }).click();
    await page.getByRole('option', { name: 'English' }).click();
    await expect(page.getByRole('button', { name: 'Log in' })).toBeVisible();
    await page.reload();
    await expect(page.getByRole('button', { name: 'Log in' })).toBeVisible();
  });

  test('logs in and moves between panes by keyboard alone', async ({ page, hub }) => {
    await page.goto(`${hub.url}/?lang=en-US`);
    await page.getByLabel('Username').focus();
    await page.keyboard.type('supervisor1');
    await page.keyboard.press('Tab');
    await page.keyboard.type(DEMO_PASSWORD);
    await page.keyboard.press('Enter');
    const board = page.getByRole('navigation').getByRole('menuitem', { name: 'Board' });
    await expect(board).toBeVisible();

    // Tab until the Reports item has focus, then choose it with Enter.
    const reports = page.getByRole('navigation').getByRole('menuitem', { name: 'Reports' });
    for (let i = 0; i < 15 && !(await reports.evaluate((el) => el === document.activeElement || el.contains(document.activeElement))); i++) {
      await page.keyboard.press('Tab');
    }
    await expect(reports).toBeFocused();
    await page.keyboard.press('Enter');
    await expect(page.getByRole('main').getByRole('heading', { level: 1 })).toHaveText('Reports');
  });

  test('keeps the login across a reload and returns to the login screen after logging out', async ({ page, hub }) => {
    await logIn(page, hub.url, 'qa1');
    await expect(page.getByRole('navigation').getByRole('menuitem', { name: 'Review queue' })).toBeVisible();
    await page.reload();
    await expect(page.getByRole('navigation').getByRole('menuitem', { name: 'Review queue' })).toBeVisible();
    await page.getByRole('button', { name: 'Log out' }).click();
    await expect(page.getByLabel('Username')).toBeVisible();
    await page.reload();
    await expect(page.getByLabel('Username')).toBeVisible();
  });

  test('shows the org design from the hub to the admin', async ({ page, hub }) => {
    await logIn(page, hub.url, 'admin');
    await page.getByRole('navigation').getByRole('menuitem', { name: 'Org design' }).click();
    await expect(page.getByRole('main')).toContainText('Consultation');
    await expect(page.getByRole('main')).toContainText('complaint');
    await expectNoSeriousA11yViolations(page);
  });
});
