import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ApiErrorSchema } from '../../../shared/api/errors';
import { MyNotificationListSchema, type MyNotificationList } from '../../../shared/api/notifications';
import { writeSetting } from '../../../hub/src/settings/settings-repo';
import { DEFAULT_COMPLAINT_CONFIG } from '../../../shared/complaints/complaint-config';
import { SHOWCASE } from '../../../hub/src/seed/demo-showcase';
import { bearer, startTestHub, type TestHub } from '../../support/hub-app';
import { describeEachBackend } from '../../support/hub-db';

const MINUTE = 60_000;

describeEachBackend('notification routes', (backend) => {
  let hub: TestHub;
  const tokens: Record<string, string> = {};
  let ticketId: string;

  beforeAll(async () => {
    hub = await startTestHub(backend, { customers: 0 });
    // Where each person works, whatever the demo seed says: the rule under test is about these.
    for (const [username, role, department] of [
      ['agent1', 'agent', 'acceptance'],
      ['agent2', 'department', 'logistics'],
      ['qa1', 'qa', 'quality'],
      ['supervisor1', 'supervisor', null],
      ['manager1', 'manager', 'service'],
      ['admin', 'admin', null],
      ['callback1', 'department', 'market-service'],
    ] as const) {
      await hub.db.query('update users set role = $2, department_code = $3 where username = $1', [username, role, department]);
      tokens[username] = await hub.login(username);
    }
    ticketId = randomUUID();
    await hub.db.query(
      `insert into tickets (id, ticket_no, customer_id, kind, title, status, opened_at, updated_at)
       values ($1, 'TS-2026-900001', $2, 'complaint', '快递破损', 'registered', $3, $3)`,
      [ticketId, SHOWCASE.huaxin.id, hub.clock.now()],
    );
  });
  afterAll(() => hub.close());

  /** A row as the complaint routes write it; each a minute after the last, so the order is known. */
  async function notify(departmentCode: string, patch: { username?: string; message?: string; urgent?: boolean; ticketId?: string } = {}): Promise<string> {
    const id = randomUUID();
    hub.clock.advance(MINUTE);
    await hub.db.query(
      `insert into notifications (id, department_code, username, message, urgent, ticket_id, created_at, created_by)
       values ($1, $2, $3, $4, $5, $6, $7, 'system')`,
      [id, departmentCode, patch.username ?? null, patch.message ?? `给${departmentCode}`, patch.urgent ?? false, patch.ticketId ?? null, hub.clock.now()],
    );
    return id;
  }

  const mine = async (username: string, query = ''): Promise<MyNotificationList> => {
    const response = await hub.app.inject({ method: 'GET', url: `/api/v1/notifications/mine${query}`, headers: bearer(tokens[username]!) });
    expect(response.statusCode, response.body).toBe(200);
    return MyNotificationListSchema.parse(response.json());
  };
  const read = (username: string, id: string) =>
    hub.app.inject({ method: 'POST', url: `/api/v1/notifications/${id}/read`, headers: bearer(tokens[username]!) });

  it('lists what was sent to the person by name and to their department, newest first, with the ticket number', async () => {
    const toDepartment = await notify('logistics', { ticketId, urgent: true, message: '外箱破损，请调查' });
    const byName = await notify('gm-office', { username: 'agent2' });
    await notify('production');

    const list = await mine('agent2');

    expect(list.items.map((n) => n.id)).toEqual([byName, toDepartment]);
    expect(list.items[1]).toMatchObject({
      departmentCode: 'logistics',
      message: '外箱破损，请调查',
      urgent: true,
      ticketId,
      ticketNo: 'TS-2026-900001',
      createdBy: 'system',
      read: false,
      readAt: null,
    });
    expect(list.items[0]).toMatchObject({ username: 'agent2', ticketId: null, ticketNo: null });
    expect(list.unreadCount).toBe(2);
  });

  it("shows the service department's notifications to supervisors and managers, and not to other roles", async () => {
    const toService = await notify('service');

    const [supervisor, manager, qa, admin, agent] = await Promise.all([mine('supervisor1'), mine('manager1'), mine('qa1'), mine('admin'), mine('agent1')]);

    expect(supervisor.items.map((n) => n.id)).toContain(toService);
    expect(manager.items.map((n) => n.id)).toContain(toService);
    for (const other of [qa, admin, agent]) expect(other.items.map((n) => n.id)).not.toContain(toService);
  });

  it('shows what scripts send to the field staff to the staff of the field department, and to nobody else', async () => {
    const toFieldStaff = await notify('field-staff', { urgent: true });

    const [field, agent, supervisor] = await Promise.all([mine('callback1'), mine('agent1'), mine('supervisor1')]);

    expect(field.items.map((n) => n.id)).toContain(toFieldStaff);
    for (const other of [agent, supervisor]) expect(other.items.map((n) => n.id)).not.toContain(toFieldStaff);
  });

  it('follows the service department of the stored complaint configuration', async () => {
    const config = { ...DEFAULT_COMPLAINT_CONFIG, routing: { ...DEFAULT_COMPLAINT_CONFIG.routing, serviceDepartment: 'tech-service' } };
    await writeSetting(hub.db, 'complaint-config', config);
    try {
      const toTech = await notify('tech-service');
      const toService = await notify('service');

      const ids = (await mine('supervisor1')).items.map((n) => n.id);

      expect(ids).toContain(toTech);
      expect(ids).not.toContain(toService);
    } finally {
      await hub.db.query("delete from settings where key = 'complaint-config'");
    }
  });

  it('marks read for that person only, answers 204 every time, and keeps the first time', async () => {
    const id = await notify('acceptance');
    await hub.db.query("update users set department_code = 'acceptance' where username = 'qa1'");
    try {
      const readAt = hub.clock.now().toISOString();
      const first = await read('agent1', id);
      hub.clock.advance(MINUTE);
      const again = await read('agent1', id);

      expect([first.statusCode, again.statusCode]).toEqual([204, 204]);
      expect(first.body).toBe('');
      expect((await mine('agent1')).items.find((n) => n.id === id)).toMatchObject({ read: true, readAt });
      expect((await mine('qa1')).items.find((n) => n.id === id)).toMatchObject({ read: false, readAt: null });
    } finally {
      await hub.db.query("update users set department_code = 'quality' where username = 'qa1'");
    }
  });

  it('lists only unread ones when asked, and counts every unread one beyond the limit', async () => {
    const older = await notify('callback');
    const newer = await notify('callback');
    const newest = await notify('callback');
    await hub.db.query("update users set department_code = 'callback' where username = 'admin'");
    try {
      expect((await read('admin', newer)).statusCode).toBe(204);

      const unread = await mine('admin', '?unread=true');
      const limited = await mine('admin', '?limit=1');

      expect(unread.items.map((n) => n.id)).toEqual([newest, older]);
      expect(limited.items.map((n) => n.id)).toEqual([newest]);
      expect(limited.unreadCount).toBe(2);
    } finally {
      await hub.db.query('update users set department_code = null where username = $1', ['admin']);
    }
  });

  it('answers 404 for a notification the person may not see, and records nothing', async () => {
    const forProduction = await notify('production');

    const response = await read('agent1', forProduction);

    expect(response.statusCode).toBe(404);
    expect(ApiErrorSchema.parse(response.json()).error).toBe('not_found');
    const { rows } = await hub.db.query('select 1 from notification_reads where notification_id = $1', [forProduction]);
    expect(rows).toHaveLength(0);
  });

  it('answers 404 for an id that does not exist, and 400 for one that is no uuid', async () => {
    expect((await read('agent1', randomUUID())).statusCode).toBe(404);
    expect((await read('agent1', 'not-an-id')).statusCode).toBe(400);
  });

  it('refuses a limit out of range', async () => {
    const response = await hub.app.inject({ method: 'GET', url: '/api/v1/notifications/mine?limit=0', headers: bearer(tokens.agent1!) });

    expect(response.statusCode).toBe(400);
    expect(ApiErrorSchema.parse(response.json()).field).toBe('limit');
  });

  it('needs a session', async () => {
    expect((await hub.app.inject({ method: 'GET', url: '/api/v1/notifications/mine' })).statusCode).toBe(401);
  });

  it('documents the notification and event routes in OpenAPI', async () => {
    const response = await hub.app.inject({ method: 'GET', url: '/api/docs/json', headers: bearer(tokens.admin!) });
    const paths = (response.json() as { paths: Record<string, Record<string, { responses: Record<string, { content?: Record<string, unknown> }> }>> }).paths;

    expect(Object.keys(paths)).toEqual(expect.arrayContaining(['/api/v1/notifications/mine', '/api/v1/notifications/{id}/read', '/api/v1/events']));
    expect(Object.keys(paths['/api/v1/events']!.get!.responses['200']!.content ?? {})).toEqual(['text/event-stream']);
  });
});
