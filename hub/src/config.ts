import { isIP } from 'node:net';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { IceServerSchema } from '../../shared/api/phone';
import { DEFAULT_DEMO_CUSTOMERS } from './seed/demo';
import { DEFAULT_SIP_REALM } from './seed/demo-users';

/** A setting the operator got wrong: reported as one line, without a stack trace. */
export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

export interface HubSettings {
  port: number;
  host: string;
  dataDir: string;
  /** postgres://… → a PostgreSQL server; null → embedded PGlite under `dataDir/pglite`. */
  databaseUrl: string | null;
  staticDir: string;
  /** The SIP domain, which is also the digest realm of every HA1. */
  sipRealm: string;
  sipWsUrl: string;
  iceServers: IceServer[];
  /** Header the PBX's IVR puts the caller's choice in. */
  ivrHeader: string;
  /** Where to write Kamailio's db_text `subscriber` table at startup; null: do not. */
  pbxDbTextDir: string | null;
  logLevel: string;
  /**
   * The load balancers' addresses (or CIDR ranges) whose `X-Forwarded-For` the hub believes; empty:
   * none, the connecting address is the client's.
   */
  trustProxy: string[];
  /** Customers to seed; null without `--demo`. */
  demoCustomers: number | null;
  /** Where call recordings are kept (HUB_RECORDINGS_DIR, default `<dataDir>/recordings`). */
  recordingsDir: string;
}

type Env = Readonly<Record<string, string | undefined>>;
export type IceServer = z.infer<typeof IceServerSchema>;

export const DEFAULT_SIP_WS_URL = 'ws://127.0.0.1:8088';
export const DEFAULT_IVR_HEADER = 'X-IVR-Choice';

function integer(name: string, value: string, min: number, max: number): number {
  const n = /^\d+$/.test(value.trim()) ? Number(value) : Number.NaN;
  if (!Number.isSafeInteger(n) || n < min || n > max) {
    throw new ConfigError(`${name} must be a whole number from ${min} to ${max}, got "${value}"`);
  }
  return n;
}

function databaseUrl(value: string | undefined): string | null {
  if (value === undefined || value.trim() === '') return null;
  if (!/^postgres(ql)?:\/\//.test(value)) throw new ConfigError('HUB_DATABASE_URL must start with postgres:// or postgresql://');
  return value;
}

function sipWsUrl(value: string | undefined): string {
  const text = value?.trim() || DEFAULT_SIP_WS_URL;
  const protocol = URL.canParse(text) ? new URL(text).protocol : null;
  if (protocol !== 'ws:' && protocol !== 'wss:') throw new ConfigError(`HUB_SIP_WS_URL must be a ws:// or wss:// URL, got "${text}"`);
  return text;
}

const issuePath = (path: readonly PropertyKey[]): string =>
  path.map((key) => (typeof key === 'number' ? `[${key}]` : `.${String(key)}`)).join('');

// Browsers reject these at call time (RTCPeerConnection throws), in every agent's console at once;
// checked here, the mistake is one line at startup instead.
const IceServersSchema = z.array(
  IceServerSchema.superRefine((server, ctx) => {
    const urls = typeof server.urls === 'string' ? [server.urls] : server.urls;
    if (urls.length === 0) ctx.addIssue({ code: 'custom', path: ['urls'], message: 'needs at least one URL' });
    urls.forEach((url, i) => {
      const scheme = /^(stuns?|turns?):/i.exec(url)?.[1]?.toLowerCase();
      if (scheme === undefined) {
        ctx.addIssue({ code: 'custom', path: ['urls', ...(typeof server.urls === 'string' ? [] : [i])], message: `"${url}" is not a stun:, stuns:, turn: or turns: URL` });
      } else if (scheme.startsWith('turn') && (server.username === undefined || server.credential === undefined)) {
        ctx.addIssue({ code: 'custom', path: ['urls'], message: 'a TURN server needs username and credential' });
      }
    });
  }),
);

function iceServers(value: string | undefined): IceServer[] {
  if (value === undefined || value.trim() === '') return [];
  let json: unknown;
  try {
    json = JSON.parse(value);
  } catch (error) {
    // Only the position: V8's message may quote the text, and with it a TURN credential.
    const position = /position (\d+)/.exec((error as Error).message)?.[1];
    const where = position === undefined ? '' : ` at position ${position}`;
    throw new ConfigError(`HUB_ICE_SERVERS is not valid JSON${where}; expected e.g. [{"urls":"stun:stun.example.com:3478"}]`);
  }
  const parsed = IceServersSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const hint = issue?.code === 'custom' ? '' : ' (each server is {"urls": "stun:…" or ["stun:…", …], "username"?, "credential"?})';
    throw new ConfigError(`HUB_ICE_SERVERS${issuePath(issue?.path ?? [])}: ${issue?.message ?? 'invalid'}${hint}`);
  }
  return parsed.data;
}

