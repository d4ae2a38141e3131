import { defineConfig } from '@playwright/test';

/**
 * End-to-end tests drive the real console in Debian's Chromium against real servers that the
 * fixtures start (test/e2e/support/fixtures.ts). Playwright never downloads a browser here.
 */
export const chromiumArgs = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--use-fake-device-for-media-stream',
  '--use-fake-ui-for-media-stream',
  '--autoplay-policy=no-user-gesture-required',
  '--allow-loopback-in-peer-connection',
];

export default defineConfig({
  outputDir: 'test-results/playwright',
  projects: [
    // The console in Chromium against the real hub (and, from the softphone on, the real PBX).
    { name: 'e2e', testDir: 'test/e2e' },
    // The real servers on their own: the dev PBX (Kamailio, rtpengine, baresip) with sip.js peers.
    { name: 'integration', testDir: 'test/integration' },
  ],
  // Two cores: browsers, hub and PBX share them; parallel workers only make timing flaky.
  workers: 1,
  fullyParallel: false,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [['list']],
  use: {
    browserName: 'chromium',
    launchOptions: { executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: chromiumArgs },
    permissions: ['microphone'],
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
  },
});
