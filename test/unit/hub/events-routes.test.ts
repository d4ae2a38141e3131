import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { createParser, type EventSourceMessage } from 'eventsource-parser';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ApiErrorSchema } from '../../../shared/api/errors';
import type { HubEvent, NotificationCreatedEvent } from '../../../shared/api/events';
import { inProcessEventBus, type EventBus } from '../../../hub/src/events/event-bus';
import { bearer, startTestHub, type TestHub } from '../../support/hub-app';
import { describeEachBackend } from '../../support/hub-db';
import { ticketChanged } from '../../support/hub-events';

const HOUR = 3_600_000;

/** The in-process bus, counting its listeners: a stream that is gone must leave none behind. */
function countingBus(): EventBus & { listeners(): number } {
  const bus = inProcessEventBus();
  let count = 0;
  return {
    publish: (event) => bus.publish(event),
    subscribe(listener) {
      count += 1;
      const unsubscribe = bus.subscribe(listener);
      let done = false;
      return () => {
        if (!done) count -= 1;
        done = true;
        unsubscribe();
      };
    },
    listeners: () => count,
  };
}

interface OpenStream {
  response: Response;
  events: EventSourceMessage[];
  comments: string[];
  retry: number | null;
  /** Resolves when the hub ends the stream (or the test aborts it). */
  ended: Promise<void>;
  isEnded(): boolean;
  abort(): void;
}

/** A console's side of `GET /api/v1/events`: Node's fetch, parsed as the console parses it. */
async function openStream(baseUrl: string, token: string): Promise<OpenStream> {
  const controller = new AbortController();
  const response = await fetch(`${baseUrl}/api/v1/events`, { headers: { ...bearer(token), accept: 'text/event-stream' }, signal: controller.signal });
  const stream: OpenStream = {
    response,
    events: [],
    comments: [],
    retry: null,
    ended: Promise.resolve(),
    isEnded: () => finished,
    abort: () => controller.abort(),
  };
  let finished = false;
  const parser = createParser({
    onEvent: (event) => stream.events.push(event),
    onComment: (comment) => stream.comments.push(comment),
    onRetry: (ms) => {
      stream.retry = ms;
    },
  });
  stream.ended = (async () => {
    if (!response.body) return;
    const decoder = new TextDecoder();
    try {
      for await (const chunk of response.body) parser.feed(decoder.decode(chunk as Uint8Array, { stream: true }));
    } catch {
      // Aborted by the test.
    } finally {
      finished = true;
    }
  })();
  return stream;
}


const notificationCreated = (patch: Partial<NotificationCreatedEvent> = {}): NotificationCreatedEvent => ({
  type: 'notification.created',
  notificationId: randomUUID(),
  departmentCode: 'logistics',
  username: null,
  ticketId: null,
  urgent: false,
  at: '2026-03-02T09:00:00.000Z',
  ...patch,
});

const dataOf = (stream: OpenStream): HubEvent[] =>
  stream.events.filter((e) => e.event !== 'ready').map((e) => JSON.parse(e.data) as HubEvent);

const ready = (stream: OpenStream) => vi.waitFor(() => expect(stream.events.some((e) => e.event === 'ready')).toBe(true));

