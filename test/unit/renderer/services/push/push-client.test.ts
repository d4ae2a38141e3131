import { describe, expect, it } from 'vitest';
import type { HubEvent, NotificationCreatedEvent, TicketChangedEvent } from '../../../../../shared/api/events';
import type { Logger } from '../../../../../shared/logging/logger';
import { createPushClient, type PushClientOptions, type PushConnectionState } from '../../../../../renderer/src/services/push';
import { fakeClock, settle } from '../../support/fake-clock';

const encoder = new TextEncoder();

interface Connection {
  url: string;
  headers: Record<string, string>;
  signal: AbortSignal;
  /** Sends text down the stream as the hub would write it. */
  push(text: string): void;
  /** The hub ends the stream. */
  end(): void;
}

type Answer = 'stream' | { status: number; body?: string; contentType?: string } | { error: Error };

/** A fetch whose event streams the test writes to; answers are taken in order, then streams. */
function streamingFetch(...answers: Answer[]) {
  const connections: Connection[] = [];
  const requests: string[] = [];
  const fetchImpl = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    requests.push(String(input));
    const answer = answers.shift() ?? 'stream';
    if (answer !== 'stream' && 'error' in answer) throw answer.error;
    if (answer !== 'stream') {
      return new Response(answer.body ?? null, { status: answer.status, headers: { 'content-type': answer.contentType ?? 'application/json' } });
    }
    const signal = init?.signal ?? new AbortController().signal;
    let controller!: ReadableStreamDefaultController<Uint8Array>;
    const body = new ReadableStream<Uint8Array>({
      start: (c) => {
        controller = c;
      },
    });
    signal.addEventListener('abort', () => {
      try {
        controller.error(signal.reason);
      } catch {
        // Already closed.
      }
    });
    connections.push({
      url: String(input),
      headers: Object.fromEntries(new Headers(init?.headers).entries()),
      signal,
      push: (text) => controller.enqueue(encoder.encode(text)),
      end: () => controller.close(),
    });
    return new Response(body, { status: 200, headers: { 'content-type': 'text/event-stream; charset=utf-8' } });
  };
  return { fetch: fetchImpl as typeof fetch, connections, requests };
}

function recordingLogger() {
  const lines: Array<{ level: keyof Logger; message: string }> = [];
  const logger: Logger = {
    info: (message) => void lines.push({ level: 'info', message }),
    warn: (message) => void lines.push({ level: 'warn', message }),
    error: (message) => void lines.push({ level: 'error', message }),
  };
  return { logger, lines };
}

const ticketChanged: TicketChangedEvent = {
  type: 'ticket.changed',
  ticketId: '0190a3f0-0000-7000-8000-000000000001',
  ticketNo: 'TS-2026-000001',
  kind: 'complaint',
  status: 'with_department',
  waitingOn: 'logistics',
  version: 3,
  at: '2026-11-24T01:00:00.000Z',
  by: 'supervisor1',
};
const notificationCreated: NotificationCreatedEvent = {
  type: 'notification.created',
  notificationId: '0190a3f0-0000-7000-8000-000000000002',
  departmentCode: 'logistics',
  username: null,
  ticketId: null,
  urgent: true,
  at: '2026-11-24T01:00:00.000Z',
};

const frame = (event: string, data: unknown, id?: number) =>
  `event: ${event}\n${id === undefined ? '' : `id: ${id}\n`}data: ${typeof data === 'string' ? data : JSON.stringify(data)}\n\n`;
const READY = `retry: 3000\n\n${frame('ready', { heartbeatMs: 1000 })}`;

function harness(fetchAnswers: Answer[] = [], patch: Partial<PushClientOptions> = {}) {
  const time = fakeClock();
  const net = streamingFetch(...fetchAnswers);
  const log = recordingLogger();
  const states: Array<[PushConnectionState, string | null]> = [];
  const client = createPushClient({
    baseUrl: 'http://hub.test:8790/',
    token: 'tok-1',
    fetch: net.fetch,
    timers: time.clock,
    random: () => 0.5,
    logger: log.logger,
    onState: (state, reason) => states.push([state, reason]),
    ...patch,
  });
  const received: HubEvent[] = [];
  client.subscribe((event) => received.push(event));
  return { time, net, log, states, client, received };
}

