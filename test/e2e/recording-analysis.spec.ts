import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test, expect, chromium, type Browser, type Page } from '@playwright/test';
import { servePages } from '../../pbx/test-phone/page-server';
import { CHROMIUM_PATH, chromiumArgs } from '../support/chromium';
import { AGENT_HZ, CUSTOMER_HZ, analyseAudio, fakeCaptureArg, makeToneFile, spanFigures, spanPeakRms } from './support/audio-analysis';

/**
 * The yardstick of the recording tests, proven before any recording exists: the in-page analyser
 * finds each tone in its own channel and silence where there was none, and two browsers started with
 * different fake-capture files each hear their own tone through getUserMedia's default processing
 * (echo cancellation, noise suppression, gain control), as the console's and the customer's phones do.
 */

let server: { url: string; close: () => Promise<void> };

test.beforeAll(async () => {
  // A page on 127.0.0.1 is a secure context: getUserMedia and MediaRecorder behave as in the console.
  const blank = join(mkdtempSync(join(tmpdir(), 'e2e-blank-')), 'blank.html');
  writeFileSync(blank, '<!doctype html><title>blank</title>');
  server = await servePages(() => ({ file: blank, type: 'text/html; charset=utf-8', cacheable: false }));
});
test.afterAll(async () => {
  await server.close();
});

/** Records `ms` of `makeStream`'s stream into `window.recorded` (a Blob) as MediaRecorder's Opus in WebM. */
async function recordInPage(page: Page, ms: number, kind: 'oscillators' | 'microphone') {
  await page.goto(server.url);
  await page.evaluate(
    async ({ ms, kind, agentHz, customerHz }) => {
      let stream: MediaStream;
      if (kind === 'microphone') {
        stream = await navigator.mediaDevices.getUserMedia({ audio: true });
      } else {
        // Agent tone left, customer tone right; both channels silenced from 2 s to 3 s, as a recording pause does.
        const context = new AudioContext({ sampleRate: 48_000 });
        const merger = context.createChannelMerger(2);
        const gain = context.createGain();
        for (const [hz, channel] of [[agentHz, 0], [customerHz, 1]] as const) {
          const osc = context.createOscillator();
          osc.frequency.value = hz;
          const level = context.createGain();
          level.gain.value = 0.3;
          osc.connect(level).connect(merger, 0, channel);
          osc.start();
        }
        merger.connect(gain);
        const destination = context.createMediaStreamDestination();
        destination.channelCount = 2;
        gain.connect(destination);
        const t0 = context.currentTime;
        gain.gain.setValueAtTime(1, t0);
        gain.gain.setValueAtTime(0, t0 + 2);
        gain.gain.setValueAtTime(1, t0 + 3);
        stream = destination.stream;
      }
      const recorder = new MediaRecorder(stream, { mimeType: 'audio/webm;codecs=opus' });
      const chunks: Blob[] = [];
      recorder.ondataavailable = (e) => chunks.push(e.data);
      const stopped = new Promise((resolve) => (recorder.onstop = resolve));
      recorder.start(250);
      await new Promise((resolve) => setTimeout(resolve, ms));
      recorder.stop();
      await stopped;
      for (const track of stream.getTracks()) track.stop();
      (window as unknown as { recorded: Blob }).recorded = new Blob(chunks, { type: 'audio/webm' });
    },
    { ms, kind, agentHz: AGENT_HZ, customerHz: CUSTOMER_HZ },
  );
}

test.describe('recording yardstick', () => {
  test('finds each tone in its own channel and silence in the silenced span when it analyses a stereo WebM made in the page', async ({ page }) => {
    await recordInPage(page, 5_000, 'oscillators');
    const analysis = await analyseAudio(page, { blobGlobal: 'recorded' });
    expect(analysis.numberOfChannels).toBe(2);
    expect(analysis.durationMs).toBeGreaterThan(4_500);
    expect(analysis.durationMs).toBeLessThan(5_600);

    // Edges are skipped: the span boundaries are the AudioContext's clock, not MediaRecorder's.
    for (const [from, to] of [[300, 1_700], [3_400, 4_600]] as const) {
      const span = spanFigures(analysis, from, to);
      expect(span.windows).toBeGreaterThan(8);
      expect(span.left.tones[AGENT_HZ]).toBeGreaterThan(0.15);
      expect(span.left.tones[CUSTOMER_HZ]).toBeLessThan(0.02);
      expect(span.right.tones[CUSTOMER_HZ]).toBeGreaterThan(0.15);
      expect(span.right.tones[AGENT_HZ]).toBeLessThan(0.02);
    }
    const silent = spanPeakRms(analysis, 2_300, 2_700);
    expect(silent.windows).toBeGreaterThan(2);
    expect(silent.left).toBeLessThan(0.005);
    expect(silent.right).toBeLessThan(0.005);
  });

  test('hears each browser its own tone when the agent and customer browsers get different fake-capture files', async () => {
    const browsers: Browser[] = [];
    try {
      const heard: Record<string, { agent: number; customer: number }> = {};
      for (const [who, hz] of [['agent', AGENT_HZ], ['customer', CUSTOMER_HZ]] as const) {
        const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: [...chromiumArgs, fakeCaptureArg(makeToneFile(hz))] });
        browsers.push(browser);
        const page = await (await browser.newContext({ permissions: ['microphone'] })).newPage();
        await recordInPage(page, 3_000, 'microphone');
        // The first second holds the processing's start-up (gain control settling).
        const span = spanFigures(await analyseAudio(page, { blobGlobal: 'recorded' }), 1_000, 2_800);
        heard[who] = { agent: span.left.tones[AGENT_HZ]!, customer: span.left.tones[CUSTOMER_HZ]! };
      }
      console.log(`fake microphones heard: ${JSON.stringify(heard)}`);
      expect(heard.agent!.agent).toBeGreaterThan(0.05);
      expect(heard.agent!.customer).toBeLessThan(heard.agent!.agent / 10);
      expect(heard.customer!.customer).toBeGreaterThan(0.05);
      expect(heard.customer!.agent).toBeLessThan(heard.customer!.customer / 10);
    } finally {
      for (const browser of browsers) await browser.close();
    }
  });
});
