import { chromium, type Browser, type Page, type Request } from '@playwright/test';
import { RECORDING_UPLOAD_PATH } from '../../shared/api/recordings';
import { CHROMIUM_PATH, chromiumArgs } from '../support/chromium';
import { AGENT_HZ, CUSTOMER_HZ, analyseAudio, fakeCaptureArg, makeToneFile, spanFigures, spanPeakRms } from './support/audio-analysis';
import { customerCall, openCustomerPhone, type Center } from './support/center';
import { readConsoleStore, type Json } from './support/console-db';
import { centerTest as test, expect, finishWrapUp, logIn } from './support/fixtures';
import { getRecording, login, replayTicket, waitRecordingReady } from './support/recording-api';

/**
 * Call recording end to end, with known sounds on each side: the agent's Chromium speaks a 440 Hz
 * tone (its fake microphone), the customer's test phone, in a Chromium of its own, 1000 Hz. The
 * console records the call through the real PBX, the agent pauses it for a card number, the
 * recording goes up to the real hub by tus, and the hub's file is fetched, seeked and decoded: each
 * voice in its own channel, silence where the pause was, the pause marked with who and why.
 */

const CUSTOMER = '13700137000';
const PAUSE_REASON = '银行卡号';

const callCard = (page: Page, text: string) => page.getByRole('article').filter({ hasText: text });

interface Browsers {
  agent: Browser;
  customer: Browser;
  close(): Promise<void>;
}

/** One Chromium per side: `--use-file-for-fake-audio-capture` is per browser process. */
async function launchBrowsers(): Promise<Browsers> {
  const launch = (hz: number) => chromium.launch({ executablePath: CHROMIUM_PATH, args: [...chromiumArgs, fakeCaptureArg(makeToneFile(hz))] });
  const agent = await launch(AGENT_HZ);
  const customer = await launch(CUSTOMER_HZ).catch(async (error: unknown) => {
    await agent.close();
    throw error;
  });
  return { agent, customer, close: async () => void (await Promise.all([agent.close(), customer.close()])) };
}

async function openAgentConsole(browser: Browser, center: Center): Promise<Page> {
  const page = await (await browser.newContext({ permissions: ['microphone'] })).newPage();
  await logIn(page, center.hub.url, 'agent1');
  await expect(page.getByRole('status').filter({ hasText: 'Phone: Registered' })).toBeVisible({ timeout: 15_000 });
  await page.getByRole('combobox', { name: 'Agent state' }).click();
  await page.getByRole('option', { name: /^Ready$/ }).first().click();
  return page;
}

async function answerCall(page: Page, browsers: Browsers, center: Center) {
  const customer = await openCustomerPhone(await browsers.customer.newContext({ permissions: ['microphone'] }), center, 'customer');
  await customerCall(customer, center, '1001', CUSTOMER, null);
  const answeredAt = Date.now();
  await callCard(page, CUSTOMER).getByRole('button', { name: 'Answer' }).click();
  await customer.waitEstablished();
  return Object.assign(customer, { answeredAt });
}

async function hangUpAndWrapUp(page: Page, customer: Awaited<ReturnType<typeof answerCall>>) {
  await callCard(page, CUSTOMER).getByRole('button', { name: 'Hang up' }).click();
  await expect.poll(() => customer.sessionState()).toBe('Terminated');
  const wrapUp = page.getByRole('region', { name: `Wrap-up: ${CUSTOMER}` });
  await finishWrapUp(page, wrapUp, 'Question answered');
  await expect(wrapUp).toHaveCount(0);
}

