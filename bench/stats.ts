import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface Summary {
  n: number;
  p50: number;
  p95: number;
  min: number;
  max: number;
}

/** Nearest-rank percentiles: with 20 samples, p95 is the 19th smallest. */
export function summarize(samples: readonly number[]): Summary {
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = (p: number) => sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
  return { n: sorted.length, p50: rank(50), p95: rank(95), min: sorted[0] ?? NaN, max: sorted.at(-1) ?? NaN };
}

/** Work done in one stretch of time, for benchmarks whose goal is a rate rather than a latency. */
export interface Throughput {
  n: number;
  /** What `n` counts, e.g. `records`. */
  unit: string;
  ms: number;
  perSecond: number;
}

export function throughput(n: number, unit: string, ms: number): Throughput {
  return { n, unit, ms: Math.round(ms), perSecond: Math.round((n / ms) * 1000) };
}

const resultsDir = join(import.meta.dirname, 'results');

/** Every benchmark also leaves its figures as JSON under bench/results/, stamped with the machine. */
export function writeResult(name: string, figures: Record<string, unknown>): string {
  mkdirSync(resultsDir, { recursive: true });
  const file = join(resultsDir, `${name}.json`);
  writeFileSync(file, `${JSON.stringify({ benchmark: name, at: new Date().toISOString(), node: process.version, ...figures }, null, 2)}\n`);
  return file;
}
