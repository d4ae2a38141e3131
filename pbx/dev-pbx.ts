/**
 * The development PBX (pbx/kamailio/kamailio.cfg): runs a real Kamailio, and
 * optionally rtpengine, as child processes on free loopback ports, for integration tests that
 * register real SIP user agents.
 *
 * Each run gets its own temp directory with the rendered config and the db_text tables, so runs do
 * not share state and a failing run can be replayed by hand with the command logged at the top of
 * its kamailio log.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import dgram from 'node:dgram';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEMO_TRUNK } from './demo-trunk';
import { freeTcpPort, freeUdpPort } from './free-port';

export const PBX_DOMAIN = 'callcenter.local';

export type PbxSubscriber = { username: string; ha1: string } | { username: string; password: string };

export interface StartPbxOptions {
  /** UDP port for plain SIP phones; a free one when omitted. */
  sipPort?: number;
  /** TCP port for SIP over WebSocket; a free one when omitted. */
  wsPort?: number;
  /** Passwords are turned into HA1 here and never written to disk. */
  subscribers: readonly PbxSubscriber[];
  /** Start rtpengine to bridge WebRTC and plain RTP phones. */
  withRtpengine?: boolean;
  /** rtpengine's ng control port (UDP); a free one when omitted. */
  rtpengineNgPort?: number;
  /** RTP port range for rtpengine; a random 200-port window in 20000–59999 when omitted. */
  rtpPorts?: { min: number; max: number };
  /** Where kamailio.log, kamailio-check.log and rtpengine.log go. */
  logDir: string;
  /** Kamailio log level: 2 info (default), 3 debug. */
  logLevel?: number;
  startTimeoutMs?: number;
  /** Binaries, when not the packaged ones found on PATH or in /usr/sbin. */
  kamailioPath?: string;
  rtpenginePath?: string;
  /** How long stop() waits after SIGTERM before SIGKILL. */
  stopTimeoutMs?: number;
}

export interface Pbx {
  readonly domain: string;
  readonly wsUrl: string;
  readonly sipPort: number;
  readonly wsPort: number;
  /** `sip:127.0.0.1:PORT`: outbound proxy for plain UDP phones. */
  readonly udpProxyUri: string;
  readonly rtpengine: { ngPort: number; rtpPorts: { min: number; max: number } } | undefined;
  readonly runDir: string;
  readonly logs: { kamailio: string; kamailioCheck: string; rtpengine: string | undefined };
  /** `sip:EXT@callcenter.local` */
  sipUri(extension: string): string;
  /** PIDs of the running children (the Kamailio main process, rtpengine). */
  pids(): { kamailio: number | undefined; rtpengine: number | undefined };
  /** SIGTERM to Kamailio and rtpengine, SIGKILL after the stop timeout; removes the run dir. */
  stop(): Promise<void>;
  /** SIGKILL to Kamailio only (rtpengine keeps running), as a crash would. */
  kill(): Promise<void>;
  /** Starts Kamailio again on the same ports (stopping it first if it runs); rtpengine is left as is. */
  restart(): Promise<void>;
}

export type PbxErrorCode =
  | 'KAMAILIO_NOT_INSTALLED'
  | 'RTPENGINE_NOT_INSTALLED'
  | 'BAD_SUBSCRIBER'
  | 'CONFIG_INVALID'
  | 'EXITED_EARLY'
  | 'START_TIMEOUT';

export class PbxError extends Error {
  constructor(
    readonly code: PbxErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'PbxError';
  }
}

/** Digest HA1 as stored in the subscriber table: md5("user:realm:password") in hex. */
export function ha1(username: string, realm: string, password: string): string {
  return createHash('md5').update(`${username}:${realm}:${password}`).digest('hex');
}

const TEMPLATE = fileURLToPath(new URL('./kamailio/kamailio.cfg', import.meta.url));
const SBIN_DIRS = ['/usr/sbin', '/usr/local/sbin', '/usr/bin', '/usr/local/bin'];

