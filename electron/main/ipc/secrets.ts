import { z } from 'zod';
import { SecretKeySchema, type SecretKey, type SecretProtection } from '../../../shared/ipc/contract';
import { createSerialQueue, quarantineFile, readJsonFile, writeJsonFileAtomic } from '../json-file';
import type { Logger } from '../log';
import type { Handlers } from './register';

/** The part of Electron's `safeStorage` this module uses. */
export interface SafeStorageLike {
  isEncryptionAvailable(): boolean;
  encryptString(plainText: string): Buffer;
  decryptString(encrypted: Buffer): string;
  getSelectedStorageBackend(): string;
}

export interface SecretsDeps {
  /** `<userData>/secrets.json`. */
  filePath: string;
  safeStorage: SafeStorageLike;
  platform: NodeJS.Platform;
  clock: () => Date;
  log: Logger;
}

const SecretsFileSchema = z.object({
  version: z.literal(1),
  secrets: z.partialRecord(SecretKeySchema, z.string()),
});
type SecretsFile = z.infer<typeof SecretsFileSchema>;

/** Linux backends that are a real secret store; anything else is a hard-coded key or not known yet. */
const LINUX_SECURE_BACKENDS = new Set(['gnome_libsecret', 'kwallet', 'kwallet5', 'kwallet6']);

/**
 * Whether a secret may go to disk. On Linux without a keyring, Chromium falls back to `basic_text`,
 * which still reports encryption as available but uses a fixed key: as good as plain text.
 */
export function canEncryptToDisk(safeStorage: SafeStorageLike, platform: NodeJS.Platform): boolean {
  if (!safeStorage.isEncryptionAvailable()) return false;
  if (platform !== 'linux') return true;
  return LINUX_SECURE_BACKENDS.has(safeStorage.getSelectedStorageBackend());
}

/** How a secret saved now would be kept; the settings page warns about `memory-only`. */
export function secretProtection(safeStorage: SafeStorageLike, platform: NodeJS.Platform): SecretProtection {
  return canEncryptToDisk(safeStorage, platform) ? 'os-encrypted' : 'memory-only';
}

export function createSecretsHandlers(
  deps: SecretsDeps,
): Pick<Handlers, 'getSecret' | 'setSecret' | 'deleteSecret'> {
  const { filePath, safeStorage, platform, clock, log } = deps;
  const serial = createSerialQueue();
  // Only for this run, when the OS offers no secret store; never written anywhere.
  const memory = new Map<SecretKey, string>();

  async function readStore(): Promise<SecretsFile> {
    const read = await readJsonFile(filePath);
    if (read.kind === 'missing') return { version: 1, secrets: {} };
    const parsed = read.kind === 'ok' ? SecretsFileSchema.safeParse(read.value) : null;
    if (parsed?.success) return parsed.data;
    const aside = await quarantineFile(filePath, clock());
    log.warn('secrets file was damaged; stored secrets are lost and must be entered again', { keptAs: aside });
    return { version: 1, secrets: {} };
  }

  async function writeStore(store: SecretsFile): Promise<void> {
    await writeJsonFileAtomic(filePath, store);
  }

  async function removeFromDisk(key: SecretKey): Promise<boolean> {
    const store = await readStore();
    if (store.secrets[key] === undefined) return false;
    delete store.secrets[key];
    await writeStore(store);
    return true;
  }

  return {
    getSecret: ({ key }) =>
      serial(async () => {
        const inMemory = memory.get(key);
        if (inMemory !== undefined) return { value: inMemory };
        const encrypted = (await readStore()).secrets[key];
        if (encrypted === undefined || !canEncryptToDisk(safeStorage, platform)) return { value: null };
        try {
          return { value: safeStorage.decryptString(Buffer.from(encrypted, 'base64')) };
        } catch (error) {
          // A changed OS keyring makes old blobs unreadable; asking again is the only way out.
          log.warn(`stored ${key} could not be decrypted`, error);
          return { value: null };
        }
      }),

    setSecret: ({ key, value }) =>
      serial(async (): Promise<{ protection: SecretProtection }> => {
        if (!canEncryptToDisk(safeStorage, platform)) {
          memory.set(key, value);
          // An older encrypted value would otherwise come back after a restart, replacing the newer one.
          await removeFromDisk(key);
          return { protection: 'memory-only' };
        }
        const store = await readStore();
        store.secrets[key] = safeStorage.encryptString(value).toString('base64');
        await writeStore(store);
        memory.delete(key);
        return { protection: 'os-encrypted' };
      }),

    deleteSecret: ({ key }) =>
      serial(async () => {
        const wasInMemory = memory.delete(key);
        const wasOnDisk = await removeFromDisk(key);
        return { deleted: wasInMemory || wasOnDisk };
      }),
  };
}
