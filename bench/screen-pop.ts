/**
 * Screen-pop benchmark: the whole console in Chromium (web mode, served by the real hub) with the
 * real dev PBX, and a customer's test phone calling through the demo trunk.
 *  - pop: INVITE received by the console's user agent → the caller's card painted, p50/p95, with the
 *    customer book of `size` cached on the PC (the console's own change-feed sync fills the cache),
 *    and on a cache miss answered by the hub (customers created on the hub after the sync)
 *  - the seed and the first sync of the book, as throughputs
 * Both ends are User Timing marks the console makes (renderer/src/services/perf-marks.ts).
 */
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { chromium, type Page } from 'playwright-core';
import { systemClock } from '../hub/src/clock';
import { migrate } from '../hub/src/db/migrate';
import { openDb } from '../hub/src/db/open-db';
import { demoCustomer } from '../hub/src/seed/demo-customers';
import { seedDemo } from '../hub/src/seed/demo';
import { DEMO_PASSWORD } from '../hub/src/seed/demo-users';
import { normalizePhone } from '../shared/telephony/phone-number';
import { customerCall, openCustomerPhone, startCenter } from '../test/e2e/support/center';
import { readConsoleStore } from '../test/e2e/support/console-db';
import { CHROMIUM_PATH, chromiumArgs } from '../test/support/chromium';
import { randomFor } from '../hub/src/seed/prng';
import { logInReady } from './console';
import { summarize, throughput, writeResult, type Summary, type Throughput } from './stats';

const repoRoot = join(import.meta.dirname, '..');

interface Mark {
  name: string;
  startTime: number;
}

async function popMarks(page: Page): Promise<Mark[]> {
  return page.evaluate(() =>
    performance
      .getEntriesByType('mark')
      .filter((m) => m.name.startsWith('screen-pop:'))
      .map((m) => ({ name: m.name, startTime: m.startTime })),
  );
}

/** invite → painted per call, by where the card came from. */
function popTimes(marks: readonly Mark[]): { cache: number[]; hub: number[] } {
  const invites = new Map<string, number>();
  for (const m of marks) if (m.name.startsWith('screen-pop:invite:')) invites.set(m.name.slice('screen-pop:invite:'.length), m.startTime);
  const out = { cache: [] as number[], hub: [] as number[] };
  for (const m of marks) {
    if (!m.name.startsWith('screen-pop:painted:')) continue;
    const [callId, source] = m.name.slice('screen-pop:painted:'.length).split(':') as [string, 'cache' | 'hub'];
    const start = invites.get(callId);
    if (start !== undefined && (source === 'cache' || source === 'hub')) out[source].push(Math.round((m.startTime - start) * 10) / 10);
  }
  return out;
}

/** An E.164 number of demo customer `index`, as the trunk would present it. */
function numberOf(index: number): string | null {
  for (const raw of demoCustomer(index, new Date()).phones) {
    const phone = normalizePhone(raw);
    if (phone) return phone.e164;
  }
  return null;
}

async function waitForSync(page: Page, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const meta = await readConsoleStore(page, 'meta');
    if (meta.some((m) => m.key === 'customers.syncedAt')) return;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error('the customer cache did not catch up in time');
}

/**
 * A new, empty database on the PostgreSQL server of `serverUrl` for one run: a million customers
 * seed in minutes there, and PGlite has not been tried at that size.
 */