function isExecutable(file: string): boolean {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function findExecutable(name: string, explicit: string | undefined): string | undefined {
  if (explicit !== undefined) return isExecutable(explicit) ? explicit : undefined;
  // /usr/sbin is not on a normal user's PATH, which is where Debian puts kamailio.
  const dirs = [...(process.env.PATH ?? '').split(path.delimiter), ...SBIN_DIRS].filter(Boolean);
  return dirs.map((dir) => path.join(dir, name)).find(isExecutable);
}

/** One port free for both UDP and TCP is not needed: SIP uses UDP only, WebSocket TCP only. */
async function pickPorts(options: StartPbxOptions) {
  const sipPort = options.sipPort ?? (await freeUdpPort());
  const wsPort = options.wsPort ?? (await freeTcpPort());
  const ngPort = options.rtpengineNgPort ?? (await freeUdpPort());
  const base = 20000 + 200 * Math.floor(Math.random() * 200);
  const rtpPorts = options.rtpPorts ?? { min: base, max: base + 199 };
  return { sipPort, wsPort, ngPort, rtpPorts };
}

function subscriberTable(subscribers: readonly PbxSubscriber[]): string {
  // db_text: a header line of typed columns, then one `:`-separated row per record. An empty field
  // is NULL, which db_text refuses for a column not declared `,null` (and then treats the whole
  // table as missing), so only the columns auth_db reads are declared: no password column at all.
  const rows = subscribers.map((s, i) => {
    if (!/^[A-Za-z0-9._+-]+$/.test(s.username)) {
      throw new PbxError('BAD_SUBSCRIBER', `subscriber username ${JSON.stringify(s.username)} is not a plain SIP user`);
    }
    const hash = 'ha1' in s ? s.ha1.toLowerCase() : ha1(s.username, PBX_DOMAIN, s.password);
    if (!/^[0-9a-f]{32}$/.test(hash)) {
      throw new PbxError('BAD_SUBSCRIBER', `ha1 of ${s.username} is not 32 hex digits`);
    }
    return `${i + 1}:${s.username}:${PBX_DOMAIN}:${hash}`;
  });
  return ['id(int,auto) username(string) domain(string) ha1(string)', ...rows, ''].join('\n');
}

// auth_db 5.6 checks that the subscriber table is at schema version 7.
const VERSION_TABLE = 'id(int,auto) table_name(string) table_version(int) \n1:subscriber:7\n';

function renderConfig(defines: Record<string, string | number | true>): string {
  const template = fs.readFileSync(TEMPLATE, 'utf8');
  const lines = Object.entries(defines).map(([name, value]) => (value === true ? `#!define ${name}` : `#!define ${name} ${value}`));
  return ['#!KAMAILIO', `# Rendered by pbx/dev-pbx.ts from ${TEMPLATE}`, ...lines, template.replace(/^#!KAMAILIO\n/, '')].join('\n');
}

function openLog(file: string, header: string): number {
  const fd = fs.openSync(file, 'a');
  fs.writeSync(fd, `\n===== ${new Date().toISOString()} ${header}\n`);
  return fd;
}

/** Children still running when the test process exits are killed, so no Kamailio outlives a crashed test run. */
const liveGroups = new Set<number>();
let exitHookInstalled = false;
function track(child: ChildProcess): void {
  if (child.pid === undefined) return;
  const pid = child.pid;
  liveGroups.add(pid);
  child.once('exit', () => liveGroups.delete(pid));
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    process.once('exit', () => {
      for (const group of liveGroups) signalGroup(group, 'SIGKILL');
    });
  }
}

/**
 * Kamailio forks its workers; they hold the listening sockets. SIGTERM to the main process makes
 * it stop them, but after a SIGKILL of the main process alone they would live on and keep the
 * ports. Each child is therefore started as the leader of its own process group (detached) and a
 * SIGKILL goes to that group, whose id is the PID we started.
 */
function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // already gone
  }
}

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

async function terminate(child: ChildProcess | undefined, timeoutMs: number): Promise<void> {
  if (!child?.pid) return;
  const pid = child.pid;
  const done = exited(child);
  if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
  const timer = new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), timeoutMs).unref());
  if ((await Promise.race([done, timer])) === 'timeout') signalGroup(pid, 'SIGKILL');
  await done;
  // Workers that ignored the main process's shutdown would still hold ports.
  signalGroup(pid, 'SIGKILL');
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** A WebSocket upgrade answered with 101 proves a TCP worker runs the xhttp/websocket route. */
function probeWebSocket(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const req = http.request({
      host: '127.0.0.1',
      port,
      path: '/',
      timeout: 1000,
      headers: {
        Connection: 'Upgrade',
        Upgrade: 'websocket',
        'Sec-WebSocket-Version': '13',
        'Sec-WebSocket-Key': randomBytes(16).toString('base64'),
        'Sec-WebSocket-Protocol': 'sip',
      },
    });
    req.once('upgrade', (_res, socket) => {
      socket.destroy();
      resolve(true);
    });
    req.once('response', (res) => {
      res.resume();
      resolve(false);
    });
    req.once('timeout', () => req.destroy());
    req.once('error', () => resolve(false));
    req.end();
  });
}

