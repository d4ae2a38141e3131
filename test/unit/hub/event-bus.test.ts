import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { HubEvent, TicketChangedEvent } from '../../../shared/api/events';
import type { QueryResult, Queryable } from '../../../hub/src/db/db';
import { inProcessEventBus } from '../../../hub/src/events/event-bus';
import { HUB_EVENTS_CHANNEL, MAX_PAYLOAD_BYTES, openPgEventBus, type EventBusLog, type ListenClient } from '../../../hub/src/events/pg-event-bus';
import { ticketChanged } from '../../support/hub-events';


/** A listening connection the test drives: it delivers notifications and loses itself on demand. */
class FakeListenClient implements ListenClient {
  readonly queries: string[] = [];
  ended = false;
  failConnect: Error | null = null;
  failQuery: Error | null = null;
  #notify: ((channel: string, payload: string | undefined) => void) | null = null;
  #lost: ((error: Error) => void) | null = null;

  connect(): Promise<void> {
    return this.failConnect === null ? Promise.resolve() : Promise.reject(this.failConnect);
  }
  query(sql: string): Promise<void> {
    this.queries.push(sql);
    return this.failQuery === null ? Promise.resolve() : Promise.reject(this.failQuery);
  }
  end(): Promise<void> {
    this.ended = true;
    return Promise.resolve();
  }
  onNotification(handler: (channel: string, payload: string | undefined) => void): void {
    this.#notify = handler;
  }
  onLost(handler: (error: Error) => void): void {
    this.#lost = handler;
  }
  notify(payload: string | undefined, channel = HUB_EVENTS_CHANNEL): void {
    this.#notify?.(channel, payload);
  }
  lose(): void {
    this.#lost?.(new Error('terminating connection due to administrator command'));
  }
}

/** The publishing side: records each statement's payloads; NOTIFY loops them back to the listener. */
class FakePool implements Queryable {
  readonly statements: string[][] = [];
  fail: Error | null = null;
  #release: (() => void) | null = null;
  held = false;

  constructor(private readonly loopback: () => FakeListenClient | undefined) {}

