import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { CHROMIUM_PATH, chromiumArgs } from '../test/support/chromium';

/*
 * Makes the demo's call recording, hub/assets/demo-recording.webm, and its analysis,
 * hub/assets/demo-recording.levels.json, which `npm run hub -- --demo` gives every call of the demo's
 * QA queue (hub/src/seed/demo-recordings.ts) so the quality room replays real audio.
 *
 * No voices are recorded (no one's speech in the repository): each side is a buzz at a speaking
 * pitch (a sawtooth with a wandering pitch) through two vowel-like band-pass "formants", cut into
 * syllables of 120–280 ms at about 4 a second, in turns of a phone call. The schedule (seconds from
 * the answer) is fixed, and so are the syllables (a seeded generator), so a re-run makes the same
 * analysis; only the Opus bytes differ.
 *
 *    0.3– 4.0  agent: greeting              27.6–29.6  agent: "请稍等，我帮您查一下"
 *    4.5–12.0  customer: the question       30.0–45.0  hold: nobody (the demo calls' holds start at 30 s)
 *   12.4–16.6  agent: answer                45.3–49.6  agent: asks for the card number
 *   17.0–21.5  customer, and the agent      50.0–58.0  sensitive-data pause: both channels digital zero
 *              talks over 19.8–21.0         58.3–61.0  agent; 61.5–67.4 customer; 67.8–70.5 agent
 *   21.5–27.5  dead air: nobody (6 s)       71.0–72.6  customer; 73.0–74.6 agent: farewell; ends at 75 s
 *
 * The dead air comes before the hold because a demo call's hold runs 10–60 s from 30 s: after
 * 30 s a silence may be on hold in the call's log, which the measures leave out.
 *
 * Outside the pause each side has a faint line hiss (level ~3, under the talk threshold of 20), as a
 * real headset has, so the pause shows as the true silence it is.
 *
 * The levels are the console's (renderer/src/services/recording/level-meter.ts: RMS × 1000 per
 * 100 ms frame, rounded, per channel) of the very samples recorded: the signal is rendered first in
 * an OfflineAudioContext, measured, then played from that buffer into MediaRecorder (agent left,
 * customer right, Opus in WebM at 32 kbit/s, 1 s chunks) the way the console records a call.
 *
 *   npx tsx scripts/make-demo-recording.ts      (about 80 s: the recorder runs in real time)
 */

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const DEMO_RECORDING = resolve(repoRoot, 'hub/assets/demo-recording.webm');
export const DEMO_RECORDING_LEVELS = resolve(repoRoot, 'hub/assets/demo-recording.levels.json');

const DURATION_S = 75;
const PAUSE = { startMs: 50_000, endMs: 58_000 };

/** [start, end] in seconds. */
const TURNS = {
  agent: [
    [0.3, 4.0],
    [12.4, 16.6],
    [19.8, 21.0],
    [27.6, 29.6],
    [45.3, 49.6],
    [58.3, 61.0],
    [67.8, 70.5],
    [73.0, 74.6],
  ],
  customer: [
    [4.5, 12.0],
    [17.0, 21.5],
    [61.5, 67.4],
    [71.0, 72.6],
  ],
} as const;

