import { createHash, randomUUID } from 'node:crypto';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ATTACHMENT_MAX_BYTES, AttachmentListResponseSchema, AttachmentSchema } from '../../../shared/api/complaints';
import { ApiErrorSchema } from '../../../shared/api/errors';
import type { HubEvent } from '../../../shared/api/events';
import { hashPassword } from '../../../hub/src/auth/password';
import { cleanFileName } from '../../../hub/src/complaints/attachments';
import { inProcessEventBus } from '../../../hub/src/events/event-bus';
import { bearer, startTestHub, type TestHub } from '../../support/hub-app';
import { describeEachBackend } from '../../support/hub-db';

// Real files, as small as file-type still recognises them by their first bytes.
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=', 'base64');
const JPEG = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01, 0x01, 0x00, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00, 0xff, 0xd9]);
const PDF = Buffer.from('%PDF-1.7\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n');
const ELF = Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x02, 0x01, 0x01, 0x00]), Buffer.alloc(56)]);
const WINDOWS_EXE = Buffer.concat([Buffer.from('MZ'), Buffer.alloc(62)]);
const TEXT = Buffer.from('这不是照片，只是一段文字。\n');
const ZIP = Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.alloc(40)]);

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

type Who = 'agent1' | 'callback1' | 'qa1' | 'supervisor1' | 'manager1' | 'admin' | 'staff.logistics' | 'staff.production' | 'staff.qm';

/** Department staff made here rather than taken from the demo seed: the rule under test is the department, not who is seeded. */
const STAFF = { 'staff.logistics': 'logistics', 'staff.production': 'production', 'staff.qm': 'quality-management' } as const;

describe('cleanFileName', () => {
  it.each([
    ['../../etc/passwd', 'passwd'],
    ['C:\\Users\\张伟\\Desktop\\现场照片.jpg', '现场照片.jpg'],
    ['  报告.pdf  ', '报告.pdf'],
    ['a\u0000b\u0007c.png', 'abc.png'],
    ['invoice\u202egpj.exe', 'invoicegpj.exe'],
    ['half\ud800.png', 'half.png'],
  ])('makes %j into %j', (raw, clean) => {
    expect(cleanFileName(raw)).toBe(clean);
  });

  it.each(['', '   ', '../', 'dir/..', '.', '\u0001\u0002'])('leaves nothing usable of %j', (raw) => {
    expect(cleanFileName(raw)).toBeNull();
  });
});

