import fs from 'node:fs';
import http from 'node:http';
import type net from 'node:net';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));

/**
 * Serves the test phone page and sip.js's ES modules from 127.0.0.1, which Chromium treats as a
 * secure context (getUserMedia and WebRTC work without TLS).
 */
export async function startTestPhoneServer(): Promise<{ url: string; close: () => Promise<void> }> {
  const sipJsLib = path.dirname(createRequire(import.meta.url).resolve('sip.js'));
  const page = path.join(here, 'test-phone.html');
  const sockets = new Set<net.Socket>();
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    let file: string | undefined;
    let type = 'text/html; charset=utf-8';
    if (url.pathname === '/') file = page;
    else if (url.pathname.startsWith('/sip.js/')) {
      const candidate = path.resolve(sipJsLib, `.${url.pathname.slice('/sip.js'.length)}`);
      if (candidate.startsWith(sipJsLib + path.sep) && candidate.endsWith('.js')) file = candidate;
      type = 'text/javascript; charset=utf-8';
    }
    if (url.pathname === '/favicon.ico') {
      res.writeHead(204).end();
      return;
    }
    if (!file || !fs.existsSync(file)) {
      res.writeHead(404).end();
      return;
    }
    // sip.js is ~190 ES module files; letting the browser cache them makes every page after the
    // first open in tens of milliseconds instead of more than a second.
    res.writeHead(200, { 'content-type': type, 'cache-control': file === page ? 'no-store' : 'max-age=3600' });
    fs.createReadStream(file).pipe(res);
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
