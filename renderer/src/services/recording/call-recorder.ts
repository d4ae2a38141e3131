import { RECORDING_FRAME_MS, type RecordingPause } from '../../../../shared/api/recordings';
import type { Logger } from '../../logger';
import type { AppDb } from '../local-db/app-db';
import type { CallMedia } from '../sip/phone-types';
import type { AudioContextLike, AudioNodeLike, GainNodeLike, LevelsMessage, MediaRecorderLike, RecorderMediaDeps } from './recorder-deps';
import { appendChunk, beginRecording, finishRecording, savePauses, setRecordingStart } from './recording-store';

/** Opus in WebM, as the hub stores and serves it (shared/api/recordings.ts). */
export const RECORDING_MIME_TYPE = 'audio/webm;codecs=opus';
/** Two voices, speech: 48 kbit/s is transparent for Opus and ~21 MB an hour. */
export const RECORDING_BITS_PER_SECOND = 48_000;
/** MediaRecorder hands a chunk over this often; each is in IndexedDB a moment later. */
export const RECORDING_TIMESLICE_MS = 1_000;
/** How long stop() waits for the last levels and the last chunk before it closes anyway. */
export const RECORDING_STOP_TIMEOUT_MS = 3_000;

export interface RecorderClock {
  now(): number;
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export interface PauseAuthor {
  userId: string;
  name: string;
}

export interface CallRecorderOptions {
  callId: string;
  media: CallMedia;
  db: AppDb;
  deps: RecorderMediaDeps;
  clock: RecorderClock;
  log: Logger;
  /** A chunk or a pause could not be written (a full disk): the controller shows it. */
  onWriteError(error: unknown): void;
}

export interface CallRecorder {
  readonly callId: string;
  /** The pause in force, null while recording. */
  readonly currentPause: RecordingPause | null;
  readonly pauses: readonly RecordingPause[];
  /** ms of the recording clock (AudioContext time since the start). */
  position(): number;
  /**
   * Silences both channels from now on (nothing said is stored) and keeps who and why. Null when
   * already paused: the first pause's reason stands.
   */
  pause(reason: string, source: RecordingPause['source'], by: PauseAuthor): Promise<RecordingPause | null>;
  /** Sound again from now on; the pause it ends, or null when not paused. */
  resume(): Promise<RecordingPause | null>;
  /** The phone swapped the call's streams (a microphone switched): the sources are wired again. */
  rewire(media: CallMedia): void;
  /** Ends the recording: the last chunk and levels are written and the row is `finished`. Idempotent. */
  stop(): Promise<void>;
}

/**
 * Starts recording a connected call. The graph: agent microphone → gain ─┐
 *                                                                        ├ merger(2) → levels → stereo destination → MediaRecorder
 *                                          customer (remote) → gain ─────┘
 * A pause sets both gains to 0 at an AudioContext time (setValueAtTime: exact to the sample, where a
 * track's `enabled` or MediaRecorder.pause() would shift or cut the timeline). The recorder keeps
 * running, so the recording's clock stays the call's clock.
 */
export async function startCallRecorder(options: CallRecorderOptions): Promise<CallRecorder> {
  const { callId, db, deps, clock, log } = options;
  const context: AudioContextLike = deps.createAudioContext();
  const nodes: AudioNodeLike[] = [];
  const gains: [GainNodeLike, GainNodeLike] = [context.createGain(), context.createGain()];
  let sources: AudioNodeLike[] = [];
  try {
    if (context.state !== 'running') await context.resume();
    const merger = context.createChannelMerger(2);
    gains[0].connect(merger, 0, 0);
    gains[1].connect(merger, 0, 1);
    const destination = context.createStereoDestination();
    nodes.push(merger, destination, ...gains);
    let levels: Awaited<ReturnType<RecorderMediaDeps['createLevelsNode']>> | null = null;
    try {
      levels = await deps.createLevelsNode(context, RECORDING_FRAME_MS);
      merger.connect(levels);
      levels.connect(destination);
      nodes.push(levels);
    } catch (error) {
      // The audio matters more than its waveform: record without levels rather than not at all.
      log.warn('the level meter could not start; recording without levels', error);
      levels = null;
      merger.connect(destination);
    }
    sources = connectSources(context, options.media, gains, log);
    const mimeType = deps.isTypeSupported(RECORDING_MIME_TYPE) ? RECORDING_MIME_TYPE : 'audio/webm';
    const recorder = deps.createMediaRecorder(destination.stream, { mimeType, audioBitsPerSecond: RECORDING_BITS_PER_SECOND });
    const created = await beginRecording(db, { callId, startedAt: new Date(clock.now()).toISOString(), mimeType }, clock.now());
    if (!created) throw new Error(`call ${callId} already has a recording`);
    return run({ ...options, context, recorder, gains, levels, nodes, sources });
  } catch (error) {
    for (const node of [...sources, ...nodes]) safeDisconnect(node);
    await context.close().catch(() => undefined);
    throw error;
  }
}

function safeDisconnect(node: AudioNodeLike): void {
  try {
    node.disconnect();
  } catch {
    // Already disconnected.
  }
}

/** Each side into its gain; a side without an audio track (yet) stays silent rather than failing the recording. */
function connectSources(context: AudioContextLike, media: CallMedia, gains: readonly [GainNodeLike, GainNodeLike], log: Logger): AudioNodeLike[] {
  const sources: AudioNodeLike[] = [];
  ([media.local, media.remote] as const).forEach((stream, channel) => {
    if (stream.getAudioTracks().length === 0) {
      log.warn(`the ${channel === 0 ? 'agent' : 'customer'} side has no audio track to record`);
      return;
    }
    const source = context.createMediaStreamSource(stream);
    source.connect(gains[channel]!);
    sources.push(source);
  });
  return sources;
}

interface Running extends CallRecorderOptions {
  context: AudioContextLike;
  recorder: MediaRecorderLike;
  gains: [GainNodeLike, GainNodeLike];
  levels: Awaited<ReturnType<RecorderMediaDeps['createLevelsNode']>> | null;
  nodes: AudioNodeLike[];
  sources: AudioNodeLike[];
}

function run(r: Running): CallRecorder {
  const { callId, db, clock, log, context, recorder, gains } = r;
  // The recording's clock starts here, not when startCallRecorder was entered: resuming the context,
  // loading the worklet and the first IndexedDB write take from milliseconds to seconds, and every
  // call-log marker is placed by `event.at − startedAt`. The meter counts from here too.
  r.levels?.port.postMessage('start');
  const t0 = context.currentTime;
  const startedAt = new Date(clock.now()).toISOString();
  let sources = r.sources;
  const pauses: RecordingPause[] = [];
  let current: RecordingPause | null = null;
  let pendingLevels: { agent: number[]; customer: number[] } = { agent: [], customer: [] };
  let writes: Promise<void> = Promise.resolve();
  let stopping: Promise<void> | null = null;
  let finalLevels: (() => void) | null = null;
  let recorderStopped: (() => void) | null = null;

  const position = (): number => Math.max(0, Math.round((context.currentTime - t0) * 1000));
  /** One write at a time, in order: chunk n is always written before chunk n + 1. */
  const write = (task: () => Promise<void>): Promise<void> => {
    writes = writes.then(task).catch((error: unknown) => {
      log.error(`a write of the recording of call ${callId} failed`, error);
      r.onWriteError(error);
    });
    return writes;
  };
  const takeLevels = () => {
    const levels = pendingLevels;
    pendingLevels = { agent: [], customer: [] };
    return levels;
  };

  if (r.levels) {
    r.levels.port.onmessage = (event) => {
      const message = event.data as Partial<LevelsMessage> | null;
      if (!message || !Array.isArray(message.agent) || !Array.isArray(message.customer)) return;
      pendingLevels.agent.push(...message.agent);
      pendingLevels.customer.push(...message.customer);
      if (message.final) finalLevels?.();
    };
  }

  recorder.ondataavailable = (event) => {
    const blob = event.data;
    const durationMs = position();
    const levels = takeLevels();
    if (blob.size === 0 && levels.agent.length === 0) return;
    void write(() => appendChunk(db, callId, { blob, ...levels, durationMs }, clock.now()));
  };
  recorder.onstop = () => recorderStopped?.();
  recorder.onerror = (event) => log.error(`the recorder of call ${callId} failed`, event);
  recorder.start(RECORDING_TIMESLICE_MS);
  void write(() => setRecordingStart(db, callId, startedAt, clock.now()));
  log.info('recording call', callId);

  /** Waits for `arm` to be called back, or the timeout: stop() never hangs on a dead audio thread. */
  const waitFor = (arm: (done: () => void) => void): Promise<void> =>
    new Promise<void>((resolve) => {
      const timer = clock.setTimeout(() => resolve(), RECORDING_STOP_TIMEOUT_MS);
      arm(() => {
        clock.clearTimeout(timer);
        resolve();
      });
    });

  async function finish(): Promise<void> {
    // A pause still open keeps endMs null: "still paused when the recording ended".
    const durationMs = position();
    const levelsDone = r.levels
      ? waitFor((done) => {
          finalLevels = done;
          r.levels!.port.postMessage('stop');
        })
      : Promise.resolve();
    const recorderDone =
      recorder.state === 'inactive'
        ? Promise.resolve()
        : waitFor((done) => {
            recorderStopped = done;
            recorder.stop();
          });
    await Promise.all([levelsDone, recorderDone]);
    // Levels that came after the last chunk ride on an empty one, so the analysis has them all.
    const rest = takeLevels();
    if (rest.agent.length > 0) void write(() => appendChunk(db, callId, { blob: new Blob([]), ...rest, durationMs }, clock.now()));
    await write(() => finishRecording(db, callId, { durationMs, pauses }, clock.now()));
    for (const node of [...sources, ...r.nodes]) safeDisconnect(node);
    await context.close().catch((error: unknown) => log.warn('the recording audio context did not close', error));
    log.info('recording ended', callId, `${durationMs} ms`);
  }

  return {
    callId,
    get currentPause() {
      return current;
    },
    get pauses() {
      return pauses;
    },
    position,
    async pause(reason, source, by) {
      if (current || stopping) return null;
      const at = context.currentTime;
      for (const gain of gains) gain.gain.setValueAtTime(0, at);
      current = { startMs: Math.max(0, Math.round((at - t0) * 1000)), endMs: null, source, byUserId: by.userId, byName: by.name.slice(0, 120), reason: reason.slice(0, 200) };
      pauses.push(current);
      await write(() => savePauses(db, callId, pauses, clock.now()));
      return current;
    },
    async resume() {
      if (!current || stopping) return null;
      const at = context.currentTime;
      for (const gain of gains) gain.gain.setValueAtTime(1, at);
      current.endMs = Math.max(current.startMs, Math.round((at - t0) * 1000));
      const ended = current;
      current = null;
      await write(() => savePauses(db, callId, pauses, clock.now()));
      return ended;
    },
    rewire(media) {
      if (stopping) return;
      for (const source of sources) safeDisconnect(source);
      sources = connectSources(context, media, gains, log);
    },
    stop() {
      stopping ??= finish();
      return stopping;
    },
  };
}
