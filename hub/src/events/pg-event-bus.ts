import pg from 'pg';
import { HubEventSchema } from '../../../shared/api/events';
import { backoffDelay, type BackoffPolicy } from '../../../shared/sync/backoff';
import type { Queryable } from '../db/db';
import { fanOut, type ClosableEventBus } from './event-bus';

/*
 * The event bus of hub processes sharing one PostgreSQL: `pg_notify` to publish, one dedicated
 * connection that LISTENs to deliver. Every process, the publisher too, receives its own events
 * back through NOTIFY, so there is one path and one order for all of them: the order in which the
 * notifying transactions committed.
 *
 * Lost events are possible (the listening connection drops; a publish fails while the database
 * restarts) and acceptable, because an event only says *that* something changed. What is not
 * acceptable is a console that never learns it missed something: after the listener reconnects,
 * every subscriber is told there was a gap, and the push route ends its streams, so that consoles
 * reconnect and reload what they show (their `ready` event).
 */

export const HUB_EVENTS_CHANNEL = 'hub_events';
/** PostgreSQL refuses a NOTIFY payload of 8000 bytes or more. */
export const MAX_PAYLOAD_BYTES = 7999;
/** Events sent in one statement: a burst costs one round trip per batch, not one per event. */
const MAX_BATCH = 500;
/** Unsent events held while the database is slow; past this, new ones are dropped (and logged) rather than kept. */
const MAX_PENDING = 20_000;
/** Reconnecting the listener: full jitter, so N hubs that lost one server do not return in lockstep. */
export const LISTEN_BACKOFF: BackoffPolicy = { baseMs: 500, maxMs: 10_000 };
/**
 * A listening connection only reads, so a dead peer (a failover, a cut NAT entry) may show no
 * error for hours; a query now and then finds out.
 */
export const DEFAULT_LISTEN_PING_MS = 30_000;

/** In one statement, in the array's order: notifications of one transaction arrive in the order sent. */
const NOTIFY = 'select pg_notify($1, payload) from unnest($2::text[]) as payload';

/** The dedicated listening connection, as small as the bus needs (a fake one in tests). */
export interface ListenClient {
  connect(): Promise<void>;
  query(sql: string): Promise<void>;
  end(): Promise<void>;
  onNotification(handler: (channel: string, payload: string | undefined) => void): void;
  /** The connection failed or ended without `end()` being called. */
  onLost(handler: (error: Error) => void): void;
}

export interface EventBusLog {
  info(message: string): void;
  warn(message: string): void;
  error(message: string, error?: unknown): void;
}

export interface PgEventBusOptions {
  /** Where events are published: the hub's pool, so publishing goes on while the listener is down. */
  db: Queryable;
  /** A new, unconnected connection for LISTEN: one from the pool would be handed to requests. */
  newListenClient: () => ListenClient;
  log: EventBusLog;
  random?: () => number;
  backoff?: BackoffPolicy;
  pingMs?: number;
}

export function pgListenClient(connectionString: string): ListenClient {
  const client = new pg.Client({
    connectionString,
    application_name: 'hub-events',
    keepAlive: true,
    connectionTimeoutMillis: 10_000,
    // A ping that hangs is a dead connection: rejected, so the bus replaces it.
    query_timeout: 10_000,
  });
  return {
    connect: async () => void (await client.connect()),
    query: async (sql) => void (await client.query(sql)),
    end: () => client.end(),
    onNotification: (handler) => void client.on('notification', (message) => handler(message.channel, message.payload)),
    onLost(handler) {
      client.on('error', handler);
      client.on('end', () => handler(new Error('the connection ended')));
    },
  };
}

