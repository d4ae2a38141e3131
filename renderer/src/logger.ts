import { createScopedLogger, type Logger } from '../../shared/logging/logger';

export type { Logger };
export const createLogger = (scope: string): Logger => createScopedLogger(scope, console);
