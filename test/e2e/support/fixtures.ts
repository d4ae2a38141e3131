import { test as base, expect, type APIRequestContext, type Locator, type Page } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startHub, type HubProcess } from '../../support/hub-process';
import { startCenter, trackPeerConnections, type Center } from './center';

type WorkerFixtures = { hub: HubProcess };

/**
 * One real hub per worker, seeded with the demo call center. Its log is attached to every test that
 * fails, so the cause is in the report rather than lost with the process.
 */
export const test = base.extend<{ hubLog: void }, WorkerFixtures>({
  hub: [
    async ({}, use, workerInfo) => {
      const hub = await startHub({ logDir: join(workerInfo.project.outputDir, 'logs') });
      await use(hub);
      await hub.stop();
    },
    { scope: 'worker' },
  ],
  hubLog: [
    async ({ hub }, use, testInfo) => {
      await use();
      if (testInfo.status !== testInfo.expectedStatus) {
        await testInfo.attach('hub.log', { body: readFileSync(hub.process.logFile), contentType: 'text/plain' });
      }
    },
    { auto: true },
  ],
});

/**
 * The console with its phone: hub, dev PBX and test phones, one set per worker. Hub and Kamailio
 * logs are attached to every failing test.
 */
export const centerTest = base.extend<{ centerLogs: void }, { center: Center }>({
  center: [
    async ({}, use, workerInfo) => {
      const center = await startCenter(join(workerInfo.project.outputDir, 'logs'));
      await use(center);
      await center.stop();
    },
    { scope: 'worker' },
  ],
  context: async ({ context }, use) => {
    await trackPeerConnections(context);
    await use(context);
  },
  centerLogs: [
    async ({ center }, use, testInfo) => {
      await use();
      if (testInfo.status !== testInfo.expectedStatus) {
        await testInfo.attach('hub.log', { body: readFileSync(center.hub.process.logFile), contentType: 'text/plain' });
        await testInfo.attach('kamailio.log', { body: readFileSync(center.pbx.logs.kamailio), contentType: 'text/plain' });
      }
    },
    { auto: true },
  ],
});

export { expect };

export const DEMO_PASSWORD = 'demo1234';

export async function logIn(page: Page, hubUrl: string, username: string, lang: 'en-US' | 'zh-CN' = 'en-US') {
  await page.goto(`${hubUrl}/?lang=${lang}`);
  await page.getByLabel(lang === 'en-US' ? 'Username' : '用户名').fill(username);
  await page.getByLabel(lang === 'en-US' ? 'Password' : '密码').fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: lang === 'en-US' ? 'Log in' : '登录' }).click();
}

/** A session token from the hub's API, for checking what the hub holds without the console. */
export async function hubToken(request: APIRequestContext, hubUrl: string, username: string): Promise<string> {
  const response = await request.post(`${hubUrl}/api/v1/auth/login`, { data: { username, password: DEMO_PASSWORD } });
  expect(response.status()).toBe(200);
  return ((await response.json()) as { token: string }).token;
}

/** Fails on any serious or critical axe violation, listing them so the failure says what to fix. */
export async function expectNoSeriousA11yViolations(page: Page) {
  // Colours are judged at rest, once they settle: a button caught mid-transition (a view turning primary as
  // the list refreshes) is neither its old colour nor its new one. Transitions are waited for, not
  // switched off: antd hides a closed dropdown when its motion ends. Endless ones (spinners) are not
  // waited for; a page that has not settled within a second is judged as it is.
  // The resting colours, not a hover state left under the pointer by the last click.
  await page.mouse.move(0, 0);
  await page
    .waitForFunction(() => document.getAnimations().every((a) => a.playState !== 'running' || a.effect?.getComputedTiming().iterations === Infinity), undefined, { timeout: 1_000 })
    .catch(() => undefined);
  const results = await new AxeBuilder({ page }).analyze();
  const serious = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(serious.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`)).toEqual([]);
}

/** The wrap-up every demo call needs: a disposition chosen from the region's list, then Finish. */
export async function finishWrapUp(page: Page, wrapUp: Locator, disposition: string) {
  await wrapUp.getByRole('combobox', { name: 'Disposition' }).click();
  await page.getByRole('option', { name: disposition }).click();
  await wrapUp.getByRole('button', { name: 'Finish wrap-up' }).click();
}