async function freshDatabase(serverUrl: string, name: string): Promise<string> {
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    await admin.query(`drop database if exists ${name}`);
    await admin.query(`create database ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

/** `BENCH_DATABASE_URL`: a PostgreSQL server to seed and run the hub on (one database per size); PGlite otherwise. */
export async function benchScreenPop(options: { sizes: number[]; calls: number; hubCalls: number }): Promise<Record<string, Summary | Throughput>> {
  if (!existsSync(join(repoRoot, 'out/renderer/index.html'))) {
    console.log('  building the console (npm run build)…');
    execFileSync('npx', ['electron-vite', 'build'], { cwd: repoRoot, stdio: 'inherit' });
  }
  const figures: Record<string, Summary | Throughput> = {};
  for (const size of options.sizes) {
    const work = mkdtempSync(join(tmpdir(), `bench-screen-pop-${size}-`));
    // Seeded before the hub starts: a million customers take longer than the hub's start-up wait.
    const server = process.env.BENCH_DATABASE_URL;
    const databaseUrl = server ? await freshDatabase(server, `bench_screen_pop_${size}`) : null;
    const db = await openDb({ databaseUrl, dataDir: work });
    await migrate(db);
    let started = performance.now();
    const seeded = await seedDemo(db, { clock: systemClock, customers: size });
    figures[`seed-${size}-${databaseUrl ? 'postgresql' : 'pglite'}`] = throughput(seeded.customers, 'customers', performance.now() - started);
    await db.close();
    console.log(`  ${size}: seeded in ${Math.round(performance.now() - started)} ms`);

    const center = await startCenter(work, { dataDir: work, demo: false, ...(databaseUrl ? { env: { HUB_DATABASE_URL: databaseUrl } } : {}) });
    const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: [...chromiumArgs, '--disable-renderer-backgrounding', '--disable-background-timer-throttling'] });
    try {
      const context = await browser.newContext({ permissions: ['microphone'] });
      // tsx compiles this file with esbuild's keepNames, so functions passed to page.evaluate call
      // `__name`, which only exists in Node: give the page a no-op one.
      await context.addInitScript('globalThis.__name = (fn) => fn;');
      // Main-thread tasks over 50 ms, to say where the time of a slow pop went (the ring's render).
      await context.addInitScript(
        'globalThis.__longTasks = []; new PerformanceObserver((list) => { for (const e of list.getEntries()) globalThis.__longTasks.push([e.startTime, e.duration]); }).observe({ type: "longtask", buffered: true });',
      );
      const page = await context.newPage();
      started = performance.now();
      await logInReady(page, center.hub.url);
      console.log(`  ${size}: logged in, the phone is registered`);
      await waitForSync(page, 30 * 60_000);
      figures[`first-sync-${size}`] = throughput(size, 'customers', performance.now() - started);
      console.log(`  ${size}: cache filled in ${Math.round(performance.now() - started)} ms`);

      // The customer's phone in a context of its own, and the console in front: an agent's console
      // is the window they look at, and Chromium throttles the frames of a tab in the background.
      const phone = await openCustomerPhone(await browser.newContext({ permissions: ['microphone'] }), center, 'bench-customer');
      await page.bringToFront();
      const random = randomFor(`bench-screen-pop:${size}`);
      const call = async (number: string) => {
        const before = (await popMarks(page)).filter((m) => m.name.startsWith('screen-pop:painted:')).length;
        await customerCall(phone, center, '1001', number);
        const deadline = Date.now() + 10_000;
        while ((await popMarks(page)).filter((m) => m.name.startsWith('screen-pop:painted:')).length === before) {
          if (Date.now() > deadline) throw new Error(`no card painted for ${number}`);
          await new Promise((resolve) => setTimeout(resolve, 50));
        }
        await phone.hangUp();
        await page.getByRole('button', { name: 'Answer' }).waitFor({ state: 'detached', timeout: 10_000 });
      };

      // BENCH_PROFILE_DIR: a CPU profile of the console during the cached pops, to open in Chrome's DevTools.
      const profileDir = process.env.BENCH_PROFILE_DIR;
      const cdp = profileDir ? await context.newCDPSession(page) : null;
      if (cdp) {
        await cdp.send('Profiler.enable');
        await cdp.send('Profiler.setSamplingInterval', { interval: 250 });
        await cdp.send('Profiler.start');
      }
      for (let i = 0; i < options.calls; i += 1) {
        const number = numberOf(Math.floor(random() * size));
        if (number) await call(number);
      }
      if (cdp && profileDir) {
        const { profile } = await cdp.send('Profiler.stop');
        mkdirSync(profileDir, { recursive: true });
        writeFileSync(join(profileDir, `screen-pop-${size}.cpuprofile`), JSON.stringify(profile));
      }
      // Created on the hub after the sync: the console's cache does not have them, the hub answers.
      if (options.hubCalls > 0) {
        const login = await fetch(`${center.hub.url}/api/v1/auth/login`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ username: 'supervisor1', password: DEMO_PASSWORD }),
        });
        const { token } = (await login.json()) as { token: string };
        for (let i = 0; i < options.hubCalls; i += 1) {
          const number = `+86186${String(Math.floor(random() * 1e8)).padStart(8, '0')}`;
          const created = await fetch(`${center.hub.url}/api/v1/customers`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
            body: JSON.stringify({ id: crypto.randomUUID(), name: `基准客户${i}`, phones: [number] }),
          });
          if (!created.ok) throw new Error(`could not create a customer: ${created.status} ${await created.text()}`);
          await call(number);
        }
      }
      const marks = await popMarks(page);
      const times = popTimes(marks);
      // The long task that was running when each INVITE arrived (the phone's and React's work on the ring).
      const longTasks = await page.evaluate(() => (globalThis as unknown as { __longTasks: [number, number][] }).__longTasks);
      const ringTasks = marks
        .filter((m) => m.name.startsWith('screen-pop:invite:'))
        .map((m) => longTasks.find(([start, duration]) => start <= m.startTime + 1 && m.startTime <= start + duration)?.[1] ?? 0);
      figures[`ring-main-thread-task-${size}`] = summarize(ringTasks.map((ms) => Math.round(ms)));
      figures[`pop-cached-${size}`] = summarize(times.cache);
      if (times.hub.length > 0) figures[`pop-hub-${size}`] = summarize(times.hub);
    } finally {
      await browser.close();
      await center.stop();
    }
  }
  writeResult('screen-pop', figures);
  return figures;
}
