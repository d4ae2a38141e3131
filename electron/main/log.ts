import electronLog from 'electron-log/main';
import { createScopedLogger, type Logger } from '../../shared/logging/logger';

/**
 * The main process logs through electron-log: a file under the app's logs folder (`main.log`),
 * rotated at 5 MB into `main.old.log` by electron-log's default archive, and the console as
 * before. Modules take a `Logger`, so only this file imports electron-log and tests stay free of it.
 */

export type { Logger };

export const LOG_FILE_MAX_BYTES = 5 * 1024 * 1024;

/** electron-log opens this channel as it loads, for renderer logging the console does not use. */
const ELECTRON_LOG_CHANNEL = '__ELECTRON_LOG__';

export interface IpcChannelsLike {
  removeHandler(channel: string): void;
  removeAllListeners(channel: string): unknown;
}

export const createLogger = (scope: string): Logger => createScopedLogger(scope, electronLog);

/** Once, first thing in the main process. */
export function setUpLogging(ipcMain: IpcChannelsLike): void {
  electronLog.transports.file.level = 'info';
  electronLog.transports.file.maxSize = LOG_FILE_MAX_BYTES;
  electronLog.transports.console.level = 'info';
  // Logged, not shown: an error box in front of an agent on a call helps nobody; the log reaches support.
  electronLog.errorHandler.startCatching({ showDialog: false });
  // Only the contract's channels stay open to renderers (docs/security.md: IPC sender validation).
  ipcMain.removeHandler(ELECTRON_LOG_CHANNEL);
  ipcMain.removeAllListeners(ELECTRON_LOG_CHANNEL);
}
