import { mkdirSync, writeFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { build } from 'esbuild';
import { CREDENTIAL_PROVIDERS_LAMBDA_NEVER_LOADS } from '/work/main/infra/constructs/clinic-function.ts';
import { PHONE_METADATA_IMPORT, phoneMetadataModule } from '/work/main/infra/support/phone-metadata.ts';
import { loadClinicConfigFile } from '/work/main/shared/config/load.ts';

const [entry, outfile, mode] = process.argv.slice(2);
const config = loadClinicConfigFile('/work/main/config/prod.json');
const alias: Record<string, string> = {
  [PHONE_METADATA_IMPORT]: phoneMetadataModule(config.clinic),
  '#openapi-document': '/work/main/infra/support/openapi-document.ts',
};
if (mode?.startsWith('shim')) {
  mkdirSync('/tmp/shims', { recursive: true });
  for (const name of builtinModules) {
    if (name.startsWith('_')) continue;
    const file = `/tmp/shims/${name.replaceAll('/', '__')}.cjs`;
    writeFileSync(file, `module.exports = process.getBuiltinModule(${JSON.stringify(`node:${name}`)});\n`);
    alias[name] = file;
    alias[`node:${name}`] = file;
  }
}
const r = await build({
  entryPoints: [entry],
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node24',
  mainFields: ['module', 'main'],
  minify: true,
  outfile,
  external: [...CREDENTIAL_PROVIDERS_LAMBDA_NEVER_LOADS],
  banner: {
    js:
      mode === 'shim'
        ? "const require = process.getBuiltinModule('node:module').createRequire(import.meta.url);"
        : "import { createRequire as __clinicCreateRequire } from 'node:module'; const require = __clinicCreateRequire(import.meta.url);",
  },
  define: { __CLINIC_CONFIG__: JSON.stringify(config) },
  alias,
  logLevel: 'error',
});
