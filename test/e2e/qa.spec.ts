import type { Browser, Page } from '@playwright/test';
import { AssessorListSchema, EvaluationSchema, ReviewListSchema, SamplingRunSchema, type Review, type SamplingRules } from '../../shared/api/qa';
import { expect, expectNoSeriousA11yViolations, logIn, test } from './support/fixtures';
import { login } from './support/recording-api';
import { seedCall } from './support/qa-seed';

/**
 * Quality assessment end to end against the real hub: recorded calls uploaded as consoles upload
 * them (call log, analysis, tus), a sampling run under known rules, an assessor scoring one call in
 * the console (player, scorecard, a comment pinned to a moment) and submitting it, the hub refusing
 * any change after that, the agent acknowledging it, and another agent never reaching it.
 */

/** Every risk rule off but two, so what a run must pick follows from the calls alone. */
const RULES: SamplingRules = {
  randomPerAgent: 1,
  risk: [
    { kind: 'low_satisfaction', enabled: false, threshold: 2, perAgent: 0 },
    { kind: 'complaint', enabled: false, threshold: 0, perAgent: 0 },
    { kind: 'short_call', enabled: true, threshold: 30, perAgent: 0 },
    { kind: 'long_call', enabled: false, threshold: 3600, perAgent: 0 },
    { kind: 'long_hold', enabled: true, threshold: 60, perAgent: 0 },
  ],
};

const json = (token: string) => ({ authorization: `Bearer ${token}`, 'content-type': 'application/json' });

async function api<T>(url: string, token: string, init: { method?: string; body?: unknown } = {}, parse?: (value: unknown) => T): Promise<T> {
  const response = await fetch(url, { method: init.method ?? 'GET', headers: json(token), ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }) });
  const body: unknown = await response.json().catch(() => null);
  if (!response.ok) throw new Error(`${init.method ?? 'GET'} ${url}: ${response.status} ${JSON.stringify(body)}`);
  return parse ? parse(body) : (body as T);
}

/** Puts RULES in force for the test and gives back what was there before. */
async function withRules(hubUrl: string): Promise<() => Promise<void>> {
  const admin = await login(hubUrl, 'admin');
  const before = await api<SamplingRules>(`${hubUrl}/api/v1/qa/sampling-rules`, admin);
  await api(`${hubUrl}/api/v1/qa/sampling-rules`, admin, { method: 'PUT', body: RULES });
  return async () => void (await api(`${hubUrl}/api/v1/qa/sampling-rules`, admin, { method: 'PUT', body: before }));
}

async function sample(hubUrl: string, from: string, to: string, seed: string) {
  const supervisor = await login(hubUrl, 'supervisor1');
  const { assessors } = await api(`${hubUrl}/api/v1/qa/assessors`, supervisor, {}, (v) => AssessorListSchema.parse(v));
  const qa1 = assessors.find((a) => a.username === 'qa1')!;
  const run = await api(`${hubUrl}/api/v1/qa/sampling-runs`, supervisor, { method: 'POST', body: { from, to, assessorIds: [qa1.id], seed } }, (v) => SamplingRunSchema.parse(v));
  return run;
}

async function myReviews(hubUrl: string, token: string): Promise<Review[]> {
  return (await api(`${hubUrl}/api/v1/qa/reviews?scope=mine&limit=500`, token, {}, (v) => ReviewListSchema.parse(v))).reviews;
}

/** Noon UTC of `day`: the same calendar day in any centre's time zone within ±11 h. */
const at = (day: string, minute: number) => new Date(Date.parse(`${day}T12:00:00.000Z`) + minute * 60_000);

async function consoleOf(browser: Browser, hubUrl: string, username: string): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await logIn(page, hubUrl, username);
  await expect(page.getByRole('navigation')).toBeVisible();
  return page;
}

/** Full marks on every item: the highest points of an ordinary item, Pass on a fatal one. */
async function scoreAll(page: Page) {
  const items = page.getByTestId('qa-score-item');
  const count = await items.count();
  expect(count).toBeGreaterThan(0);
  for (let i = 0; i < count; i += 1) {
    const item = items.nth(i);
    if ((await item.getByRole('combobox').count()) > 0) {
      const weight = /(\d+) points/.exec(await item.innerText())?.[1];
      expect(weight).toBeDefined();
      const combobox = item.getByRole('combobox');
      // A click on an option can be lost while another item's list is still closing (seen once in
      // CI on a loaded machine): pick, check the item shows it, and pick again if it does not.
      await expect(async () => {
        await combobox.click();
        // This item's own list: closed lists of the items before it stay in the page.
        const list = await combobox.getAttribute('aria-controls');
        await page.locator(`[role="option"][id^="${list}_"][title="${weight} points"]`).click({ timeout: 5_000 });
        await expect(item.locator('.ant-select-content')).toHaveAttribute('title', `${weight} points`, { timeout: 2_000 });
      }).toPass({ timeout: 20_000 });
    } else {
      await item.getByRole('radio', { name: 'Pass' }).check();
      await expect(item.getByRole('radio', { name: 'Pass' })).toBeChecked();
    }
  }
  // Every item has its value: the console no longer counts any as missing.
  await expect(page.getByTestId('qa-submit')).toBeEnabled();
}

