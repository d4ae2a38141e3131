import { createParser, type EventSourceMessage } from 'eventsource-parser';
import { EventStreamReadySchema, HubEventSchema, type HubEvent } from '../../../../shared/api/events';
import type { Logger } from '../../../../shared/logging/logger';
import { backoffDelay } from '../../../../shared/sync/backoff';

/**
 * `connecting`: the first connection of this login is being made; `connected`: the hub said
 * `ready`, events arrive; `reconnecting`: the connection was lost and the next attempt waits out
 * its delay; `stopped`: for good (logout, or the hub refused the session).
 */
export type PushConnectionState = 'connecting' | 'connected' | 'reconnecting' | 'stopped';

/** Why a client stopped: told to, or the hub answered 401 (the session is over) or 403. */
export type PushStopReason = 'stopped' | 'unauthorized' | 'forbidden';

export interface PushTimers {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export interface PushClientOptions {
  /** e.g. `http://127.0.0.1:8790`; empty for the origin that served the page (web mode). */
  baseUrl: string;
  token: string;
  fetch: typeof fetch;
  timers: PushTimers;
  /** [0, 1), for the jitter of the reconnect delay. */
  random: () => number;
  logger: Logger;
  /** Where the reconnect delay starts until the hub says (`retry:`). */
  initialRetryMs?: number;
  maxRetryMs?: number;
  /** How long a connection may stay silent before the hub has told its heartbeat (`ready`). */
  connectTimeoutMs?: number;
  /** A connected stream silent for this many heartbeats is presumed dead (a laptop that slept, a NAT that forgot). */
  missedHeartbeats?: number;
  /** Told of every state change; the reason comes with `stopped`. */
  onState?: (state: PushConnectionState, reason: PushStopReason | null) => void;
}

export interface PushClient {
  /** Connects; does nothing once started or stopped. */
  start(): void;
  /** Closes the connection and cancels any reconnect; for good. */
  stop(): void;
  /** Each valid event, in the order the hub sent them. A listener that throws is logged, not propagated. */
  subscribe(listener: (event: HubEvent) => void): () => void;
  readonly state: PushConnectionState;
  readonly stopReason: PushStopReason | null;
}

export const EVENTS_PATH = '/api/v1/events';
const DEFAULTS = { initialRetryMs: 3_000, maxRetryMs: 30_000, connectTimeoutMs: 45_000, missedHeartbeats: 3 };
/** A stream that never ends a line is not an event stream: stop buffering it. */
const MAX_EVENT_CHARS = 1024 * 1024;

/**
 * The console's end of the hub's server-sent events. fetch rather than EventSource, because
 * EventSource cannot send the Authorization header and the hub takes the token only there. Events
 * are checked against the shared schema: one the console does not understand (malformed, or of a
 * newer hub) is logged and skipped, and never reaches a feature. A lost connection is made again
 * after a growing, jittered delay (shared/sync/backoff.ts); a refused session ends it.
 */
export function createPushClient(options: PushClientOptions): PushClient {
  const settings = {
    initialRetryMs: options.initialRetryMs ?? DEFAULTS.initialRetryMs,
    maxRetryMs: options.maxRetryMs ?? DEFAULTS.maxRetryMs,
    connectTimeoutMs: options.connectTimeoutMs ?? DEFAULTS.connectTimeoutMs,
    missedHeartbeats: options.missedHeartbeats ?? DEFAULTS.missedHeartbeats,
  };
  const { timers, logger } = options;
  const url = `${options.baseUrl.replace(/\/+$/, '')}${EVENTS_PATH}`;
  const listeners = new Set<(event: HubEvent) => void>();

  let state: PushConnectionState = 'connecting';
  let stopReason: PushStopReason | null = null;
  let started = false;
  let attempt = 0;
  let retryMs = settings.initialRetryMs;
  /** Each connection's own abort; replaced at each attempt, so a late callback of an old one is ignored. */
  let connection: AbortController | null = null;
  let reconnectTimer: unknown = null;
  let idleTimer: unknown = null;
  let idleLimitMs = settings.connectTimeoutMs;

  function setState(next: PushConnectionState): void {
    if (state === next) return;
    state = next;
    options.onState?.(next, stopReason);
  }

  function clearIdle(): void {
    if (idleTimer !== null) timers.clearTimeout(idleTimer);
    idleTimer = null;
  }

  /** Anything from the hub, a heartbeat too, proves the connection alive for another while. */
  function armIdle(mine: AbortController): void {
    clearIdle();
    idleTimer = timers.setTimeout(() => {
      idleTimer = null;
      mine.abort(new Error(`nothing from the hub for ${idleLimitMs} ms`));
    }, idleLimitMs);
  }

  function deliver(event: HubEvent): void {
    for (const listener of [...listeners]) {
      try {
        listener(event);
      } catch (error) {
        logger.error(`a listener of ${event.type} failed`, error);
      }
    }
  }

  function onMessage(message: EventSourceMessage): void {
    if (message.event === 'ready') {
      const ready = EventStreamReadySchema.safeParse(parseJson(message.data));
      if (ready.success) idleLimitMs = ready.data.heartbeatMs * settings.missedHeartbeats;
      else logger.warn('the ready event carries no heartbeat; keeping the connect timeout', message.data);
      attempt = 0;
      setState('connected');
      return;
    }
    const parsed = HubEventSchema.safeParse(parseJson(message.data));
    if (!parsed.success || parsed.data.type !== message.event) {
      logger.warn(`skipped an event the console does not understand (${message.event ?? 'unnamed'})`, message.data);
      return;
    }
    deliver(parsed.data);
  }

  const parser = createParser({
    onEvent: onMessage,
    onRetry: (ms) => {
      // A hub asking for no wait at all would have every console hammer it at once.
      retryMs = Math.min(Math.max(ms, 250), settings.maxRetryMs);
    },
    onError: (error) => logger.warn('the event stream had a line the parser refused', error.message),
    maxBufferSize: MAX_EVENT_CHARS,
  });

  function halt(reason: PushStopReason): void {
    stopReason = reason;
    started = true;
    connection?.abort();
    connection = null;
    clearIdle();
    if (reconnectTimer !== null) timers.clearTimeout(reconnectTimer);
    reconnectTimer = null;
    setState('stopped');
  }

  function reconnectLater(mine: AbortController, why: string): void {
    if (connection !== mine || state === 'stopped') return;
    connection = null;
    clearIdle();
    const delay = backoffDelay(attempt, { baseMs: retryMs, maxMs: settings.maxRetryMs }, options.random);
    attempt += 1;
    logger.warn(`event stream lost (${why}); reconnecting in ${delay} ms`);
    setState('reconnecting');
    reconnectTimer = timers.setTimeout(() => {
      reconnectTimer = null;
      void connect();
    }, delay);
  }

  async function connect(): Promise<void> {
    if (state === 'stopped') return;
    const mine = new AbortController();
    connection = mine;
    idleLimitMs = settings.connectTimeoutMs;
    parser.reset();
    armIdle(mine);
    let response: Response;
    try {
      response = await options.fetch(url, {
        method: 'GET',
        headers: { accept: 'text/event-stream', authorization: `Bearer ${options.token}` },
        signal: mine.signal,
        credentials: 'omit',
        cache: 'no-store',
      });
    } catch (error) {
      return reconnectLater(mine, describe(error, mine));
    }
    if (connection !== mine) {
      void response.body?.cancel().catch(() => undefined);
      return;
    }
    if (response.status === 401 || response.status === 403) {
      void response.body?.cancel().catch(() => undefined);
      logger.info(`the hub refused the event stream (${response.status}); not reconnecting`);
      return halt(response.status === 401 ? 'unauthorized' : 'forbidden');
    }
    const type = response.headers.get('content-type') ?? '';
    if (!response.ok || !type.startsWith('text/event-stream') || response.body === null) {
      void response.body?.cancel().catch(() => undefined);
      return reconnectLater(mine, `the hub answered ${response.status} ${type || 'without a type'}`);
    }
    await read(response.body, mine);
  }

  async function read(body: ReadableStream<Uint8Array>, mine: AbortController): Promise<void> {
    const reader = body.getReader();
    const onAbort = () => void reader.cancel().catch(() => undefined);
    mine.signal.addEventListener('abort', onAbort, { once: true });
    const decoder = new TextDecoder();
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (connection !== mine) return;
        // A cancelled read ends like a finished stream: the abort says which it was.
        if (mine.signal.aborted) return reconnectLater(mine, describe(null, mine));
        if (done) return reconnectLater(mine, 'the hub ended the stream');
        armIdle(mine);
        parser.feed(decoder.decode(value, { stream: true }));
      }
    } catch (error) {
      reconnectLater(mine, describe(error, mine));
    } finally {
      mine.signal.removeEventListener('abort', onAbort);
    }
  }

  return {
    start() {
      if (started) return;
      started = true;
      void connect();
    },
    stop() {
      if (state !== 'stopped') halt('stopped');
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
    get state() {
      return state;
    },
    get stopReason() {
      return stopReason;
    },
  };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** The abort's own reason (the idle watchdog says why) rather than a bare "aborted". */
function describe(error: unknown, connection: AbortController): string {
  const reason: unknown = connection.signal.aborted ? connection.signal.reason : error;
  return reason instanceof Error ? reason.message : String(reason);
}
