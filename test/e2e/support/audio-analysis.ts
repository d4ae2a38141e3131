import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { writeMonoWav } from '../../../pbx/wav';

/**
 * Known sounds in, measured sounds out. Each side of a test call speaks its own steady tone (the
 * agent's Chromium and the customer's Chromium each get their own `--use-file-for-fake-audio-capture`
 * file: the flag is per browser process), and a recording is judged by decoding it in Chromium and
 * measuring, per channel and per window, the amplitude at each test frequency (Goertzel) and the RMS.
 * Decoding in the browser uses the same WebM/Opus decoder a replay uses, and needs no codec in Node.
 */

/** 440 Hz and 1000 Hz: far apart, neither a harmonic of the other, and well inside narrowband telephony and Opus. */
export const AGENT_HZ = 440;
export const CUSTOMER_HZ = 1000;
export const TONE_AMPLITUDE = 0.3;

/**
 * A 16-bit PCM mono 48 kHz WAV of a tone in a fresh temp directory (Chromium loops the file). The
 * tone steps between loud and soft every 250 ms, like syllables: getUserMedia's noise suppression
 * treats a steady tone as noise and takes it down to a tenth within two seconds, while this one keeps
 * about a third of its level through the processing and never falls silent.
 */
export function makeToneFile(hz: number, seconds = 20): string {
  const file = join(mkdtempSync(join(tmpdir(), 'e2e-tone-')), `tone-${hz}.wav`);
  const sampleRate = 48_000;
  writeMonoWav(file, { samples: seconds * sampleRate, sampleRate }, (i) => {
    const t = i / sampleRate;
    const level = Math.floor(t * 4) % 2 === 0 ? TONE_AMPLITUDE : TONE_AMPLITUDE / 3;
    return level * Math.sin(2 * Math.PI * hz * t);
  });
  return file;
}

/** Chromium's flag that makes the fake microphone play `wav` (looped) instead of its beep. */
export const fakeCaptureArg = (wav: string) => `--use-file-for-fake-audio-capture=${wav}`;

export interface ChannelWindow {
  /** Root mean square of the samples, 0..1 (full scale 1). */
  rms: number;
  /** Amplitude (0..1, a full-scale sine = 1) at each asked frequency, keyed by the frequency in Hz. */
  tones: Record<number, number>;
}

export interface AudioWindow {
  /** Start of the window from the start of the audio. */
  tMs: number;
  left: ChannelWindow;
  /** Equal to `left` for mono audio. */
  right: ChannelWindow;
}

export interface AudioAnalysis {
  durationMs: number;
  sampleRate: number;
  numberOfChannels: number;
  windows: AudioWindow[];
}

/** Where the page gets the bytes: a URL it may fetch, base64 bytes from the test, or a Blob it holds in `window[name]`. */
export type AudioSource = { url: string; headers?: Record<string, string> } | { base64: string } | { blobGlobal: string };

interface InPageRequest {
  source: AudioSource;
  frequencies: number[];
  windowMs: number;
}

/**
 * Runs in the page (serialised by Playwright: it must not refer to anything outside itself). Decodes
 * with an OfflineAudioContext at 48 kHz; a Hann window keeps a loud tone in one channel from leaking
 * into the Goertzel bin of the other frequency.
 */
