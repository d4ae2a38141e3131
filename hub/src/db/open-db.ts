import { join } from 'node:path';
import { ConfigError, redactUrl } from '../config';
import type { Db } from './db';
import { openPgDb } from './pg-db';
import { openPgliteDb } from './pglite-db';

export interface OpenDbSettings {
  databaseUrl: string | null;
  dataDir: string;
  onIdleError?: (error: Error) => void;
}

/** The database the settings name; failing to reach it is the operator's problem, not a crash. */
export async function openDb(settings: OpenDbSettings): Promise<Db> {
  if (settings.databaseUrl === null) {
    const dir = join(settings.dataDir, 'pglite');
    try {
      return await openPgliteDb(dir);
    } catch (error) {
      throw new ConfigError(`cannot open the embedded database in ${dir}: ${(error as Error).message}`);
    }
  }
  try {
    return await openPgDb({ connectionString: settings.databaseUrl, onIdleError: settings.onIdleError });
  } catch (error) {
    const reason = (error as Error).message || (error as { code?: string }).code || String(error);
    throw new ConfigError(`cannot connect to PostgreSQL at ${redactUrl(settings.databaseUrl)}: ${reason}`);
  }
}
