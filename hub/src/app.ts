import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fastifyRateLimit from '@fastify/rate-limit';
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import { serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import { agentRoutes } from './agent/routes';
import { authenticate } from './auth/authenticate';
import { boardFigures, withBoardFigures } from './board/board-figures';
import { boardRoutes } from './board/routes';
import { loginRoute, sessionRoutes } from './auth/routes';
import { DEFAULT_SESSION_TTL_MS } from './auth/sessions';
import { callLogRoutes } from './call-logs/routes';
import { callbackRoutes } from './callbacks/routes';
import type { Clock } from './clock';
import { customerRoutes } from './customers/routes';
import { flowRoutes } from './flows/routes';
import type { Db } from './db/db';
import { migrate } from './db/migrate';
import { notFoundHandler, registerConsole } from './http/console-static';
import { errorHandler } from './http/error-handler';
import { healthRoute } from './http/health-route';
import { HubError } from './http/hub-error';
import { databaseRateLimitStore } from './http/rate-limit-store';
import { docsRoute, registerOpenApi } from './http/openapi';
import { inProcessEventBus, type EventBus } from './events/event-bus';
import { DEFAULT_EVENT_HEARTBEAT_MS, eventRoutes } from './events/routes';
import { notificationRoutes } from './notifications/routes';
import { addSecurityHeaders } from './http/security-headers';
import { orgRoutes } from './org/routes';
import { phoneRoutes } from './phone/routes';
import { ticketRoutes } from './tickets/routes';
import { recomputeWithStoredConfig } from './complaints/config-repo';
import { complaintRoutes } from './complaints/routes';
import { attachmentRoutes } from './complaints/attachments';
import { reportRoutes } from './reports/routes';
import { diskRecordingStore, type RecordingStore } from './recordings/recording-store';
import { recordingAudioRoute, recordingRoutes } from './recordings/routes';
import { recordingUploadRoutes } from './recordings/upload-routes';
import { qaRoutes } from './qa/routes';
import { DEFAULT_PHONE_SETTINGS, type PhoneSettings } from './phone/phone-settings';

export interface CreateHubOptions {
  db: Db;
  clock: Clock;
  /** The built web console (`out/renderer`); served at `/` when the directory exists. */
  staticDir?: string;
  /** Fastify's logger setting; off by default so tests stay quiet. */
  logger?: FastifyServerOptions['logger'];
  /** Login attempts allowed per client IP and window. */
  loginRateLimit?: { max: number; timeWindowMs: number };
  sessionTtlMs?: number;
  /** The PBX as consoles should reach it; defaults to the dev PBX on loopback. */
  phone?: PhoneSettings;
  /**
   * Where changes are announced to the push route; one process's own list unless given. Several
   * processes on one PostgreSQL need the LISTEN/NOTIFY bus (events/open-event-bus.ts), which the
   * caller opens and closes, after the hub.
   */
  events?: EventBus;
  /** How often an open event stream gets a comment line and its session is checked again. */
  eventHeartbeatMs?: number;
  /** Load balancers (addresses, CIDR ranges) whose `X-Forwarded-For` names the client; none by default. */
  trustProxy?: readonly string[];
  /**
   * Where recordings' bytes are (hub/src/recordings/recording-store.ts). Without one, the hub keeps
   * them in a temporary directory removed when it closes: fine for tests and benches that never look
   * at recordings, so they need not care; `main.ts` always passes HUB_RECORDINGS_DIR.
   */
  recordings?: RecordingStore;
}

export const DEFAULT_LOGIN_RATE_LIMIT = { max: 10, timeWindowMs: 60_000 };

/**
 * Builds the hub without listening, so tests drive it with `inject` or `listen({ port: 0 })`.
 * Brings the schema up to date first: a hub never serves an older schema than its code expects.
 */
export async function createHub(options: CreateHubOptions): Promise<FastifyInstance> {
  const { db, clock } = options;
  const bus = options.events ?? inProcessEventBus();
  // One coalescer per process; writers get the bus through it (board/board-figures.ts).
  const figures = boardFigures({ publish: (event) => bus.publish(event), clock });
  const events = withBoardFigures(bus, figures);
  await migrate(db);
  // Open cases' queues and time limits follow the configuration, whichever version of the hub
  // stored them: brought in line before the first request.
  await db.transaction((tx) => recomputeWithStoredConfig(tx, clock.now()));

  const trusted = options.trustProxy ?? [];
  // Behind a load balancer the login limit is per client only if the hub reads who the client is.
  const app = Fastify({ logger: options.logger ?? false, trustProxy: trusted.length > 0 ? [...trusted] : false });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.setErrorHandler(errorHandler);
  app.decorateRequest('session', null);
  app.addHook('onClose', async () => figures.close());
  let recordings = options.recordings;
  if (recordings === undefined) {
    const dir = await mkdtemp(join(tmpdir(), 'hub-recordings-'));
    recordings = diskRecordingStore(dir);
    app.addHook('onClose', async () => rm(dir, { recursive: true, force: true }));
  }
  addSecurityHeaders(app);

  await registerOpenApi(app);
  await app.register(fastifyRateLimit, {
    global: false,
    // In the database, so that N hub processes count one client's attempts together.
    store: databaseRateLimitStore({ db, clock }),
    errorResponseBuilder: (_request, context) =>
      new HubError('rate_limited', context.statusCode, `Too many attempts; try again in ${context.after}`),
  });

  const indexHtml = await registerConsole(app, options.staticDir);
  app.setNotFoundHandler(notFoundHandler(indexHtml));

  await app.register(healthRoute, { db });
  // Outside the authenticated scope: an <audio> element sends no bearer token; the replay's ticket stands for it.
  await app.register(recordingAudioRoute, { db, clock, store: recordings });
  await app.register(loginRoute, {
    db,
    clock,
    sessionTtlMs: options.sessionTtlMs ?? DEFAULT_SESSION_TTL_MS,
    rateLimit: options.loginRateLimit ?? DEFAULT_LOGIN_RATE_LIMIT,
  });
  // Everything registered in this scope requires a valid session.
  await app.register(async (api) => {
    api.addHook('onRequest', authenticate(db, clock));
    await api.register(sessionRoutes, { db, clock, events });
    await api.register(orgRoutes, { db });
    await api.register(phoneRoutes, { db, phone: options.phone ?? DEFAULT_PHONE_SETTINGS });
    await api.register(agentRoutes, { db, clock, events });
    await api.register(callLogRoutes, { db, clock, events, figures });
    await api.register(customerRoutes, { db, clock });
    await api.register(flowRoutes, { db, clock });
    await api.register(ticketRoutes, { db, clock, events });
    await api.register(complaintRoutes, { db, clock, events });
    await api.register(callbackRoutes, { db, clock, events });
    // Evidence files move none of the board's figures.
    await api.register(attachmentRoutes, { db, clock, events: bus });
    await api.register(reportRoutes, { db, clock });
    await api.register(qaRoutes, { db, clock, events });
    await api.register(recordingUploadRoutes, { db, clock, store: recordings });
    await api.register(recordingRoutes, { db, clock });
    await api.register(boardRoutes, { db, clock });
    await api.register(notificationRoutes, { db, clock });
    await api.register(eventRoutes, { db, clock, events, heartbeatMs: options.eventHeartbeatMs ?? DEFAULT_EVENT_HEARTBEAT_MS });
    await api.register(docsRoute);
  });

  await app.ready();
  return app;
}
