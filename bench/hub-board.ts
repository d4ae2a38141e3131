/**
 * The supervisor board under a floor of 500 agents: every agent goes Ready → Talking → Wrap-up
 * (and uploads that call's log) → Ready, as real hub processes (`npm run hub`, child processes)
 * see it over HTTP, while one supervisor's board stream (`GET /api/v1/events`) listens.
 *  - push latency: an agent's `POST /api/v1/agent/state` sent → its `agent.state` event read from
 *    the board's stream (the wire both ways, the database, the bus, and the stream's filter);
 *  - hub CPU per 1 000 events: user + system time of the hub process groups (from /proc) while the
 *    load runs, per 1 000 agent events in (state reports and call-log uploads).
 * On PGlite with one hub; with HUB_DATABASE_URL also on PostgreSQL with one hub, and with two hubs
 * on one database (agents spread over both, the board on the second: every push crosses hubs).
 * The load is open-loop at a fixed rate, so a hub that falls behind shows it as latency.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createParser } from 'eventsource-parser';
import pg from 'pg';
import { AgentStateChangedEventSchema } from '../shared/api/events';
import { hashSessionToken, newSessionToken } from '../hub/src/auth/tokens';
import { systemClock } from '../hub/src/clock';
import type { Db } from '../hub/src/db/db';
import { migrate } from '../hub/src/db/migrate';
import { openPgDb } from '../hub/src/db/pg-db';
import { openPgliteDb } from '../hub/src/db/pglite-db';
import { seedDemo } from '../hub/src/seed/demo';
import { mulberry32 } from '../hub/src/seed/prng';
import { callLogId, realisticCallLog } from '../test/support/call-log-records';
import { startHub, type HubProcess } from '../test/support/hub-process';
import { summarize, writeResult, type Summary } from './stats';

export interface HubBoardOptions {
  agents: number;
  /** Agent state reports per second over the whole floor; a call log goes with every third. */
  statesPerSecond: number;
  warmUpMs: number;
  measureMs: number;
}

interface Agent {
  id: string;
  token: string;
  step: number;
  lastAt: number;
  callId: string | null;
}

interface Variant {
  name: string;
  hubs: number;
  /** A prepared database (schema, demo, the agents and their sessions) and how hubs reach it. */
  prepare(agents: number): Promise<{ env: NodeJS.ProcessEnv; dataDir?: string; seeded: Seeded; dispose(): Promise<void> }>;
}

interface Seeded {
  agents: Agent[];
  supervisorToken: string;
}

/** /proc counts CPU time in USER_HZ ticks, 100 a second on every Linux architecture Node ships for. */
const TICKS_PER_SECOND = 100;

/** The agents are users of their own, with sessions made directly: 500 scrypt logins would be the bench. */
async function seedFloor(db: Db, agents: number): Promise<Seeded> {
  await migrate(db);
  await seedDemo(db, { clock: systemClock, customers: 0 });
  const { rows } = await db.query<{ id: string }>(
    `insert into users (username, display_name, role, password_hash, department_code)
       select 'bench-agent-' || n, '压测坐席' || n, 'agent', password_hash, 'acceptance'
         from users, generate_series(1, $1::int) as n where username = 'agent1'
     returning id`,
    [agents],
  );
  const supervisor = await db.query<{ id: string }>("select id from users where username = 'supervisor1'");
  const users = [...rows.map((row) => row.id), supervisor.rows[0]?.id ?? ''];
  const tokens = users.map(() => newSessionToken());
  const now = Date.now();
  await db.query(
    `insert into sessions (token_hash, user_id, created_at, expires_at)
       select t, u::uuid, $3, $4 from unnest($1::text[], $2::text[]) as s (t, u)`,
    [tokens.map(hashSessionToken), users, new Date(now), new Date(now + 12 * 3_600_000)],
  );
  return {
    agents: rows.map((row, i) => ({ id: row.id, token: tokens[i]!, step: 0, lastAt: 0, callId: null })),
    supervisorToken: tokens.at(-1)!,
  };
}

const pgliteVariant: Variant = {
  name: 'pglite, 1 hub',
  hubs: 1,
  async prepare(agents) {
    const dataDir = mkdtempSync(join(tmpdir(), 'bench-hub-board-'));
    const db = await openPgliteDb(join(dataDir, 'pglite'));
    const seeded = await seedFloor(db, agents).finally(() => db.close());
    return { env: {}, dataDir, seeded, dispose: async () => rmSync(dataDir, { recursive: true, force: true }) };
  },
};

