/**
 * Call-log benchmarks in Chromium, with the console's own modules against the real hub:
 *  - write: one call-log update (snapshot in → IndexedDB transaction committed), p50/p95
 *  - upload: a backlog of pending records (a hub that was down) uploaded after reconnect, end to end
 */
import { copyFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Page } from 'playwright-core';
import { build } from 'vite';
import { startHub } from '../test/support/hub-process';
import { CHROMIUM_PATH, chromiumArgs } from '../test/support/chromium';
import { summarize, throughput, writeResult, type Summary, type Throughput } from './stats';

async function bundlePage(outDir: string): Promise<void> {
  await build({
    configFile: false,
    root: join(import.meta.dirname, '..'),
    logLevel: 'warn',
    build: {
      outDir,
      emptyOutDir: true,
      minify: false,
      target: 'es2022',
      lib: { entry: { 'call-log-bench': join(import.meta.dirname, 'call-log-page/entry.ts') }, formats: ['es'], fileName: (_f, name) => `${name}.js` },
    },
  });
  copyFileSync(join(import.meta.dirname, 'call-log-page/index.html'), join(outDir, 'index.html'));
}

async function bench<T>(page: Page, method: string, ...args: unknown[]): Promise<T> {
  return page.evaluate(
    async ([m, a]) => {
      const api = (window as unknown as { bench: Record<string, (...x: unknown[]) => unknown> }).bench;
      return (await api[m]!(...a)) as T;
    },
    [method, args] as const,
  );
}


export async function benchCallLog(options: { calls: number; backlog: number }): Promise<Record<string, Summary | Throughput>> {
  const work = mkdtempSync(join(tmpdir(), 'bench-call-log-'));
  const pageDir = join(work, 'page');
  await bundlePage(pageDir);
  const hub = await startHub({ logDir: work, env: { HUB_STATIC_DIR: pageDir, HUB_LOG_LEVEL: 'warn' } });
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: chromiumArgs });
  try {
    const page = await browser.newPage();
    page.on('console', (message) => {
      if (message.type() === 'error') console.error(`  page: ${message.text()}`);
    });
    await page.goto(hub.url);
    await page.waitForFunction(() => (window as unknown as { benchReady?: boolean }).benchReady === true);

    const samples = await bench<number[]>(page, 'writeLatencies', options.calls);
    const round = (n: number) => Math.round(n * 100) / 100;
    const write = summarize(samples.map(round));

    const token = await bench<string>(page, 'login', 'agent1', 'demo1234');
    const upload = await bench<{ ms: number; batches: number; uploaded: number; sendMs: number }>(page, 'uploadBacklog', options.backlog, token);
    if (upload.uploaded !== options.backlog) throw new Error(`only ${upload.uploaded} of ${options.backlog} records were uploaded`);
    const figures = {
      'IndexedDB update (ms)': write,
      [`${options.backlog} pending → hub`]: throughput(options.backlog, 'records', upload.ms),
      // The part of it spent waiting for the hub's answers; the rest is the console reading and settling.
      'of which hub requests': throughput(options.backlog, 'records', upload.sendMs),
    };
    writeResult('call-log', { ...figures, batches: upload.batches });
    return figures;
  } finally {
    await browser.close();
    await hub.stop();
  }
}
