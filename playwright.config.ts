import { defineConfig } from '@playwright/test';
import { CHROMIUM_PATH, chromiumArgs } from './test/support/chromium';

/**
 * End-to-end tests drive the real console in Debian's Chromium against real servers that the
 * fixtures start (test/e2e/support/fixtures.ts). Playwright never downloads a browser here.
 */
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
    launchOptions: { executablePath: CHROMIUM_PATH, args: chromiumArgs },
    permissions: ['microphone'],
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
  },
});
