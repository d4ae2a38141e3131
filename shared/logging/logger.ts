/** One logger per module, so a line says where it came from; injectable so tests can assert what was warned about. */
export interface Logger {
  info(message: string, ...details: unknown[]): void;
  warn(message: string, ...details: unknown[]): void;
  error(message: string, ...details: unknown[]): void;
}

/** Where lines go: `console` in the renderer and the main process (shared/ has no globals of its own). */
export interface LogSink {
  info(...args: unknown[]): void;
  warn(...args: unknown[]): void;
  error(...args: unknown[]): void;
}

export function createScopedLogger(scope: string, sink: LogSink): Logger {
  const prefix = `[${scope}]`;
  return {
    info: (message, ...details) => sink.info(prefix, message, ...details),
    warn: (message, ...details) => sink.warn(prefix, message, ...details),
    error: (message, ...details) => sink.error(prefix, message, ...details),
  };
}
