/**
 * Flips Electron's fuses in a packaged binary. electron-builder 25 (pinned: 26 needs Node 22) has
 * no `electronFuses` option and @electron/fuses is not a dependency, so the packaging hook
 * (build/after-pack.mjs) calls this. The wire format is Electron's documented one
 * (docs/tutorial/fuses.md): a sentinel, a version byte, a length byte, then one byte per fuse,
 * '0' off, '1' on, 'r' removed from this Electron.
 */
import { spawnSync } from 'node:child_process';
import { open, readFile } from 'node:fs/promises';
import { join } from 'node:path';

export const FUSE_SENTINEL = Buffer.from('dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX', 'ascii');
const FUSE_WIRE_VERSION = 1;
const OFF = 0x30;
const ON = 0x31;
const REMOVED = 0x72;

/** Wire order of version 1 of the fuse wire; a new Electron only appends. */
export const FUSE_V1_NAMES = [
  'RunAsNode',
  'EnableCookieEncryption',
  'EnableNodeOptionsEnvironmentVariable',
  'EnableNodeCliInspectArguments',
  'EnableEmbeddedAsarIntegrityValidation',
  'OnlyLoadAppFromAsar',
  'LoadBrowserProcessSpecificV8Snapshot',
  'GrantFileProtocolExtraPrivileges',
  'WasmTrapHandlers',
] as const;
export type FuseName = (typeof FUSE_V1_NAMES)[number];
export type FuseSettings = Partial<Record<FuseName, boolean>>;

/** What the packaged console runs with; why each is set is in docs/security.md, item 19. */
export const CONSOLE_FUSES = {
  RunAsNode: false,
  EnableCookieEncryption: true,
  EnableNodeOptionsEnvironmentVariable: false,
  EnableNodeCliInspectArguments: false,
  EnableEmbeddedAsarIntegrityValidation: true,
  OnlyLoadAppFromAsar: true,
  LoadBrowserProcessSpecificV8Snapshot: false,
  GrantFileProtocolExtraPrivileges: false,
} as const satisfies FuseSettings;

export type FuseState = 'on' | 'off' | 'removed' | `unknown(0x${string})`;

export interface FuseChange {
  name: string;
  before: FuseState;
  after: FuseState;
}

export class FuseError extends Error {
  override readonly name = 'FuseError';
}

function stateOf(byte: number): FuseState {
  if (byte === ON) return 'on';
  if (byte === OFF) return 'off';
  if (byte === REMOVED) return 'removed';
  return `unknown(0x${byte.toString(16).padStart(2, '0')})`;
}

function sentinelPositions(binary: Uint8Array): number[] {
  const buffer = Buffer.from(binary.buffer, binary.byteOffset, binary.byteLength);
  const positions: number[] = [];
  for (let at = buffer.indexOf(FUSE_SENTINEL); at !== -1; at = buffer.indexOf(FUSE_SENTINEL, at + 1)) positions.push(at);
  return positions;
}

/**
 * Sets the fuses in `binary` in place and says what each wire held before and after. Every wire is
 * checked before any byte changes (a universal macOS binary has two), so a refusal leaves the
 * binary as it was. Refuses a binary without a wire, a wire of another version, a wire too short
 * for a fuse we set, and a fuse byte it cannot read: a security setting that silently did not
 * apply is worse than a failed build. A fuse Electron has removed stays removed (its behaviour is
 * fixed) and is reported as such.
 */
export function flipFuseWires(binary: Uint8Array, settings: FuseSettings): FuseChange[][] {
  const positions = sentinelPositions(binary);
  if (positions.length === 0) throw new FuseError('no fuse wire found: not an Electron binary, or older than Electron 12');
  if (positions.length > 2) throw new FuseError(`found ${positions.length} fuse wires; at most 2 (a universal macOS binary) are expected`);

  const wanted = FUSE_V1_NAMES.flatMap((name, index) => {
    const value = settings[name];
    return value === undefined ? [] : [{ index, byte: value ? ON : OFF }];
  });

  const plans = positions.map((sentinel) => {
    const header = sentinel + FUSE_SENTINEL.length;
    if (header + 2 > binary.length) throw new FuseError('the fuse wire is cut off');
    const version = binary[header] as number;
    const length = binary[header + 1] as number;
    const start = header + 2;
    if (version !== FUSE_WIRE_VERSION) throw new FuseError(`fuse wire version ${version} is not supported (expected ${FUSE_WIRE_VERSION})`);
    if (start + length > binary.length) throw new FuseError('the fuse wire is cut off');
    for (const { index } of wanted) {
      if (index >= length) throw new FuseError(`this Electron has no ${FUSE_V1_NAMES[index]} fuse (wire of ${length})`);
    }
    for (let index = 0; index < length; index += 1) {
      const byte = binary[start + index] as number;
      if (byte !== ON && byte !== OFF && byte !== REMOVED) {
        throw new FuseError(`fuse ${FUSE_V1_NAMES[index] ?? index} holds 0x${byte.toString(16)}, which is no fuse state`);
      }
    }
    return { start, length };
  });

  return plans.map(({ start, length }) => {
    const changes: FuseChange[] = [];
    for (let index = 0; index < length; index += 1) {
      const before = binary[start + index] as number;
      const want = wanted.find((entry) => entry.index === index);
      const after = want === undefined || before === REMOVED ? before : want.byte;
      binary[start + index] = after;
      changes.push({ name: FUSE_V1_NAMES[index] ?? `fuse ${index}`, before: stateOf(before), after: stateOf(after) });
    }
    return changes;
  });
}

