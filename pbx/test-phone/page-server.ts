import fs from 'node:fs';
import http from 'node:http';
import type net from 'node:net';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));

export interface ServedFile {
  file: string;
  type: string;
  cacheable: boolean;
}

/**
 * A static server on 127.0.0.1 (a secure context for Chromium: getUserMedia and WebRTC work without
 * TLS) for test pages; `route` maps a path to a file, or null for 404.
 */
export async function servePages(route: (pathname: string) => ServedFile | null): Promise<{ url: string; close: () => Promise<void> }> {
  const sockets = new Set<net.Socket>();
  const server = http.createServer((req, res) => {
    const { pathname } = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (pathname === '/favicon.ico') {
      res.writeHead(204).end();
      return;
    }
    const served = route(pathname);
    if (!served || !fs.existsSync(served.file)) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': served.type, 'cache-control': served.cacheable ? 'max-age=3600' : 'no-store' });
    fs.createReadStream(served.file).pipe(res);
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/** Serves the test phone page and sip.js's ES modules. */
export async function startTestPhoneServer(): Promise<{ url: string; close: () => Promise<void> }> {
  const sipJsLib = path.dirname(createRequire(import.meta.url).resolve('sip.js'));
  const page = path.join(here, 'test-phone.html');
  return servePages((pathname) => {
    if (pathname === '/') return { file: page, type: 'text/html; charset=utf-8', cacheable: false };
    if (!pathname.startsWith('/sip.js/')) return null;
    const candidate = path.resolve(sipJsLib, `.${pathname.slice('/sip.js'.length)}`);
    // sip.js is ~190 ES module files; letting the browser cache them makes every page after the
    // first open in tens of milliseconds instead of more than a second.
    if (candidate.startsWith(sipJsLib + path.sep) && candidate.endsWith('.js')) return { file: candidate, type: 'text/javascript; charset=utf-8', cacheable: true };
    return null;
  });
}
