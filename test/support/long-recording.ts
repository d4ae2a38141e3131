import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { repeatRecording } from '../../hub/src/recordings/remux';

/** The fixture MediaRecorder made (scripts/make-recording-fixture.ts): ~6 s, 440 Hz left, 1000 Hz right, silent 2–4 s. */
export const RECORDING_FIXTURE_PATH = fileURLToPath(new URL('../fixtures/recordings/two-tones.webm', import.meta.url));

export function recordingFixture(): Uint8Array<ArrayBuffer> {
  return new Uint8Array(readFileSync(RECORDING_FIXTURE_PATH));
}

export interface LongRecording {
  /** A seekable WebM/Opus (Duration and Cues), two channels. */
  bytes: Uint8Array<ArrayBuffer>;
  durationMs: number;
}

/**
 * A recording of about `minutes` minutes: the fixture's packets repeated with shifted timestamps
 * (no encoding, about a second for an hour). Its length is a whole number of fixture rounds.
 */
export async function makeLongRecording(minutes: number): Promise<LongRecording> {
  const fixture = recordingFixture();
  const once = await repeatRecording(fixture, 1);
  const times = Math.max(1, Math.round((minutes * 60_000) / once.durationMs));
  const { bytes, durationMs } = await repeatRecording(fixture, times);
  return { bytes, durationMs };
}