describeEachBackend('event stream', (backend) => {
  let hub: TestHub;
  let bus: ReturnType<typeof countingBus>;
  let baseUrl: string;
  const streams: OpenStream[] = [];

  beforeAll(async () => {
    bus = countingBus();
    hub = await startTestHub(backend, { customers: 0, events: bus, eventHeartbeatMs: 40 });
    // Where each person works, whatever the demo seed says: the rule under test is about these.
    for (const [username, role, department] of [
      ['agent1', 'agent', 'acceptance'],
      ['agent2', 'department', 'logistics'],
      ['qa1', 'qa', 'quality'],
      ['supervisor1', 'supervisor', null],
    ] as const) {
      await hub.db.query('update users set role = $2, department_code = $3 where username = $1', [username, role, department]);
    }
    await hub.app.listen({ port: 0, host: '127.0.0.1' });
    baseUrl = `http://127.0.0.1:${(hub.app.server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    for (const stream of streams) stream.abort();
    // After an abort, Node's fetch opens a spare socket that never sends a request; the server would
    // wait for its headers timeout (a minute) before closing. Nothing of the hub's is in flight here.
    hub.app.server.closeAllConnections();
    await hub.close();
  });

  const open = async (username: string) => {
    const stream = await openStream(baseUrl, await hub.login(username));
    streams.push(stream);
    await ready(stream);
    return stream;
  };

  it('answers an event stream that starts with the retry interval and a ready event, under the hub’s headers', async () => {
    const stream = await open('agent1');

    expect(stream.response.status).toBe(200);
    expect(stream.response.headers.get('content-type')).toMatch(/^text\/event-stream/);
    expect(stream.response.headers.get('x-accel-buffering')).toBe('no');
    expect(stream.response.headers.get('cache-control')).toBe('no-store');
    expect(stream.response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(stream.retry).toBe(3000);
    expect(stream.events[0]).toMatchObject({ event: 'ready' });
    expect(JSON.parse(stream.events[0]!.data)).toEqual({ heartbeatMs: 40 });
    stream.abort();
  });

  it('refuses a request without a valid token with 401, as JSON', async () => {
    const response = await fetch(`${baseUrl}/api/v1/events`, { headers: bearer('not-a-token') });

    expect(response.status).toBe(401);
    expect(ApiErrorSchema.parse(await response.json()).error).toBe('unauthorized');
  });

  it('sends each event the person may see, named by its type, with increasing ids', async () => {
    const stream = await open('agent1');
    const first = ticketChanged();
    const second = notificationCreated({ departmentCode: 'acceptance', urgent: true });

    bus.publish(first);
    bus.publish(second);

    await vi.waitFor(() => expect(dataOf(stream)).toHaveLength(2));
    expect(dataOf(stream)).toEqual([first, second]);
    const delivered = stream.events.filter((e) => e.event !== 'ready');
    expect(delivered.map((e) => e.event)).toEqual(['ticket.changed', 'notification.created']);
    expect(delivered.map((e) => Number(e.id))).toEqual([1, 2]);
    stream.abort();
  });

  it('filters per person: department staff hear only of their cases and their department; by name and the service department reach the right people', async () => {
    const [agent, logistics, qa, supervisor] = await Promise.all([open('agent1'), open('agent2'), open('qa1'), open('supervisor1')]);
    const published = {
      waitsOnService: ticketChanged({ waitingOn: 'service' }),
      closed: ticketChanged({ waitingOn: null, status: 'closed' }),
      toLogistics: notificationCreated({ departmentCode: 'logistics' }),
      toService: notificationCreated({ departmentCode: 'service' }),
      toQaByName: notificationCreated({ departmentCode: 'gm-office', username: 'qa1' }),
      toAcceptance: notificationCreated({ departmentCode: 'acceptance' }),
      // A case leaving the department's queue: its staff must drop it from their list.
      leftLogistics: ticketChanged({ waitingOn: 'gm-office', previousWaitingOn: 'logistics' }),
      // Last, and for everyone: once it has arrived, everything before it has.
      waitsOnLogistics: ticketChanged({ waitingOn: 'logistics' }),
    };

    for (const event of Object.values(published)) bus.publish(event);

    const streams = { agent, logistics, qa, supervisor };
    await vi.waitFor(() => {
      for (const stream of Object.values(streams)) expect(dataOf(stream).at(-1)).toEqual(published.waitsOnLogistics);
    });
    const names = (stream: OpenStream) =>
      dataOf(stream).map((event) => Object.entries(published).find(([, e]) => JSON.stringify(e) === JSON.stringify(event))?.[0]);
    expect(names(agent)).toEqual(['waitsOnService', 'closed', 'toAcceptance', 'leftLogistics', 'waitsOnLogistics']);
    expect(names(logistics)).toEqual(['toLogistics', 'leftLogistics', 'waitsOnLogistics']);
    expect(names(qa)).toEqual(['waitsOnService', 'closed', 'toQaByName', 'leftLogistics', 'waitsOnLogistics']);
    expect(names(supervisor)).toEqual(['waitsOnService', 'closed', 'toService', 'leftLogistics', 'waitsOnLogistics']);
    for (const stream of Object.values(streams)) stream.abort();
  });

  it('sends a comment line at each heartbeat', async () => {
    const stream = await open('qa1');

    await vi.waitFor(() => expect(stream.comments.length).toBeGreaterThanOrEqual(2));
    stream.abort();
  });

  it('ends the stream at the next heartbeat after the person logs out', async () => {
    const token = await hub.login('agent1');
    const stream = await openStream(baseUrl, token);
    streams.push(stream);
    await ready(stream);

    const logout = await hub.app.inject({ method: 'POST', url: '/api/v1/auth/logout', headers: bearer(token) });

    expect(logout.statusCode).toBe(204);
    await stream.ended;
    expect(stream.isEnded()).toBe(true);
  });

  it('ends the stream once the session has expired', async () => {
    const stream = await open('agent2');

    hub.clock.advance(13 * HOUR);

    await stream.ended;
    expect(stream.isEnded()).toBe(true);
  });

  it('follows a change of department on an open stream from the next heartbeat', async () => {
    const stream = await open('agent2');
    await hub.db.query("update users set department_code = 'production' where username = 'agent2'");
    const before = stream.comments.length;
    // Two heartbeats: the one that may have been reading the old row, and one after the change.
    await vi.waitFor(() => expect(stream.comments.length).toBeGreaterThanOrEqual(before + 2));

    bus.publish(ticketChanged({ waitingOn: 'logistics' }));
    const production = ticketChanged({ waitingOn: 'production' });
    bus.publish(production);

    await vi.waitFor(() => expect(dataOf(stream)).toEqual([production]));
    await hub.db.query("update users set department_code = 'logistics' where username = 'agent2'");
    stream.abort();
  });

  it('unsubscribes from the bus when the console goes away', async () => {
    for (const stream of streams) stream.abort();
    await vi.waitFor(() => expect(bus.listeners()).toBe(0));
    const stream = await open('agent1');
    expect(bus.listeners()).toBe(1);

    stream.abort();

    await vi.waitFor(() => expect(bus.listeners()).toBe(0));
  });
});

describe('event stream at shutdown', () => {
  it('ends open streams when the hub closes, instead of waiting for the consoles to hang up', async () => {
    const bus = countingBus();
    const hub = await startTestHub('pglite', { customers: 0, events: bus });
    await hub.app.listen({ port: 0, host: '127.0.0.1' });
    const stream = await openStream(`http://127.0.0.1:${(hub.app.server.address() as AddressInfo).port}`, await hub.login('agent1'));
    await ready(stream);

    await hub.close();

    await stream.ended;
    expect(bus.listeners()).toBe(0);
  });
});
