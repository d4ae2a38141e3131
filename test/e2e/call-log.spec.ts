import type { APIRequestContext, Page } from '@playwright/test';
import { centerTest as test, expect, finishWrapUp, hubToken, logIn } from './support/fixtures';
import { customerCall, openCustomerPhone, type Center } from './support/center';
import { countConsoleStore, readConsoleStore, uploadShape, type Json } from './support/console-db';

/**
 * The write-ahead call log end to end: the console in Chromium writes every call to IndexedDB and
 * uploads it to the real hub, which is stopped, killed mid-batch and restarted under it. The hub's
 * copy is compared field by field with the console's.
 */

const CUSTOMER = '13900139000';
/** The hub's own additions to a stored record. */
const HUB_FIELDS = ['agentId', 'agentName', 'receivedAt', 'updatedAt'];

async function openAgentConsole(page: Page, center: Center) {
  await logIn(page, center.hub.url, 'agent1');
  await expect(page.getByRole('status').filter({ hasText: 'Phone: Registered' })).toBeVisible({ timeout: 15_000 });
  await chooseState(page, /^Ready$/);
}

async function chooseState(page: Page, option: RegExp) {
  await page.getByRole('combobox', { name: 'Agent state' }).click();
  await page.getByRole('option', { name: option }).first().click();
}

const callCard = (page: Page, text: string) => page.getByRole('article').filter({ hasText: text });

/** The console's own records, read from its IndexedDB as they are. */
const localCallLogs = (page: Page) => readConsoleStore(page, 'callLogs');

const without = (record: Json, fields: string[]): Json => Object.fromEntries(Object.entries(record).filter(([key]) => !fields.includes(key)));

