import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  ALLOWLIST_PATH,
  formatTable,
  judge,
  parseAllowlist,
  scan,
  type AllowlistEntry,
  type Finding,
} from '../../../scripts/security-scan';

const finding = (overrides: Partial<Finding> = {}): Finding => ({
  check: 'CONTEXT_ISOLATION_JS_CHECK',
  severity: 'HIGH',
  confidence: 'FIRM',
  file: 'electron/main/window.ts',
  line: 73,
  column: 17,
  sample: 'const window = new BrowserWindow({',
  manualReview: false,
  ...overrides,
});

const accepted: AllowlistEntry = {
  check: 'CONTEXT_ISOLATION_JS_CHECK',
  file: 'electron/main/window.ts',
  sample: 'new BrowserWindow({',
  reason: 'webPreferences come from secureWebPreferences(), tested in window.test.ts',
};

describe('judge', () => {
  it('fails when a HIGH finding is not in the allowlist', () => {
    const verdict = judge({ findings: [finding()], parseErrors: [] }, []);
    expect(verdict.failures).toEqual(['HIGH CONTEXT_ISOLATION_JS_CHECK at electron/main/window.ts:73 is not accepted']);
  });

  it('passes when the HIGH finding is accepted, whatever line it moved to', () => {
    const verdict = judge({ findings: [finding({ line: 140 })], parseErrors: [] }, [accepted]);
    expect(verdict.failures).toEqual([]);
    expect(verdict.rows[0]?.acceptedBecause).toBe(accepted.reason);
  });

  it('does not accept a finding when the entry names another file or source line', () => {
    const elsewhere = judge({ findings: [finding({ file: 'electron/main/tray.ts' })], parseErrors: [] }, [accepted]);
    const otherCode = judge({ findings: [finding({ sample: 'new BrowserView({' })], parseErrors: [] }, [accepted]);
    expect(elsewhere.failures.some((failure) => failure.startsWith('HIGH'))).toBe(true);
    expect(otherCode.failures.some((failure) => failure.startsWith('HIGH'))).toBe(true);
  });

  it('lists but does not fail on a MEDIUM finding nobody accepted', () => {
    const verdict = judge({ findings: [finding({ check: 'SANDBOX_JS_CHECK', severity: 'MEDIUM' })], parseErrors: [] }, []);
    expect(verdict.failures).toEqual([]);
    expect(formatTable(verdict)).toMatch(/MEDIUM.*SANDBOX_JS_CHECK.*to review/);
  });

  it('fails when an allowlist entry matches no finding any more', () => {
    const verdict = judge({ findings: [], parseErrors: [] }, [accepted]);
    expect(verdict.failures).toEqual(['allowlist entry CONTEXT_ISOLATION_JS_CHECK for electron/main/window.ts matches no finding; remove it']);
  });

  it('fails when a file could not be parsed, since it was not checked', () => {
    const verdict = judge({ findings: [], parseErrors: [{ file: 'electron/main/broken.ts', message: 'Unexpected token' }] }, []);
    expect(verdict.failures).toEqual(['electron/main/broken.ts could not be parsed, so it was not checked: Unexpected token']);
  });
});

describe('parseAllowlist', () => {
  it('refuses an entry whose reason does not explain anything', () => {
    expect(() => parseAllowlist(JSON.stringify([{ ...accepted, reason: 'fine' }]))).toThrow(/reason/);
  });

  it('refuses an entry with a misspelt field', () => {
    expect(() => parseAllowlist(JSON.stringify([{ ...accepted, sampel: 'x' }]))).toThrow();
  });

  it('reads the project allowlist, every entry with a reason', async () => {
    const entries = parseAllowlist(await readFile(ALLOWLIST_PATH, 'utf8'));
    expect(entries.length).toBeGreaterThan(0);
  });
});

describe('scan', () => {
  let root: string | undefined;
  afterEach(async () => {
    if (root) await rm(root, { recursive: true, force: true });
    root = undefined;
  });

  async function appWith(source: string): Promise<string> {
    root = await mkdtemp(join(tmpdir(), 'scan-fixture-'));
    await mkdir(join(root, 'electron/main'), { recursive: true });
    await writeFile(join(root, 'electron/main/window.ts'), source);
    return root;
  }

  it('reports a HIGH finding with its file and line when a window turns context isolation off', async () => {
    const app = await appWith(
      [
        "import { BrowserWindow } from 'electron';",
        'export function open(): BrowserWindow {',
        '  return new BrowserWindow({ webPreferences: { contextIsolation: false, sandbox: true } });',
        '}',
      ].join('\n'),
    );
    const result = await scan(app, ['electron']);
    const high = result.findings.filter((entry) => entry.severity === 'HIGH');
    expect(high).toContainEqual(expect.objectContaining({ check: 'CONTEXT_ISOLATION_JS_CHECK', file: 'electron/main/window.ts', line: 3 }));
    expect(judge(result, []).failures.length).toBeGreaterThan(0);
  });

  it('reports no context-isolation finding when the window turns it on', async () => {
    const app = await appWith(
      [
        "import { BrowserWindow } from 'electron';",
        'export function open(): BrowserWindow {',
        '  return new BrowserWindow({ webPreferences: { contextIsolation: true, sandbox: true, nodeIntegration: false } });',
        '}',
      ].join('\n'),
    );
    const result = await scan(app, ['electron']);
    expect(result.findings.filter((entry) => entry.check === 'CONTEXT_ISOLATION_JS_CHECK')).toEqual([]);
    expect(result.parseErrors).toEqual([]);
  });
});
