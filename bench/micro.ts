// `npm run bench:micro [filter]`: runs every bench/*.bench.ts (or those whose name contains a filter)
// and prints operations per second with mean and tail latency for each case. Speed is measured
// here, on purpose, and not asserted in unit tests, whose timings the shared machine would make flaky.
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { BenchmarkCase, BenchmarkSuite } from './harness.ts';

const WARM_UP_MS = 300;
const MEASURE_MS = 1_500;

let sink: unknown;

function measure(benchmark: BenchmarkCase): {
  ops: number;
  meanMs: number;
  p50Ms: number;
  p99Ms: number;
  runs: number;
} {
  const warmUpEnd = performance.now() + WARM_UP_MS;
  while (performance.now() < warmUpEnd) sink = benchmark.fn();
  const samples: number[] = [];
  const start = performance.now();
  let now = start;
  while (now - start < MEASURE_MS) {
    const before = now;
    sink = benchmark.fn();
    now = performance.now();
    samples.push(now - before);
  }
  const total = now - start;
  samples.sort((a, b) => a - b);
  const at = (q: number) => samples[Math.min(samples.length - 1, Math.floor(q * samples.length))] as number;
  return {
    ops: (samples.length / total) * 1000,
    meanMs: total / samples.length,
    p50Ms: at(0.5),
    p99Ms: at(0.99),
    runs: samples.length,
  };
}

function printTable(rows: readonly Record<string, string | number>[]): void {
  const [first] = rows;
  if (!first) return;
  const columns = Object.keys(first);
  const width = (column: string) => Math.max(column.length, ...rows.map((row) => String(row[column]).length));
  const line = (cells: (column: string) => string) =>
    columns
      .map((column, i) =>
        i === 0 ? cells(column).padEnd(width(column)) : cells(column).padStart(width(column)),
      )
      .join('  ');
  console.info(line((column) => column));
  for (const row of rows) console.info(line((column) => String(row[column])));
}

const here = dirname(fileURLToPath(import.meta.url));
const filters = process.argv.slice(2);
const files = readdirSync(here)
  .filter((name) => name.endsWith('.bench.ts'))
  .filter((name) => filters.length === 0 || filters.some((f) => name.includes(f)))
  .sort();
if (files.length === 0) {
  console.error(`No bench/*.bench.ts matches ${filters.join(', ') || '(none found)'}`);
  process.exit(1);
}

for (const file of files) {
  const module = (await import(pathToFileURL(join(here, file)).href)) as { suite?: BenchmarkSuite };
  if (!module.suite) throw new Error(`${file} exports no \`suite\``);
  console.info(`\n${file} — ${module.suite.title}`);
  const rows = module.suite.cases.map((benchmark) => {
    const result = measure(benchmark);
    return {
      case: benchmark.name,
      'ops/s': Math.round(result.ops).toLocaleString('en-US'),
      'mean ms': result.meanMs.toFixed(3),
      'p50 ms': result.p50Ms.toFixed(3),
      'p99 ms': result.p99Ms.toFixed(3),
      runs: result.runs,
    };
  });
  printTable(rows);
}
// Read once, so the results the cases returned count as used.
if (sink === Symbol.for('never')) console.info('');
