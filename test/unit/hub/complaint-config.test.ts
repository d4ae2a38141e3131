import { randomUUID } from 'node:crypto';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { ApiErrorSchema } from '../../../shared/api/errors';
import type { HubEvent } from '../../../shared/api/events';
import { TicketSchema, type TicketCreateRequest } from '../../../shared/api/tickets';
import { ComplaintConfigSchema, DEFAULT_COMPLAINT_CONFIG, type ComplaintConfig } from '../../../shared/complaints/complaint-config';
import { COMPLAINT_CONFIG_KEY } from '../../../hub/src/complaints/config-repo';
import { inProcessEventBus } from '../../../hub/src/events/event-bus';
import { SHOWCASE } from '../../../hub/src/seed/demo-showcase';
import { writeSetting } from '../../../hub/src/settings/settings-repo';
import { bearer, loginAs, startTestHub, type TestHub } from '../../support/hub-app';
import { describeEachBackend } from '../../support/hub-db';

const complaint = (patch: Partial<TicketCreateRequest> = {}): TicketCreateRequest => ({
  id: randomUUID(),
  kind: 'complaint',
  customerId: SHOWCASE.zhangWei.id,
  callId: null,
  title: '配置测试投诉',
  triage: null,
  answers: [],
  flow: null,
  ...patch,
});

const withRouting = (routing: Partial<ComplaintConfig['routing']>): ComplaintConfig => ({
  ...DEFAULT_COMPLAINT_CONFIG,
  routing: { ...DEFAULT_COMPLAINT_CONFIG.routing, ...routing },
});