  async query<T extends object>(_sql: string, params: readonly unknown[] = []): Promise<QueryResult<T>> {
    const payloads = params[1] as string[];
    this.statements.push(payloads);
    if (this.held) await new Promise<void>((resolve) => (this.#release = resolve));
    if (this.fail !== null) throw this.fail;
    for (const payload of payloads) this.loopback()?.notify(payload);
    return { rows: [], rowCount: 0 };
  }
  release(): void {
    this.held = false;
    this.#release?.();
  }
}

function recordingLog(): EventBusLog & { lines: string[] } {
  const lines: string[] = [];
  return {
    lines,
    info: (message) => lines.push(`info ${message}`),
    warn: (message) => lines.push(`warn ${message}`),
    error: (message) => lines.push(`error ${message}`),
  };
}

describe('pg event bus', () => {
  let clients: FakeListenClient[];
  let nextClient: () => FakeListenClient;
  let pool: FakePool;
  let log: ReturnType<typeof recordingLog>;
  const latest = () => clients.at(-1);

  beforeEach(() => {
    vi.useFakeTimers();
    clients = [];
    nextClient = () => new FakeListenClient();
    pool = new FakePool(() => latest());
    log = recordingLog();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  const open = () =>
    openPgEventBus({
      db: pool,
      newListenClient: () => {
        const client = nextClient();
        clients.push(client);
        return client;
      },
      log,
      random: () => 0.5,
      backoff: { baseMs: 1000, maxMs: 10_000 },
      pingMs: 30_000,
    });

  it('listens on its channel before it returns', async () => {
    await open();

    expect(clients).toHaveLength(1);
    expect(clients[0]?.queries).toEqual([`listen ${HUB_EVENTS_CHANNEL}`]);
  });

  it('delivers its own events only through NOTIFY, in the order published', async () => {
    const bus = await open();
    const seen: HubEvent[] = [];
    bus.subscribe((event) => seen.push(event));
    const first = ticketChanged({ version: 1 });
    const second = ticketChanged({ version: 2 });

    pool.fail = new Error('the database is restarting');
    bus.publish(ticketChanged());
    await vi.waitFor(() => expect(log.lines.some((line) => line.includes('1 event(s) not published'))).toBe(true));
    pool.fail = null;
    bus.publish(first);
    bus.publish(second);

    await vi.waitFor(() => expect(seen).toEqual([first, second]));
  });

  it('sends the events published while a statement is out as one batch, in order', async () => {
    const bus = await open();
    pool.held = true;
    const events = Array.from({ length: 5 }, (_, i) => ticketChanged({ version: i + 1 }));

    for (const event of events) bus.publish(event);
    pool.release();

    await vi.waitFor(() => expect(pool.statements).toHaveLength(2));
    expect(pool.statements.map((payloads) => payloads.map((p) => (JSON.parse(p) as TicketChangedEvent).version))).toEqual([[1], [2, 3, 4, 5]]);
  });

  it('drops an event over the NOTIFY size limit with an error instead of throwing into the writer', async () => {
    const bus = await open();
    const huge = ticketChanged({ by: 'x'.repeat(MAX_PAYLOAD_BYTES) });

    expect(() => bus.publish(huge)).not.toThrow();
    bus.publish(ticketChanged());

    await vi.waitFor(() => expect(pool.statements).toHaveLength(1));
    expect(pool.statements[0]).toHaveLength(1);
    expect(log.lines).toContainEqual(expect.stringMatching(/^error .*ticket\.changed event of \d+ bytes is over/));
  });

  it('counts the limit in bytes, not characters', async () => {
    const bus = await open();
    // Three bytes a character in UTF-8: under the limit in characters, over it in bytes.
    bus.publish(ticketChanged({ by: '客'.repeat(Math.ceil(MAX_PAYLOAD_BYTES / 3)) }));

    await vi.advanceTimersByTimeAsync(0);
    expect(pool.statements).toHaveLength(0);
  });

  it('skips, and logs, a notification that is not JSON or not a hub event, and ignores other channels', async () => {
    const bus = await open();
    const seen: HubEvent[] = [];
    bus.subscribe((event) => seen.push(event));
    const good = ticketChanged();

    latest()?.notify('{not json');
    latest()?.notify(JSON.stringify({ type: 'ticket.changed', ticketId: 'not-a-uuid' }));
    latest()?.notify(undefined);
    latest()?.notify(JSON.stringify(good), 'someone_else');
    latest()?.notify(JSON.stringify(good));

    expect(seen).toEqual([good]);
    expect(log.lines.filter((line) => line.startsWith('warn'))).toHaveLength(3);
  });

  it('reconnects after the connection is lost, listens again, and tells subscribers they may have missed events', async () => {
    const bus = await open();
    const seen: HubEvent[] = [];
    const gaps = vi.fn();
    bus.subscribe((event) => seen.push(event), gaps);

    clients[0]?.lose();
    expect(clients[0]?.ended).toBe(true);
    expect(gaps).not.toHaveBeenCalled();
    // Full jitter: half of the first ceiling with random() = 0.5.
    await vi.advanceTimersByTimeAsync(499);
    expect(clients).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);

    expect(clients).toHaveLength(2);
    expect(clients[1]?.queries).toEqual([`listen ${HUB_EVENTS_CHANNEL}`]);
    expect(gaps).toHaveBeenCalledTimes(1);
    const after = ticketChanged();
    bus.publish(after);
    await vi.waitFor(() => expect(seen).toEqual([after]));
  });

  it('backs off while the database refuses connections, and signals one gap once it is back', async () => {
    const bus = await open();
    const gaps = vi.fn();
    bus.subscribe(() => undefined, gaps);
    let refusals = 3;
    nextClient = () => {
      const client = new FakeListenClient();
      if (refusals > 0) client.failConnect = new Error('connection refused');
      refusals -= 1;
      return client;
    };

    clients[0]?.lose();
    // Ceilings 1000, 2000, 4000, 8000 ms; half of each with random() = 0.5.
    await vi.advanceTimersByTimeAsync(500 + 1000 + 2000);
    expect(clients).toHaveLength(4);
    expect(gaps).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(4000);

    expect(clients).toHaveLength(5);
    expect(gaps).toHaveBeenCalledTimes(1);
    expect(clients.slice(1, 4).every((client) => client.ended)).toBe(true);
    expect(log.lines.filter((line) => line.includes('cannot listen yet'))).toHaveLength(3);
  });

  it('replaces a connection whose ping fails, since a dead peer may report nothing', async () => {
    await open();
    clients[0]!.failQuery = new Error('Query read timeout');

    await vi.advanceTimersByTimeAsync(30_000);
    await vi.advanceTimersByTimeAsync(500);

    expect(clients[0]?.ended).toBe(true);
    expect(clients).toHaveLength(2);
  });

  it('stops listening and reconnecting when closed, and still sends what was published before', async () => {
    const bus = await open();
    pool.held = true;
    bus.publish(ticketChanged());
    const closing = bus.close();
    pool.release();
    await closing;

    expect(pool.statements).toHaveLength(1);
    expect(clients[0]?.ended).toBe(true);
    clients[0]?.lose();
    bus.publish(ticketChanged());
    await vi.advanceTimersByTimeAsync(60_000);
    expect(clients).toHaveLength(1);
    expect(pool.statements).toHaveLength(1);
  });

  it('fails to open when it cannot listen at all', async () => {
    nextClient = () => Object.assign(new FakeListenClient(), { failConnect: new Error('password authentication failed') });

    await expect(open()).rejects.toThrow('password authentication failed');
    await vi.advanceTimersByTimeAsync(60_000);
    expect(clients).toHaveLength(1);
  });
});

describe('in-process event bus', () => {
  it('delivers to every subscriber at once and drops one that throws', () => {
    const bus = inProcessEventBus();
    const seen: string[] = [];
    const failing = vi.fn(() => {
      throw new Error('stream closed');
    });
    bus.subscribe(failing);
    bus.subscribe((event) => seen.push(event.type));

    bus.publish(ticketChanged());
    bus.publish(ticketChanged());

    expect(seen).toEqual(['ticket.changed', 'ticket.changed']);
    expect(failing).toHaveBeenCalledTimes(1);
  });
});
