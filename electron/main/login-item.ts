import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { DesktopStatus } from '../../shared/ipc/contract';
import { createSerialQueue, writeFileAtomic } from './json-file';
import type { Logger } from './log';

export type LoginItemStatus = DesktopStatus['launchAtLogin'];

/** The part of Electron's `app` macOS and Windows need: the OS keeps the login item itself. */
export interface LoginItemAppLike {
  setLoginItemSettings(settings: { openAtLogin: boolean }): void;
  getLoginItemSettings(): { openAtLogin: boolean };
}

export interface AutostartFiles {
  write(path: string, contents: string): Promise<void>;
  remove(path: string): Promise<void>;
}

export interface LoginItemDeps {
  platform: NodeJS.Platform;
  /** A development build would register the bare Electron binary: nothing is touched then. */
  isPackaged: boolean;
  app: LoginItemAppLike;
  env: Readonly<Record<string, string | undefined>>;
  homeDir: string;
  execPath: string;
  /** File name of the autostart entry (without `.desktop`) and the name it shows. */
  appId: string;
  displayName: string;
  files?: AutostartFiles;
  log: Logger;
}

export interface LoginItem {
  apply(enabled: boolean): Promise<LoginItemStatus>;
  status(): LoginItemStatus;
}

const nodeFiles: AutostartFiles = {
  write: writeFileAtomic,
  remove: (path) => rm(path, { force: true }),
};

/** XDG autostart: `$XDG_CONFIG_HOME/autostart`, `~/.config/autostart` when unset or not absolute. */
export function autostartPath(env: LoginItemDeps['env'], homeDir: string, appId: string): string {
  const configHome = env.XDG_CONFIG_HOME?.startsWith('/') ? env.XDG_CONFIG_HOME : join(homeDir, '.config');
  return join(configHome, 'autostart', `${appId.replace(/[^A-Za-z0-9._-]/g, '-')}.desktop`);
}

/**
 * One quoted `Exec` argument as the Desktop Entry spec wants it: `"`, `` ` ``, `$` and `\` escaped
 * inside the quotes, then every backslash escaped again for the string value, and `%` doubled so
 * it is not read as a field code.
 */
export function quoteExecArgument(argument: string): string {
  const quoted = `"${argument.replace(/[\\"`$]/g, (c) => `\\${c}`)}"`;
  return quoted.replace(/\\/g, '\\\\').replace(/%/g, '%%');
}

export function autostartEntry(execPath: string, displayName: string): string {
  return [
    '[Desktop Entry]',
    'Type=Application',
    `Name=${displayName.replace(/[\r\n]/g, ' ')}`,
    `Exec=${quoteExecArgument(execPath)}`,
    'Terminal=false',
    'X-GNOME-Autostart-enabled=true',
    '',
  ].join('\n');
}

export function createLoginItem(deps: LoginItemDeps): LoginItem {
  const { platform, log } = deps;
  const files = deps.files ?? nodeFiles;
  const serial = createSerialQueue();
  const supported = deps.isPackaged && (platform === 'darwin' || platform === 'win32' || platform === 'linux');
  let status: LoginItemStatus = supported ? 'failed' : 'unsupported';

  async function applyNow(enabled: boolean): Promise<LoginItemStatus> {
    if (platform === 'linux') {
      // An AppImage runs from a temporary mount: the autostart entry must start the image file itself.
      const executable = deps.env.APPIMAGE || deps.execPath;
      if (/[\r\n]/.test(executable)) throw new Error('the executable path cannot be written into a desktop entry');
      const path = autostartPath(deps.env, deps.homeDir, deps.appId);
      if (enabled) await files.write(path, autostartEntry(executable, deps.displayName));
      else await files.remove(path);
      return 'applied';
    }
    deps.app.setLoginItemSettings({ openAtLogin: enabled });
    // macOS may want the user's approval and Windows policy may block the entry: believe only what reads back.
    return deps.app.getLoginItemSettings().openAtLogin === enabled ? 'applied' : 'failed';
  }

  return {
    apply: (enabled) =>
      serial(async () => {
        if (!supported) return status;
        try {
          status = await applyNow(enabled);
          if (status === 'failed') log.warn(`the system did not take the login item (openAtLogin: ${enabled})`);
        } catch (error) {
          status = 'failed';
          log.warn('could not change the login item', error);
        }
        return status;
      }),
    status: () => status,
  };
}
