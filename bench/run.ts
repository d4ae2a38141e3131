/**
 * `npm run bench`: every benchmark, printing its figures and writing them to bench/results/*.json.
 * Timing goals live here, never in tests. `npm run bench -- softphone` runs one.
 */
import { benchCallLog } from './call-log';
import { benchCallLogIngest } from './call-log-ingest';
import { benchHubBoard } from './hub-board';
import { benchRecordingCpu } from './recording-cpu';
import { benchRecordingReplay } from './recording-replay';
import { benchScreenPop } from './screen-pop';
import { benchSoftphone } from './softphone';
import type { Summary, Throughput } from './stats';

const benchmarks: Record<string, { target: string; run: () => Promise<Record<string, Summary | Throughput>> }> = {
  softphone: {
    target: 'call setup p95 ≤ 1000 ms; re-registration after a PBX restart ≤ 5000 ms',
    run: () => benchSoftphone({ calls: 20, restarts: 5 }),
  },
  'call-log': {
    target: 'call-log update in IndexedDB p95 ≤ 5 ms; 10 000 pending records uploaded after reconnect ≤ 5 s',
    run: () => benchCallLog({ calls: 200, backlog: 10_000 }),
  },
  'call-log-ingest': {
    target: '≥ 20 000 records/s on PGlite and on PostgreSQL',
    run: () => benchCallLogIngest({ records: 20_000, batchSize: 500 }),
  },
  'hub-board': {
    target: 'agent state → supervisor board push p95 ≤ 1000 ms with 500 agents, on PGlite and on PostgreSQL with one and two hubs',
    run: () => benchHubBoard({ agents: 500, statesPerSecond: 50, warmUpMs: 3_000, measureMs: 20_000 }),
  },
  'screen-pop': {
    target: 'INVITE received → caller card painted p95 ≤ 50 ms from the local cache (1 M customers), ≤ 150 ms from the hub',
    run: () => benchScreenPop({ sizes: [100_000, 1_000_000], calls: 30, hubCalls: 20 }),
  },
  'recording-replay': {
    target: 'replay start of a 60-minute recording from the hub (ticket asked → first audio playable) p95 ≤ 200 ms; seek to the middle reported beside it',
    run: () => benchRecordingReplay({ minutes: 60, runs: 30, warmUp: 2 }),
  },
  'recording-cpu': {
    target: "recording's CPU overhead on the console during a call (share of one core, with vs without), reported",
    run: () => benchRecordingCpu({ rounds: 2, measureMs: 30_000, settleMs: 3_000 }),
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
  for (const [metric, f] of Object.entries(figures)) {
    const figure = 'perSecond' in f ? `${f.perSecond} ${f.unit}/s  (${f.n} in ${f.ms} ms)` : `p50=${f.p50} ms  p95=${f.p95} ms  min=${f.min}  max=${f.max}`;
    console.log(`  ${metric.padEnd(26)} n=${f.n}  ${figure}`);
  }
}
