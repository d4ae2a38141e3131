import type { IncomingMessage } from 'node:http';
import { Server as TusServer } from '@tus/server';
import { Metadata } from '@tus/utils';
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { ApiErrorCode } from '../../../shared/api/errors';
import { RECORDING_MAX_BYTES, RECORDING_UPLOAD_PATH } from '../../../shared/api/recordings';
import { PHONE_ROLES } from '../agent/routes';
import { requireRole, sessionOf } from '../auth/authenticate';
import type { Clock } from '../clock';
import type { Db } from '../db/db';
import { HubError } from '../http/hub-error';
import { finalizeUpload } from './finalize';
import { findRecording, ownerOfCall } from './recording-repo';
import type { RecordingStore } from './recording-store';
import { AGENT_METADATA_KEY, RecordingDataStore } from './tus-datastore';
import { databaseUploadLocker } from './upload-lock';

/*
 * The tus 1.0 endpoint (creation, HEAD, PATCH). Fastify authenticates and checks the request the way
 * every route does (bearer token, role, whose call it is: refusals are the hub's usual JSON errors),
 * then hands the raw request and response to @tus/server. Fastify's onSend hooks do not run for a
 * hijacked reply, so the headers they would add are set here.
 */

const UUID = z.uuid();
const UploadParamsSchema = z.object({ callId: z.uuid() });

/** The user behind each request handed to tus, for the creation hook (tus sees only the raw request). */
const uploaders = new WeakMap<IncomingMessage, string>();

const TUS_ERROR_CODES: Readonly<Record<number, ApiErrorCode>> = {
  400: 'validation',
  403: 'forbidden',
  404: 'not_found',
  409: 'conflict',
  410: 'not_found',
  412: 'validation',
  413: 'payload_too_large',
  415: 'unsupported_media_type',
};

