/**
 * What recording costs the agent's PC during a call: the whole console in Chromium (web mode,
 * served by the real hub) in a call through the real dev PBX with a customer's test phone, both
 * sides speaking a tone. Over a stretch of the call, the CPU time of the console's browser processes
 * (SystemInfo.getProcessInfo over CDP: the renderer, where the recording graph and MediaRecorder
 * run; the audio service, where capture and the audio thread run; and all of them together) as a
 * share of one core, with recording and without.
 *
 * Without: the console has no switch to stop recording (every call is recorded), so the page is
 * given a MediaRecorder whose constructor throws; the console's recorder then gives up at its start
 * and tears its audio graph down, and the call goes on unrecorded, as on a browser without
 * MediaRecorder. Rounds alternate without / with, so a drift of the machine's load hits both.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { AGENT_HZ, CUSTOMER_HZ, fakeCaptureArg, makeToneFile } from '../test/e2e/support/audio-analysis';
import { customerCall, openCustomerPhone, startCenter } from '../test/e2e/support/center';
import { CHROMIUM_PATH, chromiumArgs } from '../test/support/chromium';
import { logInReady } from './console';
import { writeResult } from './stats';

const repoRoot = join(import.meta.dirname, '..');
const CUSTOMER = '13800138000';

export interface RecordingCpuOptions {
  /** Rounds of each variant (a round: one call, measured for `measureMs`). */
  rounds: number;
  measureMs: number;
  /** From the answer to the start of the measurement: the call and the recorder settle. */
  settleMs: number;
}

interface ProcessCpu {
  renderer: number;
  audio: number;
  all: number;
}

/** CPU seconds so far of the browser's processes, by kind. */
async function browserCpu(browser: Browser): Promise<ProcessCpu> {
  const session = await browser.newBrowserCDPSession();
  try {
    const { processInfo } = (await session.send('SystemInfo.getProcessInfo')) as { processInfo: { type: string; cpuTime: number }[] };
    const sum = (pick: (type: string) => boolean) => processInfo.filter((p) => pick(p.type)).reduce((total, p) => total + p.cpuTime, 0);
    return { renderer: sum((t) => t === 'renderer'), audio: sum((t) => /audio/i.test(t)), all: sum(() => true) };
  } finally {
    await session.detach();
  }
}

const NO_MEDIA_RECORDER = `
  globalThis.MediaRecorder = class { constructor() { throw new DOMException('recording switched off for the benchmark', 'NotSupportedError'); } static isTypeSupported() { return true; } };
`;

export async function benchRecordingCpu(options: RecordingCpuOptions): Promise<Record<string, never>> {
  if (!existsSync(join(repoRoot, 'out/renderer/index.html'))) {
    console.log('  building the console (npm run build)…');
    execFileSync('npx', ['electron-vite', 'build'], { cwd: repoRoot, stdio: 'inherit' });
  }
  const logDir = mkdtempSync(join(tmpdir(), 'bench-recording-cpu-'));
  const center = await startCenter(logDir, { env: { HUB_LOG_LEVEL: 'warn' } });
  const customerBrowser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: [...chromiumArgs, fakeCaptureArg(makeToneFile(CUSTOMER_HZ))] });
  const agentTone = makeToneFile(AGENT_HZ);
  const shares: Record<'without' | 'with', ProcessCpu[]> = { without: [], with: [] };
  try {
    const customer = await openCustomerPhone(await customerBrowser.newContext({ permissions: ['microphone'] }), center, 'bench-customer');
    for (let round = 0; round < options.rounds * 2; round += 1) {
      const variant = round % 2 === 0 ? 'without' : 'with';
      // A browser of its own each round: the processes measured are the console's and nothing else's.
      const browser = await chromium.launch({
        executablePath: CHROMIUM_PATH,
        args: [...chromiumArgs, fakeCaptureArg(agentTone), '--disable-renderer-backgrounding', '--disable-background-timer-throttling'],
      });
      try {
        const context = await browser.newContext({ permissions: ['microphone'] });
        if (variant === 'without') await context.addInitScript(NO_MEDIA_RECORDER);
        const page = await context.newPage();
        await logInReady(page, center.hub.url);
        await customerCall(customer, center, '1001', CUSTOMER);
        const card = page.getByRole('article').filter({ hasText: CUSTOMER });
        await card.getByRole('button', { name: 'Answer' }).click();
        await customer.waitEstablished();
        // Measured only in the state the variant means: recording, or the recorder given up.
        const expected = variant === 'with' ? 'recording' : 'failed';
        await card.locator(`[data-testid="recording-indicator"][data-recording-state="${expected}"]`).waitFor({ timeout: 10_000 });
        await new Promise((resolve) => setTimeout(resolve, options.settleMs));
        const before = await browserCpu(browser);
        const startedAt = performance.now();
        await new Promise((resolve) => setTimeout(resolve, options.measureMs));
        const after = await browserCpu(browser);
        const seconds = (performance.now() - startedAt) / 1000;
        const share = (key: keyof ProcessCpu) => Math.round(((after[key] - before[key]) / seconds) * 1000) / 10;
        const measured = { renderer: share('renderer'), audio: share('audio'), all: share('all') };
        shares[variant].push(measured);
        console.log(`  round ${round + 1} ${variant} recording: renderer ${measured.renderer} %, audio service ${measured.audio} %, all processes ${measured.all} % of one core`);
        await card.getByRole('button', { name: 'Hang up' }).click();
        await customer.sessionState();
        await page.getByRole('button', { name: 'Answer' }).waitFor({ state: 'detached', timeout: 10_000 });
      } finally {
        await browser.close();
      }
    }
  } finally {
    await customerBrowser.close();
    await center.stop();
    rmSync(logDir, { recursive: true, force: true });
  }
  const mean = (rows: ProcessCpu[], key: keyof ProcessCpu) => Math.round((rows.reduce((s, r) => s + r[key], 0) / Math.max(1, rows.length)) * 10) / 10;
  const summary = (['renderer', 'audio', 'all'] as const).map((key) => {
    const without = mean(shares.without, key);
    const withRecording = mean(shares.with, key);
    return { key, without, with: withRecording, overhead: Math.round((withRecording - without) * 10) / 10 };
  });
  for (const row of summary) {
    console.log(`  ${row.key.padEnd(9)} without ${row.without} %  with ${row.with} %  overhead ${row.overhead} percentage points of one core`);
  }
  writeResult('recording-cpu', {
    cpuSharePercentOfOneCore: Object.fromEntries(summary.map((row) => [row.key, { without: row.without, with: row.with, overhead: row.overhead }])),
    rounds: shares,
    notes:
      `the console (web mode) in its own headless Chromium per round, agent1 in a call with a test phone through the dev PBX (rtpengine), ` +
      `tones on both sides; ${options.settleMs / 1000} s after the answer, ${options.measureMs / 1000} s measured; CPU time from CDP SystemInfo.getProcessInfo ` +
      `(renderer = every renderer process of that browser, the console being its only page; audio = the audio service); ` +
      `without recording = MediaRecorder's constructor throws, so the console's recorder does not start; rounds alternate without/with; ` +
      `machine: ${cpus().length} × ${cpus()[0]?.model ?? 'unknown CPU'}, load average ${loadavg().map((l) => l.toFixed(1)).join(' ')} at the end`,
  });
  return {};
}
