import type {
  AudioContextLike,
  AudioNodeLike,
  BlobEventLike,
  GainNodeLike,
  LevelsNodeLike,
  MediaRecorderLike,
  RecorderMediaDeps,
} from '../../../../../../renderer/src/services/recording/recorder-deps';
import type { CallMedia } from '../../../../../../renderer/src/services/sip/phone-types';

/** A stream with one audio track (or none), as far as the recorder looks at it. */
export const fakeStream = (tracks = 1): MediaStream => ({ getAudioTracks: () => Array.from({ length: tracks }, () => ({})) }) as unknown as MediaStream;

export const fakeCallMedia = (): CallMedia => ({ local: fakeStream(), remote: fakeStream() });

/**
 * Web Audio and MediaRecorder as scripted objects: the test moves the audio clock, hands over
 * chunks and levels, and reads which gain was set to what at which time, and what was connected.
 */
export function fakeRecorderMedia(options: { levelsFail?: boolean } = {}) {
  let currentTime = 12.5;
  const gains: { name: string; values: [number, number][] }[] = [];
  const connections: string[] = [];
  const posted: string[] = [];
  let closed = false;
  let recorder: (MediaRecorderLike & { timeslice: number | null }) | null = null;
  let levels: LevelsNodeLike | null = null;
  /** Levels the worklet still holds when told `stop`. */
  let finalLevels = { agent: [] as number[], customer: [] as number[] };
  /** What MediaRecorder hands over last when stopped. */
  let lastChunk = 'tail';

  const node = (name: string): AudioNodeLike & { name: string } => ({
    name,
    connect(destination, output, input) {
      connections.push(`${name}->${(destination as { name?: string }).name ?? '?'}${input !== undefined ? `:${input}` : ''}`);
      void output;
      return destination;
    },
    disconnect() {
      connections.push(`${name} x`);
    },
  });

  const context: AudioContextLike = {
    get currentTime() {
      return currentTime;
    },
    state: 'running',
    resume: async () => undefined,
    close: async () => {
      closed = true;
    },
    createMediaStreamSource: () => node(`source${connections.filter((c) => c.startsWith('source')).length}`),
    createGain: (): GainNodeLike => {
      const entry = { name: `gain${gains.length}`, values: [] as [number, number][] };
      gains.push(entry);
      return { ...node(entry.name), gain: { setValueAtTime: (value: number, time: number) => entry.values.push([value, time]) } };
    },
    createChannelMerger: () => node('merger'),
    createStereoDestination: () => ({ ...node('destination'), stream: fakeStream() }),
  };

  const deps: RecorderMediaDeps = {
    createAudioContext: () => context,
    createLevelsNode: async () => {
      if (options.levelsFail) throw new Error('addModule refused');
      const port: LevelsNodeLike['port'] = {
        onmessage: null,
        postMessage(message) {
          posted.push(message);
          if (message === 'stop') {
            const rest = finalLevels;
            finalLevels = { agent: [], customer: [] };
            queueMicrotask(() => port.onmessage?.({ data: { ...rest, final: true } }));
          }
        },
      };
      levels = { ...node('levels'), port };
      return levels;
    },
    createMediaRecorder: (_stream, recorderOptions) => {
      const made: MediaRecorderLike & { timeslice: number | null } = {
        state: 'inactive',
        mimeType: recorderOptions.mimeType,
        timeslice: null,
        ondataavailable: null,
        onstop: null,
        onerror: null,
        start(timeslice) {
          (made as { state: string }).state = 'recording';
          made.timeslice = timeslice;
        },
        stop() {
          (made as { state: string }).state = 'inactive';
          queueMicrotask(() => {
            made.ondataavailable?.({ data: new Blob([lastChunk]) } as BlobEventLike);
            made.onstop?.();
          });
        },
      };
      recorder = made;
      return made;
    },
    isTypeSupported: () => true,
  };

  return {
    deps,
    gains,
    connections,
    posted,
    get closed() {
      return closed;
    },
    get recorder() {
      return recorder;
    },
    setTime(seconds: number) {
      currentTime = seconds;
    },
    /** The worklet posts a batch of frames. */
    levels(agent: number[], customer: number[]) {
      levels?.port.onmessage?.({ data: { agent, customer, final: false } });
    },
    holdFinalLevels(agent: number[], customer: number[]) {
      finalLevels = { agent, customer };
    },
    setLastChunk(text: string) {
      lastChunk = text;
    },
    /** MediaRecorder hands over a timeslice's worth. */
    chunk(text: string) {
      recorder?.ondataavailable?.({ data: new Blob([text]) });
    },
  };
}