function postgresVariant(serverUrl: string, hubs: number): Variant {
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
    name: `postgres, ${hubs} hub${hubs === 1 ? '' : 's'}`,
    hubs,
    async prepare(agents) {
      // DDL takes no parameters; the name is ours (hex), never input.
      const name = `bench_board_${randomBytes(6).toString('hex')}`;
      await admin(`create database "${name}"`);
      const url = new URL(serverUrl);
      url.pathname = `/${name}`;
      const db = await openPgDb({ connectionString: url.toString() });
      const seeded = await seedFloor(db, agents).finally(() => db.close());
      return { env: { HUB_DATABASE_URL: url.toString() }, seeded, dispose: () => admin(`drop database if exists "${name}" with (force)`) };
    },
  };
}

/** CPU seconds so far of every process in the group (the tsx launcher and the hub it runs). */
function groupCpuSeconds(pgid: number): number {
  let ticks = 0;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let stat: string;
    try {
      stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
    } catch {
      continue; // gone meanwhile
    }
    // After the command name, which may itself hold spaces and parentheses: state ppid pgrp … utime(12th) stime(13th).
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (Number(fields[2]) !== pgid) continue;
    ticks += Number(fields[11]) + Number(fields[12]);
  }
  return ticks / TICKS_PER_SECOND;
}

/** The supervisor's board stream: resolves each awaited (agent, since) with the moment it was read. */
async function openBoard(url: string, token: string, onAgentState: (userId: string, sinceMs: number) => void): Promise<{ events: () => number; close(): void }> {
  const controller = new AbortController();
  const response = await fetch(`${url}/api/v1/events`, { headers: { authorization: `Bearer ${token}`, accept: 'text/event-stream' }, signal: controller.signal });
  if (response.status !== 200 || response.body === null) throw new Error(`board stream: ${response.status} ${await response.text()}`);
  let count = 0;
  let ready: () => void = () => undefined;
  const isReady = new Promise<void>((resolve) => (ready = resolve));
  const parser = createParser({
    onEvent(message) {
      if (message.event === 'ready') return ready();
      count += 1;
      if (message.event !== 'agent.state') return;
      const event = AgentStateChangedEventSchema.parse(JSON.parse(message.data));
      onAgentState(event.userId, Date.parse(event.since));
    },
  });
  const reader = response.body.getReader();
  void (async () => {
    const decoder = new TextDecoder();
    try {
      for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) parser.feed(decoder.decode(chunk.value, { stream: true }));
    } catch {
      // closed by the bench
    }
  })();
  await isReady;
  return { events: () => count, close: () => controller.abort() };
}

const STEPS = ['ready', 'talking', 'wrap_up'] as const;

