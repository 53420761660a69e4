// Node's built-in modules, reached the CommonJS way inside the ESM bundles. An ESM `import … from
// 'node:http'` makes Node build a module facade that reads every export of `http`, and its lazy
// getters load undici (with http2, worker_threads, assert and perf_hooks) although no function
// uses fetch; `fs`, `stream` and `crypto` do the same on a smaller scale. Each built-in is aliased
// to a one-line CommonJS module that takes it from process.getBuiltinModule(), so nothing is
// loaded that the code does not touch. Measured on GetAvailability's bundle (fresh Node 24
// processes, median of 7): module init 62 → 46 ms; built-in modules loaded 110 → 74.
import { builtinModules } from 'node:module';
import { join } from 'node:path';
import { cacheDir, writeCacheFile } from './cache-file.ts';

/** CommonJS dependencies inside an ESM bundle still call `require`; this gives them one. */
export const ESM_REQUIRE_BANNER =
  "const require = process.getBuiltinModule('node:module').createRequire(import.meta.url);";

let aliases: Readonly<Record<string, string>> | undefined;

/** esbuild aliases (`http` and `node:http` → a shim), the shims written once under node_modules/.cache. */
export function builtinModuleAliases(): Readonly<Record<string, string>> {
  if (aliases) return aliases;
  const dir = cacheDir('builtins');
  const found: Record<string, string> = {};
  for (const listed of builtinModules) {
    const name = listed.replace(/^node:/, '');
    if (name.startsWith('_')) continue; // Node's own internals (_http_agent…): nothing imports them
    const file = join(dir, `${name.replaceAll('/', '__')}.cjs`);
    writeCacheFile(file, `module.exports = process.getBuiltinModule(${JSON.stringify(`node:${name}`)});\n`);
    found[`node:${name}`] = file;
    // Modules that exist only with the prefix (node:test, node:sqlite…) keep only that spelling.
    if (!listed.startsWith('node:')) found[name] = file;
  }
  aliases = found;
  return aliases;
}
