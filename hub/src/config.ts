import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
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
  sipRealm: string;
  logLevel: string;
  /** Customers to seed; null without `--demo`. */
  demoCustomers: number | null;
}

type Env = Readonly<Record<string, string | undefined>>;

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
    sipRealm: env.HUB_SIP_REALM?.trim() || DEFAULT_SIP_REALM,
    logLevel: env.HUB_LOG_LEVEL?.trim() || 'info',
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
