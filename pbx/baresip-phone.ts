/**
 * A plain SIP phone for PBX integration tests: Debian's baresip over UDP with PCMU, speaking an
 * 8 kHz WAV (aufile) and dumping what it hears to WAV files (sndfile), driven over its ctrl_tcp
 * JSON interface. It stands in for the PSTN side / IVR of the call center.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { freeTcpPort, freeUdpPort } from './free-port';
import { writeMonoWav } from './wav';

export interface BaresipPhoneOptions {
  extension: string;
  password: string;
  /** From startPbx(): the domain and the UDP outbound proxy. */
  pbx: { domain: string; udpProxyUri: string };
  /** 8 kHz 16-bit mono WAV the phone sends (baresip's ausine only does 48 kHz). */
  audioSource: string;
  logDir: string;
  /** Answer incoming calls at once. */
  autoAnswer?: boolean;
  name?: string;
}

export interface BaresipEvent {
  type: string;
  class?: string;
  param?: string;
  peeruri?: string;
  [key: string]: unknown;
}

export interface BaresipPhone {
  readonly sipPort: number;
  readonly aor: string;
  /** Directory where sndfile writes `dump-*-dec.wav` (heard) and `dump-*-enc.wav` (sent). */
  readonly dumpDir: string;
  readonly log: string;
  readonly events: readonly BaresipEvent[];
  /**
   * Resolves with the first event of this type at index `since` or later in `events` (pass
   * `events.length` taken before an action to wait for that action's event only).
   */
  waitForEvent(type: string, options?: { since?: number; timeoutMs?: number }): Promise<BaresipEvent>;
  command(command: string, params?: string): Promise<{ ok: boolean; data: string }>;
  dial(uri: string): Promise<void>;
  hangup(): Promise<void>;
  stop(): Promise<void>;
}

export class BaresipError extends Error {
  constructor(
    readonly code: 'BARESIP_NOT_INSTALLED' | 'EXITED_EARLY' | 'TIMEOUT' | 'COMMAND_FAILED',
    message: string,
  ) {
    super(message);
    this.name = 'BaresipError';
  }
}

