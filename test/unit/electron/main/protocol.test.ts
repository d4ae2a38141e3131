import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  APP_SCHEME_PRIVILEGES,
  CONTENT_SECURITY_POLICY,
  createAppProtocolHandler,
  isInside,
  mimeTypeFor,
  registerAppProtocol,
  resolveAppFile,
} from '../../../../electron/main/protocol';
import { app, protocol, resetFakeElectron } from '../../../support/fake-electron';
import { recordingLogger } from '../recording-logger';

const EXPECTED_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; " +
  "media-src 'self' blob: http://127.0.0.1:* http://localhost:* https:; connect-src 'self' http://127.0.0.1:* http://localhost:* ws://127.0.0.1:* ws://localhost:* https: wss:; " +
  "object-src 'none'; base-uri 'none'; frame-ancestors 'none'";

let base: string;
let root: string;

beforeAll(async () => {
  // base/secret.txt sits next to the bundle root, base/renderer: the file a traversal would be after.
  base = await mkdtemp(join(tmpdir(), 'console-protocol-'));
  root = join(base, 'renderer');
  await mkdir(join(root, 'assets'), { recursive: true });
  await writeFile(join(root, 'index.html'), '<!doctype html><title>console</title>');
  await writeFile(join(root, 'assets', 'app-1234.js'), 'console.log(1)');
  await writeFile(join(root, 'assets', 'style.css'), 'body{}');
  await writeFile(join(base, 'secret.txt'), 'TOP SECRET');
  await mkdir(join(base, 'renderer-evil'));
  await writeFile(join(base, 'renderer-evil', 'x.js'), 'evil');
  await symlink(join(base, 'secret.txt'), join(root, 'assets', 'link.txt'));
});
afterAll(() => rm(base, { recursive: true, force: true }));

const fetchApp = (url: string, init?: RequestInit) =>
  createAppProtocolHandler({ root, log: recordingLogger() })(new Request(url, init));

describe('protocol', () => {
  describe('resolveAppFile', () => {
    it('maps the app root to index.html when the path is empty or /', () => {
      expect(resolveAppFile('/r', 'app://console')).toBe(join('/r', 'index.html'));
      expect(resolveAppFile('/r', 'app://console/')).toBe(join('/r', 'index.html'));
      expect(resolveAppFile('/r', 'app://console/assets/a.js')).toBe(join('/r', 'assets', 'a.js'));
    });

    it('decodes percent-escapes when the name has them', () => {
      expect(resolveAppFile('/r', 'app://console/assets/a%20b.js')).toBe(join('/r', 'assets', 'a b.js'));
    });

    it('refuses the path when it climbs out of the root after decoding', () => {
      for (const url of [
        'app://console/..%2f..%2fetc%2fpasswd',
        'app://console/assets/..%2F..%2F..%2Fetc/passwd',
        'app://console/%2e%2e%2f%2e%2e%2fetc/passwd',
        'app://console/%2e%2e%2fsecret.txt',
      ]) {
        expect(resolveAppFile('/r', url), url).toBeNull();
      }
    });

    it('refuses the path when it has a backslash, a NUL or a broken escape', () => {
      for (const url of ['app://console/..%5c..%5csecret.txt', 'app://console/a%00.js', 'app://console/%E0%A4%A']) {
        expect(resolveAppFile('/r', url), url).toBeNull();
      }
    });

    it('refuses the request when the host or scheme is not the console', () => {
      for (const url of ['app://evil/index.html', 'app://console:8080/index.html', 'file:///r/index.html', 'https://console/index.html', 'not a url']) {
        expect(resolveAppFile('/r', url), url).toBeNull();
      }
    });
  });

  describe('isInside', () => {
    it('tells a sibling whose name starts like the root from a child when comparing paths', () => {
      expect(isInside('/a/renderer', '/a/renderer/x.js')).toBe(true);
      expect(isInside('/a/renderer', '/a/renderer-evil/x.js')).toBe(false);
      expect(isInside('/a/renderer', '/a/renderer/..secret')).toBe(true);
      expect(isInside('/a/renderer', '/etc/passwd')).toBe(false);
    });
  });

  describe('mimeTypeFor', () => {
    it('gives the type by extension and octet-stream when unknown', () => {
      expect(mimeTypeFor('/r/index.html')).toBe('text/html; charset=utf-8');
      expect(mimeTypeFor('/r/a.JS')).toBe('text/javascript; charset=utf-8');
      expect(mimeTypeFor('/r/a.woff2')).toBe('font/woff2');
      expect(mimeTypeFor('/r/a.exe')).toBe('application/octet-stream');
    });
  });

  describe('handler', () => {
    it('serves index.html with the CSP when the root is requested', async () => {
      const response = await fetchApp('app://console/');
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(response.headers.get('content-security-policy')).toBe(EXPECTED_CSP);
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      expect(await response.text()).toContain('<title>console</title>');
    });

    it('serves assets with their MIME type when they exist', async () => {
      const response = await fetchApp('app://console/assets/app-1234.js');
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
      expect(await response.text()).toBe('console.log(1)');
    });

    it('answers 404 with the CSP when the file does not exist or is a directory', async () => {
      for (const url of ['app://console/missing.js', 'app://console/assets']) {
        const response = await fetchApp(url);
        expect(response.status, url).toBe(404);
        expect(response.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
      }
    });

    it('never serves a file outside the root when the URL tries to traverse', async () => {
      for (const url of [
        'app://console/../../etc/passwd',
        'app://console/../secret.txt',
        'app://console/%2e%2e/secret.txt',
        'app://console/..%2fsecret.txt',
        'app://console/%2e%2e%2fsecret.txt',
        'app://console/..%2frenderer-evil/x.js',
        'app://console/assets/link.txt',
      ]) {
        const response = await fetchApp(url);
        expect(response.status, url).toBe(404);
        expect(response.headers.get('content-security-policy')).toBe(EXPECTED_CSP);
        const body = await response.text();
        expect(body).not.toContain('TOP SECRET');
        expect(body).not.toContain('root:');
        expect(body).not.toContain('evil');
      }
    });

    it('answers 404 when the host is not console', async () => {
      const response = await fetchApp('app://other/index.html');
      expect(response.status).toBe(404);
      expect(response.headers.get('content-security-policy')).toBe(EXPECTED_CSP);
    });

    it('answers 405 when the method is not GET or HEAD', async () => {
      const response = await fetchApp('app://console/index.html', { method: 'POST', body: 'x' });
      expect(response.status).toBe(405);
      expect(response.headers.get('content-security-policy')).toBe(EXPECTED_CSP);
    });
  });

  describe('registration', () => {
    beforeEach(() => resetFakeElectron());

    it('declares the app scheme standard, secure and fetchable, and nothing more, when registering privileges', () => {
      expect(APP_SCHEME_PRIVILEGES).toEqual({
        scheme: 'app',
        privileges: { standard: true, secure: true, supportFetchAPI: true },
      });
    });

    it('handles the app scheme through the Electron protocol module when ready', async () => {
      app.becomeReady();
      registerAppProtocol(protocol, { root, log: recordingLogger() });
      expect([...protocol.handlers.keys()]).toEqual(['app']);
      const response = await protocol.fetch('app://console/index.html');
      expect(response.status).toBe(200);
      expect(response.headers.get('content-security-policy')).toBe(EXPECTED_CSP);
    });
  });
});
