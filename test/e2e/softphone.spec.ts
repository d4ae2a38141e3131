import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { centerTest as test, expect, logIn } from './support/fixtures';
import { consoleInboundBytes, customerCall, growth, openCustomerPhone, openDeskPhone, TEST_PHONES, type Center } from './support/center';
import { startBaresipPhone, wavLevel, writeToneWav } from '../../pbx/baresip-phone';

/**
 * The softphone end to end: the console in Chromium, registered with the real Kamailio through the
 * hub's credentials, called by sip.js test phones and by a plain SIP phone (baresip via rtpengine).
 * Audio is proven with RTP byte counts, not only with SIP states.
 */

const CUSTOMER = '13800138000';

async function openAgentConsole(page: Page, center: Center, username = 'agent1') {
  await logIn(page, center.hub.url, username);
  await expect(page.getByRole('status').filter({ hasText: 'Phone: Registered' })).toBeVisible({ timeout: 15_000 });
}

async function chooseState(page: Page, option: RegExp) {
  await page.getByRole('combobox', { name: 'Agent state' }).click();
  await page.getByRole('option', { name: option }).first().click();
}

const callCard = (page: Page, text: string) => page.getByRole('article').filter({ hasText: text });

/** The header announces the agent state in a live region; the select itself shows it too. */
async function expectAgentState(page: Page, state: string) {
  await expect(page.getByRole('status').filter({ hasText: new RegExp(`^Agent state: ${state}`) })).toHaveCount(1);
}

async function expectConsoleAudio(page: Page) {
  await expect.poll(() => consoleInboundBytes(page), { timeout: 10_000 }).toBeGreaterThan(0);
  expect(await growth(() => consoleInboundBytes(page))).toBeGreaterThan(1000);
}

async function expectPhoneAudio(read: () => Promise<{ bytesReceived: number } | null>) {
  await expect.poll(async () => (await read())?.bytesReceived ?? 0, { timeout: 10_000 }).toBeGreaterThan(0);
  expect(await growth(async () => (await read())?.bytesReceived ?? 0)).toBeGreaterThan(1000);
}

