import type { Page } from 'playwright-core';
import { DEMO_PASSWORD } from '../hub/src/seed/demo-users';

/** The benches' agent: agent1 logged in to the console, its phone registered, and Ready for a call. */
export async function logInReady(page: Page, hubUrl: string): Promise<void> {
  await page.goto(`${hubUrl}/?lang=en-US`);
  await page.getByLabel('Username').fill('agent1');
  await page.getByLabel('Password').fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: 'Log in' }).click();
  await page.getByRole('status').filter({ hasText: 'Phone: Registered' }).waitFor({ timeout: 30_000 });
  await page.getByRole('combobox', { name: 'Agent state' }).click();
  await page.getByRole('option', { name: /^Ready$/ }).first().click();
}