/** Every call log the hub holds for the agent, all pages. */
async function hubCallLogs(request: APIRequestContext, center: Center, token: string): Promise<Json[]> {
  const items: Json[] = [];
  let cursor: string | null = null;
  do {
    const query: string = cursor ? `?limit=500&cursor=${encodeURIComponent(cursor)}` : '?limit=500';
    const response = await request.get(`${center.hub.url}/api/v1/call-logs${query}`, { headers: { authorization: `Bearer ${token}` } });
    expect(response.status()).toBe(200);
    const page = (await response.json()) as { items: Json[]; nextCursor: string | null };
    items.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return items;
}

/** One copy per id on the hub, each equal to the console's newest version. */
async function expectHubHasExactly(request: APIRequestContext, center: Center, page: Page, ids: string[]) {
  const token = await hubToken(request, center.hub.url, 'agent1');
  const local = new Map((await localCallLogs(page)).map((r) => [r.id as string, r]));
  const onHub = (await hubCallLogs(request, center, token)).filter((r) => ids.includes(r.id as string));
  expect(onHub.map((r) => r.id).sort()).toEqual([...ids].sort());
  for (const stored of onHub) {
    expect(without(stored, HUB_FIELDS)).toEqual(uploadShape(local.get(stored.id as string)!));
  }
}

/**
 * Answered, hung up and wrapped up, so the agent is Ready for the next one: the demo center requires
 * a disposition before Ready. No IVR choice, so that no script opens (scripts.spec.ts covers those).
 */
async function takeCall(page: Page, customer: Awaited<ReturnType<typeof openCustomerPhone>>, center: Center) {
  await customerCall(customer, center, '1001', CUSTOMER, null);
  const card = callCard(page, CUSTOMER);
  await card.getByRole('button', { name: 'Answer' }).click();
  await customer.waitEstablished();
  await card.getByRole('button', { name: 'Hang up' }).click();
  await expect.poll(() => customer.sessionState()).toBe('Terminated');
  const wrapUp = page.getByRole('region', { name: `Wrap-up: ${CUSTOMER}` });
  await finishWrapUp(page, wrapUp, 'Question answered');
  await expect(wrapUp).toHaveCount(0);
}

test.describe('call log', () => {
  // Restarts of the hub and the uploader's backoff take their time.
  test.describe.configure({ timeout: 150_000 });

  test('keeps calls taken while the hub is down and uploads each exactly once when it is back', async ({ page, context, request, center }) => {
    await openAgentConsole(page, center);
    const customer = await openCustomerPhone(context, center, 'customer');
    const before = new Set((await localCallLogs(page)).map((r) => r.id));

    await center.hub.stop();
    try {
      for (let i = 0; i < 3; i += 1) {
        await takeCall(page, customer, center);
      }
      const taken = (await localCallLogs(page)).filter((r) => !before.has(r.id));
      expect(taken).toHaveLength(3);
      expect(taken.map((r) => [r.status, r.syncState])).toEqual(Array(3).fill(['completed', 'pending']));
      expect(taken.every((r) => r.answeredAt && r.endedBy === 'local')).toBe(true);
    } finally {
      await center.hub.restart();
    }

    const ids = (await localCallLogs(page)).filter((r) => !before.has(r.id)).map((r) => r.id as string);
    await expect
      .poll(async () => (await localCallLogs(page)).filter((r) => ids.includes(r.id as string)).map((r) => r.syncState), { timeout: 90_000 })
      .toEqual(['uploaded', 'uploaded', 'uploaded']);
    await expectHubHasExactly(request, center, page, ids);
  });

  test('delivers a batch once when the hub dies after storing it and before answering; replaying it changes nothing', async ({ page, context, request, center }) => {
    await openAgentConsole(page, center);
    const customer = await openCustomerPhone(context, center, 'customer');

    // The first upload reaches the hub, which stores it; then the hub is killed and the answer is lost.
    let captured: { body: unknown; authorization: string } | null = null;
    await page.route('**/api/v1/call-logs/batch', async (route) => {
      if (captured) return route.continue();
      const response = await route.fetch();
      captured = { body: route.request().postDataJSON(), authorization: (await route.request().headerValue('authorization')) ?? '' };
      expect(response.status()).toBe(200);
      await center.hub.kill();
      await route.abort('connectionreset');
    });

    await takeCall(page, customer, center);
    await expect.poll(() => captured !== null, { timeout: 30_000 }).toBe(true);
    const ids = (await localCallLogs(page)).filter((r) => r.syncState !== 'uploaded').map((r) => r.id as string);
    expect(ids.length).toBeGreaterThan(0);

    await center.hub.restart();
    await expect
      .poll(async () => (await localCallLogs(page)).filter((r) => ids.includes(r.id as string)).every((r) => r.syncState === 'uploaded'), { timeout: 90_000 })
      .toBe(true);
    await expectHubHasExactly(request, center, page, ids);

    // The same batch, replayed twice by hand: the hub already has every record in it.
    const batch = captured!;
    for (let i = 0; i < 2; i += 1) {
      const replay = await request.post(`${center.hub.url}/api/v1/call-logs/batch`, { data: batch.body, headers: { authorization: batch.authorization } });
      expect(replay.status()).toBe(200);
      const { results } = (await replay.json()) as { results: { outcome: string }[] };
      expect(results.length).toBeGreaterThan(0);
      // Unchanged, or stale when the console uploaded a newer version (its wrap-up state) in between.
      for (const result of results) expect(['unchanged', 'stale']).toContain(result.outcome);
    }
    await expectHubHasExactly(request, center, page, ids);
  });

  test('a reload mid-call leaves an interrupted record and keeps the notes; the wrap-up completes and uploads it', async ({ page, context, request, center }) => {
    await openAgentConsole(page, center);
    const customer = await openCustomerPhone(context, center, 'customer');
    // No IVR choice, so no script waits to be finished (scripts.spec.ts reloads mid-script).
    await customerCall(customer, center, '1001', CUSTOMER, null);
    const card = callCard(page, CUSTOMER);
    await card.getByRole('button', { name: 'Answer' }).click();
    await customer.waitEstablished();

    const notes = 'Parcel arrived damaged; customer wants an exchange. 包裹破损，客户要求换货。';
    await page.getByRole('textbox', { name: 'Call notes' }).fill(notes);
    const live = (await localCallLogs(page)).find((r) => r.status === 'live');
    expect(live).toBeDefined();
    // The draft is saved as it is typed (debounced); give it that moment, as an agent's next keystroke would.
    await expect.poll(() => countConsoleStore(page, 'drafts')).toBeGreaterThan(0);

    await page.reload();
    await expect(page.getByRole('status').filter({ hasText: 'Phone: Registered' })).toBeVisible({ timeout: 15_000 });

    await expect.poll(async () => (await localCallLogs(page)).find((r) => r.id === live!.id)?.status).toBe('interrupted');
    const wrapUp = page.getByRole('region', { name: `Wrap-up: ${CUSTOMER}` });
    await expect(wrapUp.getByRole('textbox', { name: 'Call notes' })).toHaveValue(notes);
    await finishWrapUp(page, wrapUp, 'Complaint registered');

    await expect
      .poll(async () => {
        const record = (await localCallLogs(page)).find((r) => r.id === live!.id);
        return [record?.status, record?.syncState];
      }, { timeout: 60_000 })
      .toEqual(['completed', 'uploaded']);
    await expectHubHasExactly(request, center, page, [live!.id as string]);
    const stored = (await hubCallLogs(request, center, await hubToken(request, center.hub.url, 'agent1'))).find((r) => r.id === live!.id)!;
    expect(stored).toMatchObject({ status: 'completed', wrapUp: { notes, dispositionCode: 'complaint' } });
    expect(stored.interruption).not.toBeNull();
    await customer.hangUp().catch(() => undefined);
  });
});