function header(request: FastifyRequest, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** The call id of a creation, or the reason it is refused. */
function creationCallId(request: FastifyRequest): string {
  let metadata: Record<string, string | null>;
  try {
    metadata = Metadata.parse(header(request, 'upload-metadata'));
  } catch {
    throw new HubError('validation', 400, 'Upload-Metadata is not valid tus metadata (key base64-value pairs)', 'Upload-Metadata');
  }
  const callId = UUID.safeParse(metadata.callId ?? '');
  if (!callId.success) throw new HubError('validation', 400, 'Upload-Metadata must carry callId, the call log id (a UUID)', 'Upload-Metadata.callId');
  return callId.data.toLowerCase();
}

function creationLength(request: FastifyRequest): number {
  const text = header(request, 'upload-length');
  if (text === undefined || !/^\d{1,16}$/.test(text)) {
    throw new HubError('validation', 400, 'Upload-Length must give the size of the recording in bytes (deferred lengths are not accepted)', 'Upload-Length');
  }
  const length = Number(text);
  if (length > RECORDING_MAX_BYTES) {
    throw new HubError('payload_too_large', 413, `A recording may have at most ${RECORDING_MAX_BYTES} bytes; this one has ${length}`, 'Upload-Length');
  }
  return length;
}

export interface UploadRouteOptions {
  db: Db;
  clock: Clock;
  store: RecordingStore;
}

export const recordingUploadRoutes: FastifyPluginAsync<UploadRouteOptions> = async (app, { db, clock, store }) => {
  const tus = new TusServer({
    path: RECORDING_UPLOAD_PATH,
    datastore: new RecordingDataStore(db, store, clock),
    locker: databaseUploadLocker(db),
    relativeLocation: true,
    maxSize: RECORDING_MAX_BYTES,
    // The hub answers no cross-origin request anywhere else either.
    allowedOrigins: () => false,
    // Checked by the route before tus runs.
    namingFunction: (_req, metadata) => String(metadata?.callId ?? '').toLowerCase(),
    onUploadCreate: async (req, upload) => {
      const raw = req.runtime?.node?.req as IncomingMessage | undefined;
      const agentId = raw === undefined ? undefined : uploaders.get(raw);
      if (agentId === undefined) throw { status_code: 500, body: 'upload without a user' };
      return { metadata: { ...upload.metadata, [AGENT_METADATA_KEY]: agentId } };
    },
    onUploadFinish: async (_req, upload) => {
      await finalizeUpload(db, store, clock, upload.id, app.log);
      return {};
    },
    onResponseError: (_req, error) => {
      const status = 'status_code' in error ? error.status_code : 500;
      if (status >= 500) {
        app.log.error({ err: error }, 'recording upload failed');
        return { status_code: status, body: JSON.stringify({ error: 'internal', message: 'Internal server error' }) };
      }
      const message = ('body' in error ? String(error.body) : '').trim() || 'Refused';
      return { status_code: status, body: JSON.stringify({ error: TUS_ERROR_CODES[status] ?? 'validation', message }) };
    },
  });

  // tus reads the body itself, as a stream: Fastify must neither buffer nor refuse it.
  app.addContentTypeParser('application/offset+octet-stream', (_request, _payload, done) => done(null, undefined));

  async function handOver(request: FastifyRequest, reply: FastifyReply, userId: string): Promise<void> {
    uploaders.set(request.raw, userId);
    reply.hijack();
    reply.raw.setHeader('x-content-type-options', 'nosniff');
    reply.raw.setHeader('cache-control', 'no-store');
    // Only error answers have a body, and onResponseError makes it JSON.
    reply.raw.setHeader('content-type', 'application/json; charset=utf-8');
    await tus.handle(request.raw, reply.raw);
  }

  const phoneRolesOnly = requireRole(PHONE_ROLES, 'Uploading recordings');

  app.post(RECORDING_UPLOAD_PATH, {
    onRequest: phoneRolesOnly,
    schema: { hide: true },
    handler: async (request, reply) => {
      const { user } = sessionOf(request);
      const callId = creationCallId(request);
      const length = creationLength(request);
      const owner = await ownerOfCall(db, callId);
      if (owner !== null && owner !== user.id) throw new HubError('conflict', 409, "This call id belongs to another agent's call", 'Upload-Metadata.callId');
      const existing = await findRecording(db, callId);
      if (existing !== null) {
        if (existing.status !== 'uploading') throw new HubError('conflict', 409, 'This call has a recording already', 'Upload-Metadata.callId');
        if (existing.length !== length) {
          throw new HubError('conflict', 409, `The upload of this call in progress has ${existing.length} bytes, not ${length}`, 'Upload-Length');
        }
        // The console lost the upload's address (a reload): the same upload, from where it stopped.
        return reply
          .code(201)
          .header('tus-resumable', '1.0.0')
          .header('location', `${RECORDING_UPLOAD_PATH}/${callId}`)
          .header('upload-offset', String(existing.received_bytes))
          .send();
      }
      await handOver(request, reply, user.id);
    },
  });

  const resume = async (request: FastifyRequest, reply: FastifyReply) => {
    const { user } = sessionOf(request);
    const params = UploadParamsSchema.safeParse(request.params);
    if (!params.success) throw new HubError('not_found', 404, 'No such upload');
    const callId = params.data.callId.toLowerCase();
    const row = await findRecording(db, callId);
    if (row === null) throw new HubError('not_found', 404, 'No such upload');
    if (row.agent_id !== user.id) throw new HubError('forbidden', 403, "This upload is another agent's");
    // A process died between the last byte and the status: the next look at the upload finishes it.
    if (request.method === 'HEAD' && row.status === 'uploading' && row.received_bytes === row.length) {
      await finalizeUpload(db, store, clock, callId, request.log);
    }
    await handOver(request, reply, user.id);
  };
  app.route({ method: ['HEAD', 'PATCH'], url: `${RECORDING_UPLOAD_PATH}/:callId`, onRequest: phoneRolesOnly, schema: { hide: true }, handler: resume });
};
