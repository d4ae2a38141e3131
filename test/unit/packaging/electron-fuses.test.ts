import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  applyConsoleFuses,
  CONSOLE_FUSES,
  FUSE_SENTINEL,
  FuseError,
  flipFuseWires,
  flipFusesInFile,
  fuseBinaryPath,
  readFuseWires,
  type AfterPackContextLike,
  type FuseChange,
} from '../../../scripts/electron-fuses';

/** A stand-in binary: filler, the sentinel, version, length and the wire, then more filler. */
function binaryWith(wires: readonly string[], version = 1): Buffer {
  const parts: Buffer[] = [Buffer.from('\x7fELF some code ')];
  for (const wire of wires) {
    parts.push(FUSE_SENTINEL, Buffer.from([version, wire.length]), Buffer.from(wire, 'ascii'), Buffer.from(' more code '));
  }
  return Buffer.concat(parts);
}

/** Electron 41's defaults, in wire order: RunAsNode on … WasmTrapHandlers on. */
const ELECTRON_DEFAULT_WIRE = '101100011';

const after = (wire: FuseChange[]) => Object.fromEntries(wire.map((fuse) => [fuse.name, fuse.after]));

describe('CONSOLE_FUSES', () => {
  it('turns off every way to run the binary as something else and locks the app to its asar', () => {
    expect(CONSOLE_FUSES).toStrictEqual({
      RunAsNode: false,
      EnableCookieEncryption: true,
      EnableNodeOptionsEnvironmentVariable: false,
      EnableNodeCliInspectArguments: false,
      EnableEmbeddedAsarIntegrityValidation: true,
      OnlyLoadAppFromAsar: true,
      LoadBrowserProcessSpecificV8Snapshot: false,
      GrantFileProtocolExtraPrivileges: false,
    });
  });
});

describe('flipFuseWires', () => {
  it('sets each configured fuse and leaves the others as Electron shipped them when the wire is found', () => {
    const binary = binaryWith([ELECTRON_DEFAULT_WIRE]);
    const [wire] = flipFuseWires(binary, CONSOLE_FUSES);
    expect(after(wire ?? [])).toStrictEqual({
      RunAsNode: 'off',
      EnableCookieEncryption: 'on',
      EnableNodeOptionsEnvironmentVariable: 'off',
      EnableNodeCliInspectArguments: 'off',
      EnableEmbeddedAsarIntegrityValidation: 'on',
      OnlyLoadAppFromAsar: 'on',
      LoadBrowserProcessSpecificV8Snapshot: 'off',
      GrantFileProtocolExtraPrivileges: 'off',
      WasmTrapHandlers: 'on',
    });
    expect(binary.includes(Buffer.from('010011001'))).toBe(true);
  });

  it('flips both wires when the binary is a universal macOS build', () => {
    const binary = binaryWith([ELECTRON_DEFAULT_WIRE, ELECTRON_DEFAULT_WIRE]);
    const wires = flipFuseWires(binary, { RunAsNode: false });
    expect(wires).toHaveLength(2);
    expect(wires.map((wire) => wire[0]?.after)).toEqual(['off', 'off']);
  });

  it('keeps a fuse removed and reports it when Electron has removed that fuse', () => {
    const binary = binaryWith(['r01100011']);
    const [wire] = flipFuseWires(binary, { RunAsNode: false });
    expect(wire?.[0]).toEqual({ name: 'RunAsNode', before: 'removed', after: 'removed' });
  });

  it('refuses a binary without a fuse wire', () => {
    expect(() => flipFuseWires(Buffer.from('not electron at all'), CONSOLE_FUSES)).toThrow(FuseError);
  });

  it('refuses a wire of another version', () => {
    expect(() => flipFuseWires(binaryWith([ELECTRON_DEFAULT_WIRE], 2), CONSOLE_FUSES)).toThrow(/version 2/);
  });

  it('refuses when a configured fuse is beyond the end of this Electron\'s wire', () => {
    expect(() => flipFuseWires(binaryWith(['1011']), CONSOLE_FUSES)).toThrow(/EnableEmbeddedAsarIntegrityValidation/);
  });

  it('changes nothing in either wire when the second wire is unreadable', () => {
    const binary = binaryWith([ELECTRON_DEFAULT_WIRE, '10110?011']);
    const before = Buffer.from(binary);
    expect(() => flipFuseWires(binary, CONSOLE_FUSES)).toThrow(FuseError);
    expect(binary.equals(before)).toBe(true);
  });

  it('reads the wire without changing it when asked only to read', () => {
    const binary = binaryWith([ELECTRON_DEFAULT_WIRE]);
    const before = Buffer.from(binary);
    expect(readFuseWires(binary)[0]?.[0]).toEqual({ name: 'RunAsNode', before: 'on', after: 'on' });
    expect(binary.equals(before)).toBe(true);
  });
});

