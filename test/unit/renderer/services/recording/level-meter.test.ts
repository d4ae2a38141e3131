import { describe, expect, it } from 'vitest';
import { LevelMeter } from '../../../../../renderer/src/services/recording/level-meter';

describe('LevelMeter', () => {
  it('closes a frame every 100 ms of samples whatever block size the audio comes in', () => {
    const meter = new LevelMeter(48_000, 100);
    const block = new Float32Array(128).fill(0.5);
    for (let i = 0; i < 75; i += 1) meter.push(block, block, 128); // 9600 samples = 2 frames
    expect(meter.ready).toBe(2);
    const frames = meter.take();
    expect(frames).toEqual({ agent: [500, 500], customer: [500, 500] });
    expect(meter.ready).toBe(0);
  });

  it('measures each channel on its own as RMS × 1000', () => {
    const meter = new LevelMeter(1000, 100);
    const sine = Float32Array.from({ length: 100 }, (_, i) => Math.sin((2 * Math.PI * i) / 20));
    meter.push(sine, new Float32Array(100), 100);
    expect(meter.take()).toEqual({ agent: [707], customer: [0] });
  });

  it('counts a missing channel as silence when nothing is connected to it', () => {
    const meter = new LevelMeter(1000, 100);
    meter.push(undefined, new Float32Array(100).fill(-1), 100);
    expect(meter.take()).toEqual({ agent: [0], customer: [1000] });
  });

  it('starts frame 0 afresh when reset, dropping what was counted before the recorder started', () => {
    const meter = new LevelMeter(1000, 100);
    meter.push(new Float32Array(150).fill(1), new Float32Array(150).fill(1), 150); // one frame and a half, loud
    meter.reset();
    meter.push(new Float32Array(100), new Float32Array(100), 100);
    expect(meter.take()).toEqual({ agent: [0], customer: [0] });
  });
});