// Runs in the page (a string: tsx's transform would put helpers into a function that the page lacks).
const PAGE_SCRIPT = (config: unknown) => `(async () => {
  const { durationS, pause, turns } = ${JSON.stringify(config)};
  const rate = 48000;
  const frameSamples = rate / 10;

  // mulberry32, as hub/src/seed/prng.ts: the same syllables on every run.
  let state = 0x9e3779b9 >>> 0;
  const random = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const between = (min, max) => min + random() * (max - min);

  // Vowel-ish formant pairs (F1, F2), Hz.
  const VOWELS = [[750, 1250], [450, 1900], [350, 2200], [500, 900], [600, 1600]];

  function voice(context, channel, pitch, spans, merger) {
    const source = context.createOscillator();
    source.type = 'sawtooth';
    const f1 = context.createBiquadFilter();
    const f2 = context.createBiquadFilter();
    f1.type = f2.type = 'bandpass';
    f1.Q.value = 4;
    f2.Q.value = 6;
    const envelope = context.createGain();
    envelope.gain.value = 0;
    const sum = context.createGain();
    source.connect(f1).connect(sum);
    source.connect(f2).connect(sum);
    sum.connect(envelope).connect(merger, 0, channel);
    source.frequency.setValueAtTime(pitch, 0);
    for (const [start, end] of spans) {
      let t = start;
      while (t < end - 0.1) {
        const length = Math.min(between(0.12, 0.28), end - t);
        const [a, b] = VOWELS[Math.floor(random() * VOWELS.length)];
        const peak = between(0.6, 1);
        f1.frequency.setValueAtTime(a, t);
        f2.frequency.setValueAtTime(b, t);
        // A syllable's pitch glides a little, as a voice does.
        source.frequency.setValueAtTime(pitch * between(0.9, 1.15), t);
        source.frequency.linearRampToValueAtTime(pitch * between(0.85, 1.05), t + length);
        envelope.gain.setValueAtTime(0, t);
        envelope.gain.linearRampToValueAtTime(peak, t + 0.03);
        envelope.gain.setValueAtTime(peak, t + length - 0.05);
        envelope.gain.linearRampToValueAtTime(0, t + length);
        // Gaps of 40–110 ms between syllables, now and then a word break of up to 250 ms: the talk
        // threshold's 300 ms bridge keeps a sentence one turn.
        t += length + (random() < 0.2 ? between(0.15, 0.25) : between(0.04, 0.11));
      }
    }
    source.start(0);
    source.stop(durationS);
  }

  const offline = new OfflineAudioContext(2, durationS * rate, rate);
  const merger = offline.createChannelMerger(2);
  merger.connect(offline.destination);
  voice(offline, 0, 210, turns.agent, merger);
  voice(offline, 1, 125, turns.customer, merger);
  const rendered = await offline.startRendering();

  // Scaled to a speaking level (peaks at −6 dBFS), line hiss added, the pause zeroed.
  const channels = [rendered.getChannelData(0), rendered.getChannelData(1)];
  for (const data of channels) {
    let peak = 0;
    for (let i = 0; i < data.length; i += 1) peak = Math.max(peak, Math.abs(data[i]));
    const scale = peak === 0 ? 0 : 0.5 / peak;
    for (let i = 0; i < data.length; i += 1) data[i] = data[i] * scale + (random() - 0.5) * 0.01;
    data.fill(0, (pause.startMs / 1000) * rate, (pause.endMs / 1000) * rate);
  }

  // level-meter.ts, frame by frame.
  const levels = channels.map((data) => {
    const out = [];
    for (let frame = 0; (frame + 1) * frameSamples <= data.length; frame += 1) {
      let sum = 0;
      for (let i = frame * frameSamples; i < (frame + 1) * frameSamples; i += 1) sum += data[i] * data[i];
      out.push(Math.min(1000, Math.round(Math.sqrt(sum / frameSamples) * 1000)));
    }
    return out;
  });

  // The same samples, played in real time into the console's kind of recorder.
  const context = new AudioContext({ sampleRate: rate });
  await context.resume();
  const buffer = context.createBuffer(2, rendered.length, rate);
  buffer.copyToChannel(channels[0], 0);
  buffer.copyToChannel(channels[1], 1);
  const player = context.createBufferSource();
  player.buffer = buffer;
  player.channelCount = 2;
  player.channelCountMode = 'explicit';
  player.channelInterpretation = 'discrete';
  const destination = context.createMediaStreamDestination();
  destination.channelCount = 2;
  destination.channelCountMode = 'explicit';
  destination.channelInterpretation = 'discrete';
  player.connect(destination);
  const recorder = new MediaRecorder(destination.stream, { mimeType: 'audio/webm;codecs=opus', audioBitsPerSecond: 32000 });
  const chunks = [];
  recorder.ondataavailable = (event) => chunks.push(event.data);
  const stopped = new Promise((resolve) => (recorder.onstop = () => resolve()));
  const ended = new Promise((resolve) => (player.onended = () => resolve()));
  recorder.start(1000);
  player.start();
  await ended;
  recorder.stop();
  await stopped;
  const bytes = new Uint8Array(await new Blob(chunks).arrayBuffer());
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return { audio: btoa(binary), agent: levels[0], customer: levels[1] };
})()`;

interface PageResult {
  audio: string;
  agent: number[];
  customer: number[];
}

/** What hub/src/seed/demo-recordings.ts reads beside the audio. */
export interface DemoRecordingLevels {
  frameMs: 100;
  durationMs: number;
  agent: number[];
  customer: number[];
  /** The sensitive-data pause, from the recording's start. */
  pause: { startMs: number; endMs: number };
  /** Where the hold's silence is: the demo floor's holds start 30 s after the answer. */
  hold: { startMs: number; endMs: number };
}

async function record(): Promise<{ audio: Buffer; levels: DemoRecordingLevels }> {
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: chromiumArgs });
  try {
    const page = await browser.newPage();
    const result = await page.evaluate<PageResult>(PAGE_SCRIPT({ durationS: DURATION_S, pause: PAUSE, turns: TURNS }));
    return {
      audio: Buffer.from(result.audio, 'base64'),
      levels: {
        frameMs: 100,
        durationMs: result.agent.length * 100,
        agent: result.agent,
        customer: result.customer,
        pause: PAUSE,
        hold: { startMs: 30_000, endMs: 45_000 },
      },
    };
  } finally {
    await browser.close();
  }
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { audio, levels } = await record();
  mkdirSync(dirname(DEMO_RECORDING), { recursive: true });
  writeFileSync(DEMO_RECORDING, audio);
  // One frame a line per channel would be 1 500 lines; a line per channel keeps diffs readable enough.
  writeFileSync(
    DEMO_RECORDING_LEVELS,
    `{\n${Object.entries(levels)
      .map(([key, value]) => `  ${JSON.stringify(key)}: ${JSON.stringify(value)}`)
      .join(',\n')}\n}\n`,
  );
  console.log(`wrote ${DEMO_RECORDING} (${audio.length} bytes) and ${DEMO_RECORDING_LEVELS} (${levels.agent.length} frames)`);
}
