// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import { builtinModules } from 'node:module';

/**
 * Import boundaries by where code runs (docs/architecture.md):
 *   shared/    runs everywhere: no electron, no node:, no DOM, no React, no I/O libraries
 *   renderer/  runs in Chromium: no electron, no node:
 *   electron/  main and preload: no React, no renderer or hub code
 *   hub/       the server: no electron, no renderer code
 */
const nodeBuiltins = [...builtinModules, ...builtinModules.map((m) => `node:${m}`)];
const noNode = { group: ['node:*'], message: 'Node built-ins do not run here.' };
// Exact names, not patterns: a pattern `domain` would also match `../domain/roles`.
const noBuiltinPaths = nodeBuiltins.map((name) => ({ name, message: 'Node built-ins do not run here.' }));
const noElectron = { group: ['electron', 'electron/*'], message: 'Only electron/ may import electron.' };
const noReact = { group: ['react', 'react-dom', 'react-dom/*', 'antd', 'antd/*', '@ant-design/*'], message: 'UI libraries belong in renderer/.' };
// Anchored on the top-level source folders, so that e.g. renderer/src/services/hub/ is not mistaken for hub/.
const intoRenderer = { group: ['**/renderer/src/**'], message: 'renderer/ code runs only in the browser.' };
const intoHub = { group: ['**/hub/src/**'], message: 'hub/ code runs only on the server.' };
const intoElectron = { group: ['**/electron/main/**', '**/electron/preload/**'], message: 'electron/ code runs only in the main or preload process.' };

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', '.tsbuild/**', 'test-results/**', 'playwright-report/**', '.data/**', 'bench/results/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { ecmaVersion: 2023, sourceType: 'module' },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-console': 'off',
      eqeqeq: ['error', 'always'],
    },
  },
  {
    files: ['shared/**/*.ts'],
    languageOptions: { globals: {} },
    rules: {
      'no-restricted-imports': ['error', {
        paths: noBuiltinPaths,
        patterns: [noNode, noElectron, noReact, intoRenderer, intoHub, intoElectron,
          { group: ['dexie', 'sip.js', 'fastify', 'fastify/*', '@fastify/*', 'pg', '@electric-sql/*', 'zustand', 'i18next', 'react-i18next'], message: 'shared/ is pure: I/O and UI libraries belong where they run.' }],
      }],
      'no-restricted-globals': ['error', 'window', 'document', 'navigator', 'localStorage', 'sessionStorage', 'indexedDB', 'fetch', 'process', 'require', 'Buffer'],
    },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'no-restricted-imports': ['error', { paths: noBuiltinPaths, patterns: [noNode, noElectron, intoHub, intoElectron] }],
      'no-restricted-globals': ['error', 'process', 'require', 'Buffer', '__dirname'],
      // Only the platform bridge touches window.api; everything else goes through it.
      'no-restricted-syntax': ['error', { selector: "MemberExpression[object.name='window'][property.name='api']", message: 'Use renderer/src/platform/bridge.ts instead of window.api.' }],
    },
  },
  {
    files: ['renderer/src/platform/**/*.ts'],
    rules: { 'no-restricted-syntax': 'off' },
  },
  {
    files: ['renderer/src/services/**/*.ts', 'renderer/src/store/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [noNode, noElectron, noReact, intoHub, intoElectron], paths: noBuiltinPaths }],
    },
  },
  {
    files: ['electron/**/*.ts'],
    languageOptions: { globals: { ...globals.node } },
    rules: { 'no-restricted-imports': ['error', { patterns: [noReact, intoRenderer, intoHub] }] },
  },
  {
    files: ['hub/**/*.ts'],
    languageOptions: { globals: { ...globals.node } },
    rules: { 'no-restricted-imports': ['error', { patterns: [noElectron, noReact, intoRenderer, intoElectron] }] },
  },
  {
    files: ['test/**/*.{ts,tsx}', 'scripts/**/*.ts', 'pbx/**/*.ts', '*.config.{ts,mjs}', 'bench/**/*.ts'],
    languageOptions: { globals: { ...globals.node } },
  },
  {
    // Playwright reads fixture dependencies from the destructuring pattern, so `{}` is meaningful there.
    files: ['test/e2e/**/*.ts', 'test/integration/**/*.ts'],
    rules: { 'no-empty-pattern': 'off' },
  },
);