/**
 * Addresses and CIDR ranges only, never "trust everyone": a hub that believed any client's
 * `X-Forwarded-For` would let a password guesser pick a new address for every attempt.
 */
function trustProxy(value: string | undefined): string[] {
  const entries = (value ?? '').split(',').map((entry) => entry.trim()).filter((entry) => entry !== '');
  for (const entry of entries) {
    const [address = '', bits, extra] = entry.split('/');
    const family = isIP(address);
    const maxBits = family === 6 ? 128 : 32;
    const bitsOk = bits === undefined || (/^\d{1,3}$/.test(bits) && Number(bits) <= maxBits);
    if (family === 0 || !bitsOk || extra !== undefined) {
      throw new ConfigError(`HUB_TRUST_PROXY must list the load balancers' addresses or CIDR ranges, comma-separated; "${entry}" is neither`);
    }
  }
  return entries;
}

// An RFC 7230 token: it goes into SIP and HTTP headers verbatim.
function ivrHeader(value: string | undefined): string {
  const text = value?.trim() || DEFAULT_IVR_HEADER;
  if (!/^[A-Za-z0-9!#$%&'*+.^_`|~-]{1,64}$/.test(text)) throw new ConfigError(`HUB_IVR_HEADER must be a header name, got "${text}"`);
  return text;
}

function sipRealm(value: string | undefined): string {
  const text = value?.trim() || DEFAULT_SIP_REALM;
  // The realm is a field of the db_text subscriber table, where `:` separates fields.
  if (!/^[A-Za-z0-9.-]+$/.test(text)) throw new ConfigError(`HUB_SIP_REALM must be a domain name, got "${text}"`);
  return text;
}

/** Settings from the environment and the command line; `repoRoot` anchors the relative defaults. */
export function loadSettings(env: Env, argv: readonly string[], repoRoot: string): HubSettings {
  let args;
  try {
    args = parseArgs({
      args: [...argv],
      options: { demo: { type: 'boolean', default: false }, customers: { type: 'string' } },
      strict: true,
      allowPositionals: false,
    }).values;
  } catch (error) {
    throw new ConfigError(`${(error as Error).message}; usage: hub [--demo [--customers N]]`);
  }
  if (args.customers !== undefined && !args.demo) throw new ConfigError('--customers only makes sense with --demo');
  const dataDir = resolve(repoRoot, env.HUB_DATA_DIR ?? '.data/hub');
  return {
    port: integer('HUB_PORT', env.HUB_PORT ?? '8790', 0, 65_535),
    host: env.HUB_HOST?.trim() || '127.0.0.1',
    dataDir,
    databaseUrl: databaseUrl(env.HUB_DATABASE_URL),
    staticDir: resolve(repoRoot, env.HUB_STATIC_DIR ?? 'out/renderer'),
    sipRealm: sipRealm(env.HUB_SIP_REALM),
    sipWsUrl: sipWsUrl(env.HUB_SIP_WS_URL),
    iceServers: iceServers(env.HUB_ICE_SERVERS),
    ivrHeader: ivrHeader(env.HUB_IVR_HEADER),
    pbxDbTextDir: env.HUB_PBX_DBTEXT_DIR?.trim() ? resolve(repoRoot, env.HUB_PBX_DBTEXT_DIR.trim()) : null,
    logLevel: env.HUB_LOG_LEVEL?.trim() || 'info',
    trustProxy: trustProxy(env.HUB_TRUST_PROXY),
    recordingsDir: env.HUB_RECORDINGS_DIR?.trim() ? resolve(repoRoot, env.HUB_RECORDINGS_DIR.trim()) : resolve(dataDir, 'recordings'),
    demoCustomers: args.demo ? integer('--customers', args.customers ?? String(DEFAULT_DEMO_CUSTOMERS), 0, 10_000_000) : null,
  };
}

/** The URL without its password, for messages. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password !== '') parsed.password = '***';
    return parsed.toString();
  } catch {
    return 'the configured database URL';
  }
}
