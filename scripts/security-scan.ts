/**
 * `npm run security:scan`: Electronegativity over the Electron sources, failing on any HIGH
 * finding that is not accepted in scripts/security-scan-allowlist.json.
 *
 * It reads the TypeScript sources (electron/**) rather than out/: Electronegativity parses
 * TypeScript, a finding then names the line a developer edits, the scan needs no build (so it runs
 * before the unit tests), and the bundle would add the findings of electron-log and
 * electron-updater, which are not ours to fix. renderer/index.html goes with them so the CSP
 * checks see the page's policy.
 *
 * Offline and deterministic: the check that downloads Electron's release list is left out (keeping
 * Electron current is a dependency-policy item, docs/security.md item 16), and the translation
 * download Electronegativity starts on every run is answered locally.
 */
import { cp, mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import Module, { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const ALLOWLIST_PATH = join(ROOT, 'scripts', 'security-scan-allowlist.json');
/** What is scanned, relative to the repository root. */
export const SCAN_PATHS = ['electron', 'renderer/index.html'] as const;
/** Needs the network, see above. */
const EXCLUDED_CHECKS = ['AvailableSecurityFixesGlobalCheck'];

export type Severity = 'INFORMATIONAL' | 'LOW' | 'MEDIUM' | 'HIGH';

export interface Finding {
  check: string;
  severity: Severity;
  confidence: string;
  /** Relative to the repository root with `/`, or `N/A` for a finding about the whole app. */
  file: string;
  line: number;
  column: number;
  /** The source line Electronegativity matched, when it gives one. */
  sample: string;
  manualReview: boolean;
}

export interface ScanResult {
  findings: Finding[];
  /** Files Electronegativity could not parse: those were not checked at all. */
  parseErrors: { file: string; message: string }[];
}

const AllowlistSchema = z.array(
  z.strictObject({
    check: z.string().regex(/^[A-Z0-9_]+$/, 'a check id such as CONTEXT_ISOLATION_JS_CHECK'),
    file: z.string().min(1),
    /** Part of the matched source line; omitted only for findings without one. */
    sample: z.string().min(1).optional(),
    reason: z.string().min(20, 'say why the finding is accepted and where that is tested'),
  }),
);
export type AllowlistEntry = z.infer<typeof AllowlistSchema>[number];

export function parseAllowlist(text: string): AllowlistEntry[] {
  const parsed = AllowlistSchema.safeParse(JSON.parse(text));
  if (!parsed.success) {
    throw new Error(`scripts/security-scan-allowlist.json: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  }
  return parsed.data;
}

/** By check, file and source text, never by line number: an unrelated edit above must not re-open a finding. */
export function matchesEntry(finding: Finding, entry: AllowlistEntry): boolean {
  return (
    finding.check === entry.check &&
    finding.file === entry.file &&
    (entry.sample === undefined || finding.sample.includes(entry.sample))
  );
}

export interface Verdict {
  rows: { finding: Finding; acceptedBecause: string | null }[];
  /** Why the scan fails; empty when it passes. */
  failures: string[];
}

/**
 * Fails on a HIGH finding nobody accepted, on a file that could not be parsed (it was not checked),
 * and on an allowlist entry that matches nothing any more, so the list cannot keep excusing code
 * that has gone or changed.
 */
export function judge(result: ScanResult, allowlist: readonly AllowlistEntry[]): Verdict {
  const used = new Set<AllowlistEntry>();
  const rows = result.findings.map((finding) => {
    const entry = allowlist.find((candidate) => matchesEntry(finding, candidate));
    if (entry) used.add(entry);
    return { finding, acceptedBecause: entry?.reason ?? null };
  });
  const failures = [
    ...rows
      .filter((row) => row.finding.severity === 'HIGH' && row.acceptedBecause === null)
      .map(({ finding }) => `HIGH ${finding.check} at ${finding.file}:${finding.line} is not accepted`),
    ...result.parseErrors.map((error) => `${error.file} could not be parsed, so it was not checked: ${error.message}`),
    ...allowlist
      .filter((entry) => !used.has(entry))
      .map((entry) => `allowlist entry ${entry.check} for ${entry.file} matches no finding; remove it`),
  ];
  return { rows, failures };
}

const SEVERITY_ORDER: readonly Severity[] = ['HIGH', 'MEDIUM', 'LOW', 'INFORMATIONAL'];

export function formatTable(verdict: Verdict): string {
  const sorted = [...verdict.rows].sort(
    (a, b) =>
      SEVERITY_ORDER.indexOf(a.finding.severity) - SEVERITY_ORDER.indexOf(b.finding.severity) ||
      a.finding.file.localeCompare(b.finding.file) ||
      a.finding.line - b.finding.line,
  );
  const header = ['severity', 'confidence', 'check', 'where', 'status'];
  const lines = sorted.map(({ finding, acceptedBecause }) => [
    finding.severity,
    finding.confidence,
    finding.check,
    finding.file === 'N/A' ? '(whole app)' : `${finding.file}:${finding.line}:${finding.column}`,
    acceptedBecause === null ? (finding.severity === 'HIGH' ? 'NOT ACCEPTED' : 'to review') : 'accepted (allowlist)',
  ]);
  const widths = header.map((title, column) => Math.max(title.length, ...lines.map((line) => (line[column] ?? '').length)));
  const render = (cells: readonly string[]) => cells.map((cell, column) => cell.padEnd(widths[column] ?? 0)).join('  ').trimEnd();
  return [render(header), render(widths.map((width) => '-'.repeat(width))), ...lines.map(render)].join('\n');
}

/** What Electronegativity's programmatic run resolves to (it ships no types). */
interface RawIssue {
  id: string;
  file: string;
  sample?: string;
  location: { line: number; column: number };
  severity: { name: string };
  confidence: { name: string };
  manualReview: boolean;
}
interface RawResult {
  issues: RawIssue[];
  errors: { file: string; message: string; tolerable: boolean }[];
}
type RunElectronegativity = (options: Record<string, unknown>) => Promise<RawResult>;

const require = createRequire(import.meta.url);

/**
 * Electronegativity asks a web server for translations on every run; the answer "none" keeps its
 * built-in English and the run off the network. Installed before Electronegativity is loaded.
 */
function answerTranslationRequestsLocally(): void {
  const scannerRequire = createRequire(require.resolve('@doyensec/electronegativity'));
  const gotPath = scannerRequire.resolve('got');
  const stub = new Module(gotPath);
  stub.exports = () => Promise.resolve({ statusCode: 404, body: '' });
  stub.loaded = true;
  require.cache[gotPath] = stub;
}

function loadElectronegativity(): RunElectronegativity {
  answerTranslationRequestsLocally();
  const loaded = require('@doyensec/electronegativity') as RunElectronegativity | { default: RunElectronegativity };
  return typeof loaded === 'function' ? loaded : loaded.default;
}

async function installedElectronVersion(): Promise<string> {
  const pkg = JSON.parse(await readFile(require.resolve('electron/package.json'), 'utf8')) as { version: string };
  return pkg.version;
}

function toSeverity(name: string): Severity {
  return (SEVERITY_ORDER as readonly string[]).includes(name) ? (name as Severity) : 'HIGH';
}

/**
 * Scans `paths` (relative to `root`) as one app: they are copied into a temporary folder, since
 * Electronegativity takes a single input and its global checks (CSP) must see all of them at once.
 */
export async function scan(root: string, paths: readonly string[]): Promise<ScanResult> {
  const stage = await mkdtemp(join(tmpdir(), 'security-scan-'));
  try {
    for (const path of paths) {
      await mkdir(dirname(join(stage, path)), { recursive: true });
      await cp(join(root, path), join(stage, path), { recursive: true });
    }
    const run = loadElectronegativity();
    const raw = await run({
      input: stage,
      isRelative: false,
      electronVersionOverride: await installedElectronVersion(),
      excludeFromScan: EXCLUDED_CHECKS,
    });
    const fromStage = (file: string) => (file === 'N/A' ? file : relative(stage, file).split(sep).join('/'));
    return {
      findings: raw.issues.map((issue) => ({
        check: issue.id,
        severity: toSeverity(issue.severity.name),
        confidence: issue.confidence.name,
        file: fromStage(issue.file),
        line: issue.location.line,
        column: issue.location.column,
        sample: (issue.sample ?? '').trim(),
        manualReview: issue.manualReview,
      })),
      parseErrors: raw.errors.filter((error) => !error.tolerable).map((error) => ({ file: fromStage(error.file), message: error.message })),
    };
  } finally {
    await rm(stage, { recursive: true, force: true });
  }
}

async function main(): Promise<number> {
  const allowlist = parseAllowlist(await readFile(ALLOWLIST_PATH, 'utf8'));
  const result = await scan(ROOT, SCAN_PATHS);
  const verdict = judge(result, allowlist);
  console.log(`Electronegativity over ${SCAN_PATHS.join(', ')}: ${result.findings.length} finding(s)\n`);
  if (verdict.rows.length > 0) console.log(`${formatTable(verdict)}\n`);
  for (const { finding, acceptedBecause } of verdict.rows) {
    if (acceptedBecause !== null) continue;
    console.log(`${finding.check} ${finding.file}:${finding.line}\n  ${finding.sample}`);
  }
  if (verdict.failures.length > 0) {
    console.error(`security scan FAILED:\n${verdict.failures.map((failure) => `  - ${failure}`).join('\n')}`);
    return 1;
  }
  console.log('security scan passed: no HIGH finding outside the allowlist');
  return 0;
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      console.error(error);
      process.exitCode = 1;
    },
  );
}
