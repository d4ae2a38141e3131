/**
 * Levels of the two recorded channels per frame (RMS × 1000, rounded; 0 = digital silence), counted
 * sample by sample so that frame n covers exactly [n·frame, (n+1)·frame) of the recording whatever
 * size the audio arrives in (an AudioWorklet gets 128 samples at a time, which does not divide
 * 100 ms at 44.1 or 48 kHz). Pure, so the worklet and the tests share it.
 */
/** The AudioWorkletProcessor's registered name (levels-worklet.ts). */
export const LEVELS_PROCESSOR = 'call-recording-levels';

export interface LevelFrames {
  agent: number[];
  customer: number[];
}

export class LevelMeter {
  private readonly frameSamples: number;
  private sums = [0, 0];
  private count = 0;
  private pending: LevelFrames = { agent: [], customer: [] };

  constructor(sampleRate: number, frameMs: number) {
    this.frameSamples = Math.max(1, Math.round((sampleRate * frameMs) / 1000));
  }

  /** One block of audio; a missing channel (nothing connected yet) counts as silence. */
  push(agent: ArrayLike<number> | undefined, customer: ArrayLike<number> | undefined, length: number): void {
    for (let i = 0; i < length; i += 1) {
      const a = agent ? (agent[i] ?? 0) : 0;
      const c = customer ? (customer[i] ?? 0) : 0;
      this.sums[0]! += a * a;
      this.sums[1]! += c * c;
      this.count += 1;
      if (this.count === this.frameSamples) {
        this.pending.agent.push(level(this.sums[0]!, this.count));
        this.pending.customer.push(level(this.sums[1]!, this.count));
        this.sums = [0, 0];
        this.count = 0;
      }
    }
  }

  /** Forgets everything counted: frame 0 begins with the next sample (the recorder has just started). */
  reset(): void {
    this.sums = [0, 0];
    this.count = 0;
    this.pending = { agent: [], customer: [] };
  }

  /** Frames completed since the last take. */
  get ready(): number {
    return this.pending.agent.length;
  }

  take(): LevelFrames {
    const frames = this.pending;
    this.pending = { agent: [], customer: [] };
    return frames;
  }
}

function level(sumOfSquares: number, count: number): number {
  return Math.min(1000, Math.round(Math.sqrt(sumOfSquares / count) * 1000));
}
