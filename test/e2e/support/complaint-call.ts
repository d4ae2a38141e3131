import type { Locator, Page } from '@playwright/test';
import { expect, logIn } from './fixtures';
import { customerCall, openCustomerPhone, type Center } from './center';

/*
 * A complaint call as the demo center takes it: the customer calls the complaints line through the
 * demo trunk (`X-IVR-Choice: complaint`), agent1 answers, and the complaint-intake script opens.
 * Shared by the scripts and the complaint-procedure specs.
 */

/** 李梅 of the demo showcase, stored as '139 0139 0000'. */
export const COMPLAINANT = { name: '李梅', number: '+8613901390000' };

export async function openAgentConsole(page: Page, center: Center) {
  await logIn(page, center.hub.url, 'agent1');
  await expect(page.getByRole('status').filter({ hasText: 'Phone: Registered' })).toBeVisible({ timeout: 15_000 });
  await page.getByRole('combobox', { name: 'Agent state' }).click();
  await page.getByRole('option', { name: /^Ready$/ }).first().click();
}

export async function answerComplaintCall(page: Page, context: Parameters<typeof openCustomerPhone>[0], center: Center) {
  const customer = await openCustomerPhone(context, center, 'customer');
  await customerCall(customer, center, '1001', COMPLAINANT.number, 'complaint');
  const ringing = page.getByRole('article').filter({ has: page.getByRole('button', { name: 'Answer' }) });
  await ringing.getByRole('button', { name: 'Answer' }).click();
  await customer.waitEstablished();
  return customer;
}

export const runner = (page: Page) => page.getByRole('region', { name: 'Call script' });
export const stepTitle = (script: Locator, title: string) => script.getByRole('heading', { name: title });

export async function next(script: Locator, expectedTitle: string) {
  await script.getByRole('button', { name: 'Next' }).click();
  await expect(stepTitle(script, expectedTitle)).toBeVisible();
}

/** From the greeting to the details step, where the complaint is told in the customer's words. */
export async function walkToDetails(script: Locator) {
  await expect(stepTitle(script, 'Greeting')).toBeVisible();
  // The caller's name from the screen pop, filled into what the agent reads.
  await expect(script).toContainText(`Hello ${COMPLAINANT.name}`);
  await next(script, 'Complainant (form 1.1)');
  // Prefilled from the call: the pop's customer and the number they called from.
  await expect(script.getByRole('textbox', { name: 'Complainant' })).toHaveValue(COMPLAINANT.name);
  await script.getByRole('radio', { name: 'Phone' }).check();
  await next(script, 'Product or order concerned');
  await next(script, 'What happened');
}

/** From the details (told already) to the last step: a quality complaint, normal severity, field staff sent on site. */
export async function walkToOnSiteDispatch(script: Locator) {
  await next(script, 'Thank and reassure');
  await next(script, 'First classification');
  await script.getByRole('radio', { name: 'Quality' }).check();
  await script.getByRole('radio', { name: 'Normal' }).check();
  await next(script, 'Triage');
  await script.getByRole('radio', { name: 'On-site protection or investigation' }).check();
  await next(script, 'Send field staff and promise a callback');
  await script.getByLabel('Site address').fill('广州市天河区体育西路 100 号 养殖场');
}
