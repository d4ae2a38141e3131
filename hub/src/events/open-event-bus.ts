import { ConfigError, redactUrl } from '../config';
import type { Db } from '../db/db';
import { inProcessEventBus, type ClosableEventBus } from './event-bus';
import { openPgEventBus, pgListenClient, type EventBusLog } from './pg-event-bus';

/**
 * The bus that fits the database: PGlite is one process by construction, so its own list of
 * listeners is all there is; PostgreSQL may be shared by several hub processes, so events go
 * through it (LISTEN/NOTIFY) even when this happens to be the only hub.
 */
export async function openEventBus(db: Db, databaseUrl: string | null, log: EventBusLog): Promise<ClosableEventBus> {
  if (db.kind === 'pglite' || databaseUrl === null) return inProcessEventBus();
  try {
    return await openPgEventBus({ db, newListenClient: () => pgListenClient(databaseUrl), log });
  } catch (error) {
    throw new ConfigError(`cannot listen for events on PostgreSQL at ${redactUrl(databaseUrl)}: ${(error as Error).message}`);
  }
}
