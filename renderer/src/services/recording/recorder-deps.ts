/*
 * The browser media a call recorder uses, as narrow interfaces: the app passes the real Web Audio
 * and MediaRecorder (browser-recorder-deps.ts), unit tests pass fakes that record what was asked of
 * them (a gain set to 0 at which time, the chunks handed over), as sip-phone-deps.ts does for the phone.
 */

export interface AudioParamLike {
  setValueAtTime(value: number, startTime: number): unknown;
}

export interface AudioNodeLike {
  connect(destination: AudioNodeLike, output?: number, input?: number): unknown;
  disconnect(): void;
}

export interface GainNodeLike extends AudioNodeLike {
  readonly gain: AudioParamLike;
}

export interface DestinationNodeLike extends AudioNodeLike {
  readonly stream: MediaStream;
}

export interface LevelsMessage {
  agent: number[];
  customer: number[];
  /** The answer to `stop`: no more levels come. */
  final: boolean;
}

export interface LevelsNodeLike extends AudioNodeLike {
  readonly port: {
    onmessage: ((event: { data: unknown }) => void) | null;
    postMessage(message: 'start' | 'flush' | 'stop'): void;
  };
}

export interface AudioContextLike {
  /** Seconds of audio rendered: the recording's clock (not throttled in a background tab). */
  readonly currentTime: number;
  readonly state: string;
  resume(): Promise<void>;
  close(): Promise<void>;
  createMediaStreamSource(stream: MediaStream): AudioNodeLike;
  createGain(): GainNodeLike;
  createChannelMerger(inputs: number): AudioNodeLike;
  /** Two channels: agent left, customer right. */
  createStereoDestination(): DestinationNodeLike;
}

export interface BlobEventLike {
  readonly data: Blob;
}

export interface MediaRecorderLike {
  readonly state: 'inactive' | 'recording' | 'paused';
  readonly mimeType: string;
  ondataavailable: ((event: BlobEventLike) => void) | null;
  onstop: (() => void) | null;
  onerror: ((event: unknown) => void) | null;
  start(timesliceMs: number): void;
  stop(): void;
}

export interface RecorderMediaDeps {
  createAudioContext(): AudioContextLike;
  /** The level meter on the audio thread (levels-worklet.ts), after its module is loaded into `context`. */
  createLevelsNode(context: AudioContextLike, frameMs: number): Promise<LevelsNodeLike>;
  createMediaRecorder(stream: MediaStream, options: { mimeType: string; audioBitsPerSecond: number }): MediaRecorderLike;
  isTypeSupported(mimeType: string): boolean;
}
