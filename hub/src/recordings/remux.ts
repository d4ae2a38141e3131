import {
  ALL_FORMATS,
  BufferTarget,
  CustomSource,
  EncodedAudioPacketSource,
  EncodedPacketSink,
  Input,
  Output,
  WEBM,
  WebMOutputFormat,
  type EncodedPacket,
  type InputAudioTrack,
} from 'mediabunny';

/*
 * MediaRecorder writes WebM as it goes: no Duration, no Cues, so a browser cannot seek in it without
 * reading it from the start (an hour's recording: every click on the waveform would download up to
 * 30 MB). The hub writes the same Opus packets into a new WebM that has both. Packets are copied, never
 * decoded or encoded: nothing of the audio changes and no codec is needed on the server.
 */

/** What the remux reads: the bytes of the uploaded file, by range, so a store can serve them. */
export interface RemuxInput {
  size: number;
  /** Bytes [start, end) of the file. */
  read(start: number, end: number): Promise<Uint8Array>;
}

export interface RemuxResult {
  bytes: Uint8Array<ArrayBuffer>;
  durationMs: number;
  numberOfChannels: number;
}

/** The bytes are not a WebM file with an Opus track: kept as they came, status `unreadable`. */
export class UnreadableRecordingError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UnreadableRecordingError';
  }
}

const asInput = (source: Uint8Array | RemuxInput): RemuxInput =>
  source instanceof Uint8Array ? { size: source.byteLength, read: async (start, end) => source.subarray(start, end) } : source;

async function openOpusTrack(source: RemuxInput): Promise<{ input: Input; track: InputAudioTrack }> {
  const input = new Input({
    formats: ALL_FORMATS,
    source: new CustomSource({ getSize: () => source.size, read: (start, end) => source.read(start, end), prefetchProfile: 'fileSystem' }),
  });
  try {
    const format = await input.getFormat();
    // WebM only: Matroska (MKV) would parse too, but the console never sends it.
    if (format !== WEBM) throw new UnreadableRecordingError(`the file is ${format.name}, not WebM`);
    const tracks = await input.getAudioTracks();
    if (tracks.length !== 1) throw new UnreadableRecordingError(`the file has ${tracks.length} audio tracks; a recording has one`);
    const track = tracks[0] as InputAudioTrack;
    if (track.codec !== 'opus') throw new UnreadableRecordingError(`the audio is ${track.codec ?? 'of an unknown codec'}, not Opus`);
    return { input, track };
  } catch (error) {
    input.dispose();
    if (error instanceof UnreadableRecordingError) throw error;
    throw new UnreadableRecordingError(`not a readable WebM file (${(error as Error).message})`);
  }
}

/**
 * Writes `packets` (in decode order) into a fresh seekable WebM. `shift` maps each packet to the
 * packet to write, which is how a long recording is made from a short one.
 */
async function writeWebm(
  track: InputAudioTrack,
  packets: (sink: EncodedPacketSink) => AsyncIterable<EncodedPacket>,
): Promise<{ bytes: Uint8Array<ArrayBuffer>; lastEnd: number }> {
  const decoderConfig = await track.getDecoderConfig();
  if (decoderConfig === null) throw new UnreadableRecordingError('the Opus track has no decoder configuration');
  const target = new BufferTarget();
  const output = new Output({ format: new WebMOutputFormat(), target });
  const source = new EncodedAudioPacketSource('opus');
  output.addAudioTrack(source);
  await output.start();
  let first = true;
  let lastEnd = 0;
  try {
    for await (const packet of packets(new EncodedPacketSink(track))) {
      await source.add(packet, first ? { decoderConfig } : undefined);
      first = false;
      lastEnd = Math.max(lastEnd, packet.timestamp + packet.duration);
    }
  } catch (error) {
    await output.cancel();
    throw new UnreadableRecordingError(`the packets could not be read (${(error as Error).message})`);
  }
  if (first) {
    await output.cancel();
    throw new UnreadableRecordingError('the file has no audio packets');
  }
  await output.finalize();
  if (target.buffer === null) throw new Error('mediabunny finalized without a buffer');
  return { bytes: new Uint8Array(target.buffer), lastEnd };
}

/**
 * The recording as a seekable WebM (Duration and Cues), with the same Opus packets. Throws
 * UnreadableRecordingError when the bytes are not WebM with one Opus track.
 */
export async function remuxToSeekable(source: Uint8Array | RemuxInput): Promise<RemuxResult> {
  const { input, track } = await openOpusTrack(asInput(source));
  try {
    const numberOfChannels = track.numberOfChannels;
    const { bytes, lastEnd } = await writeWebm(track, (sink) => sink.packets());
    return { bytes, durationMs: Math.round(lastEnd * 1000), numberOfChannels };
  } finally {
    input.dispose();
  }
}

/**
 * A recording `times` as long as `source`: its packets again and again, each round shifted by the
 * length of the one before. For benchmarks and tests of long files (an hour from a 6 s fixture)
 * without recording an hour.
 */
export async function repeatRecording(source: Uint8Array, times: number): Promise<RemuxResult> {
  const { input, track } = await openOpusTrack(asInput(source));
  try {
    const sink = new EncodedPacketSink(track);
    const first = await sink.getFirstPacket();
    const last = await sink.getPacket(Infinity);
    if (first === null || last === null) throw new UnreadableRecordingError('the file has no audio packets');
    // Whole milliseconds (WebM's timescale), or float error puts a packet before its predecessor.
    const roundMs = Math.round((last.timestamp + last.duration - first.timestamp) * 1000);
    const { bytes, lastEnd } = await writeWebm(track, async function* (packets) {
      for (let i = 0; i < times; i += 1) {
        for await (const packet of packets.packets()) {
          const ms = Math.round((packet.timestamp - first.timestamp) * 1000) + i * roundMs;
          yield packet.clone({ timestamp: ms / 1000 });
        }
      }
    });
    return { bytes, durationMs: Math.round(lastEnd * 1000), numberOfChannels: track.numberOfChannels };
  } finally {
    input.dispose();
  }
}

/** What a stored recording says about itself, read back (tests, and a check after the remux). */
export async function probeRecording(bytes: Uint8Array): Promise<{ durationMs: number; numberOfChannels: number; hasCues: boolean }> {
  const { input, track } = await openOpusTrack(asInput(bytes));
  try {
    const duration = await input.computeDuration();
    // Cues element id 0x1C53BB6B: mediabunny seeks with them but does not say whether they exist.
    const hasCues = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).includes(Buffer.from([0x1c, 0x53, 0xbb, 0x6b]));
    return { durationMs: Math.round(duration * 1000), numberOfChannels: track.numberOfChannels, hasCues };
  } finally {
    input.dispose();
  }
}
