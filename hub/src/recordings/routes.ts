import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ApiErrorSchema } from '../../../shared/api/errors';
import {
  RECORDING_MEDIA_TYPE,
  RecordingAnalysisSchema,
  RecordingLevelsSchema,
  RecordingSchema,
  ReplayLogSchema,
  ReplayRequestSchema,
  ReplayTicketSchema,
  type ReplayLog,
} from '../../../shared/api/recordings';
import type { Role } from '../../../shared/domain/roles';
import { PHONE_ROLES } from '../agent/routes';
import { requireRole, sessionOf } from '../auth/authenticate';
import type { ActiveSession } from '../auth/sessions';
import type { Clock } from '../clock';
import type { Db } from '../db/db';
import { forbidden, HubError, unauthorized } from '../http/hub-error';
import { NO_SECURITY, protectedErrors } from '../http/schemas';
import { findLevels, findRecording, findTicket, insertReplay, listReplays, ownerOfCall, readRecording, saveAnalysis } from './recording-repo';
import type { RecordingStore } from './recording-store';

/*
 * Reading recordings and their replay log. Quality staff, supervisors, managers and admins reach
 * every recording; agents and callback staff their own calls' only; department staff none. Every
 * replay is logged (one row per ticket) before the audio's address is handed out: the log is what a
 * customer's or an agent's complaint about who listened is answered from.
 */

/** How long a replay's audio address works: enough to listen to a long call with pauses. */
export const REPLAY_TICKET_TTL_MS = 15 * 60_000;

const OVERSEERS: readonly Role[] = ['qa', 'supervisor', 'manager', 'admin'];
const ParamsSchema = z.object({ callId: z.uuid() });
const AudioQuerySchema = z.object({ ticket: z.string().max(200).optional() });

const hashTicket = (ticket: string): string => createHash('sha256').update(ticket).digest('hex');

function checkAccess(session: ActiveSession, agentId: string): void {
  const { user } = session;
  if ((OVERSEERS as readonly string[]).includes(user.role)) return;
  if ((PHONE_ROLES as readonly string[]).includes(user.role) && user.id === agentId) return;
  throw forbidden((PHONE_ROLES as readonly string[]).includes(user.role) ? 'Agents reach the recordings of their own calls only' : 'Recordings are not for this role');
}

/** Department staff learn nothing, not even whether a recording exists. */
const notDepartment = async (request: Parameters<typeof sessionOf>[0]) => {
  if (sessionOf(request).user.role === 'department') throw forbidden('Recordings are not for this role');
};

const noRecording = () => new HubError('not_found', 404, 'No recording of this call');

export const recordingRoutes: FastifyPluginAsyncZod<{ db: Db; clock: Clock }> = async (app, { db, clock }) => {
  app.put('/api/v1/recordings/:callId/analysis', {
    onRequest: requireRole(PHONE_ROLES, 'Uploading a recording analysis'),
    // Four hours of levels of two channels as JSON: about 1.5 MB.
    bodyLimit: 4 * 1024 * 1024,
    schema: {
      summary: "The recording's levels per frame and its pauses, from the recording agent's console; idempotent",
      tags: ['recordings'],
      params: ParamsSchema,
      body: RecordingAnalysisSchema,
      response: { 204: z.null(), 400: ApiErrorSchema, 403: ApiErrorSchema, 409: ApiErrorSchema, 413: ApiErrorSchema, ...protectedErrors },
    },
    handler: async (request, reply) => {
      const { user } = sessionOf(request);
      const callId = request.params.callId.toLowerCase();
      const analysis = request.body;
      if (analysis.agent.length !== analysis.customer.length) {
        throw new HubError('validation', 400, `customer: ${analysis.customer.length} frames, but agent has ${analysis.agent.length}`, 'customer');
      }
      const index = analysis.pauses.findIndex((pause) => pause.endMs !== null && pause.endMs < pause.startMs);
      if (index >= 0) throw new HubError('validation', 400, `pauses.${index}.endMs: before its startMs`, `pauses.${index}.endMs`);
      const owner = await ownerOfCall(db, callId);
      if (owner !== null && owner !== user.id) throw new HubError('conflict', 409, "This call id belongs to another agent's call", 'callId');
      await saveAnalysis(db, callId, user.id, analysis, clock.now());
      return reply.code(204).send(null);
    },
  });

  app.get('/api/v1/recordings/:callId', {
    onRequest: notDepartment,
    schema: {
      summary: 'A recording: its state, pauses and the measures computed from its analysis and the call log',
      tags: ['recordings'],
      params: ParamsSchema,
      response: { 200: RecordingSchema, 403: ApiErrorSchema, 404: ApiErrorSchema, ...protectedErrors },
    },
    handler: async (request) => {
      const recording = await readRecording(db, request.params.callId.toLowerCase());
      if (recording === null) throw noRecording();
      checkAccess(sessionOf(request), recording.agentId);
      return recording;
    },
  });

  app.get('/api/v1/recordings/:callId/levels', {
    onRequest: notDepartment,
    schema: {
      summary: 'The waveform: the level of each channel per frame',
      tags: ['recordings'],
      params: ParamsSchema,
      response: { 200: RecordingLevelsSchema, 403: ApiErrorSchema, 404: ApiErrorSchema, ...protectedErrors },
    },
    handler: async (request) => {
      const callId = request.params.callId.toLowerCase();
      const owner = await ownerOfCall(db, callId);
      if (owner === null) throw noRecording();
      checkAccess(sessionOf(request), owner);
      const levels = await findLevels(db, callId);
      if (levels === null) throw new HubError('not_found', 404, 'The analysis of this recording has not arrived');
      return levels;
    },
  });

  app.post('/api/v1/recordings/:callId/replays', {
    onRequest: notDepartment,
    schema: {
      summary: "Logs a replay and hands out the audio's address (a ticket that stands for the bearer token, 15 minutes)",
      tags: ['recordings'],
      params: ParamsSchema,
      body: ReplayRequestSchema,
      response: { 201: ReplayTicketSchema, 400: ApiErrorSchema, 403: ApiErrorSchema, 404: ApiErrorSchema, 409: ApiErrorSchema, ...protectedErrors },
    },
    handler: async (request, reply) => {
      const session = sessionOf(request);
      const callId = request.params.callId.toLowerCase();
      const recording = await findRecording(db, callId);
      if (recording === null) throw noRecording();
      checkAccess(session, recording.agent_id);
      if (recording.status !== 'ready') {
        throw new HubError('recording_not_ready', 409, recording.status === 'uploading' ? 'The recording is still uploading' : 'The recording could not be read');
      }
      const ticket = randomBytes(32).toString('base64url');
      const now = clock.now();
      const expiresAt = new Date(now.getTime() + REPLAY_TICKET_TTL_MS);
      await insertReplay(db, {
        id: randomUUID(),
        ticketHash: hashTicket(ticket),
        callId,
        userId: session.user.id,
        role: session.user.role,
        purpose: request.body.purpose,
        at: now,
        expiresAt,
      });
      return reply.code(201).send({ url: `/api/v1/recordings/${callId}/audio?ticket=${ticket}`, expiresAt: expiresAt.toISOString() });
    },
  });

  app.get('/api/v1/recordings/:callId/replays', {
    onRequest: requireRole(OVERSEERS, 'The replay log'),
    schema: {
      summary: 'Who replayed the recording, when and why',
      tags: ['recordings'],
      params: ParamsSchema,
      response: { 200: ReplayLogSchema, 403: ApiErrorSchema, ...protectedErrors },
    },
    handler: async (request): Promise<ReplayLog> => {
      const rows = await listReplays(db, request.params.callId.toLowerCase());
      return {
        replays: rows.map((row) => ({
          userId: row.user_id,
          userName: row.user_name,
          role: row.role,
          purpose: row.purpose as ReplayLog['replays'][number]['purpose'],
          at: new Date(row.at).toISOString(),
        })),
      };
    },
  });
};

