/**
 * Call-log ingest on the hub: realistic records (about 1.5 KB of JSON each) posted by three consoles
 * in batches of the console's size through `app.inject`, so that the body's JSON parsing, each
 * record's validation and hash, the merge's SQL and the answer are all in the figure. On PGlite in
 * a fresh directory, and with HUB_DATABASE_URL on a fresh PostgreSQL database.
 *  - new: every record is new to the hub (the upload after a day offline)
 *  - replay: the same batches again (the console retrying after a lost answer): all unchanged
 *  - update: every record again with a higher version (wrap-up finished later)
 *  - new, 3 at once: other new records, the three consoles uploading at the same time
 * The first three send one request at a time, so the hub's JavaScript and the database never work
 * at once: the conservative figure. The last one is what a floor of consoles does.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { CallLogBatchResponseSchema, type CallLogOutcome, type CallLogRecord } from '../shared/api/call-logs';
import { createHub } from '../hub/src/app';
import { systemClock } from '../hub/src/clock';
import type { Db } from '../hub/src/db/db';
import { openPgDb } from '../hub/src/db/pg-db';
import { openPgliteDb } from '../hub/src/db/pglite-db';
import { seedDemo } from '../hub/src/seed/demo';
import { mulberry32 } from '../hub/src/seed/prng';
import { loginAs } from '../test/support/hub-app';
import { realisticCallLog } from '../test/support/call-log-records';
import { throughput, writeResult, type Throughput } from './stats';

const CONSOLES = ['agent1', 'agent2', 'callback1'];

interface Backend {
  name: 'pglite' | 'postgres';
  open(): Promise<{ db: Db; dispose(): Promise<void> }>;
}

const pglite: Backend = {
  name: 'pglite',
  async open() {
    const dir = mkdtempSync(join(tmpdir(), 'bench-call-log-ingest-'));
    const db = await openPgliteDb(dir);
    return { db, dispose: async () => (await db.close(), rmSync(dir, { recursive: true, force: true })) };
  },
};

function postgres(serverUrl: string): Backend {
  const admin = async (sql: string) => {
    const client = new pg.Client({ connectionString: serverUrl });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  };
  return {
    name: 'postgres',
    async open() {
      // DDL takes no parameters; the name is ours (hex), never input.
      const name = `bench_call_logs_${randomBytes(6).toString('hex')}`;
      await admin(`create database "${name}"`);
      const url = new URL(serverUrl);
      url.pathname = `/${name}`;
      const db = await openPgDb({ connectionString: url.toString() });
      return { db, dispose: async () => (await db.close(), await admin(`drop database if exists "${name}" with (force)`)) };
    },
  };
}

/** One request body per batch, serialised before the clock starts: the consoles' work, not the hub's. */
function batches(records: readonly CallLogRecord[], size: number): string[] {
  const bodies: string[] = [];
  for (let start = 0; start < records.length; start += size) bodies.push(JSON.stringify({ records: records.slice(start, start + size) }));
  return bodies;
}

async function run(backend: Backend, count: number, batchSize: number): Promise<Record<string, Throughput>> {
  const { db, dispose } = await backend.open();
  const app = await createHub({ db, clock: systemClock });
  try {
    await seedDemo(db, { clock: systemClock, customers: 0 });
    const tokens = await Promise.all(CONSOLES.map((username) => loginAs(app, username)));
    const random = mulberry32(20_000);
    const now = Date.now();
    // Working days of calls, oldest first, the way an outbox drains.
    const day = (daysAgo: number) =>
      Array.from({ length: count }, (_, i) => realisticCallLog(random, new Date(now - daysAgo * 86_400_000 - (count - i) * 4_000)));
    const records = day(1);
    const newer = records.map((record) => ({ ...record, version: record.version + 1, wrapUp: { ...record.wrapUp, notes: `${record.wrapUp.notes}（已补充）` } }));
    const another = day(2);

    const post = async (label: string, seat: number, body: string, expected: CallLogOutcome) => {
      const response = await app.inject({
        method: 'POST',
        url: '/api/v1/call-logs/batch',
        headers: { authorization: `Bearer ${tokens[seat]}`, 'content-type': 'application/json' },
        payload: body,
      });
      const { results } = CallLogBatchResponseSchema.parse(response.json());
      const unexpected = results.find((result) => result.outcome !== expected);
      if (response.statusCode !== 200 || unexpected !== undefined) throw new Error(`${label}: ${response.statusCode} ${JSON.stringify(unexpected ?? response.json())}`);
    };
    // Batch i belongs to console (seat) i % 3 in every pass.
    const pass = async (label: string, bodies: readonly string[], expected: CallLogOutcome, atOnce: boolean): Promise<Throughput> => {
      const started = performance.now();
      if (atOnce) {
        await Promise.all(
          tokens.map(async (_token, seat) => {
            for (let i = seat; i < bodies.length; i += tokens.length) await post(label, seat, bodies[i]!, expected);
          }),
        );
      } else {
        for (const [i, body] of bodies.entries()) await post(label, i % tokens.length, body, expected);
      }
      const figure = throughput(count, 'records', performance.now() - started);
      console.log(`  ${backend.name} ${label}: ${figure.perSecond} records/s`);
      return figure;
    };
    return {
      [`${backend.name}New`]: await pass('new', batches(records, batchSize), 'created', false),
      [`${backend.name}Replay`]: await pass('replay', batches(records, batchSize), 'unchanged', false),
      [`${backend.name}Update`]: await pass('update', batches(newer, batchSize), 'updated', false),
      [`${backend.name}NewThreeAtOnce`]: await pass('new, 3 consoles at once', batches(another, batchSize), 'created', true),
    };
  } finally {
    await app.close();
    await dispose();
  }
}

export async function benchCallLogIngest(options: { records: number; batchSize: number }): Promise<Record<string, Throughput>> {
  const serverUrl = process.env.HUB_DATABASE_URL?.trim() || undefined;
  const backends = serverUrl === undefined ? [pglite] : [pglite, postgres(serverUrl)];
  if (serverUrl === undefined) console.log('  HUB_DATABASE_URL is not set: PGlite only');
  const figures: Record<string, Throughput> = {};
  for (const backend of backends) Object.assign(figures, await run(backend, options.records, options.batchSize));
  writeResult('call-log-ingest', {
    ...figures,
    notes: `${options.records} realistic records (about 1.5 KB of JSON each) per pass in batches of ${options.batchSize} through app.inject, one request at a time except the last pass (three consoles at once); PGlite on disk in a fresh directory, PostgreSQL in a fresh database; machine: ${cpus().length} × ${cpus()[0]?.model ?? 'unknown CPU'}, load average ${loadavg().map((l) => l.toFixed(1)).join(' ')} at the end`,
  });
  return figures;
}
