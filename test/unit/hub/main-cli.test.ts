import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const repoRoot = fileURLToPath(new URL('../../..', import.meta.url));

interface Run {
  child: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  exit: Promise<number | null>;
}

function runHub(env: Record<string, string>, args: string[] = []): Run {
  const child = spawn(process.execPath, ['--import', 'tsx', 'hub/src/main.ts', ...args], {
    cwd: repoRoot,
    env: { PATH: process.env.PATH ?? '', HUB_LOG_LEVEL: 'warn', ...env },
  });
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exit = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, stdout: () => stdout, stderr: () => stderr, exit };
}

async function waitFor(predicate: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('hub main', () => {
  let dataDir: string;
  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'hub-main-'));
  });
  afterAll(() => rm(dataDir, { recursive: true, force: true }));

  it('exits 1 with one clear line when HUB_PORT is not a number', async () => {
    const run = runHub({ HUB_PORT: 'eighty', HUB_DATA_DIR: dataDir });

    expect(await run.exit).toBe(1);
    expect(run.stderr().trim()).toBe('hub: HUB_PORT must be a whole number from 0 to 65535, got "eighty"');
  });

  it('exits 1 with one clear line when HUB_ICE_SERVERS is not JSON', async () => {
    const run = runHub({ HUB_ICE_SERVERS: "[{urls: 'stun:x'}]", HUB_DATA_DIR: dataDir });

    expect(await run.exit).toBe(1);
    expect(run.stderr().trim()).toMatch(/^hub: HUB_ICE_SERVERS is not valid JSON at position 2; expected e\.g\. \[\{"urls":"stun:[^\n]+$/);
  });

  it('exits 1 without a stack or the password when the database is unreachable', async () => {
    const run = runHub({ HUB_DATABASE_URL: 'postgres://hub:s3cret@127.0.0.1:1/hub' });

    expect(await run.exit).toBe(1);
    expect(run.stderr()).toMatch(/^hub: cannot connect to PostgreSQL at postgres:\/\/hub:\*\*\*@127\.0\.0\.1:1\/hub/);
    expect(run.stderr()).not.toContain('s3cret');
    expect(run.stderr()).not.toMatch(/^\s+at /m);
  });

  it('serves the seeded demo, provisions the PBX and exits 0 when it gets SIGTERM', async () => {
    const pbxDir = join(dataDir, 'pbx-db');
    const env = { HUB_PORT: '0', HUB_DATA_DIR: dataDir, HUB_STATIC_DIR: join(dataDir, 'none'), HUB_PBX_DBTEXT_DIR: pbxDir };
    const run = runHub(env, ['--demo', '--customers', '10']);
    try {
      await waitFor(() => /hub listening on http:\/\/127\.0\.0\.1:\d+/.test(run.stdout()), 90_000);
      const url = /hub listening on (\S+)/.exec(run.stdout())?.[1] ?? '';

      const health = await fetch(`${url}/healthz`);
      const login = await fetch(`${url}/api/v1/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: 'agent1', password: 'demo1234' }),
      });
      run.child.kill('SIGTERM');

      expect(await health.json()).toEqual({ status: 'ok', db: 'pglite' });
      expect(login.status).toBe(200);
      expect(run.stdout()).toContain('10 customers');
      expect(run.stdout()).toContain(`hub: wrote 4 SIP subscribers for realm callcenter.local to ${pbxDir}`);
      const ha1 = createHash('md5').update('1001:callcenter.local:sip-1001-demo').digest('hex');
      expect(await readFile(join(pbxDir, 'subscriber'), 'utf8')).toContain(`\n1:1001:callcenter.local:${ha1}\n`);
      expect(await run.exit).toBe(0);
    } finally {
      if (run.child.exitCode === null) run.child.kill('SIGKILL');
    }
  }, 120_000);
});
