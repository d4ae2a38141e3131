import type { APIRequestContext, Page } from '@playwright/test';
import { CallLogRecordSchema } from '../../shared/api/call-logs';
import { countConsoleStore, readConsoleStore, uploadShape, type Json } from './support/console-db';
import { expect, expectNoSeriousA11yViolations, hubToken, logIn, test } from './support/fixtures';

/*
 * The call history and the upload status, against the real hub but without calls: the agent's own
 * IndexedDB is filled from the page, as the console's recorder would have left it, through the
 * browser's indexedDB API (no hook in the product). Dexie does not see writes made behind its back,
 * so every check opens the history after seeding, the way an agent coming back to the PC would.
 */

/** What to seed; the records themselves are built in the page, 100 000 of them cost nothing to send. */
interface SeedPlan {
  count: number;
  /** ms: the newest call's start; the others are `spacingMs` apart, older and older. */
  newestAt: number;
  spacingMs: number;
  syncState: 'pending' | 'uploaded' | 'rejected';
  /** `completed` unless said otherwise: `ended` and `interrupted` calls wait for wrap-up. */
  status?: 'completed' | 'ended' | 'interrupted';
  dispositionCode: string | null;
  /** Index 0 is the oldest record; it gets this number and name so that it can be found. */
  oldest?: { number: string; displayName: string };
  rejection?: { status: number; code: string; message: string; field?: string };
}


