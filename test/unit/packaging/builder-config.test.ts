import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { builtinModules } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { getConfig, validateConfiguration } from 'app-builder-lib/out/util/config/config';
import type { Configuration } from 'app-builder-lib';
import { DebugLogger } from 'builder-util';
import { beforeAll, describe, expect, it } from 'vitest';
import { FUSE_SENTINEL, readFuseWires } from '../../../scripts/electron-fuses';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const pkg = JSON.parse(await readFile(join(ROOT, 'package.json'), 'utf8')) as {
  name: string;
  dependencies: Record<string, string>;
};

/** Loads electron-builder.yml the way electron-builder does (its own YAML loader and `extends`). */
async function loadConfig(): Promise<Configuration> {
  return getConfig(ROOT, join(ROOT, 'electron-builder.yml'), null);
}

/** On a copy: electron-builder normalises the object it validates (e.g. `files` into file sets). */
const validate = (config: Configuration) => validateConfiguration(structuredClone(config), new DebugLogger(false));

/** `files` as a flat pattern list; getConfig turns the YAML list into `[{ filter: […] }]`. */
function filePatterns(files: Configuration['files']): string[] {
  return [files ?? []].flat().flatMap((entry) => (typeof entry === 'string' ? [entry] : entry === null ? [] : [entry.filter ?? []].flat()));
}

let config: Configuration;
beforeAll(async () => {
  config = await loadConfig();
});

describe('electron-builder.yml', () => {
  it('passes the schema of the pinned electron-builder', async () => {
    await expect(validate(config)).resolves.toBeUndefined();
  });

  it('is refused by that schema when it carries an option this version does not have', async () => {
    // electronFuses arrived in electron-builder 26; 25.1.8 rejects it, hence the afterPack hook.
    await expect(validate({ ...config, electronFuses: { runAsNode: false } } as Configuration)).rejects.toThrow(/electronFuses/);
  });

  it('registers the tel: and callcenter: link handlers when installed', () => {
    const schemes = [config.protocols ?? []].flat().flatMap((protocol) => protocol.schemes);
    expect(schemes.sort()).toEqual(['callcenter', 'tel']);
  });

  it('ships the app only as an asar archive of the built bundle, without source maps', () => {
    expect(config.asar).toBe(true);
    expect(filePatterns(config.files)).toEqual(expect.arrayContaining(['out/**', '!**/*.map']));
    expect(config.npmRebuild).toBe(false);
  });

  it('writes an update feed that electron-updater can read from CONSOLE_UPDATE_URL', () => {
    expect(config.publish).toEqual({ provider: 'generic', url: '${env.CONSOLE_UPDATE_URL}', channel: 'latest' });
    const macTargets = [config.mac?.target ?? []].flat().map((target) => (typeof target === 'string' ? target : target.target));
    expect(macTargets).toContain('zip');
  });

  it('installs per user on Windows, so agents need no administrator', () => {
    expect(config.nsis).toMatchObject({ oneClick: true, perMachine: false, deleteAppDataOnUninstall: false });
  });

  it('asks macOS for the microphone only, with a reason in both languages', async () => {
    expect(config.mac?.hardenedRuntime).toBe(true);
    const reason = (config.mac?.extendInfo as Record<string, string> | undefined)?.NSMicrophoneUsageDescription ?? '';
    expect(reason).toMatch(/麦克风/);
    expect(reason).toMatch(/microphone/);
    const plist = await readFile(join(ROOT, config.mac?.entitlements ?? 'missing'), 'utf8');
    const granted = [...plist.replace(/<!--[\s\S]*?-->/g, '').matchAll(/<key>([^<]+)<\/key>\s*<true\/>/g)].map((match) => match[1]);
    expect(granted.sort()).toEqual(['com.apple.security.cs.allow-jit', 'com.apple.security.device.audio-input']);
  });

  it('builds an AppImage and a .deb whose desktop entry matches the window class', () => {
    const targets = [config.linux?.target ?? []].flat().map((target) => (typeof target === 'string' ? target : target.target));
    expect(targets.sort()).toEqual(['AppImage', 'deb']);
    expect(config.linux?.category).toMatch(/Telephony/);
    expect((config.linux?.desktop as Record<string, string> | undefined)?.StartupWMClass).toBe(pkg.name);
  });

  it('finds every icon and resource it names', () => {
    for (const path of [config.win?.icon, config.mac?.icon, config.linux?.icon, config.mac?.entitlements, config.mac?.entitlementsInherit]) {
      expect(path && existsSync(join(ROOT, path)), String(path)).toBe(true);
    }
  });
});

