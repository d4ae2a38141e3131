import { fileURLToPath } from 'node:url';
import { createHub } from './app';
import { systemClock } from './clock';
import { ConfigError, loadSettings } from './config';
import type { Db } from './db/db';
import { openDb } from './db/open-db';
import { SchemaTooNewError } from './db/migrate';
import { writeKamailioSubscribers } from './pbx/kamailio-subscribers';
import { seedDemo } from './seed/demo';
import { seedDemoRecordings } from './seed/demo-recordings';
import type { ClosableEventBus } from './events/event-bus';
import { openEventBus } from './events/open-event-bus';
import { diskRecordingStore } from './recordings/recording-store';
import type { EventBusLog } from './events/pg-event-bus';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));

async function main(): Promise<void> {
  const settings = loadSettings(process.env, process.argv.slice(2), repoRoot);
  const db: Db = await openDb({
    databaseUrl: settings.databaseUrl,
    dataDir: settings.dataDir,
    onIdleError: (error) => console.error(`hub: database connection lost (${error.message}); reconnecting`),
  });
  let app;
  let events: ClosableEventBus | undefined;
  const recordings = diskRecordingStore(settings.recordingsDir);
  try {
    events = await openEventBus(db, settings.databaseUrl, eventBusLog);
    app = await createHub({
      db,
      clock: systemClock,
      events,
      staticDir: settings.staticDir,
      logger: { level: settings.logLevel },
      trustProxy: settings.trustProxy,
      recordings,
      phone: { wsUrl: settings.sipWsUrl, realm: settings.sipRealm, iceServers: settings.iceServers, ivrHeader: settings.ivrHeader },
    });
    if (settings.demoCustomers !== null) {
      const s = await seedDemo(db, { clock: systemClock, customers: settings.demoCustomers, sipRealm: settings.sipRealm });
      console.log(
        `hub: demo seeded: ${s.users} users, ${s.customers} customers and ${s.showcase} showcase customers, ` +
          `${s.phones} phone numbers, ${s.orders} orders, ${s.products} product units, ${s.tickets} tickets, ${s.flows} library flows added; ` +
          `${s.skippedPhones} unparseable phone numbers skipped`,
      );
      const replayable = await seedDemoRecordings(db, recordings, systemClock);
      console.log(`hub: demo recordings: ${replayable} calls of the QA queue given the demo recording (${recordings.description})`);
    }
    // After the seed, so the demo extensions are in it; before listening, because `npm start` reads
    // the table as soon as /healthz answers and starts Kamailio from it.
    if (settings.pbxDbTextDir !== null) await provisionPbx(db, settings.pbxDbTextDir, settings.sipRealm);
    const address = await app.listen({ port: settings.port, host: settings.host }).catch((error: Error) => {
      // Port taken, privileged port, unknown host: all the operator's to fix.
      throw new ConfigError(`cannot listen on ${settings.host}:${settings.port}: ${error.message}`);
    });
    console.log(`hub listening on ${address} (database: ${db.kind})`);
  } catch (error) {
    await app?.close().catch(() => undefined);
    await events?.close().catch(() => undefined);
    await db.close().catch(() => undefined);
    throw error;
  }

  let stopping = false;
  const stop = (signal: string) => {
    // A second Ctrl-C means "now": do not wait for slow requests to drain.
    if (stopping) process.exit(1);
    stopping = true;
    console.log(`hub: ${signal} received, shutting down`);
    // The hub first (its event streams end), then the bus (its last events go out), then the pool.
    void app
      .close()
      .then(() => events?.close())
      .then(() => db.close())
      .then(() => process.exit(0))
      .catch((error: unknown) => {
        console.error('hub: shutdown failed', error);
        process.exit(1);
      });
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

const eventBusLog: EventBusLog = {
  info: (message) => console.log(`hub: ${message}`),
  warn: (message) => console.warn(`hub: ${message}`),
  error: (message, error) => console.error(`hub: ${message}${error === undefined ? '' : ` (${(error as Error).message ?? String(error)})`}`),
};

async function provisionPbx(db: Db, dir: string, realm: string): Promise<void> {
  let summary;
  try {
    summary = await writeKamailioSubscribers(db, dir, realm);
  } catch (error) {
    throw new ConfigError(`cannot write the Kamailio subscriber table in ${dir}: ${(error as Error).message}`);
  }
  for (const { username, reason } of summary.skipped) console.warn(`hub: SIP account of ${username} left out of the PBX: ${reason}`);
  console.log(`hub: wrote ${summary.written} SIP subscribers for realm ${realm} to ${dir}`);
}

main().catch((error: unknown) => {
  const expected = error instanceof ConfigError || error instanceof SchemaTooNewError;
  console.error(`hub: ${expected ? (error as Error).message : 'failed to start'}`);
  if (!expected) console.error(error);
  process.exit(1);
});
