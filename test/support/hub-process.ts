import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { freePort, startProcess, waitFor, type ManagedProcess } from './managed-process';

const repoRoot = resolve(import.meta.dirname, '../..');

export interface HubProcess {
  readonly url: string;
  readonly port: number;
  readonly dataDir: string;
  readonly process: ManagedProcess;
  stop(): Promise<void>;
  kill(): Promise<void>;
  /** Starts the hub again on the same port and data directory (after stop or kill). */
  restart(): Promise<void>;
}

export interface HubProcessOptions {
  logDir: string;
  demo?: boolean;
  customers?: number;
  env?: NodeJS.ProcessEnv;
  dataDir?: string;
}

/** The real hub (`npm run hub`) on a free port with its own data directory. */
export async function startHub(options: HubProcessOptions): Promise<HubProcess> {
  const port = await freePort();
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'hub-e2e-'));
  const url = `http://127.0.0.1:${port}`;
  let current: ManagedProcess;
  let runs = 0;

  const launch = async () => {
    runs += 1;
    const args = [join(repoRoot, 'node_modules/tsx/dist/cli.mjs'), join(repoRoot, 'hub/src/main.ts')];
    if (options.demo ?? true) args.push('--demo');
    if (options.customers !== undefined) args.push('--customers', String(options.customers));
    current = startProcess({
      name: 'hub',
      command: process.execPath,
      args,
      cwd: repoRoot,
      // HUB_DATABASE_URL is cleared unless the caller sets it: CI exports it for the hub's unit
      // suites, and a hub started here must get its own embedded database, not share (and keep
      // between runs) one PostgreSQL database with every other hub the tests start.
      env: { HUB_PORT: String(port), HUB_HOST: '127.0.0.1', HUB_DATA_DIR: dataDir, HUB_DATABASE_URL: '', ...options.env },
      logFile: join(options.logDir, `hub-${port}-${runs}.log`),
    });
    await waitFor('hub', async () => (await fetch(`${url}/healthz`)).ok, 60_000, current.exited);
  };
  await launch();

  return {
    url,
    port,
    dataDir,
    get process() {
      return current;
    },
    stop: () => current.stop(),
    kill: () => current.kill(),
    restart: launch,
  };
}