test.describe('softphone', () => {
  test('rings with the caller and IVR choice, answers with audio both ways, and hangs up', async ({ page, context, center }) => {
    await openAgentConsole(page, center);
    await chooseState(page, /^Ready$/);
    const customer = await openCustomerPhone(context, center, 'customer');

    await customerCall(customer, center, '1001', CUSTOMER, 'complaint');
    const card = callCard(page, CUSTOMER);
    await expect(card).toContainText('Ringing');
    await expect(card).toContainText('Complaints & Suggestions');
    await expectAgentState(page, 'Ringing');

    await card.getByRole('button', { name: 'Answer' }).click();
    expect(await customer.callOutcome()).toMatchObject({ state: 'Established', code: 200 });
    await expect(card).toContainText('Talking');
    await expectConsoleAudio(page);
    await expectPhoneAudio(() => customer.inboundAudio());

    await card.getByRole('button', { name: 'Hang up' }).click();
    await expect.poll(() => customer.sessionState()).toBe('Terminated');
    await expectAgentState(page, 'Wrap-up');
  });

  test('stops the caller audio on hold and brings it back on resume', async ({ page, context, center }) => {
    await openAgentConsole(page, center);
    await chooseState(page, /^Ready$/);
    const customer = await openCustomerPhone(context, center, 'customer');
    await customerCall(customer, center, '1001', CUSTOMER);
    const card = callCard(page, CUSTOMER);
    await card.getByRole('button', { name: 'Answer' }).click();
    await expectConsoleAudio(page);

    await card.getByRole('button', { name: 'Hold' }).click();
    await expect(card).toContainText('On hold');
    // Allow packets in flight to land, then nothing more may arrive while held.
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(await growth(() => consoleInboundBytes(page))).toBeLessThan(200);

    await card.getByRole('button', { name: 'Resume' }).click();
    await expect(card).toContainText('Talking');
    await expectConsoleAudio(page);
    await card.getByRole('button', { name: 'Hang up' }).click();
  });

  test('sends DTMF from the keypad to the caller', async ({ page, context, center }) => {
    await openAgentConsole(page, center);
    await chooseState(page, /^Ready$/);
    // Without RFC 4733 in its SDP the test phone gets SIP INFO, which it can observe.
    const customer = await openCustomerPhone(context, center, 'customer', { noTelephoneEvent: true });
    await customerCall(customer, center, '1001', CUSTOMER);
    await callCard(page, CUSTOMER).getByRole('button', { name: 'Answer' }).click();
    await customer.waitEstablished();

    const keypad = page.getByRole('group', { name: /Keypad/ });
    for (const digit of ['5', '#']) await keypad.getByRole('button', { name: digit, exact: true }).click();
    await expect.poll(async () => (await customer.received()).dtmf).toEqual(['5', '#']);
    await callCard(page, CUSTOMER).getByRole('button', { name: 'Hang up' }).click();
  });

  test('blind-transfers the caller to a department, who then talks with the caller', async ({ page, context, center }) => {
    await openAgentConsole(page, center);
    await chooseState(page, /^Ready$/);
    const department = await openDeskPhone(context, center, 'tech-service', TEST_PHONES.techService);
    const customer = await openCustomerPhone(context, center, 'customer');
    await customerCall(customer, center, '1001', CUSTOMER);
    const card = callCard(page, CUSTOMER);
    await card.getByRole('button', { name: 'Answer' }).click();
    await customer.waitEstablished();

    await card.getByRole('button', { name: 'Transfer' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Or another number').fill(TEST_PHONES.techService.username);
    await dialog.getByRole('button', { name: 'Blind transfer' }).click();

    await department.waitForInvite();
    await department.answer();
    await expectPhoneAudio(() => department.inboundAudio());
    await expectPhoneAudio(() => customer.inboundAudio());
    // The agent is out of the call.
    await expectAgentState(page, 'Wrap-up');
    await customer.hangUp();
  });

  test('consults a colleague first, then completes an attended transfer', async ({ page, context, center }) => {
    await openAgentConsole(page, center);
    await chooseState(page, /^Ready$/);
    const manager = await openDeskPhone(context, center, 'manager', TEST_PHONES.manager);
    const customer = await openCustomerPhone(context, center, 'customer');
    await customerCall(customer, center, '1001', CUSTOMER);
    const card = callCard(page, CUSTOMER);
    await card.getByRole('button', { name: 'Answer' }).click();
    await customer.waitEstablished();

    await card.getByRole('button', { name: 'Transfer' }).click();
    await page.getByRole('dialog').getByLabel('Or another number').fill(TEST_PHONES.manager.username);
    await page.getByRole('dialog').getByRole('button', { name: 'Consult first' }).click();
    await manager.waitForInvite();
    await manager.answer();
    await expect(card).toContainText('On hold');
    await expectConsoleAudio(page);

    await page.getByRole('button', { name: 'Complete transfer' }).click();
    // The customer follows the REFER with Replaces: a new call to the manager, who takes it.
    await manager.waitForInvite();
    await manager.answer();
    await expectPhoneAudio(() => customer.inboundAudio());
    await expectPhoneAudio(() => manager.inboundAudio());
    await expectAgentState(page, 'Wrap-up');
    await customer.hangUp();
  });

  test('rings a second call while talking, and answering it holds the first', async ({ page, context, center }) => {
    await openAgentConsole(page, center);
    await chooseState(page, /^Ready$/);
    const first = await openCustomerPhone(context, center, 'first');
    const second = await openCustomerPhone(context, center, 'second');
    await customerCall(first, center, '1001', CUSTOMER);
    await callCard(page, CUSTOMER).getByRole('button', { name: 'Answer' }).click();
    await first.waitEstablished();

    await customerCall(second, center, '1001', '13900139000');
    const waiting = callCard(page, '13900139000');
    await expect(waiting).toContainText('Call waiting');
    await waiting.getByRole('button', { name: 'Answer' }).click();
    await second.waitEstablished();
    await expect(callCard(page, CUSTOMER)).toContainText('On hold');
    await expect(waiting).toContainText('Talking');
    await expectPhoneAudio(() => second.inboundAudio());

    await waiting.getByRole('button', { name: 'Hang up' }).click();
    await callCard(page, CUSTOMER).getByRole('button', { name: 'Hang up' }).click();
  });

  test('rejects a ringing call with busy', async ({ page, context, center }) => {
    await openAgentConsole(page, center);
    await chooseState(page, /^Ready$/);
    const customer = await openCustomerPhone(context, center, 'customer');
    await customerCall(customer, center, '1001', CUSTOMER);
    await callCard(page, CUSTOMER).getByRole('button', { name: 'Reject' }).click();
    expect(await customer.callOutcome()).toMatchObject({ state: 'Terminated', code: 486 });
  });

  test('refuses calls with busy while the agent is Not ready', async ({ page, context, center }) => {
    await openAgentConsole(page, center);
    await expectAgentState(page, 'Not ready');
    const customer = await openCustomerPhone(context, center, 'customer');
    await customerCall(customer, center, '1001', CUSTOMER);
    expect(await customer.callOutcome()).toMatchObject({ state: 'Terminated', code: 486 });
    await expect(callCard(page, CUSTOMER).getByRole('button', { name: 'Answer' })).toHaveCount(0);
  });

  test('registers again within 5 s, without a reload, after Kamailio is killed and restarted', async ({ page, context, center }) => {
    await openAgentConsole(page, center);
    await center.pbx.kill();
    await expect(page.getByRole('status').filter({ hasText: /Phone: Reconnecting/ })).toBeVisible({ timeout: 10_000 });
    const restartedAt = Date.now();
    await center.pbx.restart();
    await expect(page.getByRole('status').filter({ hasText: 'Phone: Registered' })).toBeVisible({ timeout: 5_000 });
    console.log(`console re-registered ${Date.now() - restartedAt} ms after Kamailio came back`);

    // The registration is real: a call reaches the console through the new Kamailio.
    await chooseState(page, /^Ready$/);
    const customer = await openCustomerPhone(context, center, 'customer');
    await customerCall(customer, center, '1001', CUSTOMER);
    await expect(callCard(page, CUSTOMER)).toContainText('Ringing');
    await customer.hangUp();
  });

  test('shows a hostile caller name as short inert text and keeps working', async ({ page, context, center }) => {
    await openAgentConsole(page, center);
    await chooseState(page, /^Ready$/);
    // No double quote: it would end the quoted display name and the PBX would drop the INVITE as malformed.
    const hostile = `<img src=x onerror=window.__owned=1>\u202e${'很长的名字'.repeat(130)}`; // about 2 KB
    const customer = await openCustomerPhone(context, center, 'hostile');
    // No P-Asserted-Identity: the From header, with its display name, is what the console sees.
    await customer.call(center.pbx.sipUri('1001'), ['X-IVR-Choice: <script>alert(1)</script>'], hostile);
    const card = page.getByRole('article').filter({ hasText: '<img src=x' });
    await expect(card).toBeVisible().catch(async (error: unknown) => {
      throw new Error(`${String(error)}\ncaller saw: ${JSON.stringify(await customer.callOutcome(1000))}`);
    });
    const heading = await card.getByRole('heading').innerText();
    expect(heading.length).toBeLessThanOrEqual(60);
    expect(heading).not.toContain('\u202e');
    expect(await page.evaluate(() => (window as unknown as { __owned?: number }).__owned)).toBeUndefined();
    await expect(card.locator('img')).toHaveCount(0);
    await card.getByRole('button', { name: 'Reject' }).click();
    expect(await customer.callOutcome()).toMatchObject({ state: 'Terminated' });

    const next = await openCustomerPhone(context, center, 'next');
    await customerCall(next, center, '1001', CUSTOMER);
    await callCard(page, CUSTOMER).getByRole('button', { name: 'Answer' }).click();
    await next.waitEstablished();
    await callCard(page, CUSTOMER).getByRole('button', { name: 'Hang up' }).click();
  });

  test.describe('with a plain SIP desk phone (baresip through rtpengine)', () => {
    test('is called by the phone and calls it, with audio both ways', async ({ page, center }, testInfo) => {
      // baresip's sndfile truncates long dump paths silently (a fixed buffer), so not under test-results/.
      const logDir = fs.mkdtempSync(path.join(os.tmpdir(), 'baresip-'));
      void testInfo;
      const tone = path.join(logDir, 'tone.wav');
      writeToneWav(tone, { seconds: 60, hz: 440 });
      const phone = await startBaresipPhone({
        extension: TEST_PHONES.deskPhone.username,
        password: TEST_PHONES.deskPhone.password,
        pbx: center.pbx,
        audioSource: tone,
        logDir,
        autoAnswer: true,
      });
      try {
        await openAgentConsole(page, center);
        await chooseState(page, /^Ready$/);

        // The phone calls the agent.
        let since = phone.events.length;
        await phone.dial(center.pbx.sipUri('1001'));
        const card = callCard(page, TEST_PHONES.deskPhone.username);
        await card.getByRole('button', { name: 'Answer' }).click();
        await phone.waitForEvent('CALL_ESTABLISHED', { since, timeoutMs: 10_000 });
        await expectConsoleAudio(page);
        await phone.waitForEvent('CALL_RTPESTAB', { since, timeoutMs: 10_000 });
        await card.getByRole('button', { name: 'Hang up' }).click();
        await phone.waitForEvent('CALL_CLOSED', { since, timeoutMs: 10_000 });
        await chooseState(page, /^Ready$/);

        // The agent calls the phone from the dial pad.
        since = phone.events.length;
        const dumpsBefore = new Set(fs.readdirSync(phone.dumpDir));
        await page.getByLabel('Number', { exact: true }).fill(TEST_PHONES.deskPhone.username);
        await page.getByRole('button', { name: 'Dial', exact: true }).click();
        await phone.waitForEvent('CALL_ESTABLISHED', { since, timeoutMs: 10_000 });
        await expectConsoleAudio(page);
        await callCard(page, TEST_PHONES.deskPhone.username).getByRole('button', { name: 'Hang up' }).click();
        await phone.waitForEvent('CALL_CLOSED', { since, timeoutMs: 10_000 });
        const heard = fs.readdirSync(phone.dumpDir).filter((f) => f.endsWith('-dec.wav') && !dumpsBefore.has(f));
        expect(heard).toHaveLength(1);
        const level = wavLevel(path.join(phone.dumpDir, heard[0]!));
        console.log(`desk phone heard the console: ${JSON.stringify(level)}`);
        expect(level.rms).toBeGreaterThan(0.001);
      } finally {
        await phone.stop();
      }
    });
  });
});
