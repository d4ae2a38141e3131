/**
 * As much of the Linux build as runs without the network: electron-builder itself packs the app
 * (`--linux dir`) with the project's electron-builder.yml, hook and icons, around a stand-in for
 * the Electron binary, which is the one thing that must be downloaded (docs/packaging.md). What it
 * proves: the file selection gives a working asar, the update feed is written, and the fuses are
 * flipped in the binary electron-builder hands to the hook.
 */
import { cp, mkdir, mkdtemp, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { extractFile, listPackage } from '@electron/asar';
import { build, Platform } from 'electron-builder';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FUSE_SENTINEL, readFuseWires } from '../../../scripts/electron-fuses';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const pkg = JSON.parse(await readFile(join(ROOT, 'package.json'), 'utf8')) as { version: string; devDependencies: Record<string, string> };
const electronVersion = (JSON.parse(await readFile(join(ROOT, 'node_modules/electron/package.json'), 'utf8')) as { version: string }).version;
const FEED = 'https://updates.callcenter.invalid/console';

let work: string;
let unpacked: string;
const previousFeed = process.env.CONSOLE_UPDATE_URL;

/** An unpacked Electron for Linux, minus Electron: a file with Electron 41's default fuse wire. */
async function fakeElectronDist(dir: string): Promise<void> {
  await mkdir(join(dir, 'resources'), { recursive: true });
  await mkdir(join(dir, 'locales'), { recursive: true });
  await writeFile(join(dir, 'electron'), Buffer.concat([Buffer.from('\x7fELF'), FUSE_SENTINEL, Buffer.from([1, 9]), Buffer.from('101100011'), Buffer.from('code')]), { mode: 0o755 });
  await writeFile(join(dir, 'resources/default_app.asar'), 'default app');
  await writeFile(join(dir, 'LICENSE'), 'MIT');
  await writeFile(join(dir, 'version'), electronVersion);
  for (const locale of ['en-US', 'zh-CN', 'de', 'ja']) await writeFile(join(dir, 'locales', `${locale}.pak`), locale);
}

/** The project as the hook and config see it, with a stand-in for the electron-vite output. */
async function fixtureProject(dir: string): Promise<void> {
  for (const path of ['package.json', 'electron-builder.yml', 'build', 'scripts/electron-fuses.ts']) {
    await cp(join(ROOT, path), join(dir, path), { recursive: true });
  }
  await symlink(join(ROOT, 'node_modules'), join(dir, 'node_modules'), 'dir');
  await mkdir(join(dir, 'out/main'), { recursive: true });
  await mkdir(join(dir, 'out/preload'), { recursive: true });
  await mkdir(join(dir, 'out/renderer/assets'), { recursive: true });
  await writeFile(join(dir, 'out/main/index.js'), "import 'electron';\n");
  await writeFile(join(dir, 'out/main/index.js.map'), '{}');
  await writeFile(join(dir, 'out/preload/index.cjs'), "require('electron');\n");
  await writeFile(join(dir, 'out/renderer/index.html'), '<!doctype html>');
  await writeFile(join(dir, 'out/renderer/assets/index.js'), 'export {};');
}

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'package-linux-'));
  const project = join(work, 'project');
  await fakeElectronDist(join(work, 'electron-dist'));
  await fixtureProject(project);
  process.env.CONSOLE_UPDATE_URL = FEED;
  await build({
    projectDir: project,
    targets: Platform.LINUX.createTarget('dir'),
    publish: 'never',
    config: { electronDist: join(work, 'electron-dist'), directories: { output: join(work, 'release') } },
  });
  unpacked = join(work, 'release/linux-unpacked');
}, 120_000);

afterAll(async () => {
  if (previousFeed === undefined) delete process.env.CONSOLE_UPDATE_URL;
  else process.env.CONSOLE_UPDATE_URL = previousFeed;
  await rm(work, { recursive: true, force: true });
});

describe('the Linux package (electron-builder --linux dir, Electron stubbed)', () => {
  it('holds the bundle and the runtime modules in app.asar, without source maps or dev tools', () => {
    const files = listPackage(join(unpacked, 'resources/app.asar'), { isPack: false }).map((file) => file.replaceAll('\\', '/'));
    expect(files).toEqual(expect.arrayContaining(['/out/main/index.js', '/out/preload/index.cjs', '/out/renderer/index.html', '/package.json']));
    expect(files.filter((file) => file.endsWith('.map'))).toEqual([]);
    expect(files).toContain('/node_modules/zod/package.json');
    for (const devTool of Object.keys(pkg.devDependencies)) expect(files).not.toContain(`/node_modules/${devTool}/package.json`);
    expect(files.some((file) => file.startsWith('/node_modules/antd/'))).toBe(false);
  });

  it('keeps package.json pointing at the main bundle', () => {
    const packaged = JSON.parse(extractFile(join(unpacked, 'resources/app.asar'), 'package.json').toString('utf8')) as { main: string; scripts?: unknown };
    expect(packaged.main).toBe('out/main/index.js');
    expect(packaged.scripts).toBeUndefined();
  });

  it('writes the update feed for electron-updater from CONSOLE_UPDATE_URL', async () => {
    const feed = await readFile(join(unpacked, 'resources/app-update.yml'), 'utf8');
    expect(feed).toContain('provider: generic');
    expect(feed).toContain(`url: ${FEED}`);
  });

  it('flips the fuses in the executable it ships', async () => {
    const [wire] = readFuseWires(await readFile(join(unpacked, 'callcenter-console')));
    expect(Object.fromEntries((wire ?? []).map((fuse) => [fuse.name, fuse.after]))).toMatchObject({
      RunAsNode: 'off',
      EnableCookieEncryption: 'on',
      EnableNodeOptionsEnvironmentVariable: 'off',
      EnableNodeCliInspectArguments: 'off',
      EnableEmbeddedAsarIntegrityValidation: 'on',
      OnlyLoadAppFromAsar: 'on',
      GrantFileProtocolExtraPrivileges: 'off',
    });
  });

  it('keeps only the Chinese and English Chromium locales', async () => {
    expect((await readdir(join(unpacked, 'locales'))).sort()).toEqual(['en-US.pak', 'zh-CN.pak']);
  });
});