/** Sends a UDP datagram and resolves with the first reply, or undefined after the timeout. */
function udpRequest(port: number, payload: string, timeoutMs: number): Promise<string | undefined> {
  return new Promise((resolve) => {
    const socket = dgram.createSocket('udp4');
    const finish = (value: string | undefined) => {
      clearTimeout(timer);
      socket.close();
      resolve(value);
    };
    const timer = setTimeout(() => finish(undefined), timeoutMs);
    socket.once('message', (msg) => finish(msg.toString('utf8')));
    socket.once('error', () => finish(undefined));
    socket.bind(0, '127.0.0.1', () => socket.send(payload.replace(/LOCALPORT/g, String(socket.address().port)), port, '127.0.0.1'));
  });
}

/** An OPTIONS to Kamailio itself is answered 200 by the config once its UDP workers run. */
async function probeSip(port: number): Promise<boolean> {
  const id = randomBytes(8).toString('hex');
  const options = [
    `OPTIONS sip:127.0.0.1:${port} SIP/2.0`,
    `Via: SIP/2.0/UDP 127.0.0.1:LOCALPORT;branch=z9hG4bK${id};rport`,
    'Max-Forwards: 70',
    `From: <sip:probe@${PBX_DOMAIN}>;tag=${id}`,
    `To: <sip:127.0.0.1:${port}>`,
    `Call-ID: ${id}@127.0.0.1`,
    'CSeq: 1 OPTIONS',
    'Content-Length: 0',
    '',
    '',
  ].join('\r\n');
  const reply = await udpRequest(port, options, 500);
  return reply?.startsWith('SIP/2.0 200') ?? false;
}

/** rtpengine's ng protocol: `COOKIE d7:command4:pinge` is answered `COOKIE d6:result4:ponge`. */
async function probeRtpengine(port: number): Promise<boolean> {
  const reply = await udpRequest(port, `${randomBytes(4).toString('hex')} d7:command4:pinge`, 500);
  return reply?.includes('4:pong') ?? false;
}

async function waitFor(what: string, child: ChildProcess, log: string, deadline: number, probe: () => Promise<boolean>) {
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new PbxError('EXITED_EARLY', `${what} exited (${child.exitCode ?? child.signalCode}) while starting; see ${log}`);
    }
    if (await probe()) return;
    if (Date.now() > deadline) throw new PbxError('START_TIMEOUT', `${what} not ready in time; see ${log}`);
    await sleep(50);
  }
}

