import { defineConfig } from 'vitest/config';
import pkg from './package.json' with { type: 'json' };

export default defineConfig({
  // The same build-time constants electron.vite.config.ts stamps into the renderer.
  define: { __APP_NAME__: JSON.stringify(pkg.name), __APP_VERSION__: JSON.stringify(pkg.version) },
  test: {
    include: ['test/unit/**/*.test.{ts,tsx}'],
    environment: 'node',
    // PGlite instances and PostgreSQL databases are created per test file; two cores, so keep it modest.
    maxWorkers: 2,
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
