import { join } from 'node:path';
import type { Logger } from '../log';
import { createAppInfoHandlers, type AppInfoDeps } from './app-info';
import { createNotificationHandlers, type NotificationConstructorLike } from './notifications';
import type { Handlers } from './register';
import { createSecretsHandlers, type SafeStorageLike } from './secrets';
import { createSettingsHandlers } from './settings';

export interface HandlersDeps {
  app: AppInfoDeps['app'];
  userDataDir: string;
  env: Readonly<Record<string, string | undefined>>;
  platform: NodeJS.Platform;
  safeStorage: SafeStorageLike;
  Notification: NotificationConstructorLike;
  focusMainWindow: () => void;
  clock: () => Date;
  logFor: (scope: string) => Logger;
}

/** One handler map per domain, merged into the one the contract requires. */
export function createHandlers(deps: HandlersDeps): Handlers {
  const { userDataDir, clock, logFor } = deps;
  return {
    ...createAppInfoHandlers({ app: deps.app, platform: deps.platform }),
    ...createSettingsHandlers({
      filePath: join(userDataDir, 'settings.json'),
      env: deps.env,
      clock,
      log: logFor('settings'),
    }),
    ...createSecretsHandlers({
      filePath: join(userDataDir, 'secrets.json'),
      safeStorage: deps.safeStorage,
      platform: deps.platform,
      clock,
      log: logFor('secrets'),
    }),
    ...createNotificationHandlers({
      Notification: deps.Notification,
      focusMainWindow: deps.focusMainWindow,
      log: logFor('notifications'),
    }),
  };
}
