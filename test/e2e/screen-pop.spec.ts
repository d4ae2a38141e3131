import type { Page } from '@playwright/test';
import { SHOWCASE } from '../../hub/src/seed/demo-showcase';
import { centerTest as test, expect, hubToken, logIn } from './support/fixtures';
import { customerCall, openCustomerPhone, type Center } from './support/center';
import { countConsoleStore, readConsoleStore } from './support/console-db';
import type { TestPhone } from '../../pbx/test-phone/test-phone';

/**
 * The screen pop end to end: a customer calls through the demo trunk, which presents their number in
 * P-Asserted-Identity as a carrier does, and the console shows who it is while the phone rings. The
 * customers are the demo seed's showcase (hub/src/seed/demo-showcase.ts), stored the way a CRM
 * import has them ('138 0013 8000', '0755-8888 6666'), and called from numbers written otherwise.
 */

async function openAgentConsole(page: Page, center: Center) {
  await logIn(page, center.hub.url, 'agent1');
  await expect(page.getByRole('status').filter({ hasText: 'Phone: Registered' })).toBeVisible({ timeout: 15_000 });
  await page.getByRole('combobox', { name: 'Agent state' }).click();
  await page.getByRole('option', { name: /^Ready$/ }).first().click();
}

/** The local copy has caught up with the hub: every card is on this PC. */
async function waitForLocalCopy(page: Page) {
  await expect
    .poll(async () => (await readConsoleStore(page, 'meta')).some((m) => m.key === 'customers.syncedAt'), { timeout: 30_000 })
    .toBe(true);
}

const ringing = (page: Page) => page.getByRole('article').filter({ has: page.getByRole('button', { name: 'Answer' }) });
const callerCard = (page: Page, name: string) => page.getByRole('region', { name: `Caller: ${name}` });

/**
 * The customer gives up before the agent answers: no wrap-up, the agent stays ready for the next
 * test call. An ended call (and its pop) stays on screen a few seconds; the next call's card must be
 * the only one.
 */
async function hangUpRinging(page: Page, phone: TestPhone) {
  await phone.hangUp();
  await expect(ringing(page)).toHaveCount(0);
  await expect(page.getByRole('article')).toHaveCount(0, { timeout: 15_000 });
}

