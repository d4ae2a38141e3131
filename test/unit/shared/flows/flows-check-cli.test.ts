import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { stringify } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { flowInput, step, t } from '../../../support/flow-builders';

const repoRoot = fileURLToPath(new URL('../../../..', import.meta.url));

function flowsCheck(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, ['--import', 'tsx', 'scripts/flows-check.ts', ...args], { cwd: repoRoot }, (error, stdout, stderr) => {
      resolve({ code: error ? Number(error.code) : 0, stdout, stderr });
    });
  });
}

const sound = flowInput([step('greet', { say: t('您好'), next: 'done' }), step('done', { end: { outcome: 'resolved' } })], { id: 'demo.cli' });
const stuck = flowInput([step('a', { next: 'b' }), step('b', { next: 'a', actions: [{ type: 'transfer', department: 'moon-base' }] }), step('done', { end: { outcome: 'closed' } })]);

describe('npm run flows:check', () => {
  let dir: string;
  const file = (name: string) => join(dir, name);

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'flows-check-'));
    await writeFile(file('sound.yaml'), stringify(sound));
    await writeFile(file('sound.json'), JSON.stringify(sound));
    await writeFile(file('stuck.yml'), stringify(stuck));
    await writeFile(file('broken.json'), '{ "format": 1,\n  "id": }');
    await writeFile(file('flow.txt'), 'format: 1');
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('prints ok with the id and step count and exits 0 when every file is sound', async () => {
    const run = await flowsCheck(file('sound.yaml'), file('sound.json'));
    expect(run.code).toBe(0);
    expect(run.stdout.trim().split('\n')).toEqual([`${file('sound.yaml')}: ok (demo.cli, 2 steps)`, `${file('sound.json')}: ok (demo.cli, 2 steps)`]);
  });

  it('prints one line per problem with the path and code and exits 1', async () => {
    const run = await flowsCheck(file('sound.yaml'), file('stuck.yml'), file('broken.json'));
    expect(run.code).toBe(1);
    const lines = run.stdout.trim().split('\n');
    expect(lines[0]).toContain(': ok (');
    expect(lines.slice(1)).toEqual([
      expect.stringMatching(new RegExp(`^${file('stuck.yml')}:steps\\.0: \\[no_exit\\] step "a": `)),
      expect.stringMatching(new RegExp(`^${file('stuck.yml')}:steps\\.1: \\[no_exit\\] step "b": `)),
      expect.stringMatching(new RegExp(`^${file('stuck.yml')}:steps\\.2: \\[unreachable\\] step "done": `)),
      expect.stringMatching(new RegExp(`^${file('broken.json')}:2:9: \\[syntax\\] line 2, column 9: unexpected "}"$`)),
    ]);
  });

  it('checks departments and dispositions against the demo org design only with --org', async () => {
    const run = await flowsCheck('--org', file('stuck.yml'));
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('[unknown_department] step "b": names the department "moon-base"');
  });

  it('exits 2 with the usage when no file is named or a name has another extension', async () => {
    for (const args of [[], [file('flow.txt')], ['--frobnicate', file('sound.yaml')]]) {
      const run = await flowsCheck(...args);
      expect(run.code).toBe(2);
      expect(run.stderr).toContain('usage: npm run flows:check');
      expect(run.stdout).toBe('');
    }
  });

  it('exits 2 naming a file that cannot be read, after checking the others', async () => {
    const run = await flowsCheck(file('missing.yaml'), file('sound.yaml'));
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`${file('missing.yaml')}: cannot be read: ENOENT`);
    expect(run.stdout).toContain(`${file('sound.yaml')}: ok`);
  });
});