test.describe('quality assessment', () => {
  test.describe.configure({ timeout: 150_000 });

  test('picks the risky calls and one more per agent at random, only recorded calls of the period, and queues them for the assessor', async ({ hub, browser }) => {
    const restore = await withRules(hub.url);
    try {
      const agent1 = await login(hub.url, 'agent1');
      const agent2 = await login(hub.url, 'agent2');
      const day = '2026-03-11';
      const short = await seedCall(hub.url, agent1, { startedAt: at(day, 0), talkSeconds: 15 });
      const held = await seedCall(hub.url, agent1, { startedAt: at(day, 10), talkSeconds: 200, holdSeconds: 90 });
      const plain = [await seedCall(hub.url, agent1, { startedAt: at(day, 20), talkSeconds: 200 }), await seedCall(hub.url, agent1, { startedAt: at(day, 30), talkSeconds: 240 })];
      const other = await seedCall(hub.url, agent2, { startedAt: at(day, 40), talkSeconds: 180 });
      // Neither is a candidate: no recording, and a day outside the period.
      const unrecorded = await seedCall(hub.url, agent2, { startedAt: at(day, 50), talkSeconds: 10, recorded: false });
      const outside = await seedCall(hub.url, agent1, { startedAt: at('2026-03-09', 0), talkSeconds: 10 });

      const run = await sample(hub.url, '2026-03-10', '2026-03-12', 'e2e-sampling');
      expect(run.candidates).toBe(5);
      expect(run.picked).toBe(4);
      expect(run.byReason).toMatchObject({ short_call: 1, long_hold: 1, random: 2 });

      const qa1 = await login(hub.url, 'qa1');
      const mine = await myReviews(hub.url, qa1);
      const reasonsOf = (callId: string) => mine.find((r) => r.callId === callId)?.reasons ?? null;
      expect(reasonsOf(short)).toEqual(['short_call']);
      expect(reasonsOf(held)).toEqual(['long_hold']);
      expect(reasonsOf(other)).toEqual(['random']);
      expect(plain.map(reasonsOf).filter((r) => r !== null)).toEqual([['random']]);
      expect(reasonsOf(unrecorded)).toBeNull();
      expect(reasonsOf(outside)).toBeNull();

      // The same run again finds nothing new: a call is sampled once.
      const again = await sample(hub.url, '2026-03-10', '2026-03-12', 'e2e-sampling-2');
      expect(again.candidates).toBe(1);
      expect(again.picked).toBe(1);

      // The assessor's queue in the console lists them, with why each was taken.
      const page = await consoleOf(browser, hub.url, 'qa1');
      await page.getByRole('navigation').getByRole('menuitem', { name: 'Review queue' }).click();
      for (const callId of [short, held, other]) {
        const review = mine.find((r) => r.callId === callId)!;
        await expect(page.locator(`[data-testid="qa-open-review"][data-review-id="${review.id}"]`)).toHaveCount(1);
      }
      const row = page.getByRole('row').filter({ has: page.locator(`[data-review-id="${mine.find((r) => r.callId === held)!.id}"]`) });
      await expect(row).toContainText('Long hold');
    } finally {
      await restore();
    }
  });

  test('an assessor scores a call with a comment at a moment and submits it read-only; the agent acknowledges; another agent never reaches it', async ({ hub, browser }) => {
    const restore = await withRules(hub.url);
    try {
      const agent1 = await login(hub.url, 'agent1');
      const callId = await seedCall(hub.url, agent1, { startedAt: at('2026-04-14', 0), talkSeconds: 12 });
      const run = await sample(hub.url, '2026-04-14', '2026-04-14', 'e2e-scoring');
      expect(run.picked).toBe(1);
      const qa1 = await login(hub.url, 'qa1');
      const review = (await myReviews(hub.url, qa1)).find((r) => r.callId === callId)!;
      expect(review.status).toBe('open');

      // The assessor opens it from the queue; the recording plays in the player.
      const page = await consoleOf(browser, hub.url, 'qa1');
      await page.getByRole('navigation').getByRole('menuitem', { name: 'Review queue' }).click();
      await page.locator(`[data-testid="qa-open-review"][data-review-id="${review.id}"]`).click();
      const player = page.getByTestId('qa-player');
      await expect(player).toHaveAttribute('data-state', 'ready', { timeout: 15_000 });
      await player.getByRole('button', { name: 'Play' }).click();
      const time = page.getByTestId('qa-player-time');
      await expect.poll(async () => Number(await time.getAttribute('data-current-ms')), { timeout: 10_000 }).toBeGreaterThan(1_000);
      await player.getByRole('button', { name: 'Pause' }).click();
      const commentAt = Number(await time.getAttribute('data-current-ms'));

      await scoreAll(page);
      await expect(page.getByTestId('qa-total')).toHaveAttribute('data-total', '100');
      await page.getByLabel('Comment', { exact: true }).fill('开场问候规范');
      await page.getByRole('button', { name: 'Add comment at current time' }).click();
      const comment = page.getByTestId('qa-comment');
      await expect(comment).toHaveCount(1);
      // The moment the player was at, give or take the last time update.
      expect(Math.abs(Number(await comment.getAttribute('data-at-ms')) - commentAt)).toBeLessThan(300);
      await page.getByLabel('Summary').fill('整体规范。');
      // The whole workspace (player, markers, measures, scorecard, comments) readable and labelled.
      await expectNoSeriousA11yViolations(page);
      await page.getByTestId('qa-submit').click();
      await page.locator('.ant-popconfirm').getByRole('button', { name: 'Submit' }).click();
      await expect(page.getByTestId('qa-read-only-banner')).toBeVisible();
      await expect(page.getByTestId('qa-submit')).toHaveCount(0);
      await expect(page.getByTestId('qa-score-item').first().getByRole('combobox')).toBeDisabled();
      await expect(page.getByRole('button', { name: 'Add comment at current time' })).toHaveCount(0);
      await expectNoSeriousA11yViolations(page);

      // What the hub holds, and its refusal of any change now.
      const submitted = (await myReviews(hub.url, qa1)).find((r) => r.id === review.id)!;
      expect(submitted.status).toBe('submitted');
      const evaluation = await api(`${hub.url}/api/v1/qa/evaluations/${submitted.evaluationId}`, qa1, {}, (v) => EvaluationSchema.parse(v));
      expect(evaluation).toMatchObject({ status: 'submitted', total: 100, summary: '整体规范。' });
      expect(evaluation.comments.map((c) => c.text)).toEqual(['开场问候规范']);
      const put = await fetch(`${hub.url}/api/v1/qa/reviews/${review.id}/evaluation`, {
        method: 'PUT',
        headers: json(qa1),
        body: JSON.stringify({ scores: evaluation.scores, comments: [], summary: '改过', submit: false, expectedVersion: evaluation.version }),
      });
      expect(put.status).toBe(409);
      expect(((await put.json()) as { error: string }).error).toBe('read_only');
      const unchanged = await api(`${hub.url}/api/v1/qa/evaluations/${evaluation.id}`, qa1, {}, (v) => EvaluationSchema.parse(v));
      expect(unchanged.summary).toBe('整体规范。');
      expect(unchanged.version).toBe(evaluation.version);

      // The agent finds it among their evaluations, replays it, and acknowledges it.
      const agentPage = await consoleOf(browser, hub.url, 'agent1');
      await agentPage.getByRole('navigation').getByRole('menuitem', { name: 'My evaluations' }).click();
      await agentPage.locator(`[data-testid="qa-open-evaluation"][data-evaluation-id="${evaluation.id}"]`).click();
      await expect(agentPage.getByTestId('qa-player')).toHaveAttribute('data-state', 'ready', { timeout: 15_000 });
      await expect(agentPage.getByTestId('qa-comment')).toContainText('开场问候规范');
      await expectNoSeriousA11yViolations(agentPage);
      await agentPage.getByRole('button', { name: 'Acknowledge' }).click();
      await expect(agentPage.getByTestId('qa-response-status')).toHaveAttribute('data-status', 'acknowledged');
      const answered = await api(`${hub.url}/api/v1/qa/evaluations/${evaluation.id}`, agent1, {}, (v) => EvaluationSchema.parse(v));
      expect(answered.agentResponse.status).toBe('acknowledged');

      // Another agent: the hub says there is no such evaluation, and the console never lists it.
      const agent2 = await login(hub.url, 'agent2');
      const foreign = await fetch(`${hub.url}/api/v1/qa/evaluations/${evaluation.id}`, { headers: json(agent2) });
      expect(foreign.status).toBe(404);
      const listed = await api<{ evaluations: { id: string }[] }>(`${hub.url}/api/v1/qa/evaluations`, agent2);
      expect(listed.evaluations.map((e) => e.id)).not.toContain(evaluation.id);
      const otherPage = await consoleOf(browser, hub.url, 'agent2');
      await otherPage.getByRole('navigation').getByRole('menuitem', { name: 'My evaluations' }).click();
      const list = otherPage.getByTestId('qa-evaluation-list');
      await expect(list).toBeVisible();
      await expect(list.locator('.ant-spin-spinning')).toHaveCount(0);
      await expect(otherPage.locator(`[data-evaluation-id="${evaluation.id}"]`)).toHaveCount(0);
      // Nor by its address: the detail does not load.
      await otherPage.evaluate((id) => (window.location.hash = `#/evaluations/${id}`), evaluation.id);
      await expect(otherPage.getByTestId('qa-evaluation-detail').getByRole('alert')).toContainText('Could not load the evaluations');
      await expect(otherPage.getByTestId('qa-player')).toHaveCount(0);
    } finally {
      await restore();
    }
  });
});
