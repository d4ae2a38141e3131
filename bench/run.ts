/**
 * `npm run bench`: every benchmark, printing its figures and writing them to bench/results/*.json.
 * Timing goals live here, never in tests. `npm run bench -- softphone` runs one.
 */
import { benchSoftphone } from './softphone';
import type { Summary } from './stats';

const benchmarks: Record<string, { target: string; run: () => Promise<Record<string, Summary>> }> = {
  softphone: {
    target: 'call setup p95 ≤ 1000 ms; re-registration after a PBX restart ≤ 5000 ms',
    run: () => benchSoftphone({ calls: 20, restarts: 5 }),
  },
};

const wanted = process.argv.slice(2);
const unknown = wanted.filter((name) => !(name in benchmarks));
if (unknown.length > 0) {
  console.error(`unknown benchmark(s): ${unknown.join(', ')}; known: ${Object.keys(benchmarks).join(', ')}`);
  process.exit(2);
}
for (const [name, bench] of Object.entries(benchmarks)) {
  if (wanted.length > 0 && !wanted.includes(name)) continue;
  console.log(`▶ ${name} (target: ${bench.target})`);
  const figures = await bench.run();
  for (const [metric, s] of Object.entries(figures)) {
    console.log(`  ${metric.padEnd(26)} n=${s.n}  p50=${s.p50} ms  p95=${s.p95} ms  min=${s.min}  max=${s.max}`);
  }
}
