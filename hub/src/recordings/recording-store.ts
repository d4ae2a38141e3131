import { mkdir, open, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable } from 'node:stream';

/*
 * The bytes of recordings, apart from what the database knows about them. One key per recording
 * (the call's id, a UUID the hub has checked: never a path from a client). Each key has two
 * objects: the upload in progress (`partial`, appended to at the offset the database says it has
 * reached) and the finished recording (`recording`, replaced as a whole). The shape is what an
 * S3-compatible store can do too: partial ≈ a multipart upload's parts, recording ≈ an object with
 * ranged GETs. Which offset counts is the database's to say (recordings.received_bytes), never a
 * process's memory, so any hub process may take the next PATCH of an upload.
 */
export interface RecordingStore {
  /** Shown in logs: where the bytes are. */
  readonly description: string;
  /** Makes an empty upload for `key`; keeps what an existing one holds (a repeated creation). */
  createPartial(key: string): Promise<void>;
  /**
   * Writes `data` at `offset` of the upload, dropping anything stored beyond `offset` first (bytes
   * of a PATCH that was cut off before the database counted them). Resolves to the size after the
   * write, which is only durable once it resolves; on a stream error, what arrived is kept and the
   * error is thrown.
   */
  writePartial(key: string, offset: number, data: Readable): Promise<number>;
  /** Bytes of the upload in progress, or of the finished recording; null when there is none. */
  size(key: string, object: RecordingObject): Promise<number | null>;
  /** Bytes [start, end] (inclusive, as in HTTP ranges) of the upload or the recording. */
  read(key: string, object: RecordingObject, range?: { start: number; end: number }): Promise<Readable>;
  /** Stores `bytes` as the finished recording, replacing any: readers see the old or the new file, never a mix. */
  putRecording(key: string, bytes: Uint8Array): Promise<void>;
  /** The upload as it is becomes the finished recording (a file kept as it came). */
  promotePartial(key: string): Promise<void>;
  /** Drops the upload in progress; nothing if there is none. */
  deletePartial(key: string): Promise<void>;
  /** Drops everything of `key`. */
  delete(key: string): Promise<void>;
}

export type RecordingObject = 'partial' | 'recording';

const KEY = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** Keys become file names: anything but a lower-case UUID is a programming error, not input to clean. */
function checkKey(key: string): string {
  if (!KEY.test(key)) throw new Error(`not a recording key: ${JSON.stringify(key)}`);
  return key;
}

const notFound = (error: unknown): boolean => (error as NodeJS.ErrnoException).code === 'ENOENT';

/**
 * Recordings as files under `dir`, fanned out by the id's last two hex digits (UUIDv7 begin with
 * the time, so the end is what spreads them): `ab/<id>.webm` and `ab/<id>.part`. For one hub, or
 * several sharing the directory over a network file system.
 */
export function diskRecordingStore(dir: string): RecordingStore {
  const folder = (key: string) => join(dir, checkKey(key).slice(-2));
  const path = (key: string, object: RecordingObject) => join(folder(key), `${key}.${object === 'partial' ? 'part' : 'webm'}`);

  async function size(key: string, object: RecordingObject): Promise<number | null> {
    try {
      return (await stat(path(key, object))).size;
    } catch (error) {
      if (notFound(error)) return null;
      throw error;
    }
  }

  return {
    description: `directory ${dir}`,

    async createPartial(key) {
      await mkdir(folder(key), { recursive: true });
      // 'a' creates without truncating: a repeated creation keeps what arrived.
      const handle = await open(path(key, 'partial'), 'a');
      await handle.close();
    },

    async writePartial(key, offset, data) {
      const file = path(key, 'partial');
      const handle = await open(file, 'r+');
      try {
        await handle.truncate(offset);
        let position = offset;
        let failure: unknown = null;
        try {
          for await (const chunk of data) {
            const bytes = chunk as Buffer;
            let done = 0;
            while (done < bytes.length) {
              const { bytesWritten } = await handle.write(bytes, done, bytes.length - done, position);
              done += bytesWritten;
              position += bytesWritten;
            }
          }
        } catch (error) {
          failure = error;
        }
        // What the database will count must be on the disk first.
        await handle.sync();
        if (failure !== null) throw Object.assign(failure as Error, { bytesStored: position });
        return position;
      } finally {
        await handle.close();
      }
    },

    size,

    async read(key, object, range) {
      // Opened before the stream is handed out, so a missing file is an error here, not mid-response;
      // and a replay goes on reading the file it opened when putRecording renames a new one over it.
      const handle = await open(path(key, object), 'r');
      return handle.createReadStream({ start: range?.start, end: range?.end, autoClose: true });
    },

    async putRecording(key, bytes) {
      await mkdir(folder(key), { recursive: true });
      const final = path(key, 'recording');
      // Written beside and renamed: a reader in the middle of a replay keeps the file it opened.
      const temporary = `${final}.${process.pid}.${Date.now()}.tmp`;
      try {
        const handle = await open(temporary, 'w');
        try {
          await handle.writeFile(bytes);
          await handle.sync();
        } finally {
          await handle.close();
        }
        await rename(temporary, final);
      } catch (error) {
        await rm(temporary, { force: true });
        throw error;
      }
    },

    async promotePartial(key) {
      await rename(path(key, 'partial'), path(key, 'recording'));
    },

    async deletePartial(key) {
      await rm(path(key, 'partial'), { force: true });
    },

    async delete(key) {
      await rm(path(key, 'partial'), { force: true });
      await rm(path(key, 'recording'), { force: true });
    },
  };
}

/** Reads a range of a stored object into memory (the remux reads the upload this way). */
export async function readBytes(store: RecordingStore, key: string, object: RecordingObject, start: number, endExclusive: number): Promise<Uint8Array> {
  const stream = await store.read(key, object, { start, end: endExclusive - 1 });
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}