describeEachBackend('evidence files of a case', (backend) => {
  let hub: TestHub;
  const published: HubEvent[] = [];
  const tokens = {} as Record<Who, string>;
  let ticketNo = 0;

  beforeAll(async () => {
    const events = inProcessEventBus();
    events.subscribe((event) => published.push(event));
    hub = await startTestHub(backend, { customers: 0, events });
    const passwordHash = await hashPassword('evidence-pw');
    for (const [username, department] of Object.entries(STAFF)) {
      await hub.db.query(`insert into users (username, display_name, role, password_hash, department_code) values ($1, $1, 'department', $2, $3)`, [
        username,
        passwordHash,
        department,
      ]);
      tokens[username as Who] = await hub.login(username, 'evidence-pw');
    }
    for (const username of ['agent1', 'callback1', 'qa1', 'supervisor1', 'manager1', 'admin'] as const) tokens[username] = await hub.login(username);
  });
  afterAll(() => hub.close());

  /** A complaint case as the procedure left it: waiting on one department, about another, helped by a third. */
  async function openCase(fields: { waitingOn?: string | null; departmentCode?: string | null; assistedBy?: string[] } = {}): Promise<string> {
    const id = randomUUID();
    ticketNo += 1;
    const assistance = (fields.assistedBy ?? []).map((departmentCode) => ({ id: randomUUID(), departmentCode, answered: false }));
    await hub.db.query(
      `insert into tickets (id, ticket_no, kind, title, status, opened_at, updated_at, channel, department_code, waiting_on, assistance, version)
       values ($1, $2, 'complaint', '外箱破损', 'investigation_dispatched', $3, $3, 'phone', $4, $5, $6::jsonb, 3)`,
      [id, `EV-${String(ticketNo).padStart(6, '0')}`, hub.clock.now(), fields.departmentCode ?? null, fields.waitingOn ?? 'market-service', JSON.stringify(assistance)],
    );
    return id;
  }

  const upload = (ticketId: string, file: Buffer, options: { id?: string; fileName?: string; as?: Who; contentType?: string | null } = {}) =>
    hub.app.inject({
      method: 'POST',
      url: `/api/v1/tickets/${ticketId}/attachments`,
      query: { id: options.id ?? randomUUID(), fileName: options.fileName ?? 'photo.png' },
      headers: {
        ...bearer(tokens[options.as ?? 'agent1']),
        ...(options.contentType === null ? {} : { 'content-type': options.contentType ?? 'application/octet-stream' }),
      },
      payload: file,
    });
  const list = (ticketId: string, as: Who = 'agent1') =>
    hub.app.inject({ method: 'GET', url: `/api/v1/tickets/${ticketId}/attachments`, headers: bearer(tokens[as]) });
  const download = (ticketId: string, attachmentId: string, as: Who = 'agent1') =>
    hub.app.inject({ method: 'GET', url: `/api/v1/tickets/${ticketId}/attachments/${attachmentId}`, headers: bearer(tokens[as]) });

  const attachmentOf = (response: LightMyRequestResponse, status: number) => {
    expect(response.statusCode, response.body).toBe(status);
    return AttachmentSchema.parse(response.json());
  };
  const errorOf = (response: LightMyRequestResponse, status: number) => {
    expect(response.statusCode, response.body).toBe(status);
    return ApiErrorSchema.parse(response.json());
  };
  const stored = async (ticketId: string) => {
    const files = await hub.db.query<{ n: number }>('select count(*)::int as n from ticket_attachments where ticket_id = $1', [ticketId]);
    const lines = await hub.db.query<{ n: number }>(`select count(*)::int as n from ticket_events where ticket_id = $1 and type = 'attachment_added'`, [ticketId]);
    return { files: files.rows[0]?.n, lines: lines.rows[0]?.n };
  };

  // ── upload ──────────────────────────────────────────────────────────────────

  it('stores a photo with its kind, size and checksum, records it in the history, and leaves the case version alone', async () => {
    const ticketId = await openCase();
    const id = randomUUID();
    published.length = 0;

    const attachment = attachmentOf(await upload(ticketId, PNG, { id, fileName: '破损外箱.png', as: 'supervisor1' }), 201);

    expect(attachment).toEqual({
      id,
      ticketId,
      fileName: '破损外箱.png',
      mediaType: 'image/png',
      size: PNG.byteLength,
      sha256: sha256(PNG),
      uploadedAt: hub.clock.now().toISOString(),
      uploadedBy: 'supervisor1',
    });
    const { rows } = await hub.db.query<{ by: string; text: string; detail: object; version: number }>(
      `select e.by, e.text, e.detail, t.version from ticket_events e join tickets t on t.id = e.ticket_id where e.ticket_id = $1 and e.type = 'attachment_added'`,
      [ticketId],
    );
    expect(rows).toEqual([
      { by: 'supervisor1', text: '破损外箱.png', detail: { attachmentId: id, fileName: '破损外箱.png', mediaType: 'image/png', size: PNG.byteLength }, version: 3 },
    ]);
    expect(published).toEqual([expect.objectContaining({ type: 'ticket.changed', ticketId, version: 3, by: 'supervisor1' })]);
  });

  it('takes the kind from the bytes, not from the name or the declared type', async () => {
    const ticketId = await openCase();

    const pdf = attachmentOf(await upload(ticketId, PDF, { fileName: '检测报告.jpg', contentType: 'image/jpeg' }), 201);
    const jpeg = attachmentOf(await upload(ticketId, JPEG, { fileName: 'scan', contentType: null }), 201);

    expect(pdf.mediaType).toBe('application/pdf');
    expect(jpeg.mediaType).toBe('image/jpeg');
  });

  it('takes a file larger than the default body limit of 1 MiB and gives back the same bytes', async () => {
    const ticketId = await openCase();
    const photo = Buffer.concat([PNG, Buffer.alloc(1536 * 1024, 0xa5)]);

    const attachment = attachmentOf(await upload(ticketId, photo), 201);
    const file = await download(ticketId, attachment.id);

    expect(attachment.size).toBe(photo.byteLength);
    expect(file.rawPayload.equals(photo)).toBe(true);
  });

  it('answers a retry with the same id and bytes 200 with the same record, stored once', async () => {
    const ticketId = await openCase();
    const id = randomUUID();
    const first = attachmentOf(await upload(ticketId, JPEG, { id, fileName: 'a.jpg' }), 201);
    hub.clock.advance(60_000);
    published.length = 0;

    const again = attachmentOf(await upload(ticketId, JPEG, { id, fileName: 'a.jpg', as: 'callback1' }), 200);

    expect(again).toEqual(first);
    expect(await stored(ticketId)).toEqual({ files: 1, lines: 1 });
    expect(published).toEqual([]);
  });

  it('refuses the same id with other bytes 409, keeping the first file', async () => {
    const ticketId = await openCase();
    const id = randomUUID();
    attachmentOf(await upload(ticketId, JPEG, { id, fileName: 'a.jpg' }), 201);

    const error = errorOf(await upload(ticketId, PNG, { id, fileName: 'a.jpg' }), 409);

    expect(error).toMatchObject({ error: 'conflict', field: 'id' });
    const file = await download(ticketId, id);
    expect(file.rawPayload.equals(JPEG)).toBe(true);
  });

  it.each([
    ['an ELF executable', ELF, /an executable/],
    ['a Windows executable', WINDOWS_EXE, /an executable/],
    ['a text file', TEXT, /not a recognisable file/],
    ['a ZIP archive', ZIP, /a ZIP file/],
  ])('refuses %s named like a photo with 415, saying what it is and what is accepted', async (_what, bytes, says) => {
    const ticketId = await openCase();

    const error = errorOf(await upload(ticketId, bytes, { fileName: 'photo.jpg', contentType: 'image/jpeg' }), 415);

    expect(error.error).toBe('unsupported_media_type');
    expect(error.message).toMatch(says);
    expect(error.message).toMatch(/JPEG, PNG or WebP photos.*PDF/);
    expect(await stored(ticketId)).toEqual({ files: 0, lines: 0 });
  });

  it('refuses a file over the limit with 413, saying how large a file may be', async () => {
    const ticketId = await openCase();

    const error = errorOf(await upload(ticketId, Buffer.concat([PNG, Buffer.alloc(ATTACHMENT_MAX_BYTES)])), 413);

    expect(error.error).toBe('payload_too_large');
    expect(error.message).toMatch(/20 MB at most/);
    expect(await stored(ticketId)).toEqual({ files: 0, lines: 0 });
  });

  it('refuses an empty body with 400', async () => {
    const ticketId = await openCase();

    const error = errorOf(await upload(ticketId, Buffer.alloc(0)), 400);

    expect(error.message).toMatch(/empty/);
  });

  it('keeps only the last part of a name with a path, and offers it back on download', async () => {
    const ticketId = await openCase();

    const attachment = attachmentOf(await upload(ticketId, JPEG, { fileName: '../../etc/现场 照片(1).jpg' }), 201);
    const file = await download(ticketId, attachment.id);

    expect(attachment.fileName).toBe('现场 照片(1).jpg');
    expect(file.headers['content-disposition']).toBe(`attachment; filename*=UTF-8''${encodeURIComponent('现场 照片')}%281%29.jpg`);
  });

  it.each([
    ['nothing but a path', '../'],
    ['more than 255 characters', `${'照'.repeat(252)}.jpg`],
  ])('refuses a name that is %s, naming fileName', async (_what, fileName) => {
    const ticketId = await openCase();

    const error = errorOf(await upload(ticketId, JPEG, { fileName }), 400);

    expect(error.field).toBe('fileName');
  });

  it('refuses an id that is no UUID, naming it', async () => {
    const ticketId = await openCase();

    const error = errorOf(await upload(ticketId, JPEG, { id: 'photo-1' }), 400);

    expect(error.field).toBe('id');
  });

  // ── reading ─────────────────────────────────────────────────────────────────

  it('lists the files of a ticket oldest first, and hands each back as a download that cannot run as the hub', async () => {
    const ticketId = await openCase();
    const photo = attachmentOf(await upload(ticketId, PNG, { fileName: 'photo.png' }), 201);
    hub.clock.advance(1000);
    const report = attachmentOf(await upload(ticketId, PDF, { fileName: 'report.pdf' }), 201);

    const listed = AttachmentListResponseSchema.parse((await list(ticketId, 'qa1')).json());
    const file = await download(ticketId, report.id, 'qa1');

    expect(listed.items).toEqual([photo, report]);
    expect(file.statusCode).toBe(200);
    expect(file.rawPayload.equals(PDF)).toBe(true);
    expect(file.headers).toMatchObject({
      'content-type': 'application/pdf',
      'content-length': String(PDF.byteLength),
      'content-disposition': "attachment; filename*=UTF-8''report.pdf",
      'x-content-type-options': 'nosniff',
      'content-security-policy': 'sandbox',
    });
  });

  it('answers 404 for an unknown ticket, an unknown file, and a file of another ticket', async () => {
    const ticketId = await openCase();
    const other = await openCase();
    const theirs = attachmentOf(await upload(other, PNG), 201);

    errorOf(await upload(randomUUID(), PNG), 404);
    errorOf(await list(randomUUID()), 404);
    errorOf(await download(ticketId, randomUUID()), 404);
    errorOf(await download(ticketId, theirs.id), 404);
  });

  // ── who ─────────────────────────────────────────────────────────────────────

  it.each(['qa1', 'admin'] as const)('lets %s read the evidence but not add to it', async (who) => {
    const ticketId = await openCase();
    const photo = attachmentOf(await upload(ticketId, PNG), 201);

    const error = errorOf(await upload(ticketId, JPEG, { as: who }), 403);

    expect(error.error).toBe('forbidden');
    expect((await list(ticketId, who)).statusCode).toBe(200);
    expect((await download(ticketId, photo.id, who)).statusCode).toBe(200);
  });

  it.each(['agent1', 'callback1', 'supervisor1', 'manager1'] as const)('lets %s add evidence to any case', async (who) => {
    const ticketId = await openCase({ waitingOn: 'production', departmentCode: 'production' });

    attachmentOf(await upload(ticketId, JPEG, { as: who }), 201);
  });

  it('lets department staff add evidence to a case waiting on their department or about it, and no other', async () => {
    const waiting = await openCase({ waitingOn: 'logistics' });
    const about = await openCase({ waitingOn: 'service', departmentCode: 'logistics' });
    const elsewhere = await openCase({ waitingOn: 'production', departmentCode: 'production' });

    attachmentOf(await upload(waiting, JPEG, { as: 'staff.logistics' }), 201);
    attachmentOf(await upload(about, JPEG, { as: 'staff.logistics' }), 201);
    const error = errorOf(await upload(elsewhere, JPEG, { as: 'staff.logistics' }), 403);

    expect(error.message).toMatch(/their department/);
    expect(await stored(elsewhere)).toEqual({ files: 0, lines: 0 });
  });

  it("lets department staff read only their department's cases, and those that asked them for help", async () => {
    const ticketId = await openCase({ waitingOn: 'production', departmentCode: 'production', assistedBy: ['quality-management'] });
    const photo = attachmentOf(await upload(ticketId, PNG), 201);

    expect((await list(ticketId, 'staff.production')).statusCode).toBe(200);
    expect((await download(ticketId, photo.id, 'staff.qm')).statusCode).toBe(200);
    errorOf(await upload(ticketId, JPEG, { as: 'staff.qm' }), 403);
    errorOf(await list(ticketId, 'staff.logistics'), 403);
    errorOf(await download(ticketId, photo.id, 'staff.logistics'), 403);
  });
});
