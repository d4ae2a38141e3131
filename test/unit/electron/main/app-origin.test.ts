import { describe, expect, it } from 'vitest';
import { devServerUrl, isTrustedUrl, originOf, startUrl, trustedOrigins } from '../../../../electron/main/app-origin';

describe('app-origin', () => {
  it('gives the app scheme its origin when Node would say null', () => {
    expect(originOf('app://console/index.html')).toBe('app://console');
    expect(originOf('app://CONSOLE/a?b#c')).toBe('app://console');
    expect(originOf('http://localhost:5173/x')).toBe('http://localhost:5173');
    expect(originOf('https://example.com:443/')).toBe('https://example.com');
  });

  it('gives no origin when the URL cannot be trusted at all', () => {
    for (const url of ['file:///tmp/index.html', 'about:blank', 'data:text/html,x', 'javascript:alert(1)', 'app://', 'app://console:1/', 'app://u:p@console/', 'garbage']) {
      expect(originOf(url), url).toBeNull();
    }
  });

  it('trusts only the app origin when packaged, even with ELECTRON_RENDERER_URL set', () => {
    const env = { isPackaged: true, rendererUrl: 'http://localhost:5173' };
    expect(trustedOrigins(env)).toEqual(['app://console']);
    expect(devServerUrl(env)).toBeNull();
    expect(startUrl(env)).toBe('app://console/index.html');
  });

  it('trusts the dev server too when unpackaged and ELECTRON_RENDERER_URL is set', () => {
    const env = { isPackaged: false, rendererUrl: 'http://localhost:5173' };
    expect(trustedOrigins(env)).toEqual(['app://console', 'http://localhost:5173']);
    expect(startUrl(env)).toBe('http://localhost:5173');
  });

  it('ignores ELECTRON_RENDERER_URL when it is not an http(s) URL', () => {
    const env = { isPackaged: false, rendererUrl: 'file:///tmp/index.html' };
    expect(trustedOrigins(env)).toEqual(['app://console']);
    expect(startUrl(env)).toBe('app://console/index.html');
  });

  it('compares whole origins when a look-alike host is offered', () => {
    const origins = ['app://console'];
    expect(isTrustedUrl('app://console/settings', origins)).toBe(true);
    expect(isTrustedUrl('app://console.evil.example/', origins)).toBe(false);
    expect(isTrustedUrl('https://console/', origins)).toBe(false);
  });
});
