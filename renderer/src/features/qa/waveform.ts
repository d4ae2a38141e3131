import type { RecordingLevels } from '../../../../shared/api/recordings';

/*
 * The waveform of both channels, drawn by wavesurfer.js from the levels the console measured while
 * recording: given peaks and a duration it draws at once and never fetches or decodes the audio
 * (an hour of Opus would take seconds and hundreds of MB). The media element plays the hub's file
 * by Range requests; wavesurfer only follows it.
 */

/**
 * A channel's levels (RMS × 1000 per frame) as wavesurfer's peaks: each frame once up and once
 * down, so the drawing is symmetric about its middle line, as a waveform is expected to look.
 */
export function levelsToPeaks(levels: readonly number[]): number[] {
  const peaks = new Array<number>(levels.length * 2);
  levels.forEach((level, index) => {
    const value = Math.min(1, Math.max(0, level / 1000));
    peaks[index * 2] = value;
    peaks[index * 2 + 1] = -value;
  });
  return peaks;
}

export interface Waveform {
  destroy(): void;
}

export interface WaveformSpec {
  container: HTMLElement;
  media: HTMLMediaElement;
  levels: RecordingLevels;
  durationMs: number;
  /** Each channel's height in px. */
  channelHeight: number;
}

/** Loaded with the player only: wavesurfer is not part of the first bundle. */
export async function createWaveform(spec: WaveformSpec): Promise<Waveform> {
  const { default: WaveSurfer } = await import('wavesurfer.js');
  const agent = levelsToPeaks(spec.levels.agent);
  const customer = levelsToPeaks(spec.levels.customer);
  const ws = WaveSurfer.create({
    container: spec.container,
    // The media element already has the ticket's address: wavesurfer takes it from there.
    media: spec.media,
    peaks: [agent.length > 0 ? agent : [0], customer.length > 0 ? customer : [0]],
    duration: spec.durationMs / 1000,
    // Agent (left, channel 0) on top, customer (right, channel 1) below: the labels beside say which.
    splitChannels: [
      { waveColor: '#4096ff', progressColor: '#0958d9', height: spec.channelHeight },
      { waveColor: '#73d13d', progressColor: '#389e0d', height: spec.channelHeight },
    ],
    height: spec.channelHeight,
    cursorColor: '#cf1322',
    cursorWidth: 2,
    // Levels are absolute (0–1000): a quiet call should look quiet, not be stretched to full height.
    normalize: false,
    dragToSeek: true,
    autoScroll: false,
  });
  return { destroy: () => ws.destroy() };
}
