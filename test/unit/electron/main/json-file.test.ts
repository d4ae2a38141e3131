import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSerialQueue, quarantineFile, readJsonFile, writeFileAtomic } from '../../../../electron/main/json-file';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'console-json-'));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

describe('json-file', () => {
  it('tells missing, valid and corrupt files apart when reading', async () => {
    await expect(readJsonFile(join(dir, 'none.json'))).resolves.toEqual({ kind: 'missing' });
    await writeFile(join(dir, 'ok.json'), '{"a":1}');
    await expect(readJsonFile(join(dir, 'ok.json'))).resolves.toEqual({ kind: 'ok', value: { a: 1 } });
    await writeFile(join(dir, 'bad.json'), '{');
    await expect(readJsonFile(join(dir, 'bad.json'))).resolves.toMatchObject({ kind: 'corrupt' });
  });

  it('replaces the file whole, owner-only, and leaves no temporary file when writing', async () => {
    const path = join(dir, 'nested', 'f.json');
    await writeFileAtomic(path, 'one');
    await writeFileAtomic(path, 'two');
    expect(await readFile(path, 'utf8')).toBe('two');
    expect(await readdir(join(dir, 'nested'))).toEqual(['f.json']);
    if (process.platform !== 'win32') expect((await stat(path)).mode & 0o777).toBe(0o600);
  });

  it('keeps the old file and cleans up when the rename fails', async () => {
    const target = join(dir, 'target');
    await mkdir(join(target, 'occupied'), { recursive: true });
    await expect(writeFileAtomic(target, 'x')).rejects.toThrow();
    expect((await readdir(dir)).sort()).toEqual(['target']);
  });

  it('moves the file aside under a Windows-safe timestamped name when quarantined', async () => {
    const path = join(dir, 'settings.json');
    await writeFile(path, 'bad');
    const aside = await quarantineFile(path, new Date('2025-01-02T03:04:05.678Z'));
    expect(aside).toBe(`${path}.corrupt-2025-01-02T03-04-05-678Z`);
    expect(await readFile(aside, 'utf8')).toBe('bad');
    expect(await readdir(dir)).toEqual(['settings.json.corrupt-2025-01-02T03-04-05-678Z']);
  });

  it('runs tasks one at a time and keeps going when one fails', async () => {
    const serial = createSerialQueue();
    const order: string[] = [];
    const slow = serial(async () => {
      await new Promise((resolve) => setTimeout(resolve, 20));
      order.push('slow');
    });
    const failing = serial(async () => {
      order.push('failing');
      throw new Error('boom');
    });
    const fast = serial(async () => {
      order.push('fast');
      return 42;
    });
    await slow;
    await expect(failing).rejects.toThrow('boom');
    await expect(fast).resolves.toBe(42);
    expect(order).toEqual(['slow', 'failing', 'fast']);
  });
});
