import { join } from 'node:path';
import type { Settings } from '../../../shared/ipc/contract';
import type { Logger } from '../log';
import { createAppInfoHandlers, type AppInfoDeps } from './app-info';
import { createDesktopHandlers, type DesktopDeps } from './desktop';
import { createNotificationHandlers, type NotificationsDeps } from './notifications';
import type { Handlers } from './register';
import { createSecretsHandlers, secretProtection, type SafeStorageLike } from './secrets';
import { createSettingsHandlers } from './settings';

export interface HandlersDeps {
  app: AppInfoDeps['app'];
  userDataDir: string;
  env: Readonly<Record<string, string | undefined>>;
  platform: NodeJS.Platform;
  safeStorage: SafeStorageLike;
  Notification: NotificationsDeps['Notification'];
  focusMainWindow: () => void;
  mainWindow: NotificationsDeps['mainWindow'];
  focusApp: () => void;
  events: NotificationsDeps['events'] & DesktopDeps['events'];
  tray: DesktopDeps['tray'];
  hotkeys: DesktopDeps['hotkeys'];
  loginItem: DesktopDeps['loginItem'];
  linkHandlers: DesktopDeps['linkHandlers'];
  /** See `SettingsDeps.onChange`. */
  onSettingsChange?: (next: Settings, previous: Settings) => void | Promise<void>;
  clock: () => Date;
  logFor: (scope: string) => Logger;
}

/** One handler map per domain, merged into the one the contract requires. */
export function createHandlers(deps: HandlersDeps): Handlers {
  const { userDataDir, clock, logFor, platform } = deps;
  const settings = createSettingsHandlers({
    filePath: join(userDataDir, 'settings.json'),
    env: deps.env,
    clock,
    log: logFor('settings'),
    ...(deps.onSettingsChange ? { onChange: deps.onSettingsChange } : {}),
  });
  return {
    ...createAppInfoHandlers({ app: deps.app, platform }),
    ...settings,
    ...createSecretsHandlers({
      filePath: join(userDataDir, 'secrets.json'),
      safeStorage: deps.safeStorage,
      platform,
      clock,
      log: logFor('secrets'),
    }),
    ...createNotificationHandlers({
      Notification: deps.Notification,
      platform,
      focusMainWindow: deps.focusMainWindow,
      mainWindow: deps.mainWindow,
      focusApp: deps.focusApp,
      events: deps.events,
      getSettings: async () => settings.getSettings(undefined),
      log: logFor('notifications'),
    }),
    ...createDesktopHandlers({
      events: deps.events,
      tray: deps.tray,
      hotkeys: deps.hotkeys,
      loginItem: deps.loginItem,
      secretProtection: () => secretProtection(deps.safeStorage, platform),
      linkHandlers: deps.linkHandlers,
    }),
  };
}
