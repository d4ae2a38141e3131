import { createHash, randomUUID } from 'node:crypto';
import type { FastifyError, FastifyReply, FastifyRequest, onRequestAsyncHookHandler } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { fileTypeFromBuffer } from 'file-type';
import { z } from 'zod';
import { ATTACHMENT_MAX_BYTES, ATTACHMENT_MEDIA_TYPES, AttachmentListResponseSchema, AttachmentSchema, type Attachment } from '../../../shared/api/complaints';
import { ApiErrorSchema } from '../../../shared/api/errors';
import type { TicketKind } from '../../../shared/api/customers';
import type { Role } from '../../../shared/domain/roles';
import { sessionOf } from '../auth/authenticate';
import type { Clock } from '../clock';
import { lockCustomerWrites } from '../customers/customer-write';
import type { Db, Queryable } from '../db/db';
import type { EventBus } from '../events/event-bus';
import { errorHandler } from '../http/error-handler';
import { forbidden, HubError } from '../http/hub-error';
import { protectedErrors } from '../http/schemas';

/*
 * Evidence of a case (表1.2's photos, video, recordings, documents; DOMAIN.md §3, step 2): uploaded as the
 * file's raw bytes, kept in ticket_attachments beside the history line that records it, and handed
 * back only as a download. What a file is comes from its bytes: a name or a content type says what
 * the sender claims, and an executable renamed `photo.jpg` must not reach a colleague's PC as a photo.
 */

/** Who may add evidence. QA reviews and admins configure; neither handles cases. */
const UPLOAD_ROLES: readonly Role[] = ['agent', 'callback', 'supervisor', 'manager', 'department'];

const MAX_MB = ATTACHMENT_MAX_BYTES / (1024 * 1024);
const ACCEPTED = 'JPEG, PNG or WebP photos, MP4 or WebM video, MP3, OGG or WAV audio, and PDF documents';

const TicketParamsSchema = z.object({ id: z.uuid() });
const AttachmentParamsSchema = z.object({ id: z.uuid(), attachmentId: z.uuid() });
const UploadQuerySchema = z
  .object({
    /** Made by the console: a retry of the same upload answers 200 with the same record. */
    id: z.uuid(),
    /** As the person's file was called; paths and control characters are dropped. */
    fileName: z.string().max(4096),
  })
  .strict();

// ── file names and kinds ─────────────────────────────────────────────────────

/*
 * Control characters, the bidirectional controls that make `gpj.exe` after U+202E read as
 * `exe.jpg` (a name is shown to people who decide whether to open the file), and unpaired
 * surrogates, which PostgreSQL cannot store.
 */
