import type { AudioContextLike, LevelsNodeLike, MediaRecorderLike, RecorderMediaDeps } from './recorder-deps';
import { LEVELS_PROCESSOR } from './level-meter';
// Bundled by Vite into a file of its own (out/renderer/assets/levels-worklet-*.js): a same-origin
// script URL is what the CSP (script-src 'self') and the app:// protocol allow; a blob: URL is not.
import levelsWorkletUrl from './levels-worklet.ts?worker&url';

type StereoContext = AudioContextLike & { readonly raw: AudioContext };

function wrapContext(context: AudioContext): StereoContext {
  return {
    raw: context,
    get currentTime() {
      return context.currentTime;
    },
    get state() {
      return context.state;
    },
    resume: () => context.resume(),
    close: () => context.close(),
    createMediaStreamSource: (stream) => context.createMediaStreamSource(stream) as unknown as ReturnType<AudioContextLike['createMediaStreamSource']>,
    createGain: () => context.createGain() as unknown as ReturnType<AudioContextLike['createGain']>,
    createChannelMerger: (inputs) => context.createChannelMerger(inputs) as unknown as ReturnType<AudioContextLike['createChannelMerger']>,
    createStereoDestination: () => {
      const destination = context.createMediaStreamDestination();
      destination.channelCount = 2;
      destination.channelCountMode = 'explicit';
      destination.channelInterpretation = 'discrete';
      return destination as unknown as ReturnType<AudioContextLike['createStereoDestination']>;
    },
  };
}

/** The real Web Audio and MediaRecorder of Chromium (the Electron renderer or a browser tab). */
export function browserRecorderDeps(): RecorderMediaDeps {
  return {
    // 48 kHz is Opus's own rate: no resampling between the graph and the encoder.
    createAudioContext: () => wrapContext(new AudioContext({ sampleRate: 48_000, latencyHint: 'playback' })),
    createLevelsNode: async (context, frameMs) => {
      const raw = (context as StereoContext).raw;
      await raw.audioWorklet.addModule(levelsWorkletUrl);
      const node = new AudioWorkletNode(raw, LEVELS_PROCESSOR, {
        numberOfInputs: 1,
        numberOfOutputs: 1,
        outputChannelCount: [2],
        channelCount: 2,
        channelCountMode: 'explicit',
        channelInterpretation: 'discrete',
        processorOptions: { frameMs },
      });
      return node as unknown as LevelsNodeLike;
    },
    createMediaRecorder: (stream, options) => new MediaRecorder(stream, options) as unknown as MediaRecorderLike,
    isTypeSupported: (mimeType) => typeof MediaRecorder !== 'undefined' && MediaRecorder.isTypeSupported(mimeType),
  };
}
