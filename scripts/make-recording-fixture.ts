import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { CHROMIUM_PATH, chromiumArgs } from '../test/support/chromium';

/*
 * Makes test/fixtures/recordings/two-tones.webm the way the console records a call: Chromium's
 * MediaRecorder on a two-channel MediaStream (agent left, customer right), Opus in WebM, chunks every
 * second. Agent: a 440 Hz tone; customer: 1000 Hz; both silent from 2 s to 4 s; about 6 s in all.
 * A real MediaRecorder file matters: it has no Duration and no Cues, which is what the hub's remux
 * must add, and Chromium's muxer is what the hub will meet in production.
 *
 *   npx tsx scripts/make-recording-fixture.ts
 */

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const RECORDING_FIXTURE = resolve(repoRoot, 'test/fixtures/recordings/two-tones.webm');

// Runs in the page: the tone graph → MediaRecorder, the file comes back as base64.
const PAGE_SCRIPT = `(async () => {
  const context = new AudioContext({ sampleRate: 48000 });
  await context.resume();
  const merger = context.createChannelMerger(2);
  const destination = context.createMediaStreamDestination();
  destination.channelCount = 2;
  destination.channelCountMode = 'explicit';
  destination.channelInterpretation = 'discrete';
  const tone = (frequency, channel) => {
    const oscillator = context.createOscillator();
    oscillator.frequency.value = frequency;
    const gain = context.createGain();
    const t0 = context.currentTime;
    gain.gain.setValueAtTime(0.3, t0);
    gain.gain.setValueAtTime(0, t0 + 2);
    gain.gain.setValueAtTime(0.3, t0 + 4);
    oscillator.connect(gain).connect(merger, 0, channel);
    oscillator.start(t0);
  };
  tone(440, 0);
  tone(1000, 1);
  merger.connect(destination);
  const recorder = new MediaRecorder(destination.stream, { mimeType: 'audio/webm;codecs=opus', audioBitsPerSecond: 64000 });
  const chunks = [];
  recorder.ondataavailable = (event) => chunks.push(event.data);
  const stopped = new Promise((resolve) => (recorder.onstop = () => resolve()));
  recorder.start(1000);
  await new Promise((resolve) => setTimeout(resolve, 6000));
  recorder.stop();
  await stopped;
  const bytes = new Uint8Array(await new Blob(chunks).arrayBuffer());
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary);
})()`;

async function record(): Promise<Buffer> {
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: chromiumArgs });
  try {
    const page = await browser.newPage();
    // A string, not a function: tsx's transform would put helpers into it that the page lacks.
    const base64 = await page.evaluate<string>(PAGE_SCRIPT);
    return Buffer.from(base64, 'base64');
  } finally {
    await browser.close();
  }
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const bytes = await record();
  mkdirSync(dirname(RECORDING_FIXTURE), { recursive: true });
  writeFileSync(RECORDING_FIXTURE, bytes);
  console.log(`wrote ${RECORDING_FIXTURE} (${bytes.length} bytes)`);
}