/** Reads the fuses without changing them, e.g. to check a packaged app. */
export function readFuseWires(binary: Uint8Array): FuseChange[][] {
  return flipFuseWires(Uint8Array.from(binary), {});
}

/** Flips the fuses of the file at `path`; only the changed wire bytes are written back. */
export async function flipFusesInFile(path: string, settings: FuseSettings): Promise<FuseChange[][]> {
  const binary = await readFile(path);
  const changes = flipFuseWires(binary, settings);
  const handle = await open(path, 'r+');
  try {
    for (const sentinel of sentinelPositions(binary)) {
      const start = sentinel + FUSE_SENTINEL.length + 2;
      const length = binary[start - 1] as number;
      await handle.write(binary, start, length, start);
    }
  } finally {
    await handle.close();
  }
  return changes;
}

/** The part of electron-builder's AfterPackContext the hook reads. */
export interface AfterPackContextLike {
  appOutDir: string;
  electronPlatformName: string;
  packager: { appInfo: { productFilename: string }; executableName?: string };
}

/** Where the fuse wire lives: the executable, except on macOS where it is in the framework. */
export function fuseBinaryPath(context: AfterPackContextLike): string {
  const { appOutDir, electronPlatformName, packager } = context;
  const product = packager.appInfo.productFilename;
  switch (electronPlatformName) {
    case 'darwin':
    case 'mas':
      return join(appOutDir, `${product}.app`, 'Contents', 'Frameworks', 'Electron Framework.framework', 'Electron Framework');
    case 'win32':
      return join(appOutDir, `${product}.exe`);
    case 'linux':
      if (!packager.executableName) throw new FuseError('the Linux packager did not say the executable name');
      return join(appOutDir, packager.executableName);
    default:
      throw new FuseError(`no fuse location known for platform ${electronPlatformName}`);
  }
}

export interface ApplyFusesDeps {
  flip: (path: string, settings: FuseSettings) => Promise<FuseChange[][]>;
  /** Runs `codesign`; only called for macOS bundles. */
  run: (command: string, args: readonly string[]) => { status: number | null; stderr: string };
  log: (line: string) => void;
}

const defaultDeps: ApplyFusesDeps = {
  flip: flipFusesInFile,
  run: (command, args) => {
    const result = spawnSync(command, args, { encoding: 'utf8' });
    return { status: result.status, stderr: result.stderr ?? String(result.error ?? '') };
  },
  log: (line) => console.log(line),
};

/**
 * The afterPack step. On macOS a changed binary no longer matches its ad-hoc signature, and Apple
 * silicon refuses to start such an app; the bundle is signed ad hoc again here, and electron-builder
 * signs it for real right after when a certificate is configured.
 */
export async function applyConsoleFuses(context: AfterPackContextLike, deps: ApplyFusesDeps = defaultDeps): Promise<void> {
  const path = fuseBinaryPath(context);
  const wires = await deps.flip(path, CONSOLE_FUSES);
  for (const wire of wires) {
    deps.log(`fuses of ${path}: ${wire.map((fuse) => `${fuse.name}=${fuse.after}`).join(', ')}`);
  }
  if (context.electronPlatformName === 'darwin' || context.electronPlatformName === 'mas') {
    const bundle = join(context.appOutDir, `${context.packager.appInfo.productFilename}.app`);
    const result = deps.run('codesign', ['--sign', '-', '--force', '--preserve-metadata=entitlements,requirements,flags,runtime', '--deep', bundle]);
    if (result.status !== 0) throw new FuseError(`ad-hoc signing after the fuse flip failed: ${result.stderr}`);
  }
}
