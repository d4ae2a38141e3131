import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BrowserContext } from 'playwright-core';
import { build } from 'vite';
import { servePages } from '../../../pbx/test-phone/page-server';

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
  return servePages((pathname) => {
    if (pathname === '/') return { file: page, type: 'text/html; charset=utf-8', cacheable: false };
    if (!pathname.startsWith('/bundle/')) return null;
    const candidate = path.resolve(bundleDir, `.${pathname.slice('/bundle'.length)}`);
    if (!candidate.startsWith(bundleDir + path.sep)) return null;
    return { file: candidate, type: candidate.endsWith('.map') ? 'application/json' : 'text/javascript; charset=utf-8', cacheable: false };
  });
}

/**
 * Test-only: the service keeps its peer connections and audio elements to itself, so the page
 * collects them (window.__peerConnections, window.__mediaElements) to read stats and playback state.
 */
export async function instrumentPage(context: BrowserContext): Promise<void> {
  await context.addInitScript(() => {
    // Test-only: the service keeps its peer connections and audio elements to itself, so collect
    // them here to read their stats and playback state.
    const Native = window.RTCPeerConnection;
    const list: RTCPeerConnection[] = [];
    Object.defineProperty(window, '__peerConnections', { value: list });
    window.RTCPeerConnection = class extends Native {
      constructor(configuration?: RTCConfiguration) {
        super(configuration);
        list.push(this);
      }
    };
    const elements = new Set<HTMLMediaElement>();
    Object.defineProperty(window, '__mediaElements', { get: () => [...elements] });
    const play = HTMLMediaElement.prototype.play;
    HTMLMediaElement.prototype.play = function (this: HTMLMediaElement) {
      elements.add(this);
      return play.call(this);
    };
  });
}