const BARESIP = '/usr/bin/baresip';
// baresip colours its status text even when not on a terminal.
const ANSI_COLOR = new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`, 'g');
const MODULE_PATH = '/usr/lib/baresip/modules';

/** Writes a 16-bit mono PCM WAV with a sine tone: a known sound that is easy to detect. */
export function writeToneWav(file: string, { seconds = 30, hz = 440, sampleRate = 8000, amplitude = 0.3 } = {}): void {
  writeMonoWav(file, { samples: Math.round(seconds * sampleRate), sampleRate }, (i) => amplitude * Math.sin((2 * Math.PI * hz * i) / sampleRate));
}

/** Sample count and RMS (0..1) of the PCM16 `data` chunk of a WAV file. */
export function wavLevel(file: string): { sampleRate: number; samples: number; seconds: number; rms: number } {
  const buf = fs.readFileSync(file);
  let offset = 12;
  let sampleRate = 0;
  while (offset + 8 <= buf.length) {
    const id = buf.toString('ascii', offset, offset + 4);
    const size = buf.readUInt32LE(offset + 4);
    if (id === 'fmt ') sampleRate = buf.readUInt32LE(offset + 12);
    if (id === 'data') {
      // sndfile may leave the size unset while writing; use what is there.
      const end = Math.min(buf.length, size === 0 || size === 0xffffffff ? buf.length : offset + 8 + size);
      let sum = 0;
      let n = 0;
      for (let i = offset + 8; i + 1 < end; i += 2, n += 1) {
        const v = buf.readInt16LE(i) / 32768;
        sum += v * v;
      }
      return { sampleRate, samples: n, seconds: sampleRate ? n / sampleRate : 0, rms: n ? Math.sqrt(sum / n) : 0 };
    }
    offset += 8 + size + (size % 2);
  }
  return { sampleRate, samples: 0, seconds: 0, rms: 0 };
}

/** ctrl_tcp frames JSON in netstrings: `LEN:JSON,`. */
function netstring(json: unknown): string {
  const body = JSON.stringify(json);
  return `${Buffer.byteLength(body)}:${body},`;
}

export async function startBaresipPhone(options: BaresipPhoneOptions): Promise<BaresipPhone> {
  if (!fs.existsSync(BARESIP)) {
    throw new BaresipError('BARESIP_NOT_INSTALLED', 'baresip is not installed: apt-get install baresip-core');
  }
  const name = options.name ?? `baresip-${options.extension}`;
  const sipPort = await freeUdpPort();
  const ctrlPort = await freeTcpPort();
  const confDir = fs.mkdtempSync(path.join(os.tmpdir(), 'callcenter-baresip-'));
  const dumpDir = path.join(options.logDir, `${name}-audio`);
  fs.mkdirSync(dumpDir, { recursive: true });
  const aor = `sip:${options.extension}@${options.pbx.domain}`;

  const config = [
    'poll_method epoll',
    `sip_listen 127.0.0.1:${sipPort}`,
    'net_interface 127.0.0.1',
    'call_local_timeout 120',
    // No sound card here: the ALSA null device swallows playback; sndfile records what is heard.
    'audio_player alsa,null',
    'audio_alert alsa,null',
    `audio_source aufile,${options.audioSource}`,
    'rtcp_mux no',
    `module_path ${MODULE_PATH}`,
    'module g711.so',
    'module aufile.so',
    'module alsa.so',
    'module sndfile.so',
    `snd_path ${dumpDir}`,
    'module_tmp uuid.so',
    'module_tmp account.so',
    'module_app menu.so',
    // stdio needs a terminal; ctrl_tcp is the way to drive baresip from a test.
    'module_app ctrl_tcp.so',
    `ctrl_tcp_listen 127.0.0.1:${ctrlPort}`,
    '',
  ].join('\n');
  fs.writeFileSync(path.join(confDir, 'config'), config);
  const accountParams = [
    `auth_pass=${options.password}`,
    `outbound="${options.pbx.udpProxyUri}"`,
    'audio_codecs=PCMU',
    `answermode=${options.autoAnswer ? 'auto' : 'manual'}`,
    'regint=600',
  ];
  fs.writeFileSync(path.join(confDir, 'accounts'), `<${aor}>;${accountParams.join(';')}\n`, { mode: 0o600 });

  const log = path.join(options.logDir, `${name}.log`);
  const fd = fs.openSync(log, 'a');
  let child: ChildProcess;
  try {
    child = spawn(BARESIP, ['-f', confDir, '-v'], { stdio: ['ignore', fd, fd], detached: true });
  } finally {
    fs.closeSync(fd);
  }
  const pid = child.pid;
  if (pid === undefined) throw new BaresipError('EXITED_EARLY', `baresip did not start; see ${log}`);
  const killGroup = () => {
    try {
      process.kill(-pid, 'SIGKILL');
    } catch {
      // gone
    }
  };
  process.once('exit', killGroup);

  const events: BaresipEvent[] = [];
  const eventWaiters: { type: string; resolve: (e: BaresipEvent) => void }[] = [];
  const responseWaiters = new Map<string, (r: { ok: boolean; data: string }) => void>();
  let nextToken = 1;

  const connect = async (): Promise<net.Socket> => {
    const deadline = Date.now() + 10_000;
    for (;;) {
      if (child.exitCode !== null) throw new BaresipError('EXITED_EARLY', `baresip exited (${child.exitCode}); see ${log}`);
      try {
        return await new Promise<net.Socket>((resolve, reject) => {
          const socket = net.connect(ctrlPort, '127.0.0.1', () => resolve(socket));
          socket.once('error', reject);
        });
      } catch {
        if (Date.now() > deadline) throw new BaresipError('TIMEOUT', `baresip ctrl_tcp not reachable; see ${log}`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }
  };
  let socket: net.Socket;
  try {
    socket = await connect();
  } catch (error) {
    killGroup();
    process.removeListener('exit', killGroup);
    fs.rmSync(confDir, { recursive: true, force: true });
    throw error;
  }
  // Netstring lengths count bytes, and events carry UTF-8 (a console's Chinese display name): keep
  // bytes until a frame is complete, then decode it.
  let buffer = Buffer.alloc(0);
  socket.on('data', (chunk: Buffer) => {
    buffer = Buffer.concat([buffer, chunk]);
    for (;;) {
      const colon = buffer.indexOf(':');
      if (colon < 0) return;
      const length = Number(buffer.subarray(0, colon).toString('ascii'));
      if (buffer.length < colon + 1 + length + 1) return;
      const body = buffer.subarray(colon + 1, colon + 1 + length).toString('utf8');
      buffer = buffer.subarray(colon + 1 + length + 1);
      const message = JSON.parse(body) as Record<string, unknown>;
      if (message.event) {
        const event = message as BaresipEvent;
        events.push(event);
        for (const waiter of eventWaiters.filter((w) => w.type === event.type)) {
          eventWaiters.splice(eventWaiters.indexOf(waiter), 1);
          waiter.resolve(event);
        }
      } else if (message.response) {
        const token = String(message.token ?? '');
        responseWaiters.get(token)?.({ ok: Boolean(message.ok), data: String(message.data ?? '') });
        responseWaiters.delete(token);
      }
    }
  });

  const waitForEvent = (type: string, { since = 0, timeoutMs = 10_000 } = {}): Promise<BaresipEvent> => {
    const seen = events.slice(since).find((e) => e.type === type);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new BaresipError('TIMEOUT', `${name}: no ${type} within ${timeoutMs} ms; see ${log}`)), timeoutMs);
      eventWaiters.push({
        type,
        resolve: (event) => {
          clearTimeout(timer);
          resolve(event);
        },
      });
    });
  };

  const command = (cmd: string, params?: string): Promise<{ ok: boolean; data: string }> => {
    const token = String(nextToken++);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new BaresipError('TIMEOUT', `${name}: no answer to ${cmd}`)), 5000);
      responseWaiters.set(token, (r) => {
        clearTimeout(timer);
        resolve(r);
      });
      socket.write(netstring({ command: cmd, params, token }));
    });
  };

  const stop = async () => {
    socket.destroy();
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      const timeout = new Promise((resolve) => setTimeout(resolve, 3000).unref());
      await Promise.race([exited, timeout]);
    }
    killGroup();
    process.removeListener('exit', killGroup);
    fs.rmSync(confDir, { recursive: true, force: true });
  };

  try {
    // The registration may complete before ctrl_tcp is connected (events are not replayed), so
    // ask for the registration state until it reads OK.
    const deadline = Date.now() + 10_000;
    for (;;) {
      const info = await command('reginfo');
      if (events.some((e) => e.type === 'REGISTER_OK') || /\bOK\b/.test(info.data.replace(ANSI_COLOR, ''))) break;
      if (Date.now() > deadline) throw new BaresipError('TIMEOUT', `${name}: not registered: ${info.data}; see ${log}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  } catch (error) {
    await stop();
    throw error;
  }

  return {
    sipPort,
    aor,
    dumpDir,
    log,
    events,
    waitForEvent,
    command,
    dial: async (uri) => {
      const r = await command('dial', uri);
      if (!r.ok) throw new BaresipError('COMMAND_FAILED', `${name}: dial ${uri} failed: ${r.data}`);
    },
    hangup: async () => {
      await command('hangup');
    },
    stop,
  };
}