describe('push client', () => {
  it('connects to the events route with the bearer token, and is connected once the hub says ready', async () => {
    const { client, net } = harness();

    client.start();
    await settle();
    expect(client.state).toBe('connecting');
    net.connections[0]!.push(READY);
    await settle();

    expect(net.connections[0]!.url).toBe('http://hub.test:8790/api/v1/events');
    expect(net.connections[0]!.headers).toMatchObject({ authorization: 'Bearer tok-1', accept: 'text/event-stream' });
    expect(client.state).toBe('connected');
  });

  it('hands each event to the listeners in order, also when a frame arrives in pieces', async () => {
    const { client, net, received } = harness();
    client.start();
    await settle();
    const stream = net.connections[0]!;
    stream.push(READY);

    const second = frame('notification.created', notificationCreated, 2);
    stream.push(frame('ticket.changed', ticketChanged, 1));
    stream.push(second.slice(0, 30));
    await settle();
    stream.push(second.slice(30));
    await settle();

    expect(received).toEqual([ticketChanged, notificationCreated]);
  });

  it('skips and logs what is not a valid event, and goes on with the next', async () => {
    const { client, net, received, log } = harness();
    client.start();
    await settle();
    const stream = net.connections[0]!;
    stream.push(READY);

    stream.push(frame('ticket.changed', '{not json'));
    stream.push(frame('ticket.changed', { ...ticketChanged, version: 'three' }));
    stream.push(frame('agent.state', { type: 'agent.state', username: 'agent1' }));
    stream.push(frame('notification.created', ticketChanged));
    stream.push(frame('ticket.changed', ticketChanged));
    await settle();

    expect(received).toEqual([ticketChanged]);
    expect(log.lines.filter((l) => l.level === 'warn' && l.message.startsWith('skipped'))).toHaveLength(4);
    expect(client.state).toBe('connected');
  });

  it('keeps delivering to the others when a listener throws', async () => {
    const { client, net, received, log } = harness();
    client.subscribe(() => {
      throw new Error('a broken pane');
    });
    client.start();
    await settle();

    net.connections[0]!.push(READY + frame('ticket.changed', ticketChanged) + frame('ticket.changed', ticketChanged));
    await settle();

    expect(received).toHaveLength(2);
    expect(log.lines.filter((l) => l.level === 'error')).toHaveLength(2);
  });

  it('reconnects after the hub ends the stream, after a jittered delay from the hub’s retry, and is connected again at ready', async () => {
    const { client, net, time, states } = harness();
    client.start();
    await settle();
    net.connections[0]!.push(READY);
    await settle();

    net.connections[0]!.end();
    await settle();
    expect(client.state).toBe('reconnecting');
    // random 0.5 of the first ceiling, the hub's retry: 3000 → 1500 ms.
    await time.advance(1499);
    expect(net.connections).toHaveLength(1);
    await time.advance(1);
    expect(net.connections).toHaveLength(2);
    net.connections[1]!.push(READY);
    await settle();

    expect(states.map(([s]) => s)).toEqual(['connected', 'reconnecting', 'connected']);
  });

  it('waits longer after each failed attempt, and starts over once connected', async () => {
    const down = { error: new TypeError('Failed to fetch') };
    const { client, net, time } = harness([down, down, down], { random: () => 0.999 });
    client.start();
    await settle();

    // Ceilings 3 s, 6 s, 12 s; at 0.999 of each.
    await time.advance(2997);
    await time.advance(5994);
    expect(net.requests).toHaveLength(3);
    await time.advance(11_988);
    expect(net.requests).toHaveLength(4);
    net.connections[0]!.push(READY);
    await settle();
    net.connections[0]!.end();
    await settle();
    await time.advance(2997);

    expect(net.requests).toHaveLength(5);
  });

  it('reconnects after an answer that is no event stream (a proxy’s 502, a login page)', async () => {
    const { client, net, time } = harness([{ status: 502 }, { status: 200, body: '<html>', contentType: 'text/html' }]);
    client.start();
    await settle();

    await time.advance(1500);
    await time.advance(3000);
    await settle();

    expect(net.requests).toHaveLength(3);
    expect(client.state).toBe('reconnecting');
    net.connections[0]!.push(READY);
    await settle();
    expect(client.state).toBe('connected');
  });

  it.each([
    [401, 'unauthorized'],
    [403, 'forbidden'],
  ] as const)('stops for good when the hub answers %i', async (status, reason) => {
    const { client, net, time, states } = harness([{ status, body: JSON.stringify({ error: reason, message: 'no' }) }]);
    client.start();
    await settle();

    await time.advance(60_000);

    expect(net.requests).toHaveLength(1);
    expect(client.state).toBe('stopped');
    expect(client.stopReason).toBe(reason);
    expect(states).toEqual([['stopped', reason]]);
    expect(time.pendingTimers()).toBe(0);
  });

  it('closes the connection at stop and never reconnects, leaving no timer behind', async () => {
    const { client, net, time } = harness();
    client.start();
    await settle();
    net.connections[0]!.push(READY);
    await settle();

    client.stop();
    await settle();
    await time.advance(120_000);

    expect(net.connections[0]!.signal.aborted).toBe(true);
    expect(net.requests).toHaveLength(1);
    expect(client.state).toBe('stopped');
    expect(client.stopReason).toBe('stopped');
    expect(time.pendingTimers()).toBe(0);
  });

  it('cancels a pending reconnect at stop', async () => {
    const { client, net, time } = harness([{ error: new TypeError('Failed to fetch') }]);
    client.start();
    await settle();
    expect(client.state).toBe('reconnecting');

    client.stop();
    await time.advance(60_000);

    expect(net.requests).toHaveLength(1);
    expect(time.pendingTimers()).toBe(0);
  });

  it('presumes a connection dead after three heartbeats of silence, and connects again', async () => {
    const { client, net, time, log } = harness();
    client.start();
    await settle();
    net.connections[0]!.push(READY);
    await settle();

    await time.advance(2000);
    net.connections[0]!.push(': heartbeat\n\n');
    await settle();
    await time.advance(2999);
    expect(client.state).toBe('connected');
    await time.advance(1);

    expect(net.connections[0]!.signal.aborted).toBe(true);
    expect(client.state).toBe('reconnecting');
    expect(log.lines.some((l) => l.message.includes('nothing from the hub for 3000 ms'))).toBe(true);
    await time.advance(1500);
    expect(net.connections).toHaveLength(2);
  });
});
