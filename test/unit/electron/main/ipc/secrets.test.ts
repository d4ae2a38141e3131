import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { canEncryptToDisk, createSecretsHandlers } from '../../../../../electron/main/ipc/secrets';
import { FakeSafeStorage } from '../../../../support/fake-electron';
import { recordingLogger } from '../../recording-logger';

const SECRET = 's3cret-sip-pässword';
let dir: string;
let filePath: string;
let safeStorage: FakeSafeStorage;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'console-secrets-'));
  filePath = join(dir, 'secrets.json');
  safeStorage = new FakeSafeStorage();
});
afterEach(() => rm(dir, { recursive: true, force: true }));

function handlers(platform: NodeJS.Platform = 'linux') {
  const log = recordingLogger();
  return { log, ...createSecretsHandlers({ filePath, safeStorage, platform, clock: () => new Date(0), log }) };
}

async function filesInDir(): Promise<string> {
  const names = await readdir(dir);
  const contents = await Promise.all(names.map((name) => readFile(join(dir, name), 'utf8')));
  return names.join('\n') + contents.join('\n');
}

describe('secrets', () => {
  it('stores the secret encrypted and reads it back when the OS store is available', async () => {
    const { setSecret, getSecret } = handlers();
    await expect(setSecret({ key: 'sipPassword', value: SECRET })).resolves.toEqual({ protection: 'os-encrypted' });
    const onDisk = JSON.parse(await readFile(filePath, 'utf8'));
    expect(onDisk).toEqual({ version: 1, secrets: { sipPassword: expect.any(String) } });
    expect(await filesInDir()).not.toContain(SECRET);
    expect(safeStorage.decryptString(Buffer.from(onDisk.secrets.sipPassword, 'base64'))).toBe(SECRET);
    await expect(getSecret({ key: 'sipPassword' })).resolves.toEqual({ value: SECRET });
  });

  it('reads the secret back after a restart when it was os-encrypted', async () => {
    await handlers().setSecret({ key: 'hubToken', value: SECRET });
    await expect(handlers().getSecret({ key: 'hubToken' })).resolves.toEqual({ value: SECRET });
  });

  it('answers null when the secret was never stored', async () => {
    await expect(handlers().getSecret({ key: 'hubToken' })).resolves.toEqual({ value: null });
  });

  it('keeps the other secrets when one is deleted', async () => {
    const { setSecret, deleteSecret, getSecret } = handlers();
    await setSecret({ key: 'hubToken', value: 'token' });
    await setSecret({ key: 'sipPassword', value: SECRET });
    await expect(deleteSecret({ key: 'hubToken' })).resolves.toEqual({ deleted: true });
    await expect(getSecret({ key: 'hubToken' })).resolves.toEqual({ value: null });
    await expect(getSecret({ key: 'sipPassword' })).resolves.toEqual({ value: SECRET });
    await expect(deleteSecret({ key: 'hubToken' })).resolves.toEqual({ deleted: false });
  });

  it('keeps the secret in memory only and writes nothing when the Linux backend is basic_text', async () => {
    safeStorage.backend = 'basic_text';
    const { setSecret, getSecret, deleteSecret } = handlers('linux');
    await expect(setSecret({ key: 'sipPassword', value: SECRET })).resolves.toEqual({ protection: 'memory-only' });
    await expect(getSecret({ key: 'sipPassword' })).resolves.toEqual({ value: SECRET });
    expect(await readdir(dir)).toEqual([]);
    expect(safeStorage.encrypted).toEqual([]);
    await expect(deleteSecret({ key: 'sipPassword' })).resolves.toEqual({ deleted: true });
    await expect(getSecret({ key: 'sipPassword' })).resolves.toEqual({ value: null });
  });

  it('forgets a memory-only secret when the app starts again', async () => {
    safeStorage.backend = 'basic_text';
    await handlers().setSecret({ key: 'hubToken', value: SECRET });
    await expect(handlers().getSecret({ key: 'hubToken' })).resolves.toEqual({ value: null });
  });

  it('keeps the secret in memory only when encryption is unavailable', async () => {
    safeStorage.encryptionAvailable = false;
    const { setSecret } = handlers('darwin');
    await expect(setSecret({ key: 'hubToken', value: SECRET })).resolves.toEqual({ protection: 'memory-only' });
    expect(await readdir(dir)).toEqual([]);
  });

  it('drops the older encrypted copy when a newer value can only be kept in memory', async () => {
    await handlers().setSecret({ key: 'hubToken', value: 'old' });
    safeStorage.backend = 'basic_text';
    const { setSecret, getSecret } = handlers();
    await setSecret({ key: 'hubToken', value: 'new' });
    await expect(getSecret({ key: 'hubToken' })).resolves.toEqual({ value: 'new' });
    expect(JSON.parse(await readFile(filePath, 'utf8'))).toEqual({ version: 1, secrets: {} });
  });

  it('answers null and warns when a stored blob no longer decrypts', async () => {
    await writeFile(filePath, JSON.stringify({ version: 1, secrets: { hubToken: Buffer.from('garbage').toString('base64') } }));
    const { getSecret, log } = handlers();
    await expect(getSecret({ key: 'hubToken' })).resolves.toEqual({ value: null });
    expect(log.at('warn')).toHaveLength(1);
  });

  it('moves a damaged secrets file aside and starts empty when it does not parse', async () => {
    await writeFile(filePath, 'not json');
    const { getSecret, setSecret, log } = handlers();
    await expect(getSecret({ key: 'hubToken' })).resolves.toEqual({ value: null });
    expect((await readdir(dir)).some((name) => name.startsWith('secrets.json.corrupt-'))).toBe(true);
    expect(log.at('warn')).toHaveLength(1);
    await expect(setSecret({ key: 'hubToken', value: SECRET })).resolves.toEqual({ protection: 'os-encrypted' });
  });

  describe('canEncryptToDisk', () => {
    it('trusts only a real keyring on Linux when encryption is available', () => {
      const storage = new FakeSafeStorage();
      for (const backend of ['gnome_libsecret', 'kwallet', 'kwallet5', 'kwallet6'] as const) {
        storage.backend = backend;
        expect(canEncryptToDisk(storage, 'linux')).toBe(true);
      }
      for (const backend of ['basic_text', 'unknown'] as const) {
        storage.backend = backend;
        expect(canEncryptToDisk(storage, 'linux')).toBe(false);
      }
    });

    it('ignores the Linux backend when the platform is Windows or macOS', () => {
      const storage = new FakeSafeStorage();
      storage.backend = 'basic_text';
      expect(canEncryptToDisk(storage, 'win32')).toBe(true);
      expect(canEncryptToDisk(storage, 'darwin')).toBe(true);
      storage.encryptionAvailable = false;
      expect(canEncryptToDisk(storage, 'win32')).toBe(false);
    });
  });
});