export async function startPbx(options: StartPbxOptions): Promise<Pbx> {
  const kamailioBin = findExecutable('kamailio', options.kamailioPath);
  if (!kamailioBin) {
    throw new PbxError('KAMAILIO_NOT_INSTALLED', 'kamailio is not installed: apt-get install kamailio kamailio-websocket-modules');
  }
  const rtpengineBin = options.withRtpengine ? findExecutable('rtpengine', options.rtpenginePath) : undefined;
  if (options.withRtpengine && !rtpengineBin) {
    throw new PbxError('RTPENGINE_NOT_INSTALLED', 'rtpengine is not installed: apt-get install rtpengine-daemon');
  }

  // Validated before anything is created on disk.
  const subscribers = subscriberTable(options.subscribers);
  const startTimeoutMs = options.startTimeoutMs ?? 15_000;
  const stopTimeoutMs = options.stopTimeoutMs ?? 5_000;
  const { sipPort, wsPort, ngPort, rtpPorts } = await pickPorts(options);

  fs.mkdirSync(options.logDir, { recursive: true });
  const runDir = fs.mkdtempSync(path.join(os.tmpdir(), 'callcenter-pbx-'));
  const dbDir = path.join(runDir, 'db');
  fs.mkdirSync(dbDir);
  fs.writeFileSync(path.join(dbDir, 'subscriber'), subscribers, { mode: 0o600 });
  fs.writeFileSync(path.join(dbDir, 'version'), VERSION_TABLE);

  const defines: Record<string, string | number | true> = {
    SIP_PORT: sipPort,
    WS_PORT: wsPort,
    SIP_DOMAIN: `"${PBX_DOMAIN}"`,
    DB_URL: `"text://${dbDir}"`,
    LOG_LEVEL: options.logLevel ?? 2,
    TRUNK_USER: `"${DEMO_TRUNK.username}"`,
  };
  if (options.withRtpengine) {
    defines.WITH_RTPENGINE = true;
    defines.RTPENGINE_SOCK = `"udp:127.0.0.1:${ngPort}"`;
  }
  const cfg = path.join(runDir, 'kamailio.cfg');
  fs.writeFileSync(cfg, renderConfig(defines));

  const logs = {
    kamailio: path.join(options.logDir, 'kamailio.log'),
    kamailioCheck: path.join(options.logDir, 'kamailio-check.log'),
    rtpengine: options.withRtpengine ? path.join(options.logDir, 'rtpengine.log') : undefined,
  };

  const check = spawnSync(kamailioBin, ['-c', '-f', cfg], { encoding: 'utf8' });
  fs.writeFileSync(logs.kamailioCheck, `${check.stdout}${check.stderr}`);
  if (check.status !== 0) {
    const tail = `${check.stdout}${check.stderr}`.trim().split('\n').slice(-15).join('\n');
    throw new PbxError('CONFIG_INVALID', `kamailio -c rejected ${cfg}:\n${tail}`);
  }

  let kamailio: ChildProcess | undefined;
  let rtpengine: ChildProcess | undefined;

  const spawnLogged = (bin: string, args: string[], log: string): ChildProcess => {
    const fd = openLog(log, `${bin} ${args.join(' ')}`);
    try {
      const child = spawn(bin, args, { cwd: runDir, stdio: ['ignore', fd, fd], detached: true });
      track(child);
      return child;
    } finally {
      fs.closeSync(fd);
    }
  };

  const startKamailio = async () => {
    const child = spawnLogged(kamailioBin, ['-f', cfg, '-DD', '-E', '-Y', runDir], logs.kamailio);
    kamailio = child;
    const deadline = Date.now() + startTimeoutMs;
    await waitFor('kamailio', child, logs.kamailio, deadline, () => probeWebSocket(wsPort));
    await waitFor('kamailio', child, logs.kamailio, deadline, () => probeSip(sipPort));
  };

  const stop = async () => {
    await terminate(kamailio, stopTimeoutMs);
    await terminate(rtpengine, stopTimeoutMs);
    kamailio = undefined;
    rtpengine = undefined;
    fs.rmSync(runDir, { recursive: true, force: true });
  };

  try {
    if (rtpengineBin && logs.rtpengine) {
      rtpengine = spawnLogged(
        rtpengineBin,
        [
          // The packaged /etc/rtpengine/rtpengine.conf binds fixed HTTP/CLI ports and asks for the
          // kernel module; ignore it so parallel runs cannot collide.
          '--config-file=none',
          '--foreground',
          '--log-stderr',
          '--table=-1',
          '--interface=127.0.0.1',
          `--listen-ng=127.0.0.1:${ngPort}`,
          `--port-min=${rtpPorts.min}`,
          `--port-max=${rtpPorts.max}`,
          '--delete-delay=0',
        ],
        logs.rtpengine,
      );
      const child = rtpengine;
      await waitFor('rtpengine', child, logs.rtpengine, Date.now() + startTimeoutMs, () => probeRtpengine(ngPort));
    }
    await startKamailio();
  } catch (error) {
    await stop();
    throw error;
  }

  return {
    domain: PBX_DOMAIN,
    wsUrl: `ws://127.0.0.1:${wsPort}`,
    sipPort,
    wsPort,
    udpProxyUri: `sip:127.0.0.1:${sipPort}`,
    rtpengine: options.withRtpengine ? { ngPort, rtpPorts } : undefined,
    runDir,
    logs,
    sipUri: (extension) => `sip:${extension}@${PBX_DOMAIN}`,
    pids: () => ({ kamailio: kamailio?.pid, rtpengine: rtpengine?.pid }),
    stop,
    kill: async () => {
      if (!kamailio?.pid) return;
      const done = exited(kamailio);
      signalGroup(kamailio.pid, 'SIGKILL');
      await done;
      kamailio = undefined;
    },
    restart: async () => {
      await terminate(kamailio, stopTimeoutMs);
      kamailio = undefined;
      await startKamailio();
    },
  };
}