async function run(variant: Variant, options: HubBoardOptions): Promise<{ latency: Summary; cpuMsPer1000: number; perHubCpuMs: number[]; sent: number }> {
  const prepared = await variant.prepare(options.agents);
  const logDir = mkdtempSync(join(tmpdir(), 'bench-hub-board-logs-'));
  const env = { ...prepared.env, HUB_LOG_LEVEL: 'warn' };
  const hubs: HubProcess[] = [];
  try {
    for (let i = 0; i < variant.hubs; i += 1) hubs.push(await startHub({ logDir, demo: false, env, dataDir: prepared.dataDir }));
    const boardHub = hubs.at(-1)!;
    const random = mulberry32(11);
    const { agents } = prepared.seeded;

    const awaited = new Map<string, number>();
    const samples: number[] = [];
    let measuring = false;
    const board = await openBoard(boardHub.url, prepared.seeded.supervisorToken, (userId, sinceMs) => {
      const key = `${userId}|${sinceMs}`;
      const sentAt = awaited.get(key);
      if (sentAt === undefined) return;
      awaited.delete(key);
      if (measuring) samples.push(performance.now() - sentAt);
    });

    let inFlight = 0;
    let sent = 0;
    let failed = 0;
    const post = async (hub: HubProcess, agent: Agent, path: string, body: unknown) => {
      inFlight += 1;
      try {
        const response = await fetch(`${hub.url}${path}`, {
          method: 'POST',
          headers: { authorization: `Bearer ${agent.token}`, 'content-type': 'application/json' },
          body: JSON.stringify(body),
        });
        if (response.status !== 200) {
          failed += 1;
          if (failed <= 3) console.warn(`  ${path}: ${response.status} ${await response.text()}`);
        } else {
          await response.arrayBuffer();
        }
      } finally {
        inFlight -= 1;
      }
    };

    /** The agent's next step; a wrap-up also uploads that call's log, as the console does at the call's end. */
    const act = (index: number) => {
      const agent = agents[index]!;
      const hub = hubs[index % hubs.length]!;
      const state = STEPS[agent.step % STEPS.length]!;
      agent.step += 1;
      const at = Math.max(Date.now(), agent.lastAt + 1);
      agent.lastAt = at;
      if (state === 'talking') agent.callId = callLogId(at);
      const callId = state === 'ready' ? null : agent.callId;
      awaited.set(`${agent.id}|${at}`, performance.now());
      sent += 1;
      void post(hub, agent, '/api/v1/agent/state', { state, reasonCode: null, at: new Date(at).toISOString(), callId });
      if (state === 'wrap_up' && callId !== null) {
        const record = { ...realisticCallLog(random, new Date(at - 180_000)), id: callId };
        sent += 1;
        void post(hub, agent, '/api/v1/call-logs/batch', { records: [record] });
      }
    };

    // Open loop: one report every 1/rate seconds, agents in turn, whatever the hub's answers do.
    const intervalMs = 1000 / options.statesPerSecond;
    let next = 0;
    let skipped = 0;
    const drive = async (ms: number) => {
      const end = performance.now() + ms;
      let due = performance.now();
      while (performance.now() < end) {
        // A hub far behind would otherwise have the bench hold thousands of sockets open.
        if (inFlight < 400) act(next++ % agents.length);
        else skipped += 1;
        due += intervalMs;
        const wait = due - performance.now();
        if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      }
    };

    await drive(options.warmUpMs);
    const pgids = hubs.map((hub) => hub.process.pid);
    const cpuBefore = pgids.map(groupCpuSeconds);
    const sentBefore = sent;
    measuring = true;
    await drive(options.measureMs);
    const cpuAfter = pgids.map(groupCpuSeconds);
    const events = sent - sentBefore;
    // Stragglers of the measured stretch still count.
    const deadline = performance.now() + 3_000;
    while (inFlight > 0 && performance.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
    await new Promise((resolve) => setTimeout(resolve, 500));
    measuring = false;
    board.close();

    const perHubCpuMs = cpuAfter.map((after, i) => Math.round((after - cpuBefore[i]!) * 1000));
    const cpuMsPer1000 = Math.round((perHubCpuMs.reduce((a, b) => a + b, 0) / events) * 1000);
    const latency = summarize(samples.map((ms) => Math.round(ms * 10) / 10));
    console.log(
      `  ${variant.name}: push p50=${latency.p50} ms p95=${latency.p95} ms (n=${latency.n}); hub CPU ${cpuMsPer1000} ms per 1000 events ` +
        `(${events} events in ${options.measureMs / 1000} s; per hub ${perHubCpuMs.join(' + ')} ms); board got ${board.events()} events; ` +
        `${failed} failed requests, ${skipped} skipped ticks`,
    );
    return { latency, cpuMsPer1000, perHubCpuMs, sent: events };
  } finally {
    for (const hub of hubs) {
      await hub.stop().catch(() => undefined);
      if (hub.dataDir !== prepared.dataDir) rmSync(hub.dataDir, { recursive: true, force: true });
    }
    await prepared.dispose().catch(() => undefined);
    rmSync(logDir, { recursive: true, force: true });
  }
}

export async function benchHubBoard(options: HubBoardOptions): Promise<Record<string, Summary>> {
  const serverUrl = process.env.HUB_DATABASE_URL?.trim() || undefined;
  const variants = [pgliteVariant];
  if (serverUrl === undefined) console.log('  HUB_DATABASE_URL is not set: PGlite only (the PostgreSQL variants, one and two hubs, are skipped)');
  else variants.push(postgresVariant(serverUrl, 1), postgresVariant(serverUrl, 2));

  const figures: Record<string, Summary> = {};
  const cpu: Record<string, { msPer1000Events: number; perHubMs: number[]; events: number }> = {};
  for (const variant of variants) {
    const key = variant.name.replace(/[^a-z0-9]+/g, ' ').trim().replace(/ (\w)/g, (_, c: string) => c.toUpperCase());
    const result = await run(variant, options);
    figures[`${key}PushLatency`] = result.latency;
    cpu[key] = { msPer1000Events: result.cpuMsPer1000, perHubMs: result.perHubCpuMs, events: result.sent };
  }
  writeResult('hub-board', {
    ...figures,
    cpu,
    notes:
      `${options.agents} agents, ${options.statesPerSecond} state reports/s open-loop (Ready → Talking → Wrap-up → Ready; a one-record call-log batch with each wrap-up), ` +
      `${options.warmUpMs / 1000} s warm-up, ${options.measureMs / 1000} s measured; latency: POST sent → agent.state read on one supervisor's stream; ` +
      `CPU: hub process groups' user+system time from /proc over the measured stretch, per 1000 agent requests (the database server's own CPU not included); ` +
      `hubs started with HUB_LOG_LEVEL=warn; machine: ${cpus().length} × ${cpus()[0]?.model ?? 'unknown CPU'}, load average ${loadavg().map((l) => l.toFixed(1)).join(' ')} at the end`,
  });
  return figures;
}
