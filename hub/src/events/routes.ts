import { PassThrough } from 'node:stream';
import type { FastifyReply } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { EventStreamReady, HubEvent } from '../../../shared/api/events';
import { sessionOf } from '../auth/authenticate';
import type { Clock } from '../clock';
import type { Db } from '../db/db';
import { protectedErrors } from '../http/schemas';
import { audienceOf, findSessionAudience, mayReceive, readNotificationRouting, type Audience } from '../notifications/audience';
import type { EventBus } from './event-bus';

export const DEFAULT_EVENT_HEARTBEAT_MS = 15_000;
/** What an EventSource-style client waits before it reconnects; the console's backoff starts from it. */
export const EVENT_STREAM_RETRY_MS = 3_000;
/**
 * A console that stops reading (a frozen tab, a dead link the kernel has not noticed yet) must not
 * make the hub keep every event for it: past this much unsent text the stream is ended, and the
 * console reloads what it shows when it is back (the `ready` event).
 */
export const MAX_UNSENT_BYTES = 1024 * 1024;

export interface EventRoutesOptions {
  db: Db;
  clock: Clock;
  events: EventBus;
  heartbeatMs: number;
}

const frame = (lines: string[]): string => `${lines.join('\n')}\n\n`;

/*
 * `GET /api/v1/events`: the bus (event-bus.ts) as server-sent events, filtered per person by the
 * rule of notifications/audience.ts. A stream is returned rather than the reply hijacked, so that
 * the hub's hooks (security headers) apply to it like to every other answer.
 *
 * Ids number the events of one stream; there is no replay from `Last-Event-ID`, since an event only
 * says *that* something changed: a console reloads what it shows at each `ready` instead.
 */
export const eventRoutes: FastifyPluginAsyncZod<EventRoutesOptions> = async (app, { db, clock, events, heartbeatMs }) => {
  /** How to end each open stream: a hub shutting down must not wait for consoles that never hang up. */
  const open = new Set<() => void>();
  app.addHook('preClose', async () => {
    for (const end of [...open]) end();
  });

  app.get('/api/v1/events', {
    schema: {
      summary: 'Server-sent events: ticket.changed and notification.created (shared/api/events.ts), as far as the caller may see them',
      description:
        `Starts with \`retry: ${EVENT_STREAM_RETRY_MS}\` and \`event: ready\` (data: {heartbeatMs}); then \`event: <type>\`, \`id: <n>\` and ` +
        '`data: <json>` per event, and a comment line every heartbeatMs. The session is checked at each heartbeat: after logout or expiry the stream ends. ' +
        'It also ends when the hub may have missed events (its database listener reconnected): reconnect and reload.',
      tags: ['events'],
      response: {
        200: { description: 'An event stream that stays open', content: { 'text/event-stream': { schema: z.string() } } },
        ...protectedErrors,
      },
    },
    handler: async (request, reply) => {
      const session = sessionOf(request);
      let audience: Audience = audienceOf(session.user);
      let routing = await readNotificationRouting(db);
      const stream = new PassThrough();
      let sequence = 0;
      let ended = false;
      let checking = false;

      const end = () => {
        if (ended) return;
        ended = true;
        clearInterval(heartbeat);
        unsubscribe();
        open.delete(end);
        stream.end();
      };
      const send = (text: string) => {
        if (ended) return;
        if (stream.writableLength > MAX_UNSENT_BYTES) {
          request.log.warn({ username: audience.username }, 'event stream not read; ended');
          end();
          return;
        }
        stream.write(text);
      };

      const unsubscribe = events.subscribe(
        (event: HubEvent) => {
          if (!mayReceive(audience, routing, event)) return;
          sequence += 1;
          send(frame([`event: ${event.type}`, `id: ${sequence}`, `data: ${JSON.stringify(event)}`]));
        },
        // The bus may have lost events (pg-event-bus.ts): ended, the console reconnects and
        // reloads at its next `ready`, the one path it already has for a missed stretch.
        () => end(),
      );

      // Role, department and configuration are read again with the session, so a change to them
      // applies to an open stream by the next heartbeat.
      const beat = async () => {
        if (checking || ended) return;
        checking = true;
        try {
          const current = await findSessionAudience(db, session.tokenHash, clock.now());
          if (current === null) return end();
          audience = current;
          routing = await readNotificationRouting(db);
          send(': heartbeat\n\n');
        } catch (error) {
          // The session cannot be checked: end rather than go on unchecked; the console reconnects.
          request.log.warn({ err: error }, 'event stream session check failed; ended');
          end();
        } finally {
          checking = false;
        }
      };
      const heartbeat = setInterval(() => void beat(), heartbeatMs);
      heartbeat.unref();
      // Fastify destroys the stream when the console goes; a stream ended here closes too.
      stream.on('close', end);
      open.add(end);

      const ready: EventStreamReady = { heartbeatMs };
      stream.write(frame([`retry: ${EVENT_STREAM_RETRY_MS}`]));
      stream.write(frame(['event: ready', `data: ${JSON.stringify(ready)}`]));
      // No cache-control here: the hub's hook (security-headers.ts) makes every API answer no-store,
      // stricter than the no-cache usual for event streams. x-accel-buffering: a proxy such as nginx
      // would otherwise hold events back until its buffer fills. connection: close, so that a stream
      // the hub ends (shutdown, logout) leaves no idle socket behind for a closing hub to wait on.
      // The declared 200 documents the text format; the payload is the stream, which Fastify pipes unserialized.
      const untyped: FastifyReply = reply;
      return untyped
        .header('content-type', 'text/event-stream; charset=utf-8')
        .header('x-accel-buffering', 'no')
        .header('connection', 'close')
        .send(stream);
    },
  });
};
