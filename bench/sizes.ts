// Bundle sizes, and optionally module init, without the rest of `npm run bench`: the quick check
// after a change to what a route imports. `tsx bench/sizes.ts` lists every prod bundle in KB;
// `BENCH_INIT=Health,GetAvailability tsx bench/sizes.ts` also times those bundles' module init
// against the naive handler's (BENCH_RUNS fresh processes each, alternating, as bench/run.ts does).
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import './quiet.ts';
import { buildNaive, functionEnv, measureInit, NODE, pinnedNodeVersion, synthBundles } from './bundles.ts';

const outdir = mkdtempSync(join(tmpdir(), 'bench-sizes-'));
const bundles = synthBundles(join(outdir, 'cdk.out'));
const timed = new Set((process.env.BENCH_INIT ?? '').split(',').filter(Boolean));
const chosen = bundles.filter((bundle) => timed.has(bundle.name));
let init: Awaited<ReturnType<typeof measureInit>> | undefined;
if (chosen.length > 0) {
  pinnedNodeVersion();
  const env = functionEnv('bench');
  init = await measureInit(NODE, chosen, await buildNaive(outdir), env, Number(process.env.BENCH_RUNS ?? 9));
  console.info(`naive handler init ${init.naiveMs.toFixed(1)} ms`);
}
for (const bundle of bundles) {
  const ms = init?.perBundle.get(bundle.name);
  const timing =
    ms === undefined || !init ? '' : `  init ${ms.toFixed(1)} ms  ${(ms / init.naiveMs).toFixed(2)} × naive`;
  console.info(
    `${bundle.name.padEnd(24)} ${bundle.kind.padEnd(10)} ${String(Math.round(bundle.bytes / 1024)).padStart(4)} KB${timing}`,
  );
}
