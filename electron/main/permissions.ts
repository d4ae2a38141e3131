import { originOf } from './app-origin';
import type { Logger } from './log';

export interface PermissionQuery {
  permission: string;
  /** Origins that asked, e.g. the requesting URL's and the media security origin: all must be trusted. */
  origins: readonly (string | null | undefined)[];
  isMainFrame: boolean;
  /** For `media`: what is asked for; `unknown` or empty means we cannot tell, which is a no. */
  mediaTypes: readonly string[];
}

/**
 * The console needs a microphone and nothing else from the browser: calls are audio only, and
 * notifications go through the main process. Everything not explicitly allowed is denied.
 */
export function isPermissionAllowed(query: PermissionQuery, trustedOrigins: readonly string[]): boolean {
  if (query.permission !== 'media' || !query.isMainFrame) return false;
  if (query.mediaTypes.length === 0 || !query.mediaTypes.every((type) => type === 'audio')) return false;
  const origins = query.origins.filter((origin): origin is string => typeof origin === 'string' && origin !== '');
  return origins.length > 0 && origins.every((origin) => {
    const normalized = originOf(origin);
    return normalized !== null && trustedOrigins.includes(normalized);
  });
}

export interface PermissionHandlerOptions {
  trustedOrigins: readonly string[];
  log: Logger;
}

/** What Electron passes with a request; media requests add the last two. */
export type PermissionRequestDetails = {
  requestingUrl: string;
  isMainFrame: boolean;
  mediaTypes?: readonly string[];
  securityOrigin?: string;
};

export type PermissionCheckDetails = {
  isMainFrame: boolean;
  securityOrigin?: string;
  mediaType?: string;
};

/** The two setters of Electron's `Session` this module uses. */
export interface PermissionSessionLike {
  setPermissionRequestHandler(
    handler: (
      webContents: unknown,
      permission: string,
      callback: (granted: boolean) => void,
      details: PermissionRequestDetails,
    ) => void,
  ): void;
  setPermissionCheckHandler(
    handler: (webContents: unknown, permission: string, requestingOrigin: string, details: PermissionCheckDetails) => boolean,
  ): void;
}

export function installPermissionHandlers(
  session: PermissionSessionLike,
  { trustedOrigins, log }: PermissionHandlerOptions,
): void {
  session.setPermissionRequestHandler((_webContents, permission, callback, details) => {
    const allowed = isPermissionAllowed(
      {
        permission,
        origins: [details.requestingUrl, details.securityOrigin],
        isMainFrame: details.isMainFrame,
        mediaTypes: details.mediaTypes ?? [],
      },
      trustedOrigins,
    );
    if (!allowed) log.warn(`denied permission request: ${permission}`, { url: details.requestingUrl, mediaTypes: details.mediaTypes });
    callback(allowed);
  });

  session.setPermissionCheckHandler((_webContents, permission, requestingOrigin, details) =>
    isPermissionAllowed(
      {
        permission,
        origins: [requestingOrigin, details.securityOrigin],
        isMainFrame: details.isMainFrame,
        mediaTypes: details.mediaType ? [details.mediaType] : [],
      },
      trustedOrigins,
    ),
  );
}
