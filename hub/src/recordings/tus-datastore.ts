import type { Readable } from 'node:stream';
import { DataStore, ERRORS, Upload } from '@tus/utils';
import type { Clock } from '../clock';
import type { Db } from '../db/db';
import { advanceUpload, findRecording, insertUpload } from './recording-repo';
import type { RecordingStore } from './recording-store';

/*
 * tus's view of our recordings: the offset is `recordings.received_bytes` and the bytes are the
 * store's partial object. Nothing is kept in this process between requests (why not
 * @tus/file-store: its offsets are the size of a file on this process's disk and its metadata a
 * JSON file beside it, which a second process behind the load balancer would not see unless the
 * disk were shared, and an S3 store would need the S3 datastore's own layout besides ours).
 *
 * The upload id is the call id; the hub's routes check it (a UUID) and the user before tus runs.
 */

/** The owner of a new upload, passed by the route through the upload's metadata. */
export const AGENT_METADATA_KEY = 'hubAgentId';

export class RecordingDataStore extends DataStore {
  constructor(
    private readonly db: Db,
    private readonly store: RecordingStore,
    private readonly clock: Clock,
  ) {
    super();
    // No termination (a recording is evidence; the console never deletes one), no deferred length.
    this.extensions = ['creation', 'creation-with-upload'];
  }

  override async create(upload: Upload): Promise<Upload> {
    const agentId = upload.metadata?.[AGENT_METADATA_KEY];
    if (typeof agentId !== 'string' || upload.size === undefined) throw ERRORS.INVALID_LENGTH;
    const created = await insertUpload(this.db, { callId: upload.id, agentId, length: upload.size, now: this.clock.now() });
    if (!created) {
      // The route answered repeats of one's own upload already: this is a creation racing another.
      throw { status_code: 409, body: 'This call has a recording upload already' };
    }
    // Row first, file second: a crash in between leaves a row whose first PATCH makes the file.
    await this.store.createPartial(upload.id);
    upload.creation_date = this.clock.now().toISOString();
    return upload;
  }

  override async getUpload(id: string): Promise<Upload> {
    const row = await findRecording(this.db, id);
    if (row === null) throw ERRORS.FILE_NOT_FOUND;
    return new Upload({
      id,
      size: row.length,
      // A finished upload reports its whole length, so a client that lost the answer of its last PATCH sees it is done.
      offset: row.status === 'uploading' ? row.received_bytes : row.length,
      metadata: { callId: id },
      creation_date: new Date(row.created_at).toISOString(),
    });
  }

  override async write(data: Readable, id: string, offset: number): Promise<number> {
    const row = await findRecording(this.db, id);
    if (row === null) throw ERRORS.FILE_NOT_FOUND;
    if (row.status !== 'uploading' || row.received_bytes !== offset) throw ERRORS.INVALID_OFFSET;
    if (offset === 0) await this.store.createPartial(id);
    const size = await this.store.writePartial(id, offset, data);
    // Counted only now that the store holds the bytes; a lost race means another request counted first.
    if (size !== offset && !(await advanceUpload(this.db, id, offset, size))) throw ERRORS.INVALID_OFFSET;
    return size;
  }
}