async function analyseInPage({ source, frequencies, windowMs }: InPageRequest): Promise<AudioAnalysis> {
  let bytes: ArrayBuffer;
  if ('url' in source) {
    const response = await fetch(source.url, { headers: source.headers ?? {} });
    if (!response.ok) throw new Error(`audio-analysis: GET ${source.url} answered ${response.status}`);
    bytes = await response.arrayBuffer();
  } else if ('base64' in source) {
    const binary = atob(source.base64);
    const view = new Uint8Array(binary.length);
    for (let i = 0; i < binary.length; i += 1) view[i] = binary.charCodeAt(i);
    bytes = view.buffer;
  } else {
    const blob = (window as unknown as Record<string, unknown>)[source.blobGlobal];
    if (!(blob instanceof Blob)) throw new Error(`audio-analysis: window.${source.blobGlobal} is not a Blob`);
    bytes = await blob.arrayBuffer();
  }
  const sampleRate = 48_000;
  // The length only has to be positive: decodeAudioData resamples to the context's rate and returns its own buffer.
  const context = new OfflineAudioContext(2, sampleRate, sampleRate);
  const audio = await context.decodeAudioData(bytes);
  const n = Math.round((windowMs / 1000) * sampleRate);
  const hann = new Float32Array(n);
  for (let i = 0; i < n; i += 1) hann[i] = 0.5 - 0.5 * Math.cos((2 * Math.PI * i) / (n - 1));
  const measure = (data: Float32Array, start: number) => {
    let sum = 0;
    for (let i = 0; i < n; i += 1) sum += data[start + i]! * data[start + i]!;
    const tones: Record<number, number> = {};
    for (const hz of frequencies) {
      const coeff = 2 * Math.cos((2 * Math.PI * hz) / sampleRate);
      let s1 = 0;
      let s2 = 0;
      for (let i = 0; i < n; i += 1) {
        const s0 = data[start + i]! * hann[i]! + coeff * s1 - s2;
        s2 = s1;
        s1 = s0;
      }
      const power = s1 * s1 + s2 * s2 - coeff * s1 * s2;
      // |X| of a sine of amplitude A under a Hann window is A·N/4.
      tones[hz] = Math.round(((4 * Math.sqrt(Math.max(0, power))) / n) * 10_000) / 10_000;
    }
    return { rms: Math.round(Math.sqrt(sum / n) * 10_000) / 10_000, tones };
  };
  const left = audio.getChannelData(0);
  const right = audio.numberOfChannels > 1 ? audio.getChannelData(1) : left;
  const windows: AudioWindow[] = [];
  for (let start = 0; start + n <= audio.length; start += n) {
    windows.push({ tMs: Math.round((start / sampleRate) * 1000), left: measure(left, start), right: measure(right, start) });
  }
  return { durationMs: Math.round(audio.duration * 1000), sampleRate: audio.sampleRate, numberOfChannels: audio.numberOfChannels, windows };
}

/** Decodes `source` in `page` and measures it; 100 ms windows by default, as the console's level frames. */
export function analyseAudio(page: Page, source: AudioSource, { frequencies = [AGENT_HZ, CUSTOMER_HZ], windowMs = 100 } = {}): Promise<AudioAnalysis> {
  return page.evaluate(analyseInPage, { source, frequencies, windowMs });
}

export interface SpanFigures {
  windows: number;
  /** Medians over the span's windows: robust to a codec's start-up and a window straddling an edge. */
  left: ChannelWindow;
  right: ChannelWindow;
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length === 0 ? NaN : sorted[Math.floor(sorted.length / 2)]!;
};

/** Median figures of the windows wholly inside [fromMs, toMs). */
export function spanFigures(analysis: AudioAnalysis, fromMs: number, toMs: number): SpanFigures {
  const windowMs = analysis.windows.length > 1 ? analysis.windows[1]!.tMs - analysis.windows[0]!.tMs : 100;
  const inside = analysis.windows.filter((w) => w.tMs >= fromMs && w.tMs + windowMs <= toMs);
  const side = (pick: (w: AudioWindow) => ChannelWindow): ChannelWindow => {
    const frequencies = Object.keys(inside[0] ? pick(inside[0]).tones : {}).map(Number);
    return {
      rms: median(inside.map((w) => pick(w).rms)),
      tones: Object.fromEntries(frequencies.map((hz) => [hz, median(inside.map((w) => pick(w).tones[hz] ?? 0))])),
    };
  };
  return { windows: inside.length, left: side((w) => w.left), right: side((w) => w.right) };
}

/** The largest RMS of any window wholly inside [fromMs, toMs), per channel: a silent span has both near 0. */
export function spanPeakRms(analysis: AudioAnalysis, fromMs: number, toMs: number): { left: number; right: number; windows: number } {
  const windowMs = analysis.windows.length > 1 ? analysis.windows[1]!.tMs - analysis.windows[0]!.tMs : 100;
  const inside = analysis.windows.filter((w) => w.tMs >= fromMs && w.tMs + windowMs <= toMs);
  return { left: Math.max(0, ...inside.map((w) => w.left.rms)), right: Math.max(0, ...inside.map((w) => w.right.rms)), windows: inside.length };
}