/** The console's newest call log with the customer (its id is the recording's). */
async function newestCallId(page: Page): Promise<string> {
  const logs = (await readConsoleStore(page, 'callLogs')).filter((r) => (r.remote as Json | undefined)?.number === CUSTOMER);
  logs.sort((a, b) => String(b.startedAt).localeCompare(String(a.startedAt)));
  expect(logs.length).toBeGreaterThan(0);
  return String(logs[0]!.id);
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

test.describe('call recording', () => {
  test.describe.configure({ timeout: 150_000 });

  test('records each voice in its own channel, silences the paused span and marks it, and the hub serves the file seekable', async ({ center }) => {
    const browsers = await launchBrowsers();
    try {
      const page = await openAgentConsole(browsers.agent, center);
      const customer = await answerCall(page, browsers, center);
      const card = callCard(page, CUSTOMER);
      const indicator = card.getByRole('status', { name: 'Recording status' });
      await expect(indicator).toHaveText(/^●\s*Recording$/);
      const recordingSeenAt = Date.now();
      await sleep(4_000);

      // The reason in the agent's own words: the presets are labels of the console's language.
      await card.getByRole('button', { name: 'Pause recording' }).click();
      const dialog = page.getByRole('dialog', { name: 'Pause recording' });
      await dialog.getByRole('radio', { name: 'Other…' }).check();
      await dialog.getByLabel('Other reason').fill(PAUSE_REASON);
      // The test's clock brackets each moment: the click before, the indicator's change after.
      const pauseAskedAt = Date.now();
      await dialog.getByRole('button', { name: 'Pause recording' }).click();
      await expect(indicator).toContainText(`Recording paused: ${PAUSE_REASON}`);
      const pauseSeenAt = Date.now();
      await sleep(3_000);
      const resumeAskedAt = Date.now();
      await card.getByRole('button', { name: 'Resume recording' }).click();
      await expect(indicator).toHaveText(/^●\s*Recording$/);
      const resumeSeenAt = Date.now();
      await sleep(3_000);
      const hangUpAskedAt = Date.now();
      await hangUpAndWrapUp(page, customer);
      const wrappedUpAt = Date.now();
      const callId = await newestCallId(page);

      // The hub has it all, made seekable, with the pause as the agent gave it.
      const qaToken = await login(center.hub.url, 'qa1');
      const recording = await waitRecordingReady(center.hub.url, qaToken, callId, 60_000);
      expect(recording.durationMs).toBeGreaterThan(hangUpAskedAt - recordingSeenAt - 300);
      expect(recording.durationMs).toBeLessThan(wrappedUpAt - customer.answeredAt + 300);
      expect(recording.pauses).toHaveLength(1);
      const pause = recording.pauses[0]!;
      expect(pause).toMatchObject({ source: 'manual', reason: PAUSE_REASON, byName: '张敏' });
      expect(pause.endMs).not.toBeNull();
      const pauseEnd = pause.endMs!;
      expect(pauseEnd - pause.startMs).toBeGreaterThan(resumeAskedAt - pauseSeenAt - 300);
      expect(pauseEnd - pause.startMs).toBeLessThan(resumeSeenAt - pauseAskedAt + 300);

      // The call log marks the same span: its events' times minus the recording's start are positions in it.
      const agentToken = await login(center.hub.url, 'agent1');
      const logs = (await (await fetch(`${center.hub.url}/api/v1/call-logs?limit=20`, { headers: { authorization: `Bearer ${agentToken}` } })).json()) as { items: Json[] };
      const log = logs.items.find((item) => item.id === callId);
      expect(log).toBeDefined();
      const events = log!.events as { type: string; at: string; detail?: Json }[];
      const paused = events.filter((e) => e.type === 'recording_paused');
      const resumed = events.filter((e) => e.type === 'recording_resumed');
      expect(paused).toHaveLength(1);
      expect(resumed).toHaveLength(1);
      expect(paused[0]!.detail).toMatchObject({ reason: PAUSE_REASON, by: '张敏' });
      const startedAt = Date.parse(recording.startedAt!);
      console.log(`recording started ${recording.startedAt}, pause ${JSON.stringify(pause)}; call log: ${JSON.stringify(events)}`);
      expect(Math.abs(Date.parse(paused[0]!.at) - startedAt - pause.startMs), 'recording_paused event vs the pause in the recording').toBeLessThan(500);
      expect(Math.abs(Date.parse(resumed[0]!.at) - startedAt - pauseEnd), 'recording_resumed event vs the pause in the recording').toBeLessThan(500);

      // A Range request for the middle: 206 with exactly those bytes.
      const ticket = await replayTicket(center.hub.url, qaToken, callId, 'review');
      const audioUrl = new URL(ticket.url, center.hub.url).toString();
      const middle = Math.floor(recording.bytes / 2);
      const ranged = await fetch(audioUrl, { headers: { range: `bytes=${middle}-${middle + 1023}` } });
      expect(ranged.status).toBe(206);
      expect(ranged.headers.get('content-range')).toBe(`bytes ${middle}-${middle + 1023}/${recording.bytes}`);
      expect((await ranged.arrayBuffer()).byteLength).toBe(1024);

      // Seekable in a media element: a duration from the file itself, and a seek to the middle lands.
      const player = await (await browsers.agent.newContext()).newPage();
      await player.goto(`${center.hub.url}/healthz`);
      const seek = await player.evaluate(async (url) => {
        const audio = new Audio();
        audio.preload = 'auto';
        audio.src = url;
        await new Promise((resolve, reject) => {
          audio.onloadedmetadata = resolve;
          audio.onerror = () => reject(new Error(`audio error ${audio.error?.code}`));
        });
        const duration = audio.duration;
        audio.currentTime = duration / 2;
        await new Promise((resolve) => (audio.onseeked = resolve));
        return { duration, at: audio.currentTime };
      }, audioUrl);
      expect(seek.duration * 1000).toBeGreaterThan(recording.durationMs! - 500);
      expect(seek.duration * 1000).toBeLessThan(recording.durationMs! + 500);
      expect(seek.at).toBeCloseTo(seek.duration / 2, 0);

      // Decoded whole: the agent left, the customer right, and nothing of either in the pause.
      const whole = Buffer.from(await (await fetch(new URL((await replayTicket(center.hub.url, qaToken, callId)).url, center.hub.url))).arrayBuffer());
      const analysis = await analyseAudio(player, { base64: whole.toString('base64') });
      expect(analysis.numberOfChannels).toBe(2);
      expect(Math.abs(analysis.durationMs - recording.durationMs!)).toBeLessThan(500);
      const spans = { before: [1_000, pause.startMs - 300], after: [pauseEnd + 500, analysis.durationMs - 500] } as const;
      for (const [name, [from, to]] of Object.entries(spans)) {
        const span = spanFigures(analysis, from, to);
        console.log(`${name} the pause: ${JSON.stringify(span)}`);
        expect(span.windows).toBeGreaterThan(10);
        // Each phone's noise suppression takes a steady tone down over a call; the other tone stays near 0.
        expect(span.left.tones[AGENT_HZ]).toBeGreaterThan(0.005);
        expect(span.left.tones[CUSTOMER_HZ]).toBeLessThan(span.left.tones[AGENT_HZ]! / 5);
        expect(span.right.tones[CUSTOMER_HZ]).toBeGreaterThan(0.005);
        expect(span.right.tones[AGENT_HZ]).toBeLessThan(span.right.tones[CUSTOMER_HZ]! / 5);
      }
      // The silence is where the recording says the pause is.
      const quiet = analysis.windows.filter((w) => w.tMs >= 500 && w.left.rms < 0.001 && w.right.rms < 0.001).map((w) => w.tMs);
      expect(quiet.length).toBeGreaterThan(0);
      expect(Math.abs(quiet[0]! - pause.startMs)).toBeLessThan(300);
      expect(Math.abs(quiet.at(-1)! + 100 - pauseEnd)).toBeLessThan(300);
      const silent = spanPeakRms(analysis, pause.startMs + 200, pauseEnd - 200);
      console.log(`in the pause: ${JSON.stringify(silent)}`);
      expect(silent.windows).toBeGreaterThan(20);
      expect(silent.left).toBeLessThan(0.003);
      expect(silent.right).toBeLessThan(0.003);

      // The waveform (the console's levels, per 100 ms frame) is silent in the same frames: it lines up with the audio.
      const levels = (await (await fetch(`${center.hub.url}/api/v1/recordings/${callId}/levels`, { headers: { authorization: `Bearer ${qaToken}` } })).json()) as {
        frameMs: number;
        agent: number[];
        customer: number[];
      };
      expect(Math.abs(levels.agent.length * levels.frameMs - recording.durationMs!)).toBeLessThan(1_500);
      const frame = (ms: number) => Math.floor(ms / levels.frameMs);
      const pausedFrames = [frame(pause.startMs) + 3, frame(pauseEnd) - 3] as const;
      expect(Math.max(...levels.agent.slice(...pausedFrames), ...levels.customer.slice(...pausedFrames))).toBe(0);
      const heardFrames = [frame(1_000), frame(pause.startMs) - 3] as const;
      expect(Math.min(...levels.agent.slice(...heardFrames))).toBeGreaterThan(0);
      expect(Math.min(...levels.customer.slice(...heardFrames))).toBeGreaterThan(0);

      // Every replay is logged: the two tickets above.
      const log2 = (await (await fetch(`${center.hub.url}/api/v1/recordings/${callId}/replays`, { headers: { authorization: `Bearer ${qaToken}` } })).json()) as { replays: { userName: string; purpose: string }[] };
      expect(log2.replays.filter((r) => r.userName === '刘洋')).toHaveLength(2);
    } finally {
      await browsers.close();
    }
  });

  test('resumes an upload cut off halfway at the offset the hub holds, never from 0', async ({ center }) => {
    const browsers = await launchBrowsers();
    try {
      const page = await openAgentConsole(browsers.agent, center);
      // The first PATCH reaches the hub with only the first half of its body, and the console sees the
      // connection drop: the hub holds half, the console knows nothing of it.
      const patches: { offset: number; bytes: number }[] = [];
      const heads: number[] = [];
      let cut = false;
      await page.route(`**${RECORDING_UPLOAD_PATH}/**`, async (route) => {
        const request = route.request();
        if (request.method() !== 'PATCH') return route.continue();
        const body = request.postDataBuffer() ?? Buffer.alloc(0);
        patches.push({ offset: Number(await request.headerValue('upload-offset')), bytes: body.byteLength });
        if (cut) return route.continue();
        cut = true;
        const half = body.subarray(0, Math.floor(body.byteLength / 2));
        const response = await route.fetch({ postData: half });
        expect(response.status()).toBe(204);
        await route.abort('connectionreset');
      });
      page.on('response', (response) => {
        const request: Request = response.request();
        if (request.method() === 'HEAD' && request.url().includes(RECORDING_UPLOAD_PATH)) heads.push(Number(response.headers()['upload-offset']));
      });

      const customer = await answerCall(page, browsers, center);
      await sleep(4_000);
      await hangUpAndWrapUp(page, customer);
      const callId = await newestCallId(page);

      const qaToken = await login(center.hub.url, 'qa1');
      const recording = await waitRecordingReady(center.hub.url, qaToken, callId, 90_000);
      console.log(`PATCHes ${JSON.stringify(patches)}, HEAD offsets ${JSON.stringify(heads)}`);
      expect(patches.length).toBeGreaterThanOrEqual(2);
      const [first, second] = patches as [{ offset: number; bytes: number }, { offset: number; bytes: number }];
      expect(first.offset).toBe(0);
      const held = Math.floor(first.bytes / 2);
      expect(held).toBeGreaterThan(0);
      // The console asked the hub where it was, and went on from there.
      expect(heads).toContain(held);
      expect(second.offset).toBe(held);
      expect(second.offset + second.bytes).toBe(first.bytes);
      expect(recording.receivedBytes).toBe(first.bytes);

      // What the hub put together from the two halves is the recording, whole: it decodes to its length.
      const whole = Buffer.from(await (await fetch(new URL((await replayTicket(center.hub.url, qaToken, callId)).url, center.hub.url))).arrayBuffer());
      const analysis = await analyseAudio(page, { base64: whole.toString('base64') });
      expect(Math.abs(analysis.durationMs - recording.durationMs!)).toBeLessThan(500);
      const span = spanFigures(analysis, 1_000, analysis.durationMs - 500);
      expect(span.left.tones[AGENT_HZ]).toBeGreaterThan(0.005);
      expect(span.right.tones[CUSTOMER_HZ]).toBeGreaterThan(0.005);
      expect((await getRecording(center.hub.url, qaToken, callId))?.status).toBe('ready');
    } finally {
      await browsers.close();
    }
  });
});
