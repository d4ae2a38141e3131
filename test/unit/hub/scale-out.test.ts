import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { createParser, type EventSourceMessage } from 'eventsource-parser';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { HubEvent } from '../../../shared/api/events';
import type { TicketCreateRequest } from '../../../shared/api/tickets';
import { createHub } from '../../../hub/src/app';
import type { Db } from '../../../hub/src/db/db';
import type { ClosableEventBus } from '../../../hub/src/events/event-bus';
import { openPgEventBus, pgListenClient, type EventBusLog } from '../../../hub/src/events/pg-event-bus';
import { seedDemo } from '../../../hub/src/seed/demo';
import { SHOWCASE } from '../../../hub/src/seed/demo-showcase';
import { DEMO_PASSWORD } from '../../../hub/src/seed/demo-users';
import { bearer, loginAs } from '../../support/hub-app';
import { FakeClock } from '../../support/hub-clock';
import { createTestDatabase, type TestDatabase } from '../../support/hub-db';

/*
 * Two hub processes on one PostgreSQL, as a scaled-out center runs them: two pools, two event
 * buses (each with its own listening connection), two ports. Everything a console does through one
 * must hold through the other.
 */

const SERVER_URL = process.env.HUB_DATABASE_URL?.trim() || undefined;
const LOGIN_LIMIT = 3;

interface Hub {
  app: FastifyInstance;
  db: Db;
  bus: ClosableEventBus;
  url: string;
}

interface OpenStream {
  events: EventSourceMessage[];
  ended: Promise<void>;
  abort(): void;
}

async function openStream(baseUrl: string, token: string): Promise<OpenStream> {
  const controller = new AbortController();
  const response = await fetch(`${baseUrl}/api/v1/events`, { headers: { ...bearer(token), accept: 'text/event-stream' }, signal: controller.signal });
  if (response.status !== 200 || response.body === null) throw new Error(`event stream: ${response.status}`);
  const body = response.body;
  const events: EventSourceMessage[] = [];
  const parser = createParser({ onEvent: (event) => events.push(event) });
  const ended = (async () => {
    const decoder = new TextDecoder();
    try {
      for await (const chunk of body) parser.feed(decoder.decode(chunk as Uint8Array, { stream: true }));
    } catch {
      // aborted by the test
    }
  })();
  await vi.waitFor(() => expect(events.some((e) => e.event === 'ready')).toBe(true));
  return { events, ended, abort: () => controller.abort() };
}

const received = (stream: OpenStream): HubEvent[] => stream.events.filter((e) => e.event !== 'ready').map((e) => JSON.parse(e.data) as HubEvent);

const complaint = (): TicketCreateRequest => ({
  id: randomUUID(),
  kind: 'complaint',
  customerId: SHOWCASE.zhangWei.id,
  callId: randomUUID(),
  title: '饲料质量投诉',
  channel: 'phone',
  category: 'quality',
  severity: 'normal',
  triage: null,
  departmentCode: null,
  answers: [{ stepId: 'details', questionId: 'what_happened', label: '投诉内容', display: '换用新批次后增重变慢' }],
  flow: null,
});

const quietLog: EventBusLog = { info: () => undefined, warn: () => undefined, error: () => undefined };