const UNSAFE_NAME_CHARS = /[\p{Cc}\p{Cs}\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/gu;

/** The name to store and offer on download, or null when nothing usable is left. */
export function cleanFileName(raw: string): string | null {
  const base = raw.split(/[/\\]/).at(-1) ?? '';
  const name = base.replace(UNSAFE_NAME_CHARS, '').trim();
  if (name === '' || name === '.' || name === '..') return null;
  return name;
}

const EXECUTABLE_TYPES = new Set([
  'application/x-msdownload',
  'application/x-elf',
  'application/x-mach-binary',
  'application/java-vm',
  'application/java-archive',
  'application/wasm',
  'application/x-msi',
  'application/vnd.android.package-archive',
  'application/x-deb',
  'application/x-rpm',
  'application/x-apple-diskimage',
  'application/x-xpinstall',
  'application/x-google-chrome-extension',
]);

const essence = (mime: string): string => mime.split(';')[0]?.trim().toLowerCase() ?? '';

/** How a refused file is named in the 415's message. */
function describeKind(detected: { ext: string; mime: string } | undefined): string {
  if (detected === undefined) return 'not a recognisable file (plain text, or a format that has no signature)';
  if (EXECUTABLE_TYPES.has(essence(detected.mime))) return `an executable (${detected.ext}, ${detected.mime})`;
  return `a ${detected.ext.toUpperCase()} file (${detected.mime})`;
}

/** The stored media type, or the reason the bytes are refused. */
async function mediaTypeOf(bytes: Buffer): Promise<{ ok: true; mediaType: string } | { ok: false; message: string }> {
  const detected = await fileTypeFromBuffer(bytes);
  // Opus in Ogg is `audio/ogg; codecs=opus`: the essence is what the accepted list names.
  const mediaType = detected === undefined ? null : essence(detected.mime);
  if (mediaType !== null && (ATTACHMENT_MEDIA_TYPES as readonly string[]).includes(mediaType)) return { ok: true, mediaType };
  return { ok: false, message: `This file is ${describeKind(detected)}; evidence may be ${ACCEPTED}` };
}

/** RFC 6266/8187: the name survives any characters, and no quote or semicolon can end the header. */
const contentDisposition = (fileName: string): string =>
  `attachment; filename*=UTF-8''${encodeURIComponent(fileName).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)}`;

// ── who may see a ticket's evidence ──────────────────────────────────────────

interface TicketAccessRow {
  waiting_on: string | null;
  department_code: string | null;
  assisting: boolean;
}

/**
 * Department staff work the cases of their own department only: those waiting on it or naming it
 * as the department complained about. Reading also covers a department asked for assistance
 * (表1.3), which sees the case and so must be able to open the files the case lists.
 */
async function checkTicketAccess(db: Queryable, request: FastifyRequest, mode: 'read' | 'upload'): Promise<void> {
  const { user } = sessionOf(request);
  if (mode === 'upload' && !(UPLOAD_ROLES as readonly string[]).includes(user.role)) {
    throw forbidden(`Adding evidence is for the roles ${UPLOAD_ROLES.join(', ')} only`);
  }
  const params = TicketParamsSchema.safeParse(request.params);
  // A malformed id is the schema's to refuse, with its message, once the route validates.
  if (!params.success) return;
  const department = user.role === 'department' ? user.department_code : null;
  const { rows } = await db.query<TicketAccessRow>(
    `select waiting_on, department_code, assistance @> jsonb_build_array(jsonb_build_object('departmentCode', $2::text)) as assisting
       from tickets where id = $1`,
    [params.data.id.toLowerCase(), department ?? ''],
  );
  const ticket = rows[0];
  if (ticket === undefined) throw new HubError('not_found', 404, 'No such ticket');
  if (user.role !== 'department') return;
  const ownCase = department !== null && (ticket.waiting_on === department || ticket.department_code === department);
  if (ownCase || (mode === 'read' && ticket.assisting)) return;
  throw forbidden(
    mode === 'read'
      ? "This case's evidence is for the departments it waits on, is about or asked for help"
      : 'Department staff add evidence only to cases that wait on their department or are about it',
  );
}

// ── the store ────────────────────────────────────────────────────────────────

interface AttachmentRow {
  id: string;
  ticket_id: string;
  file_name: string;
  media_type: string;
  size: number;
  sha256: string;
  uploaded_at: Date;
  uploaded_by: string;
}

const ATTACHMENT_COLUMNS = 'id, ticket_id, file_name, media_type, size, sha256, uploaded_at, uploaded_by';

const toAttachment = (row: AttachmentRow): Attachment => ({
  id: row.id,
  ticketId: row.ticket_id,
  fileName: row.file_name,
  mediaType: row.media_type,
  size: row.size,
  sha256: row.sha256,
  uploadedAt: new Date(row.uploaded_at).toISOString(),
  uploadedBy: row.uploaded_by,
});

/** A ticket's evidence, oldest first (the order it was gathered in). */
export async function listAttachments(db: Queryable, ticketId: string): Promise<Attachment[]> {
  const { rows } = await db.query<AttachmentRow>(
    `select ${ATTACHMENT_COLUMNS} from ticket_attachments where ticket_id = $1 order by uploaded_at, id`,
    [ticketId],
  );
  return rows.map(toAttachment);
}

async function loadAttachmentFile(db: Queryable, ticketId: string, attachmentId: string): Promise<{ attachment: Attachment; data: Buffer } | null> {
  const { rows } = await db.query<AttachmentRow & { data: string }>(
    `select ${ATTACHMENT_COLUMNS}, encode(data, 'base64') as data from ticket_attachments where id = $1 and ticket_id = $2`,
    [attachmentId, ticketId],
  );
  const row = rows[0];
  if (row === undefined) return null;
  // base64 for PGlite's sake, as on the way in; Node's decoder skips the line breaks PostgreSQL puts in.
  return { attachment: toAttachment(row), data: Buffer.from(row.data, 'base64') };
}

export interface NewAttachment {
  id: string;
  ticketId: string;
  fileName: string;
  mediaType: string;
  data: Buffer;
}

interface TicketState {
  ticket_no: string;
  kind: TicketKind;
  status: string;
  waiting_on: string | null;
  version: number;
}

export type StoreOutcome =
  | { outcome: 'created'; attachment: Attachment; ticket: TicketState }
  | { outcome: 'exists'; attachment: Attachment }
  | { outcome: 'conflict' };

/**
 * Stores a file and the history line that records it, under the customer change lock taken first
 * like every ticket writer (the line touches the ticket, whose trigger may touch its customer).
 * The case's version stays: evidence does not move the case, and whoever is recording the
 * investigation must not be told that someone else changed it.
 */
export async function storeAttachment(tx: Queryable, file: NewAttachment, actor: { username: string; now: Date }): Promise<StoreOutcome> {
  await lockCustomerWrites(tx);
  const sha256 = createHash('sha256').update(file.data).digest('hex');
  const stored = await tx.query<AttachmentRow>(`select ${ATTACHMENT_COLUMNS} from ticket_attachments where id = $1`, [file.id]);
  const previous = stored.rows[0];
  if (previous !== undefined) {
    const same = previous.ticket_id === file.ticketId && previous.sha256 === sha256 && previous.file_name === file.fileName;
    return same ? { outcome: 'exists', attachment: toAttachment(previous) } : { outcome: 'conflict' };
  }
  const ticket = await tx.query<TicketState>('select ticket_no, kind, status, waiting_on, version from tickets where id = $1 for update', [file.ticketId]);
  const state = ticket.rows[0];
  if (state === undefined) throw new HubError('not_found', 404, 'No such ticket');

  // The bytes travel as base64 text both ways: PGlite turns a 20 MB bytea parameter into SQL
  // text in JavaScript for some twenty seconds, base64 takes it a few; pg is fast with either.
  const inserted = await tx.query<AttachmentRow>(
    `insert into ticket_attachments (id, ticket_id, file_name, media_type, size, sha256, data, uploaded_at, uploaded_by)
     values ($1, $2, $3, $4, $5, $6, decode($7, 'base64'), $8, $9) returning ${ATTACHMENT_COLUMNS}`,
    [file.id, file.ticketId, file.fileName, file.mediaType, file.data.byteLength, sha256, file.data.toString('base64'), actor.now, actor.username],
  );
  const row = inserted.rows[0];
  if (row === undefined) throw new Error('insert into ticket_attachments returned no row');
  // The line has an id of its own: the attachment's id is the console's, in the attachments' namespace.
  await tx.query(
    `insert into ticket_events (id, ticket_id, type, at, by, text, detail) values ($1, $2, 'attachment_added', $3, $4, $5, $6::jsonb)`,
    [
      randomUUID(),
      file.ticketId,
      actor.now,
      actor.username,
      file.fileName,
      JSON.stringify({ attachmentId: file.id, fileName: file.fileName, mediaType: file.mediaType, size: file.data.byteLength }),
    ],
  );
  await tx.query('update tickets set updated_at = greatest(updated_at, $2) where id = $1', [file.ticketId, actor.now]);
  return { outcome: 'created', attachment: toAttachment(row), ticket: state };
}

// ── routes ───────────────────────────────────────────────────────────────────

/** Fastify's own answers for the body, in words a person uploading a file understands. */
function uploadError(error: FastifyError): FastifyError | HubError {
  if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
    return new HubError('payload_too_large', 413, `An evidence file may be ${MAX_MB} MB at most; this one is larger`);
  }
  if (error.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') {
    return new HubError('unsupported_media_type', 415, 'The Content-Type header is malformed; send the file as application/octet-stream');
  }
  return error;
}

