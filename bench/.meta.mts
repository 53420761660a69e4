import { build } from 'esbuild';
import { CREDENTIAL_PROVIDERS_LAMBDA_NEVER_LOADS } from '/work/main/infra/constructs/clinic-function.ts';
import { PHONE_METADATA_IMPORT, phoneMetadataModule } from '/work/main/infra/support/phone-metadata.ts';
import { loadClinicConfigFile } from '/work/main/shared/config/load.ts';

const entry = process.argv[2];
const config = loadClinicConfigFile('/work/main/config/prod.json');
const r = await build({
  entryPoints: [entry],
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node24',
  mainFields: ['module', 'main'],
  minify: true,
  write: false,
  metafile: true,
  outfile: '/tmp/out.mjs',
  external: [...CREDENTIAL_PROVIDERS_LAMBDA_NEVER_LOADS],
  define: { __CLINIC_CONFIG__: JSON.stringify(config) },
  alias: {
    [PHONE_METADATA_IMPORT]: phoneMetadataModule(config.clinic),
    '#openapi-document': '/work/main/infra/support/openapi-document.ts',
  },
  logLevel: 'error',
});
const out = Object.values(r.metafile.outputs)[0];
const by = new Map<string, number>();
for (const [file, info] of Object.entries(out.inputs)) {
  const m =
    process.env.DEEP && file.includes(process.env.DEEP)
      ? [0, file.split('node_modules/').pop()]
      : file.match(/node_modules\/((?:@[^/]+\/)?[^/]+)/);
  const key = m ? m[1] : file.split('/').slice(0, 3).join('/');
  by.set(key, (by.get(key) ?? 0) + info.bytesInOutput);
}
const total = out.bytes;
console.log(entry, Math.round(total / 1024), 'KB');
for (const [k, v] of [...by].sort((a, b) => b[1] - a[1]).slice(0, Number(process.env.TOP ?? 30)))
  console.log(String(Math.round(v / 1024)).padStart(5), k);
if (process.env.FILES)
  for (const f of Object.keys(out.inputs).filter((f) => !f.includes('node_modules'))) console.log('  in:', f);
