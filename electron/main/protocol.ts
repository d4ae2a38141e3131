import { readFile, realpath } from 'node:fs/promises';
import { extname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import type { CustomScheme, Protocol } from 'electron';
import { APP_HOST, APP_SCHEME } from './app-origin';
import type { Logger } from './log';

/**
 * `standard` gives the scheme real origins (so `app://console` is one origin, with its own storage
 * and CSP), `secure` makes it a secure context (getUserMedia, WebCrypto), `supportFetchAPI` lets
 * the bundle fetch its own assets. No `bypassCSP`, no `corsEnabled`: nothing else may read it.
 */
export const APP_SCHEME_PRIVILEGES: CustomScheme = {
  scheme: APP_SCHEME,
  privileges: { standard: true, secure: true, supportFetchAPI: true },
};

/** The hub and the SIP server are other origins in the desktop app, hence the loopback and https/wss sources. */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  // Recordings replay from the hub, another origin than app://console (a ticket URL, no credentials).
  "media-src 'self' blob: http://127.0.0.1:* http://localhost:* https:",
  "connect-src 'self' http://127.0.0.1:* http://localhost:* ws://127.0.0.1:* ws://localhost:* https: wss:",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
].join('; ');

const MIME_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.wav': 'audio/wav',
  '.mp3': 'audio/mpeg',
  '.ogg': 'audio/ogg',
  '.wasm': 'application/wasm',
};

export function mimeTypeFor(filePath: string): string {
  return MIME_TYPES[extname(filePath).toLowerCase()] ?? 'application/octet-stream';
}

/** By `relative()`, not `startsWith(root)`: a prefix test would let the sibling `/out/renderer-evil` through. */
export function isInside(root: string, candidate: string): boolean {
  const rel = relative(root, candidate);
  return rel === '' || (rel !== '..' && !rel.startsWith(`..${sep}`) && !isAbsolute(rel));
}

/**
 * Maps a request URL to a file under `root`, or null when it must not be served: another host,
 * undecodable or NUL-bearing paths, backslashes (a separator on Windows, so `..\` would climb),
 * and anything that resolves outside `root` once percent-escapes such as `%2e%2e%2f` are decoded.
 */
export function resolveAppFile(root: string, requestUrl: string): string | null {
  let url: URL;
  try {
    url = new URL(requestUrl);
  } catch {
    return null;
  }
  if (url.protocol !== `${APP_SCHEME}:` || url.host.toLowerCase() !== APP_HOST || url.port !== '') return null;

  let path: string;
  try {
    path = decodeURIComponent(url.pathname);
  } catch {
    return null;
  }
  if (path.includes('\0') || path.includes('\\')) return null;
  if (path === '' || path.endsWith('/')) path += 'index.html';

  const absoluteRoot = resolve(root);
  const file = resolve(join(absoluteRoot, path));
  return isInside(absoluteRoot, file) && file !== absoluteRoot ? file : null;
}

function response(status: number, body: ConstructorParameters<typeof Response>[0], contentType: string): Response {
  return new Response(body, {
    status,
    headers: {
      'Content-Type': contentType,
      'Content-Security-Policy': CONTENT_SECURITY_POLICY,
      'X-Content-Type-Options': 'nosniff',
    },
  });
}

const notFound = (): Response => response(404, 'Not found', 'text/plain; charset=utf-8');

export interface AppProtocolOptions {
  /** `out/renderer`. */
  root: string;
  log: Logger;
}

export function createAppProtocolHandler({ root, log }: AppProtocolOptions): (request: Request) => Promise<Response> {
  return async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      return response(405, 'Method not allowed', 'text/plain; charset=utf-8');
    }
    const file = resolveAppFile(root, request.url);
    if (file === null) {
      log.warn('refused app:// request', request.url);
      return notFound();
    }
    try {
      // A symlink inside the bundle must not lead out of it either.
      const [realRoot, realFile] = await Promise.all([realpath(root), realpath(file)]);
      if (!isInside(realRoot, realFile)) {
        log.warn('refused app:// request through a link leaving the bundle', request.url);
        return notFound();
      }
      const body = await readFile(realFile);
      return response(200, request.method === 'HEAD' ? null : body, mimeTypeFor(realFile));
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code !== 'ENOENT' && code !== 'EISDIR' && code !== 'ENOTDIR') log.error('app:// read failed', request.url, error);
      return notFound();
    }
  };
}

export function registerAppProtocol(protocol: Pick<Protocol, 'handle'>, options: AppProtocolOptions): void {
  protocol.handle(APP_SCHEME, createAppProtocolHandler(options));
}
