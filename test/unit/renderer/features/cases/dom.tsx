import axe from 'axe-core';
import { App as AntApp, ConfigProvider } from 'antd';
import type { ReactNode } from 'react';
import { vi } from 'vitest';

/**
 * What antd needs of a browser that jsdom does not have. Installed per test file (these files run
 * with `@vitest-environment jsdom`).
 */
export function installDomShims(): void {
  if (!window.matchMedia) {
    window.matchMedia = (query: string) =>
      ({
        matches: false,
        media: query,
        onchange: null,
        addListener: () => undefined,
        removeListener: () => undefined,
        addEventListener: () => undefined,
        removeEventListener: () => undefined,
        dispatchEvent: () => false,
      }) as MediaQueryList;
  }
  // antd measures tables and overflowing lists; jsdom lays nothing out, so there is nothing to observe.
  if (!('ResizeObserver' in window)) {
    class NoResizeObserver {
      observe(): void {}
      unobserve(): void {}
      disconnect(): void {}
    }
    Object.assign(window, { ResizeObserver: NoResizeObserver });
    Object.assign(globalThis, { ResizeObserver: NoResizeObserver });
  }
  // jsdom implements getComputedStyle without pseudo-elements and says so on every call antd makes.
  const computed = window.getComputedStyle.bind(window);
  vi.spyOn(window, 'getComputedStyle').mockImplementation((element: Element) => computed(element));
}

/** As the app wraps every screen: antd's App gives components their message API. */
export function Wrapped({ children }: { children: ReactNode }) {
  return (
    // No motion: jsdom never ends a CSS transition, so a leaving loading icon would stay in a button's name.
    <ConfigProvider button={{ autoInsertSpace: false }} theme={{ token: { motion: false } }}>
      <AntApp component={false}>{children}</AntApp>
    </ConfigProvider>
  );
}

/** axe's serious findings on the page as `rule: targets`; contrast and regions need a layout jsdom does not make. */
export async function accessibilityViolations(): Promise<string[]> {
  const result = await axe.run(document.body, { rules: { 'color-contrast': { enabled: false }, region: { enabled: false } } });
  return result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

/** jsdom plays no media: a player's `<audio>` may load and pause without it saying "not implemented". Call in beforeEach. */
export function stubMediaElement(): void {
  vi.spyOn(HTMLMediaElement.prototype, 'load').mockImplementation(() => undefined);
  vi.spyOn(HTMLMediaElement.prototype, 'pause').mockImplementation(() => undefined);
}
