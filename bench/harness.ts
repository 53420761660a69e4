// What a benchmark file exports for bench/run.ts: named cases, each a function timed in a loop.

export interface BenchmarkCase {
  readonly name: string;
  /** One operation; its result is kept so the engine cannot optimise the work away. */
  readonly fn: () => unknown;
}

export interface BenchmarkSuite {
  readonly title: string;
  readonly cases: readonly BenchmarkCase[];
}