describeEachBackend('complaint configuration', (backend) => {
  let hub: TestHub;
  const published: HubEvent[] = [];
  const tokens: Record<string, string> = {};
  beforeAll(async () => {
    const events = inProcessEventBus();
    events.subscribe((event) => published.push(event));
    hub = await startTestHub(backend, { customers: 0, events });
    for (const username of ['admin', 'agent1', 'supervisor1', 'logistics1']) tokens[username] = await hub.login(username);
  });
  afterAll(() => hub.close());
  // Every test starts from the demo center's procedure.
  afterEach(() => writeSetting(hub.db, COMPLAINT_CONFIG_KEY, DEFAULT_COMPLAINT_CONFIG));

  const get = (as: string) => hub.app.inject({ method: 'GET', url: '/api/v1/complaint-config', headers: bearer(tokens[as] ?? '') });
  const put = (config: unknown, as = 'admin') =>
    hub.app.inject({ method: 'PUT', url: '/api/v1/complaint-config', headers: bearer(tokens[as] ?? ''), payload: config as object });
  const errorOf = (response: LightMyRequestResponse, status: number) => {
    expect(response.statusCode, response.body).toBe(status);
    return ApiErrorSchema.parse(response.json());
  };
  const open = async (patch: Partial<TicketCreateRequest> = {}) => {
    const response = await hub.app.inject({ method: 'POST', url: '/api/v1/tickets', headers: bearer(tokens.agent1 ?? ''), payload: complaint(patch) });
    expect(response.statusCode, response.body).toBe(201);
    return TicketSchema.parse(response.json());
  };
  const derived = async (id: string) =>
    (await hub.db.query<{ waiting_on: string | null; step_due_at: Date | null }>('select waiting_on, step_due_at from tickets where id = $1', [id])).rows[0];

  it("answers every role with the demo center's procedure until an administrator stores another", async () => {
    for (const as of ['agent1', 'logistics1']) {
      const response = await get(as);
      expect(response.statusCode, response.body).toBe(200);
      expect(ComplaintConfigSchema.parse(response.json())).toEqual(DEFAULT_COMPLAINT_CONFIG);
    }
  });

  it('lets only an administrator change it', async () => {
    expect(errorOf(await put(DEFAULT_COMPLAINT_CONFIG, 'supervisor1'), 403).error).toBe('forbidden');
  });

  it.each([
    ['routing.fieldDepartment', withRouting({ fieldDepartment: 'moon-base' })],
    ['reportDepartments.moon-base', { ...DEFAULT_COMPLAINT_CONFIG, reportDepartments: { 'moon-base': 'other' } }],
    ['authority.users.nobody', { ...DEFAULT_COMPLAINT_CONFIG, authority: { roles: {}, users: { nobody: 100 } } }],
  ] as const)('refuses a configuration naming what the center does not have (%s), storing nothing', async (field, config) => {
    const error = errorOf(await put(config), 400);

    expect(error.field).toBe(field);
    expect(ComplaintConfigSchema.parse((await get('agent1')).json())).toEqual(DEFAULT_COMPLAINT_CONFIG);
  });

  it('refuses what the schema refuses: a negative limit, an unknown status, an unknown key', async () => {
    errorOf(await put({ ...DEFAULT_COMPLAINT_CONFIG, authority: { roles: { manager: -1 }, users: {} } }), 400);
    errorOf(await put({ ...DEFAULT_COMPLAINT_CONFIG, sla: { stepHours: { lost: 3 }, callbackPromiseHours: 24 } }), 400);
    errorOf(await put({ ...DEFAULT_COMPLAINT_CONFIG, extra: true }), 400);
  });

  it('moves the open cases to the new queue when the routing changes, and announces each one', async () => {
    const registered = await open();
    const dispatched = await open({ triage: 'on_site' });
    const before = published.length;

    const response = await put(withRouting({ serviceDepartment: 'tech-service' }));

    expect(response.statusCode, response.body).toBe(200);
    expect(ComplaintConfigSchema.parse((await get('agent1')).json()).routing.serviceDepartment).toBe('tech-service');
    expect((await derived(registered.id))?.waiting_on).toBe('tech-service');
    // Its investigation went to the field staff when it was dispatched; that does not move.
    expect((await derived(dispatched.id))?.waiting_on).toBe('market-service');
    const announced = published.slice(before).filter((e) => e.type === 'ticket.changed');
    expect(announced.map((e) => (e.type === 'ticket.changed' ? e.ticketId : null))).toContain(registered.id);
    expect(announced.map((e) => (e.type === 'ticket.changed' ? e.ticketId : null))).not.toContain(dispatched.id);
  });

  it('gives a case without a time limit one from the configuration, and leaves a running one as it is', async () => {
    const running = await open();
    const missing = await open();
    const runningDue = (await derived(running.id))?.step_due_at;
    await hub.db.query('update tickets set step_due_at = null where id = $1', [missing.id]);
    const { rows } = await hub.db.query<{ updated_at: Date }>('select updated_at from tickets where id = $1', [missing.id]);

    const config: ComplaintConfig = { ...DEFAULT_COMPLAINT_CONFIG, sla: { ...DEFAULT_COMPLAINT_CONFIG.sla, stepHours: { registered: 1 } } };
    expect((await put(config)).statusCode).toBe(200);

    expect(new Date((await derived(missing.id))?.step_due_at ?? 0).getTime()).toBe(new Date(rows[0]?.updated_at ?? 0).getTime() + 3_600_000);
    expect((await derived(running.id))?.step_due_at).toEqual(runningDue);
  });

  it('enforces the stored configuration: a new authority limit changes who may approve', async () => {
    const config: ComplaintConfig = { ...DEFAULT_COMPLAINT_CONFIG, authority: { roles: { supervisor: 50_000, manager: 500_000 }, users: { gm: null, supervisor1: null } } };
    expect((await put(config)).statusCode).toBe(200);
    const ticket = await open();
    const actAs = (username: string, expectedVersion: number, action: object) =>
      hub.app.inject({
        method: 'POST',
        url: `/api/v1/tickets/${ticket.id}/actions`,
        headers: bearer(tokens[username] ?? ''),
        payload: { id: randomUUID(), expectedVersion, action },
      });

    const memo = await actAs('supervisor1', 1, {
      type: 'send_memo',
      proposal: { category: 'transport', responsibility: 'company', departmentCode: 'logistics', measure: '赔偿', compensationFen: 900_000 },
      note: '',
    });

    expect(memo.statusCode, memo.body).toBe(201);
    expect(memo.json<{ case: { proposal: { needsApproval: boolean } } }>().case.proposal.needsApproval).toBe(false);
  });

  it('brings stored queues in line with the stored configuration when a hub starts', async () => {
    const ticket = await open();
    await writeSetting(hub.db, COMPLAINT_CONFIG_KEY, withRouting({ serviceDepartment: 'tech-service' }));
    await hub.db.query("update tickets set waiting_on = 'nowhere' where id = $1", [ticket.id]);

    const another = await hub.another();
    const token = await loginAs(another, 'agent1');
    const read = await another.inject({ method: 'GET', url: `/api/v1/complaints/${ticket.id}`, headers: bearer(token) });

    expect((await derived(ticket.id))?.waiting_on).toBe('tech-service');
    expect(read.json<{ case: { waitingOn: string } }>().case.waitingOn).toBe('tech-service');
  });
});