/** Runs in the page: writes the plan's records (and their outbox entries when pending) in big transactions. */
async function seedInPage(plan: SeedPlan): Promise<string[]> {
  const names = (await indexedDB.databases()).map((d) => d.name ?? '').filter((n) => n.startsWith('callcenter-console.'));
  if (names.length !== 1) throw new Error(`expected one console database, found ${names.join(', ') || 'none'}`);
  const db = await new Promise<IDBDatabase>((resolve, reject) => {
    const request = indexedDB.open(names[0]!);
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
  const FAMILY = ['张', '王', '李', '赵', '刘', '陈', '杨', '黄'];
  const GIVEN = ['伟', '芳', '娜', '敏', '静', '磊', '洋', '勇'];
  const hex = (n: number, width: number) => n.toString(16).padStart(width, '0');
  const random = new Uint32Array(2);
  const iso = (ms: number) => new Date(ms).toISOString();
  // Every suffix of the normalised number and name, as call-log-model.ts searchKeysOf makes them.
  const suffixes = (number: string, name: string) => {
    const keys = new Set<string>();
    for (const text of [number, name].map((x) => x.toLowerCase().replace(/[\s-]/g, ''))) for (let i = 0; i < text.length; i += 1) keys.add(text.slice(i));
    return [...keys];
  };

  const ids: string[] = [];
  // Big transactions with relaxed durability: the searchKeys multi-entry index (a dozen entries a
  // record) is most of the cost, and no test needs the writes flushed to disk before they commit.
  const CHUNK = 10_000;
  for (let start = 0; start < plan.count; start += CHUNK) {
    const end = Math.min(plan.count, start + CHUNK);
    await new Promise<void>((resolve, reject) => {
      const stores = plan.syncState === 'pending' ? ['callLogs', 'outbox'] : ['callLogs'];
      const tx = db.transaction(stores, 'readwrite', { durability: 'relaxed' });
      const callLogs = tx.objectStore('callLogs');
      for (let i = start; i < end; i += 1) {
        const startedMs = plan.newestAt - (plan.count - 1 - i) * plan.spacingMs;
        crypto.getRandomValues(random);
        // UUIDv7: the start time in the first 48 bits, so that id order is start order (historyIds relies on it).
        const time = hex(startedMs, 12);
        const id = `${time.slice(0, 8)}-${time.slice(8, 12)}-7${hex(random[0]! & 0xfff, 3)}-${hex(0x8000 | (random[1]! & 0x3fff), 4)}-${hex(i, 6)}${hex(random[0]! >>> 8, 6)}`;
        const special = i === 0 ? plan.oldest : undefined;
        const number = special?.number ?? `138${String(i).padStart(8, '0')}`;
        const displayName = special?.displayName ?? `${FAMILY[i % FAMILY.length]}${GIVEN[Math.floor(i / FAMILY.length) % GIVEN.length]}`;
        const answeredMs = startedMs + 4_000;
        const endedMs = answeredMs + 30_000 + (i % 600) * 1_000;
        const doneMs = endedMs + 20_000;
        const version = 5;
        const status = plan.status ?? 'completed';
        const completed = status === 'completed';
        const interrupted = status === 'interrupted';
        const first = { seq: 0, type: i % 5 === 0 ? 'dialing' : 'ringing', at: iso(startedMs) };
        const answered = { seq: 1, type: 'answered', at: iso(answeredMs) };
        callLogs.put({
          id,
          version,
          direction: i % 5 === 0 ? 'outbound' : 'inbound',
          status,
          remote: { number, displayName },
          ivrChoice: i % 5 === 0 ? null : 'consult',
          startedAt: iso(startedMs),
          answeredAt: iso(answeredMs),
          // Interrupted: the console died mid-call, so the end is unknown (call-log-model.ts markInterrupted).
          endedAt: interrupted ? null : iso(endedMs),
          endedBy: interrupted ? 'system' : 'remote',
          endCause: interrupted ? 'console closed during the call' : 'BYE',
          interruption: interrupted ? { lastSeenAt: iso(endedMs), detectedAt: iso(doneMs) } : null,
          holdSeconds: 0,
          transfers: [],
          customerId: null,
          wrapUp: completed
            ? { dispositionCode: plan.dispositionCode, notes: i % 3 === 0 ? '客户咨询套餐资费，已解答。' : '', doneAt: iso(doneMs) }
            : { dispositionCode: null, notes: '', doneAt: null },
          script: null,
          scriptAnswers: [],
          ticketIds: [],
          events: interrupted
            ? [first, answered, { seq: 2, type: 'interrupted', at: iso(doneMs), detail: { lastSeenAt: iso(endedMs) } }]
            : [
                first,
                answered,
                { seq: 2, type: 'ended', at: iso(endedMs), detail: { by: 'remote', cause: 'BYE' } },
                ...(completed && plan.dispositionCode ? [{ seq: 3, type: 'disposition_set', at: iso(doneMs - 1_000), detail: { code: plan.dispositionCode } }] : []),
                ...(completed ? [{ seq: 4, type: 'wrap_up_done', at: iso(doneMs) }] : []),
              ],
          syncState: plan.syncState,
          uploadedVersion: plan.syncState === 'uploaded' ? version : 0,
          rejection: plan.rejection ? { ...plan.rejection, at: doneMs + 1_000 } : null,
          lastSeenAt: endedMs,
          updatedAt: doneMs,
          searchKeys: suffixes(number, displayName),
        });
        if (plan.syncState === 'pending') {
          tx.objectStore('outbox').put({ kind: 'call-log', key: id, version, enqueuedAt: doneMs, attempts: 0, lastError: null });
        }
        ids.push(id);
      }
      tx.oncomplete = () => resolve();
      tx.onerror = () => reject(tx.error);
      tx.onabort = () => reject(tx.error ?? new Error('seeding transaction aborted'));
    });
  }
  db.close();
  return ids;
}

async function expectValidUploadRecords(page: Page, ids: string[]) {
  for (const stored of await readConsoleStore(page, 'callLogs', ids)) {
    const upload = uploadShape(stored);
    expect(CallLogRecordSchema.safeParse(upload).error?.issues ?? []).toEqual([]);
  }
}

/** A disposition the hub knows, so that uploads are not refused for it. */
async function knownDisposition(request: APIRequestContext, hubUrl: string, token: string): Promise<{ code: string; label: string }> {
  const response = await request.get(`${hubUrl}/api/v1/phone/config`, { headers: { authorization: `Bearer ${token}` } });
  expect(response.status()).toBe(200);
  const config = (await response.json()) as { dispositionCodes: { code: string; label: { 'en-US': string } }[] };
  const first = config.dispositionCodes[0];
  if (!first) throw new Error('the demo hub has no disposition codes');
  return { code: first.code, label: first.label['en-US'] };
}

/** Logged in, with the console's database open (the header says so). */
async function openConsole(page: Page, hubUrl: string, username: string) {
  await logIn(page, hubUrl, username);
  await expect(page.getByRole('status', { name: 'Call logs: all uploaded' })).toBeVisible({ timeout: 15_000 });
}

const openHistory = (page: Page) => page.getByRole('navigation').getByRole('menuitem', { name: 'Call history' }).click();
const historyList = (page: Page) => page.getByRole('list', { name: 'Calls on this PC' });
const uploadBar = (page: Page) => page.getByRole('region', { name: 'Upload to the hub' });

test.describe('call history', () => {
  test('lists 100 000 calls smoothly, scrolls to the oldest and finds it by part of its number', async ({ page, hub, request }) => {
    test.setTimeout(240_000);
    const token = await hubToken(request, hub.url, 'agent1');
    const disposition = await knownDisposition(request, hub.url, token);
    await openConsole(page, hub.url, 'agent1');
    // The console is closed while its database fills (as between two shifts), so nothing in the page
    // competes with the writes; it then opens again, straight onto the history, and reads it fresh.
    await page.goto(`${hub.url}/healthz`);

    const seededAt = Date.now();
    const ids = await page.evaluate(seedInPage, {
      count: 100_000,
      newestAt: seededAt - 60 * 60 * 1000,
      // 100 000 calls 20 s apart: 23 days, inside the 30 days uploaded calls are kept.
      spacingMs: 20_000,
      syncState: 'uploaded',
      dispositionCode: disposition.code,
      oldest: { number: '13912345678', displayName: '最早的客户' },
    } satisfies SeedPlan);
    test.info().annotations.push({ type: 'seeding', description: `100 000 records in ${Date.now() - seededAt} ms` });
    await expectValidUploadRecords(page, [ids[0]!, ids[1]!, ids[ids.length - 1]!]);

    await page.goto(`${hub.url}/?lang=en-US#/history`);
    await expect(page.getByRole('main').getByRole('heading', { level: 1 })).toHaveText('Call history');
    await expect(page.getByRole('status').filter({ hasText: '100,000 calls' })).toBeVisible({ timeout: 20_000 });
    const list = historyList(page);
    const first = list.getByRole('listitem').first();
    await expect(first).toHaveAttribute('aria-setsize', '100000');
    await expect(first).toHaveAttribute('aria-posinset', '1');
    await expect(first).toContainText('13800099999');
    await expect(first).toContainText(disposition.label);
    await expect(first).toContainText('Uploaded');
    // Virtualised: a screenful of rows is in the page, not 100 000.
    expect(await list.getByRole('listitem').count()).toBeLessThan(80);

    await expectNoSeriousA11yViolations(page);

    // To the bottom: the oldest call is the last item, read from the database only now.
    await list.evaluate((el) => {
      const scroller = el.parentElement!;
      scroller.scrollTop = scroller.scrollHeight;
    });
    const last = list.locator('[aria-posinset="100000"]');
    await expect(last).toBeVisible();
    await expect(last).toContainText('13912345678');
    await expect(last).toContainText('最早的客户');
    expect(await list.getByRole('listitem').count()).toBeLessThan(80);

    // Part of the number, from its middle.
    await page.getByLabel('Search by number or name').fill('1234567');
    await expect(page.getByRole('status').filter({ hasText: /^1 call$/ })).toBeVisible();
    await expect(list.getByRole('listitem')).toHaveCount(1);
    await expect(list.getByRole('listitem')).toContainText('13912345678');

    // And by name.
    await page.getByLabel('Search by number or name').fill('最早');
    await expect(list.getByRole('listitem')).toHaveCount(1);
    await expect(list.getByRole('listitem')).toContainText('13912345678');
  });

  test('shows why the hub refused a record and sends it again from its details', async ({ page, hub, request }) => {
    const token = await hubToken(request, hub.url, 'agent2');
    const disposition = await knownDisposition(request, hub.url, token);
    await openConsole(page, hub.url, 'agent2');
    const message = 'records.0.wrapUp.dispositionCode: unknown disposition code "retired"';
    const [id] = await page.evaluate(seedInPage, {
      count: 1,
      newestAt: Date.now() - 10 * 60 * 1000,
      spacingMs: 1,
      syncState: 'rejected',
      // Since fixed on this PC (the record's current version): sending it again succeeds.
      dispositionCode: disposition.code,
      oldest: { number: '13700001111', displayName: '王先生' },
      rejection: { status: 400, code: 'validation', message, field: 'records.0.wrapUp.dispositionCode' },
    } satisfies SeedPlan);
    await expectValidUploadRecords(page, [id!]);

    await openHistory(page);
    const row = historyList(page).getByRole('listitem').filter({ hasText: '13700001111' });
    await expect(row).toContainText('Rejected: invalid record');
    await row.getByRole('button').click();

    const drawer = page.getByRole('dialog', { name: 'Call with 13700001111' });
    await expect(drawer).toBeVisible();
    await expect(drawer).toContainText('The hub refused this record: invalid record');
    await expect(drawer).toContainText(message);
    await expect(drawer).toContainText('Field: records.0.wrapUp.dispositionCode');
    // The events, in words (the first seeded call is an outgoing one).
    const events = drawer.getByRole('region', { name: 'Events' }).getByRole('listitem');
    await expect(events).toHaveText([/Dialling$/, /Answered$/, /Call ended · The other side hung up$/, /Disposition chosen · /, /Wrap-up finished$/]);
    await expectNoSeriousA11yViolations(page);

    await drawer.getByRole('button', { name: 'Send again' }).click();
    await expect(drawer.getByRole('button', { name: 'Send again' })).toHaveCount(0, { timeout: 30_000 });
    await expect(drawer).toContainText('Uploaded', { timeout: 30_000 });
    await page.keyboard.press('Escape');
    await expect(row).toContainText('Uploaded');
    await expect(page.getByRole('status', { name: 'Call logs: all uploaded' })).toBeVisible();
  });

  test('shows the records waiting for a hub that cannot be reached, and uploads them once it can', async ({ page, hub, request }) => {
    const token = await hubToken(request, hub.url, 'callback1');
    const disposition = await knownDisposition(request, hub.url, token);
    await openConsole(page, hub.url, 'callback1');
    // The hub's upload route is unreachable for now; the rest of the hub answers.
    await page.route('**/api/v1/call-logs/batch', (route) => route.abort('connectionrefused'));
    const ids = await page.evaluate(seedInPage, {
      count: 3,
      newestAt: Date.now() - 5 * 60 * 1000,
      spacingMs: 60_000,
      syncState: 'pending',
      dispositionCode: disposition.code,
    } satisfies SeedPlan);
    await expectValidUploadRecords(page, ids);

    await openHistory(page);
    const bar = uploadBar(page);
    const rows = historyList(page).getByRole('listitem');
    await expect(rows).toHaveCount(3);
    await expect(rows.filter({ hasText: 'Waiting to upload' })).toHaveCount(3);

    await bar.getByRole('button', { name: 'Upload now' }).click();
    await expect(bar).toContainText('Waiting to upload: 3');
    await expect(bar).toContainText('The hub cannot be reached; next attempt at');
    await expect(bar).toContainText('Last error:');
    await expect(page.getByRole('status', { name: 'Call logs: 3 waiting to upload' })).toBeVisible();
    await expect(bar).toContainText(/Storage on this PC: .* used|Storage on this PC: usage unknown/);
    await expect(bar).toContainText('Uploaded calls are kept on this PC for 30 days.');
    // Off the button just clicked, and its colour settled: antd's hover blue is a passing state.
    await page.mouse.move(0, 0);
    await expect(bar.getByRole('button', { name: 'Upload now' })).toHaveCSS('color', 'rgba(0, 0, 0, 0.88)');
    await expectNoSeriousA11yViolations(page);

    await page.unroute('**/api/v1/call-logs/batch');
    await bar.getByRole('button', { name: 'Upload now' }).click();
    await expect(bar).toContainText('Waiting to upload: 0', { timeout: 30_000 });
    await expect(bar).toContainText('All calls uploaded; last upload at');
    await expect(rows.filter({ hasText: 'Uploaded' })).toHaveCount(3);
    await expect(page.getByRole('status', { name: 'Call logs: all uploaded' })).toBeVisible();

    // The hub has them.
    const response = await request.get(`${hub.url}/api/v1/call-logs?limit=50`, { headers: { authorization: `Bearer ${token}` } });
    expect(response.status()).toBe(200);
    const onHub = ((await response.json()) as { items: Json[] }).items.map((r) => r.id);
    expect(onHub).toEqual(expect.arrayContaining(ids));
  });

  test('wraps up the calls left waiting, keeping what was typed across a reload', async ({ page, hub, request }) => {
    const token = await hubToken(request, hub.url, 'agent2');
    const disposition = await knownDisposition(request, hub.url, token);
    await openConsole(page, hub.url, 'agent2');
    await page.goto(`${hub.url}/healthz`);
    const now = Date.now();
    const [interruptedId] = await page.evaluate(seedInPage, {
      count: 1,
      newestAt: now - 30 * 60 * 1000,
      spacingMs: 1,
      syncState: 'pending',
      status: 'interrupted',
      dispositionCode: null,
      oldest: { number: '13600000001', displayName: '' },
    } satisfies SeedPlan);
    const [endedId] = await page.evaluate(seedInPage, {
      count: 1,
      newestAt: now - 5 * 60 * 1000,
      spacingMs: 1,
      syncState: 'pending',
      status: 'ended',
      dispositionCode: null,
      oldest: { number: '13600000002', displayName: '李女士' },
    } satisfies SeedPlan);
    await expectValidUploadRecords(page, [interruptedId!, endedId!]);
    await page.goto(`${hub.url}/?lang=en-US`);

    // The newest waiting call is open; the older one is listed, closed.
    const newest = page.getByRole('region', { name: 'Wrap-up: 13600000002' });
    const older = page.getByRole('region', { name: 'Wrap-up: 13600000001' });
    await expect(newest.getByLabel('Call notes')).toBeVisible();
    await expect(older.getByRole('button', { name: 'Open' })).toHaveAttribute('aria-expanded', 'false');
    await expect(older.getByLabel('Call notes')).toHaveCount(0);

    // The disposition is required; the notes are not.
    await newest.getByRole('button', { name: 'Finish wrap-up' }).click();
    await expect(newest.getByRole('alert')).toHaveText('Choose a disposition to finish the wrap-up.');
    await newest.getByRole('combobox', { name: 'Disposition' }).click();
    await page.getByRole('option', { name: disposition.label }).click();
    await newest.getByLabel('Call notes').fill('客户询问退款进度，已告知三个工作日内到账。');
    await expect(newest.getByRole('alert')).toHaveCount(0);
    await page.mouse.move(0, 0);
    await expectNoSeriousA11yViolations(page);

    // A reload keeps both: they were saved as a draft.
    await expect.poll(() => countConsoleStore(page, 'drafts')).toBe(1);
    await page.reload();
    await expect(newest.getByLabel('Call notes')).toHaveValue('客户询问退款进度，已告知三个工作日内到账。');
    await expect(newest.getByRole('combobox', { name: 'Disposition' }).locator('..')).toContainText(disposition.label);

    await newest.getByRole('button', { name: 'Finish wrap-up' }).click();
    await expect(page.getByText('Wrap-up finished: 13600000002')).toBeVisible();
    await expect(newest).toHaveCount(0);

    // The interrupted call is the newest left: open, and saying what is not known about it.
    await expect(older).toContainText('The console closed during this call, so the time it ended is unknown.');
    await expect(older).toContainText('Last known to be in progress at');
    await expect(older.getByLabel('Call notes')).toBeVisible();

    await page.getByRole('navigation').getByRole('menuitem', { name: 'Call history' }).click();
    const rows = historyList(page).getByRole('listitem');
    await expect(rows.filter({ hasText: '13600000002' })).toContainText('Completed');
    await expect(rows.filter({ hasText: '13600000002' })).toContainText(disposition.label);
    await expect(rows.filter({ hasText: '13600000001' })).toContainText('Interrupted');
    await expect(rows.filter({ hasText: '13600000001' })).toContainText('at least 00:');
    await expect(rows.filter({ hasText: '13600000002' })).toContainText('Uploaded', { timeout: 30_000 });
  });
});