test.describe('screen pop', () => {
  test.describe.configure({ timeout: 120_000 });

  test('shows the VIP caller by name while it rings, from a number written differently from the stored one', async ({ page, context, request, center }) => {
    await openAgentConsole(page, center);
    const customer = await openCustomerPhone(context, center, 'customer');
    // Stored as '138 0013 8000'; the trunk presents the international form with the 00 prefix.
    await customerCall(customer, center, '1001', '008613800138000');
    await expect(ringing(page)).toBeVisible();
    const card = callerCard(page, '王建国');
    await expect(card).toBeVisible();
    await expect(card).toContainText('VIP 3');
    await expect(ringing(page)).toBeVisible();

    // Answered and hung up: the call log says who the caller was.
    await ringing(page).getByRole('button', { name: 'Answer' }).click();
    await customer.waitEstablished();
    await page.getByRole('article').getByRole('button', { name: 'Hang up' }).click();
    await expect
      .poll(async () => (await readConsoleStore(page, 'callLogs')).filter((r) => r.customerId !== null).map((r) => (r.remote as { number: string }).number))
      .toContain('008613800138000');

    // Customer data is confidential: the hub logged who saw the record, why, and for which call.
    const call = (await readConsoleStore(page, 'callLogs')).find((r) => (r.remote as { number: string }).number === '008613800138000')!;
    const token = await hubToken(request, center.hub.url, 'supervisor1');
    const log = await request.get(`${center.hub.url}/api/v1/customers/${SHOWCASE.wangJianguo.id}/access-log`, { headers: { authorization: `Bearer ${token}` } });
    expect(((await log.json()) as { items: { username: string; action: string; reason: string | null }[] }).items).toContainEqual(
      expect.objectContaining({ username: 'agent1', action: 'read', reason: 'screen-pop' }),
    );
    expect(call.customerId).toBe(SHOWCASE.wangJianguo.id);
  });

  test('flags an open complaint and a key account before the agent answers', async ({ page, context, center }) => {
    await openAgentConsole(page, center);
    const customer = await openCustomerPhone(context, center, 'customer');
    await customerCall(customer, center, '1001', '+8613901390000', 'complaint');
    const complainant = callerCard(page, '李梅');
    await expect(complainant).toBeVisible();
    await expect(complainant).toContainText('1 open complaint');
    await hangUpRinging(page, customer);

    await customerCall(customer, center, '1001', '02155550101');
    const company = callerCard(page, '北京华信电子有限公司');
    await expect(company).toBeVisible();
    await expect(company).toContainText('Key account');
    await hangUpRinging(page, customer);
  });

  test('pops from the local copy while the hub is stopped', async ({ page, context, center }) => {
    await openAgentConsole(page, center);
    await waitForLocalCopy(page);
    const customer = await openCustomerPhone(context, center, 'customer');
    await center.hub.stop();
    try {
      await customerCall(customer, center, '1001', '+8613800138000');
      const card = callerCard(page, '王建国');
      await expect(card).toBeVisible();
      await expect(card).toContainText('local copy');
      await hangUpRinging(page, customer);
    } finally {
      await center.hub.restart();
    }
  });

  test('asks the agent who is calling when two customers share the number', async ({ page, context, center }) => {
    await openAgentConsole(page, center);
    const customer = await openCustomerPhone(context, center, 'customer');
    await customerCall(customer, center, '1001', '+8675588886666');
    const chooser = page.getByRole('region', { name: 'Caller: which customer?' });
    await expect(chooser).toBeVisible();
    await expect(chooser.getByRole('button', { name: /This is the caller/ })).toHaveCount(2);
    await chooser.getByRole('button', { name: 'This is the caller: 张丽' }).click();
    await expect(callerCard(page, '张丽')).toBeVisible();
    await hangUpRinging(page, customer);
  });

  test('offers quick-create for an unknown number, and the next call from it pops the new record', async ({ page, context, center }) => {
    await openAgentConsole(page, center);
    const customer = await openCustomerPhone(context, center, 'customer');
    await customerCall(customer, center, '1001', '+8613512345678');
    const form = page.getByRole('region', { name: 'Caller: no customer record' });
    await expect(form).toBeVisible();
    await form.getByRole('textbox', { name: 'Name' }).fill('赵新客户');
    await form.getByRole('button', { name: 'Create customer' }).click();
    await expect(callerCard(page, '赵新客户')).toBeVisible();
    await hangUpRinging(page, customer);

    await customerCall(customer, center, '1001', '008613512345678');
    await expect(callerCard(page, '赵新客户')).toBeVisible();
    await expect(page.getByRole('region', { name: 'Caller: no customer record' })).toHaveCount(0);
    await hangUpRinging(page, customer);
  });

  test('shows an unknown caller for withheld and malformed numbers, and writes no customer', async ({ page, context, center }) => {
    await openAgentConsole(page, center);
    await waitForLocalCopy(page);
    const cached = await countConsoleStore(page, 'customers');
    const customer = await openCustomerPhone(context, center, 'customer');
    for (const from of ['anonymous', 'unknown', '1'.repeat(40), '138abc00138000', '%3Cscript%3Ealert(1)%3C%2Fscript%3E']) {
      await customerCall(customer, center, '1001', from);
      await expect(ringing(page)).toBeVisible();
      await expect(page.getByRole('region', { name: 'Unknown caller' })).toBeVisible();
      await expect(page.getByRole('region', { name: 'Caller: no customer record' })).toHaveCount(0);
      await hangUpRinging(page, customer);
    }
    expect(await countConsoleStore(page, 'customers')).toBe(cached);
  });
});