describe('the afterPack hook', () => {
  it('is set in the config', () => {
    expect(config.afterPack).toBe('build/after-pack.mjs');
  });

  it('flips the fuses of the packaged binary when electron-builder calls it', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'after-pack-'));
    try {
      const binary = join(dir, 'callcenter-console');
      await writeFile(binary, Buffer.concat([Buffer.from('code'), FUSE_SENTINEL, Buffer.from([1, 9]), Buffer.from('101100011'), Buffer.from('code')]));
      const hook = (await import(pathToFileURL(join(ROOT, 'build/after-pack.mjs')).href)) as { default: (context: unknown) => Promise<void> };

      await hook.default({
        appOutDir: dir,
        electronPlatformName: 'linux',
        packager: { appInfo: { productFilename: 'Call Center Console' }, executableName: 'callcenter-console' },
      });

      const [wire] = readFuseWires(await readFile(binary));
      expect(Object.fromEntries((wire ?? []).map((fuse) => [fuse.name, fuse.after]))).toMatchObject({
        RunAsNode: 'off',
        EnableNodeOptionsEnvironmentVariable: 'off',
        EnableNodeCliInspectArguments: 'off',
        EnableEmbeddedAsarIntegrityValidation: 'on',
        OnlyLoadAppFromAsar: 'on',
      });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

// --- which node_modules the packaged main process needs -------------------------------------------

const BUILTINS = new Set(builtinModules);
const IMPORT_PATTERNS = [
  /(?:^|\n)\s*(?:import|export)\s+(?!type\s)[^'";]*?\bfrom\s*['"]([^'"]+)['"]/g,
  /(?:^|\n)\s*import\s*['"]([^'"]+)['"]/g,
  /\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)/g,
];

function packageName(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : (parts[0] ?? specifier);
}

function resolveSource(from: string, specifier: string): string {
  const base = resolve(dirname(from), specifier);
  for (const candidate of [base, `${base}.ts`, join(base, 'index.ts')]) {
    if (candidate.endsWith('.ts') && existsSync(candidate)) return candidate;
  }
  throw new Error(`cannot resolve ${specifier} from ${from}`);
}

/** The packages electron-vite leaves outside the main and preload bundles: bare imports listed in `dependencies`. */
async function externalPackages(entries: readonly string[]): Promise<Set<string>> {
  const seen = new Set<string>();
  const packages = new Set<string>();
  const queue = [...entries];
  for (let file = queue.pop(); file !== undefined; file = queue.pop()) {
    if (seen.has(file)) continue;
    seen.add(file);
    const source = await readFile(file, 'utf8');
    for (const pattern of IMPORT_PATTERNS) {
      for (const match of source.matchAll(pattern)) {
        const specifier = match[1] ?? '';
        if (specifier.startsWith('.')) queue.push(resolveSource(file, specifier));
        else if (!specifier.startsWith('node:') && !BUILTINS.has(specifier) && packageName(specifier) in pkg.dependencies) {
          packages.add(packageName(specifier));
        }
      }
    }
  }
  return packages;
}

/** Node's lookup: the nearest node_modules/<name> from `fromDir` upwards. */
function findPackageDir(name: string, fromDir: string): string {
  for (let dir = fromDir; ; dir = dirname(dir)) {
    const candidate = join(dir, 'node_modules', name);
    if (existsSync(join(candidate, 'package.json'))) return candidate;
    if (dirname(dir) === dir) throw new Error(`${name} is not installed (looked up from ${fromDir})`);
  }
}

/** The top-level node_modules folders the packages need at run time; nested copies travel inside them. */
async function topLevelClosure(roots: Iterable<string>): Promise<Set<string>> {
  const topLevel = new Set<string>();
  const visited = new Set<string>();
  const queue = [...roots].map((name) => findPackageDir(name, ROOT));
  for (let dir = queue.pop(); dir !== undefined; dir = queue.pop()) {
    if (visited.has(dir)) continue;
    visited.add(dir);
    const manifest = JSON.parse(await readFile(join(dir, 'package.json'), 'utf8')) as {
      name: string;
      dependencies?: Record<string, string>;
      optionalDependencies?: Record<string, string>;
    };
    if (!relative(join(ROOT, 'node_modules'), dir).split(sep).includes('node_modules')) topLevel.add(manifest.name);
    for (const dependency of Object.keys(manifest.dependencies ?? {})) queue.push(findPackageDir(dependency, dir));
    for (const optional of Object.keys(manifest.optionalDependencies ?? {})) {
      try {
        queue.push(findPackageDir(optional, dir));
      } catch {
        // An optional dependency that is not installed is not needed.
      }
    }
  }
  return topLevel;
}

function shippedModules(files: Configuration['files']): string[] {
  const pattern = filePatterns(files).find((entry) => entry.startsWith('node_modules/{'));
  const list = pattern?.match(/^node_modules\/\{(.+)\}\/\*\*$/)?.[1];
  if (!list) throw new Error('electron-builder.yml has no node_modules/{…}/** line');
  return list.split(',');
}

describe('the node_modules shipped in the package', () => {
  it('are exactly what the main and preload bundles import at run time, with their dependencies', async () => {
    const external = await externalPackages([join(ROOT, 'electron/main/index.ts'), join(ROOT, 'electron/preload/index.ts')]);
    const needed = await topLevelClosure(external);

    expect(filePatterns(config.files)).toContain('!node_modules/**');
    const shipped = new Set(shippedModules(config.files));
    // missing: the packaged app would fail to start; unused: dead weight in every installer.
    expect({
      missing: [...needed].filter((name) => !shipped.has(name)).sort(),
      unused: [...shipped].filter((name) => !needed.has(name)).sort(),
    }).toEqual({ missing: [], unused: [] });
  });
});