/** Listens before it returns, so that a hub never serves streams that would hear nothing; throws when it cannot. */
export async function openPgEventBus(options: PgEventBusOptions): Promise<ClosableEventBus> {
  const { db, log } = options;
  const random = options.random ?? Math.random;
  const backoff = options.backoff ?? LISTEN_BACKOFF;
  const subscribers = fanOut();

  let closed = false;
  let current: ListenClient | null = null;
  let attempt = 0;
  let retryTimer: NodeJS.Timeout | null = null;

  let pending: string[] = [];
  let flushing: Promise<void> | null = null;
  let overflowing = false;

  function receive(channel: string, payload: string | undefined): void {
    if (channel !== HUB_EVENTS_CHANNEL) return;
    let json: unknown;
    try {
      json = JSON.parse(payload ?? '');
    } catch {
      log.warn(`event bus: skipped a notification that is not JSON (${describePayload(payload)})`);
      return;
    }
    const parsed = HubEventSchema.safeParse(json);
    if (!parsed.success) {
      // Another hub version's event, or someone else's NOTIFY on our channel: not for consoles.
      const issue = parsed.error.issues[0];
      log.warn(`event bus: skipped a notification that is not a hub event (${issue?.path.join('.') ?? ''}: ${issue?.message ?? ''}; ${describePayload(payload)})`);
      return;
    }
    subscribers.deliver(parsed.data);
  }

  async function listen(): Promise<void> {
    const candidate = options.newListenClient();
    let listening = false;
    current = candidate;
    // Notifications can arrive as soon as LISTEN commits, before the await below resumes.
    candidate.onNotification((channel, payload) => {
      if (current === candidate) receive(channel, payload);
    });
    candidate.onLost((error) => {
      if (current === candidate && listening) dropped(candidate, error);
    });
    try {
      await candidate.connect();
      await candidate.query(`listen ${HUB_EVENTS_CHANNEL}`);
    } catch (error) {
      if (current === candidate) current = null;
      void candidate.end().catch(() => undefined);
      throw error;
    }
    if (closed || current !== candidate) {
      void candidate.end().catch(() => undefined);
      return;
    }
    listening = true;
  }

  function dropped(client: ListenClient, error: unknown): void {
    if (current !== client) return;
    current = null;
    void client.end().catch(() => undefined);
    if (closed) return;
    log.error(`event bus: the listening connection was lost (${(error as Error).message ?? String(error)}); reconnecting`);
    scheduleRetry();
  }

  function scheduleRetry(): void {
    if (closed || retryTimer !== null) return;
    const delay = backoffDelay(attempt, backoff, random);
    attempt += 1;
    retryTimer = setTimeout(() => {
      retryTimer = null;
      listen().then(
        () => {
          if (closed) return;
          attempt = 0;
          log.info('event bus: listening again; open event streams end so that consoles reload what they missed');
          subscribers.gap();
        },
        (error: unknown) => {
          if (closed) return;
          log.error(`event bus: cannot listen yet (${(error as Error).message ?? String(error)}); retrying`);
          scheduleRetry();
        },
      );
    }, delay);
    retryTimer.unref();
  }

  const ping = setInterval(() => {
    const client = current;
    if (client === null) return;
    client.query('select 1').catch((error: unknown) => dropped(client, error));
  }, options.pingMs ?? DEFAULT_LISTEN_PING_MS);
  ping.unref();

  async function flush(): Promise<void> {
    while (pending.length > 0) {
      const batch = pending.slice(0, MAX_BATCH);
      pending = pending.slice(MAX_BATCH);
      try {
        await db.query(NOTIFY, [HUB_EVENTS_CHANNEL, batch]);
      } catch (error) {
        log.error(`event bus: ${batch.length} event(s) not published`, error);
      }
    }
    overflowing = false;
    flushing = null;
  }

  try {
    await listen();
  } catch (error) {
    clearInterval(ping);
    throw error;
  }

  return {
    publish(event) {
      if (closed) return;
      const payload = JSON.stringify(event);
      const bytes = Buffer.byteLength(payload, 'utf8');
      if (bytes > MAX_PAYLOAD_BYTES) {
        // Events name what changed and are small by design; one this big is a bug to fix, not to crash a writer.
        log.error(`event bus: a ${event.type} event of ${bytes} bytes is over PostgreSQL's NOTIFY limit; dropped`);
        return;
      }
      if (pending.length >= MAX_PENDING) {
        if (!overflowing) log.error(`event bus: ${MAX_PENDING} events wait for the database; dropping new ones until it catches up`);
        overflowing = true;
        return;
      }
      pending.push(payload);
      flushing ??= flush();
    },
    subscribe: subscribers.subscribe,
    async close() {
      if (closed) return;
      closed = true;
      clearInterval(ping);
      if (retryTimer !== null) clearTimeout(retryTimer);
      retryTimer = null;
      const client = current;
      current = null;
      // What the hub published while shutting down still goes out; the pool closes after the bus.
      await flushing;
      await client?.end().catch(() => undefined);
    },
  };
}

function describePayload(payload: string | undefined): string {
  if (payload === undefined) return 'no payload';
  return payload.length > 120 ? `${payload.slice(0, 120)}… (${payload.length} characters)` : payload;
}
