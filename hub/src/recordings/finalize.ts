import type { FastifyBaseLogger } from 'fastify';
import type { Clock } from '../clock';
import type { Db } from '../db/db';
import { completeUpload, findRecording } from './recording-repo';
import { readBytes, type RecordingStore } from './recording-store';
import { probeRecording, remuxToSeekable, UnreadableRecordingError } from './remux';

/**
 * The whole file has arrived: make it seekable and mark it ready, or keep it as it came and mark it
 * unreadable. Runs in the request of the last PATCH (the console waits, a few hundred ms for an
 * hour's call) and again from a HEAD when a process died between the last byte and the status.
 */
export async function finalizeUpload(db: Db, store: RecordingStore, clock: Clock, callId: string, log: FastifyBaseLogger): Promise<void> {
  const row = await findRecording(db, callId);
  if (row === null || row.status !== 'uploading' || row.received_bytes !== row.length) return;
  let result;
  try {
    result = await remuxToSeekable({ size: row.length, read: (start, end) => readBytes(store, callId, 'partial', start, end) });
    // Read the new file back: a remux that lost a channel or the cues must not replace the upload.
    const probe = await probeRecording(result.bytes);
    if (probe.numberOfChannels !== result.numberOfChannels || !probe.hasCues) {
      throw new Error(`remux of ${callId} came out with ${probe.numberOfChannels} channels (had ${result.numberOfChannels}), cues: ${probe.hasCues}`);
    }
  } catch (error) {
    if (!(error instanceof UnreadableRecordingError)) throw error;
    log.warn({ callId, reason: error.message }, 'recording kept as uploaded: unreadable');
    await store.promotePartial(callId);
    await completeUpload(db, callId, { status: 'unreadable', bytes: row.length, durationMs: null, channels: null, now: clock.now() });
    return;
  }
  await store.putRecording(callId, result.bytes);
  if (await completeUpload(db, callId, { status: 'ready', bytes: result.bytes.byteLength, durationMs: result.durationMs, channels: result.numberOfChannels, now: clock.now() })) {
    await store.deletePartial(callId);
  }
}
