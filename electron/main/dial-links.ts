import { resolve } from 'node:path';
import { APP_LINK_SCHEME, findDialLinkInArgv, parseDialLink, TEL_SCHEME, truncateLink } from '../../shared/desktop/dial-link';
import type { DesktopStatus } from '../../shared/ipc/contract';
import type { ConsoleEvents } from './events';
import type { Logger } from './log';

/** The part of Electron's `app` that makes the OS send links here. */
export interface ProtocolClientApp {
  setAsDefaultProtocolClient(protocol: string, path?: string, args?: string[]): boolean;
  isDefaultProtocolClient(protocol: string, path?: string, args?: string[]): boolean;
}

export interface DialLinksDeps {
  app: ProtocolClientApp;
  /** `process.defaultApp`: started as `electron <script>` while developing. */
  defaultApp: boolean;
  execPath: string;
  /** `process.argv`, for the script a development start needs to be launched again with. */
  argv: readonly string[];
  events: Pick<ConsoleEvents, 'send'>;
  /** Shows and focuses the console (creating its window if there is none). */
  showWindow(): void;
  log: Logger;
}

export interface DialLinks {
  /** Asks the OS to send `tel:` and `callcenter:` links to this app; answers what it holds now. */
  register(): DesktopStatus['linkHandlers'];
  status(): DesktopStatus['linkHandlers'];
  /** A link from `open-url` (macOS) or found in a command line. */
  open(link: string): void;
  /** Looks for a link in a command line (first start, or a second instance's); true when one was there. */
  openFromArgv(argv: readonly string[]): boolean;
}

const SCHEMES = { tel: TEL_SCHEME, app: APP_LINK_SCHEME } as const;

export function createDialLinks(deps: DialLinksDeps): DialLinks {
  const { app, events, log } = deps;

  /**
   * A development start is `electron <script>`: the OS must launch that pair, or a clicked link would
   * open Electron's default app. Path and args are passed the same way to the check, which compares them.
   */
  function launchedAs(): { path: string; args: string[] } | null {
    const script = deps.argv[1];
    return deps.defaultApp && script !== undefined ? { path: deps.execPath, args: [resolve(script)] } : null;
  }

  function isHandler(scheme: string): boolean {
    const dev = launchedAs();
    return dev ? app.isDefaultProtocolClient(scheme, dev.path, dev.args) : app.isDefaultProtocolClient(scheme);
  }

  function makeHandler(scheme: string): boolean {
    const dev = launchedAs();
    return dev ? app.setAsDefaultProtocolClient(scheme, dev.path, dev.args) : app.setAsDefaultProtocolClient(scheme);
  }

  function status(): DesktopStatus['linkHandlers'] {
    return { tel: isHandler(SCHEMES.tel), app: isHandler(SCHEMES.app) };
  }

  function open(link: string): void {
    const parsed = parseDialLink(link);
    if (parsed.ok) {
      log.info(`dial link received (${parsed.source})`);
      events.send({ type: 'dial', number: parsed.number, source: parsed.source });
    } else {
      log.warn(`refused a link: ${parsed.reason}`, truncateLink(link));
      events.send({ type: 'linkRefused', link: truncateLink(link), reason: parsed.reason });
    }
    // Also for a refused link: the agent clicked expecting the console, and the refusal is shown there.
    deps.showWindow();
  }

  return {
    register() {
      for (const scheme of Object.values(SCHEMES)) {
        try {
          if (!makeHandler(scheme)) log.warn(`the OS did not make this app the handler of ${scheme}: links`);
        } catch (error) {
          log.warn(`could not register as the handler of ${scheme}: links`, error);
        }
      }
      return status();
    },
    status,
    open,
    openFromArgv(argv) {
      const link = findDialLinkInArgv(argv);
      if (link === null) return false;
      open(link);
      return true;
    },
  };
}