const readErrors = { 400: ApiErrorSchema, 403: ApiErrorSchema, 404: ApiErrorSchema, ...protectedErrors } as const;

export const attachmentRoutes: FastifyPluginAsyncZod<{ db: Db; clock: Clock; events: EventBus }> = async (app, { db, clock, events }) => {
  // The body is the file whatever it is declared as: browsers send a File with its own type, and
  // the type is not believed anyway. Scoped to this plugin, so no other route reads raw bodies.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: ATTACHMENT_MAX_BYTES }, (_request, body, done) => done(null, body));
  app.setErrorHandler((error: FastifyError, request, reply) => errorHandler(uploadError(error) as FastifyError, request, reply));

  const access = (mode: 'read' | 'upload'): onRequestAsyncHookHandler => async (request) => checkTicketAccess(db, request, mode);

  app.post('/api/v1/tickets/:id/attachments', {
    // Refused before the body is read: a person who may not add evidence does not send 20 MB first.
    onRequest: access('upload'),
    bodyLimit: ATTACHMENT_MAX_BYTES,
    schema: {
      summary: `Evidence for a case: the raw file as the body (≤ ${MAX_MB} MB), its kind taken from its bytes; a retry with the same id and bytes answers 200`,
      tags: ['complaints'],
      params: TicketParamsSchema,
      querystring: UploadQuerySchema,
      response: { 200: AttachmentSchema, 201: AttachmentSchema, ...readErrors, 409: ApiErrorSchema, 413: ApiErrorSchema, 415: ApiErrorSchema },
    },
    handler: async (request, reply) => {
      const body: unknown = request.body;
      if (!Buffer.isBuffer(body) || body.byteLength === 0) throw new HubError('validation', 400, "The body is empty: send the file's bytes as the body");
      const fileName = cleanFileName(request.query.fileName);
      if (fileName === null) throw new HubError('validation', 400, 'fileName: the file needs a name', 'fileName');
      if ([...fileName].length > 255) throw new HubError('validation', 400, 'fileName: 255 characters at most', 'fileName');
      const kind = await mediaTypeOf(body);
      if (!kind.ok) throw new HubError('unsupported_media_type', 415, kind.message);

      const username = sessionOf(request).user.username;
      const now = clock.now();
      const file = { id: request.query.id.toLowerCase(), ticketId: request.params.id.toLowerCase(), fileName, mediaType: kind.mediaType, data: body };
      const result = await db.transaction((tx) => storeAttachment(tx, file, { username, now }));
      if (result.outcome === 'conflict') {
        throw new HubError('conflict', 409, 'This id was used already for another file; upload it with a new id', 'id');
      }
      if (result.outcome === 'created') {
        const { ticket } = result;
        // After the commit: the case page of whoever has it open shows the new file.
        events.publish({
          type: 'ticket.changed',
          ticketId: file.ticketId,
          ticketNo: ticket.ticket_no,
          kind: ticket.kind,
          status: ticket.status,
          waitingOn: ticket.waiting_on,
          version: ticket.version,
          at: now.toISOString(),
          by: username,
        });
      }
      void reply.code(result.outcome === 'created' ? 201 : 200);
      return result.attachment;
    },
  });

  app.get('/api/v1/tickets/:id/attachments', {
    onRequest: access('read'),
    schema: {
      summary: "A ticket's evidence files, oldest first (without their bytes)",
      tags: ['complaints'],
      params: TicketParamsSchema,
      response: { 200: AttachmentListResponseSchema, ...readErrors },
    },
    handler: async (request) => ({ items: await listAttachments(db, request.params.id.toLowerCase()) }),
  });

  app.get('/api/v1/tickets/:id/attachments/:attachmentId', {
    onRequest: access('read'),
    schema: {
      summary: 'One evidence file: its bytes as a download, with the media type found when it was uploaded',
      tags: ['complaints'],
      params: AttachmentParamsSchema,
      response: {
        200: { description: 'The file', content: { '*/*': { schema: z.string().meta({ format: 'binary' }) } } },
        ...readErrors,
      },
    },
    handler: async (request, reply: FastifyReply) => {
      const file = await loadAttachmentFile(db, request.params.id.toLowerCase(), request.params.attachmentId.toLowerCase());
      if (file === null) throw new HubError('not_found', 404, 'This ticket has no such file');
      // A download, never a page of the hub's origin: nosniff keeps the stored type, the sandbox
      // keeps a PDF's or SVG's scripts (should one ever get in) from running as the hub.
      return reply
        .header('content-type', file.attachment.mediaType)
        .header('content-length', file.data.byteLength)
        .header('content-disposition', contentDisposition(file.attachment.fileName))
        .header('x-content-type-options', 'nosniff')
        .header('content-security-policy', 'sandbox')
        .send(file.data);
    },
  });
};