type ByteRange = { start: number; end: number } | 'unsatisfiable' | null;

/** One `bytes=` range of RFC 9110 (first-last, first-, -suffix); several ranges are served whole. */
export function parseRange(header: string | undefined, size: number): ByteRange {
  if (header === undefined) return null;
  const match = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (match === null) return header.includes(',') ? null : 'unsatisfiable';
  const [, first = '', last = ''] = match;
  if (first === '' && last === '') return 'unsatisfiable';
  if (first === '') {
    const suffix = Number(last);
    if (suffix === 0 || size === 0) return 'unsatisfiable';
    return { start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(first);
  const end = last === '' ? size - 1 : Math.min(Number(last), size - 1);
  if (start >= size || end < start) return 'unsatisfiable';
  return { start, end };
}

/**
 * The audio, for an <audio> element: it cannot send a bearer token, so the ticket of a logged
 * replay stands for it. Registered outside the authenticated scope.
 */
export const recordingAudioRoute: FastifyPluginAsyncZod<{ db: Db; clock: Clock; store: RecordingStore }> = async (app, { db, clock, store }) => {
  app.get('/api/v1/recordings/:callId/audio', {
    schema: {
      summary: 'The recording (WebM/Opus), by the ticket of a logged replay; answers Range requests with 206',
      tags: ['recordings'],
      security: NO_SECURITY,
      params: ParamsSchema,
      querystring: AudioQuerySchema,
      response: {
        // A stream: Fastify sends it as it is, the schema is for the document only.
        200: z.any().describe('the whole file, audio/webm'),
        206: z.any().describe('the range asked for'),
        401: ApiErrorSchema,
        403: ApiErrorSchema,
        404: ApiErrorSchema,
        409: ApiErrorSchema,
        416: ApiErrorSchema,
        500: ApiErrorSchema,
      },
    },
    handler: async (request, reply) => {
      const callId = request.params.callId.toLowerCase();
      const ticket = request.query.ticket;
      if (ticket === undefined || ticket === '') throw unauthorized('This address needs the ticket of a replay (POST …/replays)');
      const found = await findTicket(db, hashTicket(ticket));
      if (found === null) throw unauthorized('This replay ticket is not valid');
      if (found.call_id !== callId) throw forbidden('This replay ticket is for another recording');
      if (new Date(found.expires_at).getTime() <= clock.now().getTime()) throw unauthorized('This replay ticket has expired; start the replay again');
      const recording = await findRecording(db, callId);
      if (recording === null) throw noRecording();
      if (recording.status !== 'ready') throw new HubError('recording_not_ready', 409, 'The recording is not ready');

      const size = recording.bytes;
      const range = parseRange(request.headers.range, size);
      reply.header('accept-ranges', 'bytes');
      // The browser may keep the ranges it fetched for this address (this user's ticket), nobody else.
      reply.header('cache-control', 'private');
      if (range === 'unsatisfiable') {
        reply.header('content-range', `bytes */${size}`);
        throw new HubError('validation', 416, `The recording has ${size} bytes; the range asked for is outside it`);
      }
      reply.type(RECORDING_MEDIA_TYPE);
      if (range === null) {
        reply.header('content-length', size);
        return reply.code(200).send(await store.read(callId, 'recording'));
      }
      reply.header('content-range', `bytes ${range.start}-${range.end}/${size}`);
      reply.header('content-length', range.end - range.start + 1);
      return reply.code(206).send(await store.read(callId, 'recording', range));
    },
  });
};
