/**
 * Which origins the main process trusts. The packaged console is served from its own privileged
 * scheme, so the only trusted origin is `app://console`; the dev server is trusted only in an
 * unpackaged build started by electron-vite.
 */

export const APP_SCHEME = 'app';
export const APP_HOST = 'console';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`;

export interface RuntimeEnv {
  isPackaged: boolean;
  /** `ELECTRON_RENDERER_URL`, set by `electron-vite dev`. */
  rendererUrl: string | undefined;
}

/**
 * The origin of a URL, or null when it has none we could ever trust. Node's URL parser gives
 * `null` as the origin of every non-special scheme, so the app scheme is handled here by hand,
 * the way Chromium sees it once the scheme is registered as standard.
 */
export function originOf(url: string): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  if (parsed.username !== '' || parsed.password !== '') return null;
  if (parsed.protocol === `${APP_SCHEME}:`) {
    if (parsed.host === '' || parsed.port !== '') return null;
    return `${APP_SCHEME}://${parsed.host.toLowerCase()}`;
  }
  if (parsed.protocol === 'http:' || parsed.protocol === 'https:') return parsed.origin;
  return null;
}

/** The dev server URL, only when unpackaged: a packaged app must never trust an env variable. */
export function devServerUrl(env: RuntimeEnv): string | null {
  if (env.isPackaged || !env.rendererUrl) return null;
  const origin = originOf(env.rendererUrl);
  return origin !== null && /^https?:/.test(origin) ? env.rendererUrl : null;
}

export function trustedOrigins(env: RuntimeEnv): readonly string[] {
  const dev = devServerUrl(env);
  const devOrigin = dev === null ? null : originOf(dev);
  return devOrigin === null ? [APP_ORIGIN] : [APP_ORIGIN, devOrigin];
}

export function isTrustedUrl(url: string, origins: readonly string[]): boolean {
  const origin = originOf(url);
  return origin !== null && origins.includes(origin);
}

/** Where the main window starts: the dev server while developing, the packaged bundle otherwise. */
export function startUrl(env: RuntimeEnv): string {
  return devServerUrl(env) ?? APP_ENTRY_URL;
}
