// Bundle sizes only (no timing): `tsx bench/sizes.ts` synthesizes the prod app and lists every
// function's bundle in KB — the quick check after a change to what a route imports.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import './quiet.ts';
import { synthBundles } from './bundles.ts';

const outdir = mkdtempSync(join(tmpdir(), 'bench-sizes-'));
for (const bundle of synthBundles(outdir)) {
  console.log(`${bundle.name.padEnd(28)} ${bundle.kind.padEnd(10)} ${String(Math.round(bundle.bytes / 1024)).padStart(5)} KB`);
}
console.log(`bundles in ${outdir}`);
