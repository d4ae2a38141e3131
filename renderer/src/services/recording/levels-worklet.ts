/*
 * The recorder's level meter, run on the audio rendering thread: an AudioWorklet keeps counting in a
 * background tab, where timers and requestAnimationFrame are throttled. It passes the two channels
 * through unchanged (so it sits on the path to the recorder and is always pulled) and posts the
 * levels of finished frames about once a second, and all of them when told `flush`. It counts from
 * `start` only: the graph runs for a while (IndexedDB, the worklet's own loading) before the recorder
 * starts, and frame 0 must be the recording's first 100 ms, or the waveform would lead the audio.
 *
 * Loaded by URL (`?worker&url`): Vite bundles it into one file of the console's own origin, which the
 * CSP's `script-src 'self'` allows and Electron's app:// protocol serves as JavaScript.
 */
// Nothing from shared/api: its zod schemas would be bundled into the audio thread.
import { LEVELS_PROCESSOR, LevelMeter } from './level-meter';

declare const sampleRate: number;
declare class AudioWorkletProcessor {
  readonly port: MessagePort;
}
declare function registerProcessor(name: string, processor: new (options: { processorOptions?: { frameMs?: number } }) => AudioWorkletProcessor): void;

const POST_EVERY_FRAMES = 10;

class LevelsProcessor extends AudioWorkletProcessor {
  private readonly meter: LevelMeter;
  private stopped = false;
  private started = false;

  constructor(options: { processorOptions?: { frameMs?: number } }) {
    super();
    this.meter = new LevelMeter(sampleRate, options.processorOptions?.frameMs ?? 100);
    this.port.onmessage = (event: MessageEvent) => {
      if (event.data === 'start') {
        this.meter.reset();
        this.started = true;
        return;
      }
      if (event.data !== 'flush' && event.data !== 'stop') return;
      this.port.postMessage({ ...this.meter.take(), final: event.data === 'stop' });
      if (event.data === 'stop') this.stopped = true;
    };
  }

  process(inputs: Float32Array[][], outputs: Float32Array[][]): boolean {
    if (this.stopped) return false;
    const input = inputs[0] ?? [];
    const output = outputs[0] ?? [];
    const length = output[0]?.length ?? input[0]?.length ?? 0;
    for (let ch = 0; ch < output.length; ch += 1) {
      const source = input[ch];
      if (source) output[ch]!.set(source);
    }
    if (!this.started) return true;
    this.meter.push(input[0], input[1], input.length > 0 ? length : 0);
    if (this.meter.ready >= POST_EVERY_FRAMES) this.port.postMessage({ ...this.meter.take(), final: false });
    return true;
  }
}

registerProcessor(LEVELS_PROCESSOR, LevelsProcessor);
