import type { Page } from '@playwright/test';
import { SHOWCASE } from '../../hub/src/seed/demo-showcase';
import { expect, expectNoSeriousA11yViolations, logIn, test } from './support/fixtures';

/**
 * The customer workspace against the real hub: one search box for every key a caller may give,
 * the whole record, an audited contact edit, and the access log that shows who read and changed it.
 */

const wang = SHOWCASE.wangJianguo;

async function openCustomerPane(page: Page, hubUrl: string, username: string) {
  await logIn(page, hubUrl, username);
  await page.getByRole('navigation').getByRole('menuitem', { name: 'Customer' }).click();
  await expect(page.getByRole('search', { name: 'Customer search' })).toBeVisible();
}

async function search(page: Page, q: string) {
  const box = page.getByRole('search', { name: 'Customer search' });
  await box.getByRole('searchbox', { name: 'Search customers' }).fill(q);
  await box.getByRole('button', { name: 'Search' }).click();
}

test.describe('customer workspace', () => {
  test('finds the same customer by phone in any format, name, order number, waybill and serial number', async ({ page, hub }) => {
    await openCustomerPane(page, hub.url, 'agent1');
    for (const q of ['+86 138-0013-8000', '008613800138000', '王建国', wang.orderNo.toLowerCase(), wang.waybillNo, wang.serialNo]) {
      await search(page, q);
      await expect(page.getByRole('button', { name: `Open record: ${wang.name}`, exact: true })).toBeVisible();
    }
  });

  test('treats search input as text, never as a query', async ({ page, hub }) => {
    await openCustomerPane(page, hub.url, 'agent1');
    await search(page, "'; drop table customers; --");
    await expect(page.getByText(/No customer matches/)).toBeVisible();
    await search(page, '%');
    await expect(page.getByText(/No customer matches/)).toBeVisible();
    await search(page, wang.name);
    await expect(page.getByRole('button', { name: `Open record: ${wang.name}`, exact: true })).toBeVisible();
  });

  test('shows the record with orders, products and tickets, and saves an audited contact edit', async ({ page, browser, hub }) => {
    await openCustomerPane(page, hub.url, 'agent1');
    await search(page, wang.name);
    await page.getByRole('button', { name: `Open record: ${wang.name}`, exact: true }).click();

    await expect(page.getByRole('heading', { name: wang.name, level: 2 })).toBeVisible();
    await expect(page.getByText(wang.waybillNo)).toBeVisible();
    await expect(page.getByText(wang.serialNo)).toBeVisible();
    await expect(page.getByText('Collected by courier').first()).toBeVisible();
    await expectNoSeriousA11yViolations(page);

    await page.getByRole('button', { name: 'Edit contact details' }).click();
    await page.getByRole('textbox', { name: 'Address' }).fill('北京市朝阳区建国路 88 号');
    await page.getByRole('button', { name: 'Save' }).click();
    await expect(page.getByText('Contact details saved.')).toBeVisible();
    await expect(page.getByText('北京市朝阳区建国路 88 号')).toBeVisible();

    // The supervisor sees who read and who changed the record, and what changed.
    const supervisor = await browser.newPage();
    try {
      await openCustomerPane(supervisor, hub.url, 'supervisor1');
      await search(supervisor, wang.name);
      await supervisor.getByRole('button', { name: `Open record: ${wang.name}`, exact: true }).click();
      await supervisor.getByRole('button', { name: 'Show access log' }).click();
      const log = supervisor.getByRole('region', { name: 'Access log' });
      await expect(log.getByRole('row', { name: /张敏 \(agent1\) Read Customer workspace/ })).toBeVisible();
      await expect(log.getByRole('row', { name: /张敏 \(agent1\) Changed .*Address/ })).toBeVisible();
    } finally {
      await supervisor.close();
    }
  });

  test('keeps the edit and reloads the record when someone else changed it first', async ({ page, browser, hub }) => {
    const li = SHOWCASE.liMei;
    await openCustomerPane(page, hub.url, 'agent1');
    await search(page, li.name);
    await page.getByRole('button', { name: `Open record: ${li.name}`, exact: true }).click();
    await page.getByRole('button', { name: 'Edit contact details' }).click();
    await page.getByRole('textbox', { name: 'Notes' }).fill('下午三点后方便接听');

    const other = await browser.newPage();
    try {
      await openCustomerPane(other, hub.url, 'agent2');
      await search(other, li.name);
      await other.getByRole('button', { name: `Open record: ${li.name}`, exact: true }).click();
      await other.getByRole('button', { name: 'Edit contact details' }).click();
      await other.getByRole('textbox', { name: 'Email' }).fill('limei@example.cn');
      await other.getByRole('button', { name: 'Save' }).click();
      await expect(other.getByText('Contact details saved.')).toBeVisible();
    } finally {
      await other.close();
    }

    await page.getByRole('button', { name: 'Save' }).click();
    await expect(page.getByText(/Someone else changed this record/)).toBeVisible();
    await expect(page.getByRole('textbox', { name: 'Notes' })).toHaveValue('下午三点后方便接听');
    await page.getByRole('button', { name: 'Save' }).click();
    await expect(page.getByText('Contact details saved.')).toBeVisible();
    await expect(page.getByText('limei@example.cn')).toBeVisible();
    await expect(page.getByText('下午三点后方便接听')).toBeVisible();
  });
});
