import type { Logger } from '../../../electron/main/log';

export type LogEntry = { level: 'info' | 'warn' | 'error'; message: string; details: unknown[] };

/** A logger that keeps what it was told, so a test can assert a warning was (or was not) given. */
export function recordingLogger(): Logger & { entries: LogEntry[]; at(level: LogEntry['level']): LogEntry[] } {
  const entries: LogEntry[] = [];
  const record = (level: LogEntry['level']) => (message: string, ...details: unknown[]) => {
    entries.push({ level, message, details });
  };
  return {
    entries,
    at: (level) => entries.filter((entry) => entry.level === level),
    info: record('info'),
    warn: record('warn'),
    error: record('error'),
  };
}