describe('flipFusesInFile', () => {
  let dir: string | undefined;
  afterEach(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
    dir = undefined;
  });

  it('rewrites only the wire bytes of the file when it flips the fuses', async () => {
    dir = await mkdtemp(join(tmpdir(), 'fuses-'));
    const path = join(dir, 'electron');
    const original = binaryWith([ELECTRON_DEFAULT_WIRE]);
    await writeFile(path, original);

    await flipFusesInFile(path, CONSOLE_FUSES);

    const written = await readFile(path);
    expect(written.length).toBe(original.length);
    const differing = [...written.keys()].filter((index) => written[index] !== original[index]);
    const wireStart = original.indexOf(FUSE_SENTINEL) + FUSE_SENTINEL.length + 2;
    expect(differing.every((index) => index >= wireStart && index < wireStart + ELECTRON_DEFAULT_WIRE.length)).toBe(true);
    expect(after(readFuseWires(written)[0] ?? []).RunAsNode).toBe('off');
  });
});

describe('fuseBinaryPath', () => {
  const context = (electronPlatformName: string): AfterPackContextLike => ({
    appOutDir: '/release/unpacked',
    electronPlatformName,
    packager: { appInfo: { productFilename: 'Call Center Console' }, executableName: 'callcenter-console' },
  });

  it('points into the framework when the app is a macOS bundle', () => {
    expect(fuseBinaryPath(context('darwin'))).toBe(
      '/release/unpacked/Call Center Console.app/Contents/Frameworks/Electron Framework.framework/Electron Framework',
    );
  });

  it('points at the executable when the platform is Windows or Linux', () => {
    expect(fuseBinaryPath(context('win32'))).toBe('/release/unpacked/Call Center Console.exe');
    expect(fuseBinaryPath(context('linux'))).toBe('/release/unpacked/callcenter-console');
  });

  it('refuses a platform it does not know', () => {
    expect(() => fuseBinaryPath(context('freebsd'))).toThrow(FuseError);
  });
});

describe('applyConsoleFuses', () => {
  const fakeDeps = (status = 0) => ({
    flip: vi.fn(async () => [[{ name: 'RunAsNode', before: 'on', after: 'off' } as const]]),
    run: vi.fn(() => ({ status, stderr: status === 0 ? '' : 'codesign: no such bundle' })),
    log: vi.fn(),
  });
  const context = (electronPlatformName: string): AfterPackContextLike => ({
    appOutDir: '/out',
    electronPlatformName,
    packager: { appInfo: { productFilename: 'Call Center Console' }, executableName: 'callcenter-console' },
  });

  it('flips the console fuses and signs nothing when the platform is Linux', async () => {
    const deps = fakeDeps();
    await applyConsoleFuses(context('linux'), deps);
    expect(deps.flip).toHaveBeenCalledWith('/out/callcenter-console', CONSOLE_FUSES);
    expect(deps.run).not.toHaveBeenCalled();
    expect(deps.log).toHaveBeenCalledWith(expect.stringContaining('RunAsNode=off'));
  });

  it('signs the bundle ad hoc again when the platform is macOS', async () => {
    const deps = fakeDeps();
    await applyConsoleFuses(context('darwin'), deps);
    expect(deps.run).toHaveBeenCalledWith('codesign', expect.arrayContaining(['--sign', '-', '--force', '/out/Call Center Console.app']));
  });

  it('fails the build when the ad-hoc signing fails', async () => {
    await expect(applyConsoleFuses(context('darwin'), fakeDeps(1))).rejects.toThrow(/no such bundle/);
  });
});