describe.skipIf(SERVER_URL === undefined)('two hub processes on one PostgreSQL', () => {
  let database: TestDatabase;
  let a: Hub;
  let b: Hub;
  const streams: OpenStream[] = [];
  const clock = new FakeClock(new Date());

  const startHub = async (db: Db, databaseUrl: string): Promise<Hub> => {
    const bus = await openPgEventBus({ db, newListenClient: () => pgListenClient(databaseUrl), log: quietLog });
    const app = await createHub({ db, clock, events: bus, loginRateLimit: { max: LOGIN_LIMIT, timeWindowMs: 60_000 } });
    await app.listen({ port: 0, host: '127.0.0.1' });
    return { app, db, bus, url: `http://127.0.0.1:${(app.server.address() as AddressInfo).port}` };
  };
  const stream = async (hub: Hub, token: string) => {
    const opened = await openStream(hub.url, token);
    streams.push(opened);
    return opened;
  };
  const openComplaint = async (through: Hub, token: string): Promise<string> => {
    const body = complaint();
    const response = await through.app.inject({ method: 'POST', url: '/api/v1/tickets', headers: bearer(token), payload: body });
    expect(response.statusCode, response.body).toBe(201);
    return body.id;
  };

  beforeAll(async () => {
    database = await createTestDatabase('postgres');
    const { rows } = await database.db.query<{ name: string }>('select current_database() as name');
    const url = new URL(SERVER_URL ?? '');
    url.pathname = `/${rows[0]?.name ?? ''}`;
    a = await startHub(database.db, url.toString());
    b = await startHub(await database.connectAgain(), url.toString());
    await seedDemo(a.db, { clock, customers: 0 });
  });
  afterAll(async () => {
    for (const s of streams) s.abort();
    for (const hub of [a, b]) {
      await hub?.app.close();
      await hub?.bus.close();
    }
    await database?.dispose();
  });

  it('accepts on B a token issued by A', async () => {
    const token = await loginAs(a.app, 'agent1');

    const me = await b.app.inject({ method: 'GET', url: '/api/v1/me', headers: bearer(token) });

    expect(me.statusCode).toBe(200);
    expect(me.json()).toMatchObject({ user: { username: 'agent1' } });
  });

  it('pushes to a console on A a ticket changed through B', async () => {
    const agentConsole = await stream(a, await loginAs(a.app, 'agent2'));

    const ticketId = await openComplaint(b, await loginAs(b.app, 'agent1'));

    await vi.waitFor(() => expect(received(agentConsole)).toContainEqual(expect.objectContaining({ type: 'ticket.changed', ticketId })), { timeout: 5_000 });
  });

  it("pushes an agent's state change through A to a supervisor's board on B", async () => {
    const board = await stream(b, await loginAs(b.app, 'supervisor1'));
    const agent = await loginAs(a.app, 'callback1');

    const response = await a.app.inject({
      method: 'POST',
      url: '/api/v1/agent/state',
      headers: bearer(agent),
      payload: { state: 'ready', reasonCode: null, at: clock.now().toISOString(), callId: null },
    });

    expect(response.statusCode, response.body).toBe(200);
    await vi.waitFor(() => expect(received(board)).toContainEqual(expect.objectContaining({ type: 'agent.state', state: 'ready' })), { timeout: 5_000 });
  });

  it("counts one client's login attempts across A and B", async () => {
    const attempt = (hub: Hub, password: string) =>
      hub.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'qa1', password } });
    const statuses: number[] = [];
    for (const hub of [a, b, a]) statuses.push((await attempt(hub, 'guess')).statusCode);

    const fourth = await attempt(b, DEMO_PASSWORD);

    expect(statuses).toEqual([401, 401, 401]);
    expect(fourth.statusCode).toBe(429);
  });

  it('listens again after its connection is terminated, ends open streams so consoles reload, and delivers again', async () => {
    const before = await stream(a, await loginAs(a.app, 'agent2'));
    const { rows } = await database.db.query<{ n: number }>(
      "select count(pg_terminate_backend(pid))::int as n from pg_stat_activity where datname = current_database() and application_name = 'hub-events'",
    );
    expect(rows[0]?.n).toBe(2);

    // The stream that may have missed events ends once the listener is back (within the backoff).
    await before.ended;
    const after = await stream(a, await loginAs(a.app, 'agent2'));
    const ticketId = await openComplaint(b, await loginAs(b.app, 'agent1'));

    await vi.waitFor(() => expect(received(after)).toContainEqual(expect.objectContaining({ type: 'ticket.changed', ticketId })), { timeout: 5_000 });
  });
});
