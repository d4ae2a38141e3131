import fs from 'node:fs';
import http from 'node:http';
import type net from 'node:net';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';

/**
 * The console's SIP service on a test page (sip-service-page.html, driven through `window.svc`):
 * bundled by Vite and served from 127.0.0.1. Used by the integration spec and by `npm run bench`.
 */
const here = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(here, '../../..');

/** Bundles the service (and sip.js for the customer page) with Vite into a temp dir. */
export async function bundleService(outDir: string): Promise<void> {
  const sipJsEntry = createRequire(import.meta.url).resolve('sip.js');
  await build({
    configFile: false,
    root: repoRoot,
    logLevel: 'warn',
    build: {
      outDir,
      emptyOutDir: true,
      minify: false,
      sourcemap: true,
      target: 'es2022',
      lib: {
        entry: {
          'sip-service': path.join(repoRoot, 'renderer/src/services/sip/index.ts'),
          'sip-js': sipJsEntry,
        },
        formats: ['es'],
        fileName: (_format, name) => `${name}.js`,
      },
    },
  });
}

export async function startPageServer(bundleDir: string): Promise<{ url: string; close: () => Promise<void> }> {
  const page = path.join(here, 'sip-service-page.html');
  const sockets = new Set<net.Socket>();
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    let file: string | undefined;
    let type = 'text/html; charset=utf-8';
    if (url.pathname === '/favicon.ico') {
      res.writeHead(204).end();
      return;
    }
    if (url.pathname === '/') file = page;
    else if (url.pathname.startsWith('/bundle/')) {
      const candidate = path.resolve(bundleDir, `.${url.pathname.slice('/bundle'.length)}`);
      if (candidate.startsWith(bundleDir + path.sep)) file = candidate;
      type = candidate.endsWith('.map') ? 'application/json' : 'text/javascript; charset=utf-8';
    }
    if (!file || !fs.existsSync(file)) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': type, 'cache-control': 'no-store' });
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

/** A TCP server that accepts connections and never says a word: a PBX that hangs. */
